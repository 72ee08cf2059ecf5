/**
 * Shared helpers of the benchmarks: synthetic OS2 products, a simulator with N products of M issues, a sync
 * service configuration on a unique Redis prefix, key clean-up, waiting, percentiles and Jira cost points.
 *
 * Nothing here edits the simulator or the worker: it drives their public APIs (startJiraSim, SiteState,
 * parseConfig, startSyncService, createContext, SyncQueues) exactly as the tests do.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { FIXTURE_PRODUCTS } from '../demo/fixtures.js';
import type { FixtureProduct } from '../demo/fixtures.js';
import { buildGovernanceMirror, GOVERNANCE_PROPERTY } from '../src/mirror/governance-mirror.js';
import { signEventBody } from '../src/events/change-event.js';
import { startJiraSim } from '../jira-sim/index.js';
import type { JiraSim, SiteSeedOptions } from '../jira-sim/index.js';
import { parseConfig } from '../sync-worker/src/config.js';
import type { SyncConfig, SyncConfigFile } from '../sync-worker/src/config.js';
import { ROLLUP_PROPERTY } from '../sync-worker/src/portfolio-writer.js';
import { startSyncService } from '../sync-worker/src/service.js';
import type { SyncService } from '../sync-worker/src/service.js';
import type { Queue } from 'bullmq';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Event and mirror secret shared by the simulator's seed and the worker. */
export const SECRET = 'os2-bench-secret-0123456789';

export const silentLogger = () => pino({ level: process.env.BENCH_LOG ?? 'silent' });

export function uniquePrefix(): string {
  return `{os2bench-${randomBytes(5).toString('hex')}}`;
}

/** Deletes every key under the prefix (SCAN + DEL; never FLUSHALL/FLUSHDB: the Redis is shared). */
export async function cleanupPrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: false });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * `count` synthetic products cloned from the domain fixtures (valid records, real catalogues), with their own
 * project ids (20001...) and keys (B001...), so any number of products can be seeded. Ids never collide with the
 * portfolio project (10100) or the fixtures (1000x).
 */
export function syntheticProducts(count: number, firstId = 20001): FixtureProduct[] {
  const out: FixtureProduct[] = [];
  for (let i = 0; i < count; i++) {
    const base = FIXTURE_PRODUCTS[i % FIXTURE_PRODUCTS.length]!;
    const key = `B${String(i + 1).padStart(3, '0')}`;
    out.push({
      site: base.site,
      record: {
        ...base.record,
        project: { ...base.record.project, id: String(firstId + i), key },
        name: `${base.record.name} ${i + 1}`,
      },
      decisions: base.decisions,
    });
  }
  return out;
}

export interface BenchSimOptions {
  /** Site names; the first hosts the portfolio project PORT. */
  sites: string[];
  products: number;
  /** Issues per product, all of the feature-request type (no bugs or tasks), so "N issues" means N. */
  issuesPerProduct: number;
}

export interface BenchSim {
  sim: JiraSim;
  /** Products per site name. */
  products: Map<string, FixtureProduct[]>;
  /** Every product with its site name. */
  all: { site: string; product: FixtureProduct }[];
}

/** A simulator whose product projects are distributed round-robin over the sites. */
export async function startBenchSim(o: BenchSimOptions): Promise<BenchSim> {
  const products = new Map<string, FixtureProduct[]>(o.sites.map((s) => [s, []]));
  const all: { site: string; product: FixtureProduct }[] = [];
  syntheticProducts(o.products).forEach((p, i) => {
    const site = o.sites[i % o.sites.length]!;
    products.get(site)!.push(p);
    all.push({ site, product: p });
  });
  const sites: SiteSeedOptions[] = o.sites.map((name, i) => ({
    name,
    products: products.get(name)!,
    featureRequestsPerProduct: o.issuesPerProduct,
    bugsPerProduct: 0,
    tasksPerProduct: 0,
    portfolio: i === 0,
  }));
  const sim = await startJiraSim({ secret: SECRET, sites, seed: {} });
  return { sim, products, all };
}

