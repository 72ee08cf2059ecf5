// The product history through the project page's real resolver (issue 15, item 5), against the Jira simulator
// and the local Forge runtime: a board decision, a project admin's edit and municipal votes all show up, with
// who and what changed, in Danish and in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, BOARD, SECRETARIAT, product, membersOf, person } from './helpers.js';
import type { HistoryData, ProjectPageData } from '../../src/resolvers/project-page.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import { FEATURE_REQUEST_TYPE } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

const history = (accountId: string, project: string, locale?: string) =>
  forge.invoke<HistoryData>(
    'project-page',
    'history',
    {},
    { accountId, project, ...(locale ? { locale } : {}) },
  );

function featureRequest(projectKey: string) {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  return [...state.issues.values()].find(
    (i) =>
      i.projectId === project.id &&
      !i.deleted &&
      types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
  )!;
}

describe('project history', () => {
  it('shows the seeded record and every decision of the log', async () => {
    const answer = await history(SECRETARIAT, 'MO');
    expect(answer.ok).toBe(true);
    const entries = answer.data!;
    expect(entries.filter((e) => e.kind === 'decision')).toHaveLength(product('MO').decisions.length);
    const oldest = entries.filter((e) => e.kind === 'revision').at(-1)!;
    expect(oldest.title).toMatch(/ældste gemte udgave/i);
    expect(oldest.lines).toContain(`Navn: — → ${product('MO').record.name}`);
  });

  it('tells who changed what, field by field, after a board level change and a vote change', async () => {
    const before = (
      await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId: BOARD, project: 'MO' })
    ).data!.record!;
    const target = before.level === 'N3' ? 'N2' : 'N3';
    const moved = await forge.invoke(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: before.revision,
        input: { level: target, reason: 'Bestyrelsesmøde' },
      },
      { accountId: BOARD, project: 'MO' },
    );
    expect(moved.ok).toBe(true);

    const code = product('MO').record.municipalities[0]!.code;
    const voter = membersOf(code)[0]!;
    const issue = featureRequest('MO');
    for (const coFinance of [{ willing: false }, { willing: true, amountDkk: 75_000 }]) {
      const v = await forge.invoke(
        'issue-panel',
        'vote',
        { coFinance },
        { accountId: voter.accountId, issue: issue.key },
      );
      expect(v.ok).toBe(true);
    }

    const da = (await history(SECRETARIAT, 'MO')).data!;
    const revision = da.find((e) => e.kind === 'revision' && !e.first)!;
    expect(revision.by).toBe(person(BOARD).displayName);
    expect(revision.lines).toContain(`Niveau: ${before.level} → ${target}`);
    const decision = da.find((e) => e.kind === 'decision')!;
    expect(decision.title).toBe('Skift niveau (Bestyrelsen)');
    expect(decision.by).toBe(person(BOARD).displayName);
    const votes = da.filter((e) => e.kind === 'vote');
    expect(votes[0]!.by).toBe(voter.displayName);
    expect(votes[0]!.lines[0]).toMatch(
      new RegExp(`ændrede sin stemme på ${issue.key}: .* → vil medfinansiere 75\\.000\\skr\\.`),
    );
    // Newest first: the pledge change came last, so it is on top.
    expect(da[0]!.kind).toBe('vote');

    const en = (await history(SECRETARIAT, 'MO', 'en_GB')).data!;
    expect(en.find((e) => e.kind === 'revision' && !e.first)!.lines).toContain(
      `Level: ${before.level} → ${target}`,
    );
    expect(en.find((e) => e.kind === 'decision')!.title).toBe('Change level (The board)');
  });

  it('starts a newly registered project with who registered it; an ungoverned one has no history', async () => {
    const site = sim.site('os2');
    site.state.addProject({
      id: '10950',
      key: 'HIST',
      name: 'Historik-idé',
      description: '',
      style: 'classic',
      leadAccountId: site.admin.accountId,
      issueTypeSchemeId: '10100',
      scopedIssueTypes: [],
      created: Date.now(),
    });
    expect(await history(SECRETARIAT, 'HIST', 'en_US')).toMatchObject({
      ok: false,
      error: { code: 'NOT_GOVERNED' },
    });
    const registered = await forge.invoke(
      'project-page',
      'register',
      { name: 'Historik-idé' },
      { accountId: SECRETARIAT, project: 'HIST' },
    );
    expect(registered.ok).toBe(true);
    const entries = (await history(BOARD, 'HIST')).data!;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'revision', first: true, by: person(SECRETARIAT).displayName });
    expect(entries[0]!.lines).toContain('Tilstand: — → Idé');
  });

  it('marks decisions imported at admission as imported, with who stated them', async () => {
    const site = sim.site('os2');
    site.state.addProject({
      id: '10951',
      key: 'ADMH',
      name: 'Optaget produkt',
      description: '',
      style: 'classic',
      leadAccountId: site.admin.accountId,
      issueTypeSchemeId: '10100',
      scopedIssueTypes: [],
      created: Date.now(),
    });
    const admitted = await forge.invoke(
      'project-page',
      'admit',
      {
        input: {
          name: 'OS2optaget',
          level: 'N1',
          state: 'product',
          origin: 'external',
          developedBy: 'Aarhus Kommune',
          basis: 'Overdraget til OS2',
          municipalities: ['751'],
          history: [
            {
              kind: 'become_product',
              body: 'steering_group',
              decidedAt: '2019-05-02',
              decidedBy: { displayName: 'Styregruppen i Aarhus' },
              summary: 'Sat i drift i Aarhus',
            },
          ],
        },
      },
      { accountId: SECRETARIAT, project: 'ADMH' },
    );
    expect(admitted.ok, JSON.stringify(admitted)).toBe(true);
    const entries = (await history(BOARD, 'ADMH')).data!;
    const old = entries.find((e) => e.kind === 'decision' && e.lines.includes('Sat i drift i Aarhus'))!;
    expect(old.by).toBe('Styregruppen i Aarhus');
    const stated = old.lines.find((l) =>
      l.startsWith(`Importeret ved optagelsen af ${person(SECRETARIAT).displayName}`),
    );
    // The day of the admission as every other date in the app is written, not as ISO.
    expect(stated).toMatch(/ \d{1,2}\. [a-zæøå]{3}\.? \d{4}$/);
    expect(entries.at(-1)!.at.startsWith('2019-05-02')).toBe(true);
  });
});
