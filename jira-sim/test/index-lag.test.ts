/**
 * Search index lag as Jira Cloud has it (developer.atlassian.com/cloud/jira/platform/search-and-reconcile): the
 * enhanced search trails writes, `reconcileIssues` makes the named issues' latest state visible, and at most 50
 * ids are accepted. Driven through jira.js with `onSchemaMismatch: 'throw'`, so the answers also keep Jira's shape.
 * The site's clock is replaced, so "later" is exact and the test does not sleep.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudClient } from 'jira.js';
import { DEFAULT_INDEX_LAG_MS, appIndexedPaths, startJiraSim } from '../index.js';
import type { JiraSim } from '../index.js';

let sim: JiraSim;
let clock = Date.UTC(2026, 11, 1, 12);
beforeAll(async () => {
  sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    seed: { featureRequestsPerProduct: 4 },
    // The probe property is this test's own, so it declares its path as an app would (see indexing.test.ts).
    indexing: [
      ...appIndexedPaths(),
      { entityType: 'issue', propertyKey: 'lag-probe', path: 'n', type: 'number' },
    ],
  });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  const os2 = sim.site('os2');
  os2.reset();
  os2.indexLagMs = 2000;
  os2.state.now = () => clock;
});

const jira = () =>
  createCloudClient({
    host: sim.site('os2').baseUrl,
    auth: { type: 'basic', email: sim.site('os2').admin.email, apiToken: sim.site('os2').admin.apiToken },
    onSchemaMismatch: 'throw',
  });

async function ids(jql: string, reconcileIssues?: number[]): Promise<string[]> {
  const page = await jira().issueSearch.searchAndReconsileIssuesUsingJqlPost({
    jql,
    fields: ['summary'],
    properties: ['lag-probe'],
    ...(reconcileIssues ? { reconcileIssues } : {}),
  });
  return (page.issues ?? []).map((i) => String(i.id));
}

async function createProbe(summary: string): Promise<string> {
  const created = await jira().issues.createIssue({
    fields: { project: { key: 'PORT' }, issuetype: { name: 'Produkt' }, summary },
    properties: [{ key: 'lag-probe', value: { n: 1 } }],
  });
  return String(created.id);
}

describe('search index lag', () => {
  it('is on by default with a lag of seconds', () => {
    expect(DEFAULT_INDEX_LAG_MS).toBeGreaterThanOrEqual(1000);
  });

  it('a new issue is not found until the lag has passed, unless reconciled; a GET by id sees it at once', async () => {
    const id = await createProbe('Ny sag');
    expect(await ids('project = PORT')).toEqual([]);
    expect(await ids('project = PORT', [Number(id)])).toEqual([id]);
    const issue = await jira().issues.getIssue({ issueIdOrKey: id, fields: ['summary'] });
    expect(issue.fields?.summary).toBe('Ny sag');
    clock += 1999;
    expect(await ids('project = PORT')).toEqual([]);
    clock += 1;
    expect(await ids('project = PORT')).toEqual([id]);
  });

  it('an edited property matches and answers with its old value until indexed; reconcile reads the new one', async () => {
    const id = await createProbe('Egenskab');
    clock += 5000;
    await jira().issueProperties.setIssueProperty({
      issueIdOrKey: id,
      propertyKey: 'lag-probe',
      body: { n: 2 },
    });
    expect(await ids('issue.property[lag-probe].n = 1')).toEqual([id]);
    expect(await ids('issue.property[lag-probe].n = 2')).toEqual([]);
    const stale = await jira().issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql: 'project = PORT',
      properties: ['lag-probe'],
    });
    expect(stale.issues?.[0]?.properties).toEqual({ 'lag-probe': { n: 1 } });
    expect(await ids('issue.property[lag-probe].n = 2', [Number(id)])).toEqual([id]);
    expect(await ids('issue.property[lag-probe].n = 1', [Number(id)])).toEqual([]);
    clock += 2000;
    expect(await ids('issue.property[lag-probe].n = 2')).toEqual([id]);
  });

  it('the indexed state is the one as of lag ago, write by write', async () => {
    const id = await createProbe('Trin');
    clock += 10_000;
    for (const n of [2, 3, 4]) {
      await jira().issueProperties.setIssueProperty({
        issueIdOrKey: id,
        propertyKey: 'lag-probe',
        body: { n },
      });
      clock += 1000;
    }
    // Writes at t, t+1s, t+2s; now t+3s with a 2 s lag: the write of n=2 (t) is indexed, n=3 (t+1s) just so.
    expect(await ids('issue.property[lag-probe].n = 3')).toEqual([id]);
    clock += 1000;
    expect(await ids('issue.property[lag-probe].n = 4')).toEqual([id]);
  });

  it('the approximate count trails too', async () => {
    const before = (await jira().issueSearch.countIssues({ jql: 'project = PORT' })).count;
    await createProbe('Tælles');
    expect((await jira().issueSearch.countIssues({ jql: 'project = PORT' })).count).toBe(before);
    clock += 2000;
    expect((await jira().issueSearch.countIssues({ jql: 'project = PORT' })).count).toBe((before ?? 0) + 1);
  });

  it('reconcileIssues takes at most 50 ids (400 above), on GET and POST', async () => {
    const fifty = Array.from({ length: 50 }, (_, k) => 10_000 + k);
    await expect(ids('project = PORT', fifty)).resolves.toEqual([]);
    const post = await jira()
      .issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: 'project = PORT',
        reconcileIssues: [...fifty, 99],
      })
      .catch((e: unknown) => e as { status?: number; response?: unknown });
    expect(post).toMatchObject({ status: 400 });
    const get = await jira()
      .issueSearch.searchAndReconsileIssuesUsingJql({
        jql: 'project = PORT',
        reconcileIssues: [...fifty, 99],
      })
      .catch((e: unknown) => e as { status?: number });
    expect(get).toMatchObject({ status: 400 });
  });

  it('indexLagMs 0 is read-after-write, switchable per site at run time', async () => {
    sim.site('os2').indexLagMs = 0;
    const id = await createProbe('Straks');
    expect(await ids('project = PORT')).toEqual([id]);
    const res = await fetch(`${sim.adminUrl}/__sim/behaviour`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: 'os2', indexLagMs: 3000 }),
    });
    expect(await res.json()).toMatchObject({ os2: { indexLagMs: 3000 } });
    const later = await createProbe('Senere');
    expect(await ids('project = PORT')).toEqual([id]);
    clock += 3000;
    expect((await ids('project = PORT')).sort()).toEqual([id, later].sort());
  });
});
