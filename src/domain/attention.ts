/**
 * Status follow-up markers of a product on the portfolio (issue 15, item 3), from its roll-up: pure, so the
 * portfolio page, its CSV, the Jira global page and the terminal table mark the same products the same way.
 *
 * `red` (the newest status report is red), `overrun` (its forecast exceeds its budget), `flagged` (the governance
 * mirror did not verify) and `violations` (the record breaks a rule of the governance model). "Needs attention"
 * is any of them. Due, overdue and stale reports come from the reporting duties (issue 14) once the roll-up
 * carries them.
 */
import type { RollUp } from './rollup';
import { t } from '../i18n/index';

export const ATTENTION_MARKERS = ['red', 'overrun', 'flagged', 'violations'] as const;
export type AttentionMarker = (typeof ATTENTION_MARKERS)[number];

/** The markers' names, from the one catalogue (`attention.*`): every surface names them the same. */
export const ATTENTION_TEXT: Record<AttentionMarker, { da: string; en: string }> = Object.fromEntries(
  ATTENTION_MARKERS.map((m) => [m, { da: t('da', `attention.${m}`), en: t('en', `attention.${m}`) }]),
) as Record<AttentionMarker, { da: string; en: string }>;

export const NEEDS_ATTENTION_TEXT = {
  da: t('da', 'attention.needs'),
  en: t('en', 'attention.needs'),
} as const;

type Markable = Pick<RollUp, 'status' | 'integrity'> & Partial<Pick<RollUp, 'ruleViolations'>>;

export function attentionMarkers(r: Markable): AttentionMarker[] {
  const out: AttentionMarker[] = [];
  if (r.status?.rag === 'red') out.push('red');
  if (r.status && r.status.forecastDkk > r.status.budgetDkk) out.push('overrun');
  if (r.integrity === 'tampered' || r.integrity === 'unsigned') out.push('flagged');
  if ((r.ruleViolations?.length ?? 0) > 0) out.push('violations');
  return out;
}

export function needsAttention(r: Markable): boolean {
  return attentionMarkers(r).length > 0;
}
