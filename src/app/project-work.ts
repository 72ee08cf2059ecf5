/**
 * The project page's edits that are not decisions, dispatched to the domain (src/domain/project-work.ts and
 * organisation.ts): follow-or-explain answers, status reports, steering group, project leader, project owner,
 * coordination group, participating municipalities. The rules live in the domain; this only routes.
 */
import { answerRequirement, fileStatusReport } from '../domain/project-work';
import { proposeBudget } from '../domain/economy';
import {
  setCoordinationGroup,
  setMunicipalities,
  setProjectLeader,
  setProjectOwner,
  setSteeringGroup,
} from '../domain/organisation';
import type { GovernanceRecord } from '../domain/governance-record';
import type { Actor } from '../domain/actor';
import type { EditResult, TransitionOptions } from '../domain/transition-kit';

export const EDIT_KINDS = [
  'answerRequirement',
  'fileStatusReport',
  'proposeBudget',
  'setSteeringGroup',
  'setProjectLeader',
  'setProjectOwner',
  'setCoordinationGroup',
  'setMunicipalities',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

type EditFn = (record: GovernanceRecord, actor: Actor, input: never, now: string) => EditResult;
const EDITS: Record<EditKind, EditFn> = {
  answerRequirement,
  fileStatusReport,
  proposeBudget,
  setSteeringGroup,
  setProjectLeader,
  setProjectOwner,
  setCoordinationGroup,
  setMunicipalities,
};

export function edit(
  kind: EditKind,
  record: GovernanceRecord,
  actor: Actor,
  input: unknown,
  now: string,
  options?: TransitionOptions,
): EditResult {
  // Answers are checked against the catalogue with the board's versions (finding 5), when the caller has it.
  if (kind === 'answerRequirement') return answerRequirement(record, actor, input as never, now, options);
  return EDITS[kind](record, actor, input as never, now);
}
