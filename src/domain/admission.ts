import { z } from 'zod';
import { LevelSchema } from './level';
import { ApprovalStateSchema } from './approval-state';
import { DecisionBodySchema, DecisionKindSchema } from './decision';
import { JiraProjectRefSchema, type Admission, type GovernanceRecord } from './governance-record';
import { KommunekodeSchema } from './municipality';
import { municipalityByCode } from './municipalities';
import { PersonSchema } from './person';
import { SteeringGroupInputSchema } from './approval';
import { CoordinationGroupInputSchema } from './organisation';
import { steeringGroupComposition } from './steering';
import { findCatalogue, CATALOGUES, DEFAULT_CATALOGUE_ID } from './catalogue-registry';
import { BasisSchema, checkClock, decisionOf, isSecretariat, parseInput, refuse } from './transition-kit';
import { invalidInput } from './rule-error';
import { personOf, type Actor } from './actor';
import type { Decision } from './decision';
import type { Municipality } from './municipality';
import type { Refusal, TransitionOptions } from './transition-kit';

/**
 * Admission of a product that existed before the app knew it (seed 003 5.2): one already running in OS2, or one
 * a municipality, authority or community built elsewhere and hands over "on the same terms". The secretariat
 * admits it at the level and state it has, with its earlier decisions brought in as history (dated as given,
 * marked imported), instead of walking every transition with today's date and invented decisions.
 *
 * What the secretariat cannot decide alone stays open: an N2/N3 project that is already approved or a product
 * has been approved by the board (5.4, 5.5 "Bestyrelsen godkender projekt"), so its admission waits for the
 * board's confirmation (`confirmAdmission` in approval.ts), and until then the record shows
 * ADMISSION_AWAITS_BOARD. Rules the level sets for a running project are not refused at admission (the product
 * is taken in as it stands); they show as violations and are checked when the board confirms.
 */

/** The states a product can be admitted in: not closed (there is nothing to admit). */
export const AdmittedStateSchema = ApprovalStateSchema.exclude(['retired', 'rejected']);

/** One earlier decision as the secretariat states it; the decider need not be a Jira user. */
export const ImportedDecisionInputSchema = z.strictObject({
  kind: DecisionKindSchema.exclude(['admit', 'confirm_admission']),
  body: DecisionBodySchema,
  /** A date (a Danish calendar day) or an exact ISO time in UTC. */
  // Not z.iso.date(): webpack 5.113 (what npm may give the Forge CLI) bundles it as z.date(); see docs/forge-app.md.
  decidedAt: z.union([z.iso.datetime(), z.string().date()]),
  decidedBy: z.strictObject({ displayName: z.string().trim().min(1, 'Navnet mangler').max(255) }),
  summary: z.string().trim().min(1, 'Beslutningen skal have et resumé').max(2000),
  basis: z.string().max(4000).default(''),
  fromState: ApprovalStateSchema.optional(),
  toState: ApprovalStateSchema.optional(),
  fromLevel: LevelSchema.optional(),
  toLevel: LevelSchema.optional(),
});
export type ImportedDecisionInput = z.input<typeof ImportedDecisionInputSchema>;

export const AdmitInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'Produktet skal have et navn').max(255),
  project: JiraProjectRefSchema,
  level: LevelSchema,
  state: AdmittedStateSchema,
  origin: z.enum(['os2', 'external']),
  developedBy: z.string().trim().max(255).optional(),
  basis: BasisSchema,
  municipalities: z.array(KommunekodeSchema).max(98).default([]),
  steeringGroup: SteeringGroupInputSchema.optional(),
  projectOwner: PersonSchema.optional(),
  projectLeader: PersonSchema.optional(),
  coordinationGroup: CoordinationGroupInputSchema.optional(),
  catalogue: z.string().min(1).max(64).optional(),
  history: z.array(ImportedDecisionInputSchema).max(200).default([]),
});
export type AdmitInput = z.input<typeof AdmitInputSchema>;

/** The new record (revision 1) and its decisions: the imported history, oldest first, then the admission. */
export type AdmissionResult = { ok: true; record: GovernanceRecord; decisions: Decision[] } | Refusal;

/** The accountId stored for an imported decision's decider, who is named but need not be a Jira user. */
export const IMPORTED_DECIDER = 'imported';

/**
 * A date alone is a Danish calendar day: stored at 12:00 UTC, which is that same day in Copenhagen in winter and
 * summer alike, so the log shows and sorts it on the day given.
 */
export function importedInstant(decidedAt: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(decidedAt) ? `${decidedAt}T12:00:00.000Z` : decidedAt;
}

/** Whether admitting at this level and state needs the board to confirm: N2/N3 beyond the board's review. */
export function admissionNeedsBoard(level: GovernanceRecord['level'], state: string): boolean {
  return level !== 'N1' && (state === 'approved' || state === 'product');
}

const STATE_DA: Record<z.infer<typeof AdmittedStateSchema>, string> = {
  idea: 'idé',
  concept: 'koncept',
  board_review: 'koncept til bestyrelsesbehandling',
  approved: 'godkendt projekt',
  product: 'produkt',
};

