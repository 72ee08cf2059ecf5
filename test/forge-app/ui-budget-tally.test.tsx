// Seed 003 4.1.4 on the project page's "Godkend budgettet" step: the steering group may have voted, so the dialog
// takes the group's votes for and against (labelled, optional). A tie recorded by a member who is not the chair
// is refused under the vote's fields and nothing is approved; the chair's tie is approved and the decision log
// names the chair's casting vote. Half a vote is refused before anything is sent.
import './setup/bridge.js';
import { act } from 'react-test-renderer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { render, viewAs, textOf, type, click, submit, unlabelledFields } from './setup/ui.js';
import { startApp, BOARD } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { ProjectPageData } from '../../src/resolvers/project-page.js';
import type { ReactTestRenderer } from 'react-test-renderer';

let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ forge, close } = await startApp());
});
afterAll(async () => close());

const load = async (accountId: string) =>
  (await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project: 'MO' })).data!;
const errorsOf = (r: ReactTestRenderer) =>
  r.root.findAll((n) => (n.type as unknown) === 'ErrorMessage').map((n) => textOf(n));
const fieldsIn = (r: ReactTestRenderer) =>
  r.root.findAll((n) => (n.type as unknown) === 'Textfield').map((n) => n.props.name as string);

describe("the budget approval's steering-group vote", () => {
  it('a tie is refused for a member who is not the chair and approved for the chair, naming the casting vote', async () => {
    // The project proposes the budget; MO's steering group (chair: Lars Bech Holm) approves it first.
    viewAs({ forge, module: 'project-page', accountId: 'pl-mo-kristian', project: 'MO' });
    const p = await render(<ProjectPage />);
    await type(p, 'budgetAmount', '2500000');
    await click(p, 'Foreslå budget');
    expect(textOf(p)).toContain('Afventer styregruppens godkendelse');
    act(() => p.unmount());

    // Bo Frandsen is a member, not the chair.
    viewAs({ forge, module: 'project-page', accountId: 'k151-bo', project: 'MO' });
    const bo = await render(<ProjectPage />);
    await click(bo, 'Godkend budgettet');
    expect(fieldsIn(bo)).toEqual(expect.arrayContaining(['stepTallyFor', 'stepTallyAgainst']));
    const unlabelled = unlabelledFields(bo);
    expect(unlabelled).not.toContain('stepTallyFor');
    expect(unlabelled).not.toContain('stepTallyAgainst');
    // Half a vote: refused under the fields before anything is sent.
    await type(bo, 'stepTallyFor', '2');
    await submit(bo);
    expect(errorsOf(bo)).toEqual(['Udfyld både stemmer for og imod som hele tal, eller ingen af dem']);
    await type(bo, 'stepTallyAgainst', '2');
    await type(bo, 'stepText', 'Styregruppemøde 3. marts');
    await submit(bo);
    const refused = errorsOf(bo);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/formand/i);
    expect((await load('k151-bo')).record!.budget!.steeringApproval).toBeUndefined();
    act(() => bo.unmount());

    // The chair records the same tie: approved, and the log names the casting vote.
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'MO' });
    const chair = await render(<ProjectPage />);
    await click(chair, 'Godkend budgettet');
    await type(chair, 'stepTallyFor', '2');
    await type(chair, 'stepTallyAgainst', '2');
    await type(chair, 'stepText', 'Styregruppemøde 3. marts');
    await submit(chair);
    expect(errorsOf(chair)).toEqual([]);
    expect(textOf(chair)).toContain(
      'Styregruppemøde 3. marts (2 for, 2 imod; stemmelighed afgjort af formanden, Lars Bech Holm)',
    );
    const page = await load(BOARD);
    expect(page.record!.budget!.steeringApproval?.by.accountId).toBe(BOARD);
    expect(page.decisions[0]).toMatchObject({
      kind: 'approve_budget',
      body: 'steering_group',
      tally: { for: 2, against: 2, castingVoteBy: { accountId: BOARD } },
    });
    // The board's approval that follows is the board's own, with no steering-group vote to give.
    await click(chair, 'Godkend budgettet');
    expect(fieldsIn(chair)).not.toContain('stepTallyFor');
  });
});
