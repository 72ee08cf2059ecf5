/**
 * Jira Cloud's rate limits (developer.atlassian.com/cloud/jira/platform/rate-limiting): three independent limits
 * at once, each answering 429 with `Retry-After`, `X-RateLimit-Reset` and a `RateLimit-Reason`:
 *
 * - a points-based quota per hour (`jira-quota-tenant-based`): "Each request starts with a base cost of 1 point,
 *   and additional points are added for each object involved. Write requests are charged only the base cost";
 * - a request rate per second per endpoint and method (`jira-burst-based`);
 * - a per-issue write limit (`jira-per-issue-on-write`).
 *
 * Points are always counted (per account), so a benchmark can read "points per reconcile" from the simulator
 * itself; the limits are enforced only when configured.
 */
export interface RateLimitOptions {
  /** Points per account per quota window (a clock hour); undefined: not enforced (still counted). */
  pointsPerHour?: number;
  /**
   * The quota window in ms (default 3,600,000: Jira's quota is hourly). Tests shorten it to see a quota renew
   * within seconds; `pointsPerHour` is then the budget of each such window.
   */
  quotaWindowMs?: number;
  /** Requests per second per account, endpoint and method; undefined: not enforced. */
  burstPerSecond?: number;
  /** Writes to one issue per second; undefined: not enforced. */
  writesPerIssuePerSecond?: number;
  /** `X-RateLimit-NearLimit: true` once at most this share of the hourly quota is left (default 0.2). */
  nearLimitFraction?: number;
}

/**
 * Budgets in the order of Jira Cloud's: a 65,000-point hourly quota (the figure docs/benchmarks.md measures
 * against), 100 requests a second per endpoint and 10 writes a second per issue. The page names the limits but
 * not these numbers for every tier, so they are assumptions; tests that run "with limits on" use them.
 */
export const JIRA_LIKE_RATE_LIMITS: Readonly<RateLimitOptions> = {
  pointsPerHour: 65_000,
  burstPerSecond: 100,
  writesPerIssuePerSecond: 10,
};

export interface PointsReport {
  total: number;
  byAccount: Record<string, number>;
  requests: number;
}

export interface LimitDecision {
  status?: 429;
  headers: Record<string, string>;
}

const HOUR = 3_600_000;

/** `X-RateLimit-Reset` as Jira writes it: ISO 8601 to the minute, `yyyy-MM-ddTHH:mmZ`. */
function resetHeader(epochMs: number): string {
  return new Date(Math.ceil(epochMs / 60_000) * 60_000).toISOString().slice(0, 16) + 'Z';
}

const READ_POSTS = new Set(['/rest/api/3/search/jql', '/rest/api/3/search/approximate-count']);

function isWrite(method: string, template: string): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  return !READ_POSTS.has(template);
}

/** Objects a read answer carries (issues of a search page, values of a page, or the one object fetched). */
function objectsIn(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (!body || typeof body !== 'object') return 0;
  const b = body as Record<string, unknown>;
  for (const k of ['issues', 'values', 'keys', 'users', 'transitions'])
    if (Array.isArray(b[k])) return (b[k] as unknown[]).length;
  return 'id' in b || 'key' in b ? 1 : 0;
}

export class RateLimiter {
  options: RateLimitOptions = {};
  /** The current quota window (its index since the epoch) and its length. */
  private hour = 0;
  private window = HOUR;
  private readonly used = new Map<string, number>();
  private readonly totals = new Map<string, number>();
  private requests = 0;
  private readonly burst = new Map<string, { second: number; n: number }>();
  private readonly issueWrites = new Map<string, { second: number; n: number }>();

  private rollHour(now: number): void {
    const w = this.options.quotaWindowMs ?? HOUR;
    const h = Math.floor(now / w);
    if (h !== this.hour || w !== this.window) {
      this.window = w;
      this.hour = h;
      this.used.clear();
    }
  }

  private limited(retryAfterMs: number, now: number, reason: string): LimitDecision {
    const seconds = Math.max(0, Math.ceil(retryAfterMs / 1000));
    return {
      status: 429,
      headers: {
        'retry-after': String(seconds),
        'x-ratelimit-reset': resetHeader(now + seconds * 1000),
        'ratelimit-reason': reason,
      },
    };
  }

  /** Before a request: a 429 decision, or headers for the answer (near-limit). */
  admit(
    account: string,
    method: string,
    template: string,
    issueRef: string | undefined,
    now: number,
  ): LimitDecision {
    this.rollHour(now);
    const o = this.options;
    const second = Math.floor(now / 1000);
    if (o.pointsPerHour !== undefined && (this.used.get(account) ?? 0) >= o.pointsPerHour) {
      return this.limited((this.hour + 1) * this.window - now, now, 'jira-quota-tenant-based');
    }
    if (o.burstPerSecond !== undefined) {
      const key = `${account}\u0000${method} ${template}`;
      const b = this.burst.get(key);
      const n = b && b.second === second ? b.n + 1 : 1;
      this.burst.set(key, { second, n });
      if (n > o.burstPerSecond) return this.limited((second + 1) * 1000 - now, now, 'jira-burst-based');
    }
    if (o.writesPerIssuePerSecond !== undefined && issueRef && isWrite(method, template)) {
      const w = this.issueWrites.get(issueRef);
      const n = w && w.second === second ? w.n + 1 : 1;
      this.issueWrites.set(issueRef, { second, n });
      if (n > o.writesPerIssuePerSecond)
        return this.limited((second + 1) * 1000 - now, now, 'jira-per-issue-on-write');
    }
    const headers: Record<string, string> = {};
    if (o.pointsPerHour !== undefined) {
      const left = o.pointsPerHour - (this.used.get(account) ?? 0);
      headers['x-ratelimit-limit'] = String(o.pointsPerHour);
      headers['x-ratelimit-remaining'] = String(Math.max(0, left));
      if (left <= o.pointsPerHour * (o.nearLimitFraction ?? 0.2)) headers['x-ratelimit-nearlimit'] = 'true';
    }
    return { headers };
  }

  /** After an answer: charges its points (1, plus one per object a read returned). */
  charge(
    account: string,
    method: string,
    template: string,
    status: number,
    body: unknown,
    now: number,
  ): number {
    this.rollHour(now);
    const points = 1 + (status < 400 && !isWrite(method, template) ? objectsIn(body) : 0);
    this.used.set(account, (this.used.get(account) ?? 0) + points);
    this.totals.set(account, (this.totals.get(account) ?? 0) + points);
    this.requests++;
    return points;
  }

  report(): PointsReport {
    let total = 0;
    for (const v of this.totals.values()) total += v;
    return { total, byAccount: Object.fromEntries(this.totals), requests: this.requests };
  }

  resetPoints(): void {
    this.totals.clear();
    this.used.clear();
    this.requests = 0;
  }
}
