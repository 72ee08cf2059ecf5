/**
 * A local Forge runtime for the OS2 governance app: the app's unmodified resolvers and triggers run against a
 * site of the Jira simulator (jira-sim) and a local Forge storage service (./kvs-service.ts), through the
 * `__forge_fetch__` seam that @forge/api and @forge/kvs send every request through (./runtime.ts).
 *
 * API (used by the tests in test/forge-app and by the demo, `npm start`):
 *
 *   const forge = await startForgeRuntime({ jiraSim, siteName: 'os2', secret, syncUrl? });
 *   // one resolver call, as the user `accountId`, in the module `moduleResolverKey`:
 *   const answer = await forge.invoke('project-page', 'transition',
 *     { action: 'approve', expectedRevision: 7, input: { basis: '...' } },
 *     { accountId: 'acc-board-1', project: 'MO' });           // or issue: 'MO-12'; or context: {...}
 *   // answer: { ok: true, data } | { ok: false, error: { code, message, issues? } }
 *   await forge.trigger({ eventType: 'avi:jira:updated:issue', issue: { id: '10001' } });
 *   const url = await forge.webTriggerUrl('os2-import');   // POST to it as Forge's web trigger URL (see below)
 *   forge.kvs          // the KvsService (dump(), calls, failNext(), ...)
 *   forge.jiraCalls    // every Jira call the app made: { provider: 'app' | 'user', accountId?, method, path }
 *   await forge.close();
 *
 * `moduleResolverKey` is the manifest resource key of the UI module: 'project-page', 'settings-page',
 * 'issue-panel' (also used by the issue glance), 'global-page', 'admin-page'.
 *
 * On start (unless `seed: false`) the installation is configured as an administrator would on the admin page:
 * the directory maps every `kommune-<code>` group of the site to its municipality, the roles are the seed's
 * `os2-sekretariat` / `os2-bestyrelse`, the secret and the sync address are stored. The site's fixture products
 * are written to Forge storage (the source of truth; the simulator's seed already holds their signed mirrors),
 * and the votes behind each seeded `os2-votes` mirror become one vote key per municipality.
 *
 * Jira calls as the app use the site's app account; calls as a user use that user's own API token, so Jira's
 * permission checks (403s) apply exactly as they would to the user in Forge.
 */
import { createServer, type Server } from 'node:http';
import { KvsService } from './kvs-service.js';
import { AsyncEventsService } from './async-events.js';
import {
  installForgeGlobals,
  runInvocation,
  uninstallForgeGlobals,
  type ForgeInstallation,
} from './runtime.js';
import type { JiraSim, SimSite } from '../jira-sim/index.js';
import { FIXTURE_PRODUCTS } from '../demo/fixtures.js';
import { MUNICIPALITIES } from '../src/domain/municipalities.js';
import { readVotesMirror, VOTES_PROPERTY } from '../src/mirror/votes-mirror.js';
import { keys } from '../src/app/storage.js';
import type { Vote } from '../src/domain/vote.js';

export { KvsService } from './kvs-service.js';
export { AsyncEventsService } from './async-events.js';
export { runInvocation, installForgeGlobals } from './runtime.js';
export type { ForgeInstallation } from './runtime.js';

export type ModuleResolverKey =
  'project-page' | 'settings-page' | 'issue-panel' | 'global-page' | 'admin-page';

export interface Answer<T = unknown> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] };
}

export interface InvokeOptions {
  accountId: string;
  /** Project key or id: sets `context.extension.project`. */
  project?: string;
  /** Issue key or id: sets `context.extension.issue` and its project. */
  issue?: string;
  /** Jira locale of the user, e.g. 'en_US' (Forge passes it in the context). */
  locale?: string;
  /** Extra context, merged last. */
  context?: Record<string, unknown>;
}

