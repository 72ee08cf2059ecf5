/**
 * Fault injection and call counting, per site. A fault matches a call by route: either an exact
 * `METHOD /template` (e.g. 'POST /rest/api/3/search/jql'), a `METHOD /path-prefix`, or a bare path prefix
 * (any method). It fires for the next `count` matching calls, or for a `fraction` of them, or (neither
 * given) for every matching call until cleared. A fault may add latency, answer an error status, or both.
 */
import { z } from 'zod';

export const FaultSpecSchema = z.strictObject({
  site: z.string().min(1),
  route: z.string().min(1).optional(),
  status: z
    .union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)])
    .optional(),
  count: z.number().int().positive().optional(),
  fraction: z.number().min(0).max(1).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  latencyMs: z.number().int().nonnegative().max(120_000).optional(),
  /** RateLimit-Reason header of a 429 (Jira: jira-quota-global-based, jira-burst-based, jira-per-issue-on-write). */
  reason: z.string().min(1).optional(),
});
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

export interface Fault extends FaultSpec {
  id: number;
  hits: number;
}

export interface FaultDecision {
  latencyMs: number;
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

function routeMatches(route: string | undefined, method: string, template: string, path: string): boolean {
  if (!route) return true;
  const m = /^(GET|POST|PUT|DELETE|PATCH)\s+(.*)$/i.exec(route.trim());
  const wantMethod = m ? m[1]!.toUpperCase() : undefined;
  const target = (m ? m[2]! : route).trim();
  if (wantMethod && wantMethod !== method) return false;
  const prefix = target.endsWith('/') ? target : target + '/';
  return target === template || target === path || path.startsWith(prefix) || template.startsWith(prefix);
}

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;
  /** Deterministic PRNG for `fraction` faults (mulberry32), so runs are repeatable. */
  private rngState = 0x2f6b_1d3a;

  add(spec: FaultSpec): Fault {
    const f: Fault = { ...spec, id: this.nextId++, hits: 0 };
    this.faults.push(f);
    return f;
  }
  list(): Fault[] {
    return [...this.faults];
  }
  clear(site?: string): void {
    this.faults = site ? this.faults.filter((f) => f.site !== site) : [];
  }

  private random(): number {
    let t = (this.rngState += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Decides what happens to one call; consumes counted faults. */
  decide(
    site: string,
    method: string,
    template: string,
    path: string,
    now: number,
  ): FaultDecision | undefined {
    let decision: FaultDecision | undefined;
    for (const f of this.faults) {
      if (f.site !== site || !routeMatches(f.route, method, template, path)) continue;
      if (f.fraction !== undefined && this.random() >= f.fraction) continue;
      f.hits++;
      if (f.count !== undefined) {
        f.count--;
        if (f.count <= 0) this.faults = this.faults.filter((x) => x !== f);
      }
      decision ??= { latencyMs: 0, headers: {} };
      decision.latencyMs += f.latencyMs ?? 0;
      if (f.status !== undefined && decision.status === undefined) {
        decision.status = f.status;
        if (f.status === 429) {
          const retry = f.retryAfterSeconds ?? 1;
          decision.headers = {
            'retry-after': String(retry),
            'x-ratelimit-reset': new Date(now + retry * 1000).toISOString(),
            'ratelimit-reason': f.reason ?? 'jira-burst-based',
            'x-ratelimit-limit': '100',
            'x-ratelimit-remaining': '0',
          };
          decision.body = { errorMessages: ['Rate limit exceeded.'], errors: {} };
        } else {
          if (f.retryAfterSeconds !== undefined)
            decision.headers = { 'retry-after': String(f.retryAfterSeconds) };
          decision.body =
            f.status === 503
              ? { errorMessages: ['Service Unavailable'], errors: {} }
              : { errorMessages: ['Internal server error'], errors: {} };
        }
        break;
      }
      if (f.status !== undefined) break;
    }
    return decision;
  }
}

/** Counts calls per `METHOD route-template`. */
export class CallCounter {
  private counts = new Map<string, number>();
  private inFlight = 0;
  private peak = 0;
  /** A request arrived; paired with `leave()` when its response is done. */
  enter(): void {
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
  }
  leave(): void {
    this.inFlight -= 1;
  }
  /**
   * The most requests this site served at the same time since the last reset: tests prove that calls were made
   * in parallel by this, not by wall time (machines here are noisy).
   */
  maxInFlight(): number {
    return this.peak;
  }
  record(method: string, template: string): void {
    const k = `${method} ${template}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  reset(): void {
    this.counts.clear();
    this.peak = this.inFlight;
  }
}
