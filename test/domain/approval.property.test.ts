import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as approval from '../../src/domain/approval.js';
import * as work from '../../src/domain/project-work.js';
import * as org from '../../src/domain/organisation.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import { recordRuleViolations } from '../../src/domain/invariants.js';
import { requirementsFor } from '../../src/domain/catalogue.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';
import { base, board, member, person, projectAdmin, secretariat, steeringMember } from './helpers.js';
import type { Actor } from '../../src/domain/actor.js';
import type { Decision } from '../../src/domain/decision.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';

const NOW = '2026-05-01T12:00:00Z';
const levels = fc.constantFrom('N1' as const, 'N2' as const, 'N3' as const);
const reason = fc.constantFrom(undefined, '', 'Begrundelse');
const groups = fc.constantFrom<approval.SteeringGroupInput>(
  { members: [steeringMember('a', '751'), steeringMember('b', '461')], chair: 'a' },
  {
    members: [steeringMember('x', '751', true), steeringMember('y', '147', true), steeringMember('z', '461')],
    chair: 'x',
  },
  { members: [steeringMember('k751-karin', '751')] },
);
const reqIds = fc.constantFrom(...requirementsFor(OS2_2016, 'N3').map((r) => r.id));

type Action = {
  name: string;
  run: (
    r: GovernanceRecord,
    a: Actor,
    id: string,
  ) => { ok: boolean; record?: GovernanceRecord; decision?: Decision };
};

const action: fc.Arbitrary<Action> = fc.oneof(
  levels.map((level): Action => ({
    name: 'placeOnLevel',
    run: (r, a, id) => approval.placeOnLevel(r, a, { level }, NOW, id),
  })),
  fc.constant({
    name: 'submitToBoard',
    run: (r, a, id) => approval.submitToBoard(r, a, {}, NOW, id),
  } as Action),
  fc.constant({
    name: 'startImplementation',
    run: (r, a, id) => approval.startImplementation(r, a, {}, NOW, id),
  } as Action),
  fc.boolean().map(
    (g) =>
      ({
        name: 'approve',
        run: (r, a, id) => approval.approve(r, a, { approveSteeringGroup: g }, NOW, id),
      }) as Action,
  ),
  reason.map(
    (x) =>
      ({ name: 'sendBack', run: (r, a, id) => approval.sendBack(r, a, { reason: x }, NOW, id) }) as Action,
  ),
  fc.constant({
    name: 'becomeProduct',
    run: (r, a, id) => approval.becomeProduct(r, a, {}, NOW, id),
  } as Action),
  reason.map(
    (x) => ({ name: 'retire', run: (r, a, id) => approval.retire(r, a, { reason: x }, NOW, id) }) as Action,
  ),
  fc.tuple(levels, reason).map(
    ([level, x]) =>
      ({
        name: 'changeLevel',
        run: (r, a, id) => approval.changeLevel(r, a, { level, reason: x }, NOW, id),
      }) as Action,
  ),
  fc.constant({
    name: 'approveSteeringGroup',
    run: (r, a, id) => approval.approveSteeringGroup(r, a, {}, NOW, id),
  } as Action),
  groups.map(
    (g) =>
      ({
        name: 'appointSteeringGroup',
        run: (r, a, id) => approval.appointSteeringGroup(r, a, { steeringGroup: g }, NOW, id),
      }) as Action,
  ),
  fc.tuple(reqIds, fc.constantFrom('met' as const, 'explained' as const, 'open' as const)).map(
    ([requirementId, status]) =>
      ({
        name: 'answer',
        run: (r, a) =>
          work.answerRequirement(r, a, { requirementId, status, explanation: 'Forklaring' }, NOW),
      }) as Action,
  ),
  fc.integer({ min: 0, max: 2_000_000 }).map(
    (n) =>
      ({
        name: 'report',
        run: (r, a) =>
          work.fileStatusReport(
            r,
            a,
            { progress: 'ok', rag: 'green', budgetDkk: n, spentDkk: n, forecastDkk: n },
            NOW,
          ),
      }) as Action,
  ),
  groups.map(
    (g) => ({ name: 'setSteeringGroup', run: (r, a) => org.setSteeringGroup(r, a, g, NOW) }) as Action,
  ),
  fc.option(fc.constantFrom(person('o1'), person('a'))).map(
    (p) =>
      ({
        name: 'setProjectOwner',
        run: (r, a) => org.setProjectOwner(r, a, p ? { projectOwner: p } : {}, NOW),
      }) as Action,
  ),
  fc.option(fc.constantFrom(person('pl'), person('a'))).map(
    (p) =>
      ({
        name: 'setProjectLeader',
        run: (r, a) => org.setProjectLeader(r, a, p ? { projectLeader: p } : {}, NOW),
      }) as Action,
  ),
  fc.boolean().map(
    (b) =>
      ({
        name: 'setCoordinationGroup',
        run: (r, a) =>
          org.setCoordinationGroup(
            r,
            a,
            { members: [{ person: person('c'), municipality: '751', boardMember: b }], chair: 'c' },
            NOW,
          ),
      }) as Action,
  ),
  fc
    .subarray(['751', '461', '147', '101'])
    .map(
      (codes) =>
        ({ name: 'setMunicipalities', run: (r, a) => org.setMunicipalities(r, a, { codes }, NOW) }) as Action,
    ),
);

