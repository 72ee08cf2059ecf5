import { createRedis as connectRedis, logRedisErrors } from './redis.js';
import type { RedisClient, RedisOptions } from './redis.js';
import { getCurrentUser } from '../../src/jira/myself.js';
import { describeJiraError, isJiraRateLimitedError } from '../../src/jira/client.js';
import { createLogger } from './logger.js';
import { Keys } from './keys.js';
import { SyncMetrics } from './metrics.js';
import { RedisRateGate } from './rate-gate.js';
import { SyncQueues } from './queues.js';
import { siteIdentity, startWorkers } from './jobs.js';
import { acceptPushedRollUp } from './push.js';
import { buildServer } from './server.js';
import {
  createSiteClients,
  isPortfolioProject,
  portfolioTarget,
  resolvePortfolioProjectId,
} from './context.js';
import { listRollUps as listPortfolio, listStoredRollUps } from './portfolio-writer.js';
import { PortfolioState } from './portfolio-state.js';
import { PortfolioIndex } from './portfolio-index.js';
import { appDataListsFetcher, PortfolioListsStore, requestListsRefresh } from './portfolio-lists.js';
import type { ListsFetcher } from './portfolio-lists.js';
import { ProductHistory } from './app-data-history.js';
import { sourceSites } from './config.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Job } from 'bullmq';
import type { RollUp } from '../../src/domain/rollup.js';
import type { SyncProductData } from './queues.js';
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
  /**
   * Enqueue a reconcile of every source site at start, once per deployment (the first process to start in
   * a window of {@link START_RECONCILE_WINDOW_S}); default: when the schedulers run. Without it a fresh
   * service shows an empty portfolio until the next scheduled slot (6 hours by default).
   */
  reconcileAtStart?: boolean;
  jira?: JiraOptions;
  /** How often the reconcile schedulers are re-upserted, in ms (default 5 minutes). */
  schedulerRefreshMs?: number;
  /** How long /readyz reuses a site check, in ms (default 15 000; 0 in tests). */
  readinessCacheMs?: number;
  /** How often a site whose Jira identity is lost is asked `/myself` again, in ms (default 60 000). */
  identityProbeMs?: number;
  /** Collect Node's default process metrics too (default false). */
  processMetrics?: boolean;
  /** HTTP limits (defaults: {@link HTTP_LIMITS}); tests shorten them. */
  httpLimits?: Partial<HttpLimits>;
  /**
   * How the service asks a site's app for its cross-portfolio lists (portfolio-lists.ts); default through each
   * site's `os2-app-data` web trigger (`sites[].appDataUrl`). Tests may pass their own.
   */
  fetchLists?: ListsFetcher;
  /** The least time between two asks of one site's lists, in ms (default 30 000; tests shorten it). */
  listsMinGapMs?: number;
}

export interface SyncService {
  /** `http://host:port` of the HTTP server, when it runs. */
  address?: string;
  server?: FastifyInstance;
  queues: SyncQueues;
  context: ServiceContext;
  metrics: SyncMetrics;
  redis: RedisClient;
  enqueueSync(site: string, projectId: string, reason?: SyncProductData['reason']): Promise<Job>;
  /** Enqueues a reconcile of one site, or of every source site. */
  reconcile(site?: string): Promise<Job[]>;
  listRollUps(): Promise<RollUp[]>;
  /** Graceful: stop HTTP, stop taking jobs and let running ones finish, close the queues and Redis. */
  close(): Promise<void>;
}

/** How often the reconcile schedulers are upserted again (they vanish if Redis loses its data). */
const SCHEDULER_REFRESH_MS = 5 * 60_000;

/** Processes starting within this window after the first one do not reconcile again at start. */
export const START_RECONCILE_WINDOW_S = 15 * 60;

