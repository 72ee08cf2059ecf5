import type { RedisClient } from './redis.js';
import type { RateGate } from '../../src/jira/client.js';
import type { Keys } from './keys.js';

/** The shortest pause after a 429, whatever it names: a `Retry-After: 0` storm must not become a busy loop. */
export const MIN_PAUSE_MS = 1000;
/** The pause floor doubles with each 429 in a row (they count for {@link STRIKE_WINDOW_MS}), up to this. */
export const MAX_FLOOR_MS = 60_000;
export const STRIKE_WINDOW_MS = 5 * 60_000;

/**
 * The per-site gate shared by every worker process on one Redis: after a 429, nothing is sent to that site
 * before the time Jira gave, by this process (memory) or any other (a Redis key with that expiry).
 *
 * Jira may answer 429 with `Retry-After: 0` (its rate-limiting page lists it) or with a reset already past.
 * Taken literally that retries at once, and a storm of such answers becomes a busy loop against a site that is
 * telling us to slow down; so every 429 pauses at least {@link MIN_PAUSE_MS}, doubling for each further 429
 * within {@link STRIKE_WINDOW_MS} (counted in Redis, across workers), up to {@link MAX_FLOOR_MS}. A longer wait
 * named by Jira always wins.
 */
export class RedisRateGate implements RateGate {
  private readonly until = new Map<string, number>();
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly onBlock?: (site: string, untilEpochMs: number, reason?: string) => void,
  ) {}

  async blockedForMs(site: string): Promise<number> {
    const now = Date.now();
    const local = this.until.get(site) ?? 0;
    if (local > now) return local - now;
    const remote = await this.redis.get(this.keys.siteBlockedUntil(site));
    const until = Math.max(remote ? Number(remote) : 0, this.until.get(site) ?? 0); // re-read: a 429 may have landed during the GET
    if (until > now) {
      this.until.set(site, until);
      return until - now;
    }
    return 0;
  }

  async block(site: string, requestedUntilEpochMs: number, reason?: string): Promise<void> {
    const strikeKey = this.keys.siteRateStrikes(site);
    const [[, strikes]] = (await this.redis
      .multi()
      .incr(strikeKey)
      .pexpire(strikeKey, STRIKE_WINDOW_MS)
      .exec()) as [[Error | null, number], [Error | null, number]];
    const floor = Math.min(MIN_PAUSE_MS * 2 ** Math.max(0, Number(strikes) - 1), MAX_FLOOR_MS);
    const untilEpochMs = Math.max(requestedUntilEpochMs, Date.now() + floor);
    this.until.set(site, Math.max(this.until.get(site) ?? 0, untilEpochMs));
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
