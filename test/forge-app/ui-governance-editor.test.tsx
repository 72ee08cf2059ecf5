// Finding 2 of issue 14 in the rendered project page: the board's "Udpeg styregruppen" appoints the group as
// composed in the editor (it used to send only the basis and always fail), the coordination group can lose a
// member and get a chair, and the rules a record breaks are shown.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { render, viewAs, textOf, click, choose, takeStep } from './setup/ui.js';
import { startApp, SECRET, BOARD } from './helpers.js';
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

const mirror = (key: string) => {
  const m = readGovernanceMirror(
    sim.site('os2').state.resolveProject(key)!.properties.get(GOVERNANCE_PROPERTY),
    SECRET,
  );
  if (m.integrity !== 'verified') throw new Error('mirror not verified');
  return m.payload;
};

describe('finding 2: the steering- and coordination-group editor', () => {
  it('the board changes a running N3 steering group from the page: remove a member, appoint', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'MO' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('Bestyrelsesmedlemmer aflæses af bestyrelsens gruppe i Jira');
    await click(r, 'Fjern Gitte Ravn');
    await takeStep(r, 'Udpeg styregruppen');
    expect(textOf(r)).toContain('Gemt');
    const after = mirror('MO');
    expect(after.record.steeringGroup!.members.map((m) => m.person.accountId)).not.toContain('k740-gitte');
    expect(after.record.steeringGroup!.appointedByBoard).toBe(true);
    expect(after.decisions.at(-1)).toMatchObject({ kind: 'appoint_steering_group', body: 'board' });
  });

  it('the board appoints only with its majority: removing board members is refused with the rule', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'MO' });
    const r = await render(<ProjectPage />);
    await click(r, 'Fjern Lars Bech Holm');
    await click(r, 'Fjern Hanne Dalgaard');
    await takeStep(r, 'Udpeg styregruppen');
    // the rule is shown in the step's dialog, where the user acted
    const modal = r.root.find((n) => (n.type as unknown) === 'Modal');
    expect(textOf(modal.find((n) => (n.type as unknown) === 'ErrorMessage'))).toMatch(
      /stemmemajoritet|flertal|majoritet/i,
    );
  });

  it('the coordination group loses a member; its chair is elected by the group itself (finding 2)', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'pl-mo-kristian', project: 'MO' });
    const r = await render(<ProjectPage />);
    await click(r, 'Fjern Ole Krogh fra koordinationsgruppen');
    expect(textOf(r)).toContain('Gemt');
    // The project admin is no member: it gets no way to name the chair.
    expect(textOf(r)).not.toContain('til formand');
    expect(textOf(r)).not.toContain('Vælg formand');
    // A member of the coordination group records the group's election.
    viewAs({ forge, module: 'project-page', accountId: 'k151-bo', project: 'MO' });
    const m = await render(<ProjectPage />);
    await choose(m, 'chairGroup', 'coordination');
    await choose(m, 'chairCandidate', 'k151-bo');
    await click(m, 'Vælg formand');
    expect(textOf(m)).toContain('Gemt');
    const after = mirror('MO');
    expect(after.record.coordinationGroup!.members.map((x) => x.person.accountId)).not.toContain('k661-ole');
    expect(after.record.coordinationGroup!.chair).toBe('k151-bo');
    expect(after.decisions.at(-1)).toMatchObject({
      kind: 'elect_chair',
      body: 'coordination_group',
      decidedBy: { accountId: 'k151-bo' },
    });
  });
});
