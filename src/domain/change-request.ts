import { z } from 'zod';
import { PersonSchema } from './person';
import { DkkSchema } from './money';
import { DecisionBodySchema } from './decision';
import { WorkingGroupIdSchema } from './working-group';
import { effectiveFrameDkk } from './economy';
import { GroupTallySchema, groupDecides } from './group-decision';
import {
  checkClock,
  decisionOf,
  hasReason,
  isBoard,
  isSecretariat,
  parseInput,
  refuse,
} from './transition-kit';
import { personOf, type Actor } from './actor';
import type { Decision, DecisionBody } from './decision';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleCode, GovernanceRuleError } from './rule-error';

/**
 * Change requests (seed 001, "Rammer for arbejdsgrupperne", KITOS 2017; domain.md "Change requests and voting").
 * Small requests (a new contract role, say) are decided by the secretariat without a working group. Larger ones
 * are assessed by a working group (convened by its tovholder, or by the secretariat) for purpose and business
 * value, then prioritised or rejected (working group or coordination group); a prioritised one gets a
 * requirements specification, a supplier estimate (hours, DKK), a recommendation from the secretariat and the
 * approval of the work and its financing; the outcome is published to the user club. Within the product's
 * development frame (stored on the product, economy.ts) the steering group or the coordination group approves;
 * beyond it, or financed outside the product's economy, the coordination group recommends and the board decides.
 */

export const ChangeRequestSizeSchema = z.enum(['small', 'large']);
export const ChangeRequestStateSchema = z.enum([
  'submitted',
  'in_assessment',
  'assessed',
  'prioritised',
  'specified',
  'estimated',
  'recommended',
  'approved',
  'rejected',
  'published',
]);
export type ChangeRequestState = z.infer<typeof ChangeRequestStateSchema>;

const Stamp = { by: PersonSchema, at: z.iso.datetime() };

export const ChangeRequestSchema = z.strictObject({
  id: z.string().min(1).max(64),
  /** The Jira issue (Udviklingsønske) the request lives in, when there is one. */
  issueKey: z.string().max(32).optional(),
  title: z.string().trim().min(1).max(255),
  size: ChangeRequestSizeSchema,
  state: ChangeRequestStateSchema,
  submittedBy: PersonSchema,
  submittedAt: z.iso.datetime(),
  /**
   * The working group (working-group.ts) by id, with its name and convenor as of the last save; the rules read
   * the group's current convenor (`withCurrentGroup`). Requests stored before groups existed have no id.
   */
  workingGroup: z
    .strictObject({
      id: WorkingGroupIdSchema.optional(),
      name: z.string().trim().min(1).max(255),
      convenor: PersonSchema.optional(),
    })
    .optional(),
  assessment: z
    .strictObject({
      purpose: z.string().trim().min(1).max(4000),
      businessValue: z.string().trim().min(1).max(4000),
      ...Stamp,
    })
    .optional(),
  /** The place in the product's priority order when prioritised (priority-order.ts holds the order itself). */
  priority: z.number().int().min(1).optional(),
  specification: z.strictObject({ text: z.string().trim().min(1).max(8000), ...Stamp }).optional(),
  estimate: z
    .strictObject({
      hours: z.number().int().nonnegative(),
      dkk: DkkSchema,
      supplier: z.string().trim().min(1).max(255),
      at: z.iso.datetime(),
    })
    .optional(),
  recommendation: z.strictObject({ text: z.string().trim().min(1).max(4000), ...Stamp }).optional(),
  financing: z.enum(['product', 'outside_product']).optional(),
  /** The coordination group's recommendation to the board of a request outside the product's frame (4.1.5). */
  referral: z
    .strictObject({
      text: z.string().trim().min(1).max(4000),
      financing: z.enum(['product', 'outside_product']),
      ...Stamp,
    })
    .optional(),
  outcome: z
    .strictObject({ approved: z.boolean(), body: DecisionBodySchema, reason: z.string().max(4000), ...Stamp })
    .optional(),
  publishedAt: z.iso.datetime().optional(),
  /**
   * Saves so far (optimistic concurrency, as governance saves): every action is saved at the revision the user
   * saw and a stale one is refused. Requests stored before revisions existed read as 0.
   */
  revision: z.number().int().nonnegative().default(0),
});
export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;

/** States in which a request is decided and done; only these may be reopened (by the secretariat). */
export const TERMINAL_CHANGE_REQUEST_STATES: readonly ChangeRequestState[] = ['rejected', 'published'];

