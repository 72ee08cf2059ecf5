// Render tests of the UI Kit project page: the fake bridge's invoke calls the real resolver handler, which calls
// the Jira simulator. What each role sees, which actions are offered and refused, Danish and English, and what a
// click changes in Jira.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import {
  render,
  viewAs,
  textOf,
  button,
  click,
  type,
  buttons,
  takeStep,
  submit,
  unlabelledFields,
  choose,
} from './setup/ui.js';
import { startApp, SECRET, SECRETARIAT, BOARD, product, membersOf } from './helpers.js';
import { FIXTURE_PEOPLE } from '../../demo/fixtures.js';
import { GOVERNANCE_PROPERTY, readGovernanceMirror } from '../../src/mirror/governance-mirror.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

const mirror = (key: string) =>
  readGovernanceMirror(
    sim.site('os2').state.resolveProject(key)!.properties.get(GOVERNANCE_PROPERTY),
    SECRET,
  );

describe('project page (UI Kit)', () => {
  it('shows the board member the record, the steering, requirements and decisions, in Danish', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'MO' });
    const r = await render(<ProjectPage />);
    const text = textOf(r);
    expect(text).toContain('OS2mo');
    expect(text).toContain('Bestyrelsen');
    expect(text).toContain('Styregruppe');
    expect(text).toContain('Beslutningslog');
    expect(text).toContain('Relevans');
    expect(text).toContain('N3 – strategisk');
    // the board may change the level: offered
    expect(button(r, 'Skift niveau').props.isDisabled).toBeFalsy();
  });

  it('shows the same page in English for an English locale', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'MO', locale: 'en_US' });
    const r = await render(<ProjectPage />);
    const text = textOf(r);
    expect(text).toContain('Steering group');
    expect(text).toContain('Decision log');
    expect(text).toContain('Change level');
    expect(text).not.toContain('Beslutningslog');
    expect(text).toMatch(/: \d+ of \d+ met, \d+ explained, \d+ open/);
    await click(r, 'Change level');
    const dialog = textOf(r.root.find((n) => (n.type as unknown) === 'Modal'));
    expect(dialog).toContain('The decision is written to the decision log with your reason.');
    expect(dialog).toContain('Reason');
    expect(dialog).toContain('Cancel');
  });

  it('offers a municipality member no steps and shows the rule for each refused one', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'k151-bo', project: 'IOT' });
    const r = await render(<ProjectPage />);
    const text = textOf(r);
    // nothing to do: why is shown at once, as text, not as a row of disabled buttons
    expect(text).toContain('Der er ingen skridt, du kan tage nu');
    expect(text).toContain('Ikke muligt:');
    expect(text).toMatch(/Kun bestyrelsen/);
    expect(buttons(r).some((x) => /^(Godkend|Skift niveau|Send tilbage)/.test(textOf(x)))).toBe(false);
    // no edit controls for requirements, even with a group open
    await click(r, /^Relevans:/);
    expect(buttons(r).some((b) => textOf(b) === 'Forklar')).toBe(false);
  });

  it('lets the board change the level with a click: Jira gets a new signed mirror and the log shows it', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'CPR' });
    const r = await render(<ProjectPage />);
    const before = mirror('CPR');
    expect(before.integrity).toBe('verified');
    await takeStep(r, 'Skift niveau', { level: 'N2', text: 'Flere kommuner bruger CPR Broker' });
    const text = textOf(r);
    // the dialog closed
    expect(r.root.findAll((n) => (n.type as unknown) === 'Modal')).toHaveLength(0);
    expect(text).toContain('Gemt');
    expect(text).toContain('N2 – fælleskommunal værdi');
    const after = mirror('CPR');
    expect(after.integrity).toBe('verified');
    if (after.integrity === 'verified' && before.integrity === 'verified') {
      expect(after.payload.record.level).toBe('N2');
      expect(after.payload.record.revision).toBe(before.payload.record.revision + 1);
      expect(after.payload.decisions.at(-1)?.basis).toBe('Flere kommuner bruger CPR Broker');
    }
    expect(text).toContain('Flere kommuner bruger CPR Broker');
  });

  it('asks for the reason under its field when a step that needs one is sent without (send back)', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'IOT' });
    const r = await render(<ProjectPage />);
    const before = mirror('IOT');
    // The level dialog starts at the product's own level (OS2iot is N2), not at a fixed default.
    await click(r, 'Skift niveau');
    const levelField = r.root.find((n) => (n.type as unknown) === 'Select' && n.props.name === 'level');
    expect((levelField.props.value as { value: string }).value).toBe('N2');
    await click(r, 'Annuller');
    expect(button(r, 'Send tilbage').props.appearance).toBe('warning');
    await takeStep(r, 'Send tilbage', { text: '   ' });
    const modal = r.root.find((n) => (n.type as unknown) === 'Modal');
    // the error is the reason field's: the ErrorMessage follows the TextArea, inside the dialog
    const error = modal.find((n) => (n.type as unknown) === 'ErrorMessage');
    const field = modal.find((n) => (n.type as unknown) === 'TextArea');
    expect(textOf(error)).toContain('Skriv en begrundelse');
    expect(error.parent).toBe(field.parent);
    expect(field.props.isInvalid).toBe(true);
    const label = modal.findAll((n) => (n.type as unknown) === 'Label').map((l) => textOf(l));
    expect(label).toContain('Begrundelse');
    expect(r.root.findAll((n) => (n.type as unknown) === 'RequiredAsterisk').length).toBeGreaterThan(0);
    // nothing was saved; the page behind still says under board review
    expect(mirror('IOT')).toEqual(before);
    expect(textOf(r)).toContain('Bestyrelsesbehandling');
  });

  it('lets a project admin explain a requirement with a click', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'pl-iot-signe', project: 'IOT' });
    const r = await render(<ProjectPage />);
    await click(r, /^Relevans:/);
    const field = r.root.findAll(
      (n) => (n.type as unknown) === 'Textfield' && String(n.props.name).startsWith('explain-'),
    )[0]!;
    const id = String(field.props.name).slice('explain-'.length);
    await type(r, `explain-${id}`, 'Dækkes af leverandørens dokumentation');
    const explain = buttons(r).filter((b) => textOf(b) === 'Forklar');
    const index = r.root
      .findAll((n) => (n.type as unknown) === 'Textfield' && String(n.props.name).startsWith('explain-'))
      .indexOf(field);
    const { act } = await import('react-test-renderer');
    await act(async () => {
      (explain[index]!.props.onClick as () => void)();
    });
    const { settle } = await import('./setup/ui.js');
    await settle();
    const m = mirror('IOT');
    expect(m.integrity === 'verified' && m.payload.record.requirements[id]).toMatchObject({
      status: 'explained',
      explanation: 'Dækkes af leverandørens dokumentation',
    });
  });

  it('lets a project admin put together the steering group; names come from Jira, not from the browser', async () => {
    const code = product('FORD').record.municipalities[0]!.code;
    const member = membersOf(code)[0] ?? FIXTURE_PEOPLE.find((p) => p.municipality === code)!;
    viewAs({ forge, module: 'project-page', accountId: 'pl-ford-emil', project: 'FORD' });
    const r = await render(<ProjectPage />);
    const { act } = await import('react-test-renderer');
    const picker = r.root.find((n) => (n.type as unknown) === 'UserPicker');
    await act(async () =>
      (picker.props.onChange as (u: unknown) => void)({
        id: member.accountId,
        name: 'Et falsk navn',
        email: '',
        avatarUrl: '',
        type: 'user',
      }),
    );
    await choose(r, 'memberMunicipality', code);
    await click(r, 'Tilføj til styregruppen');
    // The project proposes members only; the group elects its chair itself (issue 14 finding 2).
    expect(textOf(r)).not.toContain('til formand');
    await click(r, 'Gem styregruppen');
    expect(textOf(r)).toContain('Gemt');
    const m = mirror('FORD');
    expect(m.integrity).toBe('verified');
    if (m.integrity === 'verified') {
      const group = m.payload.record.steeringGroup!;
      const saved = group.members.find((x) => x.person.accountId === member.accountId)!;
      expect(saved.person.displayName).toBe(member.displayName);
      expect(group.chair).toBeUndefined();
    }
    // an unknown person is refused: the name is looked up in Jira when the group is saved
    await act(async () =>
      (picker.props.onChange as (u: unknown) => void)({
        id: 'no-such-user',
        name: 'Nobody',
        email: '',
        avatarUrl: '',
        type: 'user',
      }),
    );
    await choose(r, 'memberMunicipality', code);
    await click(r, 'Tilføj til styregruppen');
    await click(r, 'Gem styregruppen');
    expect(textOf(r)).toContain('Brugeren no-such-user findes ikke i Jira');
  });

  it('lets a project admin add a coordination-group member to a product', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'pl-mo-kristian', project: 'MO' });
    const r = await render(<ProjectPage />);
    const { act } = await import('react-test-renderer');
    const picker = r.root.find((n) => (n.type as unknown) === 'UserPicker');
    await act(async () =>
      (picker.props.onChange as (u: unknown) => void)({
        id: 'k157-thomas',
        name: 'x',
        email: '',
        avatarUrl: '',
        type: 'user',
      }),
    );
    await click(r, 'Tilføj til koordinationsgruppen');
    expect(textOf(r)).toContain('Gemt');
    const m = mirror('MO');
    expect(
      m.integrity === 'verified' &&
        m.payload.record.coordinationGroup!.members.map((x) => x.person.displayName),
    ).toContain('Thomas Juul');
  });

  it('lets the secretariat register an ungoverned project', async () => {
    const site = sim.site('os2');
    site.state.addProject({
      id: '10960',
      key: 'UIREG',
      name: 'UI-registrering',
      leadAccountId: site.admin.accountId,
      style: 'classic',
      issueTypeSchemeId: '10100',
    });
    viewAs({ forge, module: 'project-page', accountId: SECRETARIAT, project: 'UIREG' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('ikke registreret');
    await type(r, 'name', 'OS2ui');
    await click(r, 'Registrér som idé');
    expect(textOf(r)).toContain('OS2ui');
    expect(mirror('UIREG').integrity).toBe('verified');
  });

  it('offers one primary action; closing is a danger step that must be confirmed in its dialog', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'KITOS' });
    const r = await render(<ProjectPage />);
    const stepButtons = r.root
      .findAll((n) => (n.type as unknown) === 'Inline')
      .find((n) => n.findAll((b) => textOf(b) === 'Luk (udfas)' && (b.type as unknown) === 'Button').length)!
      .findAll((n) => (n.type as unknown) === 'Button');
    expect(stepButtons.filter((b) => b.props.appearance === 'primary').length).toBeLessThanOrEqual(1);
    expect(button(r, 'Luk (udfas)').props.appearance).toBe('danger');
    const before = mirror('KITOS');
    await takeStep(r, 'Luk (udfas)', { text: 'Erstattet af et nyt fælles system' });
    // not confirmed: refused under the checkbox, nothing saved
    const modal = r.root.find((n) => (n.type as unknown) === 'Modal');
    expect(textOf(modal)).toContain('Bekræft, at du vil gøre det');
    expect(mirror('KITOS')).toEqual(before);
    const submitButton = modal
      .findAll((n) => (n.type as unknown) === 'Button')
      .find((b) => b.props.type === 'submit')!;
    expect(submitButton.props.appearance).toBe('danger');
    const box = modal.find((n) => (n.type as unknown) === 'Checkbox');
    const { act } = await import('react-test-renderer');
    await act(async () => (box.props.onChange as () => void)());
    await submit(r);
    const after = mirror('KITOS');
    expect(after.integrity === 'verified' && after.payload.record.state).toBe('retired');
    expect(textOf(r)).toContain('Gemt');
    expect(r.root.findAll((n) => (n.type as unknown) === 'Modal')).toHaveLength(0);
  });

  it('shows the secretariat its one step forward as primary, the step back as warning, the rest behind a toggle', async () => {
    viewAs({ forge, module: 'project-page', accountId: SECRETARIAT, project: 'FORD' });
    const r = await render(<ProjectPage />);
    expect(button(r, 'Start implementering').props.appearance).toBe('primary');
    expect(button(r, 'Tag tilbage til idéfasen').props.appearance).toBe('warning');
    expect(buttons(r).filter((b) => b.props.appearance === 'primary')).toHaveLength(1);
    const text = textOf(r);
    expect(text).toContain('4 skridt er ikke muligt for dig nu');
    expect(text).not.toContain('Ikke muligt:');
    await click(r, 'Vis hvorfor');
    expect(textOf(r)).toMatch(/Luk \(udfas\) – Ikke muligt: .*bestyrelsen/);
  });

  it('shows no internal requirement ids or revision counter; requirement groups are collapsed with counts', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'pl-iot-signe', project: 'IOT' });
    const r = await render(<ProjectPage />);
    const text = textOf(r);
    expect(text).not.toMatch(/\bN[123]-[A-Z]+(-[A-Z]+)+/);
    expect(text).not.toMatch(/Revision \d/);
    expect(text).toMatch(/Relevans: \d+ af \d+ opfyldt, \d+ forklaret, \d+ åbne/);
    expect(text).toMatch(/Formelle krav: \d+ af \d+ opfyldt/);
    // collapsed: no requirement rows until a group is opened
    expect(
      r.root.findAll((n) => (n.type as unknown) === 'DynamicTable' && n.props.label === 'Relevans'),
    ).toHaveLength(0);
    await click(r, /^Formelle krav:/);
    const table = r.root.find(
      (n) => (n.type as unknown) === 'DynamicTable' && n.props.label === 'Formelle krav',
    );
    expect(table.findAll((n) => (n.type as unknown) === 'Row').length).toBeGreaterThan(0);
    expect(textOf(r)).not.toMatch(/\bN[123]-[A-Z]+(-[A-Z]+)+/);
    // The history names a requirement change by the requirement's text: explain one, then open the history.
    const field = r.root.findAll(
      (n) => (n.type as unknown) === 'Textfield' && String(n.props.name).startsWith('explain-'),
    )[0]!;
    await type(r, String(field.props.name), 'Dokumentationen følger med næste version');
    await click(r, /^Forklar$/);
    expect(textOf(r)).toContain('Gemt');
    await click(r, 'Vis historik');
    expect(textOf(r)).toMatch(/Krav «[^»]+»: /);
    expect(textOf(r)).not.toMatch(/\bN[123]-[A-Z]+(-[A-Z]+)+/);
    expect(textOf(r)).not.toMatch(/Revision \d/);
    await click(r, /^Formelle krav:/);
    expect(
      r.root.findAll((n) => (n.type as unknown) === 'DynamicTable' && n.props.label === 'Formelle krav'),
    ).toHaveLength(0);
  });

  it('labels every field of the page and of each step dialog', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'pl-iot-signe', project: 'IOT' });
    const r = await render(<ProjectPage />);
    await click(r, /^Relevans:/);
    expect(r.root.findAll((n) => (n.type as unknown) === 'Textfield').length).toBeGreaterThan(3);
    expect(unlabelledFields(r)).toEqual([]);
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'IOT' });
    const b = await render(<ProjectPage />);
    await click(b, 'Skift niveau');
    expect(unlabelledFields(b)).toEqual([]);
    expect(b.root.findAll((n) => (n.type as unknown) === 'Form')).toHaveLength(1);
  });
});
