// Finding 4 (first part): the economy was not modelled; no budget approval existed, funding source was only
// checklist text. The baseline is now proposed by the project and approved by the steering group and, for N2/N3,
// by the board (seed 003 4.1.4), each approval a decision of the body that gave it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approveBudget, budgetApproved, proposeBudget } from '../../src/domain/economy.js';
import { withBoardRoster } from '../../src/domain/board-roster.js';
import { NOW, board, fixture, member, projectAdmin, secretariat } from './helpers.js';
import type { Actor } from '../../src/domain/actor.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const mo = withBoardRoster(fixture('MO'), new Set(['os2-bst-lars', 'os2-bst-hanne', 'os2-bst-peter']));
// Bo (151) sits in MO's steering group as an ordinary municipal member.
const bo: Actor = {
  accountId: 'k151-bo',
  displayName: 'Bo Frandsen',
  roles: ['municipality_member'],
  municipalities: ['151'],
};

function proposed(record: GovernanceRecord, amountDkk = 2_000_000, funding: 'local' | 'os2' = 'os2') {
  const r = proposeBudget(record, projectAdmin, { amountDkk, funding }, NOW);
  if (!r.ok) throw new Error(r.error.code);
  return r.record;
}

describe('finding 4: the budget baseline and who approves it', () => {
  it('N3: the steering group approves first, then the board; each a decision of that body', () => {
    const p = proposed(mo);
    expect(budgetApproved(p)).toBe(false);
    for (const a of [projectAdmin, secretariat, member, board])
      expect(code(approveBudget(p, a, {}, NOW, 'd'))).toBe('ONLY_STEERING_GROUP_APPROVES_BUDGET');
    const sg = approveBudget(p, bo, { basis: 'Styregruppemøde' }, NOW, 'd1');
    if (!sg.ok) throw new Error(sg.error.code);
    expect(sg.decision).toMatchObject({
      kind: 'approve_budget',
      body: 'steering_group',
      decidedBy: { accountId: 'k151-bo' },
    });
    expect(budgetApproved(sg.record)).toBe(false);
    expect(code(approveBudget(sg.record, bo, {}, NOW, 'd2'))).toBe('ONLY_BOARD_APPROVES_BUDGET');
    const b = approveBudget(sg.record, board, {}, NOW, 'd2');
    if (!b.ok) throw new Error(b.error.code);
    expect(b.decision.body).toBe('board');
    expect(budgetApproved(b.record)).toBe(true);
    expect(code(approveBudget(b.record, board, {}, NOW, 'd3'))).toBe('ILLEGAL_TRANSITION');
    // A new proposal clears both approvals.
    expect(budgetApproved(proposed(b.record, 3_000_000))).toBe(false);
  });

  it('N1: funded locally, approved by its project owner alone', () => {
    const cpr = fixture('CPR');
    expect(code(proposeBudget(cpr, projectAdmin, { amountDkk: 100_000, funding: 'os2' }, NOW))).toBe(
      'N1_FUNDING_IS_LOCAL',
    );
    const p = proposed(cpr, 100_000, 'local');
    const owner: Actor = {
      accountId: cpr.projectOwner!.accountId,
      displayName: 'Ejer',
      roles: [],
      municipalities: [],
    };
    const r = approveBudget(p, owner, {}, NOW, 'd');
    if (!r.ok) throw new Error(r.error.code);
    expect(r.decision.body).toBe('project_owner');
    expect(budgetApproved(r.record)).toBe(true);
  });

  it('property: a budget counts as approved only after the steering group and, on N2/N3, the board', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('N1', 'N2', 'N3' as const),
        fc.array(fc.constantFrom(bo, board, projectAdmin, secretariat), { maxLength: 5 }),
        (level, actors) => {
          let rec = proposed({ ...mo, level }, 1_000_000, 'local');
          const bodies: string[] = [];
          for (const a of actors) {
            const r = approveBudget(rec, a, {}, NOW, 'd');
            if (r.ok) {
              rec = r.record;
              bodies.push(r.decision.body);
            }
          }
          const needed = level === 'N1' ? ['steering_group'] : ['steering_group', 'board'];
          expect(budgetApproved(rec)).toBe(needed.every((b) => bodies.includes(b)));
          if (bodies.length) expect(bodies[0]).toBe('steering_group');
        },
      ),
    );
  });
});
