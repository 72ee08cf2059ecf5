import { requirementsFor } from './catalogue';
import type { Catalogue } from './catalogue';
import type { GovernanceRecord } from './governance-record';

export interface RequirementCounts {
  total: number;
  met: number;
  explained: number;
  /** Ids of the level's requirements that are open or not answered yet, in catalogue order. */
  open: string[];
}

/**
 * Follow or explain (domain.md "Product levels"): a requirement counts as answered when it is met or
 * explained; anything else is open. Answers to requirements of a higher level (kept after a level change
 * down, "work already done carries over") are not counted for the current level.
 */
export function requirementCounts(record: GovernanceRecord, catalogue: Catalogue): RequirementCounts {
  const counts: RequirementCounts = { total: 0, met: 0, explained: 0, open: [] };
  for (const req of requirementsFor(catalogue, record.level)) {
    counts.total += 1;
    const answer = record.requirements[req.id];
    if (answer?.status === 'met') counts.met += 1;
    else if (answer?.status === 'explained') counts.explained += 1;
    else counts.open.push(req.id);
  }
  return counts;
}

/** What a decision carries as `openRequirements`: shown to the board, which may still decide (design.md). */
export function openRequirements(record: GovernanceRecord, catalogue: Catalogue): string[] {
  return requirementCounts(record, catalogue).open;
}