/** A worker configuration for the simulator on a fresh Redis prefix (the tests' defaults, production debounce). */
export function benchConfig(
  sim: JiraSim,
  prefix: string,
  overrides: Partial<SyncConfigFile> = {},
): SyncConfig {
  const env: Record<string, string> = { OS2_EVENT_SECRET: SECRET, REDIS_URL };
  const file: SyncConfigFile = {
    sites: sim.sites.map((s) => {
      const envName = `TOKEN_${s.name.toUpperCase().replace(/-/g, '_')}`;
      env[envName] = s.apiToken;
      return { name: s.name, baseUrl: s.baseUrl, email: s.email, apiTokenEnv: envName };
    }),
    portfolio: { site: sim.sites[0]!.name, projectKey: 'PORT' },
    redis: { prefix },
    http: { host: '127.0.0.1', port: 0 },
    schedules: { reconcile: { every: 3_600_000 } },
    logLevel: 'silent',
    ...overrides,
  };
  return parseConfig(file, env);
}

/** Bumps a product's governance revision in the simulator (as a saved governance record would). */
export function bumpRevision(sim: JiraSim, site: string, product: FixtureProduct): number {
  const state = sim.site(site).state;
  const project = state.projects.get(product.record.project.id);
  if (!project) throw new Error(`no project ${product.record.project.id} on ${site}`);
  product.record = { ...product.record, revision: product.record.revision + 1 };
  project.properties.set(
    GOVERNANCE_PROPERTY,
    buildGovernanceMirror(product.record, product.decisions, SECRET),
  );
  state.touch();
  return product.record.revision;
}

/** `os2-rollup` of every portfolio issue by source key, read straight from the simulator's memory. */
export function portfolioRollUps(sim: JiraSim, portfolioSite: string): Map<string, Record<string, unknown>> {
  const state = sim.site(portfolioSite).state;
  const port = state.projectsByKey.get('PORT');
  const out = new Map<string, Record<string, unknown>>();
  if (!port) return out;
  for (const issue of port.issues) {
    if (issue.deleted) continue;
    const r = issue.properties?.get(ROLLUP_PROPERTY) as Record<string, unknown> | undefined;
    if (r && typeof r.sourceKey === 'string') out.set(r.sourceKey, r);
  }
  return out;
}

/** A signed change event for `POST /events`, unique per call (so replay protection never refuses it). */
let eventSeq = 0;
export function signedEvent(
  siteUrl: string,
  projectId: string,
  kind: 'governance' | 'votes' = 'governance',
): { body: string; headers: Record<string, string> } {
  eventSeq += 1;
  const body = JSON.stringify({
    kind,
    siteUrl,
    projectId,
    issueId: String(100000 + eventSeq),
    occurredAt: new Date().toISOString(),
  });
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-os2-timestamp': String(ts),
      'x-os2-signature': signEventBody(body, ts, SECRET),
    },
  };
}

