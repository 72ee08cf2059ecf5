import { z } from 'zod';
import { LevelSchema } from './level';
import { approveBudgetGuard, setDevelopmentFrameGuard } from './economy';
import { approveProjectDescriptionGuard, electChairGuard } from './group-decisions';
import { SteeringGroupMemberSchema } from './governance-record';
import {
  coordinationForLevel,
  hasBoardMajority,
  keptChair,
  steeringForLevel,
  steeringGroupComposition,
} from './steering';
import {
  BasisSchema,
  ReasonSchema,
  catalogueOf,
  checkClock,
  decisionOf,
  hasReason,
  isBoard,
  isSecretariat,
  parseInput,
  refuse,
  saved,
} from './transition-kit';
import { personOf, type Actor } from './actor';
import { isClosed, type ApprovalState } from './approval-state';
import type { DecisionFields, Refusal, TransitionOptions, TransitionResult } from './transition-kit';
export type { EditResult, TransitionOptions, TransitionResult } from './transition-kit';
import type { GovernanceRecord, SteeringGroup } from './governance-record';
import type { GovernanceRuleCode } from './rule-error';

/**
 * The approval state machine (domain.md "From idea to project to product", design.md "The approval state
 * machine"). Every transition is (record, actor, input, now, decision id) → new record + decision, or a typed
 * refusal naming the rule. Guards that do not depend on the input are separate functions, so `nextSteps` can
 * tell the UI which steps an actor may take and which rule refuses the others.
 */

export type Guard = (record: GovernanceRecord, actor: Actor) => GovernanceRuleCode | undefined;

/**
 * What every transition checks first, in this order: the clock and decision id, the input, then the rule
 * (so bad input gets INVALID_INPUT before any role refusal). `approve` checks its rule after reading its input.
 */
function admit<S extends z.ZodType>(
  schema: S,
  guard: Guard,
  record: GovernanceRecord,
  actor: Actor,
  input: unknown,
  now: string,
  id: string,
): { ok: true; value: z.output<S> } | Refusal {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const refused = guard(record, actor);
  return refused ? refuse(refused) : parsed;
}

/** Placed by the secretariat at some point: from then on, only the board changes the level. */
export function isPlaced(record: GovernanceRecord): boolean {
  return record.placedOnLevelAt !== undefined || record.state !== 'idea';
}

export function steeringProblem(
  record: GovernanceRecord,
  approvedInSameDecision = false,
): GovernanceRuleCode | undefined {
  if (record.steeringGroup) {
    const composition = steeringGroupComposition(record.steeringGroup, record);
    if (composition[0]) return composition[0];
  }
  return steeringForLevel(record, approvedInSameDecision);
}

// ---------------------------------------------------------------------------------------------- placeOnLevel

export const PlaceOnLevelInputSchema = z.strictObject({ level: LevelSchema, basis: BasisSchema });
export type PlaceOnLevelInput = z.input<typeof PlaceOnLevelInputSchema>;

export const placeOnLevelGuard: Guard = (record, actor) => {
  if (record.state !== 'idea') return 'ILLEGAL_TRANSITION';
  if (!isSecretariat(actor)) return 'ONLY_SECRETARIAT_PLACES_ON_LEVEL';
  return undefined;
};

/**
 * Step 1: the secretariat places an idea on a level and it becomes a concept. The first placement sets the
 * level; after a send-back the idea is placed again on the level it has (changing it is the board's, step 5).
 */
export function placeOnLevel(
  record: GovernanceRecord,
  actor: Actor,
  input: PlaceOnLevelInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(PlaceOnLevelInputSchema, placeOnLevelGuard, record, actor, input, now, id);
  if (!parsed.ok) return parsed;
  const { level, basis } = parsed.value;
  if (isPlaced(record) && level !== record.level) return refuse('ONLY_BOARD_DECIDES_LEVEL');
  const after = saved(
    record,
    { state: 'concept', level, placedOnLevelAt: record.placedOnLevelAt ?? now },
    now,
  );
  return decided(record, after, actor, now, id, options, {
    kind: 'place_on_level',
    body: 'secretariat',
    summary: `Idéen er indplaceret på ${level} og er nu et koncept`,
    basis,
    fromState: 'idea',
    toState: 'concept',
    ...(record.level !== level ? { fromLevel: record.level } : {}),
    toLevel: level,
  });
}

// --------------------------------------------------------------------------------------------- submitToBoard

