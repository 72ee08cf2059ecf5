import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import Fastify, { LogController } from 'fastify';
import basicAuth from '@fastify/basic-auth';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import {
  ChangeEventSchema,
  REPLAY_WINDOW_SECONDS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyEventSignature,
} from '../../src/events/change-event.js';
import { TestEventSchema, isTestEventBody } from '../../src/events/test-event.js';
import { normaliseBaseUrl } from './config.js';
import { noteChangedIssue } from './recent-changes.js';
import type { SiteHealth } from './site-identity.js';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { RedisClient } from './redis.js';
import type { Logger } from 'pino';
import type { ProductHistoryView } from './portfolio-page/history.js';
import type { RollUp } from '../../src/domain/rollup.js';
import type { SyncConfig } from './config.js';
import type { Keys } from './keys.js';
import type { SyncMetrics } from './metrics.js';
import type { SyncQueues } from './queues.js';
import type { PushedEvent, PushLog, PushOutcome } from './push.js';
import type { SiteLists } from './portfolio-lists.js';

/**
 * Seconds an accepted signature is remembered, so a replay is refused for as long as its timestamp is accepted:
 * a timestamp is valid from `ts - window` to `ts + window` inclusive, in whole seconds (up to 2 × window + 1 s
 * of wall time after a first use at the earliest moment), plus a second of margin.
 */
export const SEEN_SIGNATURE_SECONDS = 2 * REPLAY_WINDOW_SECONDS + 2;

/**
 * Limits that keep slow or many clients from holding the service (issue 13, item 8). fastify 5's own
 * `requestTimeout` did not cut a trickled body on Node 20, so they are set on Node's server itself (through
 * `serverFactory`): `requestTimeout` bounds the whole request including its body, `headersTimeout` the headers,
 * `connectionsCheckingInterval` how often Node enforces both, `idleTimeout` an idle socket, and
 * `maxConnections` the sockets open at once (more are refused at accept).
 */
export interface HttpLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  checkIntervalMs: number;
  maxConnections: number;
}
export const HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 15_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
  maxConnections: 512,
};

/** Failed logins per client address before it is locked out, and how long the count (and lock-out) lasts. */
export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

/** Routes polled by machines: logged at debug. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/health/sites', '/metrics', '/api/portfolio/version']);

/** The dashboard's pages load only from this host (its inline config script and styles included). */
const BOARD_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/** Bull Board's HTML links IBM Plex from fonts.googleapis.com: dropped, the system fonts serve instead. */
export function withoutOutsideFonts(html: string): string {
  return html.replace(/<link[^>]+href="https:\/\/fonts\.(googleapis|gstatic)\.com[^"]*"[^>]*>\s*/g, '');
}

/** What a plugin registered on the server (e.g. the portfolio page) gets as options, besides its own. */
export interface ServerPluginContext {
  listRollUps: () => Promise<RollUp[]>;
  /** Moves whenever the content `listRollUps` returns changes; cheap (no Jira), for live updates. */
  portfolioVersion?: () => Promise<string>;
  /** Sites whose Jira identity is lost (their figures are not current; the page says so). */
  siteHealth?: () => Promise<SiteHealth[]>;
  /** When the next scheduled reconcile runs (for the empty portfolio page's hint). */
  nextSync: () => Promise<Date | undefined>;
  /** Each source site's cross-portfolio lists as last fetched from its app (portfolio-lists.ts); Redis only. */
  listLists?: () => Promise<SiteLists[]>;
  /**
   * A product's governance history from its app (app-data-history.ts), for the product page. Not given in the
   * public view: the history names people and carries decision texts.
   */
  productHistory?: (rollUp: RollUp) => Promise<ProductHistoryView>;
  config: { portfolio: SyncConfig['portfolio']; sites: { name: string; baseUrl: string }[] };
}

export interface ExtraPlugin {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin: FastifyPluginAsync<any>;
  options?: Record<string, unknown>;
}

export interface ReadinessCheck {
  name: string;
  check: () => Promise<{ ok: boolean; detail?: string }>;
}

