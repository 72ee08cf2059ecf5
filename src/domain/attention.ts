/**
 * Status follow-up markers of a product on the portfolio (issue 15, item 3), from its roll-up: pure, so the
 * portfolio page, its CSV, the Jira global page and the terminal table mark the same products the same way.
 *
 * `red` (the newest status report is red), `overrun` (its forecast exceeds its budget), `flagged` (the governance
 * mirror did not verify), `violations` (the record breaks a rule of the governance model), `overdue` (a running
 * project's status report is past its due date, or it has never reported), `stale` (the newest report is older
 * than its level's cadence, so its RAG is not current) and `due` (the next report falls due within
 * {@link DUE_SOON_DAYS} days). "Needs attention" is any of them but `due`, which is a reminder, not a problem.
 *
 * The roll-up carries the reporting duty as dates (`RollUp.reporting`); overdue, stale and due are computed here
 * against the caller's `today` (the Danish calendar day), so a roll-up does not change when only the clock does.
 */
import type { RollUp } from './rollup';
import { addDays, copenhagenDate } from './reporting';
import { t } from '../i18n/index';

export const ATTENTION_MARKERS = [
  'red',
  'overrun',
  'flagged',
  'violations',
  'overdue',
  'stale',
  'due',
] as const;
export type AttentionMarker = (typeof ATTENTION_MARKERS)[number];

/** A report due within this many days is marked `due` (two weeks: time to write it before it is overdue). */
export const DUE_SOON_DAYS = 14;

/** The markers' names, from the one catalogue (`attention.*`): every surface names them the same. */
export const ATTENTION_TEXT: Record<AttentionMarker, { da: string; en: string }> = Object.fromEntries(
  ATTENTION_MARKERS.map((m) => [m, { da: t('da', `attention.${m}`), en: t('en', `attention.${m}`) }]),
) as Record<AttentionMarker, { da: string; en: string }>;

export const NEEDS_ATTENTION_TEXT = {
  da: t('da', 'attention.needs'),
  en: t('en', 'attention.needs'),
} as const;

type Markable = Pick<RollUp, 'status' | 'integrity'> & Partial<Pick<RollUp, 'ruleViolations' | 'reporting'>>;

/** Today in Copenhagen, the calendar the reporting cadence counts in. */
export function todayInCopenhagen(): string {
  return copenhagenDate(new Date().toISOString());
}

export function attentionMarkers(r: Markable, today: string = todayInCopenhagen()): AttentionMarker[] {
  const out: AttentionMarker[] = [];
  if (r.status?.rag === 'red') out.push('red');
  if (r.status && r.status.forecastDkk > r.status.budgetDkk) out.push('overrun');
  if (r.integrity === 'tampered' || r.integrity === 'unsigned') out.push('flagged');
  if ((r.ruleViolations?.length ?? 0) > 0) out.push('violations');
  const rep = r.reporting;
  if (rep) {
    if (!rep.dueDate || rep.dueDate < today) out.push('overdue');
    if (rep.lastReport && addDays(rep.lastReport, rep.cadenceDays) < today) out.push('stale');
    if (rep.dueDate && rep.dueDate >= today && rep.dueDate <= addDays(today, DUE_SOON_DAYS)) out.push('due');
  }
  return out;
}

export function needsAttention(r: Markable, today: string = todayInCopenhagen()): boolean {
  return attentionMarkers(r, today).some((m) => m !== 'due');
}

/**
 * A marker in words with its date where it has one: "Statusrapport forsinket siden 2026-03-31", "Forældet
 * status (seneste 2025-12-31)", "Statusrapport forfalder 2026-12-10". `date` formats the ISO date (default: as is).
 */
export function attentionLabel(
  m: AttentionMarker,
  r: Markable,
  lang: 'da' | 'en',
  date: (iso: string) => string = (iso) => iso,
): string {
  const rep = r.reporting;
  if (m === 'overdue')
    return rep?.dueDate
      ? t(lang, 'attention.overdueSince', { date: date(rep.dueDate) })
      : t(lang, 'attention.overdueNever');
  if (m === 'stale' && rep?.lastReport)
    return t(lang, 'attention.staleSince', { date: date(rep.lastReport) });
  if (m === 'due' && rep?.dueDate) return t(lang, 'attention.dueBy', { date: date(rep.dueDate) });
  return ATTENTION_TEXT[m][lang];
}