export const SubmitToBoardInputSchema = z.strictObject({ basis: BasisSchema });
export type SubmitToBoardInput = z.input<typeof SubmitToBoardInputSchema>;

export const submitToBoardGuard: Guard = (record, actor) => {
  if (record.state !== 'concept') return 'ILLEGAL_TRANSITION';
  // The business manager's recommendation (5.4.3), not the project's own submission: a project admin, even the
  // project leader (the steering group's secretary, not a member), used to be logged as the steering group.
  if (!isSecretariat(actor)) return 'ONLY_SECRETARIAT_RECOMMENDS';
  if (record.level === 'N1') return 'N1_SKIPS_BOARD';
  return undefined;
};

function recommendationOf(actor: Actor, basis: string, now: string) {
  return {
    by: personOf(actor),
    at: now,
    basis,
  };
}

/** Step 2: an N2 or N3 concept goes to the board, which assesses and prioritises it. */
export function submitToBoard(
  record: GovernanceRecord,
  actor: Actor,
  input: SubmitToBoardInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(SubmitToBoardInputSchema, submitToBoardGuard, record, actor, input, now, id);
  if (!parsed.ok) return parsed;
  const after = saved(
    record,
    { state: 'board_review', recommendation: recommendationOf(actor, parsed.value.basis, now) },
    now,
  );
  return decided(record, after, actor, now, id, options, {
    kind: 'submit_to_board',
    body: 'secretariat',
    summary: `${record.level}-konceptet er forelagt bestyrelsen`,
    basis: parsed.value.basis,
    fromState: 'concept',
    toState: 'board_review',
  });
}

// ------------------------------------------------------------------------------------------------- recommend

export const RecommendToBoardInputSchema = z.strictObject({ basis: BasisSchema });
export type RecommendToBoardInput = z.input<typeof RecommendToBoardInputSchema>;

export const recommendToBoardGuard: Guard = (record, actor) => {
  if (record.state !== 'board_review' || record.recommendation) return 'ILLEGAL_TRANSITION';
  if (!isSecretariat(actor)) return 'ONLY_SECRETARIAT_RECOMMENDS';
  return undefined;
};

/**
 * The secretariat's recommendation for a concept already under board review without one (a record submitted
 * before recommendations were recorded, or by a project admin as the app once allowed).
 */
export function recommendToBoard(
  record: GovernanceRecord,
  actor: Actor,
  input: RecommendToBoardInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(RecommendToBoardInputSchema, recommendToBoardGuard, record, actor, input, now, id);
  if (!parsed.ok) return parsed;
  const after = saved(record, { recommendation: recommendationOf(actor, parsed.value.basis, now) }, now);
  return decided(record, after, actor, now, id, options, {
    kind: 'submit_to_board',
    body: 'secretariat',
    summary: `Forretningslederens indstilling af ${record.level}-konceptet til bestyrelsen`,
    basis: parsed.value.basis,
  });
}

// ---------------------------------------------------------------------------------------- startImplementation

export const StartImplementationInputSchema = z.strictObject({ basis: BasisSchema });
export type StartImplementationInput = z.input<typeof StartImplementationInputSchema>;

export const startImplementationGuard: Guard = (record, actor) => {
  if (record.state !== 'concept') return 'ILLEGAL_TRANSITION';
  if (!isSecretariat(actor)) return 'ONLY_SECRETARIAT_STARTS_IMPLEMENTATION';
  if (record.level !== 'N1') return 'N2_N3_NEEDS_BOARD';
  if (record.municipalities.length === 0) return 'NO_PARTICIPATING_MUNICIPALITY';
  return steeringProblem(record);
};

/** Step 2: an N1 concept goes straight to implementation; the board is only informed. */
export function startImplementation(
  record: GovernanceRecord,
  actor: Actor,
  input: StartImplementationInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(
    StartImplementationInputSchema,
    startImplementationGuard,
    record,
    actor,
    input,
    now,
    id,
  );
  if (!parsed.ok) return parsed;
  const after = saved(record, { state: 'approved' }, now);
  return decided(record, after, actor, now, id, options, {
    kind: 'start_implementation',
    body: 'secretariat',
    summary: 'N1-projektet er sat i gang; bestyrelsen orienteres',
    basis: parsed.value.basis,
    fromState: 'concept',
    toState: 'approved',
  });
}

// -------------------------------------------------------------------------------------------------- approve

