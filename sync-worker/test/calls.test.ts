import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../src/domain/fixtures.js';
import { buildGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import { signPushedRollUp } from '../../src/mirror/pushed-rollup.js';
import { resolvePortfolioProjectId } from '../src/context.js';
import { runPortfolioWrite, runSyncProduct } from '../src/jobs.js';
import { SyncQueues } from '../src/queues.js';
import { createContext } from '../src/service.js';
import {
  cleanupPrefix,
  portfolioIssues,
  postEvent,
  SECRET,
  silentLogger,
  startService,
  startSim,
  testConfig,
  waitIdle,
} from './helpers.js';
import type { FixtureProduct } from '../../src/domain/fixtures.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';

const MO = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!;

/** Calls on the os2 site (source and portfolio) for: a first sync, an unchanged sync, a changed sync. */
async function measure(featureRequests: number) {
  const sim = await startSim([
    { name: 'os2', products: [MO], featureRequestsPerProduct: featureRequests },
    { name: 'supplier' },
  ]);
  const config = testConfig(sim);
  const service = await startService(config);
  try {
    const site = sim.site('os2');
    const issues = [...site.state.issues.values()].filter((i) => i.projectId === MO.record.project.id).length;
    const run = async () => {
      site.resetCalls();
      await service.enqueueSync('os2', MO.record.project.id);
      await waitIdle(service);
      return site.calls();
    };
    const first = await run();
    const unchanged = await run();
    const changed = { ...MO.record, state: 'approved' as const, revision: MO.record.revision + 1 };
    site.state.projects
      .get(MO.record.project.id)!
      .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(changed, MO.decisions, SECRET));
    const update = await run();
    return { issues, first, unchanged, update };
  } finally {
    await service.close();
    await sim.close();
    await cleanupPrefix(config.redis.prefix);
  }
}

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

describe('a product sync costs a constant number of Jira calls', () => {
  let small: Awaited<ReturnType<typeof measure>>;
  let big: Awaited<ReturnType<typeof measure>>;
  afterAll(() => {
    console.log(
      `calls per sync (10 vs 10,000 feature requests): first ${total(small.first)} vs ${total(big.first)}, ` +
        `unchanged ${total(small.unchanged)} vs ${total(big.unchanged)}, changed ${total(small.update)} vs ${total(big.update)}`,
    );
  });

  it('the same calls for 10 and for 10,000 feature requests', { timeout: 120_000 }, async () => {
    small = await measure(10);
    big = await measure(10_000);
    expect(big.issues).toBeGreaterThan(10_000);
    expect(big.first).toEqual(small.first);
    expect(big.unchanged).toEqual(small.unchanged);
    expect(big.update).toEqual(small.update);
    // Unchanged: mirror + approximate count + top-voted search, nothing else.
    expect(small.unchanged).toEqual({
      'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}': 1,
      'GET /rest/api/3/search/jql': 1,
      'POST /rest/api/3/search/approximate-count': 1,
    });
    // First sync on the read path, the first product of a fresh deployment, 9 calls: 3 source reads (mirror,
    // approximate count, top-voted search); the portfolio find search, the create (with its property), a GET of
    // the new issue to learn the workflow's initial status, transitions GET + POST (the transition id is then
    // cached, and later creates take it inside the create call); then, because the simulator's search index lags
    // 1 s, one delayed re-check 2 s later (waitIdle waits for it): one search, which now shows the new issue
    // (verified, no further rounds; the intended healing of an older issue only search could show).
    expect(total(small.first)).toBeLessThanOrEqual(9);
    // Changed (product → approved): 3 source reads + PUT + the transition, looked up the first time (GET + POST).
    expect(total(small.update)).toBeLessThanOrEqual(6);
    expect(small.update['PUT /rest/api/3/issue/{issueIdOrKey}']).toBe(1);
  });
});

/** Products of the os2 site in the state `product`: their first pushes share one transition (Idé → Produkt). */
const PRODUCTS = FIXTURE_PRODUCTS.filter((p) => p.site === 'os2' && p.record.state === 'product');

