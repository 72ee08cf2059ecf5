// Issue 14 findings 2, 3, 4 and 10 tried again as the same roles, through the real resolvers and the rendered
// pages: the groups take their own decisions (chair, project description, project leader, development frame), a
// tie is the chair's, change-request financing is checked against the stored frame with the pledges beside it, the
// pledge history is shown, and polls take several answers from the municipalities asked.
import './setup/bridge.js';
import { act as reactAct } from 'react-test-renderer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { IssuePanel } from '../../src/frontend/issue-panel/App.js';
import {
  render,
  viewAs,
  textOf,
  click,
  type,
  choose,
  buttons,
  settle,
  unlabelledFields,
} from './setup/ui.js';
import { startApp, SECRET, SECRETARIAT, BOARD } from './helpers.js';
import { GOVERNANCE_PROPERTY, readGovernanceMirror } from '../../src/mirror/governance-mirror.js';
import { FEATURE_REQUEST_TYPE } from '../../jira-sim/index.js';
import type { ReactTestRenderer } from 'react-test-renderer';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { ProjectPageData, SaveAnswer } from '../../src/resolvers/project-page.js';
import type { IssuePanelData } from '../../src/resolvers/issue-panel.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

const mirror = (key: string) => {
  const state = sim.site('os2').state;
  const project = state.resolveProject(key)!;
  const m = readGovernanceMirror(project.properties.get(GOVERNANCE_PROPERTY), SECRET);
  if (m.integrity !== 'verified') throw new Error('mirror not verified');
  return m.payload;
};

async function transition(accountId: string, project: string, action: string, input: unknown) {
  const page = await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project });
  return forge.invoke<SaveAnswer>(
    'project-page',
    'transition',
    { action, expectedRevision: page.data!.record!.revision, input },
    { accountId, project },
  );
}

async function pick(r: ReactTestRenderer, name: string, accountId: string, displayName: string) {
  const picker = r.root.find((n) => (n.type as unknown) === 'UserPicker' && n.props.name === name);
  await reactAct(async () =>
    (picker.props.onChange as (u: unknown) => void)({ id: accountId, name: displayName, type: 'user' }),
  );
}

const labels = (r: ReactTestRenderer) => buttons(r).map((b) => textOf(b));

describe('findings 2 and 3: the steering group decides, the chair breaks ties', () => {
  it('a steering-group member who is not project admin gets "Sæt som projektleder" and uses it; the project admin does not', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'k740-gitte', project: 'MO' });
    const r = await render(<ProjectPage />);
    expect(labels(r)).toContain('Sæt som projektleder');
    // The group's own decisions (votes for/against, chair, frame) are labelled fields like every other.
    expect(r.root.findAll((n) => n.props.name === 'tallyFor').length).toBeGreaterThan(0);
    expect(unlabelledFields(r)).toEqual([]);
    await pick(r, 'leader', 'k661-ole', 'Ole Krogh');
    await click(r, 'Sæt som projektleder');
    expect(textOf(r)).toContain('Gemt');
    expect(mirror('MO').record.projectLeader?.accountId).toBe('k661-ole');
    // The choice is the steering group's decision, logged with that body (finding 3).
    expect(mirror('MO').decisions.at(-1)).toMatchObject({
      kind: 'choose_project_leader',
      body: 'steering_group',
      decidedBy: { accountId: 'k740-gitte' },
    });

    // The project leader (a project admin, not a member) is offered no button only the steering group may use.
    viewAs({ forge, module: 'project-page', accountId: 'pl-mo-kristian', project: 'MO' });
    const admin = await render(<ProjectPage />);
    expect(labels(admin)).not.toContain('Sæt som projektleder');
  });

  it('the chair is elected by the group; a tie is recorded only by the chair, with the casting vote', async () => {
    expect(await transition('pl-mo-kristian', 'MO', 'electChair', { chair: 'k151-bo' })).toMatchObject({
      ok: false,
      error: { code: 'ONLY_GROUP_ELECTS_CHAIR' },
    });
    const tie = { for: 2, against: 2 };
    expect(await transition('k151-bo', 'MO', 'electChair', { chair: 'k151-bo', tally: tie })).toMatchObject({
      ok: false,
      error: { code: 'TIE_DECIDED_BY_CHAIR' },
    });
    const elected = await transition(BOARD, 'MO', 'electChair', { chair: 'k151-bo', tally: tie });
    expect(elected.data!.decisions[0]).toMatchObject({
      kind: 'elect_chair',
      body: 'steering_group',
      tally: { for: 2, against: 2, castingVoteBy: { accountId: BOARD } },
    });
    expect(mirror('MO').record.steeringGroup?.chair).toBe('k151-bo');
  });

  it('the steering group approves the project description on the page; the requirement is then met', async () => {
    expect(await transition(SECRETARIAT, 'DATA', 'approveProjectDescription', {})).toMatchObject({
      ok: false,
      error: { code: 'ONLY_STEERING_GROUP_APPROVES_DESCRIPTION' },
    });
    viewAs({ forge, module: 'project-page', accountId: 'k101-kasper', project: 'DATA' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('Projektbeskrivelsen er endnu ikke godkendt af styregruppen');
    await click(r, 'Godkend projektbeskrivelsen');
    expect(textOf(r)).toContain('Projektbeskrivelsen er godkendt af Styregruppen');
    const page = await forge.invoke<ProjectPageData>(
      'project-page',
      'load',
      {},
      { accountId: SECRETARIAT, project: 'DATA' },
    );
    const item = page
      .data!.requirements.flatMap((g) => g.items)
      .find((i) => i.id === 'N1-GOVERNANCE-DESCRIPTION-APPROVED');
    expect(item?.status).toBe('met');
    expect(page.data!.decisions[0]).toMatchObject({
      kind: 'approve_project_description',
      body: 'steering_group',
    });
  });
});

