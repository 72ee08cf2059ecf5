/**
 * The Jira Cloud simulator: `startJiraSim()` starts every site on its own port (127.0.0.1, ephemeral by default)
 * plus an admin server for fault injection, call counters, reset and seed. See docs/jira-sim.md.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { z } from 'zod';
import { CallCounter, FaultInjector, FaultSpecSchema } from './faults.js';
import type { Fault, FaultSpec } from './faults.js';
import { Dispatcher, hostRoutedServer, listen, send, siteServer } from './server.js';
import type { SiteRuntime } from './server.js';
import { baseSite, seedSite } from './seed.js';
import type { SeedOptions, SiteSeedOptions } from './seed.js';
import { attachDelivery } from './resources/webhooks.js';
import type { WebhookDelivery } from './resources/webhooks.js';
import type { SiteState } from './state/site-state.js';
import type { Account } from './state/types.js';
import { parseJsonBody, readBody } from './http.js';
import { resolveIndexing } from './indexing.js';
import { RateLimiter } from './rate-limits.js';
import type { PointsReport, RateLimitOptions } from './rate-limits.js';
import type { IndexingOption } from './indexing.js';

export type { SeedOptions, SiteSeedOptions } from './seed.js';
export type { FaultSpec, Fault } from './faults.js';
export type { WebhookDelivery } from './resources/webhooks.js';
export { mailbox, setOutgoingMail, type QueuedMail } from './resources/notify.js';
export type { IndexedPath, IndexingOption } from './indexing.js';
export type { PointsReport, RateLimitOptions } from './rate-limits.js';
export { JIRA_LIKE_RATE_LIMITS } from './rate-limits.js';
export { appIndexedPaths } from './indexing.js';
export {
  ADMINISTRATORS_ROLE,
  APP_ROLE,
  PROJECT_PERMISSION_KEYS,
  addRoleMember,
  grant,
  removeRoleMember,
  restrictProject,
  revoke,
  setHolders,
} from './state/permissions.js';
export type { PermissionHolder, ProjectPermissionKey } from './state/permissions.js';
export { FEATURE_REQUEST_TYPE, PORTFOLIO_KEY, PORTFOLIO_STATUSES, PORTFOLIO_TYPE } from './seed.js';

export const DEFAULT_SECRET = 'os2-dev-secret';

/**
 * Default search index lag (ms). Atlassian: search "may return stale or outdated data ... the delay might vary
 * from a few seconds to minutes ... the majority of modifications are shown within seconds". One second is the
 * low end of that, so every test and benchmark meets a stale index unless it says why not (`indexLagMs: 0`).
 */
export const DEFAULT_INDEX_LAG_MS = 1000;

export interface StartOptions {
  sites?: SiteSeedOptions[];
  /** Seed options, or false for sites with only their admin and app accounts and base configuration. */
  seed?: SeedOptions | false;
  /** Signing secret of the governance and votes mirrors (default 'os2-dev-secret'). */
  secret?: string;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** First port (0: ephemeral, the default). With 'ports' routing site n listens on port+n, admin after them. */
  port?: number;
  /** 'ports' (default): one port per site. 'host': one port for all sites, routed by the Host header's first label. */
  routing?: 'ports' | 'host';
  /** Search index lag of every site in ms (default {@link DEFAULT_INDEX_LAG_MS}; 0: read-after-write). */
  indexLagMs?: number;
  /**
   * Which entity property paths JQL searches: 'manifest' (default) the app's `jira:entityProperty` declarations
   * in manifest.yml, as Jira indexes them; a list of declarations; or 'all' (every path, untyped).
   */
  indexing?: IndexingOption;
  /** Jira's rate limits for every site (default: none enforced; points are always counted). */
  rateLimits?: RateLimitOptions;
  /**
   * Anonymous access on every site (default true, as Jira Cloud): requests without valid credentials (missing,
   * bad, expired or revoked token) are answered as the anonymous user where the OpenAPI description allows it.
   * false: 401 everywhere but serverInfo and tenant_info without credentials. See docs/jira-sim.md.
   */
  anonymousAccess?: boolean;
}

/** Credentials a client (jira.js, the worker, the Forge harness) uses for basic auth against one site. */
export interface SimCredentials {
  host: string;
  email: string;
  apiToken: string;
  accountId: string;
}