export type ChangeRequestResult =
  { ok: true; request: ChangeRequest; decision?: Decision } | { ok: false; error: GovernanceRuleError };

/** The working group acts through its convenor; the secretariat may always act for it (it calls the group when no municipality convenes it). */
function actsForWorkingGroup(cr: ChangeRequest, actor: Actor): boolean {
  return isSecretariat(actor) || cr.workingGroup?.convenor?.accountId === actor.accountId;
}

function isMemberOf(
  body: DecisionBody,
  actor: Actor,
  cr: ChangeRequest,
  product?: GovernanceRecord,
): boolean {
  switch (body) {
    case 'working_group':
      return actsForWorkingGroup(cr, actor);
    case 'coordination_group':
      return product?.coordinationGroup?.members.some((m) => m.person.accountId === actor.accountId) ?? false;
    case 'steering_group':
      return product?.steeringGroup?.members.some((m) => m.person.accountId === actor.accountId) ?? false;
    case 'board':
      return isBoard(actor);
    case 'secretariat':
      return isSecretariat(actor);
    default:
      return false;
  }
}

function decided(
  cr: ChangeRequest,
  actor: Actor,
  body: DecisionBody,
  summary: string,
  basis: string,
  now: string,
  id: string,
): Decision {
  return decisionOf(
    undefined,
    actor,
    {
      kind: 'change_request',
      body,
      summary: `${cr.issueKey ? `${cr.issueKey}: ` : ''}${cr.title} – ${summary}`.slice(0, 2000),
      basis,
    },
    now,
    id,
    undefined,
  );
}

export const SubmitChangeRequestInputSchema = z.strictObject({
  id: z.string().min(1).max(64),
  issueKey: z.string().max(32).optional(),
  title: z.string().trim().min(1, 'Ønsket skal have en titel').max(255),
  size: ChangeRequestSizeSchema,
});
export type SubmitChangeRequestInput = z.input<typeof SubmitChangeRequestInputSchema>;

/**
 * Anyone in the user club may raise a request on a feature request that has none. A submit never overwrites a
 * request under way (its working group, assessment, estimate and recommendation would be lost and the decision
 * log would disagree with it); a decided one (rejected or published) may be reopened, by the secretariat only.
 */
export function submitChangeRequest(
  actor: Actor,
  input: SubmitChangeRequestInput,
  now: string,
  existing?: ChangeRequest,
): ChangeRequestResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(SubmitChangeRequestInputSchema, input);
  if (!parsed.ok) return parsed;
  if (existing) {
    if (!TERMINAL_CHANGE_REQUEST_STATES.includes(existing.state)) return refuse('CHANGE_REQUEST_EXISTS');
    if (!isSecretariat(actor)) return refuse('ONLY_SECRETARIAT_REOPENS');
  }
  const { id, issueKey, title, size } = parsed.value;
  return {
    ok: true,
    request: {
      id,
      ...(issueKey ? { issueKey } : {}),
      title,
      size,
      state: 'submitted',
      submittedBy: personOf(actor),
      submittedAt: now,
      revision: existing?.revision ?? 0,
    },
  };
}

export const DecideInputSchema = z.strictObject({
  approve: z.boolean(),
  reason: z.string().max(4000).optional(),
});
export type DecideInput = z.input<typeof DecideInputSchema>;

/** A small request is decided by the secretariat directly, without the working group. */
export function decideSmall(
  cr: ChangeRequest,
  actor: Actor,
  input: DecideInput,
  now: string,
  id: string,
): ChangeRequestResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(DecideInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.size !== 'small' || cr.state !== 'submitted') return refuse('ILLEGAL_TRANSITION');
  if (!isSecretariat(actor)) return refuse('CHANGE_REQUEST_WRONG_BODY');
  const { approve, reason } = parsed.value;
  if (!approve && !hasReason(reason)) return refuse('REASON_REQUIRED');
  const request: ChangeRequest = {
    ...cr,
    state: approve ? 'approved' : 'rejected',
    outcome: { approved: approve, body: 'secretariat', reason: reason ?? '', by: personOf(actor), at: now },
  };
  return {
    ok: true,
    request,
    decision: decided(
      cr,
      actor,
      'secretariat',
      approve ? 'godkendt af sekretariatet' : 'afvist af sekretariatet',
      reason ?? '',
      now,
      id,
    ),
  };
}

