import { describe, expect, it } from 'vitest';
import {
  approve,
  approveSteeringGroup,
  appointSteeringGroup,
  becomeProduct,
  changeLevel,
  isPlaced,
  placeOnLevel,
  retire,
  reject,
  sendBack,
  loopBack,
  startImplementation,
  submitToBoard,
  recommendToBoard,
} from '../../src/domain/approval.js';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { recordRuleViolations } from '../../src/domain/invariants.js';
import { withCatalogue, CATALOGUES } from '../../src/domain/catalogue-registry.js';
import {
  NOW,
  base,
  board,
  fixture,
  member,
  person,
  projectAdmin,
  secretariat,
  steeringMember,
} from './helpers.js';
import type { TransitionResult } from '../../src/domain/transition-kit.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';

/** The refusal code, or 'ok'. */
const code = (r: TransitionResult) => (r.ok ? 'ok' : r.error.code);

function ok(r: TransitionResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  expect(GovernanceRecordSchema.parse(r.record)).toEqual(r.record);
  expect(DecisionSchema.parse(r.decision)).toEqual(r.decision);
  return r;
}

/** An N2 steering group of two municipal members from the record's municipalities, chaired by the first. */
const n2Group = (approved = false) => ({
  members: [steeringMember('k751-karin', '751'), steeringMember('k461-line', '461')],
  chair: 'k751-karin',
  appointedByBoard: false,
  ...(approved ? { approvedByBoardAt: '2026-02-01T10:00:00Z' } : {}),
});

/** An N3 group: 3 board members of 5 (majority) unless told otherwise. */
const n3Group = (boardMembers = 3, total = 5, appointed = true) => ({
  members: Array.from({ length: total }, (_, i) =>
    steeringMember(`m${i}`, i % 2 === 0 ? '751' : '461', i < boardMembers),
  ),
  chair: 'm0',
  appointedByBoard: appointed,
  ...(appointed ? { approvedByBoardAt: '2026-02-01T10:00:00Z' } : {}),
});

const coordination = (boardMember = false) => ({
  members: [
    { person: person('c1'), municipality: '751', boardMember },
    { person: person('c2'), municipality: '461', boardMember: false },
  ],
  chair: 'c1',
  supplierRun: false,
});

