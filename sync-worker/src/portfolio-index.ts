import { isNotFoundError } from 'jira.js';
import { z } from 'zod';
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
 *
 * This is the service's only record of a product's portfolio issue (issue 18 merged the former second record,
 * `portfolio-issue:<sourceKey>`, into it): each entry is a {@link KnownIssue}, the id plus what the writer
 * remembers of its last write (key, status, hash), so a changed roll-up is one blind `PUT` and an unchanged
 * one no call at all. Entries written before the merge hold the bare id; they read as an id without the rest.
 */
export class PortfolioIndex {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** The recorded portfolio issue id of a product, if any. One Redis call. */
  async get(sourceKey: string): Promise<string | undefined> {
    return (await this.known(sourceKey))?.id;
  }

  /** The recorded portfolio issue of a product with what its last write left (key, status, hash), if any. */
  async known(sourceKey: string): Promise<KnownIssue | undefined> {
    return parseEntry(await this.redis.hget(this.keys.portfolioIndex(), sourceKey));
  }

  /**
   * Records `issueId` for the product unless an older (lower) id is recorded; returns the id that stays recorded.
   * Atomic, so two workers that each created an issue agree on which one wins. Claiming the id already recorded
   * keeps what is remembered of it.
   */
  async claim(sourceKey: string, issueId: string): Promise<string> {
    const winner = await this.redis.eval(
      SET_IF_OLDER,
      1,
      this.keys.portfolioIndex(),
      sourceKey,
      issueId,
      JSON.stringify({ id: issueId }),
      '0',
    );
    return String(winner);
  }

  /**
   * Records the issue a write went to and what it left there, unless an older issue of the product was claimed
   * meanwhile (that one stays: the writer's next look-up goes there). Returns whether it was recorded.
   */
  async remember(sourceKey: string, issue: KnownIssue): Promise<boolean> {
    const winner = await this.redis.eval(
      SET_IF_OLDER,
      1,
      this.keys.portfolioIndex(),
      sourceKey,
      issue.id,
      JSON.stringify(KnownIssueSchema.parse(issue)),
      '1',
    );
    return String(winner) === issue.id;
  }

  /** Forgets the entry if it still names `issueId` (the issue was deleted or is another product's). */
  async forget(sourceKey: string, issueId: string): Promise<void> {
    await this.redis.eval(
      `${DECODE_ID}
       if idOf(redis.call('HGET', KEYS[1], ARGV[1])) == tonumber(ARGV[2]) then
         return redis.call('HDEL', KEYS[1], ARGV[1])
       end
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

/** The portfolio issue last written for a product, as the service remembers it (one entry of the index). */
export const KnownIssueSchema = z.object({
  id: z.string().regex(/^\d{1,18}$/),
  /** Absent only for an entry claimed before its first write completed (or one from before the merge). */
  key: z.string().min(1).optional(),
  status: z.string().optional(),
  /** The roll-up hash last written to it: a write with the same hash is skipped, one with another is a PUT. */
  hash: z.string().optional(),
});
export type KnownIssue = z.infer<typeof KnownIssueSchema>;

/** An index entry: JSON {@link KnownIssue}, or (written before the merge) the bare id. Undefined when unreadable. */
function parseEntry(raw: string | null): KnownIssue | undefined {
  if (raw === null) return undefined;
  if (/^\d{1,18}$/.test(raw)) return { id: raw };
  try {
    const parsed = KnownIssueSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Lua: the id of an entry, JSON or a bare id (entries from before the merge). */
const DECODE_ID = `local function idOf(v)
  if not v then return nil end
  local ok, d = pcall(cjson.decode, v)
  if ok and type(d) == 'table' then return tonumber(d.id) end
  return tonumber(v)
end`;

/**
 * Lua: sets the entry to ARGV[3] when none is recorded or the recorded id is newer (higher) than ARGV[2]; also
 * when it is the same id and ARGV[4] is '1' (a write updating what is remembered of it). Returns the id recorded.
 */
const SET_IF_OLDER = `${DECODE_ID}
local cur = idOf(redis.call('HGET', KEYS[1], ARGV[1]))
local new = tonumber(ARGV[2])
if (not cur) or cur > new or (cur == new and ARGV[4] == '1') then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  return ARGV[2]
end
return string.format('%.0f', cur)`;

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
