import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { JIRA_LIKE_RATE_LIMITS, startJiraSim } from '../../jira-sim/index.js';
import { parseConfig } from '../src/config.js';
import { startSyncService } from '../src/service.js';
import { signEventBody } from '../../src/events/change-event.js';
import type { JiraSim, SiteSeedOptions, SeedOptions } from '../../jira-sim/index.js';
import type { SyncConfig, SyncConfigFile } from '../src/config.js';
import type { StartOptions, SyncService } from '../src/service.js';
import { waitFor } from '../../test/support/wait-for.js';
import { deletePrefix } from '../../test/support/redis-prefix.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SECRET = 'os2-test-secret-0123456789';

export function uniquePrefix(): string {
  return `{os2test-${randomBytes(5).toString('hex')}}`;
}

export async function startSim(sites?: SiteSeedOptions[], seed?: SeedOptions): Promise<JiraSim> {
  return startJiraSim({
    secret: SECRET,
    ...(sites ? { sites } : {}),
    seed: seed ?? { featureRequestsPerProduct: 12 },
    // The worker is tested against Jira's limits: points quota, burst per endpoint, writes per issue.
    rateLimits: JIRA_LIKE_RATE_LIMITS,
  });
}

export function testConfigFile(
  sim: JiraSim,
  overrides: Partial<SyncConfigFile> = {},
  prefix = uniquePrefix(),
): { file: SyncConfigFile; env: Record<string, string> } {
  const env: Record<string, string> = { OS2_EVENT_SECRET: SECRET, REDIS_URL };
  const file: SyncConfigFile = {
    sites: sim.sites.map((s) => {
      const envName = `TOKEN_${s.name.toUpperCase().replace(/-/g, '_')}`;
      env[envName] = s.apiToken;
      return { name: s.name, baseUrl: s.baseUrl, email: s.email, apiTokenEnv: envName };
    }),
    portfolio: { site: 'os2', projectKey: 'PORT' },
    redis: { prefix },
    http: { host: '127.0.0.1', port: 0 },
    schedules: { reconcile: { every: 3_600_000 } },
    jobs: { attempts: 3, backoffMs: 50, defaultRateLimitMs: 1000, keepFailed: 100, debounceMs: 100 },
    logLevel: 'silent',
    ...overrides,
  };
  return { file, env };
}

export function testConfig(
  sim: JiraSim,
  overrides: Partial<SyncConfigFile> = {},
  prefix = uniquePrefix(),
): SyncConfig {
  const { file, env } = testConfigFile(sim, overrides, prefix);
  return parseConfig(file, env);
}

export const silentLogger = () => pino({ level: process.env.TEST_LOG ?? 'silent' });

export async function startService(config: SyncConfig, opts: StartOptions = {}): Promise<SyncService> {
  return startSyncService(config, {
    logger: silentLogger(),
    jira: { onSchemaMismatch: 'throw' },
    schedulers: false,
    readinessCacheMs: 0,
    ...opts,
  });
}

/** Resolves when no queue of the service has waiting, active, delayed or prioritized jobs (seen twice in a row). */
export async function waitIdle(service: SyncService, timeoutMs = 20_000): Promise<void> {
  let quietRounds = 0;
  await waitFor(
    async () => {
      let busy = 0;
      for (const q of service.queues.all()) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        busy += Object.values(c).reduce((a, b) => a + b, 0);
      }
      quietRounds = busy === 0 ? quietRounds + 1 : 0;
      return quietRounds >= 3;
    },
    'queues to drain',
    timeoutMs,
    40,
  );
}

/** Sends a signed change event to the service. */
export async function postEvent(
  address: string,
  event: Record<string, unknown>,
  opts: { secret?: string; timestamp?: number; signature?: string; body?: string } = {},
): Promise<{ status: number; json: unknown; signature: string; timestamp: number; body: string }> {
  const body = opts.body ?? JSON.stringify(event);
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = opts.signature ?? signEventBody(body, timestamp, opts.secret ?? SECRET);
  const res = await fetch(`${address}/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
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
  return { status: res.status, json, signature, timestamp, body };
}

/** Deletes every key under the prefix (never FLUSHALL: the Redis is shared). */
export function cleanupPrefix(prefix: string): Promise<void> {
  return deletePrefix(REDIS_URL, prefix);
}

export { waitFor };

export function portfolioIssues(
  sim: JiraSim,
): { key: string; id: string; rollup: Record<string, unknown> | undefined; status: string }[] {
  const state = sim.site('os2').state;
  const port = state.projectsByKey.get('PORT');
  if (!port) throw new Error('no PORT');
  const out = [];
  for (const issue of state.issues.values()) {
    if (issue.projectId !== port.id || issue.deleted) continue;
    out.push({
      key: issue.key,
      id: String(issue.id),
      rollup: issue.properties?.get('os2-rollup') as Record<string, unknown> | undefined,
      status: state.statuses.get(issue.statusId)?.name ?? issue.statusId,
    });
  }
  return out;
}

/** Write calls (anything but GET and the two read-only POST searches) counted by the sim on a site. */
export function writeCalls(calls: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(calls).filter(
      ([k]) =>
        !k.startsWith('GET ') && !k.includes('/search/jql') && !k.includes('/search/approximate-count'),
    ),
  );
}