export const AssignWorkingGroupInputSchema = z.strictObject({
  id: WorkingGroupIdSchema.optional(),
  name: z.string().trim().min(1).max(255),
  convenor: PersonSchema.optional(),
});
export type AssignWorkingGroupInput = z.input<typeof AssignWorkingGroupInputSchema>;

/** The secretariat hands a larger request to the working group of its module. */
export function assignWorkingGroup(
  cr: ChangeRequest,
  actor: Actor,
  input: AssignWorkingGroupInput,
  now: string,
): ChangeRequestResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(AssignWorkingGroupInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.size !== 'large' || cr.state !== 'submitted') return refuse('ILLEGAL_TRANSITION');
  if (!isSecretariat(actor)) return refuse('CHANGE_REQUEST_WRONG_BODY');
  const { id, name, convenor } = parsed.value;
  return {
    ok: true,
    request: {
      ...cr,
      state: 'in_assessment',
      workingGroup: { ...(id ? { id } : {}), name, ...(convenor ? { convenor } : {}) },
    },
  };
}

export const AssessInputSchema = z.strictObject({
  purpose: z.string().trim().min(1, 'Formålet skal beskrives').max(4000),
  businessValue: z.string().trim().min(1, 'Forretningsværdien skal beskrives').max(4000),
});
export type AssessInput = z.input<typeof AssessInputSchema>;

/** The working group assesses the request's purpose and business value. */
export function assess(
  cr: ChangeRequest,
  actor: Actor,
  input: AssessInput,
  now: string,
): ChangeRequestResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(AssessInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.state !== 'in_assessment') return refuse('ILLEGAL_TRANSITION');
  if (!actsForWorkingGroup(cr, actor)) return refuse('NOT_MEMBER_OF_BODY');
  return {
    ok: true,
    request: { ...cr, state: 'assessed', assessment: { ...parsed.value, by: personOf(actor), at: now } },
  };
}

export const PrioritiseInputSchema = z.strictObject({
  body: z.enum(['working_group', 'coordination_group']),
  priority: z.number().int().min(1),
  basis: z.string().max(4000).default(''),
});
export type PrioritiseInput = z.input<typeof PrioritiseInputSchema>;

/** The working group or the product's coordination group prioritises an assessed request. */
export function prioritise(
  cr: ChangeRequest,
  actor: Actor,
  input: PrioritiseInput,
  now: string,
  id: string,
  product?: GovernanceRecord,
): ChangeRequestResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(PrioritiseInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.state !== 'assessed') return refuse('ILLEGAL_TRANSITION');
  const { body, priority, basis } = parsed.value;
  if (!isMemberOf(body, actor, cr, product)) return refuse('NOT_MEMBER_OF_BODY');
  return {
    ok: true,
    request: { ...cr, state: 'prioritised', priority },
    decision: decided(cr, actor, body, `prioriteret som nr. ${priority}`, basis, now, id),
  };
}

export const RejectInputSchema = z.strictObject({
  body: z.enum(['working_group', 'coordination_group']),
  reason: z.string().max(4000).optional(),
});
export type RejectInput = z.input<typeof RejectInputSchema>;

/** The working group or the coordination group rejects (forkaster) a request, with a reason. */
export function rejectChangeRequest(
  cr: ChangeRequest,
  actor: Actor,
  input: RejectInput,
  now: string,
  id: string,
  product?: GovernanceRecord,
): ChangeRequestResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(RejectInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!['in_assessment', 'assessed', 'prioritised'].includes(cr.state)) return refuse('ILLEGAL_TRANSITION');
  const { body, reason } = parsed.value;
  if (!isMemberOf(body, actor, cr, product)) return refuse('NOT_MEMBER_OF_BODY');
  if (!hasReason(reason)) return refuse('REASON_REQUIRED');
  return {
    ok: true,
    request: {
      ...cr,
      state: 'rejected',
      outcome: { approved: false, body, reason, by: personOf(actor), at: now },
    },
    decision: decided(cr, actor, body, 'forkastet', reason, now, id),
  };
}

export const SpecifyInputSchema = z.strictObject({
  text: z.string().trim().min(1, 'Kravspecifikationen mangler').max(8000),
});
export type SpecifyInput = z.input<typeof SpecifyInputSchema>;

/** The working group writes the requirements specification of a prioritised request. */
export function specify(
  cr: ChangeRequest,
  actor: Actor,
  input: SpecifyInput,
  now: string,
): ChangeRequestResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(SpecifyInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.size !== 'large' || cr.state !== 'prioritised') return refuse('ILLEGAL_TRANSITION');
  if (!actsForWorkingGroup(cr, actor)) return refuse('NOT_MEMBER_OF_BODY');
  return {
    ok: true,
    request: {
      ...cr,
      state: 'specified',
      specification: { text: parsed.value.text, by: personOf(actor), at: now },
    },
  };
}

