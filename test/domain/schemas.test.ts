import { describe, expect, it } from 'vitest';
import { GovernanceRecordSchema } from '../../src/domain/governance-record.js';
import { fixtureByKey } from '../../demo/fixtures.js';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => i.path.map(String).join('.')) ?? [];

describe('design.md "zod schemas are the single definition of every shape": bad input names the field', () => {
  const mo = fixtureByKey('MO').record;

  it('an unknown level', () => {
    const r = GovernanceRecordSchema.safeParse({ ...mo, level: 'N4' });
    expect(paths(r)).toEqual(['level']);
    expect(r.error?.issues[0]?.message).toBe('Ukendt niveau "N4": forventede N1, N2 eller N3');
  });

  it('a steering-group member without a municipality', () => {
    const members = mo.steeringGroup!.members.map((m, i) =>
      i === 3 ? { person: m.person, boardMember: false } : m,
    );
    const r = GovernanceRecordSchema.safeParse({ ...mo, steeringGroup: { ...mo.steeringGroup, members } });
    expect(paths(r)).toEqual(['steeringGroup.members.3.municipality']);
  });

  it('a negative amount in a status report', () => {
    const statusReports = [{ ...mo.statusReports[0]!, spentDkk: -100 }];
    const r = GovernanceRecordSchema.safeParse({ ...mo, statusReports });
    expect(paths(r)).toEqual(['statusReports.0.spentDkk']);
    expect(r.error?.issues[0]?.message).toBe('Beløbet må ikke være negativt');
  });

  it('placedOnLevelAt (added field) is optional and must be an ISO time', () => {
    const { placedOnLevelAt: _drop, ...without } = mo;
    expect(GovernanceRecordSchema.safeParse(without).success).toBe(true);
    expect(paths(GovernanceRecordSchema.safeParse({ ...mo, placedOnLevelAt: 'i går' }))).toEqual([
      'placedOnLevelAt',
    ]);
  });
});
