/**
 * The portfolio as this service last wrote it, kept in Redis next to the queues: one hash of sourceKey → the
 * stored roll-up (with its hash) and a version counter that moves only when some product's content changed. The
 * portfolio page and its exports read this, not Jira: open tabs cost Redis reads, never Jira calls, and the sync
 * itself is what refreshes them (a write bumps the version; the page's version poll sees it).
 *
 * Only what the writer put on a portfolio issue goes in (the roll-up it wrote, or the one it found there with the
 * same hash), so the page shows exactly the portfolio's content. Redis emptied: the first read rebuilds the state
 * from the portfolio project in Jira (one search per 100 products), and the next reconcile rewrites it anyway.
 */
import { z } from 'zod';
import { RollUpSchema } from '../../src/domain/rollup.js';
import type { RedisClient } from './redis.js';
import type { Keys } from './keys.js';
import type { RollUp } from '../../src/domain/rollup.js';

/** KEYS state hash, version; ARGV sourceKey, JSON, hash. Sets the entry; bumps the version only on a new hash. */
const PUT = `local prev = redis.call('HGET', KEYS[1], ARGV[1])
if prev and cjson.decode(prev).hash == ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('INCR', KEYS[2])
return 1`;

/** An entry of the state: the roll-up as written, with its hash (the signature stays on the issue). */
const StateEntrySchema = RollUpSchema.extend({ hash: z.string() });

export const byNameThenKey = (a: RollUp, b: RollUp) =>
  a.name.localeCompare(b.name, 'da') || a.sourceKey.localeCompare(b.sourceKey);

export class PortfolioState {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** Records what is now on the product's portfolio issue. Returns whether the portfolio's content changed. */
  async put(rollUp: RollUp, hash: string): Promise<boolean> {
    const changed = await this.redis.eval(
      PUT,
      2,
      this.keys.portfolioState(),
      this.keys.portfolioStateVersion(),
      rollUp.sourceKey,
      JSON.stringify({ ...rollUp, hash }),
      hash,
    );
    return Number(changed) === 1;
  }

  /** What the service last wrote for one product (its roll-up and hash), if it wrote any. */
  async get(sourceKey: string): Promise<{ rollUp: RollUp; hash: string } | undefined> {
    const raw = await this.redis.hget(this.keys.portfolioState(), sourceKey);
    if (!raw) return undefined;
    try {
      const parsed = StateEntrySchema.safeParse(JSON.parse(raw));
      if (!parsed.success) return undefined;
      const { hash, ...rollUp } = parsed.data;
      return { rollUp, hash };
    } catch {
      return undefined;
    }
  }

  /** The version of the whole portfolio: one GET, so a poll from every open tab costs Redis only. */
  async version(): Promise<string> {
    return (await this.redis.get(this.keys.portfolioStateVersion())) ?? '0';
  }

  /**
   * Every product's roll-up, sorted by name. With an empty state and `rebuild` given, reads the portfolio from
   * Jira once and keeps it.
   */
  async list(rebuild?: () => Promise<{ rollUp: RollUp; hash: string }[]>): Promise<RollUp[]> {
    const raw = await this.redis.hgetall(this.keys.portfolioState());
    const out: RollUp[] = [];
    for (const value of Object.values(raw)) {
      try {
        const parsed = StateEntrySchema.safeParse(JSON.parse(value));
        if (!parsed.success) continue;
        const { hash: _hash, ...rollUp } = parsed.data;
        out.push(rollUp);
      } catch {
        // an entry this version cannot read: left out; the next write of that product replaces it
      }
    }
    if (out.length === 0 && rebuild) {
      const fromJira = await rebuild();
      for (const { rollUp, hash } of fromJira) await this.put(rollUp, hash);
      return fromJira.map((r) => r.rollUp).sort(byNameThenKey);
    }
    return out.sort(byNameThenKey);
  }
}