describe('finding 2: a running N2 steering group proposes its own changes; the board approves them', () => {
  it('a member gets the editor, proposes; the page shows it waiting; the board approves it', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'k621-louise', project: 'ROLLE' });
    const r = await render(<ProjectPage />);
    expect(labels(r)).toContain('Gem styregruppen');
    const members = [
      { person: { accountId: 'k157-thomas', displayName: 'x' }, municipality: '157' },
      { person: { accountId: 'k621-louise', displayName: 'x' }, municipality: '621' },
      { person: { accountId: 'os2-bst-hanne', displayName: 'x' }, municipality: '147' },
    ];
    const load = await forge.invoke<ProjectPageData>(
      'project-page',
      'load',
      {},
      { accountId: 'k621-louise', project: 'ROLLE' },
    );
    const proposed = await forge.invoke<SaveAnswer>(
      'project-page',
      'edit',
      { kind: 'setSteeringGroup', expectedRevision: load.data!.record!.revision, input: { members } },
      { accountId: 'k621-louise', project: 'ROLLE' },
    );
    expect(proposed.ok).toBe(true);
    expect(mirror('ROLLE').record.steeringGroup!.members.map((m) => m.person.accountId)).not.toContain(
      'os2-bst-hanne',
    );
    const again = await render(<ProjectPage />);
    expect(textOf(again)).toContain('Ændring af styregruppen foreslået af Louise Vinther');
    const approved = await transition(BOARD, 'ROLLE', 'approveSteeringGroup', { basis: 'Møde' });
    expect(approved.data!.decisions[0]).toMatchObject({ kind: 'approve_steering_group', body: 'board' });
    const group = mirror('ROLLE').record.steeringGroup!;
    expect(group.members.map((m) => m.person.accountId)).toContain('os2-bst-hanne');
    expect(group.chair).toBe('k157-thomas');
  });
});

