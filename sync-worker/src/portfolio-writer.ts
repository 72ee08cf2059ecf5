import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isApiError, isNotFoundError } from 'jira.js';
import { RollUpSchema } from '../../src/domain/rollup.js';
import { searchAll, searchPage, jqlString } from '../../src/jira/search.js';
import {
  createIssue,
  deleteIssue,
  doTransition,
  editIssueWithProperties,
  transitionToStatusVia,
} from '../../src/jira/issues.js';
import { setIssueProperty } from '../../src/jira/issue-properties.js';
import { rollUpDescription, rollUpLabels, rollUpSummary, STATUS_BY_STATE } from './adf.js';
import type { RedisClient } from './redis.js';
import type { Logger } from 'pino';
import type { JiraClient } from '../../src/jira/client.js';
import type { FoundIssue } from '../../src/jira/search.js';
import type { RollUp } from '../../src/domain/rollup.js';
import type { Keys } from './keys.js';

/** Issue property of a portfolio issue: the roll-up plus the hash it was written with. */
export const ROLLUP_PROPERTY = 'os2-rollup';

export const StoredRollUpSchema = RollUpSchema.extend({ hash: z.string().regex(/^[0-9a-f]{64}$/) });
export type StoredRollUp = z.infer<typeof StoredRollUpSchema>;

export interface PortfolioTarget {
  jira: JiraClient;
  /** Name of the site hosting the portfolio project. */
  site: string;
  projectKey: string;
  issueType: string;
}

export interface WriterDeps {
  target: PortfolioTarget;
  logger: Logger;
  /** Used for the short creation lock; the writer also converges without it (see {@link writeRollUp}). */
  redis?: RedisClient;
  keys?: Keys;
  lockTtlMs?: number;
}

export type WriteOutcome = 'unchanged' | 'created' | 'updated';

export interface WriteResult {
  outcome: WriteOutcome;
  issueKey: string;
  issueId: string;
  /** The issue's status after the write, as far as the writer knows (remembered for the next write). */
  status?: string;
  /** The roll-up now on the issue (stored with the write's hash): what the portfolio page shows. */
  written?: RollUp;
  /** Keys of duplicate portfolio issues this write removed. */
  removedDuplicates: string[];
}

const FIELDS = ['summary', 'status', 'labels'];

export function portfolioJql(projectKey: string, sourceKey?: string): string {
  const base = `project = ${projectKey}`;
  return sourceKey
    ? `${base} AND issue.property[${ROLLUP_PROPERTY}].sourceKey = ${jqlString(sourceKey)} ORDER BY created ASC`
    : `${base} ORDER BY created ASC`;
}

const byId = (a: FoundIssue, b: FoundIssue) => Number(a.id) - Number(b.id);

/** The portfolio issues of one product, oldest (lowest id) first. One REST call. */
export async function findPortfolioIssues(
  target: PortfolioTarget,
  sourceKey: string,
  reconcileIssues?: number[],
): Promise<FoundIssue[]> {
  const page = await searchPage(target.jira, portfolioJql(target.projectKey, sourceKey), {
    fields: FIELDS,
    properties: [ROLLUP_PROPERTY],
    maxResults: 20,
    ...(reconcileIssues ? { reconcileIssues } : {}),
  });
  // The JQL already filters; checking the property guards against a JQL index that lags or a simulator quirk.
  return page.issues
    .filter(
      (i) => (i.properties[ROLLUP_PROPERTY] as { sourceKey?: unknown } | undefined)?.sourceKey === sourceKey,
    )
    .sort(byId);
}

