import { AsyncLocalStorage } from 'node:async_hooks';
import { createCloudClient, isRateLimitError, isApiError, isNetworkError } from 'jira.js';
import { createClient } from 'jira.js/core';
import type { CloudClient, SchemaMismatchBehavior } from 'jira.js';
import type { Client } from 'jira.js/core';

/**
 * The Jira client the worker (and any Node-side tool) uses: a jira.js v6 cloud client over jira.js's own
 * fetch transport, with three additions the sync service needs and jira.js leaves to the caller:
 *
 * - every call is reported to `onCall` (site, method, route template, HTTP status, duration) for metrics and
 *   for counting calls per sync;
 * - a 429 is turned into a {@link JiraRateLimitedError} carrying the wait Jira asked for, read from
 *   `Retry-After` or, failing that, `X-RateLimit-Reset` (jira.js only reads `Retry-After`);
 * - a per-site {@link RateGate}: after a 429 no request is sent to that site before the time given; a call
 *   attempted earlier fails at once with {@link JiraRateLimitedError} without touching the network. An answer
 *   with `X-RateLimit-NearLimit: true` is passed to the gate, which may then pace the site's requests; the
 *   client waits out that pacing itself.
 *
 * The operation modules next to this file (search.ts, project-properties.ts, ...) take a `CloudClient`, so
 * the Forge app can drive the same operations over its own `requestJira` transport.
 */
export type JiraClient = CloudClient;

export interface JiraCallInfo {
  site: string;
  method: string;
  /** Path with ids and keys replaced by placeholders, e.g. `GET /rest/api/3/project/{id}/properties/{key}`. */
  route: string;
  /** HTTP status, or 0 when no response arrived (network error) or the gate refused the call. */
  status: number;
  durationMs: number;
}

/** Decides whether a site may be called now, and learns of 429s. Memory-only by default; see sync-worker's Redis gate. */
export interface RateGate {
  /** Milliseconds until the site may be called again (0 when it may be called now). */
  blockedForMs(site: string): Promise<number> | number;
  /**
   * Jira answered 429: nothing may be sent to the site before `untilEpochMs`. `sentAtEpochMs`: when the refused
   * request left, so a gate can tell a request already under way when an earlier 429 paused the site.
   */
  block(site: string, untilEpochMs: number, reason?: string, sentAtEpochMs?: number): Promise<void> | void;
  /**
   * An answer carried `X-RateLimit-NearLimit: true` (little of the points quota is left): a gate that implements
   * this slows the site down before Jira answers 429.
   */
  nearLimit?(site: string): Promise<void> | void;
  /**
   * Milliseconds to hold this request back to keep pace (0: send now). Unlike {@link blockedForMs}, the client
   * waits this out itself instead of failing the call: it is spacing between requests, not a pause.
   */
  paceMs?(site: string): Promise<number> | number;
}

export class MemoryRateGate implements RateGate {
  private readonly until = new Map<string, number>();
  blockedForMs(site: string): number {
    return Math.max(0, (this.until.get(site) ?? 0) - Date.now());
  }
  block(site: string, untilEpochMs: number): void {
    this.until.set(site, Math.max(this.until.get(site) ?? 0, untilEpochMs));
  }
}

/** A 429 from Jira (or a call refused locally because the site is still within a 429's wait). */
export class JiraRateLimitedError extends Error {
  override readonly name = 'JiraRateLimitedError';
  constructor(
    readonly site: string,
    /** How long to wait, in ms, from when the error was made. */
    readonly retryAfterMs: number,
    /** `RateLimit-Reason` when Jira sent one (e.g. `jira-burst-based`, `jira-quota-tenant-based`). */
    readonly reason: string | undefined,
    /** True when the call was never sent because the site was already blocked. */
    readonly local: boolean,
    options?: { cause?: unknown },
  ) {
    super(
      `Jira-sitet ${site} har bedt om pause i ${Math.ceil(retryAfterMs / 1000)} s (429${reason ? `, ${reason}` : ''})`,
      options,
    );
  }
  get untilEpochMs(): number {
    return this.createdAt + this.retryAfterMs;
  }
  private readonly createdAt = Date.now();
}

export function isJiraRateLimitedError(err: unknown): err is JiraRateLimitedError {
  return err instanceof JiraRateLimitedError;
}

/** Wait used when a 429 carries neither `Retry-After` nor `X-RateLimit-Reset`. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * The wait a 429 asks for. `Retry-After` is delta-seconds or an HTTP date; Jira Cloud's `X-RateLimit-Reset`
 * is an ISO 8601 timestamp (epoch seconds and delta-seconds are accepted too).
 */
export function rateLimitWaitMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const retryAfter = headers?.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers?.get('x-ratelimit-reset');
  if (reset) {
    const n = Number(reset);
    if (Number.isFinite(n)) {
      // epoch seconds (large) or delta seconds (small)
      return n > 1e9 ? Math.max(0, n * 1000 - now) : Math.max(0, n * 1000);
    }
    const date = Date.parse(reset);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}

interface ResponseObservation {
  status?: number;
  headers?: Headers;
  /** Abandon the call after this long (jira.js sets no timeout of its own). */
  timeoutMs?: number;
}

const observation = new AsyncLocalStorage<ResponseObservation>();
let fetchObserved = false;

/**
 * jira.js's transport calls the global `fetch` and keeps no headers but `Retry-After`. To read
 * `X-RateLimit-Reset` and `RateLimit-Reason` we wrap `fetch` once, transparently: it records the response
 * status and headers into the async context of the call that made it, and does nothing outside one.
 */
