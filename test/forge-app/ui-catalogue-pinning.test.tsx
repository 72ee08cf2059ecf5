// Issue 14: which catalogue version a project's answers were given under, in the rendered project page and
// through the real resolvers. Every project answers the newest version (catalogue-versions.ts `catalogueFor`);
// each answer carries the version it was given under, the page says "Besvaret efter version N af M" and lists
// what the board has demanded since, open until the project meets or explains it.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { click, render, viewAs, textOf } from './setup/ui.js';
import { startApp, SECRETARIAT, BOARD } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { ProjectPageData } from '../../src/resolvers/project-page.js';
import type { CatalogueVersionsData } from '../../src/resolvers/catalogue-work.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

const FIRST = 'N2-FORMAL-ARCHITECTURE-PRINCIPLES';
const SECOND = 'N2-FORMAL-OPERATING-REQUIREMENTS';
const load = async (project: string) =>
  (await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId: SECRETARIAT, project }))
    .data!;
const versionsView = async (project: string) =>
  (
    await forge.invoke<CatalogueVersionsData>(
      'project-page',
      'catalogueVersions',
      {},
      { accountId: SECRETARIAT, project },
    )
  ).data!;
const items = (page: ProjectPageData) => page.requirements.flatMap((g) => g.items);

async function boardAdds(id: string, da: string, expectedVersion: number) {
  const r = await forge.invoke(
    'project-page',
    'changeCatalogue',
    {
      expectedVersion,
      input: {
        change: { type: 'add', id, theme: 'formal', level: 'N2', da, en: da },
        reason: 'Bestyrelsesmøde',
      },
    },
    { accountId: BOARD, project: 'KITOS' },
  );
  expect(r.ok).toBe(true);
}

async function answer(project: string, requirementId: string, input: object) {
  const page = await load(project);
  const r = await forge.invoke(
    'project-page',
    'edit',
    {
      kind: 'answerRequirement',
      expectedRevision: page.record!.revision,
      input: { requirementId, ...input },
    },
    { accountId: SECRETARIAT, project },
  );
  expect(r.ok).toBe(true);
}

describe('which catalogue version a project answered (issue 14)', () => {
  it('answers given before versions were recorded say so; an answer now carries the version in force', async () => {
    // The fixtures' answers were stored without a version: not known, and not claimed to be any.
    const before = await versionsView('KITOS');
    expect(before).toMatchObject({ version: 0, answeredVersion: null, hasAnswers: true, newSince: [] });

    await boardAdds(FIRST, 'OS2s arkitekturprincipper følges', 0);
    await answer('KITOS', FIRST, { status: 'explained', explanation: 'Egne principper, beskrevet i wiki' });
    const answered = items(await load('KITOS')).find((i) => i.id === FIRST)!;
    expect(answered.answer).toMatchObject({ status: 'explained', catalogueVersion: 1 });
    expect((await load('KITOS')).record!.catalogueVersion).toBe(1);
    expect(await versionsView('KITOS')).toMatchObject({ version: 1, answeredVersion: 1, newSince: [] });
  });

  it('the board demands more: the page says "besvaret efter version 1 af 2" and lists the new item as open', async () => {
    await boardAdds(SECOND, 'Driftskrav er beskrevet efter OS2s skabelon', 1);
    const view = await versionsView('KITOS');
    expect(view).toMatchObject({
      version: 2,
      answeredVersion: 1,
      newSince: [{ id: SECOND, status: 'open' }],
    });
    // It counts: open on the project's list until met or explained (the newest version applies to every project).
    expect(items(await load('KITOS')).find((i) => i.id === SECOND)?.status).toBe('open');

    viewAs({ forge, module: 'project-page', accountId: SECRETARIAT, project: 'KITOS' });
    const r = await render(<ProjectPage />);
    const text = textOf(r);
    expect(text).toContain('Besvaret efter version 1 af 2');
    expect(text).toContain(
      `Nyt siden version 1: ${SECOND}: Driftskrav er beskrevet efter OS2s skabelon (Åbent)`,
    );
    // Each answer shows the version it was given under.
    await click(r, /^Formelle krav:/);
    expect(textOf(r)).toMatch(/efter version 1 – Egne principper, beskrevet i wiki/);

    // Answering the new item brings the record up to the newest version; nothing is new since.
    await answer('KITOS', SECOND, { status: 'met' });
    expect(await versionsView('KITOS')).toMatchObject({ version: 2, answeredVersion: 2, newSince: [] });
  });

  it('a project not governed yet has nothing answered under any version', async () => {
    const site = sim.site('os2');
    site.state.addProject({
      id: '10961',
      key: 'NYT',
      name: 'Nyt projekt uden governance',
      description: '',
      style: 'classic',
      leadAccountId: site.admin.accountId,
      issueTypeSchemeId: '10100',
      scopedIssueTypes: [],
      created: Date.now(),
    });
    expect(await versionsView('NYT')).toMatchObject({
      version: 2,
      answeredVersion: null,
      hasAnswers: false,
      newSince: [],
    });
  });
});
