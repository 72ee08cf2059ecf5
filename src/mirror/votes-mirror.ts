import { z } from 'zod';
import { VoteTallySchema } from '../domain/vote';
import { signPayload, verifyPayload } from './signature';
import type { VoteTally } from '../domain/vote';

/** Jira issue property key of the signed vote tally; `count` and `coFinanceTotalDkk` are indexed for JQL. */
export const VOTES_PROPERTY = 'os2-votes';

export const VotesMirrorSchema = z.strictObject({
  count: z.number().int().nonnegative(),
  coFinanceTotalDkk: z.number().int().nonnegative(),
  tally: VoteTallySchema,
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type VotesMirror = z.infer<typeof VotesMirrorSchema>;

export function buildVotesMirror(tally: VoteTally, secret: string): VotesMirror {
  return {
    count: tally.count,
    coFinanceTotalDkk: tally.coFinanceTotalDkk,
    tally,
    signature: signPayload(tally, secret),
  };
}

/** The verified tally, or undefined when the mirror is missing, malformed or its signature does not verify. */
export function readVotesMirror(value: unknown, secret: string): VoteTally | undefined {
  const parsed = VotesMirrorSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  if (!verifyPayload(m.tally, m.signature, secret)) return undefined;
  if (m.count !== m.tally.count || m.coFinanceTotalDkk !== m.tally.coFinanceTotalDkk) return undefined;
  return m.tally;
}