/** How often a lost site's `/myself` is asked again when nothing else asks it. */
const IDENTITY_PROBE_INTERVAL_MS = 60_000;

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
export function createRedis(config: SyncConfig, opts: RedisOptions = {}): RedisClient {
  return connectRedis(config.redis.url, config.redis.cluster, opts);
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
  const gate = new RedisRateGate(
    redis,
    keys,
    (site, until, reason) =>
      logger.warn(
        { site, until: new Date(until).toISOString(), reason },
        'Jira 429: intet sendes til sitet før fristen',
      ),
    (site) => logger.warn({ site }, 'Jira er nær kvoten: ét kald i sekundet til sitet'),
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
  logRedisErrors(redis, logger, config.redis.url);
  await redis.ping();
  const q = new SyncQueues(config, redis);
  // Per-site Jira health: in metrics (and `doctor`), not in /readyz, which says only whether this process can
  // serve (Redis). A Jira site that is down makes its queue wait; restarting this pod would not help.
  let siteChecks: { site: string; check: () => Promise<{ ok: boolean; detail?: string }> }[] = [];
  const metrics = new SyncMetrics(
    {
      depth: () => q.depth(),
      lastReconcile: async () => {
        const raw = await redis.hgetall(ctx.keys.lastReconcile());
        return Object.fromEntries(Object.entries(raw).map(([site, ms]) => [site, Number(ms)]));
      },
      siteUp: () => Promise.all(siteChecks.map(async (c) => ({ site: c.site, up: (await c.check()).ok }))),
      siteAuth: () => siteHealth(),
    },
    opts.processMetrics ?? false,
  );
  const ctx = createContext(config, redis, logger, metrics, opts.jira);
  // Sites are asked through their app's os2-app-data web trigger; one without appDataUrl records why not.
  ctx.fetchLists = opts.fetchLists ?? appDataListsFetcher(ctx);
  if (opts.listsMinGapMs !== undefined) ctx.listsMinGapMs = opts.listsMinGapMs;
  const identity = siteIdentity(ctx);
  const siteHealth = () => identity.health(config.sites.map((s) => s.name));
  siteChecks = config.sites.map((s) => ({
    site: s.name,
    check: cached(opts.readinessCacheMs ?? READINESS_CACHE_MS, async () => {
      const jira = ctx.jira.get(s.name);
      if (!jira) return { ok: false, detail: 'ingen klient' };
      try {
        await getCurrentUser(jira);
        return { ok: true };
      } catch (err) {
        // Rate limited means reachable: the queue waits, the site is up.
        if (isJiraRateLimitedError(err)) return { ok: true, detail: err.message };
        return { ok: false, detail: describeJiraError(err) };
      }
    }),
  }));

  await resolvePortfolioProjectId(ctx);
  // The reconcile schedulers live in Redis: upsert them now, again whenever the connection comes back (Redis
  // may have restarted empty) and every few minutes (a FLUSHALL without a reconnect). Upserts are idempotent.
  let schedulerTimer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  if (opts.schedulers ?? true) {
    await q.upsertSchedulers();
    const refresh = () => {
      q.upsertSchedulers().catch((err: unknown) =>
        logger.warn({ err }, 'Kunne ikke genoprette planlægningen'),
      );
    };
    onReady = refresh;
    redis.on('ready', onReady);
    schedulerTimer = setInterval(refresh, opts.schedulerRefreshMs ?? SCHEDULER_REFRESH_MS);
    schedulerTimer.unref();
  }

  if (opts.reconcileAtStart ?? opts.schedulers ?? true) {
    const first = await redis.set(
      ctx.keys.startReconcile(),
      new Date().toISOString(),
      'EX',
      START_RECONCILE_WINDOW_S,
      'NX',
    );
    if (first === 'OK') {
      const sites = sourceSites(config).map((s) => s.name);
      await Promise.all(sites.map((s) => q.enqueueReconcile(s)));
      logger.info({ sites }, 'Fuld synkronisering ved start sat i kø (første proces i klyngen)');
    } else {
      logger.info('Fuld synkronisering ved start springes over: en anden proces har lige sat den i gang');
    }
  }

  let workers: WorkerSet | undefined;
  if (opts.workers ?? true) workers = startWorkers(ctx, q, redis);

  // A lost site recovers by itself: its `/myself` is asked again now and then, even with no event or reconcile
  // due, and a site that answers again is reconciled at once (its syncs were skipped meanwhile).
  let identityTimer: NodeJS.Timeout | undefined;
  if (opts.workers ?? true) {
    const sourceNames = new Set(sourceSites(config).map((s) => s.name));
    identityTimer = setInterval(() => {
      for (const s of config.sites) {
        identity
          .probeIfLost(s.name)
          .then(async (r) => {
            if (r.recovered) {
              const again = s.name === config.portfolio.site ? [...sourceNames] : [s.name];
              for (const n of again) if (sourceNames.has(n)) await q.enqueueReconcile(n);
            }
          })
          .catch((err: unknown) =>
            logger.warn({ err, site: s.name }, 'Kunne ikke spørge Jira om identiteten (prøver igen)'),
          );
      }
    }, opts.identityProbeMs ?? IDENTITY_PROBE_INTERVAL_MS);
    identityTimer.unref();
  }

  // Every roll-up as the portfolio project holds it, each verified (the trust chain's reader; scripts, `status`).
  const listRollUps = () => listPortfolio(ctx.portfolio, new PortfolioIndex(ctx.redis, ctx.keys));
  // The page reads the service's own state (what it wrote and signed), not Jira: open tabs cost no Jira call, and
  // a hand-edited portfolio issue never reaches it. An empty state is rebuilt from the verified read once.
  const state = new PortfolioState(redis, ctx.keys);
  const pageRollUps = () =>
    state.list(() => listStoredRollUps(ctx.portfolio, new PortfolioIndex(ctx.redis, ctx.keys)));
  const portfolioVersion = () => state.version();
  const listsStore = new PortfolioListsStore(redis, ctx.keys);
  // The product page's history, asked of each site's app (os2-app-data) and cached per revision in Redis.
  const history = new ProductHistory({ config, redis, keys: ctx.keys, logger });

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
      listRollUps: pageRollUps,
      portfolioVersion,
      siteHealth,
      isPortfolioProject: (site, projectId) => isPortfolioProject(ctx, site, projectId),
      acceptPush: async (site, event, log) => {
        const outcome = await acceptPushedRollUp(ctx, q, site, event, log);
        // A push means the app saved something: its lists (polls, change requests) are asked for again,
        // coalesced per site (portfolio-lists.ts), and never hold up the push's answer.
        if (outcome.status === 'queued')
          requestListsRefresh(ctx, q, site).catch((err: unknown) =>
            logger.warn({ err, site }, 'Kunne ikke bede om porteføljelisterne'),
          );
        return outcome;
      },
      listLists: () => listsStore.all(sourceSites(config).map((s) => s.name)),
      productHistory: (rollUp) => history.view(rollUp),
      readiness: [
        {
          name: 'redis',
          check: async () => ({ ok: (await redis.ping()) === 'PONG' }),
        },
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
    enqueueSync: (site, projectId, reason = 'api') => q.enqueueSync(site, projectId, reason),
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
      if (identityTimer) clearInterval(identityTimer);
      if (onReady) redis.off('ready', onReady);
      await server?.close();
      await workers?.close();
      await q.close();
      await redis.quit().catch(() => redis.disconnect());
      logger.info('Lukket');
    },
  };
}

/**
 * Runs the service until SIGTERM, SIGINT or SIGHUP, then shuts down gracefully. A repeat of the signal within
 * a second is the same request (a wrapper such as tsx or npm relays the terminal's SIGINT again); a later
 * second signal forces the exit.
 */
export async function runUntilSignalled(config: SyncConfig, opts: StartOptions = {}): Promise<void> {
  const service = await startSyncService(config, opts);
  let stoppingAt = 0;
  const stop = (signal: string) => {
    if (stoppingAt) {
      if (Date.now() - stoppingAt < 1000) return;
      service.context.logger.warn({ signal }, 'Andet signal: afslutter med det samme');
      process.exit(1);
    }
    stoppingAt = Date.now();
    service.context.logger.info({ signal }, 'Signal modtaget');
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        service.context.logger.error({ err }, 'Fejl under nedlukning');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => stop('SIGHUP'));
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
