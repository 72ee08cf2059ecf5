/**
 * The portfolio writer under Jira's search index lag (the simulator lags as Jira Cloud does): racing workers,
 * a lost creation lock and restarts never leave two portfolio issues for one product, because the writer finds
 * the issue through its own index (source key → issue id in Redis, confirmed by the issue's `os2-rollup`
 * property) and uses search only to heal. Simulator + real Redis.
 */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { createJiraClient } from '../../src/jira/client.js';
import { parseConfig } from '../src/config.js';
import { Keys } from '../src/keys.js';
import { PortfolioIndex } from '../src/portfolio-index.js';
import { writeRollUp } from '../src/portfolio-writer.js';
import { readProduct } from '../src/product-source.js';
import { buildVotesMirror } from '../../src/mirror/votes-mirror.js';
import {
  REDIS_URL,
  SECRET,
  cleanupPrefix,
  postEvent,
  portfolioIssues,
  startService,
  startSim,
  testConfigFile,
  uniquePrefix,
  waitIdle,
} from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';

/** Longer than a create and its follow-up search take, so every racer meets an index that has not seen it. */
const LAG_MS = 3000;
const CREATE = 'POST /rest/api/3/issue';
const DELETE = 'DELETE /rest/api/3/issue/{issueIdOrKey}';
const SEARCH = 'GET /rest/api/3/search/jql';

