import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { RollUpSchema } from '../../src/domain/rollup.js';
import { FIXTURE_PRODUCTS, fixtureByKey } from '../../demo/fixtures.js';
import { requirementsFor } from '../../src/domain/catalogue.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';
import type { RollUp, TopRequest } from '../../src/domain/rollup.js';
import type { Decision } from '../../src/domain/decision.js';

const top: TopRequest[] = [
  {
    key: 'MO-101',
    summary: 'Import af orlov fra OPUS',
    votes: 12,
    coFinanceWilling: 4,
    coFinanceTotalDkk: 120_000,
  },
];

function verified(key: string) {
  const f = fixtureByKey(key);
  return rollUp({
    site: f.site,
    record: f.record,
    decisions: f.decisions,
    integrity: 'verified',
    openRequests: 37,
    topRequests: top,
  });
}

describe('design.md "The sync service" step 3: the roll-up', () => {
  it('rolls up every fixture into a valid RollUp with sourceKey site/projectId', () => {
    for (const f of FIXTURE_PRODUCTS) {
      const r = rollUp({
        site: f.site,
        record: f.record,
        decisions: f.decisions,
        integrity: 'verified',
        openRequests: 0,
        topRequests: [],
      });
      expect(RollUpSchema.parse(r)).toEqual(r);
      expect(r.sourceKey).toBe(`${f.site}/${f.record.project.id}`);
    }
  });

  it('OS2mo: steering kind, chair name, members and board members, leader, latest status, requirement counts', () => {
    const r = verified('MO');
    const mo = fixtureByKey('MO').record;
    expect(r.steering).toEqual({
      kind: 'steering_group',
      chair: 'Lars Bech Holm',
      members: 5,
      boardMembers: 3,
    });
    expect(r.projectLeader).toBe('Kristian Dahl');
    expect(r.status?.date).toBe('2019-12-31');
    expect(r.status?.rag).toBe('green');
    expect(r.requirements.total).toBe(requirementsFor(OS2_2016, 'N3').length);
    expect(r.requirements.open).toEqual(['N3-FORMAL-POLITICAL-COMMUNICATION-EXTERNAL']);
    expect(r.requirements.explained).toBe(1);
    expect(r.requirements.met).toBe(r.requirements.total - 2);
    expect(r.level).toBe('N3');
    expect(r.state).toBe('product');
    expect(r.revision).toBe(mo.revision);
    expect(r.openRequests).toBe(37);
    expect(r.topRequests).toEqual(top);
    expect(r.municipalities.map((m) => m.code)).toEqual([...mo.municipalities.map((m) => m.code)].sort());
  });

  it('"Who is who": a small N1 project with a project owner rolls up as project_owner', () => {
    const r = verified('CPR');
    expect(r.steering).toEqual({
      kind: 'project_owner',
      chair: 'Kasper Østergaard',
      members: 1,
      boardMembers: 0,
    });
  });

  it('a project without steering (an idea) rolls up as none; no status report, no status', () => {
    const f = fixtureByKey('FORD');
    const r = rollUp({
      site: 'os2',
      record: { ...f.record, projectOwner: undefined },
      decisions: [],
      integrity: 'verified',
      openRequests: 0,
      topRequests: [],
    });
    expect(r.steering).toEqual({ kind: 'none', members: 0, boardMembers: 0 });
    expect(r.status).toBeUndefined();
    expect('status' in r).toBe(false);
  });

  it('keeps the last 10 decisions, newest first, summaries trimmed to 500 characters', () => {
    const f = fixtureByKey('KITOS');
    const base = f.decisions[0]!;
    const many: Decision[] = Array.from({ length: 14 }, (_, i) => ({
      ...base,
      id: `d${i}`,
      decidedAt: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
      summary: i === 13 ? 'x'.repeat(2000) : `beslutning ${i}`,
    }));
    const shuffled = [...many.slice(7), ...many.slice(0, 7)];
    const r = rollUp({
      site: 'os2',
      record: f.record,
      decisions: shuffled,
      integrity: 'verified',
      openRequests: 0,
      topRequests: [],
    });
    expect(r.decisions).toHaveLength(10);
    expect(r.decisions[0]!.summary).toHaveLength(500);
    expect(r.decisions[0]!.summary.endsWith('…')).toBe(true);
    expect(r.decisions.slice(1).map((d) => d.summary)).toEqual(
      [12, 11, 10, 9, 8, 7, 6, 5, 4].map((i) => `beslutning ${i}`),
    );
    expect(RollUpSchema.safeParse(r).success).toBe(true);
  });

  it('trims long progress and request summaries and keeps at most 10 top requests', () => {
    const f = fixtureByKey('ROLLE');
    const record = {
      ...f.record,
      statusReports: [{ ...f.record.statusReports[0]!, progress: 'p'.repeat(3000) }],
    };
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...top[0]!,
      key: `ROLLE-${i}`,
      summary: 's'.repeat(400),
    }));
    const r = rollUp({
      site: 'os2',
      record,
      decisions: [],
      integrity: 'verified',
      openRequests: 12,
      topRequests: many,
    });
    expect(r.status!.progress).toHaveLength(500);
    expect(r.topRequests).toHaveLength(10);
    expect(r.topRequests[0]!.summary).toHaveLength(255);
    expect(RollUpSchema.safeParse(r).success).toBe(true);
  });

  it('design.md "Where data lives": a tampered or missing mirror rolls up with its integrity and no governance fields', () => {
    const f = fixtureByKey('MO');
    const tampered = rollUp({
      site: 'os2',
      record: f.record,
      decisions: f.decisions,
      integrity: 'tampered',
      openRequests: 3,
      topRequests: [],
    });
    expect(tampered.integrity).toBe('tampered');
    expect(tampered.level).toBeUndefined();
    expect(tampered.state).toBeUndefined();
    expect(tampered.steering.kind).toBe('none');
    expect(tampered.decisions).toEqual([]);
    expect(tampered.municipalities).toEqual([]);
    expect(tampered.sourceKey).toBe('os2/10001');
    expect(RollUpSchema.safeParse(tampered).success).toBe(true);

    const missing = rollUp({
      site: 'supplier',
      project: { id: '20001', key: 'NY' },
      name: 'OS2ny',
      decisions: [],
      integrity: 'missing',
      openRequests: 0,
      topRequests: [],
    });
    expect(missing.sourceKey).toBe('supplier/20001');
    expect(missing.name).toBe('OS2ny');
    expect(missing.revision).toBe(0);
    expect(RollUpSchema.safeParse(missing).success).toBe(true);
    expect(() =>
      rollUp({ site: 'os2', decisions: [], integrity: 'missing', openRequests: 0, topRequests: [] }),
    ).toThrow();
  });
});

