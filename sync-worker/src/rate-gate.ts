import type { RedisClient } from './redis.js';
import type { RateGate } from '../../src/jira/client.js';
import type { Keys } from './keys.js';

/**
 * The per-site gate shared by every worker process on one Redis: after a 429, nothing is sent to that site
 * before the time Jira gave, by this process (memory) or any other (a Redis key with that expiry).
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

  async block(site: string, untilEpochMs: number, reason?: string): Promise<void> {
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
