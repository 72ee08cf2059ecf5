/**
 * The worker's Jira account and the permissions Jira gives it in the portfolio project (issue 16: permissions
 * modelled separately). An account that may browse and edit PORT but not create issues there gets a clear
 * error for the product whose issue it cannot create: the job lands in the failed set naming the missing
 * permission, the service keeps running, and nothing is lost: once the permission is granted, retry-failed
 * writes the product. The simulator enforces Create issues on its own (jira-sim/state/permissions.ts).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { grant, revoke } from '../../jira-sim/index.js';
import { parseConfig } from '../src/config.js';
import {
  cleanupPrefix,
  portfolioIssues,
  startService,
  startSim,
  testConfigFile,
  uniquePrefix,
  waitFor,
  waitIdle,
} from './helpers.js';

describe("the worker's account without Create issues in the portfolio project", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  afterAll(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('gets a clear error, not a crash; nothing is lost: granted Create, retry-failed writes the product', async () => {
    const sim = await startSim();
    const prefix = uniquePrefix();
    cleanup.push(async () => {
      await sim.close();
      await cleanupPrefix(prefix);
    });
    const os2 = sim.site('os2');
    // A service account with a product licence and no admin rights: by the default scheme it may browse, edit
    // and transition in PORT; here Create issues is taken from licensed users.
    const worker = os2.addUser({ displayName: 'OS2 synkronisering', email: 'sync@os2.example' });
    const port = os2.state.resolveProject('PORT')!;
    revoke(port, 'CREATE_ISSUES', (h) => h.type === 'anyLicensedUser');
    const { file, env } = testConfigFile(sim, {}, prefix);
    env.TOKEN_OS2 = worker.apiToken;
    const config = parseConfig(
      { ...file, sites: file.sites.map((s) => (s.name === 'os2' ? { ...s, email: worker.email } : s)) },
      env,
    );
    const service = await startService(config);
    cleanup.push(() => service.close());

    await service.enqueueSync('supplier', '10004');
    const [failed] = await waitFor(async () => {
      const f = await service.queues.portfolio.getFailed();
      return f.length > 0 ? f : undefined;
    }, 'the portfolio write in the failed set');
    // Jira refused with 403, which is not retried: one attempt, and a reason an operator can act on.
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toContain('403');
    expect(failed!.failedReason).toContain('You do not have permission to create issues in this project.');
    expect(portfolioIssues(sim)).toEqual([]);
    // Not a crash: the service still serves another product's sync (it reads the source, then meets the same
    // refusal at the portfolio).
    await service.enqueueSync('os2', '10001');
    await waitFor(async () => (await service.queues.portfolio.getFailedCount()) === 2, 'the second refusal');

    grant(port, 'CREATE_ISSUES', { type: 'group', group: 'jira-software-users' });
    expect(await service.queues.retryFailed()).toBe(2);
    await waitFor(() => portfolioIssues(sim).length === 2, 'both portfolio issues');
    await waitIdle(service);
    expect(
      portfolioIssues(sim)
        .map((i) => i.rollup?.sourceKey)
        .sort(),
    ).toEqual(['os2/10001', 'supplier/10004']);
    expect(await service.queues.portfolio.getFailedCount()).toBe(0);
  }, 60_000);
});