export interface ForgeRuntimeOptions {
  jiraSim: JiraSim;
  siteName: string;
  /** Signing secret of mirrors and events (the simulator's default is 'os2-dev-secret'). */
  secret?: string;
  /** The sync service's /events address; default none (events are then not sent). */
  syncUrl?: string;
  /** Configure the installation and copy the fixtures into storage (default true). */
  seed?: boolean;
  kvs?: KvsService;
  /** How long one second of an async event's delay or retryAfter takes here (default 1,000 ms). */
  asyncEventSecondMs?: number;
  /** Delay added to every storage operation and queue push (Jira latency is the simulator's fault injection). */
  latency?: { storageMs?: number; queueMs?: number };
  /**
   * The handler modules to run; default the source (`src/resolvers/index.ts`, `src/triggers/index.ts`,
   * `src/consumers/index.ts`). The release tests pass the modules of the built bundles (dist/functions/*.cjs) to
   * replay calls against them: every module a manifest function names, so no bundle runs with source beside it.
   */
  handlers?: {
    resolvers: Record<string, unknown>;
    triggers: Record<string, unknown>;
    consumers: Record<string, unknown>;
    /** src/webtriggers/index.ts (manifest `webtrigger`); without it the source module is used. */
    webtriggers?: Record<string, unknown>;
  };
  /** Forge gives a web trigger 55 s; a test may shorten it. */
  webTriggerTimeoutMs?: number;
}

/** A web trigger's request as Forge hands it to the function (web trigger events reference). */
export interface WebTriggerRequest {
  method: string;
  headers: Record<string, string[]>;
  body: string;
  path: string;
  queryParameters: Record<string, string[]>;
}
export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

