// Finding 9 of issue 14 (seed 001 "Rammer for arbejdsgrupperne"): working groups are entities of a product with
// members from municipalities and a convenor who is one of them; without one the secretariat convenes. A change
// request names its group, and the group's convenor (not a name typed on the request) acts for it.
import { describe, expect, it } from 'vitest';
import {
  convenorOf,
  migrateWorkingGroups,
  saveWorkingGroup,
  withCurrentGroup,
  WorkingGroupSchema,
  type WorkingGroup,
} from '../../src/domain/working-group.js';
import { assess, assignWorkingGroup, type ChangeRequest } from '../../src/domain/change-request.js';
import { member, secretariat } from './helpers.js';
import type { Actor } from '../../src/domain/actor.js';

const NOW = '2026-03-01T10:00:00Z';
const as = (accountId: string): Actor => ({
  accountId,
  displayName: accountId,
  roles: ['municipality_member'],
  municipalities: [],
});
const soeren = { accountId: 'k710-soeren', displayName: 'Søren' };
const maria = { accountId: 'k630-maria', displayName: 'Maria' };
const contract = {
  name: 'Kontraktarbejdsgruppen',
  members: [
    { person: soeren, municipality: '710' },
    { person: maria, municipality: '630' },
  ],
};

function created(groups: WorkingGroup[] = [], input: object = contract) {
  const r = saveWorkingGroup(groups, secretariat, input as never, NOW);
  if (!r.ok) throw new Error(r.error.code);
  expect(WorkingGroupSchema.parse(r.group)).toEqual(r.group);
  return r;
}

const request = (changes: Partial<ChangeRequest> = {}): ChangeRequest => ({
  id: 'cr-1',
  issueKey: 'KITOS-1',
  title: 'Ny kontraktrolle',
  size: 'large',
  state: 'submitted',
  submittedBy: { accountId: 'k751-karin', displayName: 'Karin' },
  submittedAt: '2026-02-01T10:00:00Z',
  revision: 1,
  ...changes,
});

