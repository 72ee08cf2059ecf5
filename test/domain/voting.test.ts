import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  castVote,
  changeVote,
  eligibleMunicipalities,
  tally,
  withdrawVote,
  CastVoteInputSchema,
} from '../../src/domain/voting.js';
import { VoteTallySchema } from '../../src/domain/vote.js';
import { fixtureByKey } from '../../demo/fixtures.js';
import type { Actor } from '../../src/domain/actor.js';
import type { VoteBook, VoteResult } from '../../src/domain/voting.js';

const NOW = '2026-04-01T09:00:00Z';
const code = (r: VoteResult) => (r.ok ? 'ok' : r.error.code);
const user = (accountId: string, municipalities: string[]): Actor => ({
  accountId,
  displayName: accountId,
  roles: ['municipality_member'],
  municipalities,
});
const aarhus = user('a1', ['751']);
const aarhus2 = user('a2', ['751']);
const twoGroups = user('ab', ['751', '461']);
const stranger = user('s', ['860']);
const eligible = ['751', '461', '101'];

function votes(r: VoteResult): VoteBook {
  if (!r.ok) throw new Error(r.error.code);
  return r.votes;
}

describe('domain.md "Change requests and voting": votes are cast by municipalities, not people', () => {
  it('ten users of one municipality weigh the same as one: a second cast replaces the first', () => {
    let book = votes(castVote({}, aarhus, { issueId: '10042', municipality: '751' }, eligible, NOW));
    book = votes(
      castVote(
        book,
        aarhus2,
        { issueId: '10042', municipality: '751', coFinance: { willing: true, amountDkk: 50_000 } },
        eligible,
        NOW,
      ),
    );
    expect(Object.keys(book)).toEqual(['751']);
    expect(book['751']!.castBy.accountId).toBe('a2');
    expect(tally(book)).toEqual({
      count: 1,
      municipalities: ['751'],
      coFinanceWilling: 1,
      coFinanceTotalDkk: 50_000,
    });
  });

  it('NOT_IN_MUNICIPALITY_GROUP: only members of the municipality’s group vote for it', () => {
    expect(code(castVote({}, aarhus, { issueId: '1', municipality: '461' }, eligible, NOW))).toBe(
      'NOT_IN_MUNICIPALITY_GROUP',
    );
  });

  it('a user in two municipality groups picks one; each municipality votes once', () => {
    let book = votes(castVote({}, twoGroups, { issueId: '1', municipality: '461' }, eligible, NOW));
    book = votes(castVote(book, twoGroups, { issueId: '1', municipality: '751' }, eligible, NOW));
    expect(tally(book).municipalities).toEqual(['461', '751']);
  });

  it('MUNICIPALITY_NOT_ELIGIBLE: by default only participating municipalities vote; by option all members', () => {
    const mo = fixtureByKey('MO').record;
    const participating = eligibleMunicipalities(mo);
    expect(participating).toEqual(mo.municipalities.map((m) => m.code));
    expect(code(castVote({}, stranger, { issueId: '1', municipality: '860' }, participating, NOW))).toBe(
      'MUNICIPALITY_NOT_ELIGIBLE',
    );
    const all = eligibleMunicipalities(mo, { eligibility: 'members' });
    expect(all).toHaveLength(98);
    expect(code(castVote({}, stranger, { issueId: '1', municipality: '860' }, all, NOW))).toBe('ok');
    expect(
      eligibleMunicipalities(mo, { eligibility: 'members', memberMunicipalities: ['101', '860'] }),
    ).toEqual(['101', '860']);
  });

  it('changeVote needs an existing vote (NO_VOTE_TO_CHANGE) and eligibility; withdrawVote removes it', () => {
    expect(code(changeVote({}, aarhus, { issueId: '1', municipality: '751' }, eligible, NOW))).toBe(
      'NO_VOTE_TO_CHANGE',
    );
    const book = votes(castVote({}, aarhus, { issueId: '1', municipality: '751' }, eligible, NOW));
    const changed = votes(
      changeVote(
        book,
        aarhus2,
        { issueId: '1', municipality: '751', coFinance: { willing: true } },
        eligible,
        NOW,
      ),
    );
    expect(changed['751']!.coFinance).toEqual({ willing: true });
    expect(code(changeVote(book, aarhus, { issueId: '1', municipality: '751' }, ['461'], NOW))).toBe(
      'MUNICIPALITY_NOT_ELIGIBLE',
    );
    expect(code(withdrawVote(book, twoGroups, { municipality: '461' }))).toBe('NO_VOTE_TO_CHANGE');
    expect(code(withdrawVote(book, stranger, { municipality: '751' }))).toBe('NOT_IN_MUNICIPALITY_GROUP');
    expect(votes(withdrawVote(book, aarhus2, { municipality: '751' }))).toEqual({});
  });

  it('INVALID_INPUT names the field: a negative co-finance amount, an amount without willingness, a bad code', () => {
    const neg = castVote(
      {},
      aarhus,
      { issueId: '1', municipality: '751', coFinance: { willing: true, amountDkk: -5 } },
      eligible,
      NOW,
    );
    expect(!neg.ok && neg.error.issues?.[0]?.path).toEqual(['coFinance', 'amountDkk']);
    const unwilling = CastVoteInputSchema.safeParse({
      issueId: '1',
      municipality: '751',
      coFinance: { willing: false, amountDkk: 5 },
    });
    expect(unwilling.error?.issues[0]?.path).toEqual(['coFinance', 'amountDkk']);
    const badCode = castVote({}, aarhus, { issueId: '1', municipality: '75' }, eligible, NOW);
    expect(!badCode.ok && badCode.error.issues?.[0]?.path).toEqual(['municipality']);
  });

  it('tally: count, sorted codes, willing count, co-finance total; valid VoteTally', () => {
    let book: VoteBook = {};
    const all = user('all', ['751', '461', '101']);
    book = votes(
      castVote(
        book,
        all,
        { issueId: '9', municipality: '461', coFinance: { willing: true, amountDkk: 10_000 } },
        eligible,
        NOW,
      ),
    );
    book = votes(
      castVote(book, all, { issueId: '9', municipality: '101', coFinance: { willing: true } }, eligible, NOW),
    );
    book = votes(castVote(book, all, { issueId: '9', municipality: '751' }, eligible, NOW));
    const t = tally(book);
    expect(t).toEqual({
      count: 3,
      municipalities: ['101', '461', '751'],
      coFinanceWilling: 2,
      coFinanceTotalDkk: 10_000,
    });
    expect(VoteTallySchema.parse(t)).toEqual(t);
    expect(tally([])).toEqual({ count: 0, municipalities: [], coFinanceWilling: 0, coFinanceTotalDkk: 0 });
  });

  it('property: any interleaving of casts, changes and withdrawals leaves at most one vote per municipality and a tally equal to the votes', () => {
    const codes = ['751', '461', '101', '147'];
    const actors = [
      user('u1', ['751']),
      user('u2', ['751', '461']),
      user('u3', ['101', '147']),
      user('u4', ['147']),
    ];
    const op = fc.record({
      kind: fc.constantFrom('cast', 'change', 'withdraw'),
      actor: fc.constantFrom(...actors),
      municipality: fc.constantFrom(...codes),
      willing: fc.boolean(),
      amount: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let book: VoteBook = {};
        // A model: the last successful cast/change per municipality, minus withdrawals.
        const model = new Map<string, { willing: boolean; amount: number }>();
        for (const o of ops) {
          const coFinance = o.willing
            ? { willing: true, ...(o.amount !== undefined ? { amountDkk: o.amount } : {}) }
            : { willing: false };
          const input = { issueId: '77', municipality: o.municipality, coFinance };
          const r =
            o.kind === 'cast'
              ? castVote(book, o.actor, input, codes, NOW)
              : o.kind === 'change'
                ? changeVote(book, o.actor, input, codes, NOW)
                : withdrawVote(book, o.actor, { municipality: o.municipality });
          const allowed =
            o.actor.municipalities.includes(o.municipality) &&
            (o.kind === 'cast' || model.has(o.municipality));
          expect(r.ok).toBe(allowed);
          if (!r.ok) continue;
          book = r.votes;
          if (o.kind === 'withdraw') model.delete(o.municipality);
          else model.set(o.municipality, { willing: o.willing, amount: o.willing ? (o.amount ?? 0) : 0 });
        }
        const list = Object.values(book);
        expect(new Set(list.map((v) => v.municipality)).size).toBe(list.length);
        for (const [key, v] of Object.entries(book)) expect(v.municipality).toBe(key);
        const t = tally(book);
        expect(t.count).toBe(model.size);
        expect(t.municipalities).toEqual([...model.keys()].sort());
        expect(t.coFinanceWilling).toBe([...model.values()].filter((m) => m.willing).length);
        expect(t.coFinanceTotalDkk).toBe([...model.values()].reduce((s, m) => s + m.amount, 0));
      }),
      { numRuns: 300 },
    );
  });
});
