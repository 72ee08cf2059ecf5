// Finding 7: existing products could not be admitted; `register` always made an N1 idea, so a product built
// elsewhere or already running in OS2 had to walk every transition with today's date and invented decisions.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { admitExisting, importedInstant, type AdmitInput } from '../../src/domain/admission.js';
import { becomeProduct, confirmAdmission } from '../../src/domain/approval.js';
import { nextSteps } from '../../src/domain/next-steps.js';
import { recordRuleViolations } from '../../src/domain/invariants.js';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { NOW, board, member, projectAdmin, secretariat, steeringMember } from './helpers.js';

const KITOS: AdmitInput = {
  name: 'KITOS',
  project: { id: '10050', key: 'KIT' },
  level: 'N2',
  state: 'product',
  origin: 'os2',
  basis: 'I drift i OS2 siden 2014; overføres til værktøjet som det står',
  municipalities: ['751', '461'],
  steeringGroup: {
    members: [steeringMember('aar-ole', '751'), steeringMember('ode-bo', '461')],
    chair: 'aar-ole',
  },
  coordinationGroup: {
    members: [{ person: { accountId: 'aar-ole', displayName: 'Ole' }, municipality: '751' }],
  },
  history: [
    {
      kind: 'approve',
      body: 'board',
      decidedAt: '2016-03-10',
      decidedBy: { displayName: 'Bestyrelsesmøde 10. marts 2016' },
      summary: 'KITOS godkendt som N2',
      toState: 'approved',
    },
    {
      kind: 'place_on_level',
      body: 'secretariat',
      decidedAt: '2016-01-20T09:00:00Z',
      decidedBy: { displayName: 'Rasmus Frey' },
      summary: 'Indplaceret på N2',
      toLevel: 'N2',
    },
  ],
};