describe('the push path: a change event carrying the roll-up costs no source read (issue 18, item 1)', () => {
  it(
    'first ≤ 3 once the workflow is learnt, unchanged 0, changed 1, a state change 2',
    { timeout: 120_000 },
    async () => {
      const sim = await startSim([{ name: 'os2', products: PRODUCTS }, { name: 'supplier' }]);
      const config = testConfig(sim);
      const service = await startService(config);
      const site = sim.site('os2');
      const siteUrl = site.baseUrl + '/';
      const push = async (p: FixtureProduct, record: GovernanceRecord = p.record, openRequests = 3) => {
        site.resetCalls();
        const res = await postEvent(service.address!, {
          kind: 'governance',
          siteUrl,
          projectId: p.record.project.id,
          occurredAt: new Date().toISOString(),
          rollUp: signPushedRollUp(
            { record, decisions: p.decisions.slice(-10), openRequests, topRequests: [] },
            { siteUrl, projectId: p.record.project.id },
            SECRET,
          ),
        });
        expect(res.status, JSON.stringify(res.json)).toBe(202);
        expect(res.json).toMatchObject({ pushed: true });
        await waitIdle(service);
        return site.calls();
      };
      try {
        const [a, b, c] = PRODUCTS as [FixtureProduct, FixtureProduct, FixtureProduct];
        // The first product of a fresh deployment also learns the workflow: the initial status (one GET) and the
        // transition to Produkt (GET + POST); then the delayed re-check's one search. No source read at all.
        const firstEver = await push(a);
        expect(Object.keys(firstEver).filter((r) => r.includes('/project/'))).toEqual([]);
        expect(total(firstEver)).toBeLessThanOrEqual(6);
        // Every later first sync: the find search, the create with property and transition in one call, and the
        // re-check's search.
        const first = await push(b);
        expect(first).toEqual({ 'GET /rest/api/3/search/jql': 2, 'POST /rest/api/3/issue': 1 });
        expect(total(first)).toBeLessThanOrEqual(3);
        // A third product, so the state change below is measured on a product whose transition pair was learnt by b.
        expect(total(await push(c))).toBeLessThanOrEqual(3);
        // The same input again (a newer push of an unchanged product): the hash equals what was written, 0 calls.
        expect(total(await push(b))).toBe(0);
        // Changed: one PUT with fields and the signed property, to the remembered issue id.
        const changed = await push(b, { ...b.record, revision: b.record.revision + 1 }, 4);
        expect(changed).toEqual({ 'PUT /rest/api/3/issue/{issueIdOrKey}': 1 });
        // A state change, the first of its kind (Produkt → Godkendt): PUT + the transition looked up once (GET + POST).
        const approved = (p: FixtureProduct) => ({
          ...p.record,
          state: 'approved' as const,
          revision: p.record.revision + 2,
        });
        expect(total(await push(b, approved(b)))).toBe(3);
        // The same state change of another product: the transition id is cached per workflow, so PUT + POST.
        const stateChange = await push(c, approved(c));
        expect(stateChange).toEqual({
          'PUT /rest/api/3/issue/{issueIdOrKey}': 1,
          'POST /rest/api/3/issue/{issueIdOrKey}/transitions': 1,
        });
        console.log(
          `push path calls: first ${total(first)} (first of a deployment ${total(firstEver)}), unchanged 0, changed ${total(changed)}, state change ${total(stateChange)}`,
        );
        const port = [...site.state.issues.values()].filter((i) => i.key.startsWith('PORT-'));
        expect(port).toHaveLength(3);
      } finally {
        await service.close();
        await sim.close();
        await cleanupPrefix(config.redis.prefix);
      }
    },
  );
});