export const EstimateInputSchema = z.strictObject({
  hours: z.number().int().nonnegative('Timetallet må ikke være negativt'),
  dkk: DkkSchema,
  supplier: z.string().trim().min(1).max(255),
});
export type EstimateInput = z.input<typeof EstimateInputSchema>;

/** The secretariat obtains a price estimate from the supplier. */
export function recordEstimate(
  cr: ChangeRequest,
  actor: Actor,
  input: EstimateInput,
  now: string,
): ChangeRequestResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(EstimateInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.state !== 'specified') return refuse('ILLEGAL_TRANSITION');
  if (!isSecretariat(actor)) return refuse('CHANGE_REQUEST_WRONG_BODY');
  return { ok: true, request: { ...cr, state: 'estimated', estimate: { ...parsed.value, at: now } } };
}

export const RecommendInputSchema = z.strictObject({
  text: z.string().trim().min(1, 'Indstillingen mangler').max(4000),
});
export type RecommendInput = z.input<typeof RecommendInputSchema>;

/** The secretariat recommends (indstiller) the prioritised, estimated request. */
export function recommend(
  cr: ChangeRequest,
  actor: Actor,
  input: RecommendInput,
  now: string,
): ChangeRequestResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(RecommendInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.state !== 'estimated') return refuse('ILLEGAL_TRANSITION');
  if (!isSecretariat(actor)) return refuse('CHANGE_REQUEST_WRONG_BODY');
  return {
    ok: true,
    request: {
      ...cr,
      state: 'recommended',
      recommendation: { text: parsed.value.text, by: personOf(actor), at: now },
    },
  };
}

export const DecideLargeInputSchema = z.strictObject({
  approve: z.boolean(),
  body: z.enum(['coordination_group', 'steering_group', 'board']),
  /** Whether the work is paid from the product's own economy or from outside it (e.g. OS2 funding). */
  financing: z.enum(['product', 'outside_product']),
  reason: z.string().max(4000).optional(),
  /** The group's vote at its meeting, when it voted; a tie is the chair's (group-decision.ts). */
  tally: GroupTallySchema.optional(),
});
export type DecideLargeInput = z.input<typeof DecideLargeInputSchema>;

/** What municipalities pledged on the request (votes' co-financing), shown with and logged in a financing decision. */
export interface Pledges {
  willing: number;
  totalDkk: number;
}

/**
 * Whether the estimate lies within the product's development frame (stored on the product and approved as
 * economy.ts says; never typed by whoever decides, issue 14 finding 4).
 */
export function withinFrame(cr: ChangeRequest, product: GovernanceRecord | undefined): boolean {
  const frame = effectiveFrameDkk(product);
  return cr.estimate !== undefined && frame !== undefined && cr.estimate.dkk <= frame;
}

/** Which body takes the financing decision of a recommended request (seed 003 4.1.5, seed 001). */
function financingRefusal(
  cr: ChangeRequest,
  body: 'coordination_group' | 'steering_group' | 'board',
  financing: 'product' | 'outside_product',
  product: GovernanceRecord | undefined,
): GovernanceRuleCode | undefined {
  const inFrame = financing === 'product' && withinFrame(cr, product);
  if (body !== 'board') {
    if (financing === 'outside_product') return 'CHANGE_REQUEST_OUTSIDE_ECONOMY';
    if (effectiveFrameDkk(product) === undefined) return 'NO_DEVELOPMENT_FRAME';
    return inFrame ? undefined : 'CHANGE_REQUEST_OUTSIDE_FRAME';
  }
  // Within the frame the group decides; beyond it the coordination group recommends and the board decides.
  if (inFrame) return 'CHANGE_REQUEST_WRONG_BODY';
  if (product?.coordinationGroup?.members.length && !cr.referral) return 'NEEDS_COORDINATION_GROUP_REFERRAL';
  return undefined;
}

function pledgeText(pledges: Pledges | undefined): string {
  if (!pledges) return '';
  const kr = String(pledges.totalDkk).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `; tilsagn om medfinansiering: ${pledges.willing} kommuner, ${kr} kr.`;
}

