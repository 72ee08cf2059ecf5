import { z } from 'zod';
import { LevelSchema, type Level } from './level';
import type { ApprovalState } from './approval-state';
import type { GovernanceRecord, StatusReport } from './governance-record';

/**
 * Reporting duties by level (issue 14 finding 8). A running project reports progress and economy to the
 * business manager (seed 003 5.2), the steering group continuously to the board including the economy (4.1.4),
 * and "with N2 and N3 the requirements for reporting to the board increase" (5.1). The cadence is configurable
 * per level; the defaults ask N1 twice a year, N2 quarterly and N3 monthly.
 */
export const ReportingCadenceSchema = z.strictObject({
  N1: z.number().int().min(7).max(730),
  N2: z.number().int().min(7).max(730),
  N3: z.number().int().min(7).max(730),
});
export type ReportingCadence = z.infer<typeof ReportingCadenceSchema>;

/** Days between status reports, per level. */
export const DEFAULT_CADENCE: ReportingCadence = { N1: 182, N2: 91, N3: 30 };

/** Reports are due, and may be filed, only while a project runs: approved (in implementation) or a product. */
export function reportsAllowed(state: ApprovalState): boolean {
  return state === 'approved' || state === 'product';
}

export interface ReportingStatus {
  /** Whether the state asks for reports at all. */
  required: boolean;
  cadenceDays: number;
  /** Date of the newest report (by its date, not by filing order). */
  lastReport?: string;
  /** When the next report is due (ISO date); today when a running project has none. */
  dueDate?: string;
  overdue: boolean;
  /** The newest report is older than one cadence: its RAG is not current and is shown as stale. */
  stale: boolean;
  /** Spent or forecast of the newest report above the approved baseline (or, without one, the report's budget). */
  overrun: boolean;
  /** What overrun is measured against: the approved baseline, else the newest report's budget. */
  baselineDkk?: number;
  /** By how much (kr.) the forecast, or what is spent if more, exceeds the budget. */
  overrunDkk: number;
}

const DAY_MS = 86_400_000;
/** The ISO date `days` after `date` (calendar days; the due date of a report filed on `date`). */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The newest report by date (several on one day: the last filed). */
export function latestReport(reports: readonly StatusReport[]): StatusReport | undefined {
  let best: StatusReport | undefined;
  for (const r of reports) if (!best || r.date >= best.date) best = r;
  return best;
}

/**
 * The reporting status of a record on `today` (an ISO date, the Danish calendar day). Pure, so the project page,
 * the portfolio page and tests compute it alike.
 */
export function reportingStatus(
  record: Pick<GovernanceRecord, 'level' | 'state' | 'statusReports'> &
    Partial<Pick<GovernanceRecord, 'budget'>>,
  today: string,
  cadence: ReportingCadence = DEFAULT_CADENCE,
): ReportingStatus {
  const cadenceDays = cadence[LevelSchema.parse(record.level) as Level];
  const last = latestReport(record.statusReports);
  const required = reportsAllowed(record.state);
  // Against the approved baseline when there is one (finding 4), else the budget the report states.
  const b = record.budget;
  const baseline =
    b?.steeringApproval && (record.level === 'N1' || b.boardApproval) ? b.amountDkk : last?.budgetDkk;
  const overrunDkk =
    last && baseline !== undefined ? Math.max(0, Math.max(last.spentDkk, last.forecastDkk) - baseline) : 0;
  const stale = last !== undefined && addDays(last.date, cadenceDays) < today;
  if (!required)
    return {
      required,
      cadenceDays,
      ...(last ? { lastReport: last.date } : {}),
      overdue: false,
      stale,
      overrun: overrunDkk > 0,
      overrunDkk,
      ...(baseline !== undefined ? { baselineDkk: baseline } : {}),
    };
  const dueDate = last ? addDays(last.date, cadenceDays) : today;
  return {
    required,
    cadenceDays,
    ...(last ? { lastReport: last.date } : {}),
    dueDate,
    overdue: last === undefined || dueDate < today,
    stale,
    overrun: overrunDkk > 0,
    overrunDkk,
    ...(baseline !== undefined ? { baselineDkk: baseline } : {}),
  };
}

/** Today's date in Copenhagen, the calendar the cadence counts in. */
export function copenhagenDate(now: string): string {
  return new Date(now).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
}
