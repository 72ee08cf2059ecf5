/**
 * The `__forge_fetch__` seam. `@forge/api` (requestJira as app or as user) and `@forge/kvs` send every request
 * through `globalThis.__forge_fetch__(meta, path, init)`; this module defines it once and dispatches each call to
 * the installation whose invocation is running (an AsyncLocalStorage context), so several installations (two
 * Jira sites) can run side by side in one process.
 *
 * - `meta.type === 'kvs'` → the installation's local storage service (`KvsService`)
 * - `meta.type === 'fpp'`, `remote: 'jira'` → the installation's Jira site, with the credentials the
 *   installation's `jiraAuth` gives for the app (`provider: 'app' | 'none'`) or for the acting user
 *   (`provider: 'user'`, `meta.accountId` or the invocation's principal)
 * - `meta.remote === 'stargate'`, `POST /webhook/queue/publish/…` → the installation's async events queue
 *   (`@forge/events` `Queue.push`; see ./async-events.ts)
 * - anything else → an answer with a `forge-proxy-error` header, as Forge's proxy does for what it refuses
 *
 * `latency` adds a fixed delay to every storage operation and queue push, as Forge's network roughly has
 * (Jira latency is the simulator's own fault injection), so benchmarks can see what a user waits for.
 *
 * It also defines `globalThis.__forge_runtime__` so `getAppContext()` works.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { KvsService } from './kvs-service.js';
import type { AsyncEventsService } from './async-events.js';

export interface ForgePrincipal {
  provider: 'app' | 'user';
  accountId?: string;
}

export interface ForgeInstallation {
  /** e.g. https://os2.atlassian.net; the site's REST base for requestJira. */
  jiraBaseUrl: string;
  cloudId: string;
  installationId: string;
  kvs: KvsService;
  /** Headers (Authorization) for a Jira call made as the app or as a user. Undefined: the user is unknown. */
  jiraAuth(principal: ForgePrincipal): Record<string, string> | undefined;
  /** Every Jira call made through the seam, for assertions. */
  jiraCalls: {
    provider: 'app' | 'user';
    accountId?: string;
    method: string;
    path: string;
    /** performance.now() when sent and when answered (for critical paths). */
    start?: number;
    end?: number;
  }[];
  /** Forge's async events (`@forge/events`); without it a push answers as the proxy does for what it refuses. */
  asyncEvents?: AsyncEventsService;
  /** Added to every storage operation and every queue push, in ms. */
  latency?: { storageMs?: number; queueMs?: number };
  /** Every storage operation and queue push with its start and end (performance.now()), for critical paths. */
  platformOps?: { kind: 'kvs' | 'queue'; path: string; key?: string; start: number; end: number }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed(
  installation: ForgeInstallation,
  kind: 'kvs' | 'queue',
  path: string,
  delayMs: number | undefined,
  body: unknown,
  fn: () => Promise<Response> | Response,
): Promise<Response> {
  const start = performance.now();
  if (delayMs) await sleep(delayMs);
  const res = await fn();
  installation.platformOps?.push({ kind, path, ...keyOf(body), start, end: performance.now() });
  return res;
}

/** The storage key (or batch keys) a request names, so a critical path can say what it read or wrote. */
function keyOf(body: unknown): { key?: string } {
  if (typeof body !== 'string') return {};
  try {
    const req = JSON.parse(body) as unknown;
    // A batch is an array of items; a transaction names its keys under set/delete/check.
    const items: unknown[] = Array.isArray(req)
      ? req
      : typeof req === 'object' && req !== null && 'key' in req
        ? [req]
        : Object.values(req as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v : []));
    const keys = items.map((i) => (i as { key?: unknown }).key).filter((k) => typeof k === 'string');
    if (keys.length) return { key: keys.join(',') };
  } catch {
    // Not JSON: the service answers that itself; the trace simply names no key.
  }
  return {};
}

interface Invocation {
  installation: ForgeInstallation;
  accountId?: string;
}

