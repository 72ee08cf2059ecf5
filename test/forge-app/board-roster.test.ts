// Finding 1 of issue 14, tried again as each role through the project page's real resolver against the Jira
// simulator: board membership is the board group's in Jira, never a flag sent by the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT, BOARD } from './helpers.js';
import type { ProjectPageData, SaveAnswer } from '../../src/resolvers/project-page.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';

let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ forge, close } = await startApp());
});
afterAll(async () => close());

const DATA_ADMIN = 'pl-data-nanna';
const MO_ADMIN = 'pl-mo-kristian';
const page = async (accountId: string, project: string) =>
  (await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project })).data!;
async function act(accountId: string, project: string, fn: 'edit' | 'transition', payload: object) {
  const revision = (await page(accountId, project)).record!.revision;
  return forge.invoke<SaveAnswer>(
    'project-page',
    fn,
    { expectedRevision: revision, ...payload },
    { accountId, project },
  );
}
const who = (accountId: string, municipality: string, boardMember: boolean) => ({
  person: { accountId, displayName: 'x' },
  municipality,
  boardMember,
});

describe('finding 1: board membership comes from the board group in Jira', () => {
  it('an N3 concept is not approved on a "board majority" of ordinary municipal users', async () => {
    // The project admin declares an ordinary Copenhagen user a board member: the flag is not taken.
    const set = await act(DATA_ADMIN, 'DATA', 'edit', {
      kind: 'setSteeringGroup',
      input: { members: [who('k101-kasper', '101', true)], chair: 'k101-kasper' },
    });
    expect(set.ok).toBe(true);
    expect(set.data!.record.steeringGroup!.members[0]!.boardMember).toBe(false);

    const moved = await act(BOARD, 'DATA', 'transition', {
      action: 'changeLevel',
      input: { level: 'N3', reason: 'Strategisk' },
    });
    expect(moved.ok).toBe(true);
    expect(
      (await act(SECRETARIAT, 'DATA', 'transition', { action: 'placeOnLevel', input: { level: 'N3' } })).ok,
    ).toBe(true);
    expect((await act(SECRETARIAT, 'DATA', 'transition', { action: 'submitToBoard', input: {} })).ok).toBe(
      true,
    );
    const approve = await act(BOARD, 'DATA', 'transition', {
      action: 'approve',
      input: { approveSteeringGroup: true },
    });
    expect(approve).toMatchObject({ ok: false, error: { code: 'N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY' } });

    // "Board majority: met" is not accepted on a project with no board member in its steering group.
    const met = await act(DATA_ADMIN, 'DATA', 'edit', {
      kind: 'answerRequirement',
      input: { requirementId: 'N3-GOVERNANCE-BOARD-MAJORITY', status: 'met' },
    });
    expect(met).toMatchObject({ ok: false, error: { code: 'REQUIREMENT_NOT_SHOWN_BY_RECORD' } });
    const item = (await page(DATA_ADMIN, 'DATA')).requirements
      .flatMap((g) => g.items)
      .find((i) => i.id === 'N3-GOVERNANCE-BOARD-MAJORITY')!;
    expect(item).toMatchObject({ status: 'open', checked: true });

    // Real board members (in os2-bestyrelse), sent without any flag, make the majority: the board approves.
    const real = await act(DATA_ADMIN, 'DATA', 'edit', {
      kind: 'setSteeringGroup',
      input: {
        members: [
          who('k101-kasper', '101', false),
          who('os2-bst-hanne', '147', false),
          who('os2-bst-lars', '751', false),
        ],
        // The chair the group elected (Kasper) stays; naming another would be refused (finding 2).
        chair: 'k101-kasper',
      },
    });
    expect(real.data!.record.steeringGroup!.members.map((m) => m.boardMember)).toEqual([false, true, true]);
    const approved = await act(BOARD, 'DATA', 'transition', {
      action: 'approve',
      input: { approveSteeringGroup: true },
    });
    expect(approved.ok).toBe(true);
    const after = (await page(BOARD, 'DATA')).requirements.flatMap((g) => g.items);
    expect(after.find((i) => i.id === 'N3-GOVERNANCE-BOARD-MAJORITY')!.status).toBe('met');
    expect(after.find((i) => i.id === 'N3-GOVERNANCE-BOARD-APPROVES')!.status).toBe('met');
  });

  it('a coordination group is not given a fake board member', async () => {
    const fake = await act(MO_ADMIN, 'MO', 'edit', {
      kind: 'setCoordinationGroup',
      input: { members: [who('k751-karin', '751', true)] },
    });
    expect(fake).toMatchObject({ ok: false, error: { code: 'N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER' } });
  });
});