describe('domain.md "From idea to project to product" step 1: the secretariat places an idea on a level', () => {
  const idea = base({ state: 'idea', level: 'N1' });

  it('the secretariat places a new idea on any level; it becomes a concept, a decision is recorded', () => {
    const r = ok(placeOnLevel(idea, secretariat, { level: 'N2', basis: 'Fælleskommunal værdi' }, NOW, 'd-1'));
    expect(r.record.state).toBe('concept');
    expect(r.record.level).toBe('N2');
    expect(r.record.placedOnLevelAt).toBe(NOW);
    expect(r.record.revision).toBe(idea.revision + 1);
    expect(r.record.updatedAt).toBe(NOW);
    expect(r.decision).toMatchObject({
      id: 'd-1',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: { accountId: secretariat.accountId, displayName: secretariat.displayName },
      decidedAt: NOW,
      basis: 'Fælleskommunal værdi',
      fromState: 'idea',
      toState: 'concept',
      fromLevel: 'N1',
      toLevel: 'N2',
    });
    // Every N2 requirement is still open but the one the record shows (participating municipalities): they are
    // carried into the decision. 34 = N2's requirements without N1's replaced items and the permissions.
    expect(r.decision.openRequirements).toHaveLength(34 - 1);
    expect(r.decision.openRequirements).not.toContain('N1-GOVERNANCE-MUNICIPALITIES');
  });

  it('ILLEGAL_TRANSITION: only an idea is placed', () => {
    expect(code(placeOnLevel(base({ state: 'concept' }), secretariat, { level: 'N2' }, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('ONLY_SECRETARIAT_PLACES_ON_LEVEL: not the board, a project admin or a member', () => {
    for (const a of [board, projectAdmin, member]) {
      expect(code(placeOnLevel(idea, a, { level: 'N1' }, NOW, 'd'))).toBe('ONLY_SECRETARIAT_PLACES_ON_LEVEL');
    }
  });

  it('"Change of level": after a send-back the idea keeps its level; only the board changes it (ONLY_BOARD_DECIDES_LEVEL)', () => {
    const sentBack = base({ state: 'idea', level: 'N2', placedOnLevelAt: '2026-01-01T00:00:00Z' });
    expect(isPlaced(sentBack)).toBe(true);
    expect(code(placeOnLevel(sentBack, secretariat, { level: 'N1' }, NOW, 'd'))).toBe(
      'ONLY_BOARD_DECIDES_LEVEL',
    );
    const again = ok(placeOnLevel(sentBack, secretariat, { level: 'N2' }, NOW, 'd'));
    expect(again.record.placedOnLevelAt).toBe('2026-01-01T00:00:00Z');
    expect(again.decision.fromLevel).toBeUndefined();
  });

  it('INVALID_INPUT names the field: unknown level, bad time, empty decision id', () => {
    const r = placeOnLevel(idea, secretariat, { level: 'N4' as 'N1' }, NOW, 'd');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.issues?.[0]?.path).toEqual(['level']);
      expect(r.error.issues?.[0]?.message).toContain('Ukendt niveau');
    }
    const t = placeOnLevel(idea, secretariat, { level: 'N1' }, 'i går', '');
    expect(!t.ok && t.error.issues?.map((i) => i.path)).toEqual([['now'], ['id']]);
  });
});

describe('domain.md step 2 "Concept → implementation": N1 goes straight on, N2/N3 go to the board', () => {
  const n1 = base({ state: 'concept', level: 'N1', projectOwner: person('owner') });
  const n2 = base({ state: 'concept', level: 'N2' });

  it('submitToBoard: the secretariat recommends an N2/N3 concept to the board; the recommendation is kept', () => {
    const r = ok(submitToBoard(n2, secretariat, { basis: 'Indstilling' }, NOW, 'd'));
    expect(r.record.state).toBe('board_review');
    expect(r.decision.body).toBe('secretariat');
    expect(r.record.recommendation).toEqual({
      by: { accountId: secretariat.accountId, displayName: secretariat.displayName },
      at: NOW,
      basis: 'Indstilling',
    });
  });

  it('finding 3: a project admin (even the project leader) is not logged as the steering group submitting', () => {
    const withGroup = { ...n2, steeringGroup: n2Group() };
    expect(code(submitToBoard(withGroup, projectAdmin, {}, NOW, 'd'))).toBe('ONLY_SECRETARIAT_RECOMMENDS');
    expect(code(submitToBoard(n2, projectAdmin, {}, NOW, 'd'))).toBe('ONLY_SECRETARIAT_RECOMMENDS');
  });

  it('submitToBoard refusals: ILLEGAL_TRANSITION, ONLY_SECRETARIAT_RECOMMENDS, N1_SKIPS_BOARD', () => {
    expect(code(submitToBoard(base({ state: 'idea' }), secretariat, {}, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(code(submitToBoard(n2, member, {}, NOW, 'd'))).toBe('ONLY_SECRETARIAT_RECOMMENDS');
    expect(code(submitToBoard(n2, board, {}, NOW, 'd'))).toBe('ONLY_SECRETARIAT_RECOMMENDS');
    expect(code(submitToBoard(n1, secretariat, {}, NOW, 'd'))).toBe('N1_SKIPS_BOARD');
  });

  it("finding 3: the board approves only on the secretariat's recommendation (seed 003 5.4.3)", () => {
    const legacy = { ...base({ state: 'board_review', level: 'N2' }), steeringGroup: n2Group(true) };
    expect(code(approve(legacy, board, {}, NOW, 'd'))).toBe('NEEDS_SECRETARIAT_RECOMMENDATION');
    expect(code(recommendToBoard(legacy, projectAdmin, {}, NOW, 'd'))).toBe('ONLY_SECRETARIAT_RECOMMENDS');
    const recommended = ok(recommendToBoard(legacy, secretariat, { basis: 'Indstilles' }, NOW, 'd'));
    expect(recommended.decision).toMatchObject({ kind: 'submit_to_board', body: 'secretariat' });
    expect(code(recommendToBoard(recommended.record, secretariat, {}, NOW, 'd'))).toBe('ILLEGAL_TRANSITION');
    expect(code(approve(recommended.record, board, {}, NOW, 'd'))).toBe('ok');
    // Sent back, the concept loses the recommendation: a new one is made when it returns.
    const back = ok(sendBack(recommended.record, board, { reason: 'Mangler strategisk fit' }, NOW, 'd'));
    expect(back.record.recommendation).toBeUndefined();
  });

  it('startImplementation: the secretariat starts an N1 concept with a project owner or a steering group', () => {
    const r = ok(startImplementation(n1, secretariat, { basis: 'Projektejer udpeget' }, NOW, 'd'));
    expect(r.record.state).toBe('approved');
    expect(r.decision).toMatchObject({
      kind: 'start_implementation',
      body: 'secretariat',
      toState: 'approved',
    });
    const withGroup = { ...n1, projectOwner: undefined, steeringGroup: n2Group() };
    expect(code(startImplementation(withGroup, secretariat, {}, NOW, 'd'))).toBe('ok');
  });

  it('startImplementation refusals: state, role, N2_N3_NEEDS_BOARD, municipality, steering', () => {
    expect(code(startImplementation(base({ state: 'idea', level: 'N1' }), secretariat, {}, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(code(startImplementation(n1, projectAdmin, {}, NOW, 'd'))).toBe(
      'ONLY_SECRETARIAT_STARTS_IMPLEMENTATION',
    );
    expect(code(startImplementation(n1, board, {}, NOW, 'd'))).toBe('ONLY_SECRETARIAT_STARTS_IMPLEMENTATION');
    expect(code(startImplementation(n2, secretariat, {}, NOW, 'd'))).toBe('N2_N3_NEEDS_BOARD');
    expect(code(startImplementation({ ...n1, municipalities: [] }, secretariat, {}, NOW, 'd'))).toBe(
      'NO_PARTICIPATING_MUNICIPALITY',
    );
    expect(code(startImplementation({ ...n1, projectOwner: undefined }, secretariat, {}, NOW, 'd'))).toBe(
      'NEEDS_STEERING_GROUP_OR_PROJECT_OWNER',
    );
    const badChair = { ...n1, steeringGroup: { ...n2Group(), chair: 'stranger' } };
    expect(code(startImplementation(badChair, secretariat, {}, NOW, 'd'))).toBe('CHAIR_NOT_A_MEMBER');
  });
});

describe('domain.md step 2: the board approves (N2/N3 governance requirements)', () => {
  const review = (changes: Partial<GovernanceRecord>) => ({
    ...base({ state: 'board_review', level: 'N2' }),
    recommendation: { by: person(secretariat.accountId), at: NOW, basis: 'Indstilling' },
    ...changes,
  });

  it('N2 with a board-approved steering group: approved, board decision with open requirements', () => {
    const rec = review({ steeringGroup: n2Group(true) });
    const r = ok(approve(rec, board, { basis: 'Bestyrelsesmøde' }, NOW, 'd-9'));
    expect(r.record.state).toBe('approved');
    expect(r.decision).toMatchObject({
      kind: 'approve',
      body: 'board',
      fromState: 'board_review',
      toState: 'approved',
    });
    // Checked from the record (finding 1): the approval itself meets "the board approves the project".
    expect(r.decision.openRequirements).not.toContain('N2-GOVERNANCE-BOARD-APPROVES');
    expect(r.decision.openRequirements).toContain('N2-FORMAL-PROJECT-MODEL');
    expect(r.record.steeringGroup?.approvedByBoardAt).toBe('2026-02-01T10:00:00Z');
  });

  it('ONLY_BOARD_APPROVES: not the secretariat, a project admin or a member', () => {
    const rec = review({ steeringGroup: n2Group(true) });
    for (const a of [secretariat, projectAdmin, member])
      expect(code(approve(rec, a, {}, NOW, 'd'))).toBe('ONLY_BOARD_APPROVES');
  });

  it('ILLEGAL_TRANSITION: only a concept under board review is approved', () => {
    expect(code(approve(base({ state: 'concept', steeringGroup: n2Group(true) }), board, {}, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('N2_STEERING_GROUP_NOT_APPROVED, unless the board approves it in the same decision', () => {
    const rec = review({ steeringGroup: n2Group(false) });
    expect(code(approve(rec, board, {}, NOW, 'd'))).toBe('N2_STEERING_GROUP_NOT_APPROVED');
    const r = ok(approve(rec, board, { approveSteeringGroup: true }, NOW, 'd'));
    expect(r.record.steeringGroup?.approvedByBoardAt).toBe(NOW);
    expect(r.record.steeringGroup?.appointedByBoard).toBe(false);
    expect(recordRuleViolations(r.record)).toEqual([]);
  });

  it('STEERING_GROUP_MISSING and PROJECT_OWNER_ONLY_FOR_N1: N2 needs a steering group', () => {
    expect(code(approve(review({}), board, { approveSteeringGroup: true }, NOW, 'd'))).toBe(
      'STEERING_GROUP_MISSING',
    );
    expect(code(approve(review({ projectOwner: person('o') }), board, {}, NOW, 'd'))).toBe(
      'PROJECT_OWNER_ONLY_FOR_N1',
    );
  });

  it('PROJECT_LEADER_IS_NOT_A_MEMBER: the project leader is the steering group secretary', () => {
    const rec = review({ steeringGroup: n2Group(true), projectLeader: person('k751-karin') });
    expect(code(approve(rec, board, {}, NOW, 'd'))).toBe('PROJECT_LEADER_IS_NOT_A_MEMBER');
  });

  it('CHAIR_NOT_A_MEMBER and STEERING_MEMBER_NOT_PARTICIPATING block approval', () => {
    expect(
      code(approve(review({ steeringGroup: { ...n2Group(true), chair: 'x' } }), board, {}, NOW, 'd')),
    ).toBe('CHAIR_NOT_A_MEMBER');
    const outsider = { ...n2Group(true), members: [...n2Group().members, steeringMember('k101-x', '101')] };
    expect(code(approve(review({ steeringGroup: outsider }), board, {}, NOW, 'd'))).toBe(
      'STEERING_MEMBER_NOT_PARTICIPATING',
    );
  });

  it('NO_PARTICIPATING_MUNICIPALITY: a project needs at least one municipality', () => {
    const rec = review({ municipalities: [], steeringGroup: undefined, projectOwner: undefined });
    expect(code(approve(rec, board, {}, NOW, 'd'))).toBe('NO_PARTICIPATING_MUNICIPALITY');
  });

  it('N3_STEERING_GROUP_NOT_APPOINTED, unless appointed in the same decision', () => {
    const rec = review({ level: 'N3', steeringGroup: n3Group(3, 5, false) });
    expect(code(approve(rec, board, {}, NOW, 'd'))).toBe('N3_STEERING_GROUP_NOT_APPOINTED');
    const r = ok(approve(rec, board, { approveSteeringGroup: true }, NOW, 'd'));
    expect(r.record.steeringGroup?.appointedByBoard).toBe(true);
    expect(recordRuleViolations(r.record)).toEqual([]);
  });

  it('N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY: boardMembers > members/2 (2 of 4 is not a majority, 3 of 5 is)', () => {
    expect(code(approve(review({ level: 'N3', steeringGroup: n3Group(2, 4) }), board, {}, NOW, 'd'))).toBe(
      'N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY',
    );
    expect(
      code(
        approve(
          review({ level: 'N3', steeringGroup: n3Group(2, 4, false) }),
          board,
          { approveSteeringGroup: true },
          NOW,
          'd',
        ),
      ),
    ).toBe('N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY');
    expect(code(approve(review({ level: 'N3', steeringGroup: n3Group(3, 5) }), board, {}, NOW, 'd'))).toBe(
      'ok',
    );
    expect(code(approve(review({ level: 'N3', steeringGroup: n3Group(3, 4) }), board, {}, NOW, 'd'))).toBe(
      'ok',
    );
  });

  it('design.md: open requirements are carried into the decision and the board may still decide', () => {
    const rec = review({ steeringGroup: n2Group(true), requirements: {} });
    const r = ok(approve(rec, board, {}, NOW, 'd'));
    // All 34 N2 requirements but the three the record shows: municipalities, board approval, approved group.
    expect(r.decision.openRequirements).toHaveLength(34 - 3);
  });
});

describe('domain.md step 2 "tilbageløb": the board sends a concept back to ideation', () => {
  const rec = fixture('IOT');

  it('keeps all work (level, answers, groups, reports) and records the reason', () => {
    const r = ok(sendBack(rec, board, { reason: 'Manglende strategisk fit' }, NOW, 'd'));
    // Everything but the secretariat's recommendation, which was for the concept as it was.
    const { recommendation: _r, ...kept } = rec;
    expect(r.record).toEqual({ ...kept, state: 'idea', revision: rec.revision + 1, updatedAt: NOW });
    expect(r.decision).toMatchObject({
      kind: 'send_back',
      body: 'board',
      basis: 'Manglende strategisk fit',
      toState: 'idea',
    });
    expect(r.decision.openRequirements).toEqual(
      expect.arrayContaining(['N1-FORMAL-TRAINING', 'N2-FORMAL-BEST-PRACTICE']),
    );
  });

  it('ONLY_BOARD_SENDS_BACK, ILLEGAL_TRANSITION, REASON_REQUIRED (missing or blank)', () => {
    expect(code(sendBack(rec, secretariat, { reason: 'x' }, NOW, 'd'))).toBe('ONLY_BOARD_SENDS_BACK');
    expect(code(sendBack({ ...rec, state: 'concept' }, board, { reason: 'x' }, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(code(sendBack(rec, board, {}, NOW, 'd'))).toBe('REASON_REQUIRED');
    expect(code(sendBack(rec, board, { reason: '   ' }, NOW, 'd'))).toBe('REASON_REQUIRED');
  });
});

describe('domain.md step 1 "tilbageløb": the secretariat loops a concept back to the idea stage', () => {
  const concept = () => fixture('FORD');

  it('keeps all work (level, answers, groups, reports) and records the reason', () => {
    const rec = concept();
    expect(rec.state).toBe('concept');
    const r = ok(loopBack(rec, secretariat, { reason: 'Værdien skal beskrives igen' }, NOW, 'd'));
    expect(r.record).toEqual({ ...rec, state: 'idea', revision: rec.revision + 1, updatedAt: NOW });
    expect(r.decision).toMatchObject({
      kind: 'loop_back',
      body: 'secretariat',
      basis: 'Værdien skal beskrives igen',
      fromState: 'concept',
      toState: 'idea',
    });
  });

  it('ONLY_SECRETARIAT_LOOPS_BACK, ILLEGAL_TRANSITION, REASON_REQUIRED (missing or blank)', () => {
    const rec = concept();
    expect(code(loopBack(rec, projectAdmin, { reason: 'x' }, NOW, 'd'))).toBe('ONLY_SECRETARIAT_LOOPS_BACK');
    expect(code(loopBack(rec, board, { reason: 'x' }, NOW, 'd'))).toBe('ONLY_SECRETARIAT_LOOPS_BACK');
    expect(code(loopBack({ ...rec, state: 'board_review' }, secretariat, { reason: 'x' }, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(code(loopBack(rec, secretariat, {}, NOW, 'd'))).toBe('REASON_REQUIRED');
    expect(code(loopBack(rec, secretariat, { reason: '  ' }, NOW, 'd'))).toBe('REASON_REQUIRED');
  });
});

describe('domain.md step 4 "Product": approved → product needs a coordination group', () => {
  const approvedN2 = () => fixture('ROLLE');

  it('the secretariat declares a product once a coordination group exists', () => {
    const rec = { ...approvedN2(), coordinationGroup: coordination() };
    const r = ok(becomeProduct(rec, secretariat, { basis: 'I drift' }, NOW, 'd'));
    expect(r.record.state).toBe('product');
    expect(r.decision).toMatchObject({ kind: 'become_product', body: 'secretariat' });
    expect(code(becomeProduct(rec, board, {}, NOW, 'd'))).toBe('ok');
  });

  it('PRODUCT_NEEDS_COORDINATION_GROUP (none, or an empty one)', () => {
    expect(code(becomeProduct(approvedN2(), secretariat, {}, NOW, 'd'))).toBe(
      'PRODUCT_NEEDS_COORDINATION_GROUP',
    );
    const empty = { ...approvedN2(), coordinationGroup: { members: [], supplierRun: false } };
    expect(code(becomeProduct(empty, secretariat, {}, NOW, 'd'))).toBe('PRODUCT_NEEDS_COORDINATION_GROUP');
  });

  it('N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER', () => {
    const n3 = { ...fixture('MO'), state: 'approved' as const };
    expect(
      code(becomeProduct({ ...n3, coordinationGroup: coordination(false) }, secretariat, {}, NOW, 'd')),
    ).toBe('N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER');
    expect(
      code(becomeProduct({ ...n3, coordinationGroup: coordination(true) }, secretariat, {}, NOW, 'd')),
    ).toBe('ok');
  });

  it('refusals: ILLEGAL_TRANSITION, ONLY_SECRETARIAT_DECLARES_PRODUCT, steering rules still apply', () => {
    const rec = { ...approvedN2(), coordinationGroup: coordination() };
    expect(code(becomeProduct({ ...rec, state: 'concept' }, secretariat, {}, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(code(becomeProduct(rec, projectAdmin, {}, NOW, 'd'))).toBe('ONLY_SECRETARIAT_DECLARES_PRODUCT');
    const unapproved = { ...rec, steeringGroup: { ...rec.steeringGroup!, approvedByBoardAt: undefined } };
    expect(code(becomeProduct(unapproved, secretariat, {}, NOW, 'd'))).toBe('N2_STEERING_GROUP_NOT_APPROVED');
    expect(code(becomeProduct({ ...rec, municipalities: [] }, secretariat, {}, NOW, 'd'))).toBe(
      'NO_PARTICIPATING_MUNICIPALITY',
    );
  });
});

describe('domain.md step 5 "Change of level": only the board decides, in any state; work carries over', () => {
  it('the board moves a product N3 → N2 and everything else is kept', () => {
    const mo = fixture('MO');
    const r = ok(changeLevel(mo, board, { level: 'N2', reason: 'Ikke længere strategisk' }, NOW, 'd'));
    expect(r.record).toEqual({ ...mo, level: 'N2', revision: mo.revision + 1, updatedAt: NOW });
    expect(r.decision).toMatchObject({ kind: 'change_level', body: 'board', fromLevel: 'N3', toLevel: 'N2' });
    expect(r.decision.fromState).toBeUndefined();
  });

  it('works in every state but the closed ones', () => {
    for (const state of ['idea', 'concept', 'board_review', 'approved', 'product'] as const) {
      expect(code(changeLevel(base({ state }), board, { level: 'N1', reason: 'x' }, NOW, 'd'))).toBe('ok');
    }
  });

  it('finding 6: no level change on a retired or rejected record', () => {
    for (const state of ['retired', 'rejected'] as const) {
      expect(code(changeLevel(base({ state }), board, { level: 'N1', reason: 'x' }, NOW, 'd'))).toBe(
        'ILLEGAL_TRANSITION',
      );
    }
  });

  it('ONLY_BOARD_DECIDES_LEVEL, LEVEL_UNCHANGED, REASON_REQUIRED', () => {
    const rec = fixture('KITOS');
    for (const a of [secretariat, projectAdmin, member]) {
      expect(code(changeLevel(rec, a, { level: 'N3', reason: 'x' }, NOW, 'd'))).toBe(
        'ONLY_BOARD_DECIDES_LEVEL',
      );
    }
    expect(code(changeLevel(rec, board, { level: 'N2', reason: 'x' }, NOW, 'd'))).toBe('LEVEL_UNCHANGED');
    expect(code(changeLevel(rec, board, { level: 'N3' }, NOW, 'd'))).toBe('REASON_REQUIRED');
    expect(code(changeLevel(rec, board, { level: 'N3', reason: ' ' }, NOW, 'd'))).toBe('REASON_REQUIRED');
  });

  it('a level change of an unplaced idea places it (the board decided the level)', () => {
    const r = ok(changeLevel(base({ state: 'idea' }), board, { level: 'N3', reason: 'x' }, NOW, 'd'));
    expect(r.record.placedOnLevelAt).toBe(NOW);
  });
});

describe('retire: closing a project or product (report 5.3: the board may close a product)', () => {
  it('the board retires (closes) any level, N1 included (seed 003 5.3); a reason is required', () => {
    const r = ok(retire(fixture('KITOS'), board, { reason: 'Erstattet' }, NOW, 'd'));
    expect(r.record.state).toBe('retired');
    expect(r.decision).toMatchObject({
      kind: 'retire',
      body: 'board',
      fromState: 'product',
      toState: 'retired',
    });
    expect(r.decision.summary).toMatch(/Lukket/);
    // Finding 6: the secretariat used to retire N1 projects; closing them is the board's.
    expect(code(retire(fixture('CPR'), secretariat, { reason: 'Ikke længere i brug' }, NOW, 'd'))).toBe(
      'ONLY_BOARD_RETIRES',
    );
    expect(ok(retire(fixture('CPR'), board, { reason: 'Ikke længere i brug' }, NOW, 'd')).decision.body).toBe(
      'board',
    );
    expect(code(retire(fixture('KITOS'), secretariat, { reason: 'x' }, NOW, 'd'))).toBe('ONLY_BOARD_RETIRES');
    expect(code(retire(fixture('CPR'), projectAdmin, { reason: 'x' }, NOW, 'd'))).toBe('ONLY_BOARD_RETIRES');
    expect(code(retire(fixture('KITOS'), board, {}, NOW, 'd'))).toBe('REASON_REQUIRED');
    expect(code(retire({ ...fixture('KITOS'), state: 'retired' }, board, { reason: 'x' }, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });
});

describe('domain.md N2/N3 governance: the board approves (N2) or appoints (N3) the steering group', () => {
  it('approveSteeringGroup: the board approves the proposed N2 group', () => {
    const rec = base({ state: 'concept', steeringGroup: n2Group() });
    const r = ok(approveSteeringGroup(rec, board, { basis: 'Møde' }, NOW, 'd'));
    expect(r.record.steeringGroup?.approvedByBoardAt).toBe(NOW);
    expect(r.decision).toMatchObject({ kind: 'approve_steering_group', body: 'board' });
    expect(r.record.state).toBe('concept');
  });

  it('approveSteeringGroup refusals', () => {
    const rec = base({ state: 'concept', steeringGroup: n2Group() });
    expect(code(approveSteeringGroup(rec, secretariat, {}, NOW, 'd'))).toBe(
      'ONLY_BOARD_APPROVES_STEERING_GROUP',
    );
    expect(code(approveSteeringGroup({ ...rec, state: 'retired' }, board, {}, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(code(approveSteeringGroup(base({ state: 'concept' }), board, {}, NOW, 'd'))).toBe(
      'STEERING_GROUP_MISSING',
    );
    const empty = { ...rec, steeringGroup: { members: [], appointedByBoard: false } };
    expect(code(approveSteeringGroup(empty, board, {}, NOW, 'd'))).toBe('STEERING_GROUP_EMPTY');
    const twice = {
      ...rec,
      steeringGroup: { ...n2Group(), members: [...n2Group().members, n2Group().members[0]!] },
    };
    expect(code(approveSteeringGroup(twice, board, {}, NOW, 'd'))).toBe('STEERING_GROUP_DUPLICATE_MEMBER');
    const n3 = { ...rec, level: 'N3' as const, steeringGroup: n3Group(1, 3, false) };
    expect(code(approveSteeringGroup(n3, board, {}, NOW, 'd'))).toBe(
      'N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY',
    );
    const n3ok = ok(
      approveSteeringGroup({ ...n3, steeringGroup: n3Group(2, 3, false) }, board, {}, NOW, 'd'),
    );
    expect(n3ok.record.steeringGroup?.appointedByBoard).toBe(true);
  });

  it('appointSteeringGroup: the board appoints an N3 group with its majority', () => {
    const rec = {
      ...base({ state: 'board_review', level: 'N3' }),
      recommendation: { by: person(secretariat.accountId), at: NOW, basis: 'Indstilling' },
    };
    // The chair the group elected stays; the board appoints the members (finding 2).
    const elected = { ...rec, steeringGroup: { ...n3Group(), chair: 'm0', chairElectedAt: NOW } };
    const group = { members: n3Group().members, chair: 'm0' };
    const r = ok(appointSteeringGroup(elected, board, { steeringGroup: group, basis: 'Møde' }, NOW, 'd'));
    expect(r.record.steeringGroup).toMatchObject({
      appointedByBoard: true,
      approvedByBoardAt: NOW,
      chair: 'm0',
      chairElectedAt: NOW,
    });
    expect(r.decision).toMatchObject({ kind: 'appoint_steering_group', body: 'board' });
    expect(r.decision.summary).toContain('3 fra bestyrelsen');
    expect(code(approve(r.record, board, {}, NOW, 'd2'))).toBe('ok');
  });

  it('appointSteeringGroup refusals: role, state, majority, chair, project leader', () => {
    const rec = base({ state: 'board_review', level: 'N3', projectLeader: person('m1') });
    const group = { members: n3Group().members };
    expect(code(appointSteeringGroup(rec, secretariat, { steeringGroup: group }, NOW, 'd'))).toBe(
      'ONLY_BOARD_APPROVES_STEERING_GROUP',
    );
    expect(
      code(appointSteeringGroup({ ...rec, state: 'retired' }, board, { steeringGroup: group }, NOW, 'd')),
    ).toBe('ILLEGAL_TRANSITION');
    expect(code(appointSteeringGroup(rec, board, { steeringGroup: group }, NOW, 'd'))).toBe(
      'PROJECT_LEADER_IS_NOT_A_MEMBER',
    );
    const noLeader = { ...rec, projectLeader: undefined };
    // Finding 2: the board appoints members, never the chair; the group elects it.
    expect(
      code(appointSteeringGroup(noLeader, board, { steeringGroup: { ...group, chair: 'm0' } }, NOW, 'd')),
    ).toBe('CHAIR_ELECTED_BY_GROUP');
    const minority = { members: n3Group(2, 5).members };
    expect(code(appointSteeringGroup(noLeader, board, { steeringGroup: minority }, NOW, 'd'))).toBe(
      'N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY',
    );
    // On N2 the board may appoint without a majority.
    expect(
      code(appointSteeringGroup({ ...noLeader, level: 'N2' }, board, { steeringGroup: minority }, NOW, 'd')),
    ).toBe('ok');
  });

  it('INVALID_INPUT: a steering-group member without a municipality names the field', () => {
    const rec = base({ state: 'board_review', level: 'N3' });
    const r = appointSteeringGroup(
      rec,
      board,
      { steeringGroup: { members: [{ person: person('x') } as never] } },
      NOW,
      'd',
    );
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    expect(!r.ok && r.error.issues?.[0]?.path).toEqual(['steeringGroup', 'members', 0, 'municipality']);
  });
});

describe('design.md "Requirement answers": open requirements per catalogue', () => {
  it('decisions use the record’s catalogue from the registry given in options', () => {
    const registry = withCatalogue(CATALOGUES, {
      id: 'mini',
      title: { da: 'Mini', en: 'Mini' },
      requirements: [{ id: 'N1-X', level: 'N1', theme: 'formal', da: 'x', en: 'x' }],
    });
    const rec = base({ state: 'idea', level: 'N1', catalogue: 'mini' });
    const r = ok(placeOnLevel(rec, secretariat, { level: 'N1' }, NOW, 'd', { catalogues: registry }));
    expect(r.decision.openRequirements).toEqual(['N1-X']);
    // An unknown catalogue records no open requirements rather than failing a board decision.
    expect(ok(placeOnLevel(rec, secretariat, { level: 'N1' }, NOW, 'd')).decision.openRequirements).toEqual(
      [],
    );
  });
});

describe('finding 6: rejection is not retirement, and neither is a tilbageløb', () => {
  it('the board rejects an N1 concept: state rejected, decision reject, worded as a rejection', () => {
    const ford = fixture('FORD');
    const r = ok(reject(ford, board, { reason: 'Kravene er ikke overholdt' }, NOW, 'd'));
    expect(r.record.state).toBe('rejected');
    expect(r.decision).toMatchObject({
      kind: 'reject',
      body: 'board',
      fromState: 'concept',
      toState: 'rejected',
      summary: 'Afvist af bestyrelsen',
    });
    expect(r.decision.kind).not.toBe('retire');
    for (const a of [secretariat, projectAdmin, member])
      expect(code(reject(ford, a, { reason: 'x' }, NOW, 'd'))).toBe('ONLY_BOARD_REJECTS');
    expect(code(reject(ford, board, { reason: ' ' }, NOW, 'd'))).toBe('REASON_REQUIRED');
    // Closed is closed: no second closure, no retirement of a rejected record, no edits.
    expect(code(reject(r.record, board, { reason: 'x' }, NOW, 'd'))).toBe('ILLEGAL_TRANSITION');
    expect(code(retire(r.record, board, { reason: 'x' }, NOW, 'd'))).toBe('ILLEGAL_TRANSITION');
  });
});
