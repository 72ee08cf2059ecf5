import { z } from 'zod';
import { DkkSchema } from './money';
import { isClosed } from './approval-state';
import {
  BasisSchema,
  checkClock,
  decisionOf,
  catalogueOf,
  isBoard,
  isSecretariatOrProjectAdmin,
  parseInput,
  refuse,
  saved,
} from './transition-kit';
import { GroupTallySchema, groupDecides, isMemberOfGroup } from './group-decision';
import { personOf, type Actor } from './actor';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleCode } from './rule-error';
import type { EditResult, TransitionOptions, TransitionResult } from './transition-kit';

/**
 * The economy of a project (issue 14 finding 4, first part): the budget baseline, approved by the body that
 * holds it. Seed 003 4.1.4: the steering group approves the budget ("Godkendelse af budget"), and for N2 and N3
 * the board too; 5.3: N1 is funded by local means, so funding through OS2 is for N2/N3.
 */

export const ProposeBudgetInputSchema = z.strictObject({
  amountDkk: DkkSchema,
  funding: z.enum(['local', 'os2']),
});
export type ProposeBudgetInput = z.input<typeof ProposeBudgetInputSchema>;

/** The project (its admins, usually the project leader) or the secretariat proposes the baseline. */
export function proposeBudget(
  record: GovernanceRecord,
  actor: Actor,
  input: ProposeBudgetInput,
  now: string,
): EditResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(ProposeBudgetInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isSecretariatOrProjectAdmin(actor)) return refuse('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  if (isClosed(record.state)) return refuse('ILLEGAL_TRANSITION');
  if (parsed.value.funding === 'os2' && record.level === 'N1') return refuse('N1_FUNDING_IS_LOCAL');
  return {
    ok: true,
    record: saved(record, { budget: { ...parsed.value, proposedBy: personOf(actor), proposedAt: now } }, now),
  };
}

const inSteeringGroup = (record: GovernanceRecord, actor: Actor) =>
  record.steeringGroup?.members.some((m) => m.person.accountId === actor.accountId) ?? false;

/** Whether the baseline is approved as the level requires. */
export function budgetApproved(record: GovernanceRecord): boolean {
  const b = record.budget;
  return (
    b !== undefined &&
    b.steeringApproval !== undefined &&
    (record.level === 'N1' || b.boardApproval !== undefined)
  );
}

/** Which approval is next, and who gives it: the steering group (or an N1 project owner), then the board. */
export function approveBudgetGuard(record: GovernanceRecord, actor: Actor): GovernanceRuleCode | undefined {
  const b = record.budget;
  if (!b || isClosed(record.state) || budgetApproved(record)) return 'ILLEGAL_TRANSITION';
  if (b.funding === 'os2' && record.level === 'N1') return 'N1_FUNDING_IS_LOCAL';
  if (!b.steeringApproval) {
    const owner = !record.steeringGroup?.members.length && record.projectOwner?.accountId === actor.accountId;
    return inSteeringGroup(record, actor) || owner ? undefined : 'ONLY_STEERING_GROUP_APPROVES_BUDGET';
  }
  return isBoard(actor) ? undefined : 'ONLY_BOARD_APPROVES_BUDGET';
}

export const ApproveBudgetInputSchema = z.strictObject({
  basis: BasisSchema,
  /** The steering group's vote, when it voted; a tie is the chair's (group-decision.ts). */
  tally: GroupTallySchema.optional(),
});
export type ApproveBudgetInput = z.input<typeof ApproveBudgetInputSchema>;

/** One approval of the baseline, recorded as a decision of the body that gave it. */
export function approveBudget(
  record: GovernanceRecord,
  actor: Actor,
  input: ApproveBudgetInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(ApproveBudgetInputSchema, input);
  if (!parsed.ok) return parsed;
  const refused = approveBudgetGuard(record, actor);
  if (refused) return refuse(refused);
  const b = record.budget!;
  const bySteering = !b.steeringApproval;
  const group = bySteering && record.steeringGroup?.members.length ? record.steeringGroup : undefined;
  const outcome = group ? groupDecides(group, actor, parsed.value.tally) : { ok: true as const };
  if (!outcome.ok) return refuse(outcome.code);
  const approval = { by: personOf(actor), at: now };
  const after = saved(
    record,
    { budget: bySteering ? { ...b, steeringApproval: approval } : { ...b, boardApproval: approval } },
    now,
  );
  const kr = `${b.amountDkk.toLocaleString('da-DK')} kr.`;
  const body = bySteering
    ? record.steeringGroup?.members.length
      ? 'steering_group'
      : 'project_owner'
    : 'board';
  return {
    ok: true,
    record: after,
    decision: decisionOf(
      after,
      actor,
      {
        kind: 'approve_budget',
        body,
        summary: `Budget på ${kr} (${b.funding === 'os2' ? 'finansieret via OS2' : 'lokale midler'}) godkendt af ${bySteering ? (body === 'steering_group' ? 'styregruppen' : 'projektejeren') : 'bestyrelsen'}`,
        basis: parsed.value.basis,
        ...(outcome.tally ? { tally: outcome.tally } : {}),
      },
      now,
      id,
      catalogueOf(after, options),
    ),
  };
}

