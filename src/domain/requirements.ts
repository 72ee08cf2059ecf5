import { requirementsFor } from './catalogue';
import { boardMemberCount, hasBoardMajority, isApprovedByBoard } from './steering';
import type { Catalogue, RecordCheck, Requirement } from './catalogue';
import type { GovernanceRecord } from './governance-record';

export interface RequirementCounts {
  total: number;
  met: number;
  explained: number;
  /** Ids of the level's requirements that are open or not answered yet, in catalogue order. */
  open: string[];
}

/**
 * Whether the record shows a checked requirement met. Board membership is the roster's (board-roster.ts): the
 * resolvers derive every `boardMember` from the board's Jira group before any rule reads it.
 */
export function recordShows(record: GovernanceRecord, check: RecordCheck): boolean {
  const sg = record.steeringGroup;
  const cg = record.coordinationGroup;
  switch (check) {
    case 'participating_municipality':
      return record.municipalities.length > 0;
    case 'board_approved':
      return (
        (record.state === 'approved' || record.state === 'product') &&
        record.admission?.boardConfirmation !== 'pending'
      );
    case 'steering_group_approved_by_board':
      return sg !== undefined && sg.members.length > 0 && isApprovedByBoard(sg);
    case 'steering_group_appointed_by_board':
      return sg !== undefined && sg.members.length > 0 && sg.appointedByBoard;
    case 'board_majority':
      return sg !== undefined && sg.members.length > 0 && hasBoardMajority(sg);
    case 'coordination_group':
      return cg !== undefined && cg.members.length > 0;
    case 'board_in_coordination_group':
      return cg !== undefined && boardMemberCount(cg) > 0;
    case 'project_description_approved':
      return record.projectDescriptionApproval !== undefined;
  }
}

/**
 * How a requirement stands: a checked one is met exactly when the record shows it (a stored "met" the record
 * does not bear out counts as open), else as answered; explaining stays possible (follow or explain).
 */
export function requirementStatus(record: GovernanceRecord, req: Requirement): 'met' | 'explained' | 'open' {
  const answer = record.requirements[req.id];
  if (req.check !== undefined) {
    if (recordShows(record, req.check)) return 'met';
    return answer?.status === 'explained' ? 'explained' : 'open';
  }
  return answer?.status === 'met' || answer?.status === 'explained' ? answer.status : 'open';
}

/**
 * Follow or explain (domain.md "Product levels"): a requirement counts as answered when it is met or
 * explained; anything else is open. Answers to requirements of a higher level (kept after a level change
 * down, "work already done carries over") are not counted for the current level, nor are permissions or items
 * the level replaces (catalogue.ts `until`).
 */
export function requirementCounts(record: GovernanceRecord, catalogue: Catalogue): RequirementCounts {
  const counts: RequirementCounts = { total: 0, met: 0, explained: 0, open: [] };
  for (const req of requirementsFor(catalogue, record.level)) {
    counts.total += 1;
    const status = requirementStatus(record, req);
    if (status === 'met') counts.met += 1;
    else if (status === 'explained') counts.explained += 1;
    else counts.open.push(req.id);
  }
  return counts;
}

/** What a decision carries as `openRequirements`: shown to the board, which may still decide (design.md). */
export function openRequirements(record: GovernanceRecord, catalogue: Catalogue): string[] {
  return requirementCounts(record, catalogue).open;
}
