import { z } from 'zod';
import { isClosed } from './approval-state';
import { GroupTallySchema, groupDecides, isMemberOfGroup } from './group-decision';
import {
  BasisSchema,
  catalogueOf,
  checkClock,
  decisionOf,
  parseInput,
  refuse,
  saved,
} from './transition-kit';
import { personOf, type Actor } from './actor';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleCode } from './rule-error';
import type { TransitionOptions, TransitionResult } from './transition-kit';

/**
 * Decisions the steering group (and the coordination group) take themselves (seed 003 4.1.4, issue 14 findings 2
 * and 3): electing their chair at their constitution, and approving the project description. Each is a decision of
 * the group in the log (body = that group), with the meeting's tally when it voted.
 */

// ---------------------------------------------------------------------------------------------- electChair

export const ElectChairInputSchema = z.strictObject({
  group: z.enum(['steering', 'coordination']).default('steering'),
  /** accountId of the member elected. */
  chair: z.string().min(1).max(128),
  basis: BasisSchema,
  tally: GroupTallySchema.optional(),
});
export type ElectChairInput = z.input<typeof ElectChairInputSchema>;

/** For `nextSteps`: a member of either group may record its election. */
export function electChairGuard(record: GovernanceRecord, actor: Actor): GovernanceRuleCode | undefined {
  if (isClosed(record.state)) return 'ILLEGAL_TRANSITION';
  if (!isMemberOfGroup(record.steeringGroup, actor) && !isMemberOfGroup(record.coordinationGroup, actor))
    return 'ONLY_GROUP_ELECTS_CHAIR';
  return undefined;
}

/**
 * "Styregruppens medlemmer udpeges blandt de deltagende kommuner, der ved styregruppens konstituering vælger en
 * formand" (4.1.4); the coordination group's chair likewise (4.1.5). Only a member records it; the elected must be
 * a member. Re-electing (a new chair) is the same decision. A tie is the outgoing chair's to decide.
 */
export function electChair(
  record: GovernanceRecord,
  actor: Actor,
  input: ElectChairInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(ElectChairInputSchema, input);
  if (!parsed.ok) return parsed;
  if (isClosed(record.state)) return refuse('ILLEGAL_TRANSITION');
  const { group: which, chair, basis, tally } = parsed.value;
  const group = which === 'steering' ? record.steeringGroup : record.coordinationGroup;
  if (!group || !isMemberOfGroup(group, actor)) return refuse('ONLY_GROUP_ELECTS_CHAIR');
  const elected = group.members.find((m) => m.person.accountId === chair);
  if (!elected) return refuse('CHAIR_NOT_A_MEMBER');
  const outcome = groupDecides(group, actor, tally);
  if (!outcome.ok) return refuse(outcome.code);
  const after = saved(
    record,
    which === 'steering'
      ? { steeringGroup: { ...record.steeringGroup!, chair, chairElectedAt: now } }
      : { coordinationGroup: { ...record.coordinationGroup!, chair, chairElectedAt: now } },
    now,
  );
  const name = which === 'steering' ? 'Styregruppen' : 'Koordinationsgruppen';
  return {
    ok: true,
    record: after,
    decision: decisionOf(
      after,
      actor,
      {
        kind: 'elect_chair',
        body: which === 'steering' ? 'steering_group' : 'coordination_group',
        summary: `${name} har valgt ${elected.person.displayName} som formand`,
        basis,
        ...(outcome.tally ? { tally: outcome.tally } : {}),
      },
      now,
      id,
      catalogueOf(after, options),
    ),
  };
}

// -------------------------------------------------------------------------------- approveProjectDescription

export const ApproveProjectDescriptionInputSchema = z.strictObject({
  basis: BasisSchema,
  tally: GroupTallySchema.optional(),
});
export type ApproveProjectDescriptionInput = z.input<typeof ApproveProjectDescriptionInputSchema>;

/** The steering group approves the description (4.1.4); a small N1 project's owner where there is no group. */
export function approveProjectDescriptionGuard(
  record: GovernanceRecord,
  actor: Actor,
): GovernanceRuleCode | undefined {
  if (isClosed(record.state) || record.projectDescriptionApproval) return 'ILLEGAL_TRANSITION';
  if (record.steeringGroup?.members.length) {
    return isMemberOfGroup(record.steeringGroup, actor)
      ? undefined
      : 'ONLY_STEERING_GROUP_APPROVES_DESCRIPTION';
  }
  return record.projectOwner?.accountId === actor.accountId
    ? undefined
    : 'ONLY_STEERING_GROUP_APPROVES_DESCRIPTION';
}

export function approveProjectDescription(
  record: GovernanceRecord,
  actor: Actor,
  input: ApproveProjectDescriptionInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(ApproveProjectDescriptionInputSchema, input);
  if (!parsed.ok) return parsed;
  const refused = approveProjectDescriptionGuard(record, actor);
  if (refused) return refuse(refused);
  const group = record.steeringGroup?.members.length ? record.steeringGroup : undefined;
  const outcome = group ? groupDecides(group, actor, parsed.value.tally) : { ok: true as const };
  if (!outcome.ok) return refuse(outcome.code);
  const body = group ? 'steering_group' : 'project_owner';
  const after = saved(record, { projectDescriptionApproval: { by: personOf(actor), at: now, body } }, now);
  return {
    ok: true,
    record: after,
    decision: decisionOf(
      after,
      actor,
      {
        kind: 'approve_project_description',
        body,
        summary: `Projektbeskrivelsen er godkendt af ${group ? 'styregruppen' : 'projektejeren'}`,
        basis: parsed.value.basis,
        ...(outcome.tally ? { tally: outcome.tally } : {}),
      },
      now,
      id,
      catalogueOf(after, options),
    ),
  };
}
