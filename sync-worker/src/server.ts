import { timingSafeEqual } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import basicAuth from '@fastify/basic-auth';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import {
  ChangeEventSchema,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyEventSignature,
} from '../../src/events/change-event.js';
import { normaliseBaseUrl } from './config.js';
import { noteChangedIssue } from './recent-changes.js';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { RedisClient } from './redis.js';
import type { Logger } from 'pino';
import type { RollUp } from '../../src/domain/rollup.js';
import type { SyncConfig } from './config.js';
import type { Keys } from './keys.js';
import type { SyncMetrics } from './metrics.js';
import type { SyncQueues } from './queues.js';

/** Seconds an accepted signature is remembered, so a replay inside the 5-minute window is refused too. */
export const SEEN_SIGNATURE_SECONDS = 600;

/** What a plugin registered on the server (e.g. the portfolio page) gets as options, besides its own. */
export interface ServerPluginContext {
  listRollUps: () => Promise<RollUp[]>;
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
  /** Returns true when the project is the portfolio project (events about it are dropped: no loops). */
  isPortfolioProject: (site: string, projectId: string) => Promise<boolean>;
  readiness: ReadinessCheck[];
  plugins?: ExtraPlugin[];
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
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });

  // Keep the raw body: the signature is over the exact bytes sent.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const sitesByUrl = new Map(
    config.sites.filter((s) => s.source).map((s) => [normaliseBaseUrl(s.baseUrl), s]),
  );

  app.post('/events', async (req, reply) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const ts = req.headers[TIMESTAMP_HEADER];
    const sig = req.headers[SIGNATURE_HEADER];
    const check = verifyEventSignature(
      raw,
      Array.isArray(ts) ? ts[0] : ts,
      Array.isArray(sig) ? sig[0] : sig,
      config.eventSecret,
    );
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
    const job = await queues.enqueueSync(site.name, event.projectId, 'event');
    log.info({ jobId: job.id }, 'Hændelse modtaget; synkronisering sat i kø');
    return reply.code(202).send({ status: 'queued', jobId: job.id });
  });

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

  app.get('/metrics', async (_req, reply) => {
    if (!deps.metrics) return reply.code(404).send();
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });

  const dashboard = config.http.dashboard;
  if (dashboard) {
    await app.register(async (scope) => {
      await scope.register(basicAuth, {
        authenticate: { realm: 'os2-sync' },
        validate: async (username, password) => {
          if (!(safeEqual(username, dashboard.username) && safeEqual(password, dashboard.password))) {
            throw new Error('Forkert brugernavn eller adgangskode');
          }
        },
      });
      scope.addHook('onRequest', scope.basicAuth);
      const adapter = new FastifyAdapter();
      adapter.setBasePath('/admin/queues');
      // @bull-board/fastify carries its own copy of @bull-board/api's types; the runtime contract is the same.
      type BoardAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];
      createBullBoard({
        queues: queues.all().map((q) => new BullMQAdapter(q)),
        serverAdapter: adapter as unknown as BoardAdapter,
      });
      await scope.register(adapter.registerPlugin(), { prefix: '/admin/queues' });
    });
  } else {
    app.get('/admin/queues', async (_req, reply) =>
      reply
        .code(404)
        .send({ error: 'dashboard_disabled', reason: 'sæt OS2_DASHBOARD_USER og OS2_DASHBOARD_PASSWORD' }),
    );
  }

  const pluginContext: ServerPluginContext = {
    listRollUps: deps.listRollUps,
    config: {
      portfolio: config.portfolio,
      sites: config.sites.map((s) => ({ name: s.name, baseUrl: s.baseUrl })),
    },
  };
  for (const extra of deps.plugins ?? []) {
    await app.register(extra.plugin, { ...(extra.options ?? {}), ...pluginContext });
  }
  return app as unknown as FastifyInstance;
}