/**
 * Approval of the work and its financing. Within the product's development frame the steering group or the
 * coordination group decides (seed 001: "styregruppen, som skal godkende større udviklingstiltag og
 * finansieringsformen"); outside the frame, or financed outside the product's economy, the coordination group
 * recommends it to the board (`referToBoard`), which decides (seed 003 4.1.5). The municipalities' pledges, when
 * given, are logged with the decision.
 */
export function decideLarge(
  cr: ChangeRequest,
  actor: Actor,
  input: DecideLargeInput,
  now: string,
  id: string,
  product?: GovernanceRecord,
  pledges?: Pledges,
): ChangeRequestResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(DecideLargeInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.state !== 'recommended' || !cr.estimate) return refuse('ILLEGAL_TRANSITION');
  const { approve, body, financing, reason, tally } = parsed.value;
  const wrong = financingRefusal(cr, body, financing, product);
  if (wrong) return refuse(wrong);
  if (!isMemberOf(body, actor, cr, product)) return refuse('NOT_MEMBER_OF_BODY');
  const group =
    body === 'steering_group'
      ? product?.steeringGroup
      : body === 'coordination_group'
        ? product?.coordinationGroup
        : undefined;
  const outcome = group ? groupDecides(group, actor, tally) : { ok: true as const };
  if (!outcome.ok) return refuse(outcome.code);
  if (!approve && !hasReason(reason)) return refuse('REASON_REQUIRED');
  const request: ChangeRequest = {
    ...cr,
    state: approve ? 'approved' : 'rejected',
    financing,
    outcome: { approved: approve, body, reason: reason ?? '', by: personOf(actor), at: now },
  };
  const kr = String(cr.estimate.dkk).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const decision = decided(
    cr,
    actor,
    body,
    `${approve ? 'godkendt' : 'afvist'} (${cr.estimate.hours} timer, ${kr} kr.)${pledgeText(pledges)}`,
    reason ?? '',
    now,
    id,
  );
  return { ok: true, request, decision: outcome.tally ? { ...decision, tally: outcome.tally } : decision };
}

export const ReferToBoardInputSchema = z.strictObject({
  text: z.string().trim().min(1, 'Indstillingen mangler').max(4000),
  financing: z.enum(['product', 'outside_product']),
  tally: GroupTallySchema.optional(),
});
export type ReferToBoardInput = z.input<typeof ReferToBoardInputSchema>;

/**
 * The coordination group recommends (indstiller) to the board a request whose cost lies outside the product's
 * frame, or that is financed outside the product's economy (seed 003 4.1.5). Within the frame there is nothing to
 * refer: the group decides itself.
 */
export function referToBoard(
  cr: ChangeRequest,
  actor: Actor,
  input: ReferToBoardInput,
  now: string,
  id: string,
  product?: GovernanceRecord,
  pledges?: Pledges,
): ChangeRequestResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(ReferToBoardInputSchema, input);
  if (!parsed.ok) return parsed;
  if (cr.state !== 'recommended' || !cr.estimate || cr.referral) return refuse('ILLEGAL_TRANSITION');
  const { text, financing, tally } = parsed.value;
  if (!isMemberOf('coordination_group', actor, cr, product)) return refuse('NOT_MEMBER_OF_BODY');
  if (financing === 'product' && withinFrame(cr, product)) return refuse('CHANGE_REQUEST_WRONG_BODY');
  const outcome = groupDecides(product!.coordinationGroup!, actor, tally);
  if (!outcome.ok) return refuse(outcome.code);
  const decision = decided(
    cr,
    actor,
    'coordination_group',
    `indstillet til bestyrelsen (${financing === 'product' ? 'uden for produktets udviklingsramme' : 'finansieret uden for produktets økonomi'})${pledgeText(pledges)}`,
    text,
    now,
    id,
  );
  return {
    ok: true,
    request: { ...cr, referral: { text, financing, by: personOf(actor), at: now } },
    decision: outcome.tally ? { ...decision, tally: outcome.tally } : decision,
  };
}

/** The secretariat publishes the outcome to the user club so members can follow the work. */
export function publishOutcome(cr: ChangeRequest, actor: Actor, now: string): ChangeRequestResult {
  const bad = checkClock(now);
  if (bad) return bad;
  if (cr.state !== 'approved' && cr.state !== 'rejected') return refuse('ILLEGAL_TRANSITION');
  if (!isSecretariat(actor)) return refuse('CHANGE_REQUEST_WRONG_BODY');
  return { ok: true, request: { ...cr, state: 'published', publishedAt: now } };
}
