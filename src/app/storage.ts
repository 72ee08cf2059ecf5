/**
 * The app's data in Forge storage (@forge/kvs), the source of truth (design.md "Where data lives").
 *
 * Key layout (all keys within Atlassian's 500-character limit and character set):
 *   gov:<projectId>                      head: the current governance record (a cache of the newest revision)
 *   gov:<projectId>:rev:<revision, 10 d> one commit per save: { record, decisions } — written with
 *                                        keyPolicy FAIL_IF_EXISTS, so of two saves at the same revision exactly
 *                                        one wins; the other is refused as stale and nothing is overwritten
 *   dec:<projectId>:<decidedAt>:<id>     the decision log, append-only, one key per entry (time-ordered)
 *   vote:<issueId>:<kommunekode>         one vote per (issue, municipality): concurrent votes never collide
 *   votelog:<projectId>:<at>:<issueId>:<kommunekode>  every cast, change and withdrawal (the history; vote keys
 *                                        hold only the latest)
 *   poll:<issueId>:<pollId>              a poll on an issue
 *   pollans:<pollId>:<kommunekode>       one answer per (poll, municipality)
 *   cr:<issueId>                         the change-request assessment of a feature request
 *   crp:<projectKey>:<issueId>           the product's index of its requests: a copy of each head, written in the
 *                                        head's transaction (src/app/change-requests.ts)
 *   wg:<projectId> | crorder:<projectId> a product's working groups and priority order (src/app/working-groups.ts)
 *   catver:<catalogueId>:<version>       the board's catalogue versions (src/app/catalogue-versions.ts)
 *   cfg:directory | cfg:roles | cfg:catalogue | cfg:sync   admin settings
 *   secret "event-secret"                the event/mirror signing secret (kvs.setSecret; never read back to a UI)
 *
 * A save commits the revision key first; head and decision keys are then written in one transaction. A reader
 * that finds a commit newer than the head (a save interrupted between the two steps) rolls the head forward, so
 * an interrupted save is completed by the next reader, never lost and never half-applied.
 */
