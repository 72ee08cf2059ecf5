// The project page's top voted requests (issue 15, item 7) through the real resolver: ordered by the indexed
// os2-votes count in the simulator's JQL, votes and pledges from the signed tally, forged tallies left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, BOARD, SECRET } from './helpers.js';
import type { TopVotedData } from '../../src/resolvers/project-page.js';
import { readVotesMirror, VOTES_PROPERTY } from '../../src/mirror/votes-mirror.js';
import { readFileSync } from 'node:fs';
import { PORTFOLIO_TYPE } from '../../jira-sim/index.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp({ featureRequests: 6 }));
});
afterAll(async () => close());

const topVoted = (project: string) =>
  forge.invoke<TopVotedData>('project-page', 'topVoted', {}, { accountId: BOARD, project });

describe('top voted requests on the project page', () => {
  it('lists the voted open requests, most votes first, with municipalities and pledges from the signed tally', async () => {
    const answer = await topVoted('MO');
    expect(answer.ok).toBe(true);
    const { requests, configured, jql } = answer.data!;
    expect(configured).toBe(true);
    expect(jql).toMatch(
      /issue\.property\[os2-votes\]\.count > 0 ORDER BY issue\.property\[os2-votes\]\.count DESC$/,
    );
    expect(requests.length).toBeGreaterThan(0);
    const votes = requests.map((r) => r.votes);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
    for (const r of requests) {
      const issue = sim.site('os2').state.resolveIssue(r.key)!;
      const tally = readVotesMirror(issue.properties?.get(VOTES_PROPERTY), SECRET, {
        projectId: issue.projectId,
        issueId: String(issue.id),
      })!;
      expect(r.votes).toBe(tally.count);
      expect(r.municipalities).toHaveLength(tally.municipalities.length);
      expect(r.coFinanceTotalDkk).toBe(tally.coFinanceTotalDkk);
    }
  });

  it('leaves out a request whose tally was written by hand (no valid signature)', async () => {
    const before = (await topVoted('MO')).data!.requests;
    const target = before[before.length - 1]!;
    const site = sim.site('os2');
    const res = await fetch(`${site.baseUrl}/rest/api/3/issue/${target.key}/properties/${VOTES_PROPERTY}`, {
      method: 'PUT',
      headers: {
        Authorization: `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        count: 98,
        coFinanceTotalDkk: 1,
        tally: { count: 98, municipalities: [], coFinanceWilling: 0, coFinanceTotalDkk: 1 },
        signature: 'forged',
      }),
    });
    expect(res.ok).toBe(true);
    // Until Jira's index catches up (the simulator's lag) the search still holds the signed tally.
    await new Promise((r) => setTimeout(r, site.indexLagMs + 50));
    const after = (await topVoted('MO')).data!.requests.map((r) => r.key);
    expect(after).not.toContain(target.key);
    expect(after).toHaveLength(before.length - 1);
  });
});

describe('the JQL filters of docs/secretariat.md', () => {
  it('every filter runs against the simulator and finds what it promises', async () => {
    const site = sim.site('os2');
    const auth = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
    // Roll-ups on the portfolio project, as the sync service writes them.
    for (const p of FIXTURE_PRODUCTS.filter((x) => x.site === 'os2')) {
      const r = rollUp({
        site: 'os2',
        record: p.record,
        decisions: p.decisions,
        integrity: 'verified',
        openRequests: 0,
        topRequests: [],
      });
      const res = await fetch(`${site.baseUrl}/rest/api/3/issue`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          fields: { project: { key: 'PORT' }, issuetype: { name: PORTFOLIO_TYPE }, summary: p.record.name },
          properties: [{ key: 'os2-rollup', value: { ...r, hash: rollUpHash(r) } }],
        }),
      });
      expect(res.status).toBe(201);
    }
    await new Promise((r) => setTimeout(r, site.indexLagMs + 50));
    const doc = readFileSync(new URL('../../docs/secretariat.md', import.meta.url), 'utf8');
    const filters = [...doc.matchAll(/```jql\n([^`]+?)\n```/g)].map((m) => m[1]!.trim());
    expect(filters).toHaveLength(5);
    const search = async (jql: string) => {
      const res = await fetch(`${site.baseUrl}/rest/api/3/search/jql`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          jql,
          fields: ['summary'],
          properties: ['os2-votes', 'os2-rollup'],
          maxResults: 100,
        }),
      });
      expect(res.status, `${jql}: ${await res.clone().text()}`).toBe(200);
      return (
        (await res.json()) as {
          issues: { key: string; properties: Record<string, Record<string, number | string>> }[];
        }
      ).issues;
    };
    const [mo, all, coFinance, byLevel, byState] = await Promise.all(filters.map(search));
    const counts = (xs: typeof mo) => xs!.map((i) => i.properties['os2-votes']!.count as number);
    expect(mo!.length).toBeGreaterThan(0);
    expect(mo!.every((i) => i.key.startsWith('MO-'))).toBe(true);
    expect(counts(mo)).toEqual([...counts(mo)].sort((a, b) => b - a));
    expect(new Set(all!.map((i) => i.key.split('-')[0])).size).toBeGreaterThan(1);
    expect(counts(all)).toEqual([...counts(all)].sort((a, b) => b - a));
    const pledged = coFinance!.map((i) => i.properties['os2-votes']!.coFinanceTotalDkk as number);
    expect(pledged.every((n) => n > 0)).toBe(true);
    expect(pledged).toEqual([...pledged].sort((a, b) => b - a));
    const n3 = FIXTURE_PRODUCTS.filter((x) => x.site === 'os2' && x.record.level === 'N3').map(
      (x) => x.record.name,
    );
    expect(byLevel!.map((i) => i.properties['os2-rollup']!.name).sort()).toEqual([...n3].sort());
    const review = FIXTURE_PRODUCTS.filter((x) => x.site === 'os2' && x.record.state === 'board_review');
    expect(byState!.map((i) => i.properties['os2-rollup']!.name)).toEqual(review.map((x) => x.record.name));
  });
});
