/**
 * Shared plumbing of the reliability suite (test/reliability): the simulator, the sync service on the shared
 * Redis under a unique hash-tagged prefix, a recording proxy that sees every request that reaches a site, and the
 * oracle every fault test ends with: each product has exactly one portfolio issue, carrying the roll-up a clean
 * read of the product gives now.
 *
 * Nothing here flushes the shared Redis: every key lives under `{os2rel-<random>}` and is deleted by prefix.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { expect } from 'vitest';
import { startJiraSim } from '../../jira-sim/index.js';
import type { JiraSim, SeedOptions, SiteSeedOptions } from '../../jira-sim/index.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import type { RollUp } from '../../src/domain/rollup.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';
import {
  buildGovernanceMirror,
  GOVERNANCE_PROPERTY,
  readGovernanceMirror,
} from '../../src/mirror/governance-mirror.js';
import { createJiraClient } from '../../src/jira/client.js';
import { signEventBody } from '../../src/events/change-event.js';
import { parseConfig } from '../../sync-worker/src/config.js';
import type { SyncConfig, SyncConfigFile } from '../../sync-worker/src/config.js';
import { startSyncService } from '../../sync-worker/src/service.js';
import type { StartOptions, SyncService } from '../../sync-worker/src/service.js';
import { readProduct } from '../../sync-worker/src/product-source.js';
import { parseStoredRollUp } from '../../sync-worker/src/portfolio-writer.js';
import { readRollUp } from '../../src/mirror/rollup-mirror.js';
import { waitFor as sharedWaitFor } from '../support/wait-for.js';
import { countPrefix, deletePrefix } from '../support/redis-prefix.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SECRET = 'os2-reliability-secret-4f1c9a';

export function uniquePrefix(): string {
  return `{os2rel-${randomBytes(5).toString('hex')}}`;
}

export const PRODUCTS = FIXTURE_PRODUCTS.map((p) => ({
  site: p.site,
  projectId: p.record.project.id,
  key: p.record.project.key,
  sourceKey: `${p.site}/${p.record.project.id}`,
}));

export async function startSim(sites?: SiteSeedOptions[], seed: SeedOptions = {}): Promise<JiraSim> {
  return startJiraSim({
    secret: SECRET,
    ...(sites ? { sites } : {}),
    seed: { featureRequestsPerProduct: 12, randomSeed: 7, ...seed },
  });
}

/** Fast jobs for tests: short backoff, short debounce, a short wait for a 429 without a Retry-After. */
export const FAST_JOBS = {
  attempts: 8,
  backoffMs: 100,
  defaultRateLimitMs: 1000,
  keepFailed: 1000,
  debounceMs: 50,
};

export interface ConfigParts {
  file: SyncConfigFile;
  env: Record<string, string>;
}

/** A configuration file + environment for the service against the simulator (`baseUrls` may point at proxies). */
export function configParts(
  sim: JiraSim,
  prefix: string,
  overrides: Partial<SyncConfigFile> = {},
  baseUrls: Record<string, string> = {},
  redisUrl = REDIS_URL,
): ConfigParts {
  const env: Record<string, string> = { OS2_EVENT_SECRET: SECRET, REDIS_URL: redisUrl };
  const file: SyncConfigFile = {
    sites: sim.sites.map((s) => {
      const envName = `OS2REL_TOKEN_${s.name.toUpperCase().replace(/-/g, '_')}`;
      env[envName] = s.apiToken;
      return { name: s.name, baseUrl: baseUrls[s.name] ?? s.baseUrl, email: s.email, apiTokenEnv: envName };
    }),
    portfolio: { site: 'os2', projectKey: 'PORT' },
    redis: { prefix },
    http: { host: '127.0.0.1', port: 0 },
    schedules: { reconcile: { every: 3_600_000 } },
    jobs: FAST_JOBS,
    logLevel: 'silent',
    ...overrides,
  };
  return { file, env };
}

export function configFor(
  sim: JiraSim,
  prefix: string,
  overrides: Partial<SyncConfigFile> = {},
  baseUrls: Record<string, string> = {},
  redisUrl = REDIS_URL,
): SyncConfig {
  const { file, env } = configParts(sim, prefix, overrides, baseUrls, redisUrl);
  return parseConfig(file, env);
}

