// Finding 9 of issue 14: change-request priority is an order, not a free integer. Placing a request moves the
// others; there is never a second #1; old free-integer priorities (ties included) migrate to one order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { placeAt, rankedRequests, ranks, reorder, type OrderEntry } from '../../src/domain/priority-order.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { fixtureByKey } from '../../demo/fixtures.js';
import { member, secretariat } from './helpers.js';
import type { ChangeRequest } from '../../src/domain/change-request.js';
import type { Actor } from '../../src/domain/actor.js';

const NOW = '2026-03-01T10:00:00Z';
const entry = (issueId: string, changes: Partial<ChangeRequest> = {}): OrderEntry => ({
  issueId,
  request: {
    id: `cr-${issueId}`,
    issueKey: `KITOS-${issueId}`,
    title: `Ønske ${issueId}`,
    size: 'large',
    state: 'prioritised',
    submittedBy: { accountId: 'k751-karin', displayName: 'Karin' },
    submittedAt: `2026-01-${issueId.padStart(2, '0')}T10:00:00Z`,
    revision: 3,
    ...changes,
  },
});

describe('priority as an order', () => {
  const entries = ['1', '2', '3'].map((id) => entry(id));

  it('placing a request at #1 moves the others down; nobody else is #1', () => {
    const placed = placeAt(['1', '2'], entries, '3', 1);
    expect(placed).toEqual({ order: ['3', '1', '2'], position: 1 });
    expect([...ranks(placed.order, entries)]).toEqual([
      ['3', 1],
      ['1', 2],
      ['2', 3],
    ]);
  });

  it('a place beyond the end is the end; moving down moves those between up', () => {
    expect(placeAt(['1', '2'], entries, '3', 99).position).toBe(3);
    expect(placeAt(['1', '2', '3'], entries, '1', 3).order).toEqual(['2', '3', '1']);
  });

  it('a decided request leaves the order and those below it move up', () => {
    const decided = [entry('1', { state: 'approved' }), entry('2'), entry('3')];
    expect([...ranks(['1', '2', '3'], decided)]).toEqual([
      ['2', 1],
      ['3', 2],
    ]);
  });

  it('old free-integer priorities migrate: ties are split by who was submitted first, never two #1s', () => {
    const old = [
      entry('5', { priority: 1 }),
      entry('3', { priority: 1 }),
      entry('4', { priority: 2 }),
      entry('9', { state: 'rejected', priority: 1 }),
    ];
    expect(rankedRequests([], old).map((e) => e.issueId)).toEqual(['3', '5', '4']);
  });

  it('any sequence of placements gives distinct places 1..n (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: -2, max: 9 })), {
          maxLength: 30,
        }),
        (moves) => {
          const all = ['1', '2', '3', '4', '5', '6'].map((id) => entry(id, { priority: 1 }));
          let order: string[] = [];
          for (const [id, pos] of moves) order = placeAt(order, all, String(id), pos).order;
          const places = [...ranks(order, all).values()].sort((a, b) => a - b);
          expect(places).toEqual(all.map((_, i) => i + 1));
        },
      ),
    );
  });
});

describe('reordering', () => {
  const kitos = fixtureByKey('KITOS').record;
  const entries = ['1', '2', '3'].map((id) => entry(id));
  const coordinator: Actor = {
    accountId: 'k630-maria',
    displayName: 'Maria',
    roles: ['municipality_member'],
    municipalities: [],
  };

  it('a coordination-group member moves a request; the decision says from and to', () => {
    const r = reorder(
      ['1', '2', '3'],
      entries,
      coordinator,
      { issueId: '3', position: 1, basis: 'Møde 4/3' },
      NOW,
      'd1',
      kitos,
    );
    if (!r.ok) throw new Error(r.error.code);
    expect(r.order).toEqual(['3', '1', '2']);
    expect(r.decision).toMatchObject({
      kind: 'change_request',
      body: 'coordination_group',
      basis: 'Møde 4/3',
    });
    expect(r.decision.summary).toBe('KITOS-3: Ønske 3 – flyttet fra prioritet nr. 3 til nr. 1');
    expect(DecisionSchema.parse(r.decision)).toEqual(r.decision);
    const bySecretariat = reorder(
      ['1', '2', '3'],
      entries,
      secretariat,
      { issueId: '1', position: 2 },
      NOW,
      'd2',
      kitos,
    );
    expect(bySecretariat.ok && bySecretariat.decision.body).toBe('secretariat');
  });

  it('others are refused, and a request that is not prioritised has no place to move', () => {
    const r = reorder(['1'], entries, member, { issueId: '1', position: 2 }, NOW, 'd1', kitos);
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_MEMBER_OF_BODY');
    const open = reorder(
      [],
      [entry('7', { state: 'assessed' })],
      secretariat,
      { issueId: '7', position: 1 },
      NOW,
      'd1',
      kitos,
    );
    expect(open.ok ? 'ok' : open.error.code).toBe('CHANGE_REQUEST_NOT_PRIORITISED');
  });
});
