// Finding 3 of issue 14 through the project page's real resolver: a Jira project admin (here the project
// leader, the steering group's secretary and not a member) no longer does the steering group's or the
// secretariat's part, and decisions record the body that actually took them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT, BOARD } from './helpers.js';
import type { ProjectPageData, SaveAnswer } from '../../src/resolvers/project-page.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';

let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ forge, close } = await startApp());
});
afterAll(async () => close());

const LEADER = 'pl-data-nanna';
const page = async (accountId: string) =>
  (await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project: 'DATA' })).data!;
async function act(accountId: string, fn: 'edit' | 'transition', payload: object) {
  const revision = (await page(accountId)).record!.revision;
  return forge.invoke<SaveAnswer>(
    'project-page',
    fn,
    { expectedRevision: revision, ...payload },
    { accountId, project: 'DATA' },
  );
}

describe('finding 3: roles carry the rights seed 003 4.1.4 and 5.4.3 give them', () => {
  it('the project leader cannot submit to the board as "the steering group", nor choose the project leader', async () => {
    expect(
      (await act(SECRETARIAT, 'transition', { action: 'placeOnLevel', input: { level: 'N2' } })).ok,
    ).toBe(true);
    const step = (await page(LEADER)).steps.find((s) => s.action === 'submitToBoard');
    expect(step).toMatchObject({ allowed: false, rule: { code: 'ONLY_SECRETARIAT_RECOMMENDS' } });
    const submit = await act(LEADER, 'transition', { action: 'submitToBoard', input: {} });
    expect(submit).toMatchObject({ ok: false, error: { code: 'ONLY_SECRETARIAT_RECOMMENDS' } });
    const choose = await act(LEADER, 'edit', {
      kind: 'setProjectLeader',
      input: { projectLeader: { accountId: 'k101-kasper', displayName: 'x' } },
    });
    expect(choose).toMatchObject({
      ok: false,
      error: { code: 'ONLY_STEERING_GROUP_CHOOSES_PROJECT_LEADER' },
    });

    // The secretariat recommends: the decision is the secretariat's, the recommendation is on the record.
    const rec = await act(SECRETARIAT, 'transition', {
      action: 'submitToBoard',
      input: { basis: 'Indstilles: fælleskommunal værdi' },
    });
    expect(rec.data!.decisions[0]).toMatchObject({ kind: 'submit_to_board', body: 'secretariat' });
    expect(rec.data!.record.recommendation).toMatchObject({
      by: { accountId: SECRETARIAT },
      basis: 'Indstilles: fælleskommunal værdi',
    });
    const boardStep = (await page(BOARD)).steps.find((s) => s.action === 'approve');
    expect(boardStep?.allowed).toBe(true);
  });
});
