import type { RedisClient } from './redis.js';
import type { RateGate } from '../../src/jira/client.js';
import type { Keys } from './keys.js';

/** The shortest pause after a 429, whatever it names: a `Retry-After: 0` storm must not become a busy loop. */
export const MIN_PAUSE_MS = 1000;
/** The pause floor doubles with each 429 in a row (they count for {@link STRIKE_WINDOW_MS}), up to this. */
export const MAX_FLOOR_MS = 60_000;
export const STRIKE_WINDOW_MS = 5 * 60_000;
/**
 * When a pause ends, every waiting job would send at once and meet the limit again. For this long after a pause
 * one request a {@link PROBE_LEASE_MS} goes first (a lease in Redis, across workers); if it meets a 429 the pause
 * starts again for all, otherwise the next one follows a moment later.
 */
export const PROBE_WINDOW_MS = 2000;
export const PROBE_LEASE_MS = 1000;
/**
 * Near the quota (an answer carried `X-RateLimit-NearLimit: true`: Jira's points quota is nearly spent) the site
 * gets one request per {@link NEAR_LIMIT_SPACING_MS}, across workers, until {@link NEAR_LIMIT_HOLD_MS} after the
 * last such answer. Spending the rest slowly lets the quota renew before it runs out, instead of meeting a 429
 * that pauses everything until the next hour.
 */
export const NEAR_LIMIT_SPACING_MS = 1000;
export const NEAR_LIMIT_HOLD_MS = 60_000;

/**
 * The per-site gate shared by every worker process on one Redis: after a 429, nothing is sent to that site
 * before the time Jira gave, by this process (memory) or any other (a Redis key with that expiry).
 *
 * Jira may answer 429 with `Retry-After: 0` (its rate-limiting page lists it) or with a reset already past.
 * Taken literally that retries at once, and a storm of such answers becomes a busy loop against a site that is
 * telling us to slow down; so every 429 pauses at least {@link MIN_PAUSE_MS}, doubling for each further 429
 * within {@link STRIKE_WINDOW_MS} (counted in Redis, across workers), up to {@link MAX_FLOOR_MS}. A longer wait
 * named by Jira always wins.
 *
 * Before any 429: an answer with `X-RateLimit-NearLimit: true` paces the site (see {@link NEAR_LIMIT_SPACING_MS}).
 */
export class RedisRateGate implements RateGate {
  private readonly until = new Map<string, number>();
  /** Per site: the end of the probing window after the last pause this process knows of. */
  private readonly probeUntil = new Map<string, number>();
  /** Per site: until when requests are paced (near the quota), as this process last learnt it. */
  private readonly nearUntil = new Map<string, number>();
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly onBlock?: (site: string, untilEpochMs: number, reason?: string) => void,
    private readonly onNearLimit?: (site: string) => void,
  ) {}

  async blockedForMs(site: string): Promise<number> {
    const now = Date.now();
    const local = this.until.get(site) ?? 0;
    if (local > now) return local - now;
    // One round trip for both: the pause, and whether another worker has seen the site near its quota.
    const [remote, near] = await this.redis.mget(
      this.keys.siteBlockedUntil(site),
      this.keys.siteNearLimit(site),
    );
    if (near) this.nearUntil.set(site, Math.max(this.nearUntil.get(site) ?? 0, Number(near)));
    const until = Math.max(remote ? Number(remote) : 0, this.until.get(site) ?? 0); // re-read: a 429 may have landed during the GET
    if (until > now) {
      this.until.set(site, until);
      this.probeUntil.set(site, until + PROBE_WINDOW_MS);
      return until - now;
    }
    if ((this.probeUntil.get(site) ?? 0) > now) {
      const lease = this.keys.siteProbeLease(site);
      if ((await this.redis.set(lease, String(now), 'PX', PROBE_LEASE_MS, 'NX')) === 'OK') return 0;
      return Math.max(1, await this.redis.pttl(lease));
    }
    return 0;
  }

  async nearLimit(site: string): Promise<void> {
    const until = Date.now() + NEAR_LIMIT_HOLD_MS;
    const known = this.nearUntil.get(site) ?? 0;
    this.nearUntil.set(site, Math.max(known, until));
    // Every answer near the limit would write the key again; once a second is enough to keep it alive.
    if (known - NEAR_LIMIT_HOLD_MS + NEAR_LIMIT_SPACING_MS > Date.now()) return;
    await this.redis.set(this.keys.siteNearLimit(site), String(until), 'PX', NEAR_LIMIT_HOLD_MS);
    if (known <= Date.now()) this.onNearLimit?.(site);
  }

  async paceMs(site: string): Promise<number> {
    if ((this.nearUntil.get(site) ?? 0) <= Date.now()) return 0;
    const lease = this.keys.sitePaceLease(site);
    if ((await this.redis.set(lease, '1', 'PX', NEAR_LIMIT_SPACING_MS, 'NX')) === 'OK') return 0;
    return Math.max(1, await this.redis.pttl(lease));
  }

  async block(
    site: string,
    requestedUntilEpochMs: number,
    reason?: string,
    sentAtEpochMs?: number,
  ): Promise<void> {
    // One strike per pause: a 429 answering a request that left before the last 429 was counted (concurrent
    // jobs, or the reads of one sync sent together) is not a retry that came too early, so it does not double
    // the floor again; otherwise one burst of parallel requests meeting a limit would push the pause to its cap.
    const strikes = await this.redis.eval(
      `local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
       local last = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
       if n == 0 or ARGV[1] == '' or tonumber(ARGV[1]) >= last then
         n = redis.call('HINCRBY', KEYS[1], 'n', 1)
         redis.call('HSET', KEYS[1], 'at', ARGV[2])
       end
       redis.call('PEXPIRE', KEYS[1], ARGV[3])
       return n`,
      1,
      this.keys.siteRateStrikes(site),
      sentAtEpochMs === undefined ? '' : String(Math.floor(sentAtEpochMs)),
      String(Date.now()),
      String(STRIKE_WINDOW_MS),
    );
    const floor = Math.min(MIN_PAUSE_MS * 2 ** Math.max(0, Number(strikes) - 1), MAX_FLOOR_MS);
    const untilEpochMs = Math.max(requestedUntilEpochMs, Date.now() + floor);
    this.until.set(site, Math.max(this.until.get(site) ?? 0, untilEpochMs));
    this.probeUntil.set(site, (this.until.get(site) ?? untilEpochMs) + PROBE_WINDOW_MS);
    const ttl = Math.max(1, untilEpochMs - Date.now());
    // Keep the later of two deadlines when workers race.
    await this.redis.eval(
      `local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
       if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
       return 1`,
      1,
      this.keys.siteBlockedUntil(site),
      String(untilEpochMs),
      String(ttl),
    );
    this.onBlock?.(site, untilEpochMs, reason);
  }
}
