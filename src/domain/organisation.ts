import { z } from 'zod';
import { CoordinationGroupMemberSchema } from './governance-record';
import { KommunekodeSchema } from './municipality';
import { municipalityByCode } from './municipalities';
import { PersonSchema } from './person';
import { SteeringGroupInputSchema } from './approval';
import { coordinationForLevel, keptChair, steeringForLevel, steeringGroupComposition } from './steering';
import {
  checkClock,
  decisionOf,
  isBoard,
  isSecretariat,
  isSecretariatOrProjectAdmin,
  parseInput,
  refuse,
  saved,
} from './transition-kit';
import { personOf, type Actor } from './actor';
import type { EditResult } from './transition-kit';
import type { SteeringGroupInput } from './approval';
import type { CoordinationGroup, GovernanceRecord, SteeringGroup } from './governance-record';
import type { Municipality } from './municipality';
import type { Decision, DecisionBody } from './decision';

/**
 * Who takes part and who steers, as the project (project admins) and the secretariat maintain it. The board's
 * part (approving, appointing) is in approval.ts. An edit never leaves a running project breaking its level's
 * rules: those changes are the board's.
 */

const running = (r: GovernanceRecord) => r.state === 'approved' || r.state === 'product';

/**
 * The project proposes its steering group. Any change needs the board's approval again (N2) or its appointment
 * (N3), so the approval is cleared; for a running N2/N3 project that would break its rules, so there only the
 * board changes the group (appointSteeringGroup).
 */
export function setSteeringGroup(
  record: GovernanceRecord,
  actor: Actor,
  input: SteeringGroupInput,
  now: string,
): EditResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(SteeringGroupInputSchema, input);
  if (!parsed.ok) return parsed;
  const { members, chair } = parsed.value;
  if (running(record) && record.level === 'N2')
    return proposeSteeringChange(record, actor, members, chair, now);
  if (!isSecretariatOrProjectAdmin(actor)) return refuse('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  if (running(record) && record.level !== 'N1') return refuse('ONLY_BOARD_APPROVES_STEERING_GROUP');
  const kept = keptChair(
    record.steeringGroup,
    members.map((m) => m.person.accountId),
    chair,
  );
  if (kept === 'CHAIR_ELECTED_BY_GROUP') return refuse(kept);
  const group: SteeringGroup = { members, ...kept, appointedByBoard: false };
  const problem = steeringGroupComposition(group, record)[0];
  if (problem) return refuse(problem);
  return { ok: true, record: saved(record, { steeringGroup: group }, now) };
}

/**
 * A running N2 project's steering group changes on its own proposal, formally approved by the board (5.4.3): a
 * member proposes the new make-up (composition rules checked now, and again when the board approves); the group in
 * force stays until then. Only the group proposes: not the project, the secretariat or an outsider.
 */
function proposeSteeringChange(
  record: GovernanceRecord,
  actor: Actor,
  members: SteeringGroup['members'],
  chair: string | undefined,
  now: string,
): EditResult {
  if (!record.steeringGroup?.members.some((m) => m.person.accountId === actor.accountId))
    return refuse('ONLY_STEERING_GROUP_PROPOSES_CHANGE');
  const kept = keptChair(
    record.steeringGroup,
    members.map((m) => m.person.accountId),
    chair,
  );
  if (kept === 'CHAIR_ELECTED_BY_GROUP') return refuse(kept);
  const problem = steeringGroupComposition({ members, ...kept, appointedByBoard: false }, record)[0];
  if (problem) return refuse(problem);
  const by = personOf(actor);
  return {
    ok: true,
    record: saved(record, { steeringGroupProposal: { members, proposedBy: by, proposedAt: now } }, now),
  };
}

export const ProjectLeaderInputSchema = z.strictObject({ projectLeader: PersonSchema.optional() });
export type ProjectLeaderInput = z.input<typeof ProjectLeaderInputSchema>;

