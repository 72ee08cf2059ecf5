import { describe, expect, it } from 'vitest';
import {
  answerRequirement,
  fileStatusReport,
  StatusReportInputSchema,
} from '../../src/domain/project-work.js';
import {
  setCoordinationGroup,
  setMunicipalities,
  setProjectLeader,
  setProjectOwner,
  setSteeringGroup,
} from '../../src/domain/organisation.js';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
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
import type { EditResult } from '../../src/domain/transition-kit.js';

const code = (r: EditResult) => (r.ok ? 'ok' : r.error.code);
function ok(r: EditResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  expect(GovernanceRecordSchema.parse(r.record)).toEqual(r.record);
  return r.record;
}

describe('domain.md "Product levels": follow or explain (answerRequirement)', () => {
  const rec = base({ state: 'concept', level: 'N2' });

  it('met, explained with text, and open again; by a project admin or the secretariat', () => {
    const met = ok(
      answerRequirement(
        rec,
        projectAdmin,
        { requirementId: 'N1-FORMAL-SOURCE-SHARED', status: 'met', note: 'GitHub' },
        NOW,
      ),
    );
    expect(met.requirements['N1-FORMAL-SOURCE-SHARED']).toEqual({
      status: 'met',
      by: { accountId: projectAdmin.accountId, displayName: projectAdmin.displayName },
      at: NOW,
      note: 'GitHub',
      // Answered under the code's catalogue (no board version yet): version 0, on the answer and the record.
      catalogueVersion: 0,
    });
    expect(met.catalogueVersion).toBe(0);
    expect(met.revision).toBe(rec.revision + 1);
    const explained = ok(
      answerRequirement(
        met,
        secretariat,
        { requirementId: 'N2-FORMAL-PROJECT-MODEL', status: 'explained', explanation: ' Egen agil model ' },
        NOW,
      ),
    );
    expect(explained.requirements['N2-FORMAL-PROJECT-MODEL']).toMatchObject({
      status: 'explained',
      explanation: 'Egen agil model',
    });
    const reopened = ok(
      answerRequirement(
        explained,
        projectAdmin,
        { requirementId: 'N1-FORMAL-SOURCE-SHARED', status: 'open' },
        NOW,
      ),
    );
    expect(reopened.requirements['N1-FORMAL-SOURCE-SHARED']).toEqual({ status: 'open' });
  });

  it('EXPLANATION_REQUIRED: an explanation needs text', () => {
    expect(
      code(
        answerRequirement(
          rec,
          projectAdmin,
          { requirementId: 'N1-FORMAL-LICENCE', status: 'explained' },
          NOW,
        ),
      ),
    ).toBe('EXPLANATION_REQUIRED');
    expect(
      code(
        answerRequirement(
          rec,
          projectAdmin,
          { requirementId: 'N1-FORMAL-LICENCE', status: 'explained', explanation: '  ' },
          NOW,
        ),
      ),
    ).toBe('EXPLANATION_REQUIRED');
  });

  it('UNKNOWN_REQUIREMENT: only requirements of the record’s level (N3 ones are not N2’s)', () => {
    expect(
      code(
        answerRequirement(
          rec,
          projectAdmin,
          { requirementId: 'N3-GOVERNANCE-BOARD-MAJORITY', status: 'met' },
          NOW,
        ),
      ),
    ).toBe('UNKNOWN_REQUIREMENT');
    expect(code(answerRequirement(rec, projectAdmin, { requirementId: 'N1-NOPE', status: 'met' }, NOW))).toBe(
      'UNKNOWN_REQUIREMENT',
    );
  });

  it('ONLY_SECRETARIAT_OR_PROJECT_ADMIN and UNKNOWN_CATALOGUE', () => {
    for (const a of [board, member]) {
      expect(
        code(answerRequirement(rec, a, { requirementId: 'N1-FORMAL-LICENCE', status: 'met' }, NOW)),
      ).toBe('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
    }
    expect(
      code(
        answerRequirement(
          { ...rec, catalogue: 'os2-1999' },
          projectAdmin,
          { requirementId: 'N1-FORMAL-LICENCE', status: 'met' },
          NOW,
        ),
      ),
    ).toBe('UNKNOWN_CATALOGUE');
  });
});

describe('domain.md step 3 "Implementation": progress and economy reports (fileStatusReport)', () => {
  const rec = fixture('ROLLE');
  const input = {
    progress: 'Test i Gentofte',
    rag: 'amber' as const,
    budgetDkk: 950_000,
    spentDkk: 500_000,
    forecastDkk: 990_000,
  };

  it('appends a report dated today by default, reported by the actor', () => {
    const after = ok(fileStatusReport(rec, projectAdmin, input, NOW));
    expect(after.statusReports).toHaveLength(rec.statusReports.length + 1);
    expect(after.statusReports.at(-1)).toEqual({
      ...input,
      date: '2026-03-01',
      reportedBy: { accountId: projectAdmin.accountId, displayName: projectAdmin.displayName },
    });
    expect(
      ok(fileStatusReport(rec, secretariat, { ...input, date: '2026-02-28' }, NOW)).statusReports.at(-1)
        ?.date,
    ).toBe('2026-02-28');
  });

  it('INVALID_INPUT names the field: a negative amount, a fractional one', () => {
    const r = fileStatusReport(rec, projectAdmin, { ...input, spentDkk: -1 }, NOW);
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    expect(!r.ok && r.error.issues?.[0]).toEqual({
      path: ['spentDkk'],
      message: 'Beløbet må ikke være negativt',
    });
    const zod = StatusReportInputSchema.safeParse({ ...input, budgetDkk: 10.5 });
    expect(zod.error?.issues[0]?.path).toEqual(['budgetDkk']);
  });

  it('ONLY_SECRETARIAT_OR_PROJECT_ADMIN; finding 8: only a running project takes reports (REPORT_NOT_IN_THIS_STATE)', () => {
    expect(code(fileStatusReport(rec, member, input, NOW))).toBe('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
    for (const state of ['idea', 'concept', 'board_review', 'retired', 'rejected'] as const)
      expect(code(fileStatusReport({ ...rec, state }, projectAdmin, input, NOW)), state).toBe(
        'REPORT_NOT_IN_THIS_STATE',
      );
  });
});

describe('domain.md "Who is who": steering group, project leader, project owner, coordination group, municipalities', () => {
  const group = { members: [steeringMember('a', '751'), steeringMember('b', '461')], chair: 'a' };

  it('setSteeringGroup: the project proposes; any earlier board approval is cleared', () => {
    const rec = base({
      state: 'concept',
      steeringGroup: { ...group, approvedByBoardAt: '2026-01-01T00:00:00Z' },
    });
    const after = ok(setSteeringGroup(rec, projectAdmin, group, NOW));
    expect(after.steeringGroup).toEqual({ ...group, appointedByBoard: false });
  });

  it('setSteeringGroup refusals: role, running N2 (board’s), chair, project leader, municipality', () => {
    const rec = base({ state: 'concept' });
    const proposal = { members: group.members };
    expect(code(setSteeringGroup(rec, member, proposal, NOW))).toBe('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
    expect(code(setSteeringGroup(fixture('ROLLE'), projectAdmin, proposal, NOW))).toBe(
      'ONLY_STEERING_GROUP_PROPOSES_CHANGE',
    );
    expect(
      code(
        setSteeringGroup(
          { ...fixture('CPR'), state: 'approved' },
          projectAdmin,
          { members: [steeringMember('a', '101')] },
          NOW,
        ),
      ),
    ).toBe('ok');
    // Finding 2: whoever proposes the members names no chair; the group elects it (electChair).
    expect(code(setSteeringGroup(rec, projectAdmin, group, NOW))).toBe('CHAIR_ELECTED_BY_GROUP');
    expect(code(setSteeringGroup({ ...rec, projectLeader: person('b') }, projectAdmin, proposal, NOW))).toBe(
      'PROJECT_LEADER_IS_NOT_A_MEMBER',
    );
    expect(code(setSteeringGroup(rec, projectAdmin, { members: [steeringMember('z', '101')] }, NOW))).toBe(
      'STEERING_MEMBER_NOT_PARTICIPATING',
    );
    const r = setSteeringGroup(
      rec,
      projectAdmin,
      { members: [{ person: person('q'), boardMember: false } as never] },
      NOW,
    );
    expect(!r.ok && r.error.issues?.[0]?.path).toEqual(['members', 0, 'municipality']);
  });

  it('setProjectLeader: PROJECT_LEADER_IS_NOT_A_MEMBER', () => {
    const rec = fixture('MO');
    // Lars chairs MO's steering group: the group chooses its project leader.
    const lars = {
      accountId: 'os2-bst-lars',
      displayName: 'Lars',
      roles: ['board' as const],
      municipalities: [],
    };
    expect(code(setProjectLeader(rec, lars, { projectLeader: person('os2-bst-hanne', 'Hanne') }, NOW))).toBe(
      'PROJECT_LEADER_IS_NOT_A_MEMBER',
    );
    expect(
      ok(setProjectLeader(rec, lars, { projectLeader: person('ny', 'Ny Leder') }, NOW)).projectLeader
        ?.accountId,
    ).toBe('ny');
    expect(code(setProjectLeader({ ...rec, steeringGroup: undefined }, member, {}, NOW))).toBe(
      'ONLY_SECRETARIAT_OR_PROJECT_ADMIN',
    );
  });

  it('finding 3: the steering group chooses the project leader, not any project admin or the secretariat', () => {
    const rec = fixture('MO');
    for (const actor of [projectAdmin, secretariat, member])
      expect(code(setProjectLeader(rec, actor, { projectLeader: person('ny', 'Ny') }, NOW))).toBe(
        'ONLY_STEERING_GROUP_CHOOSES_PROJECT_LEADER',
      );
    // With no steering group yet, the project is set up by the secretariat or its admins.
    const bare = { ...rec, steeringGroup: undefined };
    expect(code(setProjectLeader(bare, projectAdmin, { projectLeader: person('ny', 'Ny') }, NOW))).toBe('ok');
  });

  it('setProjectOwner: PROJECT_OWNER_ONLY_FOR_N1; a running N1 keeps an owner or a group', () => {
    expect(
      code(setProjectOwner(base({ level: 'N2' }), projectAdmin, { projectOwner: person('o') }, NOW)),
    ).toBe('PROJECT_OWNER_ONLY_FOR_N1');
    expect(
      code(setProjectOwner(base({ level: 'N1' }), projectAdmin, { projectOwner: person('o') }, NOW)),
    ).toBe('ok');
    expect(code(setProjectOwner(fixture('CPR'), projectAdmin, {}, NOW))).toBe(
      'NEEDS_STEERING_GROUP_OR_PROJECT_OWNER',
    );
    expect(code(setProjectOwner(fixture('CPR'), member, {}, NOW))).toBe('ONLY_SECRETARIAT_OR_PROJECT_ADMIN');
  });

  it('setCoordinationGroup: chair a member; a product keeps one, on N3 with a board member', () => {
    const cg = { members: [{ person: person('c1'), municipality: '751' }] };
    expect(code(setCoordinationGroup(fixture('ROLLE'), projectAdmin, cg, NOW))).toBe('ok');
    expect(code(setCoordinationGroup(fixture('ROLLE'), projectAdmin, { ...cg, chair: 'x' }, NOW))).toBe(
      'CHAIR_NOT_A_MEMBER',
    );
    // Finding 2: the coordination group elects its own chair too.
    expect(code(setCoordinationGroup(fixture('ROLLE'), projectAdmin, { ...cg, chair: 'c1' }, NOW))).toBe(
      'CHAIR_ELECTED_BY_GROUP',
    );
    expect(code(setCoordinationGroup(fixture('MO'), projectAdmin, cg, NOW))).toBe(
      'N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER',
    );
    expect(code(setCoordinationGroup(fixture('KITOS'), projectAdmin, { members: [] }, NOW))).toBe(
      'PRODUCT_NEEDS_COORDINATION_GROUP',
    );
    expect(code(setCoordinationGroup(fixture('KITOS'), member, cg, NOW))).toBe(
      'ONLY_SECRETARIAT_OR_PROJECT_ADMIN',
    );
  });

  it('setMunicipalities: by kommunekode; unknown codes, an empty running project and orphaned members are refused', () => {
    const after = ok(
      setMunicipalities(base({ state: 'concept' }), projectAdmin, { codes: ['851', '101', '851'] }, NOW),
    );
    expect(after.municipalities).toEqual([
      { code: '851', name: 'Aalborg' },
      { code: '101', name: 'København' },
    ]);
    expect(code(setMunicipalities(base(), projectAdmin, { codes: ['411'] }, NOW))).toBe(
      'UNKNOWN_MUNICIPALITY',
    );
    expect(code(setMunicipalities(fixture('ROLLE'), projectAdmin, { codes: [] }, NOW))).toBe(
      'NO_PARTICIPATING_MUNICIPALITY',
    );
    expect(code(setMunicipalities(fixture('ROLLE'), projectAdmin, { codes: ['157', '621'] }, NOW))).toBe(
      'STEERING_MEMBER_NOT_PARTICIPATING',
    );
    expect(code(setMunicipalities(base(), member, { codes: ['101'] }, NOW))).toBe(
      'ONLY_SECRETARIAT_OR_PROJECT_ADMIN',
    );
    const bad = setMunicipalities(base(), projectAdmin, { codes: ['75'] }, NOW);
    expect(!bad.ok && bad.error.issues?.[0]?.path).toEqual(['codes', 0]);
  });
});
