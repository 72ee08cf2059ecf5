// The board meeting end to end through the real resolvers, the local Forge runtime and the Jira simulator
// (issue 15 item 4): the secretariat prepares the meeting, the agenda gathers what awaits the board, the pack
// prints it, and one call records the meeting's decisions with one reference; a refused or stale decision is
// reported on its own line in the user's language and loses none of the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT, BOARD, membersOf, product } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import { FEATURE_REQUEST_TYPE } from '../../jira-sim/index.js';
import type { MeetingAgendaData, MeetingLine } from '../../src/resolvers/meeting.js';
import type { ProjectPageData } from '../../src/resolvers/project-page.js';
import { runInvocation } from '../../forge-sim/runtime.js';
import { recordMeeting } from '../../src/app/meeting.js';
import { board as boardActor } from '../domain/helpers.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

const MEETING = { date: '2026-12-10', minutesUrl: 'https://os2.eu/bestyrelsen/referat-2026-12-10' };
const agenda = (accountId = SECRETARIAT) =>
  forge.invoke<MeetingAgendaData>('global-page', 'meetingAgenda', {}, { accountId });
const page = (project: string) =>
  forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId: SECRETARIAT, project });

describe('board meeting', () => {
  it('prepares, prints and records a meeting: each decision through the rules, failures per line, the rest saved', async () => {
    // The secretariat sets the date and proposes moving DATA (an N2 idea) to N3.
    const planned = await forge.invoke(
      'global-page',
      'meetingPlan',
      {
        date: '2026-12-10',
        proposal: { projectKey: 'DATA', toLevel: 'N3', reason: 'Alle kommuner vil være med' },
      },
      { accountId: SECRETARIAT },
    );
    expect(planned.ok).toBe(true);

    const before = await agenda();
    expect(before.ok).toBe(true);
    const items = before.data!.agenda.items;
    expect(before.data!.agenda.meetingDate).toBe('2026-12-10');
    expect(before.data!.can).toEqual({ record: true, plan: true });
    const iot = items.find((i) => i.kind === 'concept' && i.product.key === 'IOT')!;
    expect(iot).toMatchObject({
      recommendation: { basis: 'Indstilling fra Aalborg, Aarhus og Sønderborg.' },
    });
    const data = items.find((i) => i.kind === 'level_change')!;
    expect(data).toMatchObject({
      product: { key: 'DATA', level: 'N2' },
      toLevel: 'N3',
      proposedBy: 'Mette Søndergaard',
    });
    expect(items.some((i) => i.kind === 'attention' && i.product.key === 'MO')).toBe(true);

    // The pack: the same items, as a printable document.
    const pack = await forge.invoke<{ html: string; filename: string }>(
      'global-page',
      'meetingPack',
      {},
      { accountId: BOARD },
    );
    expect(pack.ok).toBe(true);
    expect(pack.data!.filename).toBe('bestyrelsesmoede-2026-12-10.html');
    expect(pack.data!.html).toContain('@page { size: A4 portrait;');
    expect(pack.data!.html).toContain('Møde den 10. december 2026');
    for (const i of items) expect(pack.data!.html).toContain(`data-item="${i.id}"`);

    // One meeting, four decisions: two go through, one is refused by the rules, one is stale.
    const kitos = (await page('KITOS')).data!.record!;
    const recorded = await forge.invoke<MeetingLine[]>(
      'global-page',
      'recordMeeting',
      {
        meeting: MEETING,
        decisions: [
          {
            action: 'approve',
            projectId: iot.product.projectId,
            expectedRevision: iot.product.revision,
            basis: 'Godkendt',
          },
          { action: 'sendBack', projectId: data.product.projectId, expectedRevision: data.product.revision },
          {
            action: 'changeLevel',
            projectId: data.product.projectId,
            expectedRevision: data.product.revision,
            level: 'N3',
            reason: 'Bred opbakning',
          },
          {
            action: 'retire',
            projectId: kitos.project.id,
            expectedRevision: kitos.revision - 1,
            reason: 'Lukkes',
          },
        ],
      },
      { accountId: SECRETARIAT },
    );
    expect(recorded.ok).toBe(true);
    const lines = recorded.data!;
    expect(lines.map((l) => l.ok)).toEqual([true, false, true, false]);
    // A send-back of an idea is not a step the rules allow; the secretariat reads why in Danish.
    expect(lines[1]).toMatchObject({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: expect.stringMatching(/[æøå]|ikke/),
    });
    expect(lines[3]).toMatchObject({
      ok: false,
      code: 'STALE_REVISION',
      message: expect.stringContaining('Intet er overskrevet'),
    });

    // Saved at the products' revisions, the meeting on each decision, the level moved by the board.
    const iotAfter = (await page('IOT')).data!;
    expect(iotAfter.record).toMatchObject({ state: 'approved', revision: iot.product.revision + 1 });
    expect(iotAfter.decisions[0]).toMatchObject({ kind: 'approve', body: 'board', meeting: MEETING });
    const dataAfter = (await page('DATA')).data!;
    expect(dataAfter.record).toMatchObject({ level: 'N3', revision: data.product.revision + 1 });
    expect(dataAfter.decisions[0]).toMatchObject({ kind: 'change_level', meeting: MEETING, toLevel: 'N3' });
    expect((await page('KITOS')).data!.record).toMatchObject({ state: 'product', revision: kitos.revision });

    // Decided items leave the agenda; what was refused stays on it.
    const after = (await agenda()).data!.agenda.items.map((i) => i.id);
    expect(after).not.toContain(iot.id);
    expect(after).not.toContain(data.id);

    // The mirror of a changed product is rewritten (its revision follows the save).
    const mirrored = sim.site('os2').state.resolveProject('IOT')!.properties.get('os2-governance') as
      { value?: { record?: { revision?: number } } } | undefined;
    expect(JSON.stringify(mirrored ?? {})).toContain('"approved"');
  });

  it('records two decisions on one product in one meeting, both at the revision the agenda showed', async () => {
    const items = (await agenda()).data!.agenda.items;
    const mo = items.find((i) => i.kind === 'attention' && i.product.key === 'MO')!;
    const lines = await forge.invoke<MeetingLine[]>(
      'global-page',
      'recordMeeting',
      {
        meeting: MEETING,
        decisions: [
          {
            action: 'changeLevel',
            projectId: mo.product.projectId,
            expectedRevision: mo.product.revision,
            level: 'N2',
            reason: 'Mindre omfang',
          },
          {
            action: 'changeLevel',
            projectId: mo.product.projectId,
            expectedRevision: mo.product.revision,
            level: 'N3',
            reason: 'Tilbage igen',
          },
        ],
      },
      { accountId: BOARD },
    );
    expect(lines.data!.map((l) => l.ok)).toEqual([true, true]);
    expect((await page('MO')).data!.record).toMatchObject({ level: 'N3', revision: mo.product.revision + 2 });
  });

  it("decides a change request beyond the product's frame as the board, logged on the product with the meeting", async () => {
    const state = sim.site('os2').state;
    const project = state.resolveProject('KITOS')!;
    const types = state.projectIssueTypes(project);
    const issue = [...state.issues.values()].find(
      (i) =>
        i.projectId === project.id &&
        types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
    )!;
    // Working groups are the product's entities (issue 14 finding 9): the secretariat forms the group first.
    const formed = await forge.invoke(
      'project-page',
      'saveWorkingGroup',
      { expectedRevision: 0, input: { name: 'Arbejdsgruppen for KITOS', members: [] } },
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    expect(formed.ok, JSON.stringify(formed.error)).toBe(true);
    const steps: [string, Record<string, unknown>][] = [
      ['submit', { size: 'large' }],
      ['assignWorkingGroup', { name: 'Arbejdsgruppen for KITOS' }],
      ['assess', { purpose: 'Færre fejl', businessValue: 'Sparer tid i alle kommuner' }],
      ['prioritise', { body: 'working_group', priority: 1 }],
      ['specify', { text: 'Kravspecifikation' }],
      ['recordEstimate', { hours: 800, dkk: 2_400_000, supplier: 'Leverandøren A/S' }],
      ['recommend', { text: 'Sekretariatet indstiller ønsket til bestyrelsen' }],
    ];
    for (const [revision, [action, input]] of steps.entries()) {
      const r = await forge.invoke(
        'issue-panel',
        'changeRequest',
        { action, input, expectedRevision: revision },
        { accountId: SECRETARIAT, issue: issue.key },
      );
      expect(r.ok, action).toBe(true);
    }
    const item = (await agenda()).data!.agenda.items.find(
      (i) => i.kind === 'change_request' && i.issueKey === issue.key,
    );
    expect(item).toMatchObject({
      title: issue.summary,
      estimate: { dkk: 2_400_000 },
      requestRevision: 7,
      recommendation: 'Sekretariatet indstiller ønsket til bestyrelsen',
      // KITOS has a coordination group: it refers the request to the board first (change-request.ts).
      decisionBlockedBy: 'NEEDS_COORDINATION_GROUP_REFERRAL',
    });
    const early = await forge.invoke<MeetingLine[]>(
      'global-page',
      'recordMeeting',
      {
        meeting: MEETING,
        decisions: [
          {
            action: 'decideChangeRequest',
            issueId: (item as { issueId: string }).issueId,
            expectedRevision: 7,
            approve: true,
          },
        ],
      },
      { accountId: SECRETARIAT },
    );
    expect(early.data).toEqual([
      expect.objectContaining({ ok: false, code: 'NEEDS_COORDINATION_GROUP_REFERRAL' }),
    ]);
    const coordinator = product('KITOS').record.coordinationGroup!.members[0]!.person.accountId;
    const referred = await forge.invoke(
      'issue-panel',
      'changeRequest',
      {
        action: 'referToBoard',
        input: { text: 'Koordinationsgruppen indstiller', financing: 'outside_product' },
        expectedRevision: 7,
      },
      { accountId: coordinator, issue: issue.key },
    );
    expect(referred.ok).toBe(true);
    const after = (await agenda()).data!.agenda.items.find(
      (i) => i.kind === 'change_request' && i.issueKey === issue.key,
    );
    expect(after).toMatchObject({
      requestRevision: 8,
      referral: { text: 'Koordinationsgruppen indstiller' },
    });
    expect(after).not.toHaveProperty('decisionBlockedBy');
    const lines = await forge.invoke<MeetingLine[]>(
      'global-page',
      'recordMeeting',
      {
        meeting: MEETING,
        decisions: [
          {
            action: 'decideChangeRequest',
            issueId: (item as { issueId: string }).issueId,
            expectedRevision: 8,
            approve: true,
            reason: 'Finansieres af OS2',
          },
        ],
      },
      { accountId: SECRETARIAT },
    );
    expect(lines.error).toBeUndefined();
    expect(lines.data).toEqual([expect.objectContaining({ ok: true, projectId: project.id, revision: 9 })]);
    const log = (await page('KITOS')).data!.decisions;
    expect(log[0]).toMatchObject({
      kind: 'change_request',
      body: 'board',
      meeting: MEETING,
      basis: 'Finansieres af OS2',
    });
    expect(
      (await agenda()).data!.agenda.items.some(
        (i) => i.kind === 'change_request' && i.issueKey === issue.key,
      ),
    ).toBe(false);
  });

  it('refuses whoever is neither board nor secretariat, and a meeting without a proper minutes link, in their language', async () => {
    const member = membersOf('751')[0]!.accountId;
    const refused = await forge.invoke(
      'global-page',
      'recordMeeting',
      {
        meeting: MEETING,
        decisions: [{ action: 'approve', projectId: '10008', expectedRevision: 1 }],
      },
      { accountId: member },
    );
    expect(refused.error).toMatchObject({
      code: 'ONLY_BOARD_OR_SECRETARIAT',
      message: 'Kun bestyrelsen eller sekretariatet kan se og registrere bestyrelsens møde',
    });
    const agendaRefused = await agenda(member);
    expect(agendaRefused.error?.code).toBe('ONLY_BOARD_OR_SECRETARIAT');
    const en = await forge.invoke('global-page', 'meetingPack', {}, { accountId: member, locale: 'en_GB' });
    expect(en.error?.message).toBe(
      "Only the board or the secretariat can see and record the board's meeting",
    );
    const bad = await forge.invoke(
      'global-page',
      'recordMeeting',
      {
        meeting: { date: MEETING.date, minutesUrl: 'referat.docx' },
        decisions: [{ action: 'approve', projectId: '10008', expectedRevision: 1 }],
      },
      { accountId: SECRETARIAT },
    );
    expect(bad.error).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: ['meeting', 'minutesUrl'], message: 'Referatet skal være et link (https://…)' }],
    });
    const plan = await forge.invoke(
      'global-page',
      'meetingPlan',
      { date: '2026-12-11' },
      { accountId: BOARD },
    );
    expect(plan.error).toMatchObject({
      code: 'ONLY_SECRETARIAT',
      message: 'Kun sekretariatet forbereder bestyrelsesmødet',
    });
  });
  it('answers the decisions it did not reach before the time limit as such, saving nothing for them', async () => {
    const page0 = (await page('CPR')).data!.record!;
    const outcomes = await runInvocation(forge.installation, boardActor.accountId, () =>
      recordMeeting(
        boardActor,
        {
          meeting: MEETING,
          decisions: [
            { action: 'retire', projectId: page0.project.id, expectedRevision: page0.revision, reason: 'x' },
          ],
        },
        new Set(),
        undefined,
        undefined,
        Date.now() - 1,
      ),
    );
    expect(outcomes).toEqual([{ index: 0, ok: false, error: { code: 'NOT_REACHED' } }]);
    expect((await page('CPR')).data!.record).toMatchObject({ state: page0.state, revision: page0.revision });
  });
});
