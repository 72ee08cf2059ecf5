import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { parseConfig } from '../../sync-worker/src/config.js';
import type { SyncConfig } from '../../sync-worker/src/config.js';

export interface DemoSite {
  name: string;
  baseUrl: string;
  email: string;
  apiToken: string;
}

/** True when `port` can be bound on 127.0.0.1 right now. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/**
 * The sync service's configuration for the local demo: the simulator's sites (os2 also holds the portfolio
 * project PORT), the Redis that was found, a key prefix of its own (so the demo never touches other data in a
 * shared Redis), 127.0.0.1 only, and short retry delays. Built through the service's own `parseConfig`, so the
 * demo runs exactly the configuration path of production.
 */
export async function demoConfig(opts: {
  sites: readonly DemoSite[];
  redisUrl: string;
  secret: string;
  env?: Record<string, string | undefined>;
}): Promise<SyncConfig> {
  const env = opts.env ?? process.env;
  const tokens: Record<string, string> = {};
  const sites = opts.sites.map((s) => {
    const apiTokenEnv = `OS2_DEMO_TOKEN_${s.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    tokens[apiTokenEnv] = s.apiToken;
    return { name: s.name, baseUrl: s.baseUrl, email: s.email, apiTokenEnv };
  });
  // The page at a stable, memorable address when it is free; any free port otherwise.
  const requested = env.OS2_SYNC_PORT ?? env.PORT;
  const port = requested !== undefined ? Number(requested) : (await portIsFree(8080)) ? 8080 : 0;
  const prefix = env.OS2_SYNC_PREFIX ?? `{os2-demo-${randomBytes(4).toString('hex')}}`;
  const file = {
    sites,
    portfolio: { site: 'os2', projectKey: 'PORT' },
    redis: { url: opts.redisUrl, prefix },
    http: { host: '127.0.0.1', port },
    schedules: { reconcile: { every: 10 * 60_000 } },
    concurrency: { perSite: 4, portfolio: 2 },
    jobs: { attempts: 5, backoffMs: 200, defaultRateLimitMs: 5_000, keepFailed: 1000 },
    logLevel: 'info',
  };
  return parseConfig(file, {
    ...tokens,
    OS2_EVENT_SECRET: opts.secret,
    REDIS_URL: opts.redisUrl,
    OS2_SYNC_PREFIX: prefix,
    OS2_SYNC_HOST: '127.0.0.1',
    OS2_SYNC_PORT: String(port),
  });
}