export function parseStoredRollUp(value: unknown): StoredRollUp | undefined {
  const parsed = StoredRollUpSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * What to write. A roll-up from a verified mirror is written as is. One from a tampered or unsigned mirror
 * keeps the last verified governance fields of the issue (if any), marked with the new integrity, so the
 * portfolio shows the product as tampered instead of showing forged values or dropping it.
 */
export function mergeUntrusted(fresh: RollUp, existing: RollUp | undefined): RollUp {
  if (fresh.integrity === 'verified' || !existing) return fresh;
  return {
    ...existing,
    schema: 1,
    sourceKey: fresh.sourceKey,
    site: fresh.site,
    integrity: fresh.integrity,
    openRequests: fresh.openRequests,
    topRequests: fresh.topRequests,
  };
}

function stripHash(stored: StoredRollUp): RollUp {
  const { hash: _hash, ...rest } = stored;
  return rest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Upserts the portfolio issue of `rollUp.sourceKey` and converges to exactly one issue per product:
 *
 * 1. Find by the indexed `os2-rollup.sourceKey` (one search). If the oldest match carries `hash`, nothing is
 *    written at all.
 * 2. Otherwise update the oldest match (summary, labels, ADF description; the property; a transition when the
 *    status differs), or, when there is none, create it under a short Redis lock per sourceKey, with the
 *    property set in the create call itself.
 * 3. After creating, search again (with read-after-write reconciliation of the new id) and delete every match
 *    newer than the oldest: two workers, a retry, a lost lock or an emptied Redis still end with one issue.
 */
export async function writeRollUp(deps: WriterDeps, rollUp: RollUp, hash: string): Promise<WriteResult> {
  const { target, logger } = deps;
  const sourceKey = rollUp.sourceKey;
  let found = await findPortfolioIssues(target, sourceKey);

  if (found.length === 0) {
    const created = await createUnderLock(deps, rollUp, hash);
    if (created) return created;
    found = await findPortfolioIssues(target, sourceKey);
    if (found.length === 0)
      throw new Error(`Porteføljesagen for ${sourceKey} kunne ikke findes eller oprettes`);
  }

  const [primary, ...duplicates] = found as [FoundIssue, ...FoundIssue[]];
  const removed = await removeDuplicates(target, duplicates, logger);
  const result = await updateIssue(deps, primary, rollUp, hash);
  return { ...result, removedDuplicates: removed };
}

async function updateIssue(
  deps: WriterDeps,
  issue: FoundIssue,
  rollUp: RollUp,
  hash: string,
): Promise<Omit<WriteResult, 'removedDuplicates'>> {
  const { target } = deps;
  const existing = parseStoredRollUp(issue.properties[ROLLUP_PROPERTY]);
  if (existing?.hash === hash) {
    const status = (issue.fields.status as { name?: string } | undefined)?.name;
    return {
      outcome: 'unchanged',
      issueKey: issue.key,
      issueId: issue.id,
      ...(status ? { status } : {}),
      written: stripHash(existing),
    };
  }

  const final = mergeUntrusted(rollUp, existing ? stripHash(existing) : undefined);
  await putRollUp(target, issue.id, final, hash);
  const current = (issue.fields.status as { name?: string } | undefined)?.name;
  const status = await moveToStateStatus(deps, issue, current, final);
  return {
    outcome: 'updated',
    issueKey: issue.key,
    issueId: issue.id,
    ...(status ? { status } : {}),
    written: final,
  };
}

/** Fields and the `os2-rollup` property in one `PUT /issue/{id}`. */
async function putRollUp(target: PortfolioTarget, issueId: string, r: RollUp, hash: string): Promise<void> {
  await editIssueWithProperties(
    target.jira,
    issueId,
    { summary: rollUpSummary(r), labels: rollUpLabels(r), description: rollUpDescription(r) },
    [{ key: ROLLUP_PROPERTY, value: { ...r, hash } }],
  );
}

/** The portfolio issue last written for a product, as the service remembers it. */
export const KnownIssueSchema = z.object({
  id: z.string().min(1),
  key: z.string().min(1),
  status: z.string().optional(),
  /** The roll-up hash last written to it: a write with the same hash is skipped, one with another is a PUT. */
  hash: z.string().optional(),
});
export type KnownIssue = z.infer<typeof KnownIssueSchema>;

/**
 * The physical limit of a changed sync: one `PUT` (fields and property together) to the issue the service
 * remembers, plus one transition (with an id cached per workflow) only when the state moved. No search, no
 * read-back: the caller knows the issue from its own last write. Only for verified roll-ups (an untrusted one
 * must read what it keeps, see {@link mergeUntrusted}). Returns undefined when the remembered issue is gone
 * (404): the caller then heals with {@link writeRollUp}, which searches.
 */
export async function writeKnownIssue(
  deps: WriterDeps,
  known: KnownIssue,
  rollUp: RollUp,
  hash: string,
): Promise<WriteResult | undefined> {
  if (known.hash === hash) {
    return {
      outcome: 'unchanged',
      issueKey: known.key,
      issueId: known.id,
      ...(known.status ? { status: known.status } : {}),
      written: rollUp,
      removedDuplicates: [],
    };
  }
  try {
    await putRollUp(deps.target, known.id, rollUp, hash);
  } catch (err) {
    if (isNotFoundError(err)) return undefined;
    throw err;
  }
  let status: string | undefined;
  try {
    status = await moveToStateStatus(deps, known, known.status, rollUp);
  } catch (err) {
    if (isNotFoundError(err)) return undefined; // deleted right after our PUT: heal as for a 404 on the PUT
    throw err;
  }
  return {
    outcome: 'updated',
    issueKey: known.key,
    issueId: known.id,
    ...(status ? { status } : {}),
    written: rollUp,
    removedDuplicates: [],
  };
}

/**
 * Moves the issue to the status of the roll-up's state; returns the status it ends in (undefined: unknown).
 * The transition id is cached per workflow and (from, to) pair, so after the first time a state change costs
 * one call instead of two; a cached id Jira refuses (the workflow was edited) is dropped and looked up again.
 */
async function moveToStateStatus(
  deps: WriterDeps,
  issue: { id: string; key: string },
  current: string | undefined,
  r: RollUp,
): Promise<string | undefined> {
  if (!r.state) return current;
  const wanted = STATUS_BY_STATE[r.state];
  if (current === wanted) return current;
  const { redis, keys, target } = deps;
  const cacheKey =
    redis && keys && current ? keys.transitionIds(target.projectKey, target.issueType) : undefined;
  const field = `${current ?? ''}→${wanted}`;
  if (redis && cacheKey) {
    const cached = await redis.hget(cacheKey, field);
    if (cached) {
      try {
        await doTransition(target.jira, issue.id, cached);
        return wanted;
      } catch (err) {
        if (!isApiError(err) || err.status !== 400) throw err;
        await redis.hdel(cacheKey, field);
      }
    }
  }
  const taken = await transitionToStatusVia(target.jira, issue.id, wanted);
  if (taken === undefined) {
    deps.logger.warn(
      { issueKey: issue.key, from: current, to: wanted },
      'Ingen overgang fører porteføljesagen til den ønskede status; tjek porteføljeprojektets workflow',
    );
    return current;
  }
  if (redis && cacheKey) await redis.hset(cacheKey, field, taken);
  return wanted;
}

async function removeDuplicates(
  target: PortfolioTarget,
  duplicates: FoundIssue[],
  logger: Logger,
): Promise<string[]> {
  const removed: string[] = [];
  for (const dup of duplicates) {
    await deleteIssue(target.jira, dup.id);
    removed.push(dup.key);
    logger.warn({ issueKey: dup.key }, 'Slettede dobbelt porteføljesag');
  }
  return removed;
}

const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Creates the issue under the lock; returns undefined when another worker created it meanwhile. */
async function createUnderLock(
  deps: WriterDeps,
  rollUp: RollUp,
  hash: string,
): Promise<WriteResult | undefined> {
  const { redis, keys, target, logger } = deps;
  const ttl = deps.lockTtlMs ?? 15_000;
  const token = randomUUID();
  const lockKey = keys?.createLock(rollUp.sourceKey);
  if (redis && lockKey) {
    const deadline = Date.now() + ttl;
    for (;;) {
      const ok = await redis.set(lockKey, token, 'PX', ttl, 'NX');
      if (ok === 'OK') break;
      if (Date.now() > deadline) break; // a lost lock: go ahead; the dedupe below still converges
      await sleep(150 + Math.random() * 150);
      if ((await findPortfolioIssues(target, rollUp.sourceKey)).length > 0) return undefined;
    }
    // Someone may have created it between our search and taking the lock.
    if ((await findPortfolioIssues(target, rollUp.sourceKey)).length > 0) {
      await redis.eval(RELEASE_LOCK, 1, lockKey, token);
      return undefined;
    }
  }
  try {
    const final = rollUp; // nothing earlier to keep
    const created = await createIssue(target.jira, {
      projectKey: target.projectKey,
      issueTypeName: target.issueType,
      summary: rollUpSummary(final),
      labels: rollUpLabels(final),
      description: rollUpDescription(final),
      properties: [{ key: ROLLUP_PROPERTY, value: { ...final, hash } }],
    });
    logger.info({ issueKey: created.key }, 'Oprettede porteføljesag');
    const after = await findPortfolioIssues(target, rollUp.sourceKey, [Number(created.id)]);
    const mine = after.find((i) => i.id === created.id);
    if (!mine) {
      // The create call did not store the property (or the index lags): set it explicitly.
      await setIssueProperty(target.jira, created.id, ROLLUP_PROPERTY, { ...final, hash });
    }
    const all = mine
      ? after
      : [...after, { id: created.id, key: created.key, fields: {}, properties: {} }].sort(byId);
    const [primary, ...duplicates] = all as [FoundIssue, ...FoundIssue[]];
    const removed = await removeDuplicates(target, duplicates, logger);
    if (primary.id !== created.id) {
      // Another worker's issue is older and stays; make sure it carries this content.
      const result = await updateIssue(deps, primary, rollUp, hash);
      return { ...result, removedDuplicates: removed };
    }
    // A created issue starts in the workflow's initial status, which the search above reported.
    const initial = (primary.fields.status as { name?: string } | undefined)?.name;
    const status = await moveToStateStatus(deps, primary, initial, final);
    return {
      outcome: 'created',
      issueKey: created.key,
      issueId: created.id,
      ...(status ? { status } : {}),
      written: final,
      removedDuplicates: removed,
    };
  } finally {
    if (redis && lockKey) await redis.eval(RELEASE_LOCK, 1, lockKey, token);
  }
}

/**
 * Every roll-up in the portfolio project, one per product (the oldest issue when duplicates exist), for the
 * portfolio page. One search call per 100 products.
 */
export async function listRollUps(target: PortfolioTarget): Promise<RollUp[]> {
  return (await listStoredRollUps(target)).map((r) => r.rollUp);
}

/** As {@link listRollUps}, with the hash each roll-up was written with. */
export async function listStoredRollUps(
  target: PortfolioTarget,
): Promise<{ rollUp: RollUp; hash: string }[]> {
  const issues = await searchAll(target.jira, portfolioJql(target.projectKey), {
    fields: ['summary'],
    properties: [ROLLUP_PROPERTY],
    maxResults: 100,
  });
  const bySource = new Map<string, { id: number; rollUp: RollUp; hash: string }>();
  for (const issue of issues) {
    const stored = parseStoredRollUp(issue.properties[ROLLUP_PROPERTY]);
    if (!stored) continue;
    const prev = bySource.get(stored.sourceKey);
    if (!prev || Number(issue.id) < prev.id)
      bySource.set(stored.sourceKey, { id: Number(issue.id), rollUp: stripHash(stored), hash: stored.hash });
  }
  return [...bySource.values()]
    .map((v) => ({ rollUp: v.rollUp, hash: v.hash }))
    .sort(
      (a, b) =>
        a.rollUp.name.localeCompare(b.rollUp.name, 'da') ||
        a.rollUp.sourceKey.localeCompare(b.rollUp.sourceKey),
    );
}
