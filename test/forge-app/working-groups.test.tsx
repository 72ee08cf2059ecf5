// Finding 9 of issue 14, tried as the roles through the real resolvers and the rendered UI on the local Forge
// runtime against the Jira simulator: the secretariat composes a working group of municipal members and sets its
// convenor on the project page; a change request is sent to the group from the issue panel and its convenor (not
// a typed name) acts for it; priorities are an order (never two #1s) the coordination group reorders; published
// outcomes are listed for the user club; requests stored with a typed name and a free-integer priority still work.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { IssuePanel } from '../../src/frontend/issue-panel/App.js';
import { render, viewAs, textOf, click, type, choose } from './setup/ui.js';
import { act } from 'react-test-renderer';
import { startApp, SECRETARIAT } from './helpers.js';
import { FEATURE_REQUEST_TYPE } from '../../src/resolvers/issue-panel.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { ChangeWorkData } from '../../src/resolvers/change-work.js';
import type { IssuePanelData } from '../../src/resolvers/issue-panel.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp({ featureRequests: 6 }));
});
afterAll(async () => close());

const SOEREN = 'k710-soeren'; // KITOS: a municipal member, in the coordination group
const MARIA = 'k630-maria'; // KITOS coordination group
const BO = 'k151-bo'; // a municipal user outside KITOS's groups

function featureRequest(n: number) {
  const state = sim.site('os2').state;
  const project = state.resolveProject('KITOS')!;
  const types = state.projectIssueTypes(project);
  return [...state.issues.values()].filter(
    (i) =>
      i.projectId === project.id && types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
  )[n]!;
}
const work = async (accountId: string) =>
  (await forge.invoke<ChangeWorkData>('project-page', 'changeWork', {}, { accountId, project: 'KITOS' }))
    .data!;
const panel = async (accountId: string, issue: string) =>
  (await forge.invoke<IssuePanelData>('issue-panel', 'load', {}, { accountId, issue })).data!;
async function cr(accountId: string, issue: string, action: string, input: object = {}) {
  const before = (await panel(SECRETARIAT, issue)).changeRequest;
  return forge.invoke<{ request: { state: string; priority?: number; workingGroup?: object } }>(
    'issue-panel',
    'changeRequest',
    { action, input, expectedRevision: before?.revision ?? 0 },
    { accountId, issue },
  );
}
async function pick(r: Awaited<ReturnType<typeof render>>, accountId: string, name: string) {
  const picker = r.root.find((n) => (n.type as unknown) === 'UserPicker' && n.props.name === 'wg-person');
  await act(async () =>
    (picker.props.onChange as (u: { id: string; name: string }) => void)({ id: accountId, name }),
  );
}