export interface ServerDeps {
  config: SyncConfig;
  redis: RedisClient;
  keys: Keys;
  queues: SyncQueues;
  metrics?: SyncMetrics;
  logger: Logger;
  listRollUps: () => Promise<RollUp[]>;
  portfolioVersion?: () => Promise<string>;
  /** The service's Jira identity per site (site-identity.ts): `/health/sites` and the portfolio page's banner. */
  siteHealth?: () => Promise<SiteHealth[]>;
  /** Returns true when the project is the portfolio project (events about it are dropped: no loops). */
  isPortfolioProject: (site: string, projectId: string) => Promise<boolean>;
  /**
   * Takes a change event's pushed roll-up (sync-worker/src/push.ts): verified, rolled up and handed to the
   * portfolio writer without reading the source site. Without it, a push is ignored and the product is read.
   */
  acceptPush?: (site: string, event: PushedEvent, log: PushLog) => Promise<PushOutcome>;
  /** Each source site's cross-portfolio lists (portfolio-lists.ts), for the portfolio page's Lister tab. */
  listLists?: () => Promise<SiteLists[]>;
  /** A product's history from its app, for the product page ({@link ServerPluginContext.productHistory}). */
  productHistory?: (rollUp: RollUp) => Promise<ProductHistoryView>;
  readiness: ReadinessCheck[];
  plugins?: ExtraPlugin[];
  limits?: Partial<HttpLimits>;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The service's HTTP side: `POST /events` (signed change events), `/healthz`, `/readyz`, `/metrics`, the queue
 * dashboard at `/admin/queues` behind basic auth, and any extra plugins (the portfolio page registers itself
 * here and receives {@link ServerPluginContext} in its options).
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config, redis, keys, queues, logger } = deps;
  const limits = { ...HTTP_LIMITS, ...deps.limits };
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    serverFactory: (handler) => {
      const server = createServer(
        {
          requestTimeout: limits.requestTimeoutMs,
          headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
          connectionsCheckingInterval: limits.checkIntervalMs,
          keepAliveTimeout: 5_000,
        },
        handler,
      );
      server.setTimeout(limits.idleTimeoutMs);
      server.maxConnections = limits.maxConnections;
      return server;
    },
  });

  // Access log, one line per request: probes, metrics and static assets at debug (a scrape every 15 s is
  // not news), everything else at info, server errors at error. Fastify's own request logging stays off.
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? '';
    const quiet = QUIET_ROUTES.has(route) || /assets|static/.test(route);
    const level = reply.statusCode >= 500 ? 'error' : quiet ? 'debug' : 'info';
    req.log[level](
      { method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'HTTP',
    );
  });

  /**
   * Basic auth with a failure log and a lock-out per client address (issue 13, low): after
   * {@link LOGIN_MAX_FAILURES} failed logins within {@link LOGIN_WINDOW_SECONDS} the address gets 429 until the
   * window has passed. Counted in Redis, so every instance and a restart see the same count.
   */
  async function guardedBasicAuth(
    scope: FastifyInstance,
    realm: string,
    creds: { username: string; password: string } | { username: string; password: string }[],
  ): Promise<void> {
    const logins = Array.isArray(creds) ? creds : [creds];
    const failKey = (ip: string) => keys.loginFailures(ip);
    scope.addHook('onRequest', async (req, reply) => {
      const failures = Number((await redis.get(failKey(req.ip))) ?? 0);
      if (failures >= LOGIN_MAX_FAILURES) {
        const ttl = await redis.ttl(failKey(req.ip));
        return reply
          .code(429)
          .header('Retry-After', String(Math.max(1, ttl)))
          .send({ error: 'locked_out', reason: 'for mange forkerte login; prøv igen senere' });
      }
    });
    await scope.register(basicAuth, {
      authenticate: { realm },
      validate: async (username, password, req) => {
        if (!logins.some((l) => safeEqual(username, l.username) && safeEqual(password, l.password))) {
          const n = await redis.incr(failKey(req.ip));
          if (n === 1) await redis.expire(failKey(req.ip), LOGIN_WINDOW_SECONDS);
          req.log.warn({ ip: req.ip, realm, failures: n }, 'Forkert login');
          throw new Error('Forkert brugernavn eller adgangskode');
        }
      },
    });
    scope.addHook('onRequest', scope.basicAuth);
  }

  const sitesByUrl = new Map(
    config.sites.filter((s) => s.source).map((s) => [normaliseBaseUrl(s.baseUrl), s]),
  );

  // In its own scope: the raw-string JSON parser (the signature is over the exact bytes sent) must not shadow
  // the JSON parser of the queue dashboard's actions.
  await app.register(async (events) => {
    events.removeAllContentTypeParsers();
    events.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    // Anything else is refused with 400 before any work (docs/reliability.md).
    events.addContentTypeParser('*', (_req, _payload, done) => {
      const err = new Error('Hændelser skal sendes som application/json') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err);
    });
    events.post('/events', (req, reply) => receiveEvent(req, reply));
  });

  function claimedSite(raw: string) {
    try {
      const url = (JSON.parse(raw) as { siteUrl?: unknown } | null)?.siteUrl;
      return typeof url === 'string' ? sitesByUrl.get(normaliseBaseUrl(url)) : undefined;
    } catch {
      return undefined;
    }
  }

  async function receiveEvent(req: FastifyRequest, reply: FastifyReply) {
    const raw = typeof req.body === 'string' ? req.body : '';
    const ts = req.headers[TIMESTAMP_HEADER];
    const sig = req.headers[SIGNATURE_HEADER];
    // Each site signs with its own secret: the (not yet trusted) siteUrl only chooses which secrets to try.
    const claimed = claimedSite(raw);
    const secrets = claimed?.secrets ?? [config.eventSecret];
    let check = verifyEventSignature(
      raw,
      Array.isArray(ts) ? ts[0] : ts,
      Array.isArray(sig) ? sig[0] : sig,
      secrets[0] ?? '',
    );
    for (const secret of secrets.slice(1)) {
      if (check.ok || check.reason !== 'mismatch') break;
      check = verifyEventSignature(
        raw,
        Array.isArray(ts) ? ts[0] : ts,
        Array.isArray(sig) ? sig[0] : sig,
        secret,
      );
    }
    if (!check.ok) {
      req.log.warn({ reason: check.reason }, 'Hændelse afvist: signatur');
      return reply.code(401).send({ error: 'unauthorized', reason: check.reason });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return reply.code(400).send({ error: 'bad_request', reason: 'body er ikke JSON' });
    }
    // A test event from the admin page (src/events/test-event.ts): the signature above is all it tests. It is
    // answered here and never reaches the queue, so it cannot be taken for a product change.
    if (isTestEventBody(json)) return answerTestEvent(req, reply, json, String(sig));
    const parsed = ChangeEventSchema.safeParse(json);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'bad_request',
        reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    // Replay protection beyond the window: each accepted signature once.
    const first = await redis.set(keys.seenSignature(String(sig)), '1', 'EX', SEEN_SIGNATURE_SECONDS, 'NX');
    if (first !== 'OK') {
      req.log.warn('Hændelse afvist: genafspillet signatur');
      return reply.code(401).send({ error: 'unauthorized', reason: 'replayed' });
    }
    const event = parsed.data;
    const site = sitesByUrl.get(normaliseBaseUrl(event.siteUrl));
    if (!site) {
      return reply
        .code(422)
        .send({ error: 'unknown_site', reason: `${event.siteUrl} er ikke et konfigureret kilde-site` });
    }
    const log = req.log.child({ site: site.name, project: event.projectId, kind: event.kind });
    if (await deps.isPortfolioProject(site.name, event.projectId)) {
      log.info('Hændelse om porteføljeprojektet ignoreret (ingen løkker)');
      return reply.code(202).send({ status: 'ignored', reason: 'portfolio project' });
    }
    // The sync reads this issue through search, which may not show the change yet: reconcile it there.
    if (event.issueId) await noteChangedIssue(redis, keys, site.name, event.projectId, event.issueId);
    if (event.rollUp !== undefined && deps.acceptPush) {
      const pushed = await deps.acceptPush(
        site.name,
        { siteUrl: event.siteUrl, projectId: event.projectId, rollUp: event.rollUp },
        log,
      );
      if (pushed.status === 'refused') {
        // Nothing is written from a refused push; the next event or the reconcile reads the product itself.
        const code =
          pushed.reason === 'malformed'
            ? 400
            : pushed.reason === 'replayed' || pushed.reason === 'rolled_back'
              ? 409
              : 401;
        return reply.code(code).send({ error: 'push_refused', reason: pushed.reason, detail: pushed.detail });
      }
      if (pushed.status === 'queued')
        return reply.code(202).send({ status: 'queued', pushed: true, jobId: pushed.jobId });
      return reply.code(202).send({ status: pushed.status, reason: pushed.reason });
    }
    const job = await queues.enqueueSync(site.name, event.projectId, 'event');
    log.info({ jobId: job.id }, 'Hændelse modtaget; synkronisering sat i kø');
    return reply.code(202).send({ status: 'queued', jobId: job.id });
  }

  async function answerTestEvent(req: FastifyRequest, reply: FastifyReply, json: unknown, sig: string) {
    const parsed = TestEventSchema.safeParse(json);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'bad_request',
        reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    // Replayed test events are refused like change events, so the answer proves a fresh signature.
    const first = await redis.set(keys.seenSignature(sig), '1', 'EX', SEEN_SIGNATURE_SECONDS, 'NX');
    if (first !== 'OK') return reply.code(401).send({ error: 'unauthorized', reason: 'replayed' });
    const siteKnown = sitesByUrl.has(normaliseBaseUrl(parsed.data.siteUrl));
    req.log.info({ siteUrl: parsed.data.siteUrl, siteKnown }, 'Testhændelse modtaget; signaturen passer');
    return reply.code(200).send({ status: 'test_ok', siteKnown });
  }

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const results = await Promise.all(
      deps.readiness.map(async (r) => {
        try {
          return { name: r.name, ...(await r.check()) };
        } catch (err) {
          return { name: r.name, ok: false, detail: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks: results });
  });

  // The Jira identity per site, apart from /readyz: a dead token is no reason to restart or unroute this process
  // (that would not bring the token back), but it is a reason to alert. 503 while any site is lost.
  app.get('/health/sites', async (_req, reply) => {
    const sites = deps.siteHealth ? await deps.siteHealth() : [];
    const lost = sites.filter((s) => s.auth === 'lost');
    return reply.code(lost.length ? 503 : 200).send({
      status: lost.length ? 'identity_lost' : 'ok',
      sites: sites.map((s) => ({
        site: s.site,
        auth: s.auth,
        ...(s.since ? { since: s.since } : {}),
        ...(s.checkedAt ? { checkedAt: s.checkedAt } : {}),
        ...(s.auth === 'lost'
          ? {
              message: `Sync-tjenestens API-token for ${s.site} er ugyldigt eller tilbagekaldt; intet skrives for sitet / the API token for ${s.site} is invalid or revoked; nothing is written for the site`,
            }
          : {}),
      })),
    });
  });

  app.get('/metrics', async (_req, reply) => {
    if (!deps.metrics) return reply.code(404).send();
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });

  // The queue dashboard (Bull Board): the app's title, Danish, no link out to bull-board's docs, and no fonts
  // from Google (the HTML's only outside reference is removed and a CSP keeps everything on this host: the
  // same "nothing from elsewhere" stance as the portfolio page, for the Danish public sector and GDPR).
  // The admin login may retry, clean and remove jobs at /admin/queues; a viewer login sees the same queues
  // read-only at /admin/queues-view.
  const boards: { path: string; readOnly: boolean; logins: { username: string; password: string }[] }[] = [];
  const { dashboard, dashboardViewer } = config.http;
  if (dashboard) boards.push({ path: '/admin/queues', readOnly: false, logins: [dashboard] });
  if (dashboardViewer || dashboard) {
    boards.push({
      path: '/admin/queues-view',
      readOnly: true,
      logins: [...(dashboardViewer ? [dashboardViewer] : []), ...(dashboard ? [dashboard] : [])],
    });
  }
  for (const board of boards) {
    await app.register(async (scope) => {
      await guardedBasicAuth(scope, 'os2-sync', board.logins);
      // The dashboard can retry and delete jobs: never inside someone else's frame, no content sniffing.
      scope.addHook('onSend', async (_req, reply, payload) => {
        reply.header('X-Frame-Options', 'DENY');
        reply.header('Content-Security-Policy', "frame-ancestors 'none'");
        reply.header('X-Content-Type-Options', 'nosniff');
        if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
        reply.header('Content-Security-Policy', BOARD_CSP);
        return typeof payload === 'string' ? withoutOutsideFonts(payload) : payload;
      });
      const adapter = new FastifyAdapter();
      adapter.setBasePath(board.path);
      // @bull-board/fastify carries its own copy of @bull-board/api's types; the runtime contract is the same.
      type BoardAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];
      createBullBoard({
        queues: queues.all().map((q) => new BullMQAdapter(q, { readOnlyMode: board.readOnly })),
        serverAdapter: adapter as unknown as BoardAdapter,
        options: {
          uiConfig: {
            boardTitle: board.readOnly ? 'OS2 sync – køer (læseadgang)' : 'OS2 sync – køer',
            hideDocsLink: true,
            locale: { lng: 'da-DK' },
          },
        },
      });
      await scope.register(adapter.registerPlugin(), { prefix: board.path });
    });
  }
  if (!dashboard) {
    app.get('/admin/queues', async (_req, reply) =>
      reply
        .code(404)
        .send({ error: 'dashboard_disabled', reason: 'sæt OS2_DASHBOARD_USER og OS2_DASHBOARD_PASSWORD' }),
    );
  }

  const access = config.http.portfolioAccess;
  const pluginContext: ServerPluginContext = {
    nextSync: () => queues.nextReconcileAt(),
    listRollUps:
      access.mode === 'public' ? async () => (await deps.listRollUps()).map(publicView) : deps.listRollUps,
    ...(deps.portfolioVersion ? { portfolioVersion: deps.portfolioVersion } : {}),
    ...(deps.siteHealth ? { siteHealth: deps.siteHealth } : {}),
    ...(deps.listLists
      ? {
          listLists:
            access.mode === 'public'
              ? async () => (await deps.listLists!()).map(publicLists)
              : deps.listLists,
        }
      : {}),
    ...(deps.productHistory && access.mode !== 'public' ? { productHistory: deps.productHistory } : {}),
    config: {
      portfolio: config.portfolio,
      sites: config.sites.map((s) => ({ name: s.name, baseUrl: s.baseUrl })),
    },
  };
  // The portfolio page, its JSON and CSV (and any other plugin) behind the configured access (issue 13, item 10).
  await app.register(async (scope) => {
    if (access.mode === 'credentials' && dashboard) {
      await guardedBasicAuth(scope, 'os2-portfolio', dashboard);
    } else if (access.mode === 'header') {
      scope.addHook('onRequest', async (req, reply) => {
        const user = req.headers[access.header];
        if (typeof user !== 'string' || user.trim() === '') {
          return reply.code(401).send({ error: 'unauthorized', reason: 'ingen bruger fra SSO-proxyen' });
        }
      });
    }
    for (const extra of deps.plugins ?? []) {
      await scope.register(extra.plugin, { ...(extra.options ?? {}), ...pluginContext });
    }
  });
  return app as unknown as FastifyInstance;
}

/**
 * The deliberate public view of a roll-up: no people (chair, project leader, who decided), no pledges
 * (co-finance) and no decision texts; levels, states, counts and votes stay.
 */
export function publicView(r: RollUp): RollUp {
  const { projectLeader: _pl, ...rest } = r;
  const { chair: _chair, ...steering } = r.steering;
  return {
    ...rest,
    steering,
    topRequests: r.topRequests.map((t) => ({ ...t, coFinanceWilling: 0, coFinanceTotalDkk: 0 })),
    decisions: r.decisions.map((d) => ({ ...d, decidedBy: '', summary: '' })),
  };
}

/** The public view of the lists: no decision texts (an outcome's reason), as {@link publicView} for roll-ups. */
export function publicLists(l: SiteLists): SiteLists {
  if (!l.lists) return l;
  return { ...l, lists: { ...l.lists, outcomes: l.lists.outcomes.map((o) => ({ ...o, reason: '' })) } };
}
