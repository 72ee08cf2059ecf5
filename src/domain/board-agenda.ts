import { z } from 'zod';
import { LevelSchema, levelRank, type Level } from './level';
import { PersonSchema } from './person';
import { MeetingRefSchema, type MeetingRef } from './decision';
import { approveGuard, awaitsBoard, confirmAdmissionGuard } from './approval';
import * as approval from './approval';
import { approveBudget, approveBudgetGuard, effectiveFrameDkk } from './economy';
import { decideLarge, type ChangeRequest, type ChangeRequestResult } from './change-request';
import { requirementsFor } from './catalogue';
import { findCatalogue, CATALOGUES, type CatalogueRegistry } from './catalogue-registry';
import { requirementStatus } from './requirements';
import { isClosed, type ApprovalState } from './approval-state';
import { DEFAULT_CADENCE, latestReport, reportingStatus, type ReportingCadence } from './reporting';
import { municipalityByCode } from './municipalities';
import { refuse } from './transition-kit';
import type { Actor } from './actor';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleCode } from './rule-error';
import type { TransitionResult } from './transition-kit';

/**
 * The board meeting (issue 15 item 4): everything awaiting the board, computed from the app's own records (Forge
 * storage is the source of truth), and the decisions of one meeting recorded in one go, each through the
 * domain's own transition at the product's revision, each carrying the meeting's reference (date, minutes).
 * Pure: the Forge app feeds it (src/app/meeting.ts), the bench and the tests call it directly.
 */

// ---------------------------------------------------------------------------------------------- meeting plan

/** A level change the secretariat (or the coordination group through it) proposes to the board (step 5). */
export const LevelProposalSchema = z.strictObject({
  projectId: z.string().regex(/^\d+$/),
  toLevel: LevelSchema,
  reason: z.string().trim().min(1, 'Forslaget skal have en begrundelse').max(4000),
  proposedBy: PersonSchema,
  proposedAt: z.iso.datetime(),
});
export type LevelProposal = z.infer<typeof LevelProposalSchema>;

/**
 * The next board meeting as the secretariat prepares it: its date (the board is reminded before it) and the
 * level changes put on its agenda. One per site, stored by the app (`meeting:next`).
 */
export const MeetingPlanSchema = z.strictObject({
  date: z.string().date('Mødets dato skal være en dato (åååå-mm-dd)').optional(),
  levelProposals: z.array(LevelProposalSchema).max(200).default([]),
});
export type MeetingPlan = z.infer<typeof MeetingPlanSchema>;

// ---------------------------------------------------------------------------------------------------- agenda

export interface AgendaProduct {
  projectId: string;
  key: string;
  name: string;
  level: Level;
  state: ApprovalState;
  /** The revision the agenda was computed from: decisions are recorded at it, so a later change is not overrun. */
  revision: number;
}

export interface AgendaRequirement {
  id: string;
  da: string;
  en: string;
}

export interface AgendaSteeringGroup {
  chair?: string;
  members: { name: string; municipality: string; boardMember: boolean }[];
  approvedByBoard: boolean;
}

export interface AgendaBudget {
  amountDkk: number;
  funding: 'local' | 'os2';
  steeringApproved: boolean;
  boardApproved: boolean;
}

interface ItemBase {
  /** Stable within one agenda: the UI keys its choices by it. */
  id: string;
  product: AgendaProduct;
}

/** An N2/N3 concept under board review, with what the board decides on. */
export interface ConceptItem extends ItemBase {
  kind: 'concept';
  recommendation?: { by: string; at: string; basis: string };
  steeringGroup?: AgendaSteeringGroup;
  budget?: AgendaBudget;
  openRequirements: AgendaRequirement[];
  /** The rule that would refuse approval now (the steering group approved in the same decision); none: approvable. */
  approvalBlockedBy?: GovernanceRuleCode;
}

/** A product the secretariat admitted as approved N2/N3 that awaits the board's confirmation. */
export interface AdmissionItem extends ItemBase {
  kind: 'admission';
  steeringGroup?: AgendaSteeringGroup;
  openRequirements: AgendaRequirement[];
  confirmationBlockedBy?: GovernanceRuleCode;
}

/** A budget baseline the steering group approved that now needs the board's approval (N2/N3). */
export interface BudgetItem extends ItemBase {
  kind: 'budget';
  budget: AgendaBudget;
}

export interface LevelChangeItem extends ItemBase {
  kind: 'level_change';
  toLevel: Level;
  reason: string;
  proposedBy: string;
  proposedAt: string;
}

