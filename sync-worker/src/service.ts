import { createRedis as connectRedis } from './redis.js';
import type { RedisClient } from './redis.js';
import { getCurrentUser } from '../../src/jira/myself.js';
import { describeJiraError, isJiraRateLimitedError } from '../../src/jira/client.js';
import { createLogger } from './logger.js';
import { Keys } from './keys.js';
import { SyncMetrics } from './metrics.js';
import { RedisRateGate } from './rate-gate.js';
import { SyncQueues } from './queues.js';
import { startWorkers } from './jobs.js';
import { buildServer } from './server.js';
import {
  createSiteClients,
  isPortfolioProject,
  portfolioTarget,
  resolvePortfolioProjectId,
} from './context.js';
import { listRollUps as listPortfolio } from './portfolio-writer.js';
import { PortfolioIndex } from './portfolio-index.js';
import { sourceSites } from './config.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Job } from 'bullmq';
import type { RollUp } from '../../src/domain/rollup.js';
import type { SyncConfig } from './config.js';
import type { JiraOptions, ServiceContext } from './context.js';
import type { ExtraPlugin, HttpLimits } from './server.js';
import type { WorkerSet } from './jobs.js';

export { loadConfig, parseConfig, configFromObject, ConfigError, redactConfig } from './config.js';
export type { SyncConfig, SyncConfigFile, InlineSecrets } from './config.js';
export type { ExtraPlugin, ServerPluginContext } from './server.js';

export interface StartOptions {
  logger?: Logger;
  /** Extra fastify plugins (e.g. the portfolio page); they receive `listRollUps` and the public config. */
  plugins?: ExtraPlugin[];
  /** Run the HTTP server (default true). */
  http?: boolean;
  /** Run the workers (default true); false gives a producer-only instance (HTTP + queues). */
  workers?: boolean;
  /** Upsert the reconcile job schedulers (default true). */
  schedulers?: boolean;
  jira?: JiraOptions;
  /** How often the reconcile schedulers are re-upserted, in ms (default 5 minutes). */
  schedulerRefreshMs?: number;
  /** How long /readyz reuses a site check, in ms (default 15 000; 0 in tests). */
  readinessCacheMs?: number;
  /** Collect Node's default process metrics too (default false). */
  processMetrics?: boolean;
  /** HTTP limits (defaults: {@link HTTP_LIMITS}); tests shorten them. */
  httpLimits?: Partial<HttpLimits>;
}

export interface SyncService {
  /** `http://host:port` of the HTTP server, when it runs. */
  address?: string;
  server?: FastifyInstance;
  queues: SyncQueues;
  context: ServiceContext;
  metrics: SyncMetrics;
  redis: RedisClient;
  enqueueSync(site: string, projectId: string): Promise<Job>;
  /** Enqueues a reconcile of one site, or of every source site. */
  reconcile(site?: string): Promise<Job[]>;
  listRollUps(): Promise<RollUp[]>;
  /** Graceful: stop HTTP, stop taking jobs and let running ones finish, close the queues and Redis. */
  close(): Promise<void>;
}

/** How often the reconcile schedulers are upserted again (they vanish if Redis loses its data). */
const SCHEDULER_REFRESH_MS = 5 * 60_000;

/** Site checks of /readyz are cached this long, so probes do not spend the sites' rate limits. */
const READINESS_CACHE_MS = 15_000;

function cached<T>(ms: number, fn: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at >= ms) last = { at: Date.now(), value: fn() };
    return last.value;
  };
}

/** Connects to the configured Redis (single server or cluster). */
export function createRedis(config: SyncConfig): RedisClient {
  return connectRedis(config.redis.url, config.redis.cluster);
}

/** Builds the context shared by the service, the CLI and the tests. */
export function createContext(
  config: SyncConfig,
  redis: RedisClient,
  logger: Logger,
  metrics: SyncMetrics | undefined,
  jira: JiraOptions = {},
): ServiceContext {
  const keys = new Keys(config.redis.prefix);
  const gate = new RedisRateGate(redis, keys, (site, until, reason) =>
    logger.warn(
      { site, until: new Date(until).toISOString(), reason },
      'Jira 429: intet sendes til sitet før fristen',
    ),
  );
  const clients = createSiteClients(config, gate, metrics, jira);
  return {
    config,
    logger,
    redis,
    keys,
    ...(metrics ? { metrics } : {}),
    jira: clients,
    portfolio: portfolioTarget(config, clients),
  };
}