export interface SimSite {
  readonly name: string;
  readonly baseUrl: string;
  readonly cloudId: string;
  /** The live state (projects, issues, accounts...). Replaced on reset/seed: read it again after those. */
  readonly state: SiteState;
  /** The site administrator (Administer Jira). */
  readonly admin: SimCredentials;
  /** Credentials of an account by accountId or email. Throws if there is no such account. */
  asUser(accountIdOrEmail: string): SimCredentials;
  /** The app account (accountType 'app', Administer Jira), as a Forge app's asApp() calls would act. */
  asApp(): SimCredentials;
  /** Adds an account (with its own API token) and returns its credentials. */
  addUser(input: { displayName: string; email: string; groups?: string[] }): SimCredentials;
  calls(): Record<string, number>;
  callCount(methodAndTemplate: string): number;
  totalCalls(): number;
  /** The most requests served at once since the last `resetCalls()`. */
  maxInFlight(): number;
  resetCalls(): void;
  injectFault(spec: Omit<FaultSpec, 'site'>): Fault;
  clearFaults(): void;
  /** Webhook deliveries made by this site (newest last). */
  readonly deliveries: WebhookDelivery[];
  /** Restores this site to its seeded state (counters and faults kept). */
  reset(): void;
  /** Re-seeds this site with other options (false: empty), as POST /__sim/seed does; credentials stay. */
  seed(options: SeedOptions | false): void;
  /** Search index lag of this site in ms (0: read-after-write); kept across reset and seed. */
  indexLagMs: number;
  /** Rate limits enforced on this site (replace to change; kept across reset and seed). */
  rateLimits: RateLimitOptions;
  /** Anonymous access on this site (read/write; kept across reset and seed). See docs/jira-sim.md. */
  anonymousAccess: boolean;
  /** Keys of the projects the anonymous user may browse (read/write; kept across reset and seed). */
  anonymousBrowse: string[];
  /**
   * Revokes an account's API token, as an administrator does at id.atlassian.com: from now on it authenticates
   * nobody, so the client is served as anonymous (or 401, see anonymousAccess). Kept across reset and seed.
   */
  revokeToken(accountIdOrEmail: string): void;
  /** Makes a revoked token valid again (a new token with the same value, for tests of recovery). */
  restoreToken(accountIdOrEmail: string): void;
  /** Points charged so far (Jira's points model: 1 per request plus 1 per object a read returns). */
  points(): PointsReport;
  resetPoints(): void;
}

export interface JiraSim {
  sites: { name: string; baseUrl: string; email: string; apiToken: string; cloudId: string }[];
  adminUrl: string;
  site(name: string): SimSite;
  close(): Promise<void>;
}

const DEFAULT_SITES: SiteSeedOptions[] = [{ name: 'os2' }, { name: 'supplier' }];

interface RuntimeEx extends SiteRuntime {
  options: SiteSeedOptions;
  admin: Account;
  app: Account;
  deliveries: WebhookDelivery[];
  baseUrl: string;
}

const BehaviourRequestSchema = z.strictObject({
  site: z.string().optional(),
  indexLagMs: z.number().int().nonnegative().max(600_000).optional(),
  anonymousAccess: z.boolean().optional(),
  anonymousBrowse: z.array(z.string().min(1)).optional(),
  /** Accounts (id or e-mail) whose API token is revoked / made valid again. */
  revokeTokens: z.array(z.string().min(1)).optional(),
  restoreTokens: z.array(z.string().min(1)).optional(),
});

const SeedRequestSchema = z.strictObject({
  site: z.string().optional(),
  featureRequestsPerProduct: z.number().int().nonnegative().max(50_000).optional(),
  bugsPerProduct: z.number().int().nonnegative().max(50_000).optional(),
  tasksPerProduct: z.number().int().nonnegative().max(50_000).optional(),
  randomSeed: z.number().int().optional(),
  empty: z.boolean().optional(),
});

