// Issue 14 findings 2, 3 and 4: the steering and coordination groups take their own decisions (chair, project
// description, budget, development frame), with the chair's casting vote on a tie, and the frame and baseline are
// stored data the rules read.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approveProjectDescription, electChair } from '../../src/domain/group-decisions.js';
import { groupDecides } from '../../src/domain/group-decision.js';
import {
  approveBudget,
  effectiveFrameDkk,
  proposeBudget,
  setDevelopmentFrame,
} from '../../src/domain/economy.js';
import { projectLeaderDecision, setProjectLeader, setSteeringGroup } from '../../src/domain/organisation.js';
import { fileStatusReport } from '../../src/domain/project-work.js';
import { reportingStatus } from '../../src/domain/reporting.js';
import { recordShows } from '../../src/domain/requirements.js';
import { DecisionSchema } from '../../src/domain/decision.js';
import { approveSteeringGroup } from '../../src/domain/approval.js';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import {
  base,
  board,
  fixture,
  member,
  NOW,
  person,
  projectAdmin,
  secretariat,
  steeringMember,
} from './helpers.js';
import type { Actor } from '../../src/domain/actor.js';
import type { TransitionResult } from '../../src/domain/transition-kit.js';

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const as = (accountId: string, roles: Actor['roles'] = ['municipality_member']): Actor => ({
  accountId,
  displayName: accountId,
  roles,
  municipalities: [],
});
function ok(r: TransitionResult) {
  if (!r.ok) throw new Error(r.error.code);
  expect(GovernanceRecordSchema.parse(r.record)).toEqual(r.record);
  expect(DecisionSchema.parse(r.decision)).toEqual(r.decision);
  return r;
}

// A concept whose project proposed a four-member steering group, no chair yet.
const four = base({
  state: 'concept',
  steeringGroup: {
    members: [
      steeringMember('a', '751'),
      steeringMember('b', '751'),
      steeringMember('c', '461'),
      steeringMember('d', '461'),
    ],
  },
});