export async function startSyncService(config: SyncConfig, opts: StartOptions = {}): Promise<SyncService> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const redis = createRedis(config);
  redis.on('error', (err) => logger.error({ err: err.message }, 'Redis-fejl'));
  await redis.ping();
  const q = new SyncQueues(config, redis);
  const metrics = new SyncMetrics(() => q.depth(), opts.processMetrics ?? false);
  const ctx = createContext(config, redis, logger, metrics, opts.jira);

  await resolvePortfolioProjectId(ctx);
  // The reconcile schedulers live in Redis: upsert them now, again whenever the connection comes back (Redis
  // may have restarted empty) and every few minutes (a FLUSHALL without a reconnect). Upserts are idempotent.
  let schedulerTimer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  if (opts.schedulers ?? true) {
    await q.upsertSchedulers();
    const refresh = () => {
      q.upsertSchedulers().catch((err: unknown) =>
        logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'Kunne ikke genoprette planlægningen',
        ),
      );
    };
    onReady = refresh;
    redis.on('ready', onReady);
    schedulerTimer = setInterval(refresh, opts.schedulerRefreshMs ?? SCHEDULER_REFRESH_MS);
    schedulerTimer.unref();
  }

  let workers: WorkerSet | undefined;
  if (opts.workers ?? true) workers = startWorkers(ctx, q, redis);

  const listRollUps = () => listPortfolio(ctx.portfolio, new PortfolioIndex(ctx.redis, ctx.keys));

  let server: FastifyInstance | undefined;
  let address: string | undefined;
  if (opts.http ?? true) {
    server = await buildServer({
      config,
      redis,
      keys: ctx.keys,
      queues: q,
      metrics,
      logger,
      listRollUps,
      isPortfolioProject: (site, projectId) => isPortfolioProject(ctx, site, projectId),
      readiness: [
        {
          name: 'redis',
          check: async () => ({ ok: (await redis.ping()) === 'PONG' }),
        },
        ...config.sites.map((s) => ({
          name: `jira:${s.name}`,
          check: cached(opts.readinessCacheMs ?? READINESS_CACHE_MS, async () => {
            const jira = ctx.jira.get(s.name);
            if (!jira) return { ok: false, detail: 'ingen klient' };
            try {
              await getCurrentUser(jira);
              return { ok: true };
            } catch (err) {
              // Rate limited means reachable: the queue waits, the service is still ready.
              if (isJiraRateLimitedError(err)) return { ok: true, detail: err.message };
              return { ok: false, detail: describeJiraError(err) };
            }
          }),
        })),
      ],
      plugins: opts.plugins ?? [],
      ...(opts.httpLimits ? { limits: opts.httpLimits } : {}),
    });
    address = await server.listen({ host: config.http.host, port: config.http.port });
    warnIfPortfolioPublic(config, logger);
  }
  warnIfSharedSecrets(config, logger);
  logger.info(
    { address, sites: sourceSites(config).map((s) => s.name), prefix: config.redis.prefix },
    'Sync-tjenesten kører',
  );

  let closed = false;
  return {
    address,
    server,
    queues: q,
    context: ctx,
    metrics,
    redis,
    enqueueSync: (site, projectId) => q.enqueueSync(site, projectId, 'api'),
    async reconcile(site) {
      const sites = site ? [site] : sourceSites(config).map((s) => s.name);
      return Promise.all(sites.map((s) => q.enqueueReconcile(s)));
    },
    listRollUps,
    async close() {
      if (closed) return;
      closed = true;
      logger.info('Lukker ned: tager ikke flere jobs, lader de igangværende blive færdige');
      if (schedulerTimer) clearInterval(schedulerTimer);
      if (onReady) redis.off('ready', onReady);
      await server?.close();
      await workers?.close();
      await q.close();
      await redis.quit().catch(() => redis.disconnect());
      logger.info('Lukket');
    },
  };
}

/** Runs the service until SIGTERM/SIGINT, then shuts down gracefully (a second signal forces exit). */
export async function runUntilSignalled(config: SyncConfig, opts: StartOptions = {}): Promise<void> {
  const service = await startSyncService(config, opts);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      service.context.logger.warn({ signal }, 'Andet signal: afslutter med det samme');
      process.exit(1);
    }
    stopping = true;
    service.context.logger.info({ signal }, 'Signal modtaget');
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        service.context.logger.error({ err: String(err) }, 'Fejl under nedlukning');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** A loud start-up warning when anyone who can reach the port reads the portfolio (issue 13, item 10). */
function warnIfPortfolioPublic(config: SyncConfig, logger: Logger): void {
  const access = config.http.portfolioAccess;
  const reachable = !LOOPBACK.test(config.http.host);
  if (access.mode === 'open') {
    const msg =
      'PORTEFØLJESIDEN ER ÅBEN UDEN LOGIN (navne, tilsagn og beslutninger): sæt http.portfolioAccess og ' +
      'OS2_DASHBOARD_USER/OS2_DASHBOARD_PASSWORD, eller bind kun til 127.0.0.1';
    if (reachable) logger.error({ host: config.http.host, access: access.mode }, msg);
    else logger.warn({ host: config.http.host, access: access.mode }, msg);
  } else if (access.mode === 'public') {
    logger.warn(
      { host: config.http.host, access: access.mode },
      'Porteføljesiden er offentlig (uden personer, tilsagn og beslutningstekster)',
    );
  } else if (access.mode === 'header' && reachable) {
    logger.warn(
      { host: config.http.host, header: access.header },
      'Porteføljesiden stoler på en SSO-header: tjenesten må kun kunne nås gennem proxyen',
    );
  }
}

/**
 * Sites that share a signing secret can mint each other's mirrors (an admin of one sees the secret on the
 * admin page): said loudly at start, since the default is one OS2_EVENT_SECRET for all (issue 13, item 5).
 */
function warnIfSharedSecrets(config: SyncConfig, logger: Logger): void {
  const bySecret = new Map<string, string[]>();
  for (const s of config.sites) {
    const current = s.secrets[0] ?? '';
    bySecret.set(current, [...(bySecret.get(current) ?? []), s.name]);
  }
  for (const names of bySecret.values()) {
    if (names.length > 1) {
      logger.warn(
        { sites: names },
        'Flere sites deler signeringsnøgle: en administrator på det ene kan lave gyldige spejle for det andet; giv hvert site sin egen (sites[].secretEnv)',
      );
    }
  }
}
