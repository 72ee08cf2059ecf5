import { z } from 'zod';
import { VoteTallySchema } from '../domain/vote';
import { signPayload, verifyPayload } from './signature';
import type { VoteTally } from '../domain/vote';

/** Jira issue property key of the signed vote tally; `count` and `coFinanceTotalDkk` are indexed for JQL. */
export const VOTES_PROPERTY = 'os2-votes';
/** What a tally signature is for; part of the signed subject so no other signed value can pass for one. */
export const VOTES_PURPOSE = 'os2-votes/v1';

/** The issue a tally belongs to. Signed with it, so a tally copied onto another request does not verify. */
export const VotesSubjectSchema = z.strictObject({
  projectId: z.string().regex(/^\d{1,18}$/),
  issueId: z.string().regex(/^\d{1,18}$/),
});
export type VotesSubject = z.infer<typeof VotesSubjectSchema>;

export const VotesMirrorSchema = z.strictObject({
  count: z.number().int().nonnegative(),
  coFinanceTotalDkk: z.number().int().nonnegative(),
  tally: VoteTallySchema,
  subject: VotesSubjectSchema,
  /**
   * Monotonic per issue (the signing time in ms): the sync service keeps the highest it accepted per issue
   * and treats a lower one, an older tally put back, as not verified.
   */
  revision: z.number().int().nonnegative(),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type VotesMirror = z.infer<typeof VotesMirrorSchema>;

function signed(subject: VotesSubject, revision: number, tally: VoteTally) {
  return { purpose: VOTES_PURPOSE, subject, revision, tally };
}

export function buildVotesMirror(
  tally: VoteTally,
  secret: string,
  subject: VotesSubject,
  revision: number = Date.now(),
): VotesMirror {
  return {
    count: tally.count,
    coFinanceTotalDkk: tally.coFinanceTotalDkk,
    tally,
    subject,
    revision,
    signature: signPayload(signed(subject, revision, tally), secret),
  };
}

/**
 * The verified tally and its revision, or undefined when the mirror is missing, malformed, not signed with one
 * of `secrets`, or signed for another issue than `expected`. `'unbound'` skips only the subject check, for
 * tools that read a mirror off an issue object they already hold (the simulators); the sync service always
 * names the issue it read.
 */
export function readVotesMirrorRevision(
  value: unknown,
  secrets: string | readonly string[],
  expected: VotesSubject | 'unbound',
): { tally: VoteTally; revision: number } | undefined {
  const parsed = VotesMirrorSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  if (
    expected !== 'unbound' &&
    (m.subject.projectId !== expected.projectId || m.subject.issueId !== expected.issueId)
  )
    return undefined;
  const payload = signed(m.subject, m.revision, m.tally);
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  if (!keys.some((k) => k && verifyPayload(payload, m.signature, k))) return undefined;
  if (m.count !== m.tally.count || m.coFinanceTotalDkk !== m.tally.coFinanceTotalDkk) return undefined;
  return { tally: m.tally, revision: m.revision };
}

/** The verified tally (see {@link readVotesMirrorRevision}). */
export function readVotesMirror(
  value: unknown,
  secrets: string | readonly string[],
  expected: VotesSubject | 'unbound',
): VoteTally | undefined {
  return readVotesMirrorRevision(value, secrets, expected)?.tally;
}
