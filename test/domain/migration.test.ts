// Issue 14 "Migration": records stored before issue 14 keep working. Every fixture is loaded in the old shape
// (no admission, recommendation or imported markers; self-declared board flags; the old catalogue answers) and
// parsed, rolled up and offered steps exactly as stored records are.
import { describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
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

/** A record as stored before issue 14: none of the fields it added (findings 2-4: frame, description, elections). */
function oldShape(record: Record<string, unknown>): Record<string, unknown> {
  const {
    recommendation: _r,
    admission: _a,
    developmentFrame: _f,
    projectDescriptionApproval: _p,
    ...rest
  } = record;
  const old = JSON.parse(JSON.stringify(rest)) as Record<string, Record<string, unknown> | undefined>;
  delete old.steeringGroup?.chairElectedAt;
  delete old.coordinationGroup?.chairElectedAt;
  return old;
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

  it('findings 2-4: an old running product keeps its chair, has no frame (requests go to the board) and an open description requirement', async () => {
    const { effectiveFrameDkk } = await import('../../src/domain/economy.js');
    const { decideLarge, ChangeRequestSchema } = await import('../../src/domain/change-request.js');
    const kitos = GovernanceRecordSchema.parse(
      oldShape(FIXTURE_PRODUCTS.find((f) => f.record.project.key === 'KITOS')!.record),
    );
    expect(kitos.steeringGroup?.chair).toBe('k706-birgit');
    expect(effectiveFrameDkk(kitos)).toBeUndefined();
    expect(requirementCounts(kitos, OS2_2016).open).toContain('N1-GOVERNANCE-DESCRIPTION-APPROVED');
    // A change request stored before referrals and tallies existed parses, and is decided by the board.
    const old = ChangeRequestSchema.parse({
      id: 'cr-old',
      title: 'Gammelt ønske',
      size: 'large',
      state: 'recommended',
      submittedBy: { accountId: 'k', displayName: 'K' },
      submittedAt: '2018-01-01T00:00:00Z',
      estimate: { hours: 10, dkk: 10_000, supplier: 'L', at: '2018-01-02T00:00:00Z' },
    });
    const steering = { ...board, accountId: 'k706-birgit', roles: ['municipality_member' as const] };
    const r = decideLarge(
      old,
      steering,
      { approve: true, body: 'steering_group', financing: 'product' },
      '2026-01-01T00:00:00Z',
      'd',
      kitos,
    );
    expect(r.ok ? 'ok' : r.error.code).toBe('NO_DEVELOPMENT_FRAME');
  });

  it('finding 10: a poll and answers stored before multiple choice read as single choice and tally as before', async () => {
    const { PollSchema, pollResult } = await import('../../src/domain/poll.js');
    const at = '2018-03-01T00:00:00Z';
    const who = { accountId: 'k', displayName: 'K' };
    const poll = PollSchema.parse({
      id: 'p-old',
      question: 'Hvilken retning?',
      alternatives: [
        { id: 'alt-1', label: 'Overbliksværktøj' },
        { id: 'alt-2', label: 'Projektværktøj' },
      ],
      deadline: at,
      eligible: ['751', '101'],
      openedBy: who,
      openedAt: at,
      answers: {
        '751': {
          municipality: '751',
          option: 'alt-2',
          coFinance: { willing: true },
          answeredBy: who,
          answeredAt: at,
        },
      },
    });
    expect(poll.multiple).toBe(false);
    expect(pollResult(poll).options.map((o) => o.answers)).toEqual([0, 1]);
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
