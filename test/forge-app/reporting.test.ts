// Finding 8 of issue 14 through the project page's real resolver: a report on an idea is refused; the page shows
// when the next report is due by the level's cadence (configurable on the admin page), stale and overrun.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from './helpers.js';
import type { ProjectPageData, SaveAnswer } from '../../src/resolvers/project-page.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

const page = async (accountId: string, project: string) =>
  (await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId, project })).data!;
const report = {
  progress: 'Godt i gang',
  rag: 'green',
  budgetDkk: 1_000_000,
  spentDkk: 1_100_000,
  forecastDkk: 1_300_000,
};

describe('finding 8: reporting duties by level', () => {
  it('refuses a status report on an idea through the resolver', async () => {
    const data = await page('pl-data-nanna', 'DATA');
    const r = await forge.invoke<SaveAnswer>(
      'project-page',
      'edit',
      { kind: 'fileStatusReport', expectedRevision: data.record!.revision, input: report },
      { accountId: 'pl-data-nanna', project: 'DATA' },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'REPORT_NOT_IN_THIS_STATE' } });
  });

  it('a product with an old report is overdue and stale; a fresh report over budget is due later and flagged', async () => {
    const before = (await page('pl-mo-kristian', 'MO')).reporting!;
    expect(before).toMatchObject({ required: true, overdue: true, stale: true, cadenceDays: 30 });
    const data = await page('pl-mo-kristian', 'MO');
    const filed = await forge.invoke<SaveAnswer>(
      'project-page',
      'edit',
      { kind: 'fileStatusReport', expectedRevision: data.record!.revision, input: report },
      { accountId: 'pl-mo-kristian', project: 'MO' },
    );
    expect(filed.ok).toBe(true);
    const after = (await page('pl-mo-kristian', 'MO')).reporting!;
    expect(after).toMatchObject({ overdue: false, stale: false, overrun: true, overrunDkk: 300_000 });
  });

  it('the cadence per level is set on the admin page by a Jira administrator only', async () => {
    const admin = sim.site('os2').admin.accountId;
    const refused = await forge.invoke(
      'admin-page',
      'saveReportingCadence',
      { N1: 365, N2: 120, N3: 60 },
      { accountId: 'pl-mo-kristian' },
    );
    expect(refused.ok).toBe(false);
    const ok = await forge.invoke(
      'admin-page',
      'saveReportingCadence',
      { N1: 365, N2: 120, N3: 60 },
      { accountId: admin },
    );
    expect(ok.ok).toBe(true);
    expect((await page('pl-mo-kristian', 'MO')).reporting!.cadenceDays).toBe(60);
  });
});
