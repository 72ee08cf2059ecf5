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

describe('dueReminders: reports, the board meeting, flagged mirrors', () => {
  const CADENCE = { N1: 182, N2: 91, N3: 30 };
  const withReport = (date: string) => {
    const record = fixture('ROLLE');
    record.statusReports = [{ ...record.statusReports[0]!, date }];
    return record;
  };
  const steering = (key: string) => fixture(key).steeringGroup!.members.map((m) => m.person.accountId);
  const kinds = (r: ReturnType<typeof dueReminders>) => r.map((x) => x.kind);

  it('tells the steering group a report is due within 14 days, then that it is overdue, each once per due date', () => {
    // ROLLE is N2 (91 days): a report of 2026-09-10 is due 2026-12-10, nine days after NOW.
    const due = dueReminders({
      products: [{ record: withReport('2026-09-10'), decisions: [] }],
      polls: [],
      now: NOW,
      reporting: CADENCE,
    });
    expect(due.map((r) => [r.kind, r.cause, r.audience])).toEqual([
      ['report_due', 'report_due:10003:2026-12-10', { people: steering('ROLLE') }],
    ]);
    expect(due[0]!.subject.da).toBe('OS2: statusrapport for OS2rollekatalog senest 2026-12-10');
    // Due in 60 days: nothing yet. Without a cadence (older callers): nothing at all.
    expect(
      kinds(
        dueReminders({
          products: [{ record: withReport('2026-11-01'), decisions: [] }],
          polls: [],
          now: NOW,
          reporting: CADENCE,
        }),
      ),
    ).toEqual([]);
    expect(
      kinds(
        dueReminders({
          products: [{ record: withReport('2026-08-01'), decisions: [] }],
          polls: [],
          now: NOW,
        }),
      ),
    ).toEqual([]);
    const late = dueReminders({
      products: [{ record: withReport('2026-08-01'), decisions: [] }],
      polls: [],
      now: NOW,
      reporting: CADENCE,
    });
    expect(late.map((r) => [r.kind, r.cause])).toEqual([
      ['report_overdue', 'report_overdue:10003:2026-10-31'],
    ]);
    expect(late[0]!.body.en).toContain('was due to report its status on 2026-10-31 (every 91 days)');
    // A project with neither steering group nor owner has nobody to tell; a concept reports nothing.
    const nobody = { ...withReport('2026-08-01'), steeringGroup: undefined };
    expect(
      kinds(
        dueReminders({
          products: [{ record: nobody, decisions: [] }],
          polls: [],
          now: NOW,
          reporting: CADENCE,
        }),
      ),
    ).toEqual([]);
    expect(
      kinds(
        dueReminders({
          products: [{ record: fixture('FORD'), decisions: [] }],
          polls: [],
          now: NOW,
          reporting: CADENCE,
        }),
      ),
    ).toEqual([]);
  });

  it('reminds the board of its meeting in the week before it, once per meeting date, when something awaits it', () => {
    const at = (date: string, items = 3) =>
      dueReminders({ products: [], polls: [], now: NOW, meeting: { date, items, firstProjectId: '10008' } });
    expect(at('2026-12-04').map((r) => [r.kind, r.cause, r.audience, r.projectId])).toEqual([
      ['board_meeting', 'board_meeting:2026-12-04', { role: 'board' }, '10008'],
    ]);
    expect(at('2026-12-04')[0]!.body.da).toContain('3 punkter afventer bestyrelsen');
    expect(at('2026-12-01')).toHaveLength(1);
    expect(at('2026-12-09')).toHaveLength(0);
    expect(at('2026-11-30')).toHaveLength(0);
    expect(at('2026-12-04', 0)).toHaveLength(0);
  });

  it('tells the secretariat of a flagged mirror, once per flag and revision, and nothing of a verified one', () => {
    const record = fixture('MO');
    const run = (integrity: 'tampered' | 'verified' | 'missing') =>
      dueReminders({
        products: [{ record, decisions: [] }],
        polls: [],
        now: NOW,
        flagged: [{ projectId: '10001', integrity }],
      }).filter((r) => r.kind === 'mirror_flagged');
    expect(run('tampered').map((r) => [r.cause, r.audience])).toEqual([
      [`mirror_flagged:10001:tampered:${record.revision}`, { role: 'secretariat' }],
    ]);
    expect(run('tampered')[0]!.body.da).toContain('signaturen passer ikke');
    expect(run('missing')[0]!.body.en).toContain('the mirror is missing');
    expect(run('verified')).toEqual([]);
  });
});
