/**
 * Page tokens of the enhanced search as Jira hands them out: opaque, bound to the query they came from, and
 * expiring after 7 days (jira.js's description of `nextPageToken`); a stale or foreign token answers 400.
 * Through jira.js with `onSchemaMismatch: 'throw'`; the site's clock is replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient } from 'jira.js';
import { startJiraSim } from '../index.js';
import type { JiraSim } from '../index.js';
import { PAGE_TOKEN_TTL_MS } from '../resources/search.js';

let sim: JiraSim;
let clock = Date.UTC(2026, 11, 1, 12);
beforeAll(async () => {
  sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    seed: { featureRequestsPerProduct: 12 },
    indexLagMs: 0,
  });
  sim.site('os2').state.now = () => clock;
});
afterAll(async () => {
  await sim.close();
});

const jira = () =>
  createCloudClient({
    host: sim.site('os2').baseUrl,
    auth: { type: 'basic', email: sim.site('os2').admin.email, apiToken: sim.site('os2').admin.apiToken },
    onSchemaMismatch: 'throw',
  });
const page = (jql: string, nextPageToken?: string) =>
  jira().issueSearch.searchAndReconsileIssuesUsingJqlPost({
    jql,
    maxResults: 5,
    fields: ['summary'],
    nextPageToken,
  });
const status = (p: Promise<unknown>) => p.then(() => 200).catch((e: { status?: number }) => e.status);

describe('page tokens', () => {
  it('are opaque: nothing in them names the offset or the query, and each page gets a fresh one', async () => {
    const a = (await page('project = MO')).nextPageToken!;
    const b = (await page('project = MO')).nextPageToken!;
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url').toString('latin1')).not.toMatch(/"o"|offset|MO/);
  });

  it('page through every issue once, in order', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const p = await page('project = MO ORDER BY key ASC', token);
      keys.push(...(p.issues ?? []).map((i) => String(i.key)));
      token = p.nextPageToken ?? undefined;
    } while (token);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(sim.site('os2').state.projectsByKey.get('MO')!.issues.length);
  });

  it('are bound to their query, and unknown or expired ones answer 400', async () => {
    const token = (await page('project = MO'))!.nextPageToken!;
    expect(await status(page('project = FORD', token))).toBe(400);
    expect(await status(page('project = MO', 'bm90LWEtdG9rZW4'))).toBe(400);
    expect(await status(page('project = MO', token))).toBe(200);
    clock += PAGE_TOKEN_TTL_MS;
    expect(await status(page('project = MO', token))).toBe(400);
  });
});
