import { isKommunekode } from './municipalities';
import { coordinationForLevel, steeringForLevel, steeringGroupComposition } from './steering';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleCode } from './rule-error';

/**
 * Every governance rule a stored record breaks, given its state. The transitions never produce a record that
 * breaks one (except the board's level change, which the board may take before the new level's steering is in
 * place: the violations then show what is missing). Used for fixtures, imported records and the UI.
 */
export function recordRuleViolations(record: GovernanceRecord): GovernanceRuleCode[] {
  const out = new Set<GovernanceRuleCode>();
  if (record.municipalities.some((m) => !isKommunekode(m.code))) out.add('UNKNOWN_MUNICIPALITY');
  if (record.steeringGroup) {
    for (const p of steeringGroupComposition(record.steeringGroup, record)) out.add(p);
  }
  const running = record.state === 'approved' || record.state === 'product';
  if (running) {
    if (record.municipalities.length === 0) out.add('NO_PARTICIPATING_MUNICIPALITY');
    const steering = steeringForLevel(record);
    if (steering) out.add(steering);
  }
  if (record.state === 'product') {
    const coordination = coordinationForLevel(record);
    if (coordination) out.add(coordination);
  }
  if (record.admission?.boardConfirmation === 'pending' && record.level !== 'N1')
    out.add('ADMISSION_AWAITS_BOARD');
  return [...out];
}