/** One keep-alive agent for every event sent (node:http costs the sender less CPU than fetch per request). */
const eventAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Posts one signed change event to the service's `/events`; resolves with the HTTP status. */
export function postSignedEvent(address: string, siteUrl: string, projectId: string): Promise<number> {
  const e = signedEvent(siteUrl, projectId);
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      `${address}/events`,
      {
        method: 'POST',
        agent: eventAgent,
        headers: { ...e.headers, 'content-length': Buffer.byteLength(e.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(e.body);
  });
}

/** Closes the idle keep-alive sockets of the event sender (so nothing holds the process open). */
export function closeEventSockets(): void {
  eventAgent.destroy();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(
  fn: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > deadline) throw new Error(`timeout (${timeoutMs} ms) waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Counts the Jira calls (responses to `/rest/...`) this process makes, per route. Jira's cost points are not
 * computed here: the simulator charges them itself (`sim.site(n).points()`, `GET /__sim/points`; see
 * jira-sim/rate-limits.ts), so the benchmarks print what the quota would count.
 */
export interface CostMeter {
  /** Metering is off (a plain pass-through) unless enabled. */
  enabled: boolean;
  calls: number;
  byRoute: Map<string, { calls: number }>;
  reset(): void;
}

/** Points the simulator charged on all its sites since their last `resetPoints()`. */
export function simPoints(sim: JiraSim): number {
  return sim.sites.reduce((n, s) => n + sim.site(s.name).points().total, 0);
}

export function resetSimPoints(sim: JiraSim): void {
  for (const s of sim.sites) sim.site(s.name).resetPoints();
}

let theMeter: CostMeter | undefined;

/**
 * The process-wide meter of Jira responses (requests to `/rest/...`): wraps the global fetch, which jira.js and
 * the worker's client call. The worker's client wraps fetch once, at its first client, capturing the fetch of
 * that moment, so this must be installed before any worker client is created: bench/run.ts does it first thing.
 */
export function costMeter(): CostMeter {
  if (theMeter) return theMeter;
  const original = globalThis.fetch;
  const meter: CostMeter = {
    enabled: false,
    calls: 0,
    byRoute: new Map(),
    reset() {
      this.calls = 0;
      this.byRoute.clear();
    },
  };
  const metered: typeof fetch = async (input, init) => {
    const res = await original(input, init);
    if (!meter.enabled) return res;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url).pathname;
    if (!path.startsWith('/rest/')) return res;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    meter.calls += 1;
    const template = path
      .replace(/\/\d+(?=\/|$)/g, '/{id}')
      .replace(/\/[A-Z][A-Z0-9_]+-\d+(?=\/|$)/g, '/{key}')
      .replace(/\/properties\/[^/]+$/, '/properties/{propertyKey}');
    const route = `${method} ${template}`;
    const r = meter.byRoute.get(route) ?? { calls: 0 };
    r.calls += 1;
    meter.byRoute.set(route, r);
    return res;
  };
  globalThis.fetch = metered;
  theMeter = meter;
  return meter;
}

/** Runs `fn` with a deadline, so a hung measurement fails loudly instead of hanging CI. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export type Figures = Record<string, number>;
export interface BenchContext {
  quick: boolean;
  log: (line: string) => void;
}

/** Resolves when no queue has waiting, active, delayed or prioritized jobs, seen three times in a row. */
export async function waitQueuesIdle(queues: Queue[], timeoutMs: number): Promise<void> {
  let quiet = 0;
  await waitFor(
    async () => {
      let busy = 0;
      for (const q of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        busy += Object.values(c).reduce((a, b) => a + b, 0);
      }
      quiet = busy === 0 ? quiet + 1 : 0;
      return quiet >= 3;
    },
    'queues to drain',
    timeoutMs,
    40,
  );
}

/** The sync service in this process, on the simulator, quiet, without the reconcile schedulers. */
export async function startBenchService(
  config: SyncConfig,
  opts: { http?: boolean; workers?: boolean } = {},
): Promise<SyncService> {
  return startSyncService(config, {
    logger: silentLogger(),
    jira: { onSchemaMismatch: 'silent' },
    schedulers: false,
    http: opts.http ?? true,
    workers: opts.workers ?? true,
  });
}

/** Waits until every product's portfolio issue carries at least its current revision. */
export async function waitAllSynced(
  sim: JiraSim,
  portfolioSite: string,
  all: { site: string; product: FixtureProduct }[],
  timeoutMs: number,
): Promise<void> {
  await waitFor(
    () => {
      const r = portfolioRollUps(sim, portfolioSite);
      return all.every(
        ({ site, product }) =>
          Number(r.get(`${site}/${product.record.project.id}`)?.revision ?? -1) >= product.record.revision,
      );
    },
    'every product on the portfolio',
    timeoutMs,
    10,
  );
}
