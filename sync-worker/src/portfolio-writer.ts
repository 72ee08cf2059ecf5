import { randomUUID } from 'node:crypto';
import { isApiError, isNotFoundError } from 'jira.js';
import { rollUpHash } from '../../src/domain/roll-up.js';
import { getCurrentUser } from '../../src/jira/myself.js';
import {
  quarantined,
  readRollUp,
  ROLLUP_PROPERTY,
  signRollUp,
  StoredRollUpSchema,
} from '../../src/mirror/rollup-mirror.js';
import { searchAll, searchPage, jqlString } from '../../src/jira/search.js';
import {
  createIssue,
  deleteIssue,
  doTransition,
  editIssueWithProperties,
  transitionToStatusVia,
} from '../../src/jira/issues.js';
import { setIssueProperty } from '../../src/jira/issue-properties.js';
import { KnownIssueSchema, PortfolioIndex, readIssueById } from './portfolio-index.js';
import type { KnownIssue } from './portfolio-index.js';
import { rollUpDescription, rollUpLabels, rollUpSummary, STATUS_BY_STATE } from './adf.js';
import type { RedisClient } from './redis.js';
import type { Logger } from 'pino';
import type { JiraClient } from '../../src/jira/client.js';
import type { FoundIssue } from '../../src/jira/search.js';
import type { RollUp } from '../../src/domain/rollup.js';
import type { Keys } from './keys.js';

export { ROLLUP_PROPERTY, StoredRollUpSchema };
import type { StoredRollUp } from '../../src/mirror/rollup-mirror.js';
export type { StoredRollUp };

export interface PortfolioTarget {
  jira: JiraClient;
  /** Name of the site hosting the portfolio project. */
  site: string;
  projectKey: string;
  issueType: string;
  /**
   * The secrets roll-ups are signed and verified with: the portfolio site's secret first (signs), then a
   * previous one still accepted during a rotation window (verifies only).
   */
  secrets: readonly string[];
  /** The service's own account on the portfolio site, learnt once (see {@link madeByUs}). */
  accountId?: string;
}

export interface WriterDeps {
  target: PortfolioTarget;
  logger: Logger;
  /** Used for the short creation lock; the writer also converges without it (see {@link writeRollUp}). */
  redis?: RedisClient;
  keys?: Keys;
  lockTtlMs?: number;
  /** Update the product's issue only if it has one; never create (a `missing` marker). */
  onlyIfExists?: boolean;
}

export type WriteOutcome = 'unchanged' | 'created' | 'updated' | 'absent';

export interface WriteResult {
  outcome: WriteOutcome;
  issueKey: string;
  issueId: string;
  /** The issue's status after the write, as far as the writer knows (remembered for the next write). */
  status?: string;
  /** The roll-up now on the issue (signed by this service): what the portfolio page shows. */
  written?: RollUp;
  /** Keys of duplicate portfolio issues this write removed. */
  removedDuplicates: string[];
  /**
   * Keys of issues that claim this product but that the service cannot prove it made (not created by its
   * account): never deleted or rewritten, only reported (issue 13, item 7).
   */
  foreign?: string[];
}

const FIELDS = ['summary', 'status', 'labels', 'creator'];

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
  return page.issues.filter((i) => sourceKeyOf(i) === sourceKey).sort(byId);
}

const sourceKeyOf = (i: FoundIssue): unknown =>
  (i.properties[ROLLUP_PROPERTY] as { sourceKey?: unknown } | undefined)?.sourceKey;