describe('the read path after a governance change: ≤ 6 calls (issue 18, bench section 1)', () => {
  it(
    'costs 5 calls while search has not shown the new portfolio issue (3 reads, the duplicate search, one PUT), 4 once it has: the issue is never read back by id',
    { timeout: 60_000 },
    async () => {
      const sim = await startSim([
        { name: 'os2', products: [MO], featureRequestsPerProduct: 10 },
        { name: 'supplier' },
      ]);
      const config = testConfig(sim);
      const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
      const logger = silentLogger();
      const queues = new SyncQueues(config, redis);
      const site = sim.site('os2');
      const projectId = MO.record.project.id;
      try {
        // The jobs as BullMQ runs them, minus the queue hop (as bench section 1 measures them). The delayed re-check
        // of a new issue is a job of its own (the first test above counts it); here it never runs, so the product
        // stays "not yet shown by search" for as long as Jira's index holds the new issue back.
        const ctx = createContext(config, redis, logger, undefined);
        await resolvePortfolioProjectId(ctx);
        let record = MO.record;
        const sync = async (change: boolean) => {
          if (change) {
            record = { ...record, revision: record.revision + 1 };
            site.state.projects
              .get(projectId)!
              .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(record, MO.decisions, SECRET));
          }
          site.resetCalls();
          const r = await runSyncProduct(ctx, queues, { site: 'os2', projectId, reason: 'api' }, logger);
          if (r.outcome === 'changed')
            await runPortfolioWrite(ctx, { site: 'os2', projectId, sourceKey: r.sourceKey }, logger);
          return site.calls();
        };
        const written = () =>
          portfolioIssues(sim).map((i) => (i.rollup as { revision?: number } | undefined)?.revision);

        // Jira's search trails writes by seconds to minutes; held back here so "not shown yet" does not depend on
        // how fast this machine is. The source's own issues were indexed at seed time.
        site.indexLagMs = 600_000;
        await sync(false); // first sync: creates the portfolio issue
        expect(written()).toEqual([record.revision]);

        const reads = {
          'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}': 1,
          'POST /rest/api/3/search/approximate-count': 1,
        };
        // Not shown by search yet: the three source reads (mirror, count, top-voted search), one search for another
        // issue claiming the product, and one PUT with fields and the signed property. No GET of the issue by id
        // (the portfolio index answers it) and no /myself: 5 calls.
        const unseen = await sync(true);
        expect(unseen).toEqual({
          ...reads,
          'GET /rest/api/3/search/jql': 2,
          'PUT /rest/api/3/issue/{issueIdOrKey}': 1,
        });
        expect(written()).toEqual([record.revision]);
        expect(await sync(true)).toEqual(unseen);
        expect(written()).toEqual([record.revision]);

        // The index caught up: the search shows the issue, the product is verified (still 5 this once) ...
        site.indexLagMs = 0;
        expect(await sync(true)).toEqual(unseen);
        // ... and from then on a change is the three reads and one PUT: 4 calls.
        const seen = await sync(true);
        expect(seen).toEqual({
          ...reads,
          'GET /rest/api/3/search/jql': 1,
          'PUT /rest/api/3/issue/{issueIdOrKey}': 1,
        });
        expect(written()).toEqual([record.revision]);
        // Nothing changed: the three reads only.
        expect(await sync(false)).toEqual({ ...reads, 'GET /rest/api/3/search/jql': 1 });
        console.log(
          `read path, governance change: ${total(unseen)} calls before search shows the portfolio issue, ${total(seen)} after`,
        );
      } finally {
        await queues.close();
        redis.disconnect();
        await sim.close();
        await cleanupPrefix(config.redis.prefix);
      }
    },
  );

  it(
    'still finds an older issue of the product that only search shows, and keeps it (the search is not skipped)',
    { timeout: 60_000 },
    async () => {
      const sim = await startSim([{ name: 'os2', products: [MO] }, { name: 'supplier' }]);
      const config = testConfig(sim);
      const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
      const logger = silentLogger();
      const queues = new SyncQueues(config, redis);
      const site = sim.site('os2');
      const projectId = MO.record.project.id;
      try {
        const ctx = createContext(config, redis, logger, undefined);
        await resolvePortfolioProjectId(ctx);
        const run = async () => {
          const r = await runSyncProduct(ctx, queues, { site: 'os2', projectId, reason: 'api' }, logger);
          if (r.outcome === 'changed')
            await runPortfolioWrite(ctx, { site: 'os2', projectId, sourceKey: r.sourceKey }, logger);
        };
        // A worker on another Redis made the product's issue first; this one's Redis is empty, and Jira's index
        // does not show that issue yet, so this worker creates a second one.
        site.indexLagMs = 600_000;
        await run();
        const older = portfolioIssues(sim)[0]!;
        await cleanupPrefix(config.redis.prefix);
        await run();
        expect(portfolioIssues(sim)).toHaveLength(2);
        // The index catches up; the next governance change searches before its PUT, sees the older issue and
        // keeps it (the newer one, ours, is deleted), instead of a blind PUT to the newer one.
        site.indexLagMs = 0;
        const changed = { ...MO.record, revision: MO.record.revision + 1 };
        site.state.projects
          .get(projectId)!
          .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(changed, MO.decisions, SECRET));
        await run();
        const left = portfolioIssues(sim);
        expect(left.map((i) => i.key)).toEqual([older.key]);
        expect((left[0]!.rollup as { revision?: number }).revision).toBe(changed.revision);
      } finally {
        await queues.close();
        redis.disconnect();
        await sim.close();
        await cleanupPrefix(config.redis.prefix);
      }
    },
  );
});