/** A recommended change request whose estimate is beyond the product's economic frame (or that has none). */
export interface ChangeRequestItem extends ItemBase {
  kind: 'change_request';
  issueId: string;
  issueKey?: string;
  title: string;
  estimate: { hours: number; dkk: number; supplier: string };
  recommendation?: string;
  /** The coordination group's recommendation to the board (change-request.ts `referToBoard`), when given. */
  referral?: { text: string; financing: 'product' | 'outside_product' };
  /** The rule that would refuse the board's decision now (a product with a coordination group must refer it first). */
  decisionBlockedBy?: GovernanceRuleCode;
  /** The frame it is beyond; undefined when the product has no development frame. */
  frameDkk?: number;
  /** The request's own revision (change requests are saved at theirs, not the product's). */
  requestRevision: number;
}

export type AttentionReason = 'overdue' | 'red' | 'overrun';

/** A running product that is overdue with its status report, reported red, or over budget: for the board's attention. */
export interface AttentionItem extends ItemBase {
  kind: 'attention';
  reasons: AttentionReason[];
  dueDate?: string;
  lastReport?: string;
  overrunDkk: number;
  progress?: string;
}

export type AgendaItem =
  ConceptItem | AdmissionItem | BudgetItem | LevelChangeItem | ChangeRequestItem | AttentionItem;
export type AgendaKind = AgendaItem['kind'];

/** The agenda's sections in the order the board takes them. */
export const AGENDA_KINDS: readonly AgendaKind[] = [
  'concept',
  'admission',
  'budget',
  'level_change',
  'change_request',
  'attention',
];

export interface BoardAgenda {
  meetingDate?: string;
  today: string;
  items: AgendaItem[];
}

export interface AgendaInput {
  records: readonly GovernanceRecord[];
  changeRequests: readonly { issueId: string; request: ChangeRequest }[];
  plan?: MeetingPlan;
  /** The Danish calendar day (copenhagenDate) overdue is counted on. */
  today: string;
  cadence?: ReportingCadence;
  catalogues?: CatalogueRegistry;
}

/** The board as a body, for asking the guards what would refuse the board's decision today. */
const THE_BOARD: Actor = {
  accountId: 'board',
  displayName: 'Bestyrelsen',
  roles: ['board'],
  municipalities: [],
};

/**
 * The product's development frame for change requests (economy.ts `effectiveFrameDkk`: set, and on N2/N3 approved
 * by the board). A request estimated beyond it, or on a product without one, is the board's to decide.
 */
export function economicFrame(record: GovernanceRecord): number | undefined {
  return effectiveFrameDkk(record);
}

function productOf(r: GovernanceRecord): AgendaProduct {
  return {
    projectId: r.project.id,
    key: r.project.key,
    name: r.name,
    level: r.level,
    state: r.state,
    revision: r.revision,
  };
}

function steeringOf(r: GovernanceRecord): AgendaSteeringGroup | undefined {
  const g = r.steeringGroup;
  if (!g) return undefined;
  const chair = g.members.find((m) => m.person.accountId === g.chair)?.person.displayName;
  return {
    ...(chair ? { chair } : {}),
    members: g.members.map((m) => ({
      name: m.person.displayName,
      municipality: municipalityByCode(m.municipality)?.name ?? m.municipality,
      boardMember: m.boardMember,
    })),
    approvedByBoard: g.approvedByBoardAt !== undefined,
  };
}

function budgetOf(r: GovernanceRecord): AgendaBudget | undefined {
  const b = r.budget;
  return b
    ? {
        amountDkk: b.amountDkk,
        funding: b.funding,
        steeringApproved: b.steeringApproval !== undefined,
        boardApproved: b.boardApproval !== undefined,
      }
    : undefined;
}

function openRequirementsOf(r: GovernanceRecord, registry: CatalogueRegistry): AgendaRequirement[] {
  const catalogue = findCatalogue(r.catalogue, registry);
  if (!catalogue) return [];
  return requirementsFor(catalogue, r.level)
    .filter((q) => requirementStatus(r, q) === 'open')
    .map((q) => ({ id: q.id, da: q.da, en: q.en }));
}

const byProduct = (a: ItemBase, b: ItemBase) =>
  levelRank(b.product.level) - levelRank(a.product.level) ||
  a.product.name.localeCompare(b.product.name, 'da');

