import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RollUpSchema } from '../../src/domain/rollup.js';
import { searchAll, searchPage, jqlString } from '../../src/jira/search.js';
import { createIssue, deleteIssue, editIssueFields, transitionToStatus } from '../../src/jira/issues.js';
import { setIssueProperty } from '../../src/jira/issue-properties.js';
import { PortfolioIndex, readIssueById } from './portfolio-index.js';
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

const sourceKeyOf = (i: FoundIssue): unknown =>
  (i.properties[ROLLUP_PROPERTY] as { sourceKey?: unknown } | undefined)?.sourceKey;

/** The portfolio issues of one product, oldest (lowest id) first, as search sees them. One REST call. */
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
  return page.issues.filter((i) => sourceKeyOf(i) === sourceKey).sort(byId);
}

function indexOf(deps: WriterDeps): PortfolioIndex | undefined {
  return deps.redis && deps.keys ? new PortfolioIndex(deps.redis, deps.keys) : undefined;
}

/**
 * The portfolio issues of one product, oldest first. With the index (Redis): the recorded issue, read by id and
 * confirmed by its own `os2-rollup.sourceKey` (one GET, no search). Without an entry, or when the recorded issue
 * is gone or names another product: a healing search that reconciles the recently created issues (Jira's search
 * may not see them yet), whose oldest match becomes the entry.
 */
export async function locatePortfolioIssues(deps: WriterDeps, sourceKey: string): Promise<FoundIssue[]> {
  const { target } = deps;
  const index = indexOf(deps);
  if (!index) return findPortfolioIssues(target, sourceKey);
  const recorded = await index.get(sourceKey);
  if (recorded) {
    const issue = await readIssueById(target.jira, recorded, FIELDS, [ROLLUP_PROPERTY]);
    if (issue && sourceKeyOf(issue) === sourceKey) {
      if (!(await index.isUnverified(sourceKey))) return [issue];
      return verify(deps, index, issue);
    }
    await index.forget(sourceKey, recorded);
    deps.logger.warn(
      { sourceKey, issueId: recorded },
      'Porteføljeindekset pegede på en sag, der er væk eller tilhører et andet produkt; finder den ved søgning',
    );
  }
  const found = await findPortfolioIssues(target, sourceKey, await reconcileIds(index));
  if (found[0]) await index.claim(sourceKey, found[0].id);
  return found;
}

/**
 * An issue this worker created, not yet seen by a plain search: search once, reconciling the other recent
 * writes but not this issue. When search shows it, Jira's index has caught up with its creation, so an issue a
 * worker without this Redis made before it would show as well: the product is verified. Any other match joins
 * the result, and the writer keeps the oldest.
 */
async function verify(deps: WriterDeps, index: PortfolioIndex, issue: FoundIssue): Promise<FoundIssue[]> {
  const sourceKey = sourceKeyOf(issue) as string;
  const others = (await index.recentlyWritten()).filter((id) => String(id) !== issue.id);
  const found = await findPortfolioIssues(deps.target, sourceKey, others.length ? others : undefined);
  if (found.some((i) => i.id === issue.id)) await index.markVerified(sourceKey);
  const all = [issue, ...found.filter((i) => i.id !== issue.id)].sort(byId);
  await index.claim(sourceKey, all[0]!.id);
  return all;
}

