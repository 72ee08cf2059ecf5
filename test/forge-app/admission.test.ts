// Finding 7, through the project page's real resolver in the local Forge runtime against the Jira simulator:
// an existing product is admitted at its level and state with its history imported, and an N2/N3 product waits
// for the board's confirmation, which only the board (a member of the board's Jira group) can give.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT, BOARD } from './helpers.js';
import type { ProjectPageData, SaveAnswer } from '../../src/resolvers/project-page.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
  const site = sim.site('os2');
  site.state.addProject({
    id: '10950',
    key: 'OLDP',
    name: 'OS2 eksisterende',
    description: '',
    style: 'classic',
    leadAccountId: site.admin.accountId,
    issueTypeSchemeId: '10100',
    scopedIssueTypes: [],
    created: Date.now(),
  });
});
afterAll(async () => close());

const load = (accountId: string) =>
  forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project: 'OLDP' });

const input = {
  name: 'OS2eksisterende',
  level: 'N2',
  state: 'product',
  origin: 'external',
  developedBy: 'Aarhus Kommune',
  basis: 'Overdraget til OS2 på samme vilkår (5.2)',
  municipalities: ['751', '461'],
  steeringGroup: {
    members: [
      { person: { accountId: 'k751-karin', displayName: 'x' }, municipality: '751' },
      { person: { accountId: 'os2-bst-peter', displayName: 'x' }, municipality: '461' },
    ],
    chair: 'k751-karin',
  },
  coordinationGroup: {
    members: [{ person: { accountId: 'k751-karin', displayName: 'x' }, municipality: '751' }],
  },
  history: [
    {
      kind: 'become_product',
      body: 'steering_group',
      decidedAt: '2019-05-02',
      decidedBy: { displayName: 'Styregruppen i Aarhus' },
      summary: 'Sat i drift i Aarhus',
    },
  ],
};

describe('finding 7 through the project page: admission of an existing product', () => {
  it('refuses anyone but the secretariat, and the page offers admission only to it', async () => {
    expect((await load(BOARD)).data!.can.admit).toBe(false);
    expect((await load(SECRETARIAT)).data!.can.admit).toBe(true);
    const refused = await forge.invoke(
      'project-page',
      'admit',
      { input },
      { accountId: BOARD, project: 'OLDP' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'ONLY_SECRETARIAT_ADMITS' } });
    expect(refused.error!.message).toMatch(/sekretariatet/);
  });

  it('admits at the stated level and state with history as history; the board confirms', async () => {
    const ok = await forge.invoke<SaveAnswer>(
      'project-page',
      'admit',
      { input },
      { accountId: SECRETARIAT, project: 'OLDP' },
    );
    expect(ok.ok).toBe(true);
    expect(ok.data!.record).toMatchObject({
      level: 'N2',
      state: 'product',
      revision: 1,
      project: { id: '10950', key: 'OLDP' },
      admission: { origin: 'external', developedBy: 'Aarhus Kommune', boardConfirmation: 'pending' },
    });
    // Names come from Jira, not from the payload.
    expect(ok.data!.record.steeringGroup!.members[0]!.person.displayName).toBe('Karin Thomsen');

    const page = (await load(BOARD)).data!;
    expect(page.decisions.map((d) => [d.kind, d.decidedAt.slice(0, 10), Boolean(d.imported)])).toEqual([
      ['admit', new Date().toISOString().slice(0, 10), false],
      ['become_product', '2019-05-02', true],
    ]);
    // Admitting twice is refused.
    const twice = await forge.invoke(
      'project-page',
      'admit',
      { input },
      { accountId: SECRETARIAT, project: 'OLDP' },
    );
    expect(twice).toMatchObject({ ok: false, error: { code: 'ALREADY_GOVERNED' } });

    // The secretariat sees the step refused with the board's rule; the board may take it.
    const secStep = (await load(SECRETARIAT)).data!.steps.find((s) => s.action === 'confirmAdmission');
    expect(secStep).toMatchObject({ allowed: false, rule: { code: 'ONLY_BOARD_CONFIRMS_ADMISSION' } });
    const boardStep = page.steps.find((s) => s.action === 'confirmAdmission');
    expect(boardStep).toMatchObject({ allowed: true, approvesSteeringGroup: true });
    const confirmed = await forge.invoke<SaveAnswer>(
      'project-page',
      'transition',
      {
        action: 'confirmAdmission',
        expectedRevision: 1,
        input: { basis: 'Bestyrelsesmøde', approveSteeringGroup: true },
      },
      { accountId: BOARD, project: 'OLDP' },
    );
    expect(confirmed.ok).toBe(true);
    expect(confirmed.data!.record.admission).toMatchObject({
      boardConfirmation: 'confirmed',
      confirmedBy: { accountId: BOARD },
    });
    expect(confirmed.data!.decisions[0]).toMatchObject({ kind: 'confirm_admission', body: 'board' });
  });
});
