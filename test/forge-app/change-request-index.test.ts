// Issue 14: a change-request action reads its product's requests from the product's index, so what it costs in
// storage operations does not grow with the other products' requests on the site; requests stored before the
// index existed are found, indexed once on the first read, and never scanned for again. Through the real
// resolvers on the local Forge runtime, counting the storage service's own requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT } from './helpers.js';
import { FEATURE_REQUEST_TYPE } from '../../src/resolvers/issue-panel.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { ChangeWorkData } from '../../src/resolvers/change-work.js';
import type { IssuePanelData } from '../../src/resolvers/issue-panel.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp({ featureRequests: 4 }));
});
afterAll(async () => close());

function featureRequests(projectKey: string) {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  return [...state.issues.values()].filter(
    (i) =>
      i.projectId === project.id && types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
  );
}

const mette = { accountId: SECRETARIAT, displayName: 'Mette' };
const at = '2025-03-01T10:00:00.000Z';

/** A request as the app stored it before the index: the head and its commit only. */
function plantOld(issueId: string, issueKey: string, extra: object = {}) {
  const value = {
    id: `old-${issueId}`,
    issueKey,
    title: `Ønske ${issueKey}`,
    size: 'small',
    state: 'submitted',
    submittedBy: mette,
    submittedAt: at,
    revision: 1,
    ...extra,
  };
  for (const key of [`cr:${issueId}`, `cr:${issueId}:rev:0000000001`]) {
    const reply = forge.kvs.handle('/api/v1/set', { key, value });
    if (reply.status >= 300) throw new Error(`planting ${key}: ${JSON.stringify(reply.body)}`);
  }
}

/** `count` requests of other products (issue ids far from the simulator's), as a site with many products has. */
let nextOther = 900_000;
function plantOthers(count: number) {
  for (let i = 0; i < count; i += 1) {
    nextOther += 1;
    plantOld(String(nextOther), `OTHER${nextOther % 37}-${nextOther}`);
  }
}

/** The storage operations `fn` made, with what it queued for afterwards (the product's push) done too. */
async function opsOf(fn: () => Promise<unknown>): Promise<number> {
  // Work queued by earlier steps is not this action's.
  await forge.asyncEvents.settled();
  const from = forge.kvs.calls.length;
  await fn();
  await forge.asyncEvents.settled();
  return forge.kvs.calls.length - from;
}

const changeWork = (project: string) =>
  forge.invoke<ChangeWorkData>('project-page', 'changeWork', {}, { accountId: SECRETARIAT, project });
const panel = async (issue: string) =>
  (await forge.invoke<IssuePanelData>('issue-panel', 'load', {}, { accountId: SECRETARIAT, issue })).data!;
async function act(issue: string, action: string, input: object) {
  const before = (await panel(issue)).changeRequest;
  const r = await forge.invoke(
    'issue-panel',
    'changeRequest',
    { action, input, expectedRevision: before?.revision ?? 0 },
    { accountId: SECRETARIAT, issue },
  );
  expect(r.ok).toBe(true);
  return r;
}

describe('change requests by product without reading the whole site (issue 14)', () => {
  it("an action's storage operations are the same with 10 or 1,000 other products' requests on the site", async () => {
    const [a, b, c] = featureRequests('KITOS');
    for (const issue of [a!, b!, c!]) await act(issue.key, 'submit', { size: 'small' });
    // Every save writes the head and the product's entry together.
    const entries = forge.kvs.dump('crp:KITOS:');
    for (const issue of [a!, b!, c!])
      expect(entries[`crp:KITOS:${issue.id}`]).toEqual(forge.kvs.dump(`cr:${issue.id}`)[`cr:${issue.id}`]);

    await panel(a!.key); // the first read completes KITOS's index (its marker), as any first read does
    const othersOnSite = () =>
      Object.entries(forge.kvs.dump('cr:')).filter(
        ([k, v]) => /^cr:\d+$/.test(k) && !(v as { issueKey: string }).issueKey.startsWith('KITOS-'),
      ).length;
    plantOthers(10);
    expect(othersOnSite()).toBe(10);
    const withFew = await opsOf(() => act(a!.key, 'decideSmall', { approve: true }));

    plantOthers(990);
    expect(othersOnSite()).toBe(1000);
    const withMany = await opsOf(() => act(b!.key, 'decideSmall', { approve: true }));
    expect(withMany).toBe(withFew);

    // The index follows every save: the decided request reads as decided from the product's list.
    const listed = forge.kvs.dump(`crp:KITOS:${b!.id}`)[`crp:KITOS:${b!.id}`] as { state: string };
    expect(listed.state).toBe('approved');
  });

  it('requests stored before the index are found, indexed on the first read, and not scanned for again', async () => {
    const [a, b] = featureRequests('ROLLE');
    plantOld(String(a!.id), a!.key, {
      state: 'published',
      outcome: { approved: true, body: 'secretariat', reason: 'Godt', by: mette, at },
      publishedAt: '2025-03-02T10:00:00.000Z',
    });
    plantOld(String(b!.id), b!.key);
    plantOthers(40);
    expect(forge.kvs.dump('crp:ROLLE:')).toEqual({});

    const first = await changeWork('ROLLE');
    expect(first.data!.published.map((p) => p.issueKey)).toEqual([a!.key]);
    // The product's own requests are in its index, and it is marked complete; no other product was indexed.
    const index = forge.kvs.dump('crp:ROLLE:');
    expect(Object.keys(index).sort()).toEqual(
      [`crp:ROLLE:${a!.id}`, `crp:ROLLE:${b!.id}`, 'crp:ROLLE:indexed'].sort(),
    );
    expect(Object.keys(forge.kvs.dump('crp:OTHER'))).toEqual([]);
    expect(index[`crp:ROLLE:${b!.id}`]).toEqual(forge.kvs.dump(`cr:${b!.id}`)[`cr:${b!.id}`]);

    // From now on the page costs the same whether the site holds 40 or 540 other requests.
    const few = await opsOf(() => changeWork('ROLLE'));
    plantOthers(500);
    const many = await opsOf(() => changeWork('ROLLE'));
    expect(many).toBe(few);
    expect((await changeWork('ROLLE')).data!.published.map((p) => p.issueKey)).toEqual([a!.key]);
  });

  it('a request submitted on a product not indexed yet is listed together with its older ones', async () => {
    const [older, newer] = featureRequests('MO');
    plantOld(String(older!.id), older!.key, {
      state: 'rejected',
      outcome: { approved: false, body: 'secretariat', reason: 'Nej', by: mette, at },
    });
    // Submitted straight from the action (no panel read first): the entry is written, the index is not complete.
    const submitted = await forge.invoke(
      'issue-panel',
      'changeRequest',
      { action: 'submit', input: { size: 'small' }, expectedRevision: 0 },
      { accountId: SECRETARIAT, issue: newer!.key },
    );
    expect(submitted.ok).toBe(true);
    expect(Object.keys(forge.kvs.dump('crp:MO:'))).toEqual([`crp:MO:${newer!.id}`]);
    await act(older!.key, 'publish', {});
    const work = (await changeWork('MO')).data!;
    expect(work.published.map((p) => p.issueKey)).toEqual([older!.key]);
    const index = forge.kvs.dump('crp:MO:');
    expect(Object.keys(index).sort()).toEqual(
      [`crp:MO:${older!.id}`, `crp:MO:${newer!.id}`, 'crp:MO:indexed'].sort(),
    );
    // The migration never put back the older copy over a save's: the published request reads as published.
    expect((index[`crp:MO:${older!.id}`] as { state: string }).state).toBe('published');
  });
});