const invocations = new AsyncLocalStorage<Invocation>();
let defaultInstallation: ForgeInstallation | undefined;

type ForgeMeta = { type: string; provider?: string; remote?: string; accountId?: string };

function proxyError(status: number, reason: string): Response {
  return new Response(JSON.stringify({ message: reason }), {
    status,
    headers: { 'forge-proxy-error': reason, 'content-type': 'application/json' },
  });
}

async function forgeFetch(meta: ForgeMeta, path: string, init: RequestInit = {}): Promise<Response> {
  const current = invocations.getStore();
  const installation = current?.installation ?? defaultInstallation;
  if (!installation) return proxyError(500, 'NO_INSTALLATION');
  if (meta.type === 'kvs') {
    return timed(installation, 'kvs', path, installation.latency?.storageMs, init.body, () =>
      installation.kvs.fetch(path, { method: init.method, body: init.body as unknown }),
    );
  }
  if (meta.type === 'fpp' && meta.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
    const queue = installation.asyncEvents;
    if (!queue) return proxyError(403, 'EGRESS_NOT_ALLOWED');
    return timed(installation, 'queue', path, installation.latency?.queueMs, undefined, () => {
      try {
        return queue.publish(JSON.parse(String(init.body ?? '')));
      } catch {
        return Response.json({ errorMessage: 'Body is not JSON' }, { status: 400 });
      }
    });
  }
  if (meta.type === 'fpp' && meta.remote === 'jira') {
    const provider = meta.provider === 'user' ? 'user' : 'app';
    const accountId = provider === 'user' ? (meta.accountId ?? current?.accountId) : undefined;
    if (provider === 'user' && !accountId) return proxyError(401, 'NEEDS_AUTHENTICATION_ERR');
    const auth = installation.jiraAuth({ provider, accountId });
    if (!auth) return proxyError(401, 'NEEDS_AUTHENTICATION_ERR');
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(auth)) headers.set(k, v);
    const call: ForgeInstallation['jiraCalls'][number] = {
      provider,
      accountId,
      method: init.method ?? 'GET',
      path,
      start: performance.now(),
    };
    installation.jiraCalls.push(call);
    try {
      return await fetch(installation.jiraBaseUrl.replace(/\/$/, '') + path, { ...init, headers });
    } finally {
      Object.assign(call, { end: performance.now() });
    }
  }
  return proxyError(403, 'EGRESS_NOT_ALLOWED');
}

const metrics = {
  counter: () => ({ incr: () => undefined, decr: () => undefined }),
  timing: () => ({ measure: () => ({ stop: () => undefined }) }),
  gauge: () => ({ set: () => undefined }),
};

/** Defines the globals once. Safe to call repeatedly. */
export function installForgeGlobals(installation?: ForgeInstallation): void {
  const g = globalThis as Record<string, unknown>;
  g.__forge_fetch__ = forgeFetch;
  if (installation) defaultInstallation = installation;
  g.__forge_runtime__ = {
    proxy: { token: 'local', url: 'local' },
    metrics,
    tracing: { traceId: 'local', spanId: 'local' },
    lambdaContext: { getRemainingTimeInMillis: () => 25_000 },
    get appContext() {
      const inst = invocations.getStore()?.installation ?? defaultInstallation;
      return {
        appId: 'os2-governance-local',
        appVersion: '1.0.0',
        environmentId: 'local',
        environmentType: 'DEVELOPMENT',
        invocationId: 'local',
        installationId: inst?.installationId ?? 'local',
        moduleKey: 'local',
      };
    },
  };
}

/** Runs `fn` as one Forge invocation of `installation`, acting for `accountId` (or as the app only). */
export function runInvocation<T>(
  installation: ForgeInstallation,
  accountId: string | undefined,
  fn: () => T,
): T {
  installForgeGlobals();
  return invocations.run({ installation, accountId }, fn);
}

export function uninstallForgeGlobals(installation: ForgeInstallation): void {
  if (defaultInstallation === installation) defaultInstallation = undefined;
}
