/**
 * Redis restarted (empty: no persistence) or flushed while syncs are queued. Redis is only a queue and a cache
 * (design.md): the queued syncs are gone, but the next reconcile rebuilds every roll-up from Jira, with no
 * duplicate portfolio issue and the governance changes made while the work was queued included.
 *
 * This test runs its own redis-server (on a free port, `--save "" --appendonly no`, a temporary directory) so
 * that it can be killed and flushed; the shared Redis is never touched.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { VOTES_PROPERTY, buildVotesMirror } from '../../src/mirror/votes-mirror.js';
import {
  bumpGovernance,
  changeEvent,
  Cleanup,
  configFor,
  expectPortfolioCorrect,
  failedJobs,
  freePort,
  pendingJobs,
  portfolioIssues,
  postEvent,
  PrivateRedis,
  PRODUCTS,
  SECRET,
  sleep,
  startService,
  startSim,
  uniquePrefix,
  waitFor,
  waitIdle,
} from './harness.js';
import type { JiraSim } from '../../jira-sim/index.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

/** Changes in Jira while work is queued: three governance records and one vote tally. */
function changeJira(sim: JiraSim): void {
  bumpGovernance(sim, '10001', () => ({ level: 'N2' }));
  bumpGovernance(sim, '10003', (r) => ({ name: `${r.name} (omdøbt)` }));
  bumpGovernance(sim, '10004', (r) => ({ name: `${r.name} (omdøbt)` }));
  const state = sim.site('os2').state;
  const kitos = [...state.issues.values()].find(
    (i) => i.projectId === '10002' && i.properties?.has(VOTES_PROPERTY) && !i.deleted,
  )!;
  const codes = ['101', '147', '151', '157', '159', '161', '163', '165', '167', '169', '173', '175'];
  state.setIssueProperty(
    kitos,
    VOTES_PROPERTY,
    buildVotesMirror(
      { count: codes.length, municipalities: codes, coFinanceWilling: 0, coFinanceTotalDkk: 0 },
      SECRET,
      { projectId: kitos.projectId, issueId: String(kitos.id) },
    ),
  );
}

describe('Redis lost while work is queued', () => {
  it.each(['restarted empty', 'flushed'] as const)(
    'Redis %s: the next reconcile rebuilds every roll-up from Jira, no duplicates',
    async (how) => {
      const redis = new PrivateRedis(await freePort());
      await redis.start();
      cleanup.add(() => redis.stop());
      const sim = await startSim();
      cleanup.add(() => sim.close());
      const config = configFor(
        sim,
        uniquePrefix(),
        {
          jobs: { attempts: 8, backoffMs: 100, defaultRateLimitMs: 1000, keepFailed: 1000, debounceMs: 4000 },
        },
        {},
        redis.url,
      );
      const service = await startService(config);
      cleanup.add(() => service.close());

      // A first full sync: every product has its portfolio issue.
      await service.reconcile();
      await waitIdle(service, 30_000);
      await expectPortfolioCorrect(sim);

      // Jira changes; the events arrive: the first per product syncs at once (the leading edge)...
      changeJira(sim);
      const changedAt = Date.now();
      const announce = async (n: number) => {
        for (const p of PRODUCTS) {
          const event = changeEvent(sim.site(p.site).baseUrl, p.projectId, {
            occurredAt: new Date(Date.now() + n).toISOString(),
          });
          expect((await postEvent(service.address!, event)).status).toBe(202);
        }
      };
      await announce(0);
      await waitIdle(service, 30_000);
      // ...and the next ones, inside the debounce window, wait it out in Redis...
      await announce(1);
      expect(await pendingJobs(service)).toBeGreaterThan(0);

      // ...and Redis loses everything.
      const lostAt = Date.now();
      if (how === 'restarted empty') {
        await redis.kill();
        await sleep(300);
        await redis.start();
      } else {
        const admin = new Redis(redis.url);
        await admin.flushall(); // the private server of this test, never the shared one
        admin.disconnect();
      }
      await waitFor(
        async () => (await service.redis.ping()) === 'PONG',
        'the service to reconnect',
        20_000,
        100,
      );
      expect(await pendingJobs(service)).toBe(0); // the queued syncs are gone

      // The ids the events named (remembered in Redis for `reconcileIssues`) are gone too, so the reconcile reads
      // the vote tally through search alone, which trails writes by the index lag (docs/jira-sim.md, Search index
      // lag). The promise is the next reconcile once search shows the change: wait out the lag since the last
      // Jira write, as a scheduled reconcile would; the queued syncs that would have carried it stay lost.
      await sleep(Math.max(0, changedAt + sim.site('os2').indexLagMs + 100 - Date.now()));
      await service.reconcile();
      await waitFor(async () => (await pendingJobs(service)) > 0, 'the reconcile to enqueue', 10_000);
      await waitIdle(service, 60_000);
      const rebuiltMs = Date.now() - lostAt;
      await expectPortfolioCorrect(sim);
      expect(await failedJobs(service)).toBe(0);
      const issues = portfolioIssues(sim);
      expect(issues.find((i) => i.sourceKey === 'os2/10001')?.stored?.level).toBe('N2');
      console.info(
        `[reliability] Redis ${how}: rebuilt ${PRODUCTS.length} roll-ups from Jira in ${rebuiltMs} ms, ` +
          `${issues.length} portfolio issues, 0 duplicates`,
      );
    },
    120_000,
  );
});
