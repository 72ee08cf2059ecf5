// Finding 1: board membership was a flag anyone editing a group could set. The flag is now derived from the
// board group's roster, and requirements the record can show are read from it, not answered.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { withBoardRoster, withBoardRosterInput } from '../../src/domain/board-roster.js';
import { hasBoardMajority } from '../../src/domain/steering.js';
import { answerRequirement } from '../../src/domain/project-work.js';
import { requirementCounts, requirementStatus } from '../../src/domain/requirements.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';
import { NOW, fixture, projectAdmin, steeringMember } from './helpers.js';

const BOARD_GROUP = new Set(['os2-bst-lars', 'os2-bst-hanne', 'os2-bst-peter']);
const majority = OS2_2016.requirements.find((r) => r.id === 'N3-GOVERNANCE-BOARD-MAJORITY')!;

describe('finding 1: a board member is a person in the board group, never a flag', () => {
  it('self-declared board members in a stored record do not count; the board group members do', () => {
    const mo = fixture('MO');
    const forged = {
      ...mo,
      steeringGroup: {
        ...mo.steeringGroup!,
        members: [steeringMember('k151-bo', '151', true), steeringMember('k740-gitte', '740', true)],
      },
    };
    expect(hasBoardMajority(forged.steeringGroup)).toBe(true); // the flag alone would say so
    const seen = withBoardRoster(forged, BOARD_GROUP);
    expect(hasBoardMajority(seen.steeringGroup!)).toBe(false);
    expect(requirementStatus(seen, majority)).toBe('open');
    expect(hasBoardMajority(withBoardRoster(mo, BOARD_GROUP).steeringGroup!)).toBe(true);
  });

  it('"board majority: met" is refused on a project whose steering group has no board member', () => {
    const mo = withBoardRoster(
      {
        ...fixture('MO'),
        steeringGroup: { ...fixture('MO').steeringGroup!, members: [steeringMember('k151-bo', '151', true)] },
      },
      BOARD_GROUP,
    );
    const admin = { ...projectAdmin, roles: ['project_admin' as const] };
    const r = answerRequirement(mo, admin, { requirementId: majority.id, status: 'met' }, NOW);
    expect(r.ok ? 'ok' : r.error.code).toBe('REQUIREMENT_NOT_SHOWN_BY_RECORD');
    // It can still be explained (follow or explain), and then counts as explained, not met.
    const explained = answerRequirement(
      mo,
      admin,
      { requirementId: majority.id, status: 'explained', explanation: 'Bestyrelsen udpeger i marts' },
      NOW,
    );
    if (!explained.ok) throw new Error(explained.error.code);
    expect(requirementStatus(explained.record, majority)).toBe('explained');
    // A "met" stored before this rule, which the record does not bear out, counts as open.
    const stale = {
      ...mo,
      requirements: { [majority.id]: { status: 'met' as const, by: mo.projectLeader!, at: NOW } },
    };
    expect(requirementCounts(stale, OS2_2016).open).toContain(majority.id);
  });

  it('property: any input names board members exactly as the roster has them, whatever it sent', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.subarray(ids),
        fc.array(fc.record({ id: fc.constantFrom(...ids), flag: fc.boolean() }), { maxLength: 8 }),
        (rosterIds, members) => {
          const roster = new Set(rosterIds);
          const input = {
            steeringGroup: {
              members: members.map((m) => ({
                person: { accountId: m.id, displayName: m.id },
                boardMember: m.flag,
              })),
            },
          };
          const out = withBoardRosterInput(input, roster);
          out.steeringGroup.members.forEach((m) =>
            expect(m.boardMember).toBe(roster.has(m.person.accountId)),
          );
        },
      ),
    );
  });
});
