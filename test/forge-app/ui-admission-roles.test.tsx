// The admission form's people (issue 14, seed 003 4.1.4–4.1.5): the secretariat admits an existing product with
// its project leader and project owner, the coordination group's chair and whether a supplier runs that group,
// each a labelled field; the admitted record carries them, with Jira's names, and the page shows them.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act } from 'react-test-renderer';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { render, viewAs, textOf, click, type, choose, unlabelledFields } from './setup/ui.js';
import { startApp, SECRETARIAT } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { ReactTestRenderer } from 'react-test-renderer';
import type { ProjectPageData } from '../../src/resolvers/project-page.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
  const site = sim.site('os2');
  site.state.addProject({
    id: '10961',
    key: 'OLDR',
    name: 'OS2 overdraget med roller',
    description: '',
    style: 'classic',
    leadAccountId: site.admin.accountId,
    issueTypeSchemeId: '10100',
    scopedIssueTypes: [],
    created: Date.now(),
  });
});
afterAll(async () => close());

async function pick(r: ReactTestRenderer, name: string, accountId: string) {
  const picker = r.root.find((n) => (n.type as unknown) === 'UserPicker' && n.props.name === name);
  expect(typeof picker.props.label).toBe('string');
  expect(picker.props.label.length).toBeGreaterThan(0);
  await act(async () =>
    (picker.props.onChange as (u: { id: string; name: string }) => void)({ id: accountId, name: accountId }),
  );
}

describe('the admission form: project leader, project owner, coordination chair, supplier-run', () => {
  it('the secretariat gives them in labelled fields and the admitted record has them', async () => {
    viewAs({ forge, module: 'project-page', accountId: SECRETARIAT, project: 'OLDR' });
    const r = await render(<ProjectPage />);
    const unlabelled = unlabelledFields(r);
    expect(unlabelled).not.toContain('adm-coordination-chair');
    const supplier = r.root.find(
      (n) => (n.type as unknown) === 'Checkbox' && n.props.name === 'adm-supplier-run',
    );
    expect(supplier.props.label).toBe('Koordinationsgruppen drives af en leverandør');

    await type(r, 'adm-name', 'OS2roller');
    await choose(r, 'adm-level', 'N2');
    await choose(r, 'adm-state', 'product');
    await type(r, 'adm-basis', 'Overdraget til OS2 (5.2)');
    await choose(r, 'adm-municipality', '751');
    await click(r, 'Tilføj kommune');
    await pick(r, 'adm-project-leader', 'pl-mo-kristian');
    await pick(r, 'adm-project-owner', 'k740-gitte');
    await pick(r, 'adm-steering-person', 'k751-karin');
    await choose(r, 'adm-steering-municipality', '751');
    await click(r, 'Tilføj til styregruppen');
    await pick(r, 'adm-coordination-person', 'k751-karin');
    await choose(r, 'adm-coordination-municipality', '751');
    await click(r, 'Tilføj til koordinationsgruppen');
    await choose(r, 'adm-coordination-chair', 'k751-karin');
    await act(async () => (supplier.props.onChange as () => void)());
    await click(r, 'Optag produktet');
    expect(r.root.findAll((n) => (n.type as unknown) === 'ErrorMessage').map((n) => textOf(n))).toEqual([]);
    expect(textOf(r)).toContain('OS2roller');

    const page = (
      await forge.invoke<ProjectPageData>(
        'project-page',
        'load',
        {},
        { accountId: SECRETARIAT, project: 'OLDR' },
      )
    ).data!;
    const record = page.record!;
    expect(record.projectLeader?.accountId).toBe('pl-mo-kristian');
    expect(record.projectOwner?.accountId).toBe('k740-gitte');
    // Jira's names, not the picker's: the resolver looks them up.
    expect(record.projectOwner?.displayName).toBe('Gitte Ravn');
    expect(record.coordinationGroup).toMatchObject({ chair: 'k751-karin', supplierRun: true });
    expect(textOf(r)).toContain(`Projektleder: ${record.projectLeader!.displayName}`);
  });
});
