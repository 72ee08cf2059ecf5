// Issue 14 "Migration": records stored before issue 14 keep working. Every fixture is loaded in the old shape
// (no admission, recommendation or imported markers; self-declared board flags; the old catalogue answers) and
// parsed, rolled up and offered steps exactly as stored records are.
import { describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../src/domain/fixtures.js';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { rollUp } from '../../src/domain/roll-up.js';
import { nextSteps } from '../../src/domain/next-steps.js';
import { withBoardRoster } from '../../src/domain/board-roster.js';
import { requirementCounts } from '../../src/domain/requirements.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';
import { board } from './helpers.js';
import { ChangeRequestSchema } from '../../src/domain/change-request.js';
import { migrateWorkingGroups, withCurrentGroup } from '../../src/domain/working-group.js';
import { rankedRequests } from '../../src/domain/priority-order.js';

const BOARD_GROUP = new Set([
  'os2-bst-lars',
  'os2-bst-hanne',
  'os2-bst-peter',
  'os2-bst-anne',
  'os2-bst-sofie',
]);

/** A record as stored before issue 14: none of the fields it added. */
function oldShape(record: Record<string, unknown>): Record<string, unknown> {
  const { recommendation: _r, admission: _a, ...rest } = record;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

describe('migration: every fixture in the old shape keeps working', () => {
  for (const f of FIXTURE_PRODUCTS) {
    it(`${f.record.project.key} (${f.record.level}, ${f.record.state})`, () => {
      const stored = GovernanceRecordSchema.parse(oldShape(f.record));
      for (const d of f.decisions) {
        const { imported: _i, ...old } = d;
        expect(DecisionSchema.parse(JSON.parse(JSON.stringify(old)))).toEqual(old);
      }
      const seen = withBoardRoster(stored, BOARD_GROUP);
      const counts = requirementCounts(seen, OS2_2016);
      expect(counts.total).toBeGreaterThan(0);
      const r = rollUp({
        site: f.site,
        record: seen,
        decisions: f.decisions,
        integrity: 'verified',
        openRequests: 0,
        topRequests: [],
      });
      expect(r.level).toBe(stored.level);
      expect(r.state).toBe(stored.state);
      expect(Array.isArray(nextSteps(seen, board))).toBe(true);
      // Answers stored for items the level no longer asks (N1 permissions carried up) are kept, not counted.
      expect(Object.keys(stored.requirements).length).toBe(Object.keys(f.record.requirements).length);
    });
  }

  it('an old board-review record without a recommendation gets one from the secretariat before approval', () => {
    const iot = GovernanceRecordSchema.parse(
      oldShape(FIXTURE_PRODUCTS.find((f) => f.record.project.key === 'IOT')!.record),
    );
    const steps = nextSteps(iot, board);
    expect(steps.find((s) => s.action === 'approve')?.refusal?.code).toBe('NEEDS_SECRETARIAT_RECOMMENDATION');
    expect(steps.find((s) => s.action === 'recommendToBoard')).toBeDefined();
  });
});

describe('migration: change requests stored before working groups and the priority order (finding 9)', () => {
  // Exactly as stored before: a working group typed as a name (with a convenor), a free-integer priority, and
  // two requests that were both #1.
  const stored = [
    { issueId: '201', name: 'Kontraktgruppen', priority: 1, submittedAt: '2019-03-01T10:00:00.000Z' },
    { issueId: '202', name: 'kontraktgruppen ', priority: 1, submittedAt: '2019-02-01T10:00:00.000Z' },
    { issueId: '203', name: 'Organisationsgruppen', priority: 3, submittedAt: '2019-01-01T10:00:00.000Z' },
  ].map((o) => ({
    issueId: o.issueId,
    request: ChangeRequestSchema.parse({
      id: `cr-${o.issueId}`,
      issueKey: `KITOS-${o.issueId}`,
      title: `Ønske ${o.issueId}`,
      size: 'large',
      state: 'prioritised',
      submittedBy: { accountId: 'k751-karin', displayName: 'Karin' },
      submittedAt: o.submittedAt,
      workingGroup: { name: o.name, convenor: { accountId: 'k710-soeren', displayName: 'Søren' } },
      priority: o.priority,
    }),
  }));

  it('old requests parse, get one group per distinct name, and one order with distinct places', () => {
    const groups = migrateWorkingGroups(
      [],
      stored.map((e) => e.request),
    );
    // Named as the first request to name it typed it (trimmed).
    expect(groups.map((g) => g.name)).toEqual(['Organisationsgruppen', 'kontraktgruppen']);
    for (const e of stored) {
      const seen = withCurrentGroup(e.request, groups);
      expect(seen.workingGroup?.id).toBeDefined();
      expect(seen.workingGroup?.convenor?.accountId).toBe('k710-soeren');
    }
    expect(rankedRequests([], stored).map((e) => e.issueId)).toEqual(['202', '201', '203']);
  });
});