const nonBoard = fc.constantFrom<Actor>(secretariat, projectAdmin, member, {
  ...secretariat,
  accountId: 'both',
  roles: ['secretariat', 'project_admin', 'municipality_member'],
});
const anyone = fc.oneof(nonBoard, fc.constant(board));
const starts = fc.constantFrom(
  ...FIXTURE_PRODUCTS.map((f) => f.record),
  base({ state: 'idea', level: 'N1' }),
);

const BOARD_KINDS = new Set([
  'approve',
  'send_back',
  'change_level',
  'approve_steering_group',
  'appoint_steering_group',
]);

describe('domain.md "Change of level" and "Who is who": properties of the state machine', () => {
  it('property: no sequence of actions by non-board actors changes a placed level or records a board decision', () => {
    fc.assert(
      fc.property(starts, fc.array(fc.tuple(nonBoard, action), { maxLength: 30 }), (start, steps) => {
        let record = start;
        steps.forEach(([actor, act], i) => {
          const before = record;
          const r = act.run(record, actor, `p-${i}`);
          if (!r.ok) return;
          record = r.record!;
          if (approval.isPlaced(before)) expect(record.level).toBe(before.level);
          if (r.decision) {
            expect(r.decision.body).not.toBe('board');
            expect(BOARD_KINDS.has(r.decision.kind)).toBe(false);
          }
          // A board approval of a steering group cannot be forged: it is only ever kept or cleared.
          const approvedAt = record.steeringGroup?.approvedByBoardAt;
          if (approvedAt !== undefined) expect(approvedAt).toBe(before.steeringGroup?.approvedByBoardAt);
          if (record.steeringGroup?.appointedByBoard)
            expect(before.steeringGroup?.appointedByBoard).toBe(true);
          if (before.state === 'board_review') expect(record.state).toBe('board_review');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('property: any actions by anyone except level changes keep a valid record that breaks no rule, revision +1 per save', () => {
    fc.assert(
      fc.property(starts, fc.array(fc.tuple(anyone, action), { maxLength: 30 }), (start, steps) => {
        let record = start;
        steps.forEach(([actor, act], i) => {
          if (act.name === 'changeLevel') return;
          const r = act.run(record, actor, `p-${i}`);
          if (!r.ok) return;
          expect(r.record!.revision).toBe(record.revision + 1);
          record = r.record!;
          expect(GovernanceRecordSchema.safeParse(record).success).toBe(true);
          expect(recordRuleViolations(record), act.name).toEqual([]);
        });
      }),
      { numRuns: 300 },
    );
  });
});