describe('finding 2: the chair is elected by the group itself', () => {
  it('a member records the election; it is a steering-group decision and the chair is kept through member changes', () => {
    const r = ok(electChair(four, as('b'), { chair: 'a', basis: 'Konstituerende møde' }, NOW, 'd1'));
    expect(r.record.steeringGroup).toMatchObject({ chair: 'a', chairElectedAt: NOW });
    expect(r.decision).toMatchObject({
      kind: 'elect_chair',
      body: 'steering_group',
      decidedBy: { accountId: 'b' },
    });
    expect(r.decision.summary).toContain('valgt a som formand');
    // The project changes the members: the elected chair stays while a member, and goes with its seat.
    const members = r.record.steeringGroup!.members;
    const kept = setSteeringGroup(r.record, projectAdmin, { members: members.slice(0, 3) }, NOW);
    expect(kept.ok && kept.record.steeringGroup).toMatchObject({ chair: 'a', chairElectedAt: NOW });
    const gone = setSteeringGroup(r.record, projectAdmin, { members: members.slice(1) }, NOW);
    expect(gone.ok && gone.record.steeringGroup?.chair).toBeUndefined();
  });

  it('someone else cannot set it: not the project, the secretariat or the board, nor by changing the members', () => {
    for (const actor of [projectAdmin, secretariat, board, member]) {
      expect(code(electChair(four, actor, { chair: 'a' }, NOW, 'd'))).toBe('ONLY_GROUP_ELECTS_CHAIR');
    }
    expect(
      code(setSteeringGroup(four, projectAdmin, { members: four.steeringGroup!.members, chair: 'a' }, NOW)),
    ).toBe('CHAIR_ELECTED_BY_GROUP');
    expect(code(electChair(four, as('a'), { chair: 'stranger' }, NOW, 'd'))).toBe('CHAIR_NOT_A_MEMBER');
    expect(code(electChair({ ...four, state: 'retired' }, as('a'), { chair: 'a' }, NOW, 'd'))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('the coordination group elects its own chair the same way (body coordination_group)', () => {
    const kitos = fixture('KITOS');
    const r = ok(
      electChair(kitos, as('k630-maria'), { group: 'coordination', chair: 'k630-maria' }, NOW, 'd'),
    );
    expect(r.record.coordinationGroup).toMatchObject({ chair: 'k630-maria', chairElectedAt: NOW });
    expect(r.decision.body).toBe('coordination_group');
    // A steering-group member who is not in the coordination group has no vote there.
    expect(
      code(electChair(kitos, as('k161-henrik'), { group: 'coordination', chair: 'k630-maria' }, NOW, 'd')),
    ).toBe('ONLY_GROUP_ELECTS_CHAIR');
  });
});

describe('finding 3: the chair decides ties; the decision records the casting vote', () => {
  it('property: a tally passes with a majority for, fails with one against, and a tie only by the chair', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.nat({ max: 10 }),
        fc.nat({ max: 10 }),
        fc.boolean(),
        (size, yes, no, byChair) => {
          const group = {
            members: Array.from({ length: size }, (_, i) => steeringMember(`m${i}`, '751')),
            chair: 'm0',
            appointedByBoard: false,
          };
          const out = groupDecides(group, as(byChair ? 'm0' : `m${size - 1}`), { for: yes, against: no });
          const chairActs = byChair || size === 1;
          if (yes + no > size) return !out.ok && out.code === 'TALLY_EXCEEDS_MEMBERS';
          if (yes < no) return !out.ok && out.code === 'GROUP_VOTED_AGAINST';
          if (yes > no) return out.ok && out.tally?.castingVoteBy === undefined;
          return chairActs
            ? out.ok && out.tally?.castingVoteBy?.accountId === 'm0'
            : !out.ok && out.code === 'TIE_DECIDED_BY_CHAIR';
        },
      ),
      { seed: 14, numRuns: 500 },
    );
  });

  it('a tied budget vote: a member is refused, the chair decides and the log names the casting vote', () => {
    const chaired = ok(electChair(four, as('a'), { chair: 'c' }, NOW, 'e')).record;
    const proposed = proposeBudget(chaired, projectAdmin, { amountDkk: 900_000, funding: 'os2' }, NOW);
    if (!proposed.ok) throw new Error(proposed.error.code);
    const tie = { for: 2, against: 2 };
    expect(code(approveBudget(proposed.record, as('a'), { tally: tie }, NOW, 'b'))).toBe(
      'TIE_DECIDED_BY_CHAIR',
    );
    const r = ok(approveBudget(proposed.record, as('c'), { tally: tie, basis: 'Møde 3' }, NOW, 'b'));
    expect(r.decision).toMatchObject({
      kind: 'approve_budget',
      body: 'steering_group',
      tally: { for: 2, against: 2, castingVoteBy: { accountId: 'c' } },
    });
    expect(code(approveBudget(proposed.record, as('c'), { tally: { for: 1, against: 3 } }, NOW, 'b'))).toBe(
      'GROUP_VOTED_AGAINST',
    );
  });

  it('the steering group approves the project description; the requirement is met by that record only', () => {
    expect(recordShows(four, 'project_description_approved')).toBe(false);
    for (const actor of [projectAdmin, secretariat, board]) {
      expect(code(approveProjectDescription(four, actor, {}, NOW, 'p'))).toBe(
        'ONLY_STEERING_GROUP_APPROVES_DESCRIPTION',
      );
    }
    const r = ok(approveProjectDescription(four, as('d'), { basis: 'Version 1.2' }, NOW, 'p'));
    expect(r.decision).toMatchObject({ kind: 'approve_project_description', body: 'steering_group' });
    expect(r.record.projectDescriptionApproval).toMatchObject({
      body: 'steering_group',
      by: { accountId: 'd' },
    });
    expect(recordShows(r.record, 'project_description_approved')).toBe(true);
    expect(code(approveProjectDescription(r.record, as('d'), {}, NOW, 'p'))).toBe('ILLEGAL_TRANSITION');
    // A small N1 project without a steering group: its owner approves, and the log says so.
    const owned = base({ level: 'N1', state: 'concept', projectOwner: person('owner') });
    expect(ok(approveProjectDescription(owned, as('owner'), {}, NOW, 'p')).decision.body).toBe(
      'project_owner',
    );
  });
});

