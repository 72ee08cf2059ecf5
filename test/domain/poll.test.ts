import { describe, expect, it } from 'vitest';
import {
  answerPoll,
  closePoll,
  isPollOpen,
  openPoll,
  pollResult,
  PollSchema,
} from '../../src/domain/poll.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { board, secretariat } from './helpers.js';
import type { Actor } from '../../src/domain/actor.js';
import type { Poll, PollResult } from '../../src/domain/poll.js';

const OPENED = '2018-04-18T09:00:00Z';
const DEADLINE = '2018-09-14T22:00:00Z';
const BEFORE = '2018-06-01T12:00:00Z';
const AFTER = '2018-09-20T11:00:00Z';
const code = (r: PollResult) => (r.ok ? 'ok' : r.error.code);
const kommune = (code: string): Actor => ({
  accountId: `k${code}`,
  displayName: `Bruger ${code}`,
  roles: ['municipality_member'],
  municipalities: [code],
});

const ALTERNATIVES = ['Overbliksværktøj', 'Projektstyringsværktøj', 'Integration til et andet værktøj'];
function open(): Poll {
  const r = openPoll(
    secretariat,
    {
      id: 'kitos-projektmodul',
      question: 'Hvilken vej skal projektmodulet tage?',
      alternatives: ALTERNATIVES,
      deadline: DEADLINE,
    },
    OPENED,
  );
  if (!r.ok) throw new Error(r.error.code);
  return r.poll;
}
function answer(p: Poll, k: string, option: string, willing = false, amountDkk?: number): Poll {
  const r = answerPoll(
    p,
    kommune(k),
    { municipality: k, option, coFinance: { willing, ...(amountDkk !== undefined ? { amountDkk } : {}) } },
    BEFORE,
  );
  if (!r.ok) throw new Error(r.error.code);
  return r.poll;
}

describe('seed 000 "Input til OS2kitos projektmodul": a poll between alternatives with willingness to co-finance', () => {
  it('the secretariat opens a poll with 2..10 alternatives and a deadline', () => {
    const p = open();
    expect(PollSchema.parse(p)).toEqual(p);
    expect(p.alternatives.map((a) => a.label)).toEqual(ALTERNATIVES);
    expect(p.eligible).toHaveLength(98);
    expect(isPollOpen(p, BEFORE)).toBe(true);
    expect(isPollOpen(p, AFTER)).toBe(false);
  });

  it('ONLY_SECRETARIAT_OPENS_POLLS, POLL_ALTERNATIVES (1, 11, duplicates), deadline in the future', () => {
    const input = { id: 'p', question: 'q', alternatives: ALTERNATIVES, deadline: DEADLINE };
    expect(code(openPoll(board, input, OPENED))).toBe('ONLY_SECRETARIAT_OPENS_POLLS');
    expect(code(openPoll(secretariat, { ...input, alternatives: ['Kun én'] }, OPENED))).toBe(
      'POLL_ALTERNATIVES',
    );
    expect(
      code(
        openPoll(
          secretariat,
          { ...input, alternatives: Array.from({ length: 11 }, (_, i) => `Mulighed ${i}`) },
          OPENED,
        ),
      ),
    ).toBe('POLL_ALTERNATIVES');
    expect(code(openPoll(secretariat, { ...input, alternatives: ['A', ' a '] }, OPENED))).toBe(
      'POLL_ALTERNATIVES',
    );
    expect(
      code(
        openPoll(
          secretariat,
          { ...input, alternatives: Array.from({ length: 10 }, (_, i) => `M${i}`) },
          OPENED,
        ),
      ),
    ).toBe('ok');
    const late = openPoll(secretariat, { ...input, deadline: OPENED }, AFTER);
    expect(!late.ok && late.error.issues?.[0]?.path).toEqual(['deadline']);
  });

  it('one answer per municipality, changeable before the deadline; result counts answers and willing financiers', () => {
    let p = open();
    p = answer(p, '706', 'alt-1', true, 25_000);
    p = answer(p, '710', 'alt-1', true);
    p = answer(p, '161', 'alt-2');
    p = answer(p, '607', 'alt-2', true, 40_000);
    p = answer(p, '330', 'alt-1');
    p = answer(p, '330', 'alt-3'); // Slagelse changes its mind
    const r = pollResult(p);
    expect(r.answered).toBe(5);
    expect(r.options.map((o) => [o.option, o.answers, o.willingToFinance, o.coFinanceTotalDkk])).toEqual([
      ['alt-1', 2, 2, 25_000],
      ['alt-2', 2, 1, 40_000],
      ['alt-3', 1, 0, 0],
    ]);
    expect(r.leading).toBe('alt-1');
    expect(r.options[0]!.municipalities).toEqual(['706', '710']);
  });

  it('answer refusals: POLL_CLOSED after the deadline, NOT_IN_MUNICIPALITY_GROUP, MUNICIPALITY_NOT_ELIGIBLE, UNKNOWN_POLL_OPTION', () => {
    const p = open();
    expect(code(answerPoll(p, kommune('706'), { municipality: '706', option: 'alt-1' }, AFTER))).toBe(
      'POLL_CLOSED',
    );
    expect(code(answerPoll(p, kommune('706'), { municipality: '710', option: 'alt-1' }, BEFORE))).toBe(
      'NOT_IN_MUNICIPALITY_GROUP',
    );
    expect(
      code(
        answerPoll(
          { ...p, eligible: ['710'] },
          kommune('706'),
          { municipality: '706', option: 'alt-1' },
          BEFORE,
        ),
      ),
    ).toBe('MUNICIPALITY_NOT_ELIGIBLE');
    expect(code(answerPoll(p, kommune('706'), { municipality: '706', option: 'alt-9' }, BEFORE))).toBe(
      'UNKNOWN_POLL_OPTION',
    );
    expect(
      code(
        answerPoll(
          { ...p, closedAt: BEFORE },
          kommune('706'),
          { municipality: '706', option: 'alt-1' },
          BEFORE,
        ),
      ),
    ).toBe('POLL_CLOSED');
  });

  it('after the deadline the secretariat closes the poll; the result is a poll_closed decision', () => {
    let p = open();
    p = answer(p, '706', 'alt-1', true, 25_000);
    p = answer(p, '161', 'alt-2');
    p = answer(p, '710', 'alt-1');
    const r = closePoll(p, secretariat, AFTER, 'kitos-0006');
    if (!r.ok) throw new Error(r.error.code);
    expect(r.poll.closedAt).toBe(AFTER);
    expect(DecisionSchema.parse(r.decision)).toEqual(r.decision);
    expect(r.decision).toMatchObject({
      id: 'kitos-0006',
      kind: 'poll_closed',
      body: 'secretariat',
      decidedAt: AFTER,
    });
    expect(r.decision.summary).toContain('Overbliksværktøj (2 af 3)');
    expect(r.decision.basis).toContain('heraf 1 villige til at medfinansiere');
  });

  it('close refusals: POLL_STILL_OPEN before the deadline, POLL_CLOSED twice, only the secretariat', () => {
    const p = open();
    expect(code(closePoll(p, secretariat, BEFORE, 'd') as PollResult)).toBe('POLL_STILL_OPEN');
    expect(code(closePoll({ ...p, closedAt: AFTER }, secretariat, AFTER, 'd') as PollResult)).toBe(
      'POLL_CLOSED',
    );
    expect(code(closePoll(p, board, AFTER, 'd') as PollResult)).toBe('ONLY_SECRETARIAT_OPENS_POLLS');
  });

  it('a full tie has no leading option', () => {
    let p = open();
    p = answer(p, '706', 'alt-1');
    p = answer(p, '161', 'alt-2');
    expect(pollResult(p).leading).toBeUndefined();
    expect(pollResult(open()).leading).toBeUndefined();
  });
});

