import { expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { JOB_RECONCILE } from '../src/queues.js';
import { cleanupPrefix, portfolioIssues, startService, startSim, testConfig, waitFor } from './helpers.js';

it(
  'a fresh service reconciles at start, once per deployment however many replicas start, and the page knows the next slot',
  { timeout: 60_000 },
  async () => {
    const sim = await startSim();
    // A yearly slot: only the reconcile at start can fill the portfolio within this test.
    const config = testConfig(sim, { schedules: { reconcile: { pattern: '0 3 1 1 *' } } });
    const a = await startService(config, { schedulers: true });
    const b = await startService(config, { schedulers: true, http: false });
    try {
      const complete = () =>
        FIXTURE_PRODUCTS.every((p) =>
          portfolioIssues(sim).some((i) => i.rollup?.sourceKey === `${p.site}/${p.record.project.id}`),
        );
      await waitFor(complete, 'the reconcile at start to fill the portfolio', 30_000, 100);

      // One reconcile per source site, not one per replica (scheduler jobs carry a repeatJobKey; these do not).
      let atStart = 0;
      for (const q of a.queues.site.values()) {
        const jobs = await q.getJobs(['completed', 'active', 'waiting', 'delayed', 'failed']);
        atStart += jobs.filter((j) => j.name === JOB_RECONCILE && !j.repeatJobKey).length;
      }
      expect(atStart).toBe(a.queues.site.size);

      // The next scheduled slot, for the empty page's hint: 1 January, 03:00 in the server's time zone.
      const next = await a.queues.nextReconcileAt();
      expect(next!.getTime()).toBeGreaterThan(Date.now());
      expect(next!.getMonth() === 0 && next!.getDate() === 1 && next!.getHours() === 3).toBe(true);
    } finally {
      await b.close();
      await a.close();
      await sim.close();
      await cleanupPrefix(config.redis.prefix);
    }
  },
);
