// Finding 4 (first part) in the rendered project page and through the real resolvers: the project proposes a
// budget, a steering-group member approves it, then the board; the page shows who approved and what waits.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { render, viewAs, textOf, type, button, click, takeStep } from './setup/ui.js';
import { startApp, BOARD } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { ProjectPageData, SaveAnswer } from '../../src/resolvers/project-page.js';

let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ forge, close } = await startApp());
});
afterAll(async () => close());

const approve = async (accountId: string) => {
  const page = await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project: 'MO' });
  return forge.invoke<SaveAnswer>(
    'project-page',
    'transition',
    { action: 'approveBudget', expectedRevision: page.data!.record!.revision, input: { basis: 'Møde' } },
    { accountId, project: 'MO' },
  );
};

describe('finding 4: the budget baseline, approved by the steering group and the board', () => {
  it('proposed on the page by the project, approved in order, shown with who approved', async () => {
    viewAs({ forge, module: 'project-page', accountId: 'pl-mo-kristian', project: 'MO' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('Intet budget er foreslået endnu');
    await type(r, 'budgetAmount', '2500000');
    await click(r, 'Foreslå budget');
    expect(textOf(r)).toContain('Afventer styregruppens godkendelse');

    // The project leader (a project admin, not a member) and the board cannot take the steering group's step.
    expect(await approve('pl-mo-kristian')).toMatchObject({
      ok: false,
      error: { code: 'ONLY_STEERING_GROUP_APPROVES_BUDGET' },
    });
    expect((await approve('k151-bo')).data!.decisions[0]).toMatchObject({
      kind: 'approve_budget',
      body: 'steering_group',
    });
    expect(await approve('k151-bo')).toMatchObject({
      ok: false,
      error: { code: 'ONLY_BOARD_APPROVES_BUDGET' },
    });

    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'MO' });
    const b = await render(<ProjectPage />);
    expect(textOf(b)).toContain('Godkendt af styregruppen (Bo Frandsen)');
    expect(button(b, 'Godkend budgettet').props.isDisabled).toBeFalsy();
    await takeStep(b, 'Godkend budgettet');
    expect(textOf(b)).toContain('godkendt af bestyrelsen');
  });
});