describe('finding 10: polls with several answers (seed 000 "og/eller"), asked of chosen municipalities', () => {
  function openWith(extra: { multiple?: boolean; eligible?: string[] }): Poll {
    const r = openPoll(
      secretariat,
      { id: 'p', question: 'Hvad ønsker I?', alternatives: ALTERNATIVES, deadline: DEADLINE, ...extra },
      OPENED,
    );
    if (!r.ok) throw new Error(r.error.code);
    return r.poll;
  }

  it('an and/or poll takes several alternatives and counts the answer under each', () => {
    const poll = openWith({ multiple: true });
    expect(PollSchema.parse(poll)).toEqual(poll);
    const r = answerPoll(
      poll,
      kommune('751'),
      { municipality: '751', options: ['alt-1', 'alt-3', 'alt-1'] },
      BEFORE,
    );
    if (!r.ok) throw new Error(r.error.code);
    expect(r.poll.answers['751']).toMatchObject({ option: 'alt-1', options: ['alt-1', 'alt-3'] });
    expect(pollResult(r.poll).options.map((o) => o.answers)).toEqual([1, 0, 1]);
    expect(code(answerPoll(poll, kommune('751'), { municipality: '751', options: ['alt-9'] }, BEFORE))).toBe(
      'UNKNOWN_POLL_OPTION',
    );
  });

  it('a single-choice poll refuses several alternatives, and neither or both of option/options is invalid input', () => {
    const poll = open();
    expect(
      code(answerPoll(poll, kommune('751'), { municipality: '751', options: ['alt-1', 'alt-2'] }, BEFORE)),
    ).toBe('POLL_SINGLE_CHOICE');
    expect(code(answerPoll(poll, kommune('751'), { municipality: '751', options: ['alt-2'] }, BEFORE))).toBe(
      'ok',
    );
    expect(code(answerPoll(poll, kommune('751'), { municipality: '751' }, BEFORE))).toBe('INVALID_INPUT');
  });

  it('only the municipalities asked may answer', () => {
    const poll = openWith({ eligible: ['751', '101', '751'] });
    expect(poll.eligible).toEqual(['751', '101']);
    expect(code(answerPoll(poll, kommune('101'), { municipality: '101', option: 'alt-1' }, BEFORE))).toBe(
      'ok',
    );
    expect(code(answerPoll(poll, kommune('461'), { municipality: '461', option: 'alt-1' }, BEFORE))).toBe(
      'MUNICIPALITY_NOT_ELIGIBLE',
    );
    const none = openPoll(
      secretariat,
      { id: 'p', question: 'Q', alternatives: ALTERNATIVES, deadline: DEADLINE, eligible: [] },
      OPENED,
    );
    expect(code(none)).toBe('INVALID_INPUT');
  });
});