export const ApproveInputSchema = z.strictObject({
  basis: BasisSchema,
  /** Approve (N2) or appoint (N3) the proposed steering group in the same decision. */
  approveSteeringGroup: z.boolean().default(false),
});
export type ApproveInput = z.input<typeof ApproveInputSchema>;

function approveChecks(record: GovernanceRecord, actor: Actor, withSteeringGroup: boolean) {
  if (record.state !== 'board_review') return 'ILLEGAL_TRANSITION';
  if (!isBoard(actor)) return 'ONLY_BOARD_APPROVES';
  if (!record.recommendation) return 'NEEDS_SECRETARIAT_RECOMMENDATION';
  if (record.municipalities.length === 0) return 'NO_PARTICIPATING_MUNICIPALITY';
  return steeringProblem(record, withSteeringGroup);
}

/** For `nextSteps`: possible when the board could approve, approving the steering group in the same decision. */
export const approveGuard: Guard = (record, actor) => approveChecks(record, actor, true);

export function approvedGroup(record: GovernanceRecord, group: SteeringGroup, now: string): SteeringGroup {
  return {
    ...group,
    approvedByBoardAt: group.approvedByBoardAt ?? now,
    appointedByBoard: group.appointedByBoard || record.level === 'N3',
  };
}

/**
 * Step 2: the board approves an N2/N3 concept; it is started. N2 needs a board-approved steering group, N3 a
 * board-appointed one with a board majority; either may be approved in this same decision. Open requirements
 * are carried into the decision: the board may still decide (design.md).
 */
export function approve(
  record: GovernanceRecord,
  actor: Actor,
  input: ApproveInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(ApproveInputSchema, input);
  if (!parsed.ok) return parsed;
  const { basis, approveSteeringGroup: withGroup } = parsed.value;
  const refused = approveChecks(record, actor, withGroup);
  if (refused) return refuse(refused);
  const group = record.steeringGroup;
  const after = saved(
    record,
    {
      state: 'approved',
      ...(withGroup && group ? { steeringGroup: approvedGroup(record, group, now) } : {}),
    },
    now,
  );
  return decided(record, after, actor, now, id, options, {
    kind: 'approve',
    body: 'board',
    summary: `Bestyrelsen har godkendt ${record.level}-projektet${withGroup && group ? ' og dets styregruppe' : ''}`,
    basis,
    fromState: 'board_review',
    toState: 'approved',
  });
}

// ------------------------------------------------------------------------------------ sendBack and loopBack

/** Tilbageløb, by the board or by the secretariat: both take the reason and nothing else. */
export const SendBackInputSchema = z.strictObject({ reason: ReasonSchema });
export type SendBackInput = z.input<typeof SendBackInputSchema>;
export const LoopBackInputSchema = SendBackInputSchema;
export type LoopBackInput = SendBackInput;

export const sendBackGuard: Guard = (record, actor) => {
  if (record.state !== 'board_review') return 'ILLEGAL_TRANSITION';
  if (!isBoard(actor)) return 'ONLY_BOARD_SENDS_BACK';
  return undefined;
};

export const loopBackGuard: Guard = (record, actor) => {
  if (record.state !== 'concept') return 'ILLEGAL_TRANSITION';
  if (!isSecretariat(actor)) return 'ONLY_SECRETARIAT_LOOPS_BACK';
  return undefined;
};

/**
 * Back to the idea stage. Not a rejection: everything done so far (requirement answers, groups, reports, the
 * level) is kept, and the reason is recorded as the decision's basis.
 */
function backToIdea(
  guard: Guard,
  decision: {
    kind: 'send_back' | 'loop_back';
    body: 'board' | 'secretariat';
    summary: string;
    from: ApprovalState;
  },
  record: GovernanceRecord,
  actor: Actor,
  input: SendBackInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(SendBackInputSchema, guard, record, actor, input, now, id);
  if (!parsed.ok) return parsed;
  const { reason } = parsed.value;
  if (!hasReason(reason)) return refuse('REASON_REQUIRED');
  // The recommendation was for the concept as it was; a new one is made when it comes back.
  const { recommendation: _dropped, ...rest } = record;
  const after = saved(rest, { state: 'idea' }, now);
  return decided(record, after, actor, now, id, options, {
    kind: decision.kind,
    body: decision.body,
    summary: decision.summary,
    basis: reason,
    fromState: decision.from,
    toState: 'idea',
  });
}

