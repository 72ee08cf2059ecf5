// Finding 6 of issue 14 through the project page's real resolver: the board's rejection is a rejection (state,
// decision and wording), not a retirement; the secretariat no longer closes N1 projects; a closed record's level
// cannot change.
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

const page = async (accountId: string) =>
  (await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project: 'FORD' })).data!;
async function transition(accountId: string, action: string, input: object) {
  const revision = (await page(accountId)).record!.revision;
  return forge.invoke<SaveAnswer>(
    'project-page',
    'transition',
    { action, expectedRevision: revision, input },
    { accountId, project: 'FORD' },
  );
}

describe('finding 6: rejection distinct from retirement', () => {
  it('the secretariat cannot close or reject an N1 project; the board rejects it; nothing changes after', async () => {
    expect(await transition(SECRETARIAT, 'retire', { reason: 'Lukkes' })).toMatchObject({
      ok: false,
      error: { code: 'ONLY_BOARD_RETIRES' },
    });
    expect(await transition(SECRETARIAT, 'reject', { reason: 'Afvises' })).toMatchObject({
      ok: false,
      error: { code: 'ONLY_BOARD_REJECTS' },
    });
    const rejected = await transition(BOARD, 'reject', { reason: 'Krav om open source er ikke opfyldt' });
    expect(rejected.ok).toBe(true);
    expect(rejected.data!.record.state).toBe('rejected');
    expect(rejected.data!.decisions[0]).toMatchObject({
      kind: 'reject',
      body: 'board',
      summary: 'Afvist af bestyrelsen',
    });
    const after = await page(BOARD);
    expect(after.steps).toEqual([]);
    expect(after.can.editOrganisation).toBe(false);
    expect(await transition(BOARD, 'changeLevel', { level: 'N2', reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
  });
});
