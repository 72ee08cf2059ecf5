import { z } from 'zod';
import { CoFinanceSchema, VoteSchema } from './vote';
import { KommunekodeSchema } from './municipality';
import { MUNICIPALITIES } from './municipalities';
import { checkClock, parseInput, refuse } from './transition-kit';
import { personOf, type Actor } from './actor';
import type { GovernanceRecord } from './governance-record';
import type { Kommunekode } from './municipality';
import type { Vote, VoteTally } from './vote';
import type { GovernanceRuleError } from './rule-error';

/**
 * Votes on feature requests (domain.md "Change requests and voting"): cast by municipalities, not people, so a
 * municipality with ten Jira users weighs the same as one with one. The votes of one request are a map keyed by
 * kommunekode: one vote per municipality by construction (design.md stores one key per (issue, municipality)).
 */
export type VoteBook = Readonly<Record<Kommunekode, Vote>>;

export type VoteResult =
  { ok: true; votes: VoteBook; vote?: Vote } | { ok: false; error: GovernanceRuleError };

/**
 * Who may vote on a product's requests. By default the participating municipalities; by configuration (admin
 * page) every OS2 member municipality, for products where users outside the participants should be heard.
 */
export const VotingConfigSchema = z.strictObject({
  eligibility: z.enum(['participating', 'members']).default('participating'),
  /** The OS2 member municipalities; when absent with 'members', every Danish municipality. */
  memberMunicipalities: z.array(KommunekodeSchema).max(98).optional(),
});
export type VotingConfig = z.input<typeof VotingConfigSchema>;

export function eligibleMunicipalities(
  record: Pick<GovernanceRecord, 'municipalities'>,
  config: VotingConfig = {},
): Kommunekode[] {
  const c = VotingConfigSchema.parse(config);
  if (c.eligibility === 'members') return c.memberMunicipalities ?? MUNICIPALITIES.map((m) => m.code);
  return record.municipalities.map((m) => m.code);
}

export const CastVoteInputSchema = z.strictObject({
  issueId: z.string().regex(/^\d+$/, 'issueId er et tal'),
  /** A user in two municipality groups picks which one they vote for. */
  municipality: KommunekodeSchema,
  coFinance: CoFinanceSchema.default({ willing: false }),
});
export type CastVoteInput = z.input<typeof CastVoteInputSchema>;

/** Only members of a municipality's group act for it (design.md "Where data lives"). */
function authorise(actor: Actor, municipality: Kommunekode, eligible: readonly Kommunekode[]) {
  if (!actor.municipalities.includes(municipality)) return refuse('NOT_IN_MUNICIPALITY_GROUP');
  if (!eligible.includes(municipality)) return refuse('MUNICIPALITY_NOT_ELIGIBLE');
  return undefined;
}

function castOrChange(
  votes: VoteBook,
  actor: Actor,
  input: CastVoteInput,
  eligible: readonly Kommunekode[],
  now: string,
  mustExist: boolean,
): VoteResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(CastVoteInputSchema, input);
  if (!parsed.ok) return parsed;
  const { issueId, municipality, coFinance } = parsed.value;
  const refused = authorise(actor, municipality, eligible);
  if (refused) return refused;
  if (mustExist && !Object.prototype.hasOwnProperty.call(votes, municipality))
    return refuse('NO_VOTE_TO_CHANGE');
  // The replaced vote is kept in the new one's history, so the municipality's pledge never changes unseen.
  const previous = Object.prototype.hasOwnProperty.call(votes, municipality)
    ? votes[municipality]
    : undefined;
  const history = previous
    ? [
        ...(previous.history ?? []),
        { castBy: previous.castBy, castAt: previous.castAt, coFinance: previous.coFinance },
      ].slice(-100)
    : undefined;
  const vote: Vote = VoteSchema.parse({
    issueId,
    municipality,
    castBy: personOf(actor),
    castAt: now,
    coFinance,
    ...(history ? { history } : {}),
  });
  return { ok: true, votes: { ...votes, [municipality]: vote }, vote };
}

/** A municipality votes; a later cast by the same municipality replaces its earlier vote. */
export function castVote(
  votes: VoteBook,
  actor: Actor,
  input: CastVoteInput,
  eligible: readonly Kommunekode[],
  now: string,
): VoteResult {
  return castOrChange(votes, actor, input, eligible, now, false);
}

/** Changes the municipality's existing vote (e.g. its willingness to co-finance); refused when it has none. */
export function changeVote(
  votes: VoteBook,
  actor: Actor,
  input: CastVoteInput,
  eligible: readonly Kommunekode[],
  now: string,
): VoteResult {
  return castOrChange(votes, actor, input, eligible, now, true);
}

export const WithdrawVoteInputSchema = z.strictObject({ municipality: KommunekodeSchema });
export type WithdrawVoteInput = z.input<typeof WithdrawVoteInputSchema>;

/**
 * Withdraws the municipality's vote. Any member of its group may, and eligibility is not required: a
 * municipality that left the product can still take its vote back.
 */
export function withdrawVote(votes: VoteBook, actor: Actor, input: WithdrawVoteInput): VoteResult {
  const parsed = parseInput(WithdrawVoteInputSchema, input);
  if (!parsed.ok) return parsed;
  const { municipality } = parsed.value;
  if (!actor.municipalities.includes(municipality)) return refuse('NOT_IN_MUNICIPALITY_GROUP');
  if (!Object.prototype.hasOwnProperty.call(votes, municipality)) return refuse('NO_VOTE_TO_CHANGE');
  const rest: Record<Kommunekode, Vote> = { ...votes };
  delete rest[municipality];
  return { ok: true, votes: rest };
}

const DKK_MAX = 10_000_000_000;

/**
 * The tally mirrored to `os2-votes` and ordered by in JQL: one count per municipality, codes sorted, how many
 * are willing to co-finance and the sum of the amounts they offered.
 */
export function tally(votes: VoteBook | readonly Vote[]): VoteTally {
  const list: readonly Vote[] = Array.isArray(votes) ? votes : Object.values(votes as VoteBook);
  const byMunicipality = new Map<Kommunekode, Vote>();
  for (const v of list) byMunicipality.set(v.municipality, v);
  const unique = [...byMunicipality.values()];
  const willing = unique.filter((v) => v.coFinance.willing);
  const total = willing.reduce((sum, v) => sum + (v.coFinance.amountDkk ?? 0), 0);
  return {
    count: unique.length,
    municipalities: unique.map((v) => v.municipality).sort(),
    coFinanceWilling: willing.length,
    // The schema caps an amount at 10 billion kroner; a sum beyond it is clamped rather than failing the mirror.
    coFinanceTotalDkk: Math.min(total, DKK_MAX),
  };
}
