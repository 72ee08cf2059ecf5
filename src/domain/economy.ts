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
import type { Actor } from './actor';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleCode } from './rule-error';
import type { EditResult, TransitionOptions, TransitionResult } from './transition-kit';

/**
 * The economy of a project (issue 14 finding 4, first part): the budget baseline, approved by the body that
 * holds it. Seed 003 4.1.4: the steering group approves the budget ("Godkendelse af budget"), and for N2 and N3
 * the board too; 5.3: N1 is funded by local means, so funding through OS2 is for N2/N3.
 */

const personOf = (a: Actor) => ({ accountId: a.accountId, displayName: a.displayName.trim() || a.accountId });

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

export const ApproveBudgetInputSchema = z.strictObject({ basis: BasisSchema });
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
      },
      now,
      id,
      catalogueOf(after, options),
    ),
  };
}
