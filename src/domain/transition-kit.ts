import { z } from 'zod';
import { findCatalogue, CATALOGUES } from './catalogue-registry';
import { openRequirements } from './requirements';
import { invalidInput, ruleError } from './rule-error';
import { hasRole, personOf, type Actor } from './actor';
import type { Catalogue } from './catalogue';
import type { CatalogueRegistry } from './catalogue-registry';
import type { Decision, DecisionBody, DecisionKind } from './decision';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleCode, GovernanceRuleError } from './rule-error';
import type { ApprovalState } from './approval-state';
import type { Level } from './level';

/** What a transition returns: the new record and the decision to append to the log, or a typed refusal. */
export type TransitionResult =
  { ok: true; record: GovernanceRecord; decision: Decision } | { ok: false; error: GovernanceRuleError };

/** What an edit of project work returns (answers, reports, organisation): no decision is recorded. */
export type EditResult = { ok: true; record: GovernanceRecord } | { ok: false; error: GovernanceRuleError };

export interface TransitionOptions {
  /** Where the record's catalogue is looked up; defaults to `CATALOGUES`. */
  catalogues?: CatalogueRegistry;
}

export type Refusal = { ok: false; error: GovernanceRuleError };

export function refuse(code: GovernanceRuleCode): Refusal {
  return { ok: false, error: ruleError(code) };
}

export const BasisSchema = z.string().max(4000, 'Begrundelsen må højst være 4000 tegn').default('');
/** A reason that may be missing: a missing or blank one is refused with REASON_REQUIRED, not a zod error. */
export const ReasonSchema = z.string().max(4000, 'Begrundelsen må højst være 4000 tegn').optional();

const NowSchema = z.iso.datetime({ error: 'Tidspunktet skal være et ISO-tidspunkt i UTC' });
const DecisionIdSchema = z.string().min(1, 'Beslutningen skal have et id').max(64);

/** Parses a transition's input; a zod failure becomes INVALID_INPUT with each issue's field path. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | Refusal {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error.issues) };
  return { ok: true, value: parsed.data };
}

export function checkClock(now: string, id?: string): Refusal | undefined {
  const issues = [
    ...(NowSchema.safeParse(now).success ? [] : [{ path: ['now'], message: 'Ugyldigt tidspunkt' }]),
    ...(id === undefined || DecisionIdSchema.safeParse(id).success
      ? []
      : [{ path: ['id'], message: 'Ugyldigt beslutnings-id' }]),
  ];
  return issues.length > 0 ? { ok: false, error: invalidInput(issues) } : undefined;
}

export function hasReason(reason: string | undefined): reason is string {
  return reason !== undefined && reason.trim().length > 0;
}

export const isSecretariat = (a: Actor) => hasRole(a, 'secretariat');
export const isBoard = (a: Actor) => hasRole(a, 'board');
export const isSecretariatOrProjectAdmin = (a: Actor) =>
  hasRole(a, 'secretariat') || hasRole(a, 'project_admin');

export function catalogueOf(record: GovernanceRecord, options?: TransitionOptions): Catalogue | undefined {
  return findCatalogue(record.catalogue, options?.catalogues ?? CATALOGUES);
}

/** The record after a save: one revision later, stamped with the time (design.md "Where data lives"). */
export function saved(
  record: GovernanceRecord,
  changes: Partial<GovernanceRecord>,
  now: string,
): GovernanceRecord {
  return { ...record, ...changes, revision: record.revision + 1, updatedAt: now };
}

export interface DecisionFields {
  kind: DecisionKind;
  body: DecisionBody;
  summary: string;
  basis: string;
  fromState?: ApprovalState;
  toState?: ApprovalState;
  fromLevel?: Level;
  toLevel?: Level;
  /** A group's vote, when it voted (group-decision.ts). */
  tally?: Decision['tally'];
}

/**
 * A decision entry: who (the actor), which body, when, what and on what basis, with the requirements that were
 * still open for the record's level at the time (domain.md: "Each decision ... is part of the record").
 */
export function decisionOf(
  after: GovernanceRecord | undefined,
  actor: Actor,
  fields: DecisionFields,
  now: string,
  id: string,
  catalogue: Catalogue | undefined,
): Decision {
  const d: Decision = {
    id,
    kind: fields.kind,
    body: fields.body,
    decidedBy: personOf(actor),
    decidedAt: now,
    summary: fields.summary,
    basis: fields.basis,
    openRequirements: after && catalogue ? openRequirements(after, catalogue) : [],
  };
  if (fields.fromState !== undefined) d.fromState = fields.fromState;
  if (fields.toState !== undefined) d.toState = fields.toState;
  if (fields.fromLevel !== undefined) d.fromLevel = fields.fromLevel;
  if (fields.toLevel !== undefined) d.toLevel = fields.toLevel;
  if (fields.tally !== undefined) d.tally = fields.tally;
  return d;
}
