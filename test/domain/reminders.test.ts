// What is due to whom (issue 15, item 2): causes stay the same while the situation lasts, so the ledger sends each once.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dueReminders, POLL_CLOSING_WINDOW_MS } from '../../src/domain/reminders.js';
import type { Poll } from '../../src/domain/poll.js';
import { fixture, person } from './helpers.js';

const NOW = '2026-12-01T12:00:00Z';
const mette = person('os2-sek-mette', 'Mette');
const poll = (deadline: string, answered: string[] = [], closedAt?: string): Poll => ({
  id: 'p1',
  question: 'Hvilken dag?',
  multiple: false,
  alternatives: [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
  deadline,
  eligible: ['751', '101', '461'],
  openedBy: mette,
  openedAt: '2026-11-01T00:00:00Z',
  answers: Object.fromEntries(
    answered.map((m) => [
      m,
      { municipality: m, option: 'a', coFinance: { willing: false }, answeredBy: mette, answeredAt: NOW },
    ]),
  ) as Poll['answers'],
  ...(closedAt ? { closedAt } : {}),
});

describe('dueReminders', () => {
  it('asks the board about a product awaiting it, once per submission', () => {
    const record = fixture('IOT');
    const r = dueReminders({ products: [{ record, decisions: [] }], polls: [], now: NOW });
    expect(r.map((x) => [x.kind, x.audience])).toEqual([['board_review', { role: 'board' }]]);
    expect(r[0]!.subject.da).toContain('afventer bestyrelsens behandling');
    expect(r[0]!.subject.en).toContain('awaits the board');
  });

  it('reminds only the municipalities that have not answered, within 48 hours of the deadline; nothing for a closed poll', () => {
    const soon = new Date(Date.parse(NOW) + POLL_CLOSING_WINDOW_MS - 1).toISOString();
    const input = (p: Poll) => ({
      products: [],
      polls: [{ projectId: '1', issueId: '2', poll: p }],
      now: NOW,
    });
    const r = dueReminders(input(poll(soon, ['751'])));
    expect(r.find((x) => x.kind === 'poll_closing')!.audience).toEqual({ municipalities: ['101', '461'] });
    expect(r.find((x) => x.kind === 'poll_opened')!.audience).toEqual({
      municipalities: ['751', '101', '461'],
    });
    const later = new Date(Date.parse(NOW) + POLL_CLOSING_WINDOW_MS + 1).toISOString();
    expect(dueReminders(input(poll(later))).map((x) => x.kind)).toEqual(['poll_opened']);
    expect(dueReminders(input(poll(soon, [], NOW)))).toEqual([]);
  });

  it('property: the causes are the same on every run while nothing changes (so the ledger sends each once)', () => {
    const record = fixture('ROLLE');
    fc.assert(
      fc.property(
        fc.constantFrom('green', 'amber', 'red'),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        (rag, forecast, later) => {
          const rec = {
            ...record,
            statusReports: [
              ...record.statusReports,
              {
                date: '2026-11-30',
                progress: 'p',
                rag: rag as 'red',
                budgetDkk: 1_000_000,
                spentDkk: 0,
                forecastDkk: forecast,
                reportedBy: mette,
              },
            ],
          };
          const a = dueReminders({ products: [{ record: rec, decisions: [] }], polls: [], now: NOW });
          const b = dueReminders({
            products: [{ record: rec, decisions: [] }],
            polls: [],
            now: new Date(Date.parse(NOW) + later).toISOString(),
          });
          expect(b.map((x) => x.cause)).toEqual(a.map((x) => x.cause));
          expect(a.some((x) => x.kind === 'product_red')).toBe(rag === 'red');
          expect(a.some((x) => x.kind === 'forecast_over_budget')).toBe(forecast > 1_000_000);
        },
      ),
    );
  });
});