import { kvs, type ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import { GovernanceRecordSchema, type GovernanceRecord } from '../domain/governance-record';
import { DecisionSchema, type Decision } from '../domain/decision';
import { VoteSchema, type Vote } from '../domain/vote';
import { PersonSchema, type Person } from '../domain/person';
import {
  StoredRevisionSchema,
  VoteEventSchema,
  type StoredRevision,
  type VoteEvent,
} from '../domain/history';

const pad = (n: number) => String(n).padStart(10, '0');
export const keys = {
  head: (projectId: string) => `gov:${projectId}`,
  revision: (projectId: string, revision: number) => `gov:${projectId}:rev:${pad(revision)}`,
  decision: (projectId: string, d: Pick<Decision, 'decidedAt' | 'id'>) =>
    `dec:${projectId}:${d.decidedAt}:${d.id}`,
  decisionPrefix: (projectId: string) => `dec:${projectId}:`,
  vote: (issueId: string, code: string) => `vote:${issueId}:${code}`,
  votePrefix: (issueId: string) => `vote:${issueId}:`,
  poll: (issueId: string, pollId: string) => `poll:${issueId}:${pollId}`,
  pollPrefix: (issueId: string) => `poll:${issueId}:`,
  pollAnswer: (pollId: string, code: string) => `pollans:${pollId}:${code}`,
  pollAnswerPrefix: (pollId: string) => `pollans:${pollId}:`,
  voteLog: (projectId: string, e: Pick<VoteEvent, 'at' | 'issueId' | 'municipality'>) =>
    `votelog:${projectId}:${e.at}:${e.issueId}:${e.municipality}`,
  voteLogPrefix: (projectId: string) => `votelog:${projectId}:`,
  revisionPrefix: (projectId: string) => `gov:${projectId}:rev:`,
  changeRequest: (issueId: string) => `cr:${issueId}`,
  config: (name: 'directory' | 'roles' | 'catalogue' | 'sync' | 'voting' | 'reporting') => `cfg:${name}`,
  secret: 'event-secret',
} as const;

// `by` (who saved) is recorded since the history timeline; older commits lack it.
const CommitSchema = z.object({
  record: GovernanceRecordSchema,
  decisions: z.array(DecisionSchema),
  by: PersonSchema.optional(),
});

function isKvsError(e: unknown, code: string): e is ForgeKvsAPIError {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}

/** Every value under a prefix, following cursors (Forge pages at most 100 per request). */
export async function queryAll<T>(prefix: string): Promise<{ key: string; value: T }[]> {
  const out: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  do {
    let q = kvs
      .query()
      .where('key', { condition: 'BEGINS_WITH', values: [prefix] })
      .limit(100);
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany<T>();
    out.push(...page.results.map((r) => ({ key: r.key, value: r.value })));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The current record of a project, or undefined when the project is not governed yet. */
export async function loadGovernance(projectId: string): Promise<GovernanceRecord | undefined> {
  const raw = await kvs.get<unknown>(keys.head(projectId));
  let head = raw === undefined ? undefined : GovernanceRecordSchema.parse(raw);
  // Roll forward over commits the head does not reflect yet (a save interrupted after its commit).
  for (;;) {
    const next = await kvs.get<unknown>(keys.revision(projectId, (head?.revision ?? 0) + 1));
    if (next === undefined) return head;
    const commit = CommitSchema.parse(next);
    await applyCommit(projectId, commit.record, commit.decisions);
    head = commit.record;
  }
}

async function applyCommit(projectId: string, record: GovernanceRecord, decisions: readonly Decision[]) {
  const tx = kvs.transact().set(keys.head(projectId), record);
  for (const d of decisions) tx.set(keys.decision(projectId, d), d);
  await tx.execute();
}

export interface SaveOptions {
  /** The caller loaded the stored record itself at `expectedRevision` within this action. */
  loaded?: boolean;
  /** Runs once the revision is committed, concurrently with the head update (e.g. the mirror write). */
  alongside?: (saved: GovernanceRecord) => Promise<unknown>;
}

export type SaveResult =
  { ok: true; record: GovernanceRecord } | { ok: false; stale: true; current?: GovernanceRecord };

/**
 * Saves `record` as the successor of `expectedRevision` (0 when the project has no record yet), together with
 * the decisions the change produced. The stored revision becomes `expectedRevision + 1`. A save based on an older
 * revision than the stored one, or losing a race for the same revision, is refused as stale.
 */
export async function saveGovernance(
  projectId: string,
  expectedRevision: number,
  record: GovernanceRecord,
  decisions: readonly Decision[],
  by?: Person,
  options: SaveOptions = {},
): Promise<SaveResult> {
  // A caller that has just loaded the record (and refused a stale payload) need not read it again: the
  // FAIL_IF_EXISTS commit below is what refuses a save that lost a race, whatever was read before.
  if (!options.loaded) {
    const current = await loadGovernance(projectId);
    if ((current?.revision ?? 0) !== expectedRevision) return { ok: false, stale: true, current };
  }
  const next = GovernanceRecordSchema.parse({ ...record, revision: expectedRevision + 1 });
  try {
    await kvs.set(
      keys.revision(projectId, next.revision),
      { record: next, decisions, ...(by ? { by: PersonSchema.parse(by) } : {}) },
      { keyPolicy: 'FAIL_IF_EXISTS' },
    );
  } catch (e) {
    if (isKvsError(e, 'KEY_CONFLICT'))
      return { ok: false, stale: true, current: await loadGovernance(projectId) };
    throw e;
  }
  // The commit is the save: from here every reader sees it (loadGovernance rolls the head forward), so the head
  // and decision keys are written alongside what follows a save rather than before it.
  const settled = await Promise.allSettled([
    applyCommit(projectId, next, decisions),
    options.alongside?.(next),
  ]);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return { ok: true, record: next };
}

/** Appends a decision that is not part of a governance save (a closed poll, a change-request decision). */
export async function appendDecision(projectId: string, decision: Decision): Promise<void> {
  await kvs.set(keys.decision(projectId, decision), DecisionSchema.parse(decision));
}

/** The whole decision log of a project, oldest first. */
export async function loadDecisions(projectId: string): Promise<Decision[]> {
  const rows = await queryAll<unknown>(keys.decisionPrefix(projectId));
  return rows
    .map((r) => DecisionSchema.parse(r.value))
    .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
}

/**
 * Every stored revision of a project's record, oldest first, with who saved it where known. Revisions are
 * kept for as long as the app is installed (docs/secretariat.md "Retention"); none is ever deleted.
 */
export async function loadRevisions(projectId: string): Promise<StoredRevision[]> {
  const rows = await queryAll<unknown>(keys.revisionPrefix(projectId));
  return rows
    .map((r) => {
      const c = CommitSchema.parse(r.value);
      return StoredRevisionSchema.parse({ record: c.record, ...(c.by ? { by: c.by } : {}) });
    })
    .sort((a, b) => a.record.revision - b.record.revision);
}

/** Records one vote change of a project's feature request (append-only). */
export async function appendVoteEvent(projectId: string, event: VoteEvent): Promise<void> {
  const parsed = VoteEventSchema.parse(event);
  await kvs.set(keys.voteLog(projectId, parsed), parsed);
}

export async function loadVoteEvents(projectId: string): Promise<VoteEvent[]> {
  const rows = await queryAll<unknown>(keys.voteLogPrefix(projectId));
  return rows.map((r) => VoteEventSchema.parse(r.value)).sort((a, b) => a.at.localeCompare(b.at));
}

export async function loadVotes(issueId: string): Promise<Vote[]> {
  const rows = await queryAll<unknown>(keys.votePrefix(issueId));
  return rows.map((r) => VoteSchema.parse(r.value));
}

/**
 * Stores a vote and its history entry in one transaction: one round trip, and all or nothing, so the history
 * never records a vote that was not stored nor misses one that was.
 */
export async function putVoteWithEvent(vote: Vote, projectId: string, event: VoteEvent): Promise<void> {
  const parsed = VoteEventSchema.parse(event);
  await kvs
    .transact()
    .set(keys.vote(vote.issueId, vote.municipality), VoteSchema.parse(vote))
    .set(keys.voteLog(projectId, parsed), parsed)
    .execute();
}

export async function deleteVote(issueId: string, code: string): Promise<void> {
  await kvs.delete(keys.vote(issueId, code));
}

export async function getJson<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const raw = await kvs.get<unknown>(key);
  return raw === undefined ? undefined : schema.parse(raw);
}

export async function putJson<T>(key: string, schema: z.ZodType<T>, value: T): Promise<void> {
  await kvs.set(key, schema.parse(value) as never);
}

export { isKvsError };