export interface ForgeRuntime {
  readonly siteName: string;
  readonly siteUrl: string;
  readonly cloudId: string;
  readonly kvs: KvsService;
  readonly installation: ForgeInstallation;
  readonly jiraCalls: ForgeInstallation['jiraCalls'];
  /** Forge's async events: pushes, deliveries to the consumer, `settled()`. */
  readonly asyncEvents: AsyncEventsService;
  invoke<T = unknown>(
    module: ModuleResolverKey,
    functionKey: string,
    payload: Record<string, unknown>,
    opts: InvokeOptions,
  ): Promise<Answer<T>>;
  /** Delivers a product event to the trigger handler, as Forge would (no user principal). */
  trigger(event: Record<string, unknown>): Promise<unknown>;
  /**
   * Runs a scheduled trigger once, as Forge does every interval: no user, the request `{ context: { cloudId,
   * moduleKey }, contextToken }`. Returns the handler's answer (Forge checks its status code).
   */
  scheduled(moduleKey: 'os2-reminders'): Promise<{ statusCode: number; body?: string }>;
  /**
   * Calls a web trigger's function as Forge does for an HTTP request to its URL: no user (Forge does not
   * authenticate web trigger calls), the request as `{ method, headers: { name: [values] }, body, path,
   * queryParameters }`. An answer that is not `{ statusCode: number, headers?: { name: string[] }, body?: string }`
   * becomes a 500, as in Forge; so does a function that runs past the time limit (55 s).
   */
  webTrigger(moduleKey: WebTriggerKey, request: Partial<WebTriggerRequest>): Promise<WebTriggerResponse>;
  /** The web trigger's URL (`forge webtrigger create`, `webTrigger.getUrl`): a local HTTP endpoint. */
  webTriggerUrl(moduleKey: WebTriggerKey): Promise<string>;
  /** Builds the Forge context a module would get for `opts` (project/issue looked up on the site). */
  contextFor(module: ModuleResolverKey, opts: InvokeOptions): Record<string, unknown>;
  /** Runs app code as one invocation (e.g. to call src/app functions directly). */
  run<T>(accountId: string | undefined, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const MODULE_TYPES: Record<ModuleResolverKey, { type: string; moduleKey: string; handler: string }> = {
  'project-page': {
    type: 'jira:projectPage',
    moduleKey: 'os2-governance-project-page',
    handler: 'projectPage',
  },
  'settings-page': {
    type: 'jira:projectSettingsPage',
    moduleKey: 'os2-issue-types-settings',
    handler: 'settingsPage',
  },
  'issue-panel': { type: 'jira:issuePanel', moduleKey: 'os2-issue-panel', handler: 'issuePanel' },
  'global-page': { type: 'jira:globalPage', moduleKey: 'os2-portfolio-page', handler: 'globalPage' },
  'admin-page': { type: 'jira:adminPage', moduleKey: 'os2-admin-page', handler: 'adminPage' },
};

/** manifest.yml `webtrigger` → the handler its function names (webtriggers/index.<handler>). */
const WEB_TRIGGER_HANDLERS = { 'os2-import': 'onImport', 'os2-app-data': 'onAppData' } as const;
export type WebTriggerKey = keyof typeof WEB_TRIGGER_HANDLERS;

/** Whether a function's answer is one Forge turns into an HTTP response (else Forge answers 500). */
function webTriggerAnswer(v: unknown): WebTriggerResponse | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const a = v as { statusCode?: unknown; headers?: unknown; body?: unknown };
  if (typeof a.statusCode !== 'number' || !Number.isInteger(a.statusCode)) return undefined;
  if (a.body !== undefined && typeof a.body !== 'string') return undefined;
  const headers: Record<string, string[]> = {};
  if (a.headers !== undefined) {
    if (typeof a.headers !== 'object' || a.headers === null) return undefined;
    for (const [k, x] of Object.entries(a.headers)) {
      if (!Array.isArray(x) || x.some((y) => typeof y !== 'string')) return undefined;
      headers[k] = x as string[];
    }
  }
  return { statusCode: a.statusCode, headers, body: (a.body as string | undefined) ?? '' };
}

/** manifest.yml `consumer`: queue key → handler exported by src/consumers/index.ts. */
const CONSUMERS: Record<string, string> = { 'os2-sync-events': 'onSyncEvent' };
/** manifest.yml `scheduledTrigger` → the handler its function names (triggers/index.<handler>). */
const SCHEDULED_HANDLERS: Record<'os2-reminders', string> = { 'os2-reminders': 'onSchedule' };

type Handler = (
  request: { call: { functionKey: string; payload?: unknown }; context: Record<string, unknown> },
  backendRuntimePayload?: Record<string, unknown>,
) => Promise<unknown>;

const basic = (email: string, token: string) => ({
  Authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
});

export function installationFor(site: SimSite, kvs: KvsService): ForgeInstallation {
  return {
    jiraBaseUrl: site.baseUrl,
    cloudId: site.cloudId,
    installationId: `local-${site.name}`,
    kvs,
    jiraCalls: [],
    jiraAuth: ({ provider, accountId }) => {
      if (provider === 'app') {
        const app = site.asApp();
        return basic(app.email, app.apiToken);
      }
      try {
        const user = site.asUser(accountId!);
        return basic(user.email, user.apiToken);
      } catch {
        return undefined;
      }
    },
  };
}

export async function startForgeRuntime(opts: ForgeRuntimeOptions): Promise<ForgeRuntime> {
  const site = opts.jiraSim.site(opts.siteName);
  const kvs = opts.kvs ?? new KvsService();
  const installation = installationFor(site, kvs);
  if (opts.latency) installation.latency = opts.latency;
  installation.platformOps = [];
  const asyncEvents = new AsyncEventsService(
    (fn) => runInvocation(installation, undefined, fn),
    opts.asyncEventSecondMs ?? 1_000,
  );
  installation.asyncEvents = asyncEvents;
  installForgeGlobals(installation);
  const resolvers = (opts.handlers?.resolvers ??
    (await import('../src/resolvers/index.js'))) as unknown as Record<string, Handler>;
  const triggers = (opts.handlers?.triggers ??
    (await import('../src/triggers/index.js'))) as unknown as Record<
    string,
    (event: unknown, context: unknown) => Promise<unknown>
  >;
  // The manifest's consumer modules: queue key → the consumer function's handler.
  const consumers = (opts.handlers?.consumers ??
    (await import('../src/consumers/index.js'))) as unknown as Record<
    string,
    (event: Record<string, unknown>) => Promise<unknown>
  >;
  // The manifest's web trigger functions; a release replay that passes bundles without them has none.
  const webtriggers = (opts.handlers
    ? (opts.handlers.webtriggers ?? {})
    : await import('../src/webtriggers/index.js')) as unknown as Record<
    string,
    (request: WebTriggerRequest, context: Record<string, unknown>) => Promise<unknown>
  >;
  const webTriggerTimeoutMs = opts.webTriggerTimeoutMs ?? 55_000;
  let webServer: { server: Server; url: string } | undefined;
  for (const [queue, handler] of Object.entries(CONSUMERS)) {
    const fn = consumers[handler];
    if (!fn) throw new Error(`No consumer handler ${handler}`);
    asyncEvents.consume(queue, fn);
  }

  const contextFor = (module: ModuleResolverKey, o: InvokeOptions): Record<string, unknown> => {
    const m = MODULE_TYPES[module];
    const extension: Record<string, unknown> = { type: m.type };
    if (o.issue) {
      const issue = site.state.resolveIssue(o.issue);
      if (!issue) throw new Error(`No issue ${o.issue} on site ${site.name}`);
      const project = site.state.resolveProject(issue.projectId)!;
      const type = site.state.projectIssueTypes(project).find((t) => t.id === issue.issueTypeId);
      extension.issue = { id: String(issue.id), key: issue.key, type: type?.name, typeId: issue.issueTypeId };
      extension.project = { id: project.id, key: project.key, type: project.projectTypeKey };
    } else if (o.project) {
      const project = site.state.resolveProject(o.project);
      if (!project) throw new Error(`No project ${o.project} on site ${site.name}`);
      extension.project = { id: project.id, key: project.key, type: project.projectTypeKey };
    }
    return {
      cloudId: site.cloudId,
      siteUrl: site.baseUrl,
      moduleKey: m.moduleKey,
      localId: `${m.moduleKey}-local`,
      extension,
      ...(o.locale ? { locale: o.locale } : {}),
      ...(o.context ?? {}),
    };
  };

  const run = <T>(accountId: string | undefined, fn: () => Promise<T>): Promise<T> =>
    runInvocation(installation, accountId, fn);

  const runtime: ForgeRuntime = {
    siteName: site.name,
    get siteUrl() {
      return site.baseUrl;
    },
    cloudId: site.cloudId,
    kvs,
    installation,
    jiraCalls: installation.jiraCalls,
    asyncEvents,
    contextFor,
    run,
    async invoke<T>(
      module: ModuleResolverKey,
      functionKey: string,
      payload: Record<string, unknown>,
      o: InvokeOptions,
    ) {
      const handler = resolvers[MODULE_TYPES[module].handler];
      if (!handler) throw new Error(`No resolver handler for ${module}`);
      const context = contextFor(module, o);
      const result = await run(o.accountId, () =>
        handler(
          { call: { functionKey, payload }, context },
          { principal: { accountId: o.accountId }, installContext: `ari:cloud:jira::site/${site.cloudId}` },
        ),
      );
      return result as Answer<T>;
    },
    async trigger(event) {
      const handler = triggers.onIssueEvent;
      if (!handler) throw new Error('No trigger handler onIssueEvent');
      return run(undefined, () =>
        handler(
          { ...event, context: { cloudId: site.cloudId, siteUrl: site.baseUrl } },
          { installContext: `ari:cloud:jira::site/${site.cloudId}`, siteUrl: site.baseUrl },
        ),
      );
    },
    async scheduled(moduleKey) {
      const handler = SCHEDULED_HANDLERS[moduleKey];
      const fn = triggers[handler];
      if (!fn) throw new Error(`No scheduled trigger handler ${handler}`);
      const answer = (await run(undefined, () =>
        fn(
          { context: { cloudId: site.cloudId, moduleKey }, contextToken: 'local-context-token' },
          { installContext: `ari:cloud:jira::site/${site.cloudId}` },
        ),
      )) as { statusCode?: unknown; body?: string };
      // Forge records a 424 for an answer without a status code.
      if (typeof answer?.statusCode !== 'number') return { statusCode: 424 };
      return { statusCode: answer.statusCode, ...(answer.body !== undefined ? { body: answer.body } : {}) };
    },
    async webTrigger(moduleKey, request) {
      const fn = webtriggers[WEB_TRIGGER_HANDLERS[moduleKey]];
      if (!fn) throw new Error(`No web trigger handler for ${moduleKey}`);
      const event: WebTriggerRequest = {
        method: request.method ?? 'POST',
        headers: request.headers ?? {},
        body: request.body ?? '',
        path: request.path ?? '/',
        queryParameters: request.queryParameters ?? {},
      };
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), webTriggerTimeoutMs);
      });
      try {
        const result = await Promise.race([
          run(undefined, () => fn(event, { installContext: `ari:cloud:jira::site/${site.cloudId}` })),
          timedOut,
        ]);
        const answer = result === 'timeout' ? undefined : webTriggerAnswer(result);
        return answer ?? { statusCode: 500, headers: {}, body: 'Internal Server Error' };
      } catch {
        return { statusCode: 500, headers: {}, body: 'Internal Server Error' };
      } finally {
        clearTimeout(timer);
      }
    },
    async webTriggerUrl(moduleKey) {
      if (!webServer) {
        const server = createServer((req, res) => {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            const url = new URL(req.url ?? '/', 'http://localhost');
            const m = /^\/x1\/([\w-]+)$/.exec(url.pathname);
            const key = Object.keys(WEB_TRIGGER_HANDLERS).find((k) => m?.[1] === `local-${k}`) as
              WebTriggerKey | undefined;
            if (!key) {
              res.writeHead(404).end();
              return;
            }
            const headers: Record<string, string[]> = {};
            for (const [k, v] of Object.entries(req.headers))
              if (v !== undefined) headers[k] = Array.isArray(v) ? v : [v];
            const queryParameters: Record<string, string[]> = {};
            for (const [k, v] of url.searchParams) (queryParameters[k] ??= []).push(v);
            void runtime
              .webTrigger(key, {
                method: req.method ?? 'GET',
                headers,
                body: Buffer.concat(chunks).toString('utf8'),
                path: url.pathname,
                queryParameters,
              })
              .then((answer) => {
                const out: Record<string, string> = {};
                for (const [k, v] of Object.entries(answer.headers)) out[k] = v.join(', ');
                res.writeHead(answer.statusCode, out).end(answer.body);
              });
          });
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        webServer = { server, url: `http://127.0.0.1:${port}` };
      }
      return `${webServer.url}/x1/local-${moduleKey}`;
    },
    async close() {
      if (webServer) {
        const { server } = webServer;
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
      }
      asyncEvents.close();
      uninstallForgeGlobals(installation);
    },
  };

  if (opts.seed !== false) await seedInstallation(runtime, site, opts);
  return runtime;
}