/** Step 2, tilbageløb: the board sends a concept under review back to ideation. */
export function sendBack(
  record: GovernanceRecord,
  actor: Actor,
  input: SendBackInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const decision = {
    kind: 'send_back',
    body: 'board',
    summary: 'Sendt tilbage til idégenerering (tilbageløb), ikke afvist',
    from: 'board_review',
  } as const;
  return backToIdea(sendBackGuard, decision, record, actor, input, now, id, options);
}

/**
 * Step 1, tilbageløb before the board: the secretariat takes a concept back to the idea stage so parts can be
 * re-tested, re-thought or re-phrased. The level stays as placed (changing it is the board's).
 */
export function loopBack(
  record: GovernanceRecord,
  actor: Actor,
  input: LoopBackInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const decision = {
    kind: 'loop_back',
    body: 'secretariat',
    summary: 'Taget tilbage til idéfasen (tilbageløb) for at blive gentænkt',
    from: 'concept',
  } as const;
  return backToIdea(loopBackGuard, decision, record, actor, input, now, id, options);
}

// ---------------------------------------------------------------------------------------------- becomeProduct

export const BecomeProductInputSchema = z.strictObject({ basis: BasisSchema });
export type BecomeProductInput = z.input<typeof BecomeProductInputSchema>;

export const becomeProductGuard: Guard = (record, actor) => {
  if (record.state !== 'approved') return 'ILLEGAL_TRANSITION';
  if (!isSecretariat(actor) && !isBoard(actor)) return 'ONLY_SECRETARIAT_DECLARES_PRODUCT';
  // An admitted N2/N3 project the board has not confirmed is not yet the board's approved project.
  if (awaitsBoard(record)) return 'ADMISSION_AWAITS_BOARD';
  if (record.municipalities.length === 0) return 'NO_PARTICIPATING_MUNICIPALITY';
  return steeringProblem(record) ?? coordinationForLevel(record);
};

/**
 * Step 4: built and running in the first municipalities, the project is a product, followed by a coordination
 * group (N3: with at least one board member). The level's steering rules must still hold.
 */
export function becomeProduct(
  record: GovernanceRecord,
  actor: Actor,
  input: BecomeProductInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(BecomeProductInputSchema, becomeProductGuard, record, actor, input, now, id);
  if (!parsed.ok) return parsed;
  const after = saved(record, { state: 'product' }, now);
  return decided(record, after, actor, now, id, options, {
    kind: 'become_product',
    body: isSecretariat(actor) ? 'secretariat' : 'board',
    summary: 'Projektet er i drift og er nu et produkt med en koordinationsgruppe',
    basis: parsed.value.basis,
    fromState: 'approved',
    toState: 'product',
  });
}

// ---------------------------------------------------------------------------------------------------- retire

export const RetireInputSchema = z.strictObject({ reason: ReasonSchema });
export type RetireInput = z.input<typeof RetireInputSchema>;

export const retireGuard: Guard = (record, actor) => {
  if (isClosed(record.state)) return 'ILLEGAL_TRANSITION';
  // Closing is the board's at every level: seed 003 5.3 gives the board the closure of an N1 product too (the
  // secretariat used to be allowed to retire N1 projects).
  if (!isBoard(actor)) return 'ONLY_BOARD_RETIRES';
  return undefined;
};

/** Retire (udfase) a project or product, with a reason: the report lets the board close a product (5.3). */
export function retire(
  record: GovernanceRecord,
  actor: Actor,
  input: RetireInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(RetireInputSchema, retireGuard, record, actor, input, now, id);
  if (!parsed.ok) return parsed;
  const { reason } = parsed.value;
  if (!hasReason(reason)) return refuse('REASON_REQUIRED');
  const after = saved(record, { state: 'retired' }, now);
  return decided(record, after, actor, now, id, options, {
    kind: 'retire',
    body: 'board',
    summary: 'Lukket (udfaset) af bestyrelsen',
    basis: reason,
    fromState: record.state,
    toState: 'retired',
  });
}

// ---------------------------------------------------------------------------------------------------- reject

export const RejectProjectInputSchema = z.strictObject({ reason: ReasonSchema });
export type RejectProjectInput = z.input<typeof RejectProjectInputSchema>;

