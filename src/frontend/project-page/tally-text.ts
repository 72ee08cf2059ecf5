import type { Decision } from '../../domain/decision';
import type { MessageKey, Vars } from '../../i18n/index';

/**
 * A group decision's vote for the decision log (seed 003 4.1.4): the counts, and on a tie the chair whose casting
 * vote decided it, so the log says why a tied vote still carried. Empty for a consensus (no tally).
 */
export function tallyText(t: (key: MessageKey, vars?: Vars) => string, d: Pick<Decision, 'tally'>): string {
  if (!d.tally) return '';
  const counts = t('project.decision.tally', { for: d.tally.for, against: d.tally.against });
  const casting = d.tally.castingVoteBy
    ? `; ${t('project.decision.castingVote', { name: d.tally.castingVoteBy.displayName })}`
    : '';
  return ` (${counts}${casting})`;
}
