// Finding 10: a colleague's later vote silently replaced the municipality's pledge with no history.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { castVote, changeVote } from '../../src/domain/voting.js';
import { VoteSchema } from '../../src/domain/vote.js';
import type { Actor } from '../../src/domain/actor.js';
import type { VoteBook } from '../../src/domain/voting.js';

const colleague = (n: number): Actor => ({
  accountId: `k751-${n}`,
  displayName: `Kollega ${n}`,
  roles: ['municipality_member'],
  municipalities: ['751'],
});

describe('finding 10: pledge history per municipality and request', () => {
  it("a colleague's later vote keeps who pledged what, and when, before it", () => {
    const first = castVote(
      {},
      colleague(1),
      { issueId: '1', municipality: '751', coFinance: { willing: true, amountDkk: 50_000 } },
      ['751'],
      '2026-03-01T10:00:00Z',
    );
    if (!first.ok) throw new Error(first.error.code);
    expect(first.vote!.history).toBeUndefined();
    const second = changeVote(
      first.votes,
      colleague(2),
      { issueId: '1', municipality: '751', coFinance: { willing: false } },
      ['751'],
      '2026-03-02T10:00:00Z',
    );
    if (!second.ok) throw new Error(second.error.code);
    expect(second.vote).toMatchObject({ castBy: { accountId: 'k751-2' }, coFinance: { willing: false } });
    expect(second.vote!.history).toEqual([
      {
        castBy: { accountId: 'k751-1', displayName: 'Kollega 1' },
        castAt: '2026-03-01T10:00:00Z',
        coFinance: { willing: true, amountDkk: 50_000 },
      },
    ]);
    expect(VoteSchema.parse(second.vote)).toEqual(second.vote);
  });

  it('property: after n votes the history holds the n-1 earlier ones, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 12 }), (who) => {
        let book: VoteBook = {};
        who.forEach((n, i) => {
          const at = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
          const r = castVote(
            book,
            colleague(n),
            { issueId: '1', municipality: '751', coFinance: { willing: i % 2 === 0 } },
            ['751'],
            at,
          );
          if (!r.ok) throw new Error(r.error.code);
          book = r.votes;
        });
        const history = book['751']!.history ?? [];
        expect(history.map((h) => h.castBy.accountId)).toEqual(who.slice(0, -1).map((n) => `k751-${n}`));
      }),
    );
  });
});