describe('working groups as entities of the product', () => {
  it('the secretariat creates a group with members from municipalities; without a convenor the secretariat convenes', () => {
    const r = created();
    expect(r.group).toMatchObject({ id: 'kontraktarbejdsgruppen', name: 'Kontraktarbejdsgruppen' });
    expect(r.group.members.map((m) => m.municipality)).toEqual(['710', '630']);
    expect(convenorOf(r.group)).toEqual({ kind: 'secretariat' });
  });

  it('the convenor is set to a member; someone outside the group is refused', () => {
    const r = created();
    const set = saveWorkingGroup(
      r.groups,
      secretariat,
      { ...contract, id: r.group.id, convenor: 'k710-soeren' },
      NOW,
    );
    expect(set.ok && convenorOf(set.group)).toEqual({ kind: 'member', person: soeren });
    const outsider = saveWorkingGroup(
      r.groups,
      secretariat,
      { ...contract, id: r.group.id, convenor: 'k751-karin' },
      NOW,
    );
    expect(outsider.ok ? 'ok' : outsider.error.code).toBe('CONVENOR_NOT_A_MEMBER');
  });

  it('only the secretariat organises groups; members need a known municipality, once each; names are unique', () => {
    const byMember = saveWorkingGroup([], member, contract, NOW);
    expect(byMember.ok ? 'ok' : byMember.error.code).toBe('ONLY_SECRETARIAT_ORGANISES_WORKING_GROUPS');
    const noMunicipality = saveWorkingGroup(
      [],
      secretariat,
      { name: 'X', members: [{ person: soeren }] } as never,
      NOW,
    );
    expect(noMunicipality.ok ? 'ok' : noMunicipality.error.issues?.[0]?.path).toEqual([
      'members',
      0,
      'municipality',
    ]);
    const unknown = saveWorkingGroup(
      [],
      secretariat,
      { name: 'X', members: [{ person: soeren, municipality: '999' }] },
      NOW,
    );
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('UNKNOWN_MUNICIPALITY');
    const twice = saveWorkingGroup(
      [],
      secretariat,
      { name: 'X', members: [contract.members[0]!, contract.members[0]!] },
      NOW,
    );
    expect(twice.ok ? 'ok' : twice.error.code).toBe('WORKING_GROUP_DUPLICATE_MEMBER');
    const r = created();
    const again = saveWorkingGroup(
      r.groups,
      secretariat,
      { ...contract, name: ' kontraktarbejdsgruppen ' },
      NOW,
    );
    expect(again.ok ? 'ok' : again.error.code).toBe('WORKING_GROUP_NAME_TAKEN');
    const ghost = saveWorkingGroup(r.groups, secretariat, { ...contract, id: 'findes-ikke' }, NOW);
    expect(ghost.ok ? 'ok' : ghost.error.code).toBe('UNKNOWN_WORKING_GROUP');
  });

  it("the group's current convenor acts for an assigned request; a replaced convenor no longer does", () => {
    let groups = created().groups;
    const assigned = assignWorkingGroup(
      request(),
      secretariat,
      { id: groups[0]!.id, name: groups[0]!.name },
      NOW,
    );
    if (!assigned.ok) throw new Error(assigned.error.code);
    // No convenor yet: the secretariat convenes, a member cannot act for the group.
    expect(
      assess(
        withCurrentGroup(assigned.request, groups),
        as('k710-soeren'),
        { purpose: 'p', businessValue: 'v' },
        NOW,
      ).ok,
    ).toBe(false);
    const set = saveWorkingGroup(
      groups,
      secretariat,
      { ...contract, id: groups[0]!.id, convenor: 'k710-soeren' },
      NOW,
    );
    if (!set.ok) throw new Error(set.error.code);
    groups = set.groups;
    const seen = withCurrentGroup(assigned.request, groups);
    expect(seen.workingGroup).toEqual({
      id: 'kontraktarbejdsgruppen',
      name: 'Kontraktarbejdsgruppen',
      convenor: soeren,
    });
    expect(assess(seen, as('k710-soeren'), { purpose: 'p', businessValue: 'v' }, NOW).ok).toBe(true);
    const moved = saveWorkingGroup(
      groups,
      secretariat,
      { ...contract, id: groups[0]!.id, convenor: 'k630-maria' },
      NOW,
    );
    if (!moved.ok) throw new Error(moved.error.code);
    const r = assess(
      withCurrentGroup(assigned.request, moved.groups),
      as('k710-soeren'),
      { purpose: 'p', businessValue: 'v' },
      NOW,
    );
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_MEMBER_OF_BODY');
  });
});

describe('migration of working-group names typed on old requests', () => {
  const old = [
    request({ id: 'a', state: 'in_assessment', workingGroup: { name: 'Kontraktgruppen', convenor: soeren } }),
    request({
      id: 'b',
      state: 'in_assessment',
      submittedAt: '2026-02-02T10:00:00Z',
      workingGroup: { name: ' kontraktgruppen' },
    }),
    request({ id: 'c', state: 'in_assessment', workingGroup: { name: 'Organisationsgruppen' } }),
  ];

  it('each distinct name becomes one group; the convenor typed with it is its member and convenor', () => {
    const groups = migrateWorkingGroups([], old);
    expect(groups.map((g) => [g.id, g.name, g.convenor ?? null])).toEqual([
      ['kontraktgruppen', 'Kontraktgruppen', 'k710-soeren'],
      ['organisationsgruppen', 'Organisationsgruppen', null],
    ]);
    expect(groups.every((g) => WorkingGroupSchema.parse(g))).toBeTruthy();
    // Old requests now read their group, and the old convenor still acts for them.
    const seen = withCurrentGroup(old[1]!, groups);
    expect(seen.workingGroup).toEqual({ id: 'kontraktgruppen', name: 'Kontraktgruppen', convenor: soeren });
    expect(assess(seen, as('k710-soeren'), { purpose: 'p', businessValue: 'v' }, NOW).ok).toBe(true);
  });

  it('a name that matches a stored group joins it instead of making another', () => {
    const stored = created([], { ...contract, name: 'Kontraktgruppen' }).groups;
    expect(migrateWorkingGroups(stored, old).map((g) => g.id)).toEqual([
      'kontraktgruppen',
      'organisationsgruppen',
    ]);
  });
});