/** The stored roll-up when its shape is right (the reliability oracle's view; readers use {@link readRollUp}). */
export function parseStoredRollUp(value: unknown): StoredRollUp | undefined {
  const parsed = StoredRollUpSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * What to write. A roll-up from a verified mirror is written as is. One from a tampered or unsigned mirror
 * keeps the last verified governance fields of the issue (if any), marked with the new integrity, so the
 * portfolio shows the product as tampered instead of showing forged values or dropping it. `existing` must come
 * from a roll-up whose signature verified: forged fields are never kept as "last verified values".
 */
export function mergeUntrusted(fresh: RollUp, existing: RollUp | undefined): RollUp {
  if (fresh.integrity === 'verified' || !existing) return fresh;
  const { skippedRequests: _older, ...kept } = existing;
  return {
    ...kept,
    schema: 1,
    sourceKey: fresh.sourceKey,
    site: fresh.site,
    integrity: fresh.integrity,
    openRequests: fresh.openRequests,
    topRequests: fresh.topRequests,
    ...(fresh.skippedRequests ? { skippedRequests: fresh.skippedRequests } : {}),
  };
}

/**
 * A verified governance revision lower than the one the portfolio already holds (signed by this service) is a
 * rollback: an older, validly signed mirror put back. It is flagged and the newer values are kept (item 3).
 */
export function guardRollback(fresh: RollUp, existing: RollUp | undefined): RollUp {
  if (fresh.integrity !== 'verified' || !existing || fresh.revision >= existing.revision) return fresh;
  return { ...fresh, integrity: 'tampered' };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The service's own account on the portfolio site: one call, then remembered on the target. */
async function serviceAccountId(target: PortfolioTarget): Promise<string> {
  if (!target.accountId) target.accountId = (await getCurrentUser(target.jira)).accountId;
  return target.accountId;
}

function creatorOf(issue: FoundIssue): string | undefined {
  const c = issue.fields.creator as { accountId?: unknown } | null | undefined;
  return typeof c?.accountId === 'string' ? c.accountId : undefined;
}

interface Claimants {
  /** Issues the service created for this product, oldest first. */
  ours: FoundIssue[];
  /** Issues someone else created or tagged with this product's sourceKey. */
  foreign: FoundIssue[];
}

/**
 * The issues claiming a product, split by who created them. Jira sets `creator` to the caller of the create
 * and nobody can change it, so it proves what this service made where the property (writable by any portfolio
 * editor) cannot. A signature does not prove it either: a signed roll-up can be copied onto any issue.
 */
async function findClaimants(
  target: PortfolioTarget,
  sourceKey: string,
  reconcileIssues?: number[],
): Promise<Claimants> {
  const found = await findPortfolioIssues(target, sourceKey, reconcileIssues);
  if (found.length === 0) return { ours: [], foreign: [] };
  const me = await serviceAccountId(target);
  return {
    ours: found.filter((i) => creatorOf(i) === me),
    foreign: found.filter((i) => creatorOf(i) !== me),
  };
}

function indexOf(deps: WriterDeps): PortfolioIndex | undefined {
  return deps.redis && deps.keys ? new PortfolioIndex(deps.redis, deps.keys) : undefined;
}

/**
 * The issues claiming a product, found without depending on Jira's lagging search. With the portfolio index
 * (Redis): the recorded issue, read by id (consistent) and confirmed by its own `os2-rollup.sourceKey` and by
 * having been created by this service (one GET, no search). Only issues of ours are ever recorded. A recorded
 * issue search has not shown yet (created lately, see `PortfolioIndex.markUnverified`) is looked for by one
 * search instead, reconciling the other recent writes but not this issue: when search shows it, Jira's index has
 * caught up with its creation, so an issue a worker without this Redis made before it would show as well, and
 * the product is verified; only when search does not show it is it read by id too. Without an entry, or when the
 * recorded issue is gone or not ours for this product: a healing search that reconciles the recently written
 * portfolio issues; its oldest issue of ours is recorded.
 */
async function locateClaimants(deps: WriterDeps, sourceKey: string): Promise<Claimants> {
  const { target } = deps;
  const index = indexOf(deps);
  if (!index) return findClaimants(target, sourceKey);
  const recorded = await index.get(sourceKey);
  if (recorded) {
    let searched: FoundIssue[] | undefined;
    if (await index.isUnverified(sourceKey)) {
      const others = (await index.recentlyWritten()).filter((id) => String(id) !== recorded);
      searched = await findPortfolioIssues(target, sourceKey, others.length ? others : undefined);
    }
    let issue = searched?.find((i) => i.id === recorded);
    if (issue) {
      await index.markVerified(sourceKey);
      // The index records only issues this service created, so this one's creator is the service's account.
      const creator = creatorOf(issue);
      if (!target.accountId && creator) target.accountId = creator;
    } else {
      issue = await readIssueById(target.jira, recorded, FIELDS, [ROLLUP_PROPERTY]);
    }
    if (issue && sourceKeyOf(issue) === sourceKey && creatorOf(issue) === (await serviceAccountId(target))) {
      if (!searched) return { ours: [issue], foreign: [] };
      const me = await serviceAccountId(target);
      const mine = issue;
      const ours = [mine, ...searched.filter((i) => i.id !== mine.id && creatorOf(i) === me)].sort(byId);
      await index.claim(sourceKey, ours[0]!.id);
      return { ours, foreign: searched.filter((i) => creatorOf(i) !== me) };
    }
    await index.forget(sourceKey, recorded);
    deps.logger.warn(
      { sourceKey, issueId: recorded },
      'Porteføljeindekset pegede på en sag, der er væk eller ikke er vores for dette produkt; finder den ved søgning',
    );
  }
  const found = await findClaimants(target, sourceKey, await reconcileIds(index));
  if (found.ours[0]) await index.claim(sourceKey, found.ours[0].id);
  return found;
}

async function reconcileIds(index: PortfolioIndex, also?: string): Promise<number[] | undefined> {
  const ids = await index.recentlyWritten();
  if (also && !ids.includes(Number(also))) ids.unshift(Number(also));
  return ids.length ? ids.slice(0, 50) : undefined;
}

/**
 * Upserts the portfolio issue of `rollUp.sourceKey` and converges to exactly one issue per product:
 *
 * 1. Find it through the portfolio index (one GET by id), or, to heal, by the indexed `os2-rollup.sourceKey`
 *    (one search; see {@link locateClaimants}), and keep only the issues this service created.
 * 2. Write nothing when the oldest one's roll-up verifies (signature over subject and recomputed hash), equals
 *    the new one in full, and its summary, labels and status match; otherwise rewrite it (a forged issue heals).
 *    When there is none, create it under a short Redis lock per sourceKey, with the property in the create call.
 * 3. After creating, claim the index entry (the oldest id wins, atomically, so racing workers agree without
 *    search), search again reconciling the new and recent ids, and delete every issue of ours newer than the oldest: two workers, a retry, a lost lock or an emptied Redis still end with one.
 *    Issues someone else made are never deleted or rewritten; they are returned in `foreign` and logged.
 *
 * `_hash` (the source read's hash) is kept for callers; the stored hash is recomputed from what is written.
 */
export async function writeRollUp(deps: WriterDeps, rollUp: RollUp, _hash?: string): Promise<WriteResult> {
  const { target, logger } = deps;
  const sourceKey = rollUp.sourceKey;
  const claimants = await locateClaimants(deps, sourceKey);
  const foreign = claimants.foreign;
  let ours = claimants.ours;
  const foreignKeys = foreign.map((i) => i.key);
  if (foreignKeys.length > 0) {
    logger.warn(
      { sourceKey, issues: foreignKeys },
      'Porteføljesager med dette produkts sourceKey, som tjenesten ikke har oprettet: rørt ikke, kun rapporteret',
    );
  }

  if (ours.length === 0 && deps.onlyIfExists) {
    return { outcome: 'absent', issueKey: '', issueId: '', removedDuplicates: [], foreign: foreignKeys };
  }
  if (ours.length === 0) {
    const created = await createUnderLock(deps, rollUp);
    if (created) return { ...created, foreign: foreignKeys };
    ours = (await locateClaimants(deps, sourceKey)).ours;
    if (ours.length === 0)
      throw new Error(`Porteføljesagen for ${sourceKey} kunne ikke findes eller oprettes`);
  }

  const [primary, ...duplicates] = ours as [FoundIssue, ...FoundIssue[]];
  const removed = await removeDuplicates(target, duplicates, logger);
  const result = await updateIssue(deps, primary, rollUp);
  if (result.outcome !== 'unchanged') await indexOf(deps)?.noteWritten(result.issueId);
  return { ...result, removedDuplicates: removed, foreign: foreignKeys };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

async function updateIssue(
  deps: WriterDeps,
  issue: FoundIssue,
  rollUp: RollUp,
): Promise<Omit<WriteResult, 'removedDuplicates'>> {
  const { target } = deps;
  const read = readRollUp(issue.properties[ROLLUP_PROPERTY], rollUpTarget(target), target.secrets);
  const existing = read.ok ? read.rollUp : undefined;
  if (!read.ok && read.reason !== 'absent') {
    deps.logger.warn(
      { issueKey: issue.key, reason: read.reason },
      'os2-rollup på porteføljesagen kan ikke verificeres; skrives forfra',
    );
  }
  const fresh = guardRollback(rollUp, existing);
  if (fresh !== rollUp) {
    deps.logger.warn(
      { issueKey: issue.key, revision: rollUp.revision, portfolioRevision: existing?.revision },
      'Governance-spejlet er rullet tilbage til en ældre revision; de nyere værdier beholdes',
    );
  }
  const final = mergeUntrusted(fresh, existing);
  const summary = rollUpSummary(final);
  const labels = rollUpLabels(final);
  const status = (issue.fields.status as { name?: string } | undefined)?.name;
  const unchanged =
    read.ok &&
    read.hash === rollUpHash(final) &&
    issue.fields.summary === summary &&
    Array.isArray(issue.fields.labels) &&
    sameSet(issue.fields.labels as string[], labels) &&
    (!final.state || status === STATUS_BY_STATE[final.state]);
  if (unchanged) {
    return {
      outcome: 'unchanged',
      issueKey: issue.key,
      issueId: issue.id,
      ...(status ? { status } : {}),
      written: final,
    };
  }

  await putRollUp(target, issue.id, final);
  const moved = await moveToStateStatus(deps, issue, status, final);
  return {
    outcome: 'updated',
    issueKey: issue.key,
    issueId: issue.id,
    ...(moved ? { status: moved } : {}),
    written: final,
  };
}

/** Fields and the signed `os2-rollup` property in one `PUT /issue/{id}`. */
async function putRollUp(target: PortfolioTarget, issueId: string, r: RollUp): Promise<void> {
  await editIssueWithProperties(
    target.jira,
    issueId,
    { summary: rollUpSummary(r), labels: rollUpLabels(r), description: rollUpDescription(r) },
    [{ key: ROLLUP_PROPERTY, value: sealed(target, r) }],
  );
}

const rollUpTarget = (target: PortfolioTarget) => ({ portfolioProject: target.projectKey });

function sealed(target: PortfolioTarget, rollUp: RollUp): Record<string, unknown> {
  const secret = target.secrets[0];
  if (!secret) throw new Error('Ingen nøgle til at signere roll-ups med');
  return signRollUp(rollUp, rollUpTarget(target), secret) as unknown as Record<string, unknown>;
}

export { KnownIssueSchema };
export type { KnownIssue };

/**
 * The physical limit of a changed sync: one `PUT` (fields and property together) to the issue the service
 * remembers, plus one transition (with an id cached per workflow) only when the state moved. No search, no
 * read-back: the caller knows the issue from its own last write (an issue this service created, signed by it).
 * Only for verified roll-ups whose revision the high-water marks already accepted (an untrusted one must read
 * what it keeps, see {@link mergeUntrusted}; a rollback is refused before it gets here). Returns undefined when the remembered issue is gone
 * (404): the caller then heals with {@link writeRollUp}, which searches.
 */
export async function writeKnownIssue(
  deps: WriterDeps,
  known: KnownIssue & { key: string },
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
    await putRollUp(deps.target, known.id, rollUp);
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
 * {@link writeKnownIssue} for a product whose issue search has not shown yet (created lately, see
 * `PortfolioIndex.markUnverified`). An older issue of the product made by a worker without this Redis would show
 * only in search, so one search for the product comes first (reconciling the other recent writes, not this issue,
 * as {@link locateClaimants} does). When it shows no other issue claiming the product, the write is the same blind
 * `PUT` as for a verified product: the remembered issue is not read back by id, because the portfolio index already
 * answers what that read would (the id and key of an issue this service created, the status and hash it left; a
 * rollback was refused by the high-water marks before the roll-up got here). When search shows the remembered
 * issue itself, Jira's index has caught up with its creation and the product is verified.
 *
 * Returns `'claimed'` when search shows another issue claiming the product (the caller then writes through
 * {@link writeRollUp}, which keeps the oldest of ours and reports foreign ones), undefined when the remembered
 * issue is gone (404, as {@link writeKnownIssue}).
 */
export async function writeUnseenKnownIssue(
  deps: WriterDeps,
  known: KnownIssue & { key: string },
  rollUp: RollUp,
  hash: string,
): Promise<WriteResult | 'claimed' | undefined> {
  const index = indexOf(deps);
  if (!index) return 'claimed';
  const others = (await index.recentlyWritten()).filter((id) => String(id) !== known.id);
  const searched = await findPortfolioIssues(
    deps.target,
    rollUp.sourceKey,
    others.length ? others : undefined,
  );
  if (searched.some((i) => i.id !== known.id)) return 'claimed';
  const shown = searched[0];
  if (shown) {
    await index.markVerified(rollUp.sourceKey);
    // The index records only issues this service created, so this one's creator is the service's account.
    const creator = creatorOf(shown);
    if (!deps.target.accountId && creator) deps.target.accountId = creator;
  }
  return writeKnownIssue(deps, known, rollUp, hash);
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

/** Field of the transition-id hash holding the name of the workflow's initial status (learnt at the first create). */
const INITIAL_STATUS = '(initial)';

/**
 * Creates the issue under the lock; returns undefined when another worker created it meanwhile.
 *
 * With the portfolio index the create costs one call once the workflow is known: the issue is created with its
 * property and, when its state's status is not the workflow's initial one, with the cached transition out of the
 * initial status in the same call. What the index cannot settle (an older issue made by a worker without this
 * Redis, invisible to search for now) is left to the delayed re-check (`PortfolioIndex.markUnverified`), so no
 * search follows the create. The very first create of a deployment reads the new issue once to learn the
 * initial status, and takes the transition by name (two calls), caching its id.
 */
async function createUnderLock(deps: WriterDeps, rollUp: RollUp): Promise<WriteResult | undefined> {
  const { redis, keys, target, logger } = deps;
  const ttl = deps.lockTtlMs ?? 15_000;
  const token = randomUUID();
  const lockKey = keys?.createLock(rollUp.sourceKey);
  const index = indexOf(deps);
  if (redis && lockKey) {
    const deadline = Date.now() + ttl;
    for (;;) {
      const ok = await redis.set(lockKey, token, 'PX', ttl, 'NX');
      if (ok === 'OK') break;
      if (Date.now() > deadline) break; // a lost lock: go ahead; the dedupe below still converges
      await sleep(150 + Math.random() * 150);
      if ((await locateClaimants(deps, rollUp.sourceKey)).ours.length > 0) return undefined;
    }
    // Someone may have created it between our look-up and taking the lock: whoever did recorded it in the index
    // before releasing the lock, so the index alone answers (no second search).
    if (
      index
        ? await index.get(rollUp.sourceKey)
        : (await locateClaimants(deps, rollUp.sourceKey)).ours.length > 0
    ) {
      await redis.eval(RELEASE_LOCK, 1, lockKey, token);
      return undefined;
    }
  }
  try {
    if (!index) return await createAndSearch(deps, rollUp);
    const final = rollUp; // nothing earlier to keep
    const workflow = redis && keys ? keys.transitionIds(target.projectKey, target.issueType) : undefined;
    const wanted = final.state ? STATUS_BY_STATE[final.state] : undefined;
    const initial = workflow ? ((await redis!.hget(workflow, INITIAL_STATUS)) ?? undefined) : undefined;
    const inCreate =
      initial && wanted && wanted !== initial
        ? ((await redis!.hget(workflow!, `${initial}→${wanted}`)) ?? undefined)
        : undefined;
    const fields = {
      projectKey: target.projectKey,
      issueTypeName: target.issueType,
      summary: rollUpSummary(final),
      labels: rollUpLabels(final),
      description: rollUpDescription(final),
      properties: [{ key: ROLLUP_PROPERTY, value: sealed(target, final) }],
    };
    let created: { id: string; key: string };
    let moved = false;
    try {
      created = await createIssue(target.jira, {
        ...fields,
        ...(inCreate ? { transitionId: inCreate } : {}),
      });
      moved = Boolean(inCreate);
    } catch (err) {
      if (!inCreate || !isApiError(err) || err.status !== 400) throw err;
      // The workflow was edited and the cached transition is gone: forget it and create without.
      await redis!.hdel(workflow!, `${initial}→${wanted}`);
      created = await createIssue(target.jira, fields);
    }
    logger.info({ issueKey: created.key }, 'Oprettede porteføljesag');
    // Record it before anything else: from here on every worker's look-up finds this issue (or an older one).
    const winner = await index.claim(rollUp.sourceKey, created.id);
    await index.noteWritten(created.id);
    await index.markUnverified(rollUp.sourceKey);
    if (winner !== created.id) {
      // A racing worker (whose lock had expired) recorded an older issue first: it stays, ours goes.
      const theirs = await readIssueById(target.jira, winner, FIELDS, [ROLLUP_PROPERTY]);
      if (
        theirs &&
        sourceKeyOf(theirs) === rollUp.sourceKey &&
        creatorOf(theirs) === (await serviceAccountId(target))
      ) {
        const removed = await removeDuplicates(
          target,
          [{ id: created.id, key: created.key, fields: {}, properties: {} }],
          logger,
        );
        const result = await updateIssue(deps, theirs, rollUp);
        return { ...result, removedDuplicates: removed };
      }
      await index.forget(rollUp.sourceKey, winner);
      await index.claim(rollUp.sourceKey, created.id);
    }
    let status: string | undefined = moved ? wanted : initial;
    if (!moved) {
      let from = initial;
      if (!from && workflow) {
        // The first create of this workflow: its initial status, read once and remembered.
        const fresh = await readIssueById(target.jira, created.id, ['status'], []);
        from = (fresh?.fields.status as { name?: string } | undefined)?.name;
        if (from) await redis!.hset(workflow, INITIAL_STATUS, from);
      }
      status = await moveToStateStatus(deps, created, from, final);
    }
    return {
      outcome: 'created',
      issueKey: created.key,
      issueId: created.id,
      ...(status ? { status } : {}),
      written: final,
      removedDuplicates: [],
    };
  } finally {
    if (redis && lockKey) await redis.eval(RELEASE_LOCK, 1, lockKey, token);
  }
}

/**
 * Without the portfolio index (no Redis): create, then search for the product reconciling the new issue, keep
 * the oldest issue of ours and delete the rest, so two workers or a retry still end with one.
 */
async function createAndSearch(deps: WriterDeps, rollUp: RollUp): Promise<WriteResult> {
  const { target, logger } = deps;
  const final = rollUp; // nothing earlier to keep
  const created = await createIssue(target.jira, {
    projectKey: target.projectKey,
    issueTypeName: target.issueType,
    summary: rollUpSummary(final),
    labels: rollUpLabels(final),
    description: rollUpDescription(final),
    properties: [{ key: ROLLUP_PROPERTY, value: sealed(target, final) }],
  });
  logger.info({ issueKey: created.key }, 'Oprettede porteføljesag');
  const after = (await findClaimants(target, rollUp.sourceKey, [Number(created.id)])).ours;
  const mine = after.find((i) => i.id === created.id);
  if (!mine) {
    // The create call did not store the property: set it explicitly.
    await setIssueProperty(target.jira, created.id, ROLLUP_PROPERTY, sealed(target, final));
  }
  const all = mine ? after : [...after, { id: created.id, key: created.key, fields: {}, properties: {} }];
  all.sort(byId);
  const [primary, ...duplicates] = all as [FoundIssue, ...FoundIssue[]];
  const removed = await removeDuplicates(target, duplicates, logger);
  if (primary.id !== created.id) {
    // Another worker's issue is older and stays; make sure it carries this content.
    const result = await updateIssue(deps, primary, rollUp);
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
}

/**
 * Every roll-up in the portfolio project, one per product, for the portfolio page, its JSON and CSV. One search
 * call per 100 products. Each `os2-rollup` is verified (signature over subject and recomputed hash): of a
 * product's issues the oldest verified one is shown; a product with none that verifies is shown quarantined
 * (flagged `tampered`, no figures), so a forged or invented product is never shown as verified.
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
  const verified = new Map<string, { id: number; rollUp: RollUp }>();
  const suspect = new Map<string, { id: number; rollUp: RollUp }>();
  for (const issue of issues) {
    const raw = issue.properties[ROLLUP_PROPERTY];
    const read = readRollUp(raw, rollUpTarget(target), target.secrets);
    const entry = read.ok ? read.rollUp : read.reason === 'absent' ? undefined : quarantined(raw);
    if (!entry) continue;
    const into = read.ok ? verified : suspect;
    const prev = into.get(entry.sourceKey);
    if (!prev || Number(issue.id) < prev.id)
      into.set(entry.sourceKey, { id: Number(issue.id), rollUp: entry });
  }
  for (const [sourceKey, v] of suspect) if (!verified.has(sourceKey)) verified.set(sourceKey, v);
  return [...verified.values()]
    .map((v) => v.rollUp)
    .sort((a, b) => a.name.localeCompare(b.name, 'da') || a.sourceKey.localeCompare(b.sourceKey));
}

/** As {@link listRollUps}, with each roll-up's hash (for rebuilding the service's own state). */
export async function listStoredRollUps(
  target: PortfolioTarget,
  index?: PortfolioIndex,
): Promise<{ rollUp: RollUp; hash: string }[]> {
  return (await listRollUps(target, index)).map((rollUp) => ({ rollUp, hash: rollUpHash(rollUp) }));
}
