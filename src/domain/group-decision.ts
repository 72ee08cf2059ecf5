import { z } from 'zod';
import type { Actor } from './actor';
import type { Decision } from './decision';
import type { CoordinationGroup, SteeringGroup } from './governance-record';
import type { GovernanceRuleCode } from './rule-error';

/**
 * How a steering or coordination group takes a decision (seed 003 4.1.4). The group decides at its meeting, and
 * one member records the decision in the app. By consensus (seed 001: "ud fra et princip om konsensus") no tally
 * is given. When it voted, the tally is recorded: the majority decides, and on a tie "styregruppeformanden har
 * ansvaret for at tage den endelige beslutning", so only the chair may record a tied decision, and the decision
 * names the chair's casting vote.
 */

export const GroupTallySchema = z.strictObject({
  for: z.number().int().nonnegative().max(200),
  against: z.number().int().nonnegative().max(200),
});
export type GroupTally = z.infer<typeof GroupTallySchema>;

export type GroupOutcome =
  { ok: true; tally?: NonNullable<Decision['tally']> } | { ok: false; code: GovernanceRuleCode };

export const isMemberOfGroup = (group: SteeringGroup | CoordinationGroup | undefined, actor: Actor) =>
  group?.members.some((m) => m.person.accountId === actor.accountId) ?? false;

/**
 * Whether a group member may record a decision with this tally. The caller has checked membership; this checks
 * the vote itself.
 */
export function groupDecides(
  group: SteeringGroup | CoordinationGroup,
  actor: Actor,
  tally: GroupTally | undefined,
): GroupOutcome {
  if (!tally) return { ok: true };
  if (tally.for + tally.against > group.members.length) return { ok: false, code: 'TALLY_EXCEEDS_MEMBERS' };
  if (tally.for < tally.against) return { ok: false, code: 'GROUP_VOTED_AGAINST' };
  if (tally.for > tally.against) return { ok: true, tally: { for: tally.for, against: tally.against } };
  // A tie (0–0 included: nobody voted for it, so the chair's word is all there is).
  const chair = group.members.find((m) => m.person.accountId === group.chair);
  if (!chair || chair.person.accountId !== actor.accountId)
    return { ok: false, code: 'TIE_DECIDED_BY_CHAIR' };
  return { ok: true, tally: { for: tally.for, against: tally.against, castingVoteBy: chair.person } };
}