function observeFetch(): void {
  if (fetchObserved) return;
  fetchObserved = true;
  const original = globalThis.fetch;
  const observed: typeof fetch = async (input, init) => {
    const timeoutMs = observation.getStore()?.timeoutMs;
    if (timeoutMs !== undefined) {
      const timeout = AbortSignal.timeout(timeoutMs);
      init = { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout };
    }
    const response = await original(input, init);
    const store = observation.getStore();
    if (store) {
      store.status = response.status;
      store.headers = response.headers;
    }
    return response;
  };
  globalThis.fetch = observed;
}

/** Path with numeric ids and issue/project keys replaced, so metrics and call counts have few label values. */
export function routeTemplate(url: string): string {
  const path = url.split('?')[0] ?? url;
  return path
    .split('/')
    .map((seg, i, all) => {
      if (/^\d+$/.test(seg) && all[i - 1] !== 'api') return '{id}';
      if (/^[A-Z][A-Z0-9_]+-\d+$/.test(seg)) return '{key}';
      const prev = all[i - 1];
      if (prev === 'properties' && i === all.length - 1) return '{propertyKey}';
      if (prev === 'project' && /^[A-Z][A-Z0-9_]+$/.test(seg)) return '{key}';
      return seg;
    })
    .join('/');
}

export interface JiraClientOptions {
  /** Name of the site, as configured; used in errors, metrics and the rate gate. */
  site: string;
  baseUrl: string;
  email: string;
  apiToken: string;
  onCall?: (info: JiraCallInfo) => void;
  gate?: RateGate;
  /** Wait after a 429 that names none, in ms (default {@link DEFAULT_RATE_LIMIT_WAIT_MS}). */
  defaultRateLimitWaitMs?: number;
  /** A call not answered within this many ms is abandoned (a network error to the caller). Default 30 s. */
  requestTimeoutMs?: number;
  /** jira.js schema mismatch behaviour; tests use 'throw'. Default 'warn'. */
  onSchemaMismatch?: SchemaMismatchBehavior;
}

export function createJiraClient(opts: JiraClientOptions): JiraClient {
  observeFetch();
  const gate: RateGate = opts.gate ?? new MemoryRateGate();
  const inner = createClient({
    host: opts.baseUrl,
    auth: { type: 'basic', email: opts.email, apiToken: opts.apiToken },
    // Retries are the queue's business (backoff with jitter, per-site rate limiting), not the transport's.
    retry: { maxAttempts: 1 },
    onSchemaMismatch: opts.onSchemaMismatch ?? 'warn',
  });
  const transport: Client = {
    async sendRequest(request) {
      const method = request.method ?? 'GET';
      const route = routeTemplate(request.url);
      for (;;) {
        const waitMs = await gate.blockedForMs(opts.site);
        if (waitMs > 0) {
          opts.onCall?.({ site: opts.site, method, route, status: 0, durationMs: 0 });
          throw new JiraRateLimitedError(opts.site, waitMs, 'local-gate', true);
        }
        const pace = (await gate.paceMs?.(opts.site)) ?? 0;
        if (pace <= 0) break;
        await new Promise((r) => setTimeout(r, pace));
      }
      const store: ResponseObservation = { timeoutMs: opts.requestTimeoutMs ?? 30_000 };
      // The answer is in hand: failing to note the near-limit (Redis away) must not turn it into an error.
      const nearLimit = async () => {
        if (store.headers?.get('x-ratelimit-nearlimit') !== 'true') return;
        try {
          await gate.nearLimit?.(opts.site);
        } catch {
          // the next near-limit answer tries again
        }
      };
      const started = performance.now();
      try {
        const result = await observation.run(store, () => inner.sendRequest(request));
        await nearLimit();
        opts.onCall?.({
          site: opts.site,
          method,
          route,
          status: store.status ?? 200,
          durationMs: performance.now() - started,
        });
        return result;
      } catch (err) {
        const status = isApiError(err) ? err.status : (store.status ?? 0);
        // Jira's cost-based 429s carry the near-limit flag too: the site stays paced once the pause ends.
        await nearLimit();
        opts.onCall?.({ site: opts.site, method, route, status, durationMs: performance.now() - started });
        if (isRateLimitError(err) || status === 429) {
          const wait =
            rateLimitWaitMs(store.headers) ??
            (isRateLimitError(err) ? err.retryAfterMs : undefined) ??
            opts.defaultRateLimitWaitMs ??
            DEFAULT_RATE_LIMIT_WAIT_MS;
          const reason = store.headers?.get('ratelimit-reason') ?? undefined;
          await gate.block(opts.site, Date.now() + wait, reason, Date.now() - (performance.now() - started));
          throw new JiraRateLimitedError(opts.site, wait, reason, false, { cause: err });
        }
        throw err;
      }
    },
  };
  return createCloudClient(transport);
}

/** Errors worth retrying with backoff: 5xx, network failures, 429s (which the worker turns into a queue pause). */
export function isTransientJiraError(err: unknown): boolean {
  if (isJiraRateLimitedError(err)) return true;
  if (isNetworkError(err)) return true;
  if (isApiError(err)) return err.status >= 500 || err.status === 408;
  return false;
}

/** A short, secret-free description of a Jira error for logs and the failed set. */
export function describeJiraError(err: unknown): string {
  if (isJiraRateLimitedError(err)) return err.message;
  if (isApiError(err)) {
    const body = typeof err.body === 'string' ? err.body : JSON.stringify(err.body ?? '');
    return `Jira svarede ${err.status} ${err.statusText}: ${body.slice(0, 300)}`;
  }
  if (isNetworkError(err)) return `Netværksfejl mod Jira: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
