// The product history timeline (issue 15, item 5): what a reader of the timeline sees, field by field.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  changeText,
  diffRecords,
  historyTimeline,
  voteEventText,
  type StoredRevision,
  type VoteEvent,
} from '../../src/domain/history.js';
import { changeLevel } from '../../src/domain/approval.js';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { board, fixture, person } from './helpers.js';
import { formatter } from '../../src/i18n/format.js';

const mette = person('os2-sek-mette', 'Mette Søndergaard');

describe('diffRecords', () => {
  it('says level and state changes with their Danish and English names', () => {
    const before = fixture('FORD');
    const after = {
      ...before,
      level: 'N2' as const,
      state: 'board_review' as const,
      revision: before.revision + 1,
    };
    const changes = diffRecords(before, after);
    expect(changes.map((c) => changeText(c, 'da'))).toEqual([
      'Niveau: N1 → N2',
      'Tilstand: Koncept → Bestyrelsesbehandling',
    ]);
    expect(changes.map((c) => changeText(c, 'en'))).toEqual([
      'Level: N1 → N2',
      'State: Concept → Board review',
    ]);
  });

  it('names the municipalities that joined and left, and each requirement answered', () => {
    const before = fixture('FORD');
    const [gone, ...kept] = before.municipalities;
    const added = MUNICIPALITIES.find((m) => !before.municipalities.some((b) => b.code === m.code))!;
    const after = {
      ...before,
      municipalities: [...kept, added],
      requirements: {
        ...before.requirements,
        'N1-1': { status: 'met' as const, by: mette, at: '2026-11-01T10:00:00Z' },
      },
    };
    const lines = diffRecords(before, after).map((c) => changeText(c, 'da'));
    expect(lines).toContain(`Deltagende kommuner: ud ${gone!.name}; ind ${added.name}`);
    expect(lines.some((l) => l.startsWith('Krav N1-1: ') && l.endsWith('opfyldt (Mette Søndergaard)'))).toBe(
      true,
    );
  });

  it('property: a record compared with itself has no changes; with any other municipality set, exactly the difference', () => {
    const codes = MUNICIPALITIES.slice(0, 20);
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURE_PRODUCTS.map((p) => p.record)),
        fc.subarray(codes),
        fc.subarray(codes),
        (record, a, b) => {
          const r1 = { ...record, municipalities: a };
          const r2 = { ...record, municipalities: b };
          expect(diffRecords(r1, r1)).toEqual([]);
          const change = diffRecords(r1, r2).find((c) => c.field === 'municipalities');
          const left = a.filter((m) => !b.includes(m)).map((m) => m.name);
          const joined = b.filter((m) => !a.includes(m)).map((m) => m.name);
          if (left.length === 0 && joined.length === 0) expect(change).toBeUndefined();
          else {
            expect(change!.from.da).toBe(left.length ? left.join(', ') : '—');
            expect(change!.to.da).toBe(joined.length ? joined.join(', ') : '—');
          }
        },
      ),
    );
  });
});

describe('historyTimeline', () => {
  it('shows a board level change as the decision and the revision it produced, newest first, with who', () => {
    const r1 = fixture('FORD');
    const result = changeLevel(
      { ...r1, state: 'product' },
      board,
      { level: 'N2', reason: 'Flere kommuner er med' },
      '2026-11-20T09:00:00Z',
      'd-1',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const revisions: StoredRevision[] = [
      { record: { ...r1, state: 'product' } },
      { record: result.record, by: { accountId: board.accountId, displayName: board.displayName } },
    ];
    const timeline = historyTimeline({ revisions, decisions: [result.decision] });
    expect(timeline.map((e) => e.kind)).toEqual(['revision', 'decision', 'revision']);
    const [newest, decision, oldest] = timeline;
    expect(newest).toMatchObject({ kind: 'revision', first: false, by: { displayName: board.displayName } });
    expect(newest!.kind === 'revision' && newest!.changes.map((c) => changeText(c, 'en'))).toContain(
      'Level: N1 → N2',
    );
    expect(decision).toMatchObject({ kind: 'decision', by: { accountId: board.accountId } });
    expect(oldest).toMatchObject({ kind: 'revision', first: true });
    expect(oldest!.kind === 'revision' && oldest!.by).toBeUndefined();
  });

  it('tells vote and pledge changes in words, with the municipality by name', () => {
    const v: VoteEvent = {
      issueId: '20001',
      issueKey: 'MO-3',
      municipality: '751',
      action: 'change',
      previous: { willing: false },
      coFinance: { willing: true, amountDkk: 50000 },
      by: person('k751-karin', 'Karin Thomsen'),
      at: '2026-11-21T08:00:00Z',
    };
    // Kroner as every surface writes them (the one formatter: 50.000 kr. with a no-break space).
    expect(voteEventText(v).da).toBe(
      `Aarhus Kommune ændrede sin stemme på MO-3: uden medfinansiering → vil medfinansiere ${formatter('da').dkk(50000)}`,
    );
    expect(voteEventText(v).da).toMatch(/50\.000\skr\.$/);
    expect(voteEventText(v).en).toBe(
      `Aarhus Kommune changed its vote on MO-3: no co-financing → willing to co-finance ${formatter('en').dkk(50000)}`,
    );
    expect(voteEventText({ ...v, action: 'withdraw' }).en).toBe('Aarhus Kommune withdrew its vote on MO-3');
  });

  it('property: every decision and vote appears once, the order is newest first, unchanged saves are left out', () => {
    const base = fixture('MO');
    const arbRevisions = fc
      .array(fc.record({ level: fc.constantFrom('N1', 'N2', 'N3'), minutes: fc.nat(10_000) }), {
        maxLength: 8,
      })
      .map((steps) =>
        steps.map((s, i) => ({
          record: {
            ...base,
            level: s.level as 'N1' | 'N2' | 'N3',
            revision: i + 1,
            updatedAt: new Date(Date.UTC(2026, 0, 1) + (i * 10_000 + s.minutes) * 60_000).toISOString(),
          },
        })),
      );
    const arbVotes = fc.array(
      fc.record({
        at: fc
          .integer({ min: 0, max: 10 ** 11 })
          .map((ms) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString()),
        action: fc.constantFrom('cast' as const, 'change' as const, 'withdraw' as const),
      }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(arbRevisions, arbVotes, (revisions, votes) => {
        const events: VoteEvent[] = votes.map((v) => ({
          issueId: '1',
          municipality: '751',
          action: v.action,
          by: mette,
          at: v.at,
        }));
        const decisions = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!.decisions;
        const timeline = historyTimeline({ revisions, decisions, votes: events });
        expect(timeline.filter((e) => e.kind === 'decision')).toHaveLength(decisions.length);
        expect(timeline.filter((e) => e.kind === 'vote')).toHaveLength(events.length);
        const visible = revisions.filter(
          (r, i) => i === 0 || r.record.level !== revisions[i - 1]!.record.level,
        );
        expect(timeline.filter((e) => e.kind === 'revision')).toHaveLength(visible.length);
        for (let i = 1; i < timeline.length; i++)
          expect(Date.parse(timeline[i - 1]!.at)).toBeGreaterThanOrEqual(Date.parse(timeline[i]!.at));
      }),
    );
  });
});