export const rejectGuard: Guard = (record, actor) => {
  if (isClosed(record.state)) return 'ILLEGAL_TRANSITION';
  if (!isBoard(actor)) return 'ONLY_BOARD_REJECTS';
  return undefined;
};

/**
 * The board rejects (afviser) a project or product: unlike a tilbageløb it does not return to the idea stage,
 * and unlike a closure it says the project was refused, not that it ran its course (seed 003 5.2, 5.3).
 */
export function reject(
  record: GovernanceRecord,
  actor: Actor,
  input: RejectProjectInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(RejectProjectInputSchema, rejectGuard, record, actor, input, now, id);
  if (!parsed.ok) return parsed;
  const { reason } = parsed.value;
  if (!hasReason(reason)) return refuse('REASON_REQUIRED');
  const after = saved(record, { state: 'rejected' }, now);
  return decided(record, after, actor, now, id, options, {
    kind: 'reject',
    body: 'board',
    summary: 'Afvist af bestyrelsen',
    basis: reason,
    fromState: record.state,
    toState: 'rejected',
  });
}

// ----------------------------------------------------------------------------------------------- changeLevel

export const ChangeLevelInputSchema = z.strictObject({ level: LevelSchema, reason: ReasonSchema });
export type ChangeLevelInput = z.input<typeof ChangeLevelInputSchema>;

export const changeLevelGuard: Guard = (record, actor) => {
  if (!isBoard(actor)) return 'ONLY_BOARD_DECIDES_LEVEL';
  // A closed record keeps the level it ended on (finding 6: levels were changed on retired records).
  return isClosed(record.state) ? 'ILLEGAL_TRANSITION' : undefined;
};

/**
 * Step 5: only the board moves a project or product between levels, in any state, informed by the secretariat
 * or the coordination group. Work already done carries over: nothing but the level changes.
 */
export function changeLevel(
  record: GovernanceRecord,
  actor: Actor,
  input: ChangeLevelInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(ChangeLevelInputSchema, changeLevelGuard, record, actor, input, now, id);
  if (!parsed.ok) return parsed;
  const { level, reason } = parsed.value;
  if (level === record.level) return refuse('LEVEL_UNCHANGED');
  if (!hasReason(reason)) return refuse('REASON_REQUIRED');
  const after = saved(record, { level, placedOnLevelAt: record.placedOnLevelAt ?? now }, now);
  return decided(record, after, actor, now, id, options, {
    kind: 'change_level',
    body: 'board',
    summary: `Bestyrelsen har flyttet projektet fra ${record.level} til ${level}`,
    basis: reason,
    fromLevel: record.level,
    toLevel: level,
  });
}

// ------------------------------------------------------------------------------- approve / appoint steering group

export const ApproveSteeringGroupInputSchema = z.strictObject({ basis: BasisSchema });
export type ApproveSteeringGroupInput = z.input<typeof ApproveSteeringGroupInputSchema>;

export const approveSteeringGroupGuard: Guard = (record, actor) => {
  if (isClosed(record.state)) return 'ILLEGAL_TRANSITION';
  if (!isBoard(actor)) return 'ONLY_BOARD_APPROVES_STEERING_GROUP';
  const group = proposedGroup(record) ?? record.steeringGroup;
  if (!group) return 'STEERING_GROUP_MISSING';
  const composition = steeringGroupComposition(group, record);
  if (composition[0]) return composition[0];
  if (record.level === 'N3' && !hasBoardMajority(group)) return 'N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY';
  return undefined;
};

/**
 * N2: the board formally approves the steering group the project set up. On N3 the board's approval of a
 * proposed group is its appointment, so the group must give the board its majority.
 */
export function approveSteeringGroup(
  record: GovernanceRecord,
  actor: Actor,
  input: ApproveSteeringGroupInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(
    ApproveSteeringGroupInputSchema,
    approveSteeringGroupGuard,
    record,
    actor,
    input,
    now,
    id,
  );
  if (!parsed.ok) return parsed;
  // A running N2 group's own proposal, when there is one, is what the board approves (organisation.ts).
  const group = approvedGroup(record, proposedGroup(record) ?? record.steeringGroup!, now);
  const after = saved(
    record,
    { steeringGroup: { ...group, approvedByBoardAt: now }, steeringGroupProposal: undefined },
    now,
  );
  return decided(record, after, actor, now, id, options, {
    kind: 'approve_steering_group',
    body: 'board',
    summary: `Bestyrelsen har godkendt styregruppen (${group.members.length} medlemmer)`,
    basis: parsed.value.basis,
  });
}