// ------------------------------------------------------------------------------------------ development frame

export type DevelopmentFrame = NonNullable<GovernanceRecord['developmentFrame']>;

/** The frame change requests are checked against: set, and on N2/N3 approved by the board. */
export function effectiveFrameDkk(record: GovernanceRecord | undefined): number | undefined {
  const f = record?.developmentFrame;
  if (!f) return undefined;
  return record!.level === 'N1' || f.boardApproval ? f.amountDkk : undefined;
}

export const SetDevelopmentFrameInputSchema = z.strictObject({
  amountDkk: DkkSchema,
  /** Who sets it, when the actor sits in both: the coordination group or the board. */
  body: z.enum(['coordination_group', 'board']).optional(),
  basis: BasisSchema,
  tally: GroupTallySchema.optional(),
});
export type SetDevelopmentFrameInput = z.input<typeof SetDevelopmentFrameInputSchema>;

/** A running project or product's frame, set by its coordination group or the board. */
export function setDevelopmentFrameGuard(
  record: GovernanceRecord,
  actor: Actor,
): GovernanceRuleCode | undefined {
  if (record.state !== 'approved' && record.state !== 'product') return 'ILLEGAL_TRANSITION';
  if (!isBoard(actor) && !isMemberOfGroup(record.coordinationGroup, actor))
    return 'ONLY_COORDINATION_GROUP_OR_BOARD_SETS_FRAME';
  return undefined;
}

/**
 * The coordination group sets (or changes) the product's development frame; on N2/N3 the board approves it, by
 * setting the same amount or another. Seed 003 4.1.5: "produktets økonomi afklares ved idriftsættelsen og skal
 * godkendes af styregruppen og for N2 og N3 produkter af bestyrelsen". Either way a decision of the body that did.
 */
export function setDevelopmentFrame(
  record: GovernanceRecord,
  actor: Actor,
  input: SetDevelopmentFrameInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(SetDevelopmentFrameInputSchema, input);
  if (!parsed.ok) return parsed;
  const refused = setDevelopmentFrameGuard(record, actor);
  if (refused) return refuse(refused);
  const { amountDkk, basis, tally } = parsed.value;
  const inGroup = isMemberOfGroup(record.coordinationGroup, actor);
  const body = parsed.value.body ?? (inGroup ? 'coordination_group' : 'board');
  if (body === 'board' ? !isBoard(actor) : !inGroup)
    return refuse('ONLY_COORDINATION_GROUP_OR_BOARD_SETS_FRAME');
  const outcome =
    body === 'coordination_group'
      ? groupDecides(record.coordinationGroup!, actor, tally)
      : { ok: true as const };
  if (!outcome.ok) return refuse(outcome.code);
  const before = record.developmentFrame;
  // The board's word stands until the coordination group changes the amount.
  const keepApproval =
    body === 'coordination_group' && before?.boardApproval && before.amountDkk === amountDkk;
  const frame: DevelopmentFrame = {
    amountDkk,
    setBy: personOf(actor),
    setAt: now,
    body,
    ...(body === 'board'
      ? { boardApproval: { by: personOf(actor), at: now } }
      : keepApproval
        ? { boardApproval: before.boardApproval! }
        : {}),
  };
  const after = saved(record, { developmentFrame: frame }, now);
  const kr = `${amountDkk.toLocaleString('da-DK')} kr.`;
  const pending = record.level !== 'N1' && !frame.boardApproval;
  return {
    ok: true,
    record: after,
    decision: decisionOf(
      after,
      actor,
      {
        kind: 'set_development_frame',
        body,
        summary: `Udviklingsrammen er sat til ${kr} af ${body === 'board' ? 'bestyrelsen' : 'koordinationsgruppen'}${pending ? '; afventer bestyrelsens godkendelse' : ''}`,
        basis,
        ...(outcome.tally ? { tally: outcome.tally } : {}),
      },
      now,
      id,
      catalogueOf(after, options),
    ),
  };
}
