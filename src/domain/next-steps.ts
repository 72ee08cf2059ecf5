import { TRANSITIONS, awaitsBoard } from './approval';
import { budgetApproved } from './economy';
import { ruleError } from './rule-error';
import { steeringForLevel } from './steering';
import type { Actor } from './actor';
import type { ApprovalState } from './approval-state';
import type { TransitionName } from './approval';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleError } from './rule-error';

const GROUP_STEPS = new Set<TransitionName>([
  'electChair',
  'approveProjectDescription',
  'setDevelopmentFrame',
]);

export interface NextStep {
  action: TransitionName;
  /** The state the step leads to; undefined for steps that keep the state (level change, steering group). */
  toState?: ApprovalState;
  allowed: boolean;
  /** For a refused step: the rule that refuses it, in Danish and English, for the UI to show. */
  refusal?: GovernanceRuleError;
  /**
   * For an allowed `approve`: the steering group is not yet approved (N2) or appointed (N3), so the approval
   * must include it (`approveSteeringGroup: true`); the UI says so next to the button.
   */
  approvesSteeringGroup?: true;
  /**
   * For an allowed `approveBudget` that the steering group gives: the group may have voted, so the UI offers its
   * tally (a tie is the chair's, group-decision.ts). The board's or a project owner's approval has no tally.
   */
  groupVotes?: true;
}

/**
 * The steps the state machine offers from the record's state, each marked allowed for this actor or refused with
 * the rule that refuses it. Guards that depend on the input (a reason, a new level) are not evaluated here; the
 * transition itself checks them. Steering-group steps are offered on N2 and N3 only, where the board is involved.
 */
export function nextSteps(record: GovernanceRecord, actor: Actor): NextStep[] {
  const steps: NextStep[] = [];
  for (const [action, t] of Object.entries(TRANSITIONS) as [
    TransitionName,
    (typeof TRANSITIONS)[TransitionName],
  ][]) {
    if (!(t.from as readonly ApprovalState[]).includes(record.state)) continue;
    if ((action === 'approveSteeringGroup' || action === 'appointSteeringGroup') && record.level === 'N1')
      continue;
    // Offered only while an admission waits for the board; otherwise it is no step at all.
    if (action === 'confirmAdmission' && !awaitsBoard(record)) continue;
    // Offered only for a concept under review that has no recommendation yet.
    if (action === 'recommendToBoard' && record.recommendation) continue;
    // Offered only while a proposed budget awaits an approval.
    if (action === 'approveBudget' && (!record.budget || budgetApproved(record))) continue;
    const code = t.guard(record, actor);
    // A group's own decisions are offered to its members (and the frame to the board), not listed as refused to
    // everyone else: the project page shows them in the groups' own section (GroupDecisions).
    if (GROUP_STEPS.has(action) && code !== undefined) continue;
    const withGroup =
      (action === 'approve' || action === 'confirmAdmission') &&
      code === undefined &&
      steeringForLevel(record) !== undefined;
    const groupVotes =
      action === 'approveBudget' &&
      code === undefined &&
      record.budget?.steeringApproval === undefined &&
      (record.steeringGroup?.members.length ?? 0) > 0;
    steps.push({
      action,
      ...(t.to !== undefined ? { toState: t.to } : {}),
      allowed: code === undefined,
      ...(code !== undefined ? { refusal: ruleError(code) } : {}),
      ...(withGroup ? { approvesSteeringGroup: true as const } : {}),
      ...(groupVotes ? { groupVotes: true as const } : {}),
    });
  }
  return steps;
}
