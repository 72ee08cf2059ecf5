import { expect, it } from 'vitest';
import { createJiraClient } from '../../src/jira/client.js';
import { deleteIssue } from '../../src/jira/issues.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { cleanupPrefix, portfolioIssues, startService, startSim, testConfig, waitFor } from './helpers.js';

it(
  'after Redis loses every key, the schedulers come back and a reconcile rebuilds the portfolio',
  { timeout: 60_000 },
  async () => {
    const sim = await startSim();
    const config = testConfig(sim, { schedules: { reconcile: { every: 1000 } } });
    const service = await startService(config, { schedulers: true, schedulerRefreshMs: 500 });
    const complete = () =>
      FIXTURE_PRODUCTS.every(
        (p) =>
          portfolioIssues(sim).filter((i) => i.rollup?.sourceKey === `${p.site}/${p.record.project.id}`)
            .length === 1,
      );
    try {
      await waitFor(complete, 'the scheduled reconcile to build the portfolio', 20_000, 100);

      // Redis loses everything of this deployment (queues, schedulers, caches, locks)...
      await cleanupPrefix(config.redis.prefix);
      // ...and someone deletes the portfolio issues in Jira.
      const admin = sim.site('os2').admin;
      const jira = createJiraClient({
        site: 'os2',
        baseUrl: admin.host,
        email: admin.email,
        apiToken: admin.apiToken,
      });
      for (const issue of portfolioIssues(sim)) await deleteIssue(jira, issue.key);
      expect(portfolioIssues(sim)).toHaveLength(0);

      await waitFor(complete, 'the portfolio to be rebuilt by the next reconcile', 20_000, 100);
      expect((await service.queues.siteQueue('os2').getJobSchedulers()).length).toBe(1);
      expect(portfolioIssues(sim)).toHaveLength(FIXTURE_PRODUCTS.length);
    } finally {
      await service.close();
      await sim.close();
      await cleanupPrefix(config.redis.prefix);
    }
  },
);
