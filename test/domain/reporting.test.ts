// Finding 8: reporting was the same for every level, with no cadence and no follow-up: a 2018 "green" report
// showed as current, spending above the budget raised nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copenhagenDate, DEFAULT_CADENCE, reportingStatus } from '../../src/domain/reporting.js';
import { fixture } from './helpers.js';
import type { StatusReport } from '../../src/domain/governance-record.js';

const report = (date: string, budgetDkk: number, spentDkk: number, forecastDkk: number): StatusReport => ({
  date,
  progress: 'Fremdrift',
  rag: 'green',
  budgetDkk,
  spentDkk,
  forecastDkk,
  reportedBy: { accountId: 'pl', displayName: 'PL' },
});

describe('finding 8: reporting duties by level', () => {
  it('a 2018 green report is stale and overdue today, on every level', () => {
    for (const level of ['N1', 'N2', 'N3'] as const) {
      const s = reportingStatus(
        { level, state: 'product', statusReports: [report('2018-05-01', 100, 50, 100)] },
        '2026-12-01',
      );
      expect(s).toMatchObject({ required: true, lastReport: '2018-05-01', overdue: true, stale: true });
    }
  });

  it('N2/N3 report more often than N1 (default cadence), and the cadence is configurable', () => {
    expect(DEFAULT_CADENCE.N3).toBeLessThan(DEFAULT_CADENCE.N2);
    expect(DEFAULT_CADENCE.N2).toBeLessThan(DEFAULT_CADENCE.N1);
    const rec = { state: 'approved' as const, statusReports: [report('2026-09-15', 100, 10, 100)] };
    expect(reportingStatus({ ...rec, level: 'N1' }, '2026-12-01').overdue).toBe(false);
    expect(reportingStatus({ ...rec, level: 'N3' }, '2026-12-01')).toMatchObject({
      overdue: true,
      dueDate: '2026-10-15',
    });
    expect(
      reportingStatus({ ...rec, level: 'N3' }, '2026-12-01', { N1: 365, N2: 120, N3: 120 }).overdue,
    ).toBe(false);
  });

  it('spent or forecast above budget is flagged with the amount', () => {
    const s = reportingStatus(
      {
        level: 'N2',
        state: 'approved',
        statusReports: [report('2026-11-20', 1_000_000, 1_200_000, 1_500_000)],
      },
      '2026-12-01',
    );
    expect(s).toMatchObject({ overrun: true, overrunDkk: 500_000, overdue: false, stale: false });
  });

  it('an idea or a closed record owes no report; a running one with none is overdue at once', () => {
    expect(reportingStatus({ ...fixture('DATA'), statusReports: [] }, '2026-12-01')).toMatchObject({
      required: false,
      overdue: false,
    });
    expect(reportingStatus({ ...fixture('ROLLE'), statusReports: [] }, '2026-12-01')).toMatchObject({
      required: true,
      overdue: true,
      dueDate: '2026-12-01',
    });
  });

  it('property: overdue exactly when the newest report is older than the cadence; the newest is by date', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 800 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('N1', 'N2', 'N3' as const),
        (ages, level) => {
          const today = '2026-12-01';
          const day = (age: number) =>
            new Date(Date.parse(`${today}T00:00:00Z`) - age * 86_400_000).toISOString().slice(0, 10);
          const s = reportingStatus(
            { level, state: 'product', statusReports: ages.map((a) => report(day(a), 1, 0, 0)) },
            today,
          );
          const youngest = Math.min(...ages);
          expect(s.lastReport).toBe(day(youngest));
          expect(s.overdue).toBe(youngest > DEFAULT_CADENCE[level]);
          expect(s.stale).toBe(s.overdue);
        },
      ),
    );
  });

  it('counts days in Copenhagen: 23:30 UTC on 30 November is already 1 December there', () => {
    expect(copenhagenDate('2026-11-30T23:30:00Z')).toBe('2026-12-01');
  });
});