/** Everything awaiting the board, section by section (AGENDA_KINDS), N3 before N2 before N1, then by name. */
export function boardAgenda(input: AgendaInput): BoardAgenda {
  const registry = input.catalogues ?? CATALOGUES;
  const cadence = input.cadence ?? DEFAULT_CADENCE;
  const byId = new Map(input.records.map((r) => [r.project.id, r]));
  const byKey = new Map(input.records.map((r) => [r.project.key, r]));
  const items: AgendaItem[] = [];

  for (const r of input.records) {
    const product = productOf(r);
    if (r.state === 'board_review') {
      const rec = r.recommendation;
      const blocked = approveGuard(r, THE_BOARD);
      items.push({
        kind: 'concept',
        id: `concept:${product.projectId}`,
        product,
        ...(rec ? { recommendation: { by: rec.by.displayName, at: rec.at, basis: rec.basis } } : {}),
        ...(r.steeringGroup ? { steeringGroup: steeringOf(r)! } : {}),
        ...(r.budget ? { budget: budgetOf(r)! } : {}),
        openRequirements: openRequirementsOf(r, registry),
        ...(blocked ? { approvalBlockedBy: blocked } : {}),
      });
    }
    if (awaitsBoard(r) && !isClosed(r.state)) {
      const blocked = confirmAdmissionGuard(r, THE_BOARD);
      items.push({
        kind: 'admission',
        id: `admission:${product.projectId}`,
        product,
        ...(r.steeringGroup ? { steeringGroup: steeringOf(r)! } : {}),
        openRequirements: openRequirementsOf(r, registry),
        ...(blocked ? { confirmationBlockedBy: blocked } : {}),
      });
    }
    // The board's step of the baseline: the steering group has approved, the board has not (N2/N3 only).
    if (r.budget?.steeringApproval && r.level !== 'N1' && approveBudgetGuard(r, THE_BOARD) === undefined) {
      items.push({ kind: 'budget', id: `budget:${product.projectId}`, product, budget: budgetOf(r)! });
    }
    if (r.state === 'approved' || r.state === 'product') {
      const status = reportingStatus(r, input.today, cadence);
      const last = latestReport(r.statusReports);
      const reasons: AttentionReason[] = [
        ...(status.overdue ? (['overdue'] as const) : []),
        ...(last?.rag === 'red' ? (['red'] as const) : []),
        ...(status.overrun ? (['overrun'] as const) : []),
      ];
      if (reasons.length > 0)
        items.push({
          kind: 'attention',
          id: `attention:${product.projectId}`,
          product,
          reasons,
          ...(status.dueDate ? { dueDate: status.dueDate } : {}),
          ...(last ? { lastReport: last.date, progress: last.progress } : {}),
          overrunDkk: status.overrunDkk,
        });
    }
  }

  for (const p of input.plan?.levelProposals ?? []) {
    const r = byId.get(p.projectId);
    // A proposal for a record that closed, or that already has the level, has nothing left to decide.
    if (!r || isClosed(r.state) || r.level === p.toLevel) continue;
    items.push({
      kind: 'level_change',
      id: `level_change:${p.projectId}`,
      product: productOf(r),
      toLevel: p.toLevel,
      reason: p.reason,
      proposedBy: p.proposedBy.displayName,
      proposedAt: p.proposedAt,
    });
  }

  for (const { issueId, request: cr } of input.changeRequests) {
    if (cr.state !== 'recommended' || !cr.estimate) continue;
    const r = byKey.get(cr.issueKey?.replace(/-\d+$/, '') ?? '');
    if (!r || isClosed(r.state)) continue;
    const frame = economicFrame(r);
    if (frame !== undefined && cr.estimate.dkk <= frame) continue;
    items.push({
      kind: 'change_request',
      id: `change_request:${issueId}`,
      product: productOf(r),
      issueId,
      ...(cr.issueKey ? { issueKey: cr.issueKey } : {}),
      title: cr.title,
      estimate: { hours: cr.estimate.hours, dkk: cr.estimate.dkk, supplier: cr.estimate.supplier },
      ...(cr.recommendation ? { recommendation: cr.recommendation.text } : {}),
      ...(cr.referral ? { referral: { text: cr.referral.text, financing: cr.referral.financing } } : {}),
      ...(r.coordinationGroup?.members.length && !cr.referral
        ? { decisionBlockedBy: 'NEEDS_COORDINATION_GROUP_REFERRAL' as const }
        : {}),
      ...(frame !== undefined ? { frameDkk: frame } : {}),
      requestRevision: cr.revision,
    });
  }

  const rank = (k: AgendaKind) => AGENDA_KINDS.indexOf(k);
  items.sort((a, b) => rank(a.kind) - rank(b.kind) || byProduct(a, b) || a.id.localeCompare(b.id));
  return { ...(input.plan?.date ? { meetingDate: input.plan.date } : {}), today: input.today, items };
}

// ------------------------------------------------------------------------------------------ meeting decisions

const ProjectTarget = {
  projectId: z.string().regex(/^\d+$/, 'Projektets id er et tal'),
  expectedRevision: z.number().int().nonnegative(),
};
const Basis = z.string().max(4000).default('');
const Reason = z.string().max(4000).optional();

