import { z } from 'zod';
import { reportsAllowed } from './reporting';
import { recordShows } from './requirements';
import { requirementsFor } from './catalogue';
import { versionOf } from './catalogue-versions';
import { RagSchema } from './governance-record';
import { DkkSchema } from './money';
import { budgetApproved } from './economy';
import { ruleError } from './rule-error';
import {
  catalogueOf,
  checkClock,
  isSecretariatOrProjectAdmin,
  parseInput,
  refuse,
  saved,
} from './transition-kit';
import { personOf, type Actor } from './actor';
import type { EditResult, TransitionOptions } from './transition-kit';
import type { GovernanceRecord, RequirementAnswer, StatusReport } from './governance-record';

/**
 * The project's own work between decisions: follow-or-explain answers and progress/economy reports
 * (domain.md "Product levels" and step 3 "Implementation"). Project admins and the secretariat do this; it is
 * saved with a new revision but is not a decision.
 */

export const AnswerRequirementInputSchema = z.strictObject({
  requirementId: z.string().min(1).max(64),
  status: z.enum(['met', 'explained', 'open']),
  explanation: z.string().max(4000).optional(),
  note: z.string().max(2000).optional(),
});
export type AnswerRequirementInput = z.input<typeof AnswerRequirementInputSchema>;

/** Follow or explain: met, explained (with text), or open again. Only requirements of the record's level. */
export function answerRequirement(
  record: GovernanceRecord,
  actor: Actor,
  input: AnswerRequirementInput,
  now: string,
  options?: TransitionOptions,
): EditResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(AnswerRequirementInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isSecretariatOrProjectAdmin(actor)) return refuse('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  const catalogue = catalogueOf(record, options);
  if (!catalogue) return refuse('UNKNOWN_CATALOGUE');
  const { requirementId, status, explanation, note } = parsed.value;
  const requirement = requirementsFor(catalogue, record.level).find((r) => r.id === requirementId);
  if (!requirement) return refuse('UNKNOWN_REQUIREMENT');
  // A checked requirement is met by the record, not by saying so (finding 1: "board majority: met").
  if (status === 'met' && requirement.check !== undefined && !recordShows(record, requirement.check))
    return refuse('REQUIREMENT_NOT_SHOWN_BY_RECORD');
  const by = personOf(actor);
  // The version answered under is kept with the answer and on the record (catalogue-versions.ts `catalogueFor`):
  // the page then says which version the answers were given against and what the board has added since.
  const catalogueVersion = versionOf(catalogue);
  let answer: RequirementAnswer;
  if (status === 'open') answer = { status: 'open' };
  else if (status === 'met')
    answer = { status: 'met', by, at: now, ...(note?.trim() ? { note } : {}), catalogueVersion };
  else {
    if (!explanation || explanation.trim().length === 0) return refuse('EXPLANATION_REQUIRED');
    answer = { status: 'explained', explanation: explanation.trim(), by, at: now, catalogueVersion };
  }
  return {
    ok: true,
    record: saved(
      record,
      { requirements: { ...record.requirements, [requirementId]: answer }, catalogueVersion },
      now,
    ),
  };
}

export const StatusReportInputSchema = z.strictObject({
  /** Defaults to the date of `now`. */
  // Not z.iso.date(): webpack 5.113 (what npm may give the Forge CLI) bundles it as z.date(); see docs/forge-app.md.
  date: z.string().date().optional(),
  progress: z.string().trim().min(1, 'Fremdriften skal beskrives').max(4000),
  rag: RagSchema,
  /**
   * The budget the report measures against. Once the baseline is approved (economy.ts) it is that baseline and may
   * be left out; a different amount is refused, so overrun is flagged against what was approved, not against a
   * number retyped per report (issue 14 finding 4).
   */
  budgetDkk: DkkSchema.optional(),
  spentDkk: DkkSchema,
  forecastDkk: DkkSchema,
});
export type StatusReportInput = z.input<typeof StatusReportInputSchema>;

/** Progress and economy to the secretariat; amounts are whole, non-negative kroner. */
export function fileStatusReport(
  record: GovernanceRecord,
  actor: Actor,
  input: StatusReportInput,
  now: string,
): EditResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(StatusReportInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isSecretariatOrProjectAdmin(actor)) return refuse('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  // Only a running project reports (finding 8: a report could be filed on an idea through the resolver).
  if (!reportsAllowed(record.state)) return refuse('REPORT_NOT_IN_THIS_STATE');
  const v = parsed.value;
  const baseline = budgetApproved(record) ? record.budget!.amountDkk : undefined;
  if (baseline !== undefined && v.budgetDkk !== undefined && v.budgetDkk !== baseline)
    return refuse('REPORT_BUDGET_IS_BASELINE');
  const budgetDkk = baseline ?? v.budgetDkk;
  if (budgetDkk === undefined) {
    return {
      ok: false,
      error: ruleError('INVALID_INPUT', [
        { path: ['budgetDkk'], message: 'Budgettet mangler (der er intet godkendt budget at måle imod)' },
      ]),
    };
  }
  const report: StatusReport = {
    date: v.date ?? now.slice(0, 10),
    progress: v.progress,
    rag: v.rag,
    budgetDkk,
    spentDkk: v.spentDkk,
    forecastDkk: v.forecastDkk,
    reportedBy: personOf(actor),
  };
  // The record keeps at most 500 reports (schema); the oldest give way.
  const reports = [...record.statusReports, report].slice(-500);
  return { ok: true, record: saved(record, { statusReports: reports }, now) };
}