/**
 * The secretariat admits an existing product. `id` is the admission decision's id; imported decisions get
 * `<id>-h<n>` (n their place in the input), so the result depends on nothing but the arguments.
 */
export function admitExisting(
  actor: Actor,
  input: AdmitInput,
  now: string,
  id: string,
  options?: TransitionOptions,
): AdmissionResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(AdmitInputSchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (!isSecretariat(actor)) return refuse('ONLY_SECRETARIAT_ADMITS');
  // Ids of imported decisions must fit the decision id's 64 characters.
  if (id.length > 58) return { ok: false, error: invalidInput([{ path: ['id'], message: 'For langt id' }]) };

  const catalogueId = v.catalogue ?? DEFAULT_CATALOGUE_ID;
  const catalogue = findCatalogue(catalogueId, options?.catalogues ?? CATALOGUES);
  if (!catalogue) return refuse('UNKNOWN_CATALOGUE');

  const municipalities: Municipality[] = [];
  for (const code of new Set(v.municipalities)) {
    const m = municipalityByCode(code);
    if (!m) return refuse('UNKNOWN_MUNICIPALITY');
    municipalities.push(m);
  }

  const steeringGroup = v.steeringGroup
    ? {
        members: v.steeringGroup.members,
        ...(v.steeringGroup.chair !== undefined ? { chair: v.steeringGroup.chair } : {}),
        // Approval or appointment is the board's: it is given when the board confirms, never by the import.
        appointedByBoard: false,
      }
    : undefined;
  const leader = v.projectLeader;
  if (steeringGroup) {
    const problem = steeringGroupComposition(steeringGroup, {
      municipalities,
      ...(leader ? { projectLeader: leader } : {}),
    })[0];
    if (problem) return refuse(problem);
  }
  const cg = v.coordinationGroup;
  if (cg?.chair !== undefined && !cg.members.some((m) => m.person.accountId === cg.chair))
    return refuse('CHAIR_NOT_A_MEMBER');

  const nowMs = Date.parse(now);
  const history = v.history.map((h, n) => ({ h, n, at: importedInstant(h.decidedAt) }));
  const future = history.find((x) => Date.parse(x.at) > nowMs);
  if (future) return refuse('IMPORTED_DECISION_IN_FUTURE');

  const admittedBy = personOf(actor);
  const admission: Admission = {
    origin: v.origin,
    ...(v.developedBy ? { developedBy: v.developedBy } : {}),
    admittedBy,
    admittedAt: now,
    boardConfirmation: admissionNeedsBoard(v.level, v.state) ? 'pending' : 'not_required',
  };
  const record: GovernanceRecord = {
    name: v.name,
    project: v.project,
    level: v.level,
    state: v.state,
    catalogue: catalogueId,
    // An idea's level stays provisional; in any later state the secretariat has placed it by admitting it.
    ...(v.state !== 'idea' ? { placedOnLevelAt: now } : {}),
    admission,
    ...(steeringGroup ? { steeringGroup } : {}),
    ...(v.projectOwner ? { projectOwner: v.projectOwner } : {}),
    ...(leader ? { projectLeader: leader } : {}),
    ...(cg
      ? {
          coordinationGroup: {
            members: cg.members,
            ...(cg.chair !== undefined ? { chair: cg.chair } : {}),
            supplierRun: cg.supplierRun,
          },
        }
      : {}),
    municipalities,
    requirements: {},
    statusReports: [],
    revision: 1,
    updatedAt: now,
  };

  const imported: Decision[] = history
    .sort((a, b) => a.at.localeCompare(b.at) || a.n - b.n)
    .map(({ h, n, at }) => ({
      id: `${id}-h${n}`,
      kind: h.kind,
      body: h.body,
      decidedBy: { accountId: IMPORTED_DECIDER, displayName: h.decidedBy.displayName },
      decidedAt: at,
      summary: h.summary,
      basis: h.basis,
      ...(h.fromState ? { fromState: h.fromState } : {}),
      ...(h.toState ? { toState: h.toState } : {}),
      ...(h.fromLevel ? { fromLevel: h.fromLevel } : {}),
      ...(h.toLevel ? { toLevel: h.toLevel } : {}),
      openRequirements: [],
      imported: { by: admittedBy, at: now },
    }));

  const origin =
    v.origin === 'external'
      ? `udviklet uden for OS2${v.developedBy ? ` af ${v.developedBy}` : ''}`
      : 'allerede i drift i OS2';
  const awaits = admission.boardConfirmation === 'pending' ? '; afventer bestyrelsens bekræftelse' : '';
  const decision = decisionOf(
    record,
    actor,
    {
      kind: 'admit',
      body: 'secretariat',
      summary: `Optaget som ${v.level}-${STATE_DA[v.state]} (${origin})${awaits}`,
      basis: v.basis,
      toState: v.state,
      toLevel: v.level,
    },
    now,
    id,
    catalogue,
  );
  return { ok: true, record, decisions: [...imported, decision] };
}
