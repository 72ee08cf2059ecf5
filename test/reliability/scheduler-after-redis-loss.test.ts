/**
 * The reconcile schedule survives a Redis that restarts empty: the job scheduler lives in Redis, so the service
 * must put it back (sync-worker re-upserts its schedulers on reconnect, commit bf400dd). Found by this test: before
 * that fix no reconcile ran again until the service restarted. Here the portfolio issues are also deleted in Jira,
 * so only a scheduled reconcile can bring them back. Runs its own redis-server.
 */
import { afterAll, expect, it } from 'vitest';
import {
  Cleanup,
  configFor,
  expectPortfolioCorrect,
  freePort,
  PrivateRedis,
  sleep,
  startService,
  startSim,
  uniquePrefix,
  waitFor,
} from './harness.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

it('after Redis restarts empty, the scheduled reconcile still runs and rebuilds the portfolio', async () => {
  const redis = new PrivateRedis(await freePort());
  await redis.start();
  cleanup.add(() => redis.stop());
  const sim = await startSim();
  cleanup.add(() => sim.close());
  const config = configFor(sim, uniquePrefix(), { schedules: { reconcile: { every: 1500 } } }, {}, redis.url);
  const service = await startService(config, { schedulers: true });
  cleanup.add(() => service.close());
  await waitFor(
    async () => {
      try {
        await expectPortfolioCorrect(sim);
        return true;
      } catch {
        return false;
      }
    },
    'the scheduled reconcile to build the portfolio',
    20_000,
    250,
  );

  await redis.kill();
  await sleep(300);
  await redis.start();
  await waitFor(async () => (await service.redis.ping()) === 'PONG', 'reconnect', 20_000, 100);
  // Lose the portfolio too, so only a reconcile can bring it back.
  const state = sim.site('os2').state;
  for (const issue of [...state.issues.values()]) {
    if (issue.projectId === '10100' && !issue.deleted) state.deleteIssue(issue);
  }
  await sleep(8000); // > 5 reconcile periods
  expect((await service.queues.siteQueue('os2').getJobSchedulers()).length).toBe(1);
  await expectPortfolioCorrect(sim);
}, 90_000);