/** The group a pending proposal would make: its members, the elected chair kept while a member. */
function proposedGroup(record: GovernanceRecord): SteeringGroup | undefined {
  const p = record.steeringGroupProposal;
  if (!p) return undefined;
  const kept = keptChair(
    record.steeringGroup,
    p.members.map((m) => m.person.accountId),
    undefined,
  );
  return {
    members: p.members,
    ...(kept === 'CHAIR_ELECTED_BY_GROUP' ? {} : kept),
    appointedByBoard: record.steeringGroup?.appointedByBoard ?? false,
  };
}

export const SteeringGroupInputSchema = z.strictObject({
  members: z.array(SteeringGroupMemberSchema).min(1, 'Styregruppen skal have mindst ét medlem').max(50),
  chair: z.string().min(1).optional(),
});
export type SteeringGroupInput = z.input<typeof SteeringGroupInputSchema>;

export const AppointSteeringGroupInputSchema = z.strictObject({
  steeringGroup: SteeringGroupInputSchema,
  basis: BasisSchema,
});
export type AppointSteeringGroupInput = z.input<typeof AppointSteeringGroupInputSchema>;

export const appointSteeringGroupGuard: Guard = (record, actor) => {
  if (isClosed(record.state)) return 'ILLEGAL_TRANSITION';
  if (!isBoard(actor)) return 'ONLY_BOARD_APPROVES_STEERING_GROUP';
  return undefined;
};

/** N3: the board appoints the steering group and holds the majority in it (also usable on N2). */
export function appointSteeringGroup(
  record: GovernanceRecord,
  actor: Actor,
  input: AppointSteeringGroupInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const parsed = admit(
    AppointSteeringGroupInputSchema,
    appointSteeringGroupGuard,
    record,
    actor,
    input,
    now,
    id,
  );
  if (!parsed.ok) return parsed;
  const { steeringGroup: g, basis } = parsed.value;
  // The board appoints the members; the chair is the group's own election (finding 2).
  const kept = keptChair(
    record.steeringGroup,
    g.members.map((m) => m.person.accountId),
    g.chair,
  );
  if (kept === 'CHAIR_ELECTED_BY_GROUP') return refuse(kept);
  const group: SteeringGroup = {
    members: g.members,
    ...kept,
    approvedByBoardAt: now,
    appointedByBoard: true,
  };
  const composition = steeringGroupComposition(group, record);
  if (composition[0]) return refuse(composition[0]);
  if (record.level === 'N3' && !hasBoardMajority(group))
    return refuse('N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY');
  const after = saved(record, { steeringGroup: group }, now);
  const board = group.members.filter((m) => m.boardMember).length;
  return decided(record, after, actor, now, id, options, {
    kind: 'appoint_steering_group',
    body: 'board',
    summary: `Bestyrelsen har udpeget styregruppen: ${group.members.length} medlemmer, heraf ${board} fra bestyrelsen`,
    basis,
  });
}

// -------------------------------------------------------------------------------------------- confirmAdmission

/** Admitted by the secretariat as an approved N2/N3 project or product, and not yet confirmed by the board. */
export function awaitsBoard(record: GovernanceRecord): boolean {
  return record.admission?.boardConfirmation === 'pending';
}

export const ConfirmAdmissionInputSchema = z.strictObject({
  basis: BasisSchema,
  /** Approve (N2) or appoint (N3) the admitted steering group in the same decision, as `approve` can. */
  approveSteeringGroup: z.boolean().default(false),
});
export type ConfirmAdmissionInput = z.input<typeof ConfirmAdmissionInputSchema>;

function confirmAdmissionChecks(record: GovernanceRecord, actor: Actor, withSteeringGroup: boolean) {
  if (!awaitsBoard(record) || isClosed(record.state)) return 'ILLEGAL_TRANSITION';
  if (!isBoard(actor)) return 'ONLY_BOARD_CONFIRMS_ADMISSION';
  if (record.municipalities.length === 0) return 'NO_PARTICIPATING_MUNICIPALITY';
  return (
    steeringProblem(record, withSteeringGroup) ??
    (record.state === 'product' ? coordinationForLevel(record) : undefined)
  );
}

export const confirmAdmissionGuard: Guard = (record, actor) => confirmAdmissionChecks(record, actor, true);