/** What an administrator and the app's history would have put in Forge storage (see the header). */
async function seedInstallation(
  runtime: ForgeRuntime,
  site: SimSite,
  opts: ForgeRuntimeOptions,
): Promise<void> {
  const kvs = runtime.kvs;
  const put = (key: string, value: unknown) => kvs.handle('/api/v1/set', { key, value });
  const directory = MUNICIPALITIES.filter((m) => site.state.groups.has(`kommune-${m.code}`)).map((m) => ({
    group: `kommune-${m.code}`,
    municipality: { name: m.name, code: m.code },
  }));
  put(keys.config('directory'), directory);
  put(keys.config('roles'), { secretariatGroup: 'os2-sekretariat', boardGroup: 'os2-bestyrelse' });
  put(keys.config('sync'), { url: opts.syncUrl ?? '' });
  kvs.handle('/api/v1/secret/set', { key: keys.secret, value: opts.secret ?? 'os2-dev-secret' });

  for (const product of FIXTURE_PRODUCTS.filter((p) => p.site === site.name)) {
    const { record, decisions } = product;
    if (!site.state.resolveProject(record.project.id)) continue;
    put(keys.revision(record.project.id, record.revision), { record, decisions });
    put(keys.head(record.project.id), record);
    for (const d of decisions) put(keys.decision(record.project.id, d), d);
  }

  // The votes behind the seeded os2-votes mirrors, one key per (issue, municipality).
  const secret = opts.secret ?? 'os2-dev-secret';
  for (const issue of site.state.issues.values()) {
    const tally = readVotesMirror(issue.properties?.get(VOTES_PROPERTY), secret, {
      projectId: issue.projectId,
      issueId: String(issue.id),
    });
    if (!tally || tally.count === 0) continue;
    const willing = tally.municipalities.slice(0, tally.coFinanceWilling);
    const share = willing.length ? Math.floor(tally.coFinanceTotalDkk / willing.length) : 0;
    tally.municipalities.forEach((code) => {
      const member = [...(site.state.groups.get(`kommune-${code}`)?.members ?? [])][0];
      const account = member ? site.state.accounts.get(member) : undefined;
      const index = willing.indexOf(code);
      const amount = index === 0 ? tally.coFinanceTotalDkk - share * (willing.length - 1) : share;
      const vote: Vote = {
        issueId: String(issue.id),
        municipality: code,
        castBy: { accountId: account?.accountId ?? 'unknown', displayName: account?.displayName ?? code },
        castAt: new Date(issue.created).toISOString(),
        coFinance: index >= 0 ? { willing: true, amountDkk: amount } : { willing: false },
      };
      put(keys.vote(vote.issueId, code), vote);
    });
  }
}
