import { isNotFoundError } from 'jira.js';
import type { JiraClient } from '../../src/jira/client.js';
import type { FoundIssue } from '../../src/jira/search.js';
import type { RedisClient } from './redis.js';
import type { Keys } from './keys.js';

/**
 * Where the portfolio issue of each product is: source key → portfolio issue id, kept in the service's Redis.
 *
 * Why not just search: Jira Cloud's enhanced search is eventually consistent (search-and-reconcile page: "may
 * return stale or outdated data ... from a few seconds to minutes"), so a product whose issue was created a
 * moment ago, by this worker or a racing one, is not found and would be created twice. Reading by id is
 * consistent, so the writer reads the issue named here (one GET) and checks that its own `os2-rollup` property
 * names the same product; the property is the second copy of the mapping, and search over it only heals: when the
 * index has no entry (first run, lost Redis) or names an issue that is gone or belongs to another product.
 *
 * Several workers share one index. An entry only ever moves to an older (lower) id, the same rule by which the
 * writer keeps the oldest of duplicate issues, so racing workers converge on one issue without a lock.
 */
export class PortfolioIndex {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** The recorded portfolio issue id of a product, if any. One Redis call. */
  async get(sourceKey: string): Promise<string | undefined> {
    return (await this.redis.hget(this.keys.portfolioIndex(), sourceKey)) ?? undefined;
  }

  /**
   * Records `issueId` for the product unless an older (lower) id is recorded; returns the id that stays recorded.
   * Atomic, so two workers that each created an issue agree on which one wins.
   */
  async claim(sourceKey: string, issueId: string): Promise<string> {
    const winner = await this.redis.eval(
      `local cur = redis.call('HGET', KEYS[1], ARGV[1])
       if (not cur) or tonumber(cur) > tonumber(ARGV[2]) then
         redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
         return ARGV[2]
       end
       return cur`,
      1,
      this.keys.portfolioIndex(),
      sourceKey,
      issueId,
    );
    return String(winner);
  }

  /** Forgets the entry if it still names `issueId` (the issue was deleted or is another product's). */
  async forget(sourceKey: string, issueId: string): Promise<void> {
    await this.redis.eval(
      `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
       return 0`,
      1,
      this.keys.portfolioIndex(),
      sourceKey,
      issueId,
    );
  }

  /**
   * Marks a product whose issue this worker just created: a worker that does not share this Redis (another
   * deployment, or this one after losing Redis) may have created one too, invisible to search until Jira's index
   * catches up. Until a plain search shows the recorded issue, each write of the product searches once more.
   */
  async markUnverified(sourceKey: string, now = Date.now()): Promise<void> {
    await this.redis.hset(this.keys.portfolioUnverified(), sourceKey, String(now));
  }

  async isUnverified(sourceKey: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.portfolioUnverified(), sourceKey)) === 1;
  }

  async markVerified(sourceKey: string): Promise<void> {
    await this.redis.hdel(this.keys.portfolioUnverified(), sourceKey);
  }

  /**
   * Remembers a portfolio issue just created or changed, so that searches over the portfolio (healing, the
   * portfolio page) reconcile it while Jira's index may still lag behind it.
   */
  async noteWritten(issueId: string, now = Date.now()): Promise<void> {
    const key = this.keys.portfolioRecent();
    await this.redis
      .multi()
      .zadd(key, now, issueId)
      .zremrangebyscore(key, '-inf', now - RECENT_MS)
      .pexpire(key, RECENT_MS)
      .exec();
  }

  /**
   * Ids of portfolio issues created or changed within the last {@link RECENT_MS}, newest first, at most 50 (Jira's cap on
   * `reconcileIssues`): a healing search names them so that it sees them even if the index has not caught up.
   */
  async recentlyWritten(now = Date.now()): Promise<number[]> {
    const ids = await this.redis.zrevrangebyscore(
      this.keys.portfolioRecent(),
      '+inf',
      now - RECENT_MS,
      'LIMIT',
      0,
      MAX_RECONCILE,
    );
    return ids.map(Number);
  }
}

/** Jira: `reconcileIssues` "Accepts max 50 ids". */
export const MAX_RECONCILE = 50;
/** How long a created issue is reconciled in healing searches; Jira's lag is usually seconds, at worst minutes. */
export const RECENT_MS = 15 * 60_000;

/**
 * One portfolio issue read by id (consistent, unlike search), with the fields and properties the writer needs,
 * in the shape search returns; undefined when it does not exist (or is not visible). One REST call.
 */
export async function readIssueById(
  jira: JiraClient,
  issueId: string,
  fields: string[],
  properties: string[],
): Promise<FoundIssue | undefined> {
  try {
    const issue = await jira.issues.getIssue({ issueIdOrKey: issueId, fields, properties });
    return {
      id: String(issue.id),
      key: String(issue.key),
      fields: (issue.fields ?? {}) as Record<string, unknown>,
      properties: (issue.properties ?? {}) as Record<string, unknown>,
    };
  } catch (err) {
    if (isNotFoundError(err)) return undefined;
    throw err;
  }
}
