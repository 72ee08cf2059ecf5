// Seed 003 4.1.6 in the rendered project page and through the real resolvers: a board member turns one of the
// catalogue's permissions into an obligatory requirement (chosen from a list, with the board's reason, after a
// confirmation); a missing reason is refused under its field; the item is then a requirement on the page.
// Nobody outside the board sees the form, and the resolver refuses them.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { render, viewAs, textOf, click, type, choose, unlabelledFields, buttons } from './setup/ui.js';
import { startApp, SECRETARIAT, BOARD } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { ProjectPageData } from '../../src/resolvers/project-page.js';
import type { ReactTestRenderer } from 'react-test-renderer';

let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ forge, close } = await startApp());
});
afterAll(async () => close());

const ID = 'N2-GOVERNANCE-OS2-FUNDING';
const load = async (accountId: string, project: string) =>
  (await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project })).data!;
const items = (page: ProjectPageData) => page.requirements.flatMap((g) => g.items);
const errorsOf = (r: ReactTestRenderer) =>
  r.root.findAll((n) => (n.type as unknown) === 'ErrorMessage').map((n) => textOf(n));

describe('the board makes a permission obligatory from the page', () => {
  it('a board member chooses the permission, gives a reason, confirms; the item becomes a requirement', async () => {
    expect(items(await load(SECRETARIAT, 'KITOS')).find((i) => i.id === ID)?.status).not.toBe('open');

    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'KITOS' });
    const r = await render(<ProjectPage />);
    const unlabelled = unlabelledFields(r);
    expect(r.root.findAll((n) => n.props.name === 'cat-permission').length).toBeGreaterThan(0);
    expect(unlabelled).not.toContain('cat-permission');
    expect(unlabelled).not.toContain('cat-obligatory-reason');
    await choose(r, 'cat-permission', ID);
    // No reason: refused under the reason field, and nothing is saved.
    await click(r, 'Gør obligatorisk');
    expect(textOf(r)).toContain(`${ID} bliver et krav`);
    await click(r, 'Ja, gør det obligatorisk');
    expect(errorsOf(r)).toEqual(['Bestyrelsen skal begrunde ændringen']);
    expect(textOf(r)).toMatch(/version 0/);

    await type(r, 'cat-obligatory-reason', 'Bestyrelsesmøde 4. marts: finansiering skal beskrives');
    await click(r, 'Gør obligatorisk');
    // Cancel leaves everything as it was.
    await click(r, 'Annuller');
    expect(textOf(r)).toMatch(/version 0/);
    await click(r, 'Gør obligatorisk');
    await click(r, 'Ja, gør det obligatorisk');
    const text = textOf(r);
    expect(errorsOf(r)).toEqual([]);
    expect(text).toContain('Kataloget er nu i version 1');
    expect(text).toContain(`Version 1: ${ID} gjort obligatorisk`);
    expect(text).toContain('Bestyrelsesmøde 4. marts: finansiering skal beskrives');
    expect(items(await load(SECRETARIAT, 'KITOS')).find((i) => i.id === ID)).toMatchObject({
      status: 'open',
    });
    // It is no longer a permission, so it is no longer offered.
    const select = r.root.find((n) => (n.type as unknown) === 'Select' && n.props.name === 'cat-permission');
    expect((select.props.options as { value: string }[]).some((o) => o.value === ID)).toBe(false);
  });

  it('a user outside the board sees no form, and the resolver refuses them', async () => {
    viewAs({ forge, module: 'project-page', accountId: SECRETARIAT, project: 'KITOS' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('Projektet besvarer');
    expect(buttons(r).some((b) => textOf(b).includes('Gør obligatorisk'))).toBe(false);
    const current = await forge.invoke<{ version: number }>(
      'project-page',
      'catalogueVersions',
      {},
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    const refused = await forge.invoke(
      'project-page',
      'changeCatalogue',
      {
        expectedVersion: current.data!.version,
        input: { change: { type: 'makeObligatory', id: ID }, reason: 'x' },
      },
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'ONLY_BOARD_CHANGES_CATALOGUE' } });
  });
});
