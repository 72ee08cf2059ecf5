// Finding 7 of issue 14 in the rendered project page: the secretariat admits an existing product with the form
// (level, state, origin, groups, municipalities, history rows), a refused field shows its message under that
// field, and the board confirms the admission of an N2 product with the page's button.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act } from 'react-test-renderer';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { render, viewAs, textOf, click, type, choose, button, takeStep } from './setup/ui.js';
import { startApp, SECRETARIAT, BOARD } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { ReactTestInstance, ReactTestRenderer } from 'react-test-renderer';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
  const site = sim.site('os2');
  site.state.addProject({
    id: '10960',
    key: 'OLDQ',
    name: 'OS2 overdraget',
    description: '',
    style: 'classic',
    leadAccountId: site.admin.accountId,
    issueTypeSchemeId: '10100',
    scopedIssueTypes: [],
    created: Date.now(),
  });
});
afterAll(async () => close());

async function pick(r: ReactTestRenderer, name: string, accountId: string, displayName = accountId) {
  const picker = r.root.find((n) => (n.type as unknown) === 'UserPicker' && n.props.name === name);
  await act(async () =>
    (picker.props.onChange as (u: { id: string; name: string }) => void)({
      id: accountId,
      name: displayName,
    }),
  );
}
/** The error messages shown directly after the field named `name` (the form puts them under it). */
function errorsUnder(r: ReactTestRenderer, name: string): string[] {
  const field = r.root.find((n) => n.props.name === name && typeof n.type === 'string');
  const siblings = (field.parent?.children ?? []) as ReactTestInstance[];
  const next = siblings[siblings.indexOf(field) + 1];
  return next ? next.findAll((n) => (n.type as unknown) === 'ErrorMessage').map((n) => textOf(n)) : [];
}

describe('finding 7: the admission form and the board confirmation', () => {
  it('the secretariat fills the form; errors appear under their field; the board confirms', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'OLDQ' });
    expect(textOf(await render(<ProjectPage />))).not.toContain('Optag et eksisterende produkt');

    viewAs({ forge, module: 'project-page', accountId: SECRETARIAT, project: 'OLDQ' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('Optag et eksisterende produkt');

    // A history row with a date that is no date, and no name: each refused under its own field.
    await type(r, 'adm-history-date', '2. maj 2019');
    await type(r, 'adm-history-by', 'Styregruppen i Aarhus');
    await type(r, 'adm-history-summary', 'Sat i drift i Aarhus');
    await choose(r, 'adm-history-kind', 'become_product');
    await choose(r, 'adm-history-body', 'steering_group');
    await click(r, 'Tilføj beslutning');
    await click(r, 'Optag produktet');
    expect(textOf(r)).toContain('Optagelsen blev ikke gemt; ret felterne markeret nedenfor');
    expect(errorsUnder(r, 'adm-name')).toEqual(['Produktet skal have et navn']);
    expect(textOf(r)).toMatch(/Sat i drift i Aarhus.*Fjern 1/);
    const rowErrors = r.root.findAll((n) => (n.type as unknown) === 'ErrorMessage').map((n) => textOf(n));
    expect(rowErrors.length).toBe(2);
    // The date's error sits with its row (the row's text and remove button, then its message).
    const row = button(r, 'Fjern 1').parent!.parent!;
    expect(row.findAll((n) => (n.type as unknown) === 'ErrorMessage')).toHaveLength(1);

    // Corrected: the row again with a real date, the name, origin, groups and municipalities.
    await click(r, 'Fjern 1');
    await type(r, 'adm-history-date', '2019-05-02');
    await type(r, 'adm-history-by', 'Styregruppen i Aarhus');
    await type(r, 'adm-history-summary', 'Sat i drift i Aarhus');
    await choose(r, 'adm-history-kind', 'become_product');
    await choose(r, 'adm-history-body', 'steering_group');
    await click(r, 'Tilføj beslutning');
    await type(r, 'adm-name', 'OS2overdraget');
    await choose(r, 'adm-level', 'N2');
    await choose(r, 'adm-state', 'product');
    await choose(r, 'adm-origin', 'external');
    await type(r, 'adm-developed-by', 'Aarhus Kommune');
    await type(r, 'adm-basis', 'Overdraget til OS2 på samme vilkår (5.2)');
    for (const code of ['751', '461']) {
      await choose(r, 'adm-municipality', code);
      await click(r, 'Tilføj kommune');
    }
    await pick(r, 'adm-steering-person', 'k751-karin');
    await choose(r, 'adm-steering-municipality', '751');
    await click(r, 'Tilføj til styregruppen');
    // A steering member from a municipality that does not take part: the rule is shown under the group.
    await pick(r, 'adm-steering-person', 'k151-bo');
    await choose(r, 'adm-steering-municipality', '151');
    await click(r, 'Tilføj til styregruppen');
    await choose(r, 'adm-steering-chair', 'k751-karin');
    await pick(r, 'adm-coordination-person', 'k751-karin');
    await choose(r, 'adm-coordination-municipality', '751');
    await click(r, 'Tilføj til koordinationsgruppen');
    await click(r, 'Optag produktet');
    expect(errorsUnder(r, 'adm-steering-chair').join(' ')).toMatch(/kommune/i);

    await click(r, 'Fjern k151-bo');
    await pick(r, 'adm-steering-person', 'os2-bst-peter');
    await choose(r, 'adm-steering-municipality', '461');
    await click(r, 'Tilføj til styregruppen');
    await click(r, 'Optag produktet');
    const admitted = textOf(r);
    expect(admitted).toContain('OS2overdraget');
    expect(admitted).toContain('afventer bestyrelsens bekræftelse');
    expect(admitted).toContain('Sat i drift i Aarhus');
    expect(admitted).toContain('Karin Thomsen');

    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'OLDQ' });
    const b = await render(<ProjectPage />);
    expect(button(b, 'Bekræft optagelsen').props.isDisabled).toBeFalsy();
    await takeStep(b, 'Bekræft optagelsen', { text: 'Bestyrelsesmøde 12. marts' });
    expect(textOf(b)).toContain('Bestyrelsen har bekræftet optagelsen på N2');
    expect(textOf(b)).not.toMatch(/Optaget af sekretariatet [^:]*; afventer bestyrelsens bekræftelse/);
    const page = await forge.invoke<{ record: { admission: { boardConfirmation: string } } }>(
      'project-page',
      'load',
      {},
      { accountId: BOARD, project: 'OLDQ' },
    );
    expect(page.data!.record.admission.boardConfirmation).toBe('confirmed');
  });
});