describe('portfolio writer under search index lag', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  afterAll(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(prefix = uniquePrefix()) {
    const sim = await startSim();
    sim.site('os2').indexLagMs = LAG_MS;
    const { file, env } = testConfigFile(
      sim,
      {
        jobs: { attempts: 5, backoffMs: 50, defaultRateLimitMs: 1000, keepFailed: 100, debounceMs: 0 },
      },
      prefix,
    );
    const config = parseConfig(file, env);
    cleanup.push(async () => {
      await sim.close();
      await cleanupPrefix(prefix);
    });
    return { sim, config, prefix };
  }

  const perProduct = (sim: JiraSim) => {
    const counts = new Map<string, number>();
    for (const i of portfolioIssues(sim)) {
      const k = String(i.rollup?.sourceKey);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  };

  it('3 racing workers on one Redis create exactly one issue per product, none deleted; restarts add none', async () => {
    const { sim, config } = await setup();
    const os2 = sim.site('os2');
    // Latency on create widens the race window between the look-up and the create.
    os2.injectFault({ route: CREATE, latencyMs: 80 });
    const start = async () => {
      const ws = await Promise.all([startService(config), startService(config), startService(config)]);
      return ws;
    };
    let workers = await start();
    try {
      await Promise.all(
        FIXTURE_PRODUCTS.flatMap((p) => workers.map((w) => w.enqueueSync(p.site, p.record.project.id))),
      );
      for (const w of workers) await waitIdle(w, 30_000);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    // Well inside the lag: search still sees none of them, yet no second issue was ever made.
    expect(os2.state.indexLagging).toBe(true);
    expect(os2.callCount(CREATE)).toBe(FIXTURE_PRODUCTS.length);
    expect(os2.callCount(DELETE)).toBe(0);
    expect([...perProduct(sim).values()]).toEqual(FIXTURE_PRODUCTS.map(() => 1));

    // Restart (Redis kept) while the index still lags, and reconcile: the index finds every issue by id.
    workers = await start();
    try {
      await Promise.all(workers.map((w) => w.reconcile()));
      for (const w of workers) await waitIdle(w, 30_000);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    expect(os2.callCount(CREATE)).toBe(FIXTURE_PRODUCTS.length);
    expect(os2.callCount(DELETE)).toBe(0);
    expect(portfolioIssues(sim)).toHaveLength(FIXTURE_PRODUCTS.length);
  });

  it('after Redis is lost, the index is rebuilt from the issues’ own property by search: no new issue', async () => {
    const { sim, config, prefix } = await setup();
    const os2 = sim.site('os2');
    const first = await startService(config);
    await Promise.all(FIXTURE_PRODUCTS.map((p) => first.enqueueSync(p.site, p.record.project.id)));
    await waitIdle(first, 30_000);
    await first.close();
    const created = os2.callCount(CREATE);
    expect(created).toBe(FIXTURE_PRODUCTS.length);

    // Redis loses everything once search has caught up with the creations.
    await new Promise((r) => setTimeout(r, LAG_MS + 100));
    await cleanupPrefix(prefix);
    const again = await startService(config);
    cleanup.push(() => again.close());
    await again.reconcile();
    await waitIdle(again, 30_000);
    expect(os2.callCount(CREATE)).toBe(created);
    expect(portfolioIssues(sim)).toHaveLength(FIXTURE_PRODUCTS.length);
    const redis = new Redis(REDIS_URL);
    cleanup.push(async () => redis.disconnect());
    const index = new PortfolioIndex(redis, new Keys(prefix));
    for (const i of portfolioIssues(sim)) expect(await index.get(String(i.rollup?.sourceKey))).toBe(i.id);
  });

  it('with the creation lock lost, 3 concurrent writes of one product leave one issue at once (no waiting for search)', async () => {
    const { sim, prefix } = await setup();
    const os2 = sim.site('os2');
    const product = FIXTURE_PRODUCTS.find((p) => p.site === 'os2')!;
    const jira = createJiraClient({
      site: 'os2',
      baseUrl: os2.baseUrl,
      email: os2.admin.email,
      apiToken: os2.admin.apiToken,
      onSchemaMismatch: 'throw',
    });
    const source = await readProduct(jira, 'os2', product.record.project.id, SECRET);
    if (source.kind !== 'rolled-up') throw new Error('fixture product is not governed');
    const redis = new Redis(REDIS_URL);
    cleanup.push(async () => redis.disconnect());
    const keys = new Keys(prefix);
    const deps = {
      target: { jira, site: 'os2', projectKey: 'PORT', issueType: 'Produkt', secrets: [SECRET] },
      logger: pino({ level: 'silent' }),
      redis,
      keys,
      lockTtlMs: 1, // the lock is as good as lost: every writer goes ahead and creates
    };
    // A lock held by a vanished worker and a slow create: all three give up waiting (after lockTtlMs) and pass
    // their look-up before any create returns, so each creates.
    await redis.set(keys.createLock(source.rollUp.sourceKey), 'vanished-worker', 'PX', 60_000);
    os2.injectFault({ route: CREATE, latencyMs: 400 });
    const results = await Promise.all([1, 2, 3].map(() => writeRollUp(deps, source.rollUp, source.hash)));
    expect(os2.callCount(CREATE)).toBe(3);
    // The writers agree on one issue through the index, and the others are gone before they return.
    const live = portfolioIssues(sim);
    expect(live).toHaveLength(1);
    expect(new Set(results.map((r) => r.issueId))).toEqual(new Set([live[0]!.id]));
    expect(os2.callCount(DELETE)).toBeGreaterThanOrEqual(os2.callCount(CREATE) - 1);
    expect(await new PortfolioIndex(redis, keys).get(source.rollUp.sourceKey)).toBe(live[0]!.id);

    // A second round inside the lag finds it by id: one GET, no create, no search needed.
    os2.resetCalls();
    const again = await writeRollUp(deps, source.rollUp, source.hash);
    expect(again).toMatchObject({ outcome: 'unchanged', issueId: live[0]!.id });
    expect(os2.callCount(CREATE)).toBe(0);
    // Unverified (search has not shown it yet): one healing search; it stays until search catches up.
    expect(os2.callCount(SEARCH)).toBe(1);
    await new Promise((r) => setTimeout(r, LAG_MS + 100));
    await writeRollUp(deps, source.rollUp, source.hash);
    os2.resetCalls();
    await writeRollUp(deps, source.rollUp, source.hash);
    expect(os2.callCount(SEARCH)).toBe(0);
    expect(os2.totalCalls()).toBe(1);
  });

  it('an issue deleted by hand is noticed by id and re-created once', async () => {
    const { sim, config } = await setup();
    const os2 = sim.site('os2');
    const svc = await startService(config);
    cleanup.push(() => svc.close());
    const product = FIXTURE_PRODUCTS.find((p) => p.site === 'os2')!;
    await svc.enqueueSync('os2', product.record.project.id);
    await waitIdle(svc, 30_000);
    const [issue] = portfolioIssues(sim);
    os2.state.deleteIssue(os2.state.issues.get(Number(issue!.id))!);
    await svc.reconcile('os2');
    await waitIdle(svc, 30_000);
    const now = portfolioIssues(sim).filter((i) => i.rollup?.sourceKey === issue!.rollup?.sourceKey);
    expect(now).toHaveLength(1);
    expect(now[0]!.id).not.toBe(issue!.id);
  });

  it('a vote event right after the vote: the top list has the new count although search still lags', async () => {
    const { sim, config } = await setup();
    const os2 = sim.site('os2');
    os2.indexLagMs = 60_000; // far longer than the test: only reconciliation can show the vote
    const svc = await startService(config);
    cleanup.push(() => svc.close());
    const st = os2.state;
    const mo = st.projects.get('10001')!;
    // The open feature request with the fewest votes: only reconciliation can lift it to the top.
    const open = mo.issues.filter(
      (i) => i.properties?.has('os2-votes') && st.statuses.get(i.statusId)?.categoryKey !== 'done',
    );
    const count = (i: (typeof open)[number]) => (i.properties!.get('os2-votes') as { count: number }).count;
    const last = open.sort((a, b) => count(a) - count(b))[0]!;
    const tally = (last.properties!.get('os2-votes') as { tally: Parameters<typeof buildVotesMirror>[0] })
      .tally;
    const boosted = { ...tally, count: 500 };
    // The Forge app writes the mirror through REST (so it lags in search), then sends the signed event.
    const res = await fetch(`${os2.baseUrl}/rest/api/3/issue/${last.id}/properties/os2-votes`, {
      method: 'PUT',
      headers: {
        authorization: `Basic ${Buffer.from(`${os2.admin.email}:${os2.admin.apiToken}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(
        buildVotesMirror(boosted, SECRET, { projectId: '10001', issueId: String(last.id) }),
      ),
    });
    expect(res.status).toBe(200);
    const sent = await postEvent(svc.address!, {
      kind: 'votes',
      siteUrl: os2.baseUrl,
      projectId: '10001',
      issueId: String(last.id),
      occurredAt: new Date().toISOString(),
    });
    expect(sent.status).toBe(202);
    await waitIdle(svc, 30_000);
    const rollup = portfolioIssues(sim).find((i) => i.rollup?.sourceKey === 'os2/10001')?.rollup as
      { topRequests: { key: string; votes: number }[] } | undefined;
    expect(rollup?.topRequests[0]).toMatchObject({ key: last.key, votes: 500 });
  });
});
