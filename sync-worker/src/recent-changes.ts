import type { RedisClient } from './redis.js';
import type { Keys } from './keys.js';

/**
 * Issues of a product that a change event named lately. Jira's enhanced search trails writes (seconds, at worst
 * minutes: developer.atlassian.com/cloud/jira/platform/search-and-reconcile), and a vote event reaches the
 * worker within milliseconds of the vote, so the top-voted search would read the request as it was before the
 * vote. Passing these ids as `reconcileIssues` makes search read them as they are now; Atlassian's answer to
 * "project-wide reconciliation" (JRACLOUD-96208) is exactly this: remember recently changed ids, 50 at a time.
 */
export const RECENT_CHANGE_MS = 15 * 60_000;
/** Jira: `reconcileIssues` "Accepts max 50 ids". */
const MAX_IDS = 50;

export async function noteChangedIssue(
  redis: RedisClient,
  keys: Keys,
  site: string,
  projectId: string,
  issueId: string,
  now = Date.now(),
): Promise<void> {
  const key = keys.recentIssues(site, projectId);
  await redis
    .multi()
    .zadd(key, now, issueId)
    .zremrangebyscore(key, '-inf', now - RECENT_CHANGE_MS)
    .pexpire(key, RECENT_CHANGE_MS)
    .exec();
}

/** The newest (at most 50) issue ids changed in the product within {@link RECENT_CHANGE_MS}. */
export async function recentlyChangedIssues(
  redis: RedisClient,
  keys: Keys,
  site: string,
  projectId: string,
  now = Date.now(),
): Promise<number[]> {
  const ids = await redis.zrevrangebyscore(
    keys.recentIssues(site, projectId),
    '+inf',
    now - RECENT_CHANGE_MS,
    'LIMIT',
    0,
    MAX_IDS,
  );
  return ids.map(Number);
}
