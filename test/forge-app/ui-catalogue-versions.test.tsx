// Finding 5 of issue 14 in the rendered project page and through the real resolvers: a board member adds an
// obligatory item to the catalogue (a new version with who, when and why, no code change); every project shows
// the version it answers, the item is on the requirement list of the levels it applies to and can be answered,
// and answers given before keep counting. Nobody else may change the catalogue.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { render, viewAs, textOf, click, type, choose } from './setup/ui.js';
import { startApp, SECRETARIAT, BOARD } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { ProjectPageData } from '../../src/resolvers/project-page.js';

let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ forge, close } = await startApp());
});
afterAll(async () => close());

const ID = 'N2-FORMAL-ARCHITECTURE-PRINCIPLES';
const load = async (accountId: string, project: string) =>
  (await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project })).data!;
const items = (page: ProjectPageData) => page.requirements.flatMap((g) => g.items);

describe("finding 5: the board's versioned catalogue", () => {
  it('the board adds an item on the page; N2 projects get it open, N1 projects do not; answers before still count', async () => {
    const kitosBefore = items(await load(SECRETARIAT, 'KITOS'));
    const answeredBefore = kitosBefore.filter((i) => i.status !== 'open').map((i) => i.id);

    const refused = await forge.invoke(
      'project-page',
      'changeCatalogue',
      {
        expectedVersion: 0,
        input: {
          change: { type: 'add', id: ID, theme: 'formal', level: 'N2', da: 'x', en: 'x' },
          reason: 'x',
        },
      },
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'ONLY_BOARD_CHANGES_CATALOGUE' } });

    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'KITOS' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('Projektet besvarer OS2 organisering');
    expect(textOf(r)).toMatch(/version 0/);
    // Nothing the board changed yet: the answers are plainly the published catalogue's, not of unknown version.
    expect(textOf(r)).toContain('Besvaret efter kataloget, som det blev udgivet');
    expect(textOf(r)).not.toContain('før katalogets version blev registreret');
    await choose(r, 'cat-level', 'N2');
    await choose(r, 'cat-theme', 'formal');
    await type(r, 'cat-id', ID);
    await type(r, 'cat-da', 'OS2s arkitekturprincipper følges');
    await type(r, 'cat-en', "OS2's architecture principles are followed");
    await type(r, 'cat-reason', 'Bestyrelsesmøde 4. marts: strategisk vigtige projekter');
    await click(r, 'Tilføj obligatorisk krav');
    const text = textOf(r);
    expect(text).toMatch(/version 1/);
    expect(text).toContain(`Version 1: tilføjet ${ID}: OS2s arkitekturprincipper følges`);
    expect(text).toContain('Bestyrelsesmøde 4. marts: strategisk vigtige projekter');
    expect(text).toContain(`${ID}: OS2s arkitekturprincipper følges`);

    const kitos = items(await load(SECRETARIAT, 'KITOS'));
    expect(kitos.find((i) => i.id === ID)).toMatchObject({ status: 'open', level: 'N2' });
    expect(kitos.filter((i) => i.status !== 'open').map((i) => i.id)).toEqual(answeredBefore);
    // FORD is an N1 project: the item is not on its list.
    const ford = await load(SECRETARIAT, 'FORD');
    expect(ford.record!.level).toBe('N1');
    expect(items(ford).some((i) => i.id === ID)).toBe(false);

    // The project answers it; a save at the old version of the catalogue is refused as stale.
    const page = await load(SECRETARIAT, 'KITOS');
    const answered = await forge.invoke(
      'project-page',
      'edit',
      {
        kind: 'answerRequirement',
        expectedRevision: page.record!.revision,
        input: { requirementId: ID, status: 'met' },
      },
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    expect(answered.ok).toBe(true);
    expect(items(await load(SECRETARIAT, 'KITOS')).find((i) => i.id === ID)?.status).toBe('met');
    const stale = await forge.invoke(
      'project-page',
      'changeCatalogue',
      {
        expectedVersion: 0,
        input: {
          change: { type: 'add', id: 'N3-FORMAL-SLA', theme: 'formal', level: 'N3', da: 'x', en: 'x' },
          reason: 'x',
        },
      },
      { accountId: BOARD, project: 'KITOS' },
    );
    expect(stale).toMatchObject({ ok: false, error: { code: 'STALE_REVISION' } });
  });
});