/** One decision of the meeting, as the global page sends it: the board's step on one agenda item. */
export const MeetingDecisionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), ...ProjectTarget, basis: Basis }),
  z.strictObject({ action: z.literal('sendBack'), ...ProjectTarget, reason: Reason }),
  z.strictObject({ action: z.literal('reject'), ...ProjectTarget, reason: Reason }),
  z.strictObject({ action: z.literal('confirmAdmission'), ...ProjectTarget, basis: Basis }),
  z.strictObject({ action: z.literal('approveBudget'), ...ProjectTarget, basis: Basis }),
  z.strictObject({ action: z.literal('changeLevel'), ...ProjectTarget, level: LevelSchema, reason: Reason }),
  z.strictObject({ action: z.literal('retire'), ...ProjectTarget, reason: Reason }),
  z.strictObject({
    action: z.literal('decideChangeRequest'),
    issueId: z.string().regex(/^\d+$/, 'Sagens id er et tal'),
    expectedRevision: z.number().int().nonnegative(),
    approve: z.boolean(),
    reason: Reason,
  }),
]);
export type MeetingDecision = z.infer<typeof MeetingDecisionSchema>;
export type ProductMeetingDecision = Exclude<MeetingDecision, { action: 'decideChangeRequest' }>;

/** A meeting: one reference, at most one decision per agenda line the board took (200 is far beyond a meeting). */
export const RecordMeetingInputSchema = z.strictObject({
  meeting: MeetingRefSchema,
  decisions: z.array(MeetingDecisionSchema).min(1, 'Vælg mindst én beslutning').max(200),
});
export type RecordMeetingInput = z.infer<typeof RecordMeetingInputSchema>;

/**
 * Who may record the board's decisions: a board member, or the secretariat, which keeps the board's minutes and
 * records what the board decided (the minutes link is the evidence, on every decision). Either acts as the board;
 * nobody else does. The domain's rules for each step are then applied unchanged.
 */
export function boardAtMeeting(actor: Actor): Actor | undefined {
  if (!actor.roles.includes('board') && !actor.roles.includes('secretariat')) return undefined;
  return actor.roles.includes('board') ? actor : { ...actor, roles: [...actor.roles, 'board'] };
}

const withMeeting = (r: TransitionResult, meeting: MeetingRef): TransitionResult =>
  r.ok ? { ...r, decision: { ...r.decision, meeting } } : r;

/**
 * One product decision of the meeting, through the domain's transition for it, stamped with the meeting. The
 * revision check is the caller's (it holds the stored record); the rules are the transition's own.
 */
export function applyMeetingDecision(
  record: GovernanceRecord,
  actor: Actor,
  d: ProductMeetingDecision,
  meeting: MeetingRef,
  now: string,
  id: string,
): TransitionResult {
  const board = boardAtMeeting(actor);
  if (!board) return refuse('ONLY_BOARD_APPROVES');
  const result = (() => {
    switch (d.action) {
      case 'approve':
        return approval.approve(record, board, { basis: d.basis, approveSteeringGroup: true }, now, id);
      case 'sendBack':
        return approval.sendBack(record, board, { reason: d.reason }, now, id);
      case 'reject':
        return approval.reject(record, board, { reason: d.reason }, now, id);
      case 'confirmAdmission':
        return approval.confirmAdmission(
          record,
          board,
          { basis: d.basis, approveSteeringGroup: true },
          now,
          id,
        );
      case 'approveBudget':
        return approveBudget(record, board, { basis: d.basis }, now, id);
      case 'changeLevel':
        return approval.changeLevel(record, board, { level: d.level, reason: d.reason }, now, id);
      case 'retire':
        return approval.retire(record, board, { reason: d.reason }, now, id);
    }
  })();
  return withMeeting(result, meeting);
}

/**
 * The board's decision on a change request beyond the product's frame (decideLarge's rule: that is the board's),
 * financed as the coordination group's referral says, or outside the product's economy when there is none; stamped
 * with the meeting.
 */
export function applyMeetingChangeRequest(
  cr: ChangeRequest,
  actor: Actor,
  d: Extract<MeetingDecision, { action: 'decideChangeRequest' }>,
  meeting: MeetingRef,
  now: string,
  id: string,
  product?: GovernanceRecord,
): ChangeRequestResult {
  const board = boardAtMeeting(actor);
  if (!board) return refuse('ONLY_BOARD_APPROVES');
  const result = decideLarge(
    cr,
    board,
    {
      approve: d.approve,
      body: 'board',
      financing: cr.referral?.financing ?? 'outside_product',
      ...(d.reason !== undefined ? { reason: d.reason } : {}),
    },
    now,
    id,
    product,
  );
  return result.ok && result.decision ? { ...result, decision: { ...result.decision, meeting } } : result;
}