describe('finding 4: the frame is stored and owned; financing is checked against it with the pledges beside it', () => {
  const issueOf = () => {
    const state = sim.site('os2').state;
    const project = state.resolveProject('KITOS')!;
    const types = state.projectIssueTypes(project);
    return [...state.issues.values()].find(
      (i) =>
        i.projectId === project.id &&
        !i.deleted &&
        types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
    )!;
  };
  let revision = 0;
  async function step(accountId: string, action: string, input: unknown = {}) {
    const key = issueOf().key;
    const r = await forge.invoke<{ request: { revision: number } }>(
      'issue-panel',
      'changeRequest',
      { action, input, expectedRevision: revision },
      { accountId, issue: key },
    );
    if (r.ok) revision = r.data!.request.revision;
    return r;
  }

  it('the coordination group sets the frame on the page; it waits for the board, which approves it', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'k630-maria', project: 'KITOS' });
    const r = await render(<ProjectPage />);
    await type(r, 'frameAmount', '300000');
    await click(r, 'Fastsæt udviklingsrammen');
    expect(textOf(r)).toContain(
      'Udviklingsramme: 300.000 kr. (fastsat af Koordinationsgruppen); afventer bestyrelsens godkendelse',
    );
    expect(await transition(SECRETARIAT, 'KITOS', 'setDevelopmentFrame', { amountDkk: 1 })).toMatchObject({
      ok: false,
      error: { code: 'ONLY_COORDINATION_GROUP_OR_BOARD_SETS_FRAME' },
    });
    const approved = await transition(BOARD, 'KITOS', 'setDevelopmentFrame', { amountDkk: 300_000 });
    expect(approved.data!.decisions[0]).toMatchObject({ kind: 'set_development_frame', body: 'board' });
  });

  it('9 M kr.: refused for the groups, recommended by the coordination group in the panel, decided by the board with the pledges logged', async () => {
    const key = issueOf().key;
    const vote = await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: true, amountDkk: 50_000 } },
      { accountId: 'k751-karin', issue: key },
    );
    expect(vote.ok).toBe(true);
    expect((await step('k630-maria', 'submit', { size: 'large' })).ok).toBe(true);
    // The request goes to one of the product's working groups (finding 9), which the secretariat creates first.
    const group = await forge.invoke(
      'project-page',
      'saveWorkingGroup',
      { expectedRevision: 0, input: { name: 'Kontraktgruppen', members: [] } },
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    expect(group.ok).toBe(true);
    expect((await step(SECRETARIAT, 'assignWorkingGroup', { groupId: 'kontraktgruppen' })).ok).toBe(true);
    expect((await step(SECRETARIAT, 'assess', { purpose: 'Formål', businessValue: 'Værdi' })).ok).toBe(true);
    expect((await step(SECRETARIAT, 'prioritise', { body: 'working_group', priority: 1 })).ok).toBe(true);
    expect((await step(SECRETARIAT, 'specify', { text: 'Krav' })).ok).toBe(true);
    expect(
      (await step(SECRETARIAT, 'recordEstimate', { hours: 9000, dkk: 9_000_000, supplier: 'Leverandør' })).ok,
    ).toBe(true);
    expect((await step(SECRETARIAT, 'recommend', { text: 'Sekretariatet indstiller' })).ok).toBe(true);

    // The old way round: a typed frame is no input any more; the groups are refused against the stored one.
    expect(
      await step('k630-maria', 'decideLarge', {
        approve: true,
        body: 'coordination_group',
        financing: 'product',
        frameDkk: 999_999_999,
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(
      await step('k630-maria', 'decideLarge', {
        approve: true,
        body: 'coordination_group',
        financing: 'product',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CHANGE_REQUEST_OUTSIDE_FRAME' } });
    expect(
      await step('k161-henrik', 'decideLarge', {
        approve: true,
        body: 'steering_group',
        financing: 'product',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CHANGE_REQUEST_OUTSIDE_FRAME' } });
    expect(
      await step(BOARD, 'decideLarge', { approve: true, body: 'board', financing: 'product' }),
    ).toMatchObject({ ok: false, error: { code: 'NEEDS_COORDINATION_GROUP_REFERRAL' } });

    viewAs({ forge, module: 'issue-panel', accountId: 'k630-maria', issue: key });
    const r = await render(<IssuePanel />);
    expect(textOf(r)).toContain('Uden for produktets udviklingsramme (300.000 kr.)');
    // The pledges beside the decision are the votes' co-financing (the fixture's earlier votes and Aarhus's).
    const { tally } = (
      await forge.invoke<IssuePanelData>('issue-panel', 'load', {}, { accountId: 'k630-maria', issue: key })
    ).data!;
    const pledged = `${tally.coFinanceWilling} kommuner, ${tally.coFinanceTotalDkk.toLocaleString('da-DK')} kr.`;
    expect(tally.coFinanceWilling).toBeGreaterThan(0);
    expect(textOf(r)).toContain(
      `Tilsagn om medfinansiering: ${tally.coFinanceWilling} kommuner, i alt ${tally.coFinanceTotalDkk.toLocaleString('da-DK')} kr.`,
    );
    await choose(r, 'cr-action', 'referToBoard');
    await type(r, 'cr-text', 'Koordinationsgruppen anbefaler');
    await click(r, 'Indstil til bestyrelsen (koordinationsgruppen)');
    expect(textOf(r)).toContain(
      'Koordinationsgruppens indstilling til bestyrelsen: Koordinationsgruppen anbefaler',
    );
    revision += 1;

    const decided = await step(BOARD, 'decideLarge', { approve: true, body: 'board', financing: 'product' });
    expect(decided.ok).toBe(true);
    const log = mirror('KITOS').decisions.slice(-2);
    expect(log[0]).toMatchObject({ body: 'coordination_group', kind: 'change_request' });
    expect(log[1]).toMatchObject({ body: 'board', kind: 'change_request' });
    expect(log[0]!.summary).toContain(`tilsagn om medfinansiering: ${pledged}`);
    expect(log[1]!.summary).toContain(`tilsagn om medfinansiering: ${pledged}`);
  });
});

describe('finding 10: pledge history and polls as seed 000 asks', () => {
  const featureRequest = () => {
    const state = sim.site('os2').state;
    const project = state.resolveProject('KITOS')!;
    const types = state.projectIssueTypes(project);
    return [...state.issues.values()].find(
      (i) =>
        i.projectId === project.id &&
        !i.deleted &&
        types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
    )!.key;
  };

  it('a changed pledge keeps its history, shown in the panel: who, when, what', async () => {
    const key = featureRequest();
    const changed = await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: true, amountDkk: 80_000 } },
      { accountId: 'k751-karin', issue: key },
    );
    expect(changed.ok).toBe(true);
    viewAs({ forge, module: 'issue-panel', accountId: 'k157-thomas', issue: key });
    const r = await render(<IssuePanel />);
    expect(textOf(r)).toContain('Ændringer af stemmer og tilsagn');
    expect(textOf(r)).toMatch(/Aarhus: medfinansiering 80\.000 kr\. – Karin Thomsen, .*\(gældende\)/);
    expect(textOf(r)).toMatch(/Før: medfinansiering 50\.000 kr\. – Karin Thomsen/);
  });

  it('the secretariat opens an and/or poll for chosen municipalities; only they answer, with several alternatives', async () => {
    const key = featureRequest();
    viewAs({ forge, module: 'issue-panel', accountId: SECRETARIAT, issue: key });
    const s = await render(<IssuePanel />);
    await type(s, 'question', 'Hvilken retning?');
    await type(s, 'alternatives', 'Overblik\nProjektstyring\nIntegration');
    await type(s, 'deadline', '2099-12-31');
    const multiple = s.root.find((n) => (n.type as unknown) === 'Toggle' && n.props.id === 'poll-multiple');
    await reactAct(async () => (multiple.props.onChange as () => void)());
    const asked = s.root.find(
      (n) => (n.type as unknown) === 'Select' && n.props.name === 'poll-municipalities',
    );
    await reactAct(async () =>
      (asked.props.onChange as (o: unknown) => void)([{ value: '751' }, { value: '630' }]),
    );
    await click(s, 'Åbn afstemning');
    await settle();
    expect(textOf(s)).toContain('Flere svar muligt (og/eller) – spurgt: Vejle, Aarhus');

    const panel = await forge.invoke<IssuePanelData>(
      'issue-panel',
      'load',
      {},
      { accountId: SECRETARIAT, issue: key },
    );
    const poll = panel.data!.polls.at(-1)!;
    expect(poll).toMatchObject({ multiple: true, eligible: ['751', '630'] });

    viewAs({ forge, module: 'issue-panel', accountId: 'k751-karin', issue: key });
    const k = await render(<IssuePanel />);
    for (const alt of ['alt-1', 'alt-3']) {
      const toggle = k.root.find(
        (n) => (n.type as unknown) === 'Toggle' && n.props.id === `poll-${poll.id}-${alt}`,
      );
      await reactAct(async () => (toggle.props.onChange as () => void)());
    }
    await click(k, 'Svar for Aarhus');
    expect(textOf(k)).toContain('Gemt');
    const after = await forge.invoke<IssuePanelData>(
      'issue-panel',
      'load',
      {},
      { accountId: SECRETARIAT, issue: key },
    );
    expect(after.data!.polls.at(-1)!.result.options.map((o) => o.answers)).toEqual([1, 0, 1]);

    // A municipality not asked gets no answer button, and the resolver refuses it.
    viewAs({ forge, module: 'issue-panel', accountId: 'k157-thomas', issue: key });
    const t = await render(<IssuePanel />);
    expect(labels(t).some((l) => l.startsWith('Svar for'))).toBe(false);
    expect(
      await forge.invoke(
        'issue-panel',
        'answerPoll',
        { pollId: poll.id, option: 'alt-1', coFinance: { willing: false } },
        { accountId: 'k157-thomas', issue: key },
      ),
    ).toMatchObject({ ok: false, error: { code: 'MUNICIPALITY_NOT_ELIGIBLE' } });
  });
});
