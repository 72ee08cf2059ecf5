/**
 * Two and three sync services racing over the same products: exactly one portfolio issue per product, and the
 * final content equal to what a single worker produces on an identical simulator. Run with one shared Redis
 * prefix (shared locks and deduplication) and with a prefix each (nothing shared: what several deployments, or
 * one that lost its Redis mid-way, would do). Latency on issue creation widens the window between "search: no
 * issue yet" and "create".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import {
  Cleanup,
  cleanupPrefix,
  configFor,
  expectPortfolioCorrect,
  failedJobs,
  portfolioIssues,
  PRODUCTS,
  startService,
  startSim,
  uniquePrefix,
  waitIdle,
} from './harness.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

async function runWorkers(workers: number, sharedPrefix: boolean, rounds = 2) {
  const sim = await startSim();
  cleanup.add(() => sim.close());
  sim.site('os2').injectFault({ route: 'POST /rest/api/3/issue', latencyMs: 120 });
  const shared = uniquePrefix();
  const services: SyncService[] = [];
  for (let i = 0; i < workers; i++) {
    const prefix = sharedPrefix ? shared : uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const s = await startService(
      configFor(sim, prefix, {
        jobs: { attempts: 8, backoffMs: 50, defaultRateLimitMs: 1000, keepFailed: 1000, debounceMs: 0 },
      }),
    );
    cleanup.add(() => s.close());
    services.push(s);
  }
  for (let r = 0; r < rounds; r++) {
    await Promise.all(services.flatMap((s) => PRODUCTS.map((p) => s.enqueueSync(p.site, p.projectId))));
    for (const s of services) await waitIdle(s, 60_000);
  }
  if (!sharedPrefix) {
    // Workers that share no Redis cannot see each other's new issues until Jira's search index has caught up
    // (the simulator lags as Jira does): the next reconcile after the lag removes the duplicates.
    await new Promise((r) => setTimeout(r, sim.site('os2').indexLagMs + 100));
    await Promise.all(services.map((s) => s.reconcile()));
    for (const s of services) await waitIdle(s, 60_000);
  }
  for (const s of services) expect(await failedJobs(s)).toBe(0);
  return { sim, services };
}

/** The stored roll-ups (with their hashes) by source key. */
function storedBySource(sim: JiraSim) {
  return new Map(portfolioIssues(sim).map((i) => [i.sourceKey, i.stored]));
}

describe('racing workers', () => {
  let baseline: Map<string | undefined, unknown>;

  beforeAll(async () => {
    const { sim } = await runWorkers(1, true, 1);
    await expectPortfolioCorrect(sim);
    baseline = storedBySource(sim);
    expect(baseline.size).toBe(PRODUCTS.length);
  }, 60_000);

  it.each([
    [2, true],
    [3, true],
    [2, false],
    [3, false],
  ])(
    '%i workers (shared Redis prefix: %s): one portfolio issue per product, content equal to a single-worker run',
    async (workers, shared) => {
      const { sim } = await runWorkers(workers, shared);
      await expectPortfolioCorrect(sim);
      const got = storedBySource(sim);
      expect(got).toEqual(baseline);
      const creates = sim.site('os2').callCount('POST /rest/api/3/issue');
      const deletes = sim.site('os2').callCount('DELETE /rest/api/3/issue/{issueIdOrKey}');
      console.info(
        `[reliability] ${workers} racing workers (shared prefix: ${shared}): creates=${creates} ` +
          `deleteCalls=${deletes} issues=${portfolioIssues(sim).length}`,
      );
    },
    90_000,
  );
});