describe('finding 4: the development frame is stored, owned by the coordination group and the board', () => {
  const kitos = fixture('KITOS', { developmentFrame: undefined });
  it('the coordination group sets it; on N2 it counts only once the board approves; the board may set it itself', () => {
    const set = ok(
      setDevelopmentFrame(kitos, as('k630-maria'), { amountDkk: 500_000, basis: 'Budget 2019' }, NOW, 'f'),
    );
    expect(set.decision).toMatchObject({ kind: 'set_development_frame', body: 'coordination_group' });
    expect(set.decision.summary).toContain('afventer bestyrelsens godkendelse');
    expect(effectiveFrameDkk(set.record)).toBeUndefined();
    const approved = ok(setDevelopmentFrame(set.record, board, { amountDkk: 500_000 }, NOW, 'g'));
    expect(approved.decision.body).toBe('board');
    expect(effectiveFrameDkk(approved.record)).toBe(500_000);
    // The same amount again by the group keeps the board's approval; a new amount clears it.
    const same = ok(setDevelopmentFrame(approved.record, as('k630-maria'), { amountDkk: 500_000 }, NOW, 'h'));
    expect(effectiveFrameDkk(same.record)).toBe(500_000);
    const raised = ok(
      setDevelopmentFrame(approved.record, as('k630-maria'), { amountDkk: 999_999_999 }, NOW, 'h'),
    );
    expect(effectiveFrameDkk(raised.record)).toBeUndefined();
    // On N1 the coordination group's frame counts at once.
    const n1 = ok(
      setDevelopmentFrame({ ...kitos, level: 'N1' }, as('k630-maria'), { amountDkk: 50_000 }, NOW, 'i'),
    );
    expect(effectiveFrameDkk(n1.record)).toBe(50_000);
  });

  it('no one else sets it, and not before the project runs', () => {
    for (const actor of [secretariat, projectAdmin, as('k161-henrik')]) {
      expect(code(setDevelopmentFrame(kitos, actor, { amountDkk: 1 }, NOW, 'f'))).toBe(
        'ONLY_COORDINATION_GROUP_OR_BOARD_SETS_FRAME',
      );
    }
    expect(code(setDevelopmentFrame({ ...kitos, state: 'concept' }, board, { amountDkk: 1 }, NOW, 'f'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(
      code(setDevelopmentFrame(kitos, as('k630-maria'), { amountDkk: 1, body: 'board' }, NOW, 'f')),
    ).toBe('ONLY_COORDINATION_GROUP_OR_BOARD_SETS_FRAME');
  });
});

describe('finding 4: status reports measure against the approved baseline', () => {
  const approvedBudget = {
    amountDkk: 1_000_000,
    funding: 'os2' as const,
    proposedBy: person('p'),
    proposedAt: NOW,
    steeringApproval: { by: person('a'), at: NOW },
    boardApproval: { by: person('bst'), at: NOW },
  };
  const running = base({ state: 'approved', budget: approvedBudget });
  const report = { progress: 'Fremdrift', rag: 'green' as const, spentDkk: 400_000, forecastDkk: 1_200_000 };

  it('the baseline is filled in, a retyped other budget is refused, and the overrun is flagged against it', () => {
    const r = fileStatusReport(running, projectAdmin, report, NOW);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.record.statusReports.at(-1)!.budgetDkk).toBe(1_000_000);
    expect(code(fileStatusReport(running, projectAdmin, { ...report, budgetDkk: 5_000_000 }, NOW))).toBe(
      'REPORT_BUDGET_IS_BASELINE',
    );
    const status = reportingStatus(r.record, NOW.slice(0, 10));
    expect(status).toMatchObject({ overrun: true, overrunDkk: 200_000, baselineDkk: 1_000_000 });
    // An old report that stated a larger budget is still measured against what was approved.
    const old = { ...r.record, statusReports: [{ ...r.record.statusReports[0]!, budgetDkk: 9_000_000 }] };
    expect(reportingStatus(old, NOW.slice(0, 10)).overrunDkk).toBe(200_000);
  });

  it('without an approved baseline the report states its budget, and must', () => {
    const none = base({ state: 'approved' });
    const missing = fileStatusReport(none, projectAdmin, report, NOW);
    expect(!missing.ok && missing.error.issues?.[0]?.path).toEqual(['budgetDkk']);
    expect(code(fileStatusReport(none, projectAdmin, { ...report, budgetDkk: 1_500_000 }, NOW))).toBe('ok');
  });
});

describe('finding 3: the choice of project leader is logged as the decision of the body that took it', () => {
  it('the steering group once there is one; the owner of a small N1 project; else the project itself', () => {
    const chosen = setProjectLeader(four, as('c'), { projectLeader: person('pl', 'Pia Leder') }, NOW);
    if (!chosen.ok) throw new Error(chosen.error.code);
    const d = projectLeaderDecision(four, chosen.record, as('c'), NOW, 'l')!;
    expect(DecisionSchema.parse(d)).toEqual(d);
    expect(d).toMatchObject({
      kind: 'choose_project_leader',
      body: 'steering_group',
      summary: 'Styregruppen har valgt Pia Leder som projektleder',
    });
    expect(code(setProjectLeader(four, projectAdmin, { projectLeader: person('pl') }, NOW))).toBe(
      'ONLY_STEERING_GROUP_CHOOSES_PROJECT_LEADER',
    );
    const owned = base({ level: 'N1', state: 'concept', projectOwner: person('owner') });
    expect(projectLeaderDecision(owned, owned, as('owner'), NOW, 'l')?.body).toBe('project_owner');
    expect(projectLeaderDecision(base(), base(), secretariat, NOW, 'l')?.body).toBe('secretariat');
    // A project admin setting up a project with neither group nor owner is no governing body: nothing logged.
    expect(projectLeaderDecision(base(), base(), projectAdmin, NOW, 'l')).toBeUndefined();
  });
});

describe('finding 2: a running N2 steering group changes on its own proposal, approved by the board', () => {
  const rolle = fixture('ROLLE');
  const next = [
    steeringMember('k157-thomas', '157'),
    steeringMember('k621-louise', '621'),
    steeringMember('k147-new', '147'),
  ];
  it('a member proposes; the group in force stays; the board approves and the chair stays', () => {
    const proposed = setSteeringGroup(rolle, as('k621-louise'), { members: next }, NOW);
    if (!proposed.ok) throw new Error(proposed.error.code);
    expect(proposed.record.steeringGroup).toEqual(rolle.steeringGroup);
    expect(proposed.record.steeringGroupProposal).toMatchObject({ proposedBy: { accountId: 'k621-louise' } });
    expect(code(approveSteeringGroup(proposed.record, as('k157-thomas'), {}, NOW, 'a'))).toBe(
      'ONLY_BOARD_APPROVES_STEERING_GROUP',
    );
    const r = ok(approveSteeringGroup(proposed.record, board, { basis: 'Bestyrelsesmøde' }, NOW, 'a'));
    expect(r.record.steeringGroup).toMatchObject({ chair: 'k157-thomas', approvedByBoardAt: NOW });
    expect(r.record.steeringGroup!.members.map((m) => m.person.accountId)).toContain('k147-new');
    expect(r.record.steeringGroupProposal).toBeUndefined();
    expect(r.decision).toMatchObject({ kind: 'approve_steering_group', body: 'board' });
  });

  it('only the group proposes; a proposal breaking the composition rules or naming another chair is refused', () => {
    for (const actor of [projectAdmin, secretariat, member]) {
      expect(code(setSteeringGroup(rolle, actor, { members: next }, NOW))).toBe(
        'ONLY_STEERING_GROUP_PROPOSES_CHANGE',
      );
    }
    expect(
      code(setSteeringGroup(rolle, as('k621-louise'), { members: next, chair: 'k621-louise' }, NOW)),
    ).toBe('CHAIR_ELECTED_BY_GROUP');
    expect(
      code(setSteeringGroup(rolle, as('k621-louise'), { members: [steeringMember('x', '999')] }, NOW)),
    ).toBe('STEERING_MEMBER_NOT_PARTICIPATING');
  });
});