export const logger = () => pino({ level: process.env.TEST_LOG ?? 'silent' });

export async function startService(config: SyncConfig, opts: StartOptions = {}): Promise<SyncService> {
  return startSyncService(config, {
    logger: logger(),
    jira: { onSchemaMismatch: 'throw' },
    schedulers: false,
    ...opts,
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The shared wait, with a longer default: these suites wait through storms and restarts. */
export function waitFor<T>(
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  return sharedWaitFor(fn, what, timeoutMs, everyMs);
}

export async function pendingJobs(service: SyncService): Promise<number> {
  let busy = 0;
  for (const q of service.queues.all()) {
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    busy += Object.values(c).reduce((a, b) => a + b, 0);
  }
  return busy;
}

/** Resolves when no queue of the service has work left, seen three times in a row. */
export async function waitIdle(service: SyncService, timeoutMs = 30_000): Promise<void> {
  let quiet = 0;
  await waitFor(
    async () => {
      quiet = (await pendingJobs(service)) === 0 ? quiet + 1 : 0;
      return quiet >= 3;
    },
    'the queues to drain',
    timeoutMs,
    60,
  );
}

export async function failedJobs(service: SyncService): Promise<number> {
  let n = 0;
  for (const q of service.queues.all()) n += await q.getFailedCount();
  return n;
}

/** Deletes every key under the prefix (never FLUSHALL/FLUSHDB: the Redis is shared). */
export async function cleanupPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  try {
    await deletePrefix(url, prefix);
  } catch {
    // a private Redis that is already gone
  }
}

export function countKeys(prefix: string, url = REDIS_URL): Promise<number> {
  return countPrefix(url, prefix);
}

export interface PortfolioIssue {
  key: string;
  id: string;
  sourceKey?: string;
  stored?: RollUp & { hash: string; signature: string };
  status: string;
  labels: string[];
}

/** The live portfolio issues on the simulator's os2 site (read from its state, not through the worker). */
export function portfolioIssues(sim: JiraSim): PortfolioIssue[] {
  const state = sim.site('os2').state;
  const port = state.projectsByKey.get('PORT');
  if (!port) throw new Error('no PORT project');
  const out: PortfolioIssue[] = [];
  for (const issue of state.issues.values()) {
    if (issue.projectId !== port.id || issue.deleted) continue;
    const raw = issue.properties?.get('os2-rollup') as { sourceKey?: string } | undefined;
    const stored = parseStoredRollUp(raw);
    out.push({
      key: issue.key,
      id: String(issue.id),
      ...(raw?.sourceKey ? { sourceKey: raw.sourceKey } : {}),
      ...(stored ? { stored } : {}),
      status: state.statuses.get(issue.statusId)?.name ?? issue.statusId,
      labels: [...(issue.labels ?? [])],
    });
  }
  return out;
}

/** The roll-up a clean read of each product gives now (plain client, no gate, no faults expected). */
export async function expectedRollUps(
  sim: JiraSim,
  products = PRODUCTS,
): Promise<Map<string, { rollUp: RollUp; hash: string }>> {
  const out = new Map<string, { rollUp: RollUp; hash: string }>();
  for (const p of products) {
    const s = sim.sites.find((x) => x.name === p.site)!;
    const jira = createJiraClient({ site: p.site, baseUrl: s.baseUrl, email: s.email, apiToken: s.apiToken });
    const r = await readProduct(jira, p.site, p.projectId, SECRET);
    if (r.kind !== 'rolled-up') throw new Error(`${p.sourceKey} is not governed`);
    out.set(p.sourceKey, { rollUp: r.rollUp, hash: r.hash });
  }
  return out;
}

const STATUS_OF_STATE: Record<string, string> = {
  idea: 'Idé',
  concept: 'Koncept',
  board_review: 'Bestyrelsesbehandling',
  approved: 'Godkendt',
  product: 'Produkt',
  retired: 'Udfaset',
  rejected: 'Afvist',
};

/**
 * The oracle of every fault test: exactly one portfolio issue per product (and nothing else in PORT), each with
 * the roll-up and hash a clean read gives, and the status of its approval state.
 */
export async function expectPortfolioCorrect(sim: JiraSim, products = PRODUCTS): Promise<void> {
  const expected = await expectedRollUps(sim, products);
  const issues = portfolioIssues(sim);
  for (const p of products) {
    const mine = issues.filter((i) => i.sourceKey === p.sourceKey);
    expect(mine, `portfolio issues of ${p.sourceKey}`).toHaveLength(1);
    const want = expected.get(p.sourceKey)!;
    const { hash, signature: _signature, ...stored } = mine[0]!.stored!;
    expect(stored, `roll-up of ${p.sourceKey}`).toEqual(want.rollUp);
    expect(hash).toBe(want.hash);
    expect(
      readRollUp(mine[0]!.stored, { portfolioProject: 'PORT' }, [SECRET]).ok,
      `signature of ${p.sourceKey}`,
    ).toBe(true);
    if (want.rollUp.state) expect(mine[0]!.status).toBe(STATUS_OF_STATE[want.rollUp.state]);
  }
  expect(issues.length, 'portfolio issues in all').toBe(products.length);
}

/** Sends a signed change event; `opts` forge every part of it. */
export async function postEvent(
  address: string,
  event: Record<string, unknown>,
  opts: { secret?: string; timestamp?: number; signature?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; json: unknown; body: string; signature: string; timestamp: number }> {
  const body = opts.body ?? JSON.stringify(event);
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = opts.signature ?? signEventBody(body, timestamp, opts.secret ?? SECRET);
  const res = await fetch(`${address}/events`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      'x-os2-timestamp': String(timestamp),
      'x-os2-signature': signature,
    },
    body,
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json, body, signature, timestamp };
}

export function changeEvent(siteUrl: string, projectId: string, extra: Record<string, unknown> = {}) {
  return { kind: 'governance', siteUrl, projectId, occurredAt: new Date().toISOString(), ...extra };
}

/** One request as it reached a site through the {@link RecordingProxy}. */
export interface Arrival {
  at: number;
  method: string;
  path: string;
  status?: number;
  answeredAt?: number;
  /** Retry-After of a 429, in ms. */
  retryAfterMs?: number;
}

/**
 * An HTTP proxy in front of one simulated site that records when each request arrives and what the site
 * answered: the independent witness for "no call reached the site before its Retry-After".
 */
export class RecordingProxy {
  readonly arrivals: Arrival[] = [];
  private server: Server;
  url = '';
  constructor(private readonly target: string) {
    this.server = createServer((req, res) => this.forward(req, res));
  }
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  private forward(req: IncomingMessage, res: ServerResponse): void {
    const arrival: Arrival = { at: Date.now(), method: req.method ?? 'GET', path: req.url ?? '/' };
    this.arrivals.push(arrival);
    const target = new URL(req.url ?? '/', this.target);
    const up = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (upRes) => {
        arrival.status = upRes.statusCode;
        arrival.answeredAt = Date.now();
        const ra = upRes.headers['retry-after'];
        if (upRes.statusCode === 429 && typeof ra === 'string') arrival.retryAfterMs = Number(ra) * 1000;
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  }
  /**
   * Every request that arrived after a 429 had been answered and before that 429's Retry-After ran out.
   * `slackMs` allows for the proxy's own clock reading on both sides.
   */
  violations(slackMs = 5): { limited: Arrival; early: Arrival }[] {
    const out: { limited: Arrival; early: Arrival }[] = [];
    const limited = this.arrivals.filter((a) => a.status === 429 && a.answeredAt && a.retryAfterMs);
    for (const l of limited) {
      const until = l.answeredAt! + l.retryAfterMs!;
      for (const a of this.arrivals) {
        if (a.at > l.answeredAt! + slackMs && a.at < until - slackMs) out.push({ limited: l, early: a });
      }
    }
    return out;
  }
  async close(): Promise<void> {
    await new Promise<void>((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}

/** Runs registered cleanups in reverse order; safe to call twice. */
export class Cleanup {
  private fns: (() => Promise<unknown> | unknown)[] = [];
  add(fn: () => Promise<unknown> | unknown): void {
    this.fns.push(fn);
  }
  async run(): Promise<void> {
    for (const fn of this.fns.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        console.warn('[reliability] cleanup failed:', err);
      }
    }
  }
}

/**
 * Changes a product's governance in Jira as the app would after a save: a new revision, signed with the shared
 * secret, written to the project's `os2-governance` property. Returns the new revision.
 */
export function bumpGovernance(
  sim: JiraSim,
  projectId: string,
  change: (record: GovernanceRecord) => Partial<GovernanceRecord> = (r) => ({ name: `${r.name} ·` }),
): number {
  const product = FIXTURE_PRODUCTS.find((p) => p.record.project.id === projectId)!;
  const project = sim.site(product.site).state.projects.get(projectId)!;
  const current = readGovernanceMirror(project.properties.get(GOVERNANCE_PROPERTY), SECRET);
  const base =
    current.integrity === 'verified'
      ? current.payload
      : { record: product.record, decisions: product.decisions };
  const record = { ...base.record, ...change(base.record), revision: base.record.revision + 1 };
  project.properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(record, base.decisions, SECRET));
  sim.site(product.site).state.touch();
  return record.revision;
}

/** One request as the worker's process sent it (see {@link recordFetches}). */
export interface Sent {
  at: number;
  url: string;
  status?: number;
  receivedAt?: number;
  retryAfterMs?: number;
}

/**
 * Wraps the global fetch (jira.js's transport) to record when each request left this process and when its
 * answer came back. Must be installed before the first Jira client is created (src/jira/client.ts wraps fetch
 * once, on top of whatever fetch is then installed). Returns the log.
 */
export function recordFetches(): Sent[] {
  const log: Sent[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const sent: Sent = { at: Date.now(), url };
    log.push(sent);
    const res = await original(input, init);
    sent.status = res.status;
    sent.receivedAt = Date.now();
    const ra = res.headers.get('retry-after');
    if (res.status === 429 && ra) sent.retryAfterMs = Number(ra) * 1000;
    return res;
  }) as typeof fetch;
  return log;
}

/**
 * Requests the worker sent to `origin` after it had received a 429 from that origin and before the 429's
 * Retry-After (counted from the site's answer, as the proxy saw it) had run out. Requests already under way
 * when the 429 came back are not counted: they left before anyone could know.
 */
export function sentInsideRetryAfter(
  sends: Sent[],
  proxy: RecordingProxy,
  slackMs = 5,
): { limited: Sent; until: number; early: Sent }[] {
  const mine = sends.filter((s) => s.url.startsWith(proxy.url));
  const out: { limited: Sent; until: number; early: Sent }[] = [];
  for (const l of mine.filter((s) => s.status === 429 && s.retryAfterMs !== undefined)) {
    // The site's own answer time for this 429 (the proxy's clock), else the receipt time.
    const path = l.url.slice(proxy.url.length);
    const answered = proxy.arrivals
      .filter(
        (a) =>
          a.path === path && a.status === 429 && a.answeredAt !== undefined && a.answeredAt <= l.receivedAt!,
      )
      .map((a) => a.answeredAt!)
      .sort((a, b) => b - a)[0];
    const until = (answered ?? l.receivedAt!) + l.retryAfterMs!;
    for (const s of mine)
      if (s.at > l.receivedAt! && s.at < until - slackMs) out.push({ limited: l, until, early: s });
  }
  return out;
}

export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A redis-server of a test's own (no persistence, temporary directory), to kill, restart and flush. */
export class PrivateRedis {
  private proc?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'os2rel-redis-'));
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
      ],
      { stdio: 'ignore' },
    );
    const probe = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await waitFor(
        async () => {
          try {
            if (probe.status !== 'ready') await probe.connect();
            return (await probe.ping()) === 'PONG';
          } catch {
            probe.disconnect();
            return false;
          }
        },
        `redis-server on ${this.port}`,
        10_000,
        100,
      );
    } finally {
      probe.disconnect();
    }
  }
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    p.kill('SIGKILL');
    await new Promise((r) => p.once('exit', r));
  }
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