describe('finding 7: admission of existing products', () => {
  it('the secretariat admits a product at its stated level and state, history imported as history', () => {
    const r = admitExisting(secretariat, KITOS, NOW, 'adm-1');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record).toMatchObject({ level: 'N2', state: 'product', revision: 1, placedOnLevelAt: NOW });
    expect(r.record.admission).toMatchObject({
      origin: 'os2',
      admittedBy: { accountId: secretariat.accountId },
      boardConfirmation: 'pending',
    });
    // Not approved by the board by virtue of the import.
    expect(r.record.steeringGroup?.approvedByBoardAt).toBeUndefined();
    expect(GovernanceRecordSchema.parse(r.record)).toEqual(r.record);
    // History first, oldest first, dated as given (a date is that day in Copenhagen), marked imported.
    expect(r.decisions.map((d) => [d.kind, d.decidedAt])).toEqual([
      ['place_on_level', '2016-01-20T09:00:00Z'],
      ['approve', '2016-03-10T12:00:00.000Z'],
      ['admit', NOW],
    ]);
    const [first, second, admission] = r.decisions;
    expect(first!.imported).toEqual({
      by: { accountId: secretariat.accountId, displayName: secretariat.displayName },
      at: NOW,
    });
    expect(second!.decidedBy).toEqual({
      accountId: 'imported',
      displayName: 'Bestyrelsesmøde 10. marts 2016',
    });
    expect(second!.id).toBe('adm-1-h0');
    expect(admission).toMatchObject({
      kind: 'admit',
      body: 'secretariat',
      decidedBy: { accountId: secretariat.accountId },
    });
    expect(admission!.imported).toBeUndefined();
    expect(admission!.summary).toMatch(/afventer bestyrelsens bekræftelse/);
    for (const d of r.decisions) expect(DecisionSchema.parse(d)).toEqual(d);
  });

  it('only the secretariat admits', () => {
    for (const actor of [board, projectAdmin, member]) {
      const r = admitExisting(actor, KITOS, NOW, 'adm-1');
      expect(r.ok ? 'ok' : r.error.code).toBe('ONLY_SECRETARIAT_ADMITS');
    }
  });

  it('refuses history dated after the admission, and bad input with the field path', () => {
    const future = admitExisting(
      secretariat,
      { ...KITOS, history: [{ ...KITOS.history![0]!, decidedAt: '2027-01-01' }] },
      NOW,
      'adm-1',
    );
    expect(future.ok ? 'ok' : future.error.code).toBe('IMPORTED_DECISION_IN_FUTURE');
    const faked = admitExisting(
      secretariat,
      { ...KITOS, history: [{ ...KITOS.history![0]!, kind: 'confirm_admission' as never }] },
      NOW,
      'adm-1',
    );
    expect(faked.ok ? 'ok' : faked.error.issues?.[0]?.path).toEqual(['history', 0, 'kind']);
    const retired = admitExisting(secretariat, { ...KITOS, state: 'retired' as never }, NOW, 'adm-1');
    expect(retired.ok ? 'ok' : retired.error.code).toBe('INVALID_INPUT');
    const chair = admitExisting(
      secretariat,
      { ...KITOS, steeringGroup: { ...KITOS.steeringGroup!, chair: 'nobody' } },
      NOW,
      'adm-1',
    );
    expect(chair.ok ? 'ok' : chair.error.code).toBe('CHAIR_NOT_A_MEMBER');
  });

  it('an N2/N3 approved project or product waits for the board; shown, and not a product until confirmed', () => {
    const r = admitExisting(secretariat, { ...KITOS, state: 'approved' }, NOW, 'adm-1');
    if (!r.ok) throw new Error(r.error.code);
    expect(recordRuleViolations(r.record)).toContain('ADMISSION_AWAITS_BOARD');
    const early = becomeProduct(r.record, secretariat, {}, NOW, 'd2');
    expect(early.ok ? 'ok' : early.error.code).toBe('ADMISSION_AWAITS_BOARD');
    const bySecretariat = confirmAdmission(r.record, secretariat, {}, NOW, 'd2');
    expect(bySecretariat.ok ? 'ok' : bySecretariat.error.code).toBe('ONLY_BOARD_CONFIRMS_ADMISSION');
    // The N2 steering group needs the board's approval: without it in the same decision, refused with that rule.
    const withoutGroup = confirmAdmission(r.record, board, {}, NOW, 'd2');
    expect(withoutGroup.ok ? 'ok' : withoutGroup.error.code).toBe('N2_STEERING_GROUP_NOT_APPROVED');
    const step = nextSteps(r.record, board).find((s) => s.action === 'confirmAdmission');
    expect(step).toMatchObject({ allowed: true, approvesSteeringGroup: true });
    const ok = confirmAdmission(
      r.record,
      board,
      { approveSteeringGroup: true, basis: 'Bekræftet' },
      NOW,
      'd2',
    );
    if (!ok.ok) throw new Error(ok.error.code);
    expect(ok.decision).toMatchObject({
      kind: 'confirm_admission',
      body: 'board',
      decidedBy: { accountId: board.accountId },
    });
    expect(ok.record.admission).toMatchObject({
      boardConfirmation: 'confirmed',
      confirmedBy: { accountId: board.accountId },
    });
    expect(ok.record.steeringGroup?.approvedByBoardAt).toBe(NOW);
    expect(recordRuleViolations(ok.record)).toEqual([]);
    expect(nextSteps(ok.record, board).some((s) => s.action === 'confirmAdmission')).toBe(false);
    const again = confirmAdmission(ok.record, board, {}, NOW, 'd3');
    expect(again.ok ? 'ok' : again.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('N3: confirmation appoints the group only with a board majority', () => {
    const r = admitExisting(secretariat, { ...KITOS, level: 'N3', state: 'approved' }, NOW, 'adm-1');
    if (!r.ok) throw new Error(r.error.code);
    const refused = confirmAdmission(r.record, board, { approveSteeringGroup: true }, NOW, 'd2');
    expect(refused.ok ? 'ok' : refused.error.code).toBe('N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY');
  });

  it('property: N1, and any level before the board, needs no confirmation; N2/N3 approved or product always does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('N1', 'N2', 'N3' as const),
        fc.constantFrom('idea', 'concept', 'board_review', 'approved', 'product' as const),
        fc.constantFrom('os2', 'external' as const),
        (level, state, origin) => {
          const r = admitExisting(secretariat, { ...KITOS, level, state, origin }, NOW, 'a');
          if (!r.ok) throw new Error(r.error.code);
          const needs = level !== 'N1' && (state === 'approved' || state === 'product');
          expect(r.record.admission!.boardConfirmation).toBe(needs ? 'pending' : 'not_required');
          expect(recordRuleViolations(r.record).includes('ADMISSION_AWAITS_BOARD')).toBe(needs);
          expect(r.record.placedOnLevelAt === undefined).toBe(state === 'idea');
          // Every imported decision is marked and dated no later than the admission; only the admission is not.
          for (const d of r.decisions) {
            expect(d.imported === undefined).toBe(d.kind === 'admit');
            expect(d.decidedAt <= NOW || d.decidedAt === NOW).toBe(true);
          }
        },
      ),
    );
  });

  it('a date alone is the same calendar day in Copenhagen, summer and winter', () => {
    for (const day of ['2016-01-20', '2016-07-20']) {
      const at = new Date(importedInstant(day));
      const cph = at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
      expect(cph).toBe(day);
    }
  });
});