/**
 * The board confirms the secretariat's admission of an approved N2/N3 project or product (admission.ts): the
 * board's approval the product had before the app knew it, now taken by the board itself. The level's steering
 * (and, for a product, coordination) rules must hold, the steering group approved or appointed here if need be.
 */
export function confirmAdmission(
  record: GovernanceRecord,
  actor: Actor,
  input: ConfirmAdmissionInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): TransitionResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(ConfirmAdmissionInputSchema, input);
  if (!parsed.ok) return parsed;
  const { basis, approveSteeringGroup: withGroup } = parsed.value;
  const refused = confirmAdmissionChecks(record, actor, withGroup);
  if (refused) return refuse(refused);
  const group = record.steeringGroup;
  const after = saved(
    record,
    {
      admission: {
        ...record.admission!,
        boardConfirmation: 'confirmed',
        confirmedBy: personOf(actor),
        confirmedAt: now,
      },
      ...(withGroup && group ? { steeringGroup: approvedGroup(record, group, now) } : {}),
    },
    now,
  );
  return decided(record, after, actor, now, id, options, {
    kind: 'confirm_admission',
    body: 'board',
    summary: `Bestyrelsen har bekræftet optagelsen på ${record.level}${withGroup && group ? ' og godkendt styregruppen' : ''}`,
    basis,
  });
}

// ------------------------------------------------------------------------------------------------- helpers

function decided(
  _before: GovernanceRecord,
  after: GovernanceRecord,
  actor: Actor,
  now: string,
  id: string,
  options: TransitionOptions | undefined,
  fields: DecisionFields,
): TransitionResult {
  return {
    ok: true,
    record: after,
    decision: decisionOf(after, actor, fields, now, id, catalogueOf(after, options)),
  };
}

/** The state machine's edges, for `nextSteps` and documentation (retire and changeLevel apply in more states). */
export const TRANSITIONS = {
  placeOnLevel: { from: ['idea'], to: 'concept', guard: placeOnLevelGuard },
  submitToBoard: { from: ['concept'], to: 'board_review', guard: submitToBoardGuard },
  recommendToBoard: { from: ['board_review'], to: undefined, guard: recommendToBoardGuard },
  startImplementation: { from: ['concept'], to: 'approved', guard: startImplementationGuard },
  approve: { from: ['board_review'], to: 'approved', guard: approveGuard },
  sendBack: { from: ['board_review'], to: 'idea', guard: sendBackGuard },
  loopBack: { from: ['concept'], to: 'idea', guard: loopBackGuard },
  becomeProduct: { from: ['approved'], to: 'product', guard: becomeProductGuard },
  retire: {
    from: ['idea', 'concept', 'board_review', 'approved', 'product'],
    to: 'retired',
    guard: retireGuard,
  },
  reject: {
    from: ['idea', 'concept', 'board_review', 'approved', 'product'],
    to: 'rejected',
    guard: rejectGuard,
  },
  changeLevel: {
    from: ['idea', 'concept', 'board_review', 'approved', 'product'],
    to: undefined,
    guard: changeLevelGuard,
  },
  approveSteeringGroup: {
    from: ['idea', 'concept', 'board_review', 'approved', 'product'],
    to: undefined,
    guard: approveSteeringGroupGuard,
  },
  appointSteeringGroup: {
    from: ['idea', 'concept', 'board_review', 'approved', 'product'],
    to: undefined,
    guard: appointSteeringGroupGuard,
  },
  approveBudget: {
    from: ['idea', 'concept', 'board_review', 'approved', 'product'],
    to: undefined,
    guard: approveBudgetGuard,
  },
  confirmAdmission: {
    from: ['approved', 'product'],
    to: undefined,
    guard: confirmAdmissionGuard,
  },
  electChair: {
    from: ['idea', 'concept', 'board_review', 'approved', 'product'],
    to: undefined,
    guard: electChairGuard,
  },
  approveProjectDescription: {
    from: ['idea', 'concept', 'board_review', 'approved', 'product'],
    to: undefined,
    guard: approveProjectDescriptionGuard,
  },
  setDevelopmentFrame: {
    from: ['approved', 'product'],
    to: undefined,
    guard: setDevelopmentFrameGuard,
  },
} as const satisfies Record<
  string,
  { from: readonly ApprovalState[]; to: ApprovalState | undefined; guard: Guard }
>;
export type TransitionName = keyof typeof TRANSITIONS;