/** The project leader attends the steering group as its secretary and is not a member of it. */
export function setProjectLeader(
  record: GovernanceRecord,
  actor: Actor,
  input: ProjectLeaderInput,
  now: string,
): EditResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(ProjectLeaderInputSchema, input);
  if (!parsed.ok) return parsed;
  // "Valg af projektleder" is the steering group's (seed 003 4.1.4); where there is none yet (or a small N1 has a
  // project owner instead), the owner, the secretariat or the project's admins set the project up.
  const group = record.steeringGroup;
  if (group && group.members.length > 0) {
    if (!group.members.some((m) => m.person.accountId === actor.accountId))
      return refuse('ONLY_STEERING_GROUP_CHOOSES_PROJECT_LEADER');
  } else if (!isSecretariatOrProjectAdmin(actor) && record.projectOwner?.accountId !== actor.accountId) {
    return refuse('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  }
  const leader = parsed.value.projectLeader;
  if (leader && record.steeringGroup?.members.some((m) => m.person.accountId === leader.accountId)) {
    return refuse('PROJECT_LEADER_IS_NOT_A_MEMBER');
  }
  return { ok: true, record: saved(record, { projectLeader: leader }, now) };
}

/**
 * The choice of project leader as the decision it is (seed 003 4.1.4: "Styregruppens opgaver er: Valg af
 * projektleder"), logged with the body that took it: the steering group once there is one, else the project owner,
 * else the secretariat (finding 3: decisions record the body that took them). A project admin setting the project up
 * before there is either takes no decision of a body, so nothing is logged.
 */
export function projectLeaderDecision(
  before: GovernanceRecord,
  after: GovernanceRecord,
  actor: Actor,
  now: string,
  id: string,
): Decision | undefined {
  const group = before.steeringGroup?.members.length ? before.steeringGroup : undefined;
  const body: DecisionBody | undefined = group
    ? 'steering_group'
    : before.projectOwner?.accountId === actor.accountId
      ? 'project_owner'
      : isSecretariat(actor)
        ? 'secretariat'
        : undefined;
  // A project admin setting the project up before it has a steering group or owner is no governing body.
  if (!body) return undefined;
  const leader = after.projectLeader;
  const by = group ? 'Styregruppen' : body === 'project_owner' ? 'Projektejeren' : 'Sekretariatet';
  return decisionOf(
    after,
    actor,
    {
      kind: 'choose_project_leader',
      body,
      summary: leader
        ? `${by} har valgt ${leader.displayName} som projektleder`
        : `${by} har fjernet projektlederen`,
      basis: '',
    },
    now,
    id,
    undefined,
  );
}

export const ProjectOwnerInputSchema = z.strictObject({ projectOwner: PersonSchema.optional() });
export type ProjectOwnerInput = z.input<typeof ProjectOwnerInputSchema>;

/** A small N1 project may have a single project owner instead of a steering group. */
export function setProjectOwner(
  record: GovernanceRecord,
  actor: Actor,
  input: ProjectOwnerInput,
  now: string,
): EditResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(ProjectOwnerInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isSecretariatOrProjectAdmin(actor)) return refuse('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  const owner = parsed.value.projectOwner;
  if (owner && record.level !== 'N1') return refuse('PROJECT_OWNER_ONLY_FOR_N1');
  const after = { ...record, projectOwner: owner };
  if (running(record) && steeringForLevel(after)) return refuse('NEEDS_STEERING_GROUP_OR_PROJECT_OWNER');
  return { ok: true, record: saved(record, { projectOwner: owner }, now) };
}

export const CoordinationGroupInputSchema = z.strictObject({
  members: z.array(CoordinationGroupMemberSchema).max(200),
  chair: z.string().min(1).optional(),
  supplierRun: z.boolean().default(false),
});
export type CoordinationGroupInput = z.input<typeof CoordinationGroupInputSchema>;

/**
 * The coordination group: open to every municipality using the product, possibly run by a supplier. A product
 * must keep one, and on N3 a board member in it.
 */
export function setCoordinationGroup(
  record: GovernanceRecord,
  actor: Actor,
  input: CoordinationGroupInput,
  now: string,
): EditResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(CoordinationGroupInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isSecretariatOrProjectAdmin(actor) && !isBoard(actor))
    return refuse('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  const { members, chair, supplierRun } = parsed.value;
  if (chair !== undefined && !members.some((m) => m.person.accountId === chair))
    return refuse('CHAIR_NOT_A_MEMBER');
  const kept = keptChair(
    record.coordinationGroup,
    members.map((m) => m.person.accountId),
    chair,
  );
  if (kept === 'CHAIR_ELECTED_BY_GROUP') return refuse(kept);
  const group: CoordinationGroup = { members, ...kept, supplierRun };
  if (record.state === 'product') {
    const problem = coordinationForLevel({ level: record.level, coordinationGroup: group });
    if (problem) return refuse(problem);
  }
  return { ok: true, record: saved(record, { coordinationGroup: group }, now) };
}

export const MunicipalitiesInputSchema = z.strictObject({ codes: z.array(KommunekodeSchema).max(98) });
export type MunicipalitiesInput = z.input<typeof MunicipalitiesInputSchema>;

/** The participating municipalities, by kommunekode; names come from the directory. */
export function setMunicipalities(
  record: GovernanceRecord,
  actor: Actor,
  input: MunicipalitiesInput,
  now: string,
): EditResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(MunicipalitiesInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isSecretariatOrProjectAdmin(actor)) return refuse('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  const municipalities: Municipality[] = [];
  for (const code of new Set(parsed.value.codes)) {
    const m = municipalityByCode(code);
    if (!m) return refuse('UNKNOWN_MUNICIPALITY');
    municipalities.push(m);
  }
  if (running(record) && municipalities.length === 0) return refuse('NO_PARTICIPATING_MUNICIPALITY');
  const after = { ...record, municipalities };
  if (
    after.steeringGroup &&
    steeringGroupComposition(after.steeringGroup, after).includes('STEERING_MEMBER_NOT_PARTICIPATING')
  ) {
    return refuse('STEERING_MEMBER_NOT_PARTICIPATING');
  }
  return { ok: true, record: saved(record, { municipalities }, now) };
}
