/**
 * A project admin edits the signed mirrors through Jira's REST API with their own credentials (any project admin
 * can write project and issue properties): the governance mirror's level, and a feature request's vote tally.
 * The signatures no longer verify, so the worker reports the governance mirror as tampered and rolls up none of
 * the forged values, counts the forged tally as no votes, and the portfolio page (sync-worker/src/portfolio-page)
 * flags the product.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import { GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import { VOTES_PROPERTY } from '../../src/mirror/votes-mirror.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import {
  cleanupPrefix,
  configFor,
  expectPortfolioCorrect,
  portfolioIssues,
  PRODUCTS,
  startService,
  startSim,
  uniquePrefix,
  waitIdle,
} from './harness.js';

const MO = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!;

async function asUser(sim: JiraSim, accountId: string, method: string, path: string, body?: unknown) {
  const u = sim.site('os2').asUser(accountId);
  const res = await fetch(`${u.host}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${u.email}:${u.apiToken}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('mirrors edited through REST by a project admin', () => {
  let sim: JiraSim;
  let service: SyncService;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    sim = await startSim();
    service = await startService(configFor(sim, prefix), {
      plugins: [{ plugin: portfolioPagePlugin, options: { cacheMs: 0, refreshMs: 0 } }],
    });
    await service.reconcile();
    await waitIdle(service);
    await expectPortfolioCorrect(sim);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(prefix);
  });

  it('a forged governance mirror is reported as tampered, its values are not rolled up, and the page flags it', async () => {
    const admin = 'pl-mo-kristian'; // MO's project leader: project admin of MO, nothing more
    const path = `/rest/api/3/project/${MO.record.project.id}/properties/${GOVERNANCE_PROPERTY}`;
    const current = await asUser(sim, admin, 'GET', path);
    expect(current.status).toBe(200);
    const mirror = current.json!.value as {
      level: string;
      payload: { record: Record<string, unknown> };
      signature: string;
    };
    const forged = {
      ...mirror,
      level: 'N1',
      payload: {
        ...mirror.payload,
        record: { ...mirror.payload.record, level: 'N1', name: '<script>alert("owned")</script>MO' },
      },
    };
    expect((await asUser(sim, admin, 'PUT', path, forged)).status).toBe(200);

    await service.enqueueSync('os2', MO.record.project.id);
    await waitIdle(service);
    const issues = portfolioIssues(sim).filter((i) => i.sourceKey === `os2/${MO.record.project.id}`);
    expect(issues).toHaveLength(1);
    const stored = issues[0]!.stored!;
    expect(stored.integrity).toBe('tampered');
    expect(stored.level).toBe(MO.record.level); // the last verified level, not the forged N1
    expect(stored.name).toBe(MO.record.name);
    expect(issues[0]!.labels).toContain('os2-integritet-tampered');

    const page = await fetch(`${service.address}/portfolio`).then((r) => r.text());
    const row = page.match(/<tr\s[^>]*data-source-key="os2\/10001"[\s\S]*?<\/tr>/)?.[0] ?? '';
    expect(row).toMatch(/data-integrity="tampered"/);
    expect(page).not.toContain('alert("owned")');
    const detail = await fetch(`${service.address}/portfolio/os2/${MO.record.project.id}`).then((r) =>
      r.text(),
    );
    expect(detail).toMatch(/data-integrity="tampered"/);
    // The other products are untouched and still verified.
    const others = (await service.listRollUps()).filter((r) => r.sourceKey !== 'os2/10001');
    expect(others.map((r) => r.integrity)).toEqual(others.map(() => 'verified'));
    expect(others).toHaveLength(PRODUCTS.length - 1);
  });

  it('a forged vote tally is not rolled up among the top voted requests', async () => {
    const admin = 'pl-kitos-anja';
    const state = sim.site('os2').state;
    const kitos = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'KITOS')!;
    const sourceKey = `os2/${kitos.record.project.id}`;
    const before = portfolioIssues(sim).find((i) => i.sourceKey === sourceKey)!.stored!;
    const target = before.topRequests[before.topRequests.length - 1]!;
    const issue = state.resolveIssue(target.key)!;
    const path = `/rest/api/3/issue/${issue.id}/properties/${VOTES_PROPERTY}`;
    const current = await asUser(sim, admin, 'GET', path);
    expect(current.status).toBe(200);
    const mirror = current.json!.value as { count: number; tally: { count: number } };
    const forged = { ...mirror, count: 98, tally: { ...mirror.tally, count: 98 } };
    expect((await asUser(sim, admin, 'PUT', path, forged)).status).toBe(200);

    // A forgery through REST sends no change event, so nothing tells the worker to reconcile the issue: the
    // next sync sees it once Jira's search index has caught up with the write (the simulator lags as Jira does).
    await new Promise((r) => setTimeout(r, sim.site('os2').indexLagMs + 50));
    await service.enqueueSync('os2', kitos.record.project.id);
    await waitIdle(service);
    const after = portfolioIssues(sim).find((i) => i.sourceKey === sourceKey)!.stored!;
    expect(after.integrity).toBe('verified'); // the governance mirror is fine
    // The request sorts first by the forged indexed count, but its tally does not verify: it is not rolled up
    // among the top voted, and no forged count reaches the portfolio.
    expect(after.topRequests.find((r) => r.key === target.key)).toBeUndefined();
    expect(after.topRequests.length).toBeGreaterThan(0);
    expect(Math.max(...after.topRequests.map((r) => r.votes))).toBeLessThan(98);
  });
});