/** Reorders the keys of every object, deeply, in a random but reproducible way. */
function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const order = entries
      .map((e, i) => ({ e, k: Math.sin(seed * 9301 + i * 49297) }))
      .sort((a, b) => a.k - b.k);
    return Object.fromEntries(order.map(({ e: [k, v] }, i) => [k, shuffleKeys(v, seed + i + 1)]));
  }
  return value;
}

/** Every leaf path of a JSON value. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...prefix, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  }
  return [prefix];
}

function changeAt(value: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = copy;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const v = cur[last];
  cur[last] = typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : `${String(v)}!`;
  return copy;
}

describe('rollUpHash: content hash of the roll-up (design.md step 3, skip writes when unchanged)', () => {
  const all: RollUp[] = FIXTURE_PRODUCTS.map((f) =>
    rollUp({
      site: f.site,
      record: f.record,
      decisions: f.decisions,
      integrity: 'verified',
      openRequests: 5,
      topRequests: top,
    }),
  );

  it('is a sha256 hex digest, equal for equal roll-ups', () => {
    const h = rollUpHash(all[0]!);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(rollUpHash(structuredClone(all[0]!))).toBe(h);
    expect(new Set(all.map(rollUpHash)).size).toBe(all.length);
  });

  it('property: ignores key order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.integer({ min: 1, max: 1_000_000 }), (r, seed) => {
        expect(rollUpHash(shuffleKeys(r, seed) as RollUp)).toBe(rollUpHash(r));
      }),
    );
  });

  it('property: changes when any rolled-up field changes', () => {
    const cases = all.flatMap((r) => leafPaths(r).map((p) => [r, p] as const));
    fc.assert(
      fc.property(fc.constantFrom(...cases), ([r, path]) => {
        expect(rollUpHash(changeAt(r, path) as RollUp)).not.toBe(rollUpHash(r));
      }),
      { numRuns: 500 },
    );
  });
});

describe('issue 14 finding 2: rule violations are shown in the roll-up', () => {
  it('KITOS moved to N3 by the board, with no board-appointed group, carries its violations; clean products none', () => {
    const kitos = fixtureByKey('KITOS');
    const moved = rollUp({
      site: kitos.site,
      record: { ...kitos.record, level: 'N3' },
      decisions: kitos.decisions,
      integrity: 'verified',
      openRequests: 0,
      topRequests: [],
    });
    expect(moved.ruleViolations).toEqual(
      expect.arrayContaining(['N3_STEERING_GROUP_NOT_APPOINTED', 'N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER']),
    );
    expect(RollUpSchema.parse(moved)).toEqual(moved);
    // A product that keeps its rules has no such field: its roll-up and hash are as before.
    expect(verified('MO').ruleViolations).toBeUndefined();
  });
});

describe('issue 15 item 3: the reporting duty in the roll-up, as dates', () => {
  it('a running product carries its cadence, its newest report and when the next is due', () => {
    // OS2mo is an N3 product (monthly) whose newest report is dated 2019-12-31.
    expect(verified('MO').reporting).toEqual({
      cadenceDays: 30,
      lastReport: '2019-12-31',
      dueDate: '2020-01-30',
    });
    // CPR is N1 (twice a year): 2016-12-31 + 182 days.
    expect(verified('CPR').reporting).toEqual({
      cadenceDays: 182,
      lastReport: '2016-12-31',
      dueDate: '2017-07-01',
    });
  });

  it('uses the configured cadence when one is given', () => {
    const f = fixtureByKey('MO');
    const r = rollUp({
      site: f.site,
      record: f.record,
      decisions: f.decisions,
      integrity: 'verified',
      openRequests: 0,
      topRequests: [],
      cadence: { N1: 365, N2: 60, N3: 14 },
    });
    expect(r.reporting).toEqual({ cadenceDays: 14, lastReport: '2019-12-31', dueDate: '2020-01-14' });
  });

  it('an approved project that has never reported has the duty without dates (overdue, with no "since")', () => {
    const f = fixtureByKey('ROLLE');
    const r = rollUp({
      site: f.site,
      record: { ...f.record, statusReports: [] },
      decisions: f.decisions,
      integrity: 'verified',
      openRequests: 0,
      topRequests: [],
    });
    expect(f.record.state).toBe('approved');
    expect(r.reporting).toEqual({ cadenceDays: 91 });
    expect(RollUpSchema.parse(r)).toEqual(r);
  });

  it('products without a reporting duty roll up exactly as before: no new key, so the same hash', () => {
    // The roll-up shape before issue 15 item 3, strict: it refuses any key it does not know.
    const Before = RollUpSchema.omit({ reporting: true });
    for (const key of ['FORD', 'DATA', 'IOT']) {
      const r = verified(key);
      expect(['idea', 'concept', 'board_review']).toContain(r.state);
      expect('reporting' in r).toBe(false);
      expect(rollUpHash(Before.parse(r))).toBe(rollUpHash(r));
    }
    expect(() => Before.parse(verified('MO'))).toThrow();
  });

  it('old roll-ups (written before the field) still parse', () => {
    const { reporting: _gone, ...old } = verified('MO');
    expect(RollUpSchema.parse(old)).toEqual(old);
    expect(
      RollUpSchema.safeParse({ ...old, reporting: { cadenceDays: 30, dueDate: '30-01-2020' } }).success,
    ).toBe(false);
  });

  it('property: the roll-up does not depend on the clock, so an unchanged product is never rewritten', () => {
    const f = fixtureByKey('KITOS');
    // new Date() and Date.now() both follow the faked system time.
    const at = (ms: number): string => {
      vi.useFakeTimers({ now: ms, toFake: ['Date'] });
      try {
        return rollUpHash(verified('KITOS'));
      } finally {
        vi.useRealTimers();
      }
    };
    expect(f.record.state).toBe('product');
    fc.assert(
      fc.property(fc.integer({ min: 1_500_000_000_000, max: 2_500_000_000_000 }), (ms) => {
        expect(at(ms)).toBe(at(1_600_000_000_000));
      }),
      { numRuns: 25 },
    );
  });
});