describe('finding 9: working groups, the priority order and published outcomes', () => {
  it('the secretariat composes a group of municipal members on the project page and sets its convenor', async () => {
    viewAs({ forge, module: 'project-page', accountId: SECRETARIAT, project: 'KITOS' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('Ingen arbejdsgrupper endnu');
    await type(r, 'wg-name', 'Kontraktarbejdsgruppen');
    await pick(r, SOEREN, 'Søren');
    await choose(r, 'wg-municipality', '710');
    await click(r, 'Tilføj medlem');
    await pick(r, MARIA, 'Maria');
    await choose(r, 'wg-municipality', '630');
    await click(r, 'Tilføj medlem');
    await click(r, 'Gem arbejdsgruppen');
    // No convenor yet: the secretariat convenes (seed 001). Names are Jira's, not the picker's.
    expect(textOf(r)).toContain('Indkaldes af sekretariatet (ingen tovholder)');
    expect(textOf(r)).toContain('Søren Holmgaard (Favrskov)');
    await choose(r, 'wg-group', 'kontraktarbejdsgruppen');
    await choose(r, 'wg-convenor', SOEREN);
    await click(r, 'Gem arbejdsgruppen');
    expect(textOf(r)).toContain('Tovholder: Søren Holmgaard');

    const byMember = await forge.invoke(
      'project-page',
      'saveWorkingGroup',
      { expectedRevision: 2, input: { name: 'Egen gruppe', members: [] } },
      { accountId: SOEREN, project: 'KITOS' },
    );
    expect(byMember).toMatchObject({
      ok: false,
      error: { code: 'ONLY_SECRETARIAT_ORGANISES_WORKING_GROUPS' },
    });
    const outsider = await forge.invoke(
      'project-page',
      'saveWorkingGroup',
      {
        expectedRevision: 2,
        input: {
          id: 'kontraktarbejdsgruppen',
          name: 'Kontraktarbejdsgruppen',
          members: [],
          convenor: SOEREN,
        },
      },
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    expect(outsider).toMatchObject({ ok: false, error: { code: 'CONVENOR_NOT_A_MEMBER' } });
    expect(outsider.error!.message).toBe('Tovholderen skal være med i arbejdsgruppen');
  });

  it('a request goes to the group from the issue panel; the convenor acts for it, a typed name is no group', async () => {
    const issue = featureRequest(0).key;
    viewAs({ forge, module: 'issue-panel', accountId: SECRETARIAT, issue });
    const r = await render(<IssuePanel />);
    await choose(r, 'cr-size', 'large');
    await click(r, 'Registrér som ændringsønske');
    await choose(r, 'cr-action', 'assignWorkingGroup');
    await choose(r, 'cr-group', 'kontraktarbejdsgruppen');
    await click(r, 'Send til arbejdsgruppe');
    expect(textOf(r)).toContain('Arbejdsgruppe: Kontraktarbejdsgruppen');

    const typed = await cr(SECRETARIAT, featureRequest(1).key, 'submit', { size: 'large' });
    expect(typed.ok).toBe(true);
    expect(
      await cr(SECRETARIAT, featureRequest(1).key, 'assignWorkingGroup', { name: 'Findes ikke' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_WORKING_GROUP' },
    });

    expect(await cr(BO, issue, 'assess', { purpose: 'p', businessValue: 'v' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_MEMBER_OF_BODY' },
    });
    const assessed = await cr(SOEREN, issue, 'assess', { purpose: 'Overblik', businessValue: 'Sparer tid' });
    expect(assessed.data?.request.state).toBe('assessed');
  });

  it('priority is an order: a second #1 moves the first to #2; the coordination group moves it back', async () => {
    const first = featureRequest(0).key;
    const second = featureRequest(1).key;
    expect(
      (await cr(SOEREN, first, 'prioritise', { body: 'working_group', priority: 1 })).data?.request.priority,
    ).toBe(1);
    await cr(SECRETARIAT, second, 'assignWorkingGroup', { groupId: 'kontraktarbejdsgruppen' });
    await cr(SOEREN, second, 'assess', { purpose: 'p', businessValue: 'v' });
    // Also #1: it takes the place and the first moves down. There is no second #1.
    const again = await cr(SOEREN, second, 'prioritise', { body: 'working_group', priority: 1 });
    expect(again.data?.request.priority).toBe(1);
    expect((await work(BO)).ranked.map((x) => [x.place, x.issueKey])).toEqual([
      [1, second],
      [2, first],
    ]);

    viewAs({ forge, module: 'issue-panel', accountId: BO, issue: first });
    expect(textOf(await render(<IssuePanel />))).toContain('Prioritet: nr. 2 af 2');

    // The coordination group moves the first back up from the project page; the second moves down.
    viewAs({ forge, module: 'project-page', accountId: MARIA, project: 'KITOS' });
    const r = await render(<ProjectPage />);
    await click(r, `Op ${first}`);
    expect((await work(BO)).ranked.map((x) => [x.place, x.issueKey])).toEqual([
      [1, first],
      [2, second],
    ]);
    const log = await forge.invoke<{ decisions: { body: string; summary: string }[] }>(
      'project-page',
      'load',
      {},
      { accountId: BO, project: 'KITOS' },
    );
    expect(log.data!.decisions[0]).toMatchObject({
      body: 'coordination_group',
      summary: expect.stringContaining('flyttet fra prioritet nr. 2 til nr. 1') as unknown,
    });
    // The portfolio's list of change requests shows the places as they are now, not the numbers once given.
    const lists = await forge.invoke<{ changeRequests: { issueKey?: string; priority?: number }[] }>(
      'global-page',
      'lists',
      {},
      { accountId: SECRETARIAT },
    );
    expect(
      lists
        .data!.changeRequests.filter((c) => c.issueKey === first || c.issueKey === second)
        .map((c) => [c.issueKey, c.priority]),
    ).toEqual([
      [first, 1],
      [second, 2],
    ]);
    // Others see the order but cannot move it.
    const seenByBo = await work(BO);
    expect(seenByBo.can.reorder).toBe(false);
    const refused = await forge.invoke(
      'project-page',
      'reorderChangeRequest',
      { expectedRevision: seenByBo.orderRevision, issueId: String(featureRequest(0).id), position: 1 },
      { accountId: BO, project: 'KITOS' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_MEMBER_OF_BODY' } });
  });

  it('published outcomes are listed on the project page for the user club', async () => {
    const issue = featureRequest(2).key;
    await cr(BO, issue, 'submit', { size: 'small' });
    await cr(SECRETARIAT, issue, 'decideSmall', { approve: true });
    await cr(SECRETARIAT, issue, 'publish');
    viewAs({ forge, module: 'project-page', accountId: BO, project: 'KITOS' });
    const text = textOf(await render(<ProjectPage />));
    expect(text).toContain('Offentliggjort for brugerklubben');
    expect(text).toMatch(new RegExp(`${issue} .*: Godkendt`));
  });

  it('requests stored with a typed working-group name and free-integer priorities keep working', async () => {
    const old = [featureRequest(3), featureRequest(4)];
    for (const [n, issue] of old.entries()) {
      // The shape stored before issue 14: a name (and convenor) typed on the request, a free integer priority.
      await forge.kvs.handle('/api/v1/set', {
        key: `cr:${issue.id}`,
        value: {
          id: `old-${n}`,
          issueKey: issue.key,
          title: `Gammelt ønske ${n}`,
          size: 'large',
          state: 'prioritised',
          submittedBy: { accountId: BO, displayName: 'Bo' },
          submittedAt: `2020-01-0${n + 1}T10:00:00.000Z`,
          workingGroup: { name: 'Organisationsgruppen', convenor: { accountId: BO, displayName: 'Bo' } },
          priority: 1,
        },
      });
    }
    // Stored before the product index too (change-requests.ts): the product is indexed again on the next read.
    forge.kvs.handle('/api/v1/delete', { key: 'crp:KITOS:indexed' });
    const seen = await work(SECRETARIAT);
    expect(seen.groups.find((g) => g.name === 'Organisationsgruppen')).toMatchObject({
      id: 'organisationsgruppen',
      convenor: { accountId: BO },
      migrated: true,
    });
    // Both were #1: the one submitted first is placed first, after the requests already in the order.
    expect(seen.ranked.map((x) => [x.place, x.issueKey])).toEqual([
      [1, featureRequest(0).key],
      [2, featureRequest(1).key],
      [3, old[0]!.key],
      [4, old[1]!.key],
    ]);
    // The old convenor still acts for the request (specify is the working group's).
    const specified = await cr(BO, old[0]!.key, 'specify', { text: 'Kravspecifikation' });
    expect(specified.data?.request.state).toBe('specified');
  });
});
