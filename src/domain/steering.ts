import type { GovernanceRecord, SteeringGroup, CoordinationGroup } from './governance-record';
import type { GovernanceRuleCode } from './rule-error';

/**
 * The rules for who steers a project (domain.md "Who is who" and the N2/N3 governance requirements),
 * as pure predicates shared by the transitions, `nextSteps`, the fixture check and the roll-up.
 */

export function boardMemberCount(group: SteeringGroup | CoordinationGroup): number {
  return group.members.filter((m) => m.boardMember).length;
}

/** N3: "the board holds the voting majority in the steering group": strictly more than half the members. */
export function hasBoardMajority(group: SteeringGroup): boolean {
  return boardMemberCount(group) * 2 > group.members.length;
}

/** Formally approved by the board (N2), or appointed by it, which includes approval (N3). */
export function isApprovedByBoard(group: SteeringGroup): boolean {
  return group.approvedByBoardAt !== undefined || group.appointedByBoard;
}

/**
 * Rules about a steering group's make-up that hold at every level: members, the chair among them, no person
 * twice, the project leader attending as secretary and not as a member, and members drawn from the
 * participating municipalities (the report, 4.1.4). Board members are exempt from the last rule: on N3 the
 * board appoints them to hold its majority, whichever municipality they come from.
 */
export function steeringGroupComposition(
  group: SteeringGroup,
  record: Pick<GovernanceRecord, 'projectLeader' | 'municipalities'>,
): GovernanceRuleCode[] {
  const problems: GovernanceRuleCode[] = [];
  if (group.members.length === 0) problems.push('STEERING_GROUP_EMPTY');
  const ids = group.members.map((m) => m.person.accountId);
  if (new Set(ids).size !== ids.length) problems.push('STEERING_GROUP_DUPLICATE_MEMBER');
  if (group.chair !== undefined && !ids.includes(group.chair)) problems.push('CHAIR_NOT_A_MEMBER');
  if (record.projectLeader && ids.includes(record.projectLeader.accountId)) {
    problems.push('PROJECT_LEADER_IS_NOT_A_MEMBER');
  }
  const participating = new Set(record.municipalities.map((m) => m.code));
  if (group.members.some((m) => !m.boardMember && !participating.has(m.municipality))) {
    problems.push('STEERING_MEMBER_NOT_PARTICIPATING');
  }
  return problems;
}

/**
 * What the level requires of the steering of a running project (states approved and product), given a
 * steering group that is otherwise well composed. `approvedInSameDecision` lets the board approve (N2) or appoint
 * (N3) the proposed group in the decision that approves the project.
 */
export function steeringForLevel(
  record: Pick<GovernanceRecord, 'level' | 'steeringGroup' | 'projectOwner'>,
  approvedInSameDecision = false,
): GovernanceRuleCode | undefined {
  const group = record.steeringGroup;
  const hasGroup = group !== undefined && group.members.length > 0;
  if (record.level === 'N1') {
    return hasGroup || record.projectOwner ? undefined : 'NEEDS_STEERING_GROUP_OR_PROJECT_OWNER';
  }
  if (!hasGroup) return record.projectOwner ? 'PROJECT_OWNER_ONLY_FOR_N1' : 'STEERING_GROUP_MISSING';
  if (record.level === 'N2') {
    return isApprovedByBoard(group) || approvedInSameDecision ? undefined : 'N2_STEERING_GROUP_NOT_APPROVED';
  }
  if (!group.appointedByBoard && !approvedInSameDecision) return 'N3_STEERING_GROUP_NOT_APPOINTED';
  return hasBoardMajority(group) ? undefined : 'N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY';
}

/** A product needs a coordination group; on N3 with at least one board member in it. */
export function coordinationForLevel(
  record: Pick<GovernanceRecord, 'level' | 'coordinationGroup'>,
): GovernanceRuleCode | undefined {
  const group = record.coordinationGroup;
  if (!group || group.members.length === 0) return 'PRODUCT_NEEDS_COORDINATION_GROUP';
  if (record.level === 'N3' && boardMemberCount(group) === 0)
    return 'N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER';
  return undefined;
}

/**
 * The chair a changed group keeps. The group elects its own chair (seed 003 4.1.4, group-decisions.ts
 * `electChair`), so whoever changes the members cannot name another one: a chair in the input must be the
 * current one; without one the current chair stays if still a member, and is gone if not (the group elects anew).
 */
export function keptChair(
  current: Pick<SteeringGroup, 'chair' | 'chairElectedAt'> | undefined,
  memberIds: readonly string[],
  inputChair: string | undefined,
): { chair?: string; chairElectedAt?: string } | 'CHAIR_ELECTED_BY_GROUP' {
  if (inputChair !== undefined && inputChair !== current?.chair) return 'CHAIR_ELECTED_BY_GROUP';
  const chair = current?.chair;
  if (chair === undefined || !memberIds.includes(chair)) return {};
  return { chair, ...(current?.chairElectedAt ? { chairElectedAt: current.chairElectedAt } : {}) };
}