async function reconcileIds(index: PortfolioIndex, also?: string): Promise<number[] | undefined> {
  const ids = await index.recentlyWritten();
  if (also && !ids.includes(Number(also))) ids.unshift(Number(also));
  return ids.length ? ids.slice(0, 50) : undefined;
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
 * 1. Find it through the portfolio index (one GET by id), or, to heal, by the indexed `os2-rollup.sourceKey`
 *    (one search, see {@link locatePortfolioIssues}). If the oldest match carries `hash`, nothing is written.
 * 2. Otherwise update the oldest match (summary, labels, ADF description; the property; a transition when the
 *    status differs), or, when there is none, create it under a short Redis lock per sourceKey, with the
 *    property set in the create call itself.
 * 3. After creating, claim the index entry (the oldest id wins, atomically, so racing workers agree without
 *    search), search again reconciling the new and recent ids, and delete every match newer than the oldest:
 *    two workers, a retry, a lost lock or an emptied Redis still end with one issue.
 */
export async function writeRollUp(deps: WriterDeps, rollUp: RollUp, hash: string): Promise<WriteResult> {
  const { target, logger } = deps;
  const sourceKey = rollUp.sourceKey;
  let found = await locatePortfolioIssues(deps, sourceKey);

  if (found.length === 0) {
    const created = await createUnderLock(deps, rollUp, hash);
    if (created) return created;
    found = await locatePortfolioIssues(deps, sourceKey);
    if (found.length === 0)
      throw new Error(`Porteføljesagen for ${sourceKey} kunne ikke findes eller oprettes`);
  }

  const [primary, ...duplicates] = found as [FoundIssue, ...FoundIssue[]];
  const removed = await removeDuplicates(target, duplicates, logger);
  const result = await updateIssue(deps, primary, rollUp, hash);
  if (result.outcome !== 'unchanged') await indexOf(deps)?.noteWritten(result.issueId);
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
  if (existing?.hash === hash) return { outcome: 'unchanged', issueKey: issue.key, issueId: issue.id };

  const final = mergeUntrusted(rollUp, existing ? stripHash(existing) : undefined);
  await editIssueFields(target.jira, issue.id, {
    summary: rollUpSummary(final),
    labels: rollUpLabels(final),
    description: rollUpDescription(final),
  });
  await setIssueProperty(target.jira, issue.id, ROLLUP_PROPERTY, { ...final, hash });
  await moveToStateStatus(deps, issue, final);
  return { outcome: 'updated', issueKey: issue.key, issueId: issue.id };
}

async function moveToStateStatus(deps: WriterDeps, issue: FoundIssue, r: RollUp): Promise<void> {
  if (!r.state) return;
  const wanted = STATUS_BY_STATE[r.state];
  const current = (issue.fields.status as { name?: string } | undefined)?.name;
  if (current === wanted) return;
  const moved = await transitionToStatus(deps.target.jira, issue.id, wanted);
  if (!moved) {
    deps.logger.warn(
      { issueKey: issue.key, from: current, to: wanted },
      'Ingen overgang fører porteføljesagen til den ønskede status; tjek porteføljeprojektets workflow',
    );
  }
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
      if ((await locatePortfolioIssues(deps, rollUp.sourceKey)).length > 0) return undefined;
    }
    // Someone may have created it between our look-up and taking the lock (the index sees it; search may not).
    if ((await locatePortfolioIssues(deps, rollUp.sourceKey)).length > 0) {
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
    const index = indexOf(deps);
    // Record it before anything else: from here on every worker's look-up finds this issue (or an older one).
    const winner = index ? await index.claim(rollUp.sourceKey, created.id) : created.id;
    await index?.noteWritten(created.id);
    await index?.markUnverified(rollUp.sourceKey);
    const after = await findPortfolioIssues(
      target,
      rollUp.sourceKey,
      index ? await reconcileIds(index, created.id) : [Number(created.id)],
    );
    const mine = after.find((i) => i.id === created.id);
    if (!mine) {
      // The create call did not store the property: set it explicitly.
      await setIssueProperty(target.jira, created.id, ROLLUP_PROPERTY, { ...final, hash });
    }
    const all = mine ? after : [...after, { id: created.id, key: created.key, fields: {}, properties: {} }];
    if (winner !== created.id && !all.some((i) => i.id === winner)) {
      // A racing worker's older issue, which search does not see yet: read it by id.
      const theirs = await readIssueById(target.jira, winner, FIELDS, [ROLLUP_PROPERTY]);
      if (theirs && sourceKeyOf(theirs) === rollUp.sourceKey) all.push(theirs);
    }
    all.sort(byId);
    const [primary, ...duplicates] = all as [FoundIssue, ...FoundIssue[]];
    if (index && primary.id !== winner) await index.claim(rollUp.sourceKey, primary.id);
    const removed = await removeDuplicates(target, duplicates, logger);
    if (primary.id !== created.id) {
      // Another worker's issue is older and stays; make sure it carries this content.
      const result = await updateIssue(deps, primary, rollUp, hash);
      return { ...result, removedDuplicates: removed };
    }
    await moveToStateStatus(deps, { ...primary, fields: {} }, final);
    return { outcome: 'created', issueKey: created.key, issueId: created.id, removedDuplicates: removed };
  } finally {
    if (redis && lockKey) await redis.eval(RELEASE_LOCK, 1, lockKey, token);
  }
}

/**
 * Every roll-up in the portfolio project, one per product (the oldest issue when duplicates exist), for the
 * portfolio page. One search call per 100 products.
 */
export async function listRollUps(target: PortfolioTarget, index?: PortfolioIndex): Promise<RollUp[]> {
  // The issues written lately are reconciled, so the page shows what the writer wrote even while Jira's index lags.
  const recent = index ? await index.recentlyWritten() : [];
  const issues = await searchAll(target.jira, portfolioJql(target.projectKey), {
    fields: ['summary'],
    properties: [ROLLUP_PROPERTY],
    maxResults: 100,
    ...(recent.length ? { reconcileIssues: recent } : {}),
  });
  const bySource = new Map<string, { id: number; rollUp: RollUp }>();
  for (const issue of issues) {
    const stored = parseStoredRollUp(issue.properties[ROLLUP_PROPERTY]);
    if (!stored) continue;
    const prev = bySource.get(stored.sourceKey);
    if (!prev || Number(issue.id) < prev.id)
      bySource.set(stored.sourceKey, { id: Number(issue.id), rollUp: stripHash(stored) });
  }
  return [...bySource.values()]
    .map((v) => v.rollUp)
    .sort((a, b) => a.name.localeCompare(b.name, 'da') || a.sourceKey.localeCompare(b.sourceKey));
}