export async function startJiraSim(opts: StartOptions = {}): Promise<JiraSim> {
  const secret = opts.secret ?? DEFAULT_SECRET;
  const host = opts.host ?? '127.0.0.1';
  const siteOptions = opts.sites ?? DEFAULT_SITES;
  let seedOptions: SeedOptions | false = opts.seed === undefined ? {} : opts.seed;
  const names = siteOptions.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error('Site names must be unique');
  for (const n of names)
    if (!/^[a-z][a-z0-9-]*$/.test(n)) throw new Error(`Site name '${n}' must be a lowercase DNS label`);

  const runtimes = new Map<string, RuntimeEx>();
  const indexedPaths = resolveIndexing(opts.indexing);
  const lagOf = new Map<string, number>(
    siteOptions.map((o) => [o.name, o.indexLagMs ?? opts.indexLagMs ?? DEFAULT_INDEX_LAG_MS]),
  );
  const anonymousOf = new Map<string, { access: boolean; browse: Set<string>; revoked: Set<string> }>(
    siteOptions.map((o) => [
      o.name,
      {
        access: o.anonymousAccess ?? opts.anonymousAccess ?? true,
        browse: new Set(o.anonymousBrowse ?? []),
        revoked: new Set<string>(),
      },
    ]),
  );
  const faults = new FaultInjector();
  const dispatcher = new Dispatcher(faults, (n) => runtimes.get(n));

  const build = (
    o: SiteSeedOptions,
    seed: SeedOptions | false,
    baseUrl: string,
  ): Omit<RuntimeEx, 'counter' | 'deliveries'> => {
    const { state, admin, app } = baseSite(o.name, secret);
    state.baseUrl = baseUrl;
    state.indexedPaths = indexedPaths;
    if (seed !== false) seedSite(state, admin, o, seed, secret);
    // After the seed: seeded issues are indexed; only writes through the API lag.
    state.indexLagMs = lagOf.get(o.name) ?? 0;
    // Shared, not copied: a switch flipped at run time holds for the re-seeded state too.
    const anon = anonymousOf.get(o.name)!;
    state.anonymousAccess = anon.access;
    state.anonymousBrowse = anon.browse;
    state.revokedTokens = anon.revoked;
    return { state, admin, app, options: o, baseUrl };
  };

  const servers: Server[] = [];
  const basePort = opts.port ?? 0;
  const baseUrls = new Map<string, string>();
  if (opts.routing === 'host') {
    const s = hostRoutedServer(dispatcher, () => [...runtimes.keys()]);
    const port = await listen(s, host, basePort);
    servers.push(s);
    for (const n of names) baseUrls.set(n, `http://${n}.localhost:${port}`);
  } else {
    for (const [i, o] of siteOptions.entries()) {
      const s = siteServer(dispatcher, o.name);
      const port = await listen(s, host, basePort === 0 ? 0 : basePort + i);
      servers.push(s);
      baseUrls.set(o.name, `http://${host}:${port}`);
    }
  }
  for (const o of siteOptions) {
    const deliveries: WebhookDelivery[] = [];
    const limiter = new RateLimiter();
    limiter.options = { ...(opts.rateLimits ?? {}), ...(o.rateLimits ?? {}) };
    const rt: RuntimeEx = {
      ...build(o, seedOptions, baseUrls.get(o.name)!),
      counter: new CallCounter(),
      limiter,
      deliveries,
    };
    attachDelivery(rt.state, deliveries);
    runtimes.set(o.name, rt);
  }

  const reseed = (name: string, seed: SeedOptions | false): void => {
    const old = runtimes.get(name)!;
    const fresh = build(old.options, seed, old.baseUrl);
    const rt: RuntimeEx = {
      ...fresh,
      counter: old.counter,
      limiter: old.limiter,
      deliveries: old.deliveries,
    };
    attachDelivery(rt.state, rt.deliveries);
    runtimes.set(name, rt);
  };

  const rt = (name: string): RuntimeEx => {
    const r = runtimes.get(name);
    if (!r) throw new Error(`No simulated site named '${name}' (sites: ${[...runtimes.keys()].join(', ')})`);
    return r;
  };
  const creds = (name: string, a: Account): SimCredentials => ({
    host: rt(name).baseUrl,
    email: a.emailAddress,
    apiToken: a.apiToken,
    accountId: a.accountId,
  });

  const accountOf = (name: string, idOrEmail: string): Account => {
    const st = rt(name).state;
    const a = st.accounts.get(idOrEmail) ?? st.accountsByEmail.get(idOrEmail.toLowerCase());
    if (!a) throw new Error(`No account '${idOrEmail}' on site '${name}'`);
    return a;
  };

  const simSites = new Map<string, SimSite>();
  for (const name of names) {
    const s: SimSite = {
      name,
      get baseUrl() {
        return rt(name).baseUrl;
      },
      get cloudId() {
        return rt(name).state.cloudId;
      },
      get state() {
        return rt(name).state;
      },
      get admin() {
        return creds(name, rt(name).admin);
      },
      asUser(idOrEmail) {
        return creds(name, accountOf(name, idOrEmail));
      },
      asApp() {
        return creds(name, rt(name).app);
      },
      addUser(input) {
        const a = rt(name).state.addAccount({
          displayName: input.displayName,
          emailAddress: input.email,
          groups: input.groups,
        });
        return creds(name, a);
      },
      calls: () => rt(name).counter.snapshot(),
      callCount: (k) => rt(name).counter.get(k),
      totalCalls: () => rt(name).counter.total(),
      maxInFlight: () => rt(name).counter.maxInFlight(),
      resetCalls: () => rt(name).counter.reset(),
      injectFault: (spec) => faults.add(FaultSpecSchema.parse({ ...spec, site: name })),
      clearFaults: () => faults.clear(name),
      get deliveries() {
        return rt(name).deliveries;
      },
      reset: () => reseed(name, seedOptions),
      seed: (options) => reseed(name, options),
      get rateLimits() {
        return rt(name).limiter!.options;
      },
      set rateLimits(o: RateLimitOptions) {
        rt(name).limiter!.options = o;
      },
      get anonymousAccess() {
        return anonymousOf.get(name)!.access;
      },
      set anonymousAccess(on: boolean) {
        anonymousOf.get(name)!.access = on;
        rt(name).state.anonymousAccess = on;
      },
      get anonymousBrowse() {
        return [...anonymousOf.get(name)!.browse];
      },
      set anonymousBrowse(keys: string[]) {
        const set = anonymousOf.get(name)!.browse;
        set.clear();
        for (const k of keys) set.add(k);
        rt(name).state.touch();
      },
      revokeToken(idOrEmail) {
        anonymousOf.get(name)!.revoked.add(accountOf(name, idOrEmail).accountId);
      },
      restoreToken(idOrEmail) {
        anonymousOf.get(name)!.revoked.delete(accountOf(name, idOrEmail).accountId);
      },
      points: () => rt(name).limiter!.report(),
      resetPoints: () => rt(name).limiter!.resetPoints(),
      get indexLagMs() {
        return lagOf.get(name) ?? 0;
      },
      set indexLagMs(ms: number) {
        lagOf.set(name, ms);
        rt(name).state.indexLagMs = ms;
      },
    };
    simSites.set(name, s);
  }

  // ---- admin API ----
  const admin = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim.invalid');
      const method = req.method ?? 'GET';
      try {
        const text = await readBody(req);
        const body = parseJsonBody(text);
        const path = url.pathname.replace(/\/+$/, '');
        if (path === '/__sim/faults' && method === 'POST') {
          const r = FaultSpecSchema.safeParse(body);
          if (!r.success)
            return send(res, 400, {
              errorMessages: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
              errors: {},
            });
          if (!runtimes.has(r.data.site))
            return send(res, 404, { errorMessages: [`No site '${r.data.site}'`], errors: {} });
          return send(res, 201, faults.add(r.data));
        }
        if (path === '/__sim/faults' && method === 'GET') return send(res, 200, faults.list());
        if (path === '/__sim/faults' && method === 'DELETE') {
          faults.clear(url.searchParams.get('site') ?? undefined);
          return send(res, 204, undefined);
        }
        if (path === '/__sim/calls' && method === 'GET') {
          const site = url.searchParams.get('site');
          if (site) {
            if (!runtimes.has(site))
              return send(res, 404, { errorMessages: [`No site '${site}'`], errors: {} });
            return send(res, 200, rt(site).counter.snapshot());
          }
          return send(res, 200, Object.fromEntries([...runtimes].map(([n, r]) => [n, r.counter.snapshot()])));
        }
        if (path === '/__sim/calls' && method === 'DELETE') {
          const site = url.searchParams.get('site');
          for (const [n, r] of runtimes) if (!site || site === n) r.counter.reset();
          return send(res, 204, undefined);
        }
        if (path === '/__sim/reset' && method === 'POST') {
          for (const n of runtimes.keys()) reseed(n, seedOptions);
          faults.clear();
          for (const r of runtimes.values()) r.counter.reset();
          return send(res, 204, undefined);
        }
        if (path === '/__sim/seed' && method === 'POST') {
          const r = SeedRequestSchema.safeParse(body ?? {});
          if (!r.success)
            return send(res, 400, {
              errorMessages: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
              errors: {},
            });
          const { site, empty, ...seed } = r.data;
          if (site && !runtimes.has(site))
            return send(res, 404, { errorMessages: [`No site '${site}'`], errors: {} });
          const next: SeedOptions | false = empty ? false : { ...(seedOptions || {}), ...seed };
          if (!site) seedOptions = next;
          const t0 = Date.now();
          for (const n of runtimes.keys()) if (!site || site === n) reseed(n, next);
          return send(res, 200, {
            seededMs: Date.now() - t0,
            sites: [...runtimes]
              .filter(([n]) => !site || n === site)
              .map(([n, x]) => ({ name: n, projects: x.state.projects.size, issues: x.state.issues.size })),
          });
        }
        if (path === '/__sim/behaviour' && method === 'POST') {
          const r = BehaviourRequestSchema.safeParse(body ?? {});
          if (!r.success)
            return send(res, 400, {
              errorMessages: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
              errors: {},
            });
          if (r.data.site && !runtimes.has(r.data.site))
            return send(res, 404, { errorMessages: [`No site '${r.data.site}'`], errors: {} });
          for (const n of runtimes.keys()) {
            if (r.data.site && r.data.site !== n) continue;
            const unknown = [...(r.data.revokeTokens ?? []), ...(r.data.restoreTokens ?? [])].filter(
              (a) => !rt(n).state.accounts.has(a) && !rt(n).state.accountsByEmail.has(a.toLowerCase()),
            );
            if (unknown.length)
              return send(res, 404, {
                errorMessages: [`No account '${unknown[0]}' on site '${n}'`],
                errors: {},
              });
          }
          for (const n of runtimes.keys()) {
            if (r.data.site && r.data.site !== n) continue;
            const s = simSites.get(n)!;
            if (r.data.indexLagMs !== undefined) s.indexLagMs = r.data.indexLagMs;
            if (r.data.anonymousAccess !== undefined) s.anonymousAccess = r.data.anonymousAccess;
            if (r.data.anonymousBrowse !== undefined) s.anonymousBrowse = r.data.anonymousBrowse;
            for (const a of r.data.revokeTokens ?? []) s.revokeToken(a);
            for (const a of r.data.restoreTokens ?? []) s.restoreToken(a);
          }
          return send(res, 200, behaviour());
        }
        if (path === '/__sim/behaviour' && method === 'GET') return send(res, 200, behaviour());
        if (path === '/__sim/points' && method === 'GET')
          return send(res, 200, Object.fromEntries([...runtimes].map(([n, r]) => [n, r.limiter!.report()])));
        if (path === '/__sim/sites' && method === 'GET') return send(res, 200, describe());
        if (path === '/__sim/deliveries' && method === 'GET') {
          const site = url.searchParams.get('site');
          if (!site || !runtimes.has(site))
            return send(res, 404, { errorMessages: [`No site '${site ?? ''}'`], errors: {} });
          return send(res, 200, rt(site).deliveries);
        }
        return send(res, 404, {
          errorMessages: [`Unknown admin route ${method} ${url.pathname}`],
          errors: {},
        });
      } catch (e) {
        const status = (e as { status?: number }).status ?? 500;
        return send(res, status, { errorMessages: [(e as Error).message], errors: {} });
      }
    })();
  });
  const adminPort = await listen(
    admin,
    host,
    basePort === 0 ? 0 : basePort + (opts.routing === 'host' ? 1 : names.length),
  );
  servers.push(admin);
  const adminUrl = `http://${host}:${adminPort}`;

  const behaviour = () =>
    Object.fromEntries(
      names.map((n) => {
        const anon = anonymousOf.get(n)!;
        return [
          n,
          {
            indexLagMs: lagOf.get(n) ?? 0,
            anonymousAccess: anon.access,
            anonymousBrowse: [...anon.browse],
            revokedTokens: [...anon.revoked],
          },
        ];
      }),
    );

  const describe = () =>
    names.map((n) => {
      const r = rt(n);
      return {
        name: n,
        baseUrl: r.baseUrl,
        email: r.admin.emailAddress,
        apiToken: r.admin.apiToken,
        cloudId: r.state.cloudId,
      };
    });

  return {
    get sites() {
      return describe();
    },
    adminUrl,
    site(name: string): SimSite {
      const s = simSites.get(name);
      if (!s) throw new Error(`No simulated site named '${name}' (sites: ${names.join(', ')})`);
      return s;
    },
    async close(): Promise<void> {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
