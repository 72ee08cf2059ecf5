import { describe, expect, it } from 'vitest';
import { recordRuleViolations } from '../../src/domain/invariants.js';
import { fixture, person, steeringMember } from './helpers.js';

describe('domain.md "Who is who" and the level rules: recordRuleViolations names every rule a stored record breaks', () => {
  it('UNKNOWN_MUNICIPALITY: a code outside the 98', () => {
    const r = fixture('FORD', { municipalities: [{ code: '411', name: 'Christiansø' }] });
    expect(recordRuleViolations(r)).toEqual(['UNKNOWN_MUNICIPALITY']);
  });

  it('NO_PARTICIPATING_MUNICIPALITY: a running project without municipalities (an idea may have none)', () => {
    expect(recordRuleViolations(fixture('CPR', { municipalities: [] }))).toEqual([
      'NO_PARTICIPATING_MUNICIPALITY',
    ]);
    expect(recordRuleViolations(fixture('FORD', { municipalities: [] }))).toEqual([]);
  });

  it('steering rules of the level for a running project: N2 approval, N3 appointment and majority, N1 owner', () => {
    const rolle = fixture('ROLLE');
    expect(
      recordRuleViolations({
        ...rolle,
        steeringGroup: { ...rolle.steeringGroup!, approvedByBoardAt: undefined },
      }),
    ).toEqual(['N2_STEERING_GROUP_NOT_APPROVED']);
    const mo = fixture('MO');
    const minority = {
      ...mo.steeringGroup!,
      members: mo.steeringGroup!.members.map((m, i) => ({ ...m, boardMember: i === 1 || i === 2 })),
    };
    expect(recordRuleViolations({ ...mo, steeringGroup: minority })).toEqual([
      'N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY',
    ]);
    expect(recordRuleViolations(fixture('CPR', { projectOwner: undefined }))).toEqual([
      'NEEDS_STEERING_GROUP_OR_PROJECT_OWNER',
    ]);
    // Not yet running: the rules of the level do not apply yet.
    expect(recordRuleViolations({ ...fixture('IOT') })).toEqual([]);
  });

  it('composition rules hold in every state: chair, project leader, participating municipalities', () => {
    const iot = fixture('IOT');
    expect(recordRuleViolations({ ...iot, projectLeader: person('k751-karin') })).toEqual([
      'PROJECT_LEADER_IS_NOT_A_MEMBER',
    ]);
    expect(
      recordRuleViolations({ ...iot, steeringGroup: { ...iot.steeringGroup!, chair: 'nobody' } }),
    ).toEqual(['CHAIR_NOT_A_MEMBER']);
    const outsider = {
      ...iot.steeringGroup!,
      members: [...iot.steeringGroup!.members, steeringMember('x', '860')],
    };
    expect(recordRuleViolations({ ...iot, steeringGroup: outsider })).toEqual([
      'STEERING_MEMBER_NOT_PARTICIPATING',
    ]);
  });

  it('a product needs a coordination group, on N3 with a board member', () => {
    expect(recordRuleViolations(fixture('KITOS', { coordinationGroup: undefined }))).toEqual([
      'PRODUCT_NEEDS_COORDINATION_GROUP',
    ]);
    const mo = fixture('MO');
    const noBoard = {
      ...mo.coordinationGroup!,
      members: mo.coordinationGroup!.members.map((m) => ({ ...m, boardMember: false })),
    };
    expect(recordRuleViolations({ ...mo, coordinationGroup: noBoard })).toEqual([
      'N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER',
    ]);
  });
});
