/**
 * No lost decision, end to end: the board decides through the app's real project-page resolver; the app saves,
 * writes the signed mirror and queues a signed event (Forge async events) for the real sync service, which rolls the decision up to the
 * portfolio. A decision made while the sync service is down (its event cannot be delivered) still reaches the
 * portfolio: the next reconcile reads it from the signed mirror in Jira.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncService } from '../../sync-worker/src/service.js';
import {
  Cleanup,
  cleanupPrefix,
  configFor,
  expectPortfolioCorrect,
  portfolioIssues,
  PRODUCTS,
  startService,
  uniquePrefix,
  waitFor,
  waitIdle,
} from './harness.js';
import { startForgeApp } from './forge-harness.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const OS2_PRODUCTS = PRODUCTS.filter((p) => p.site === 'os2');
const BOARD = 'os2-bst-lars';

describe('a board decision reaches the portfolio', () => {
  it('through the event, and through the reconcile when the event could not be delivered', async () => {
    const app = await startForgeApp({ featureRequests: 3 });
    cleanup.add(() => app.close());
    const prefix = uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const config = configFor(app.sim, prefix);
    const setSyncUrl = (service: SyncService) =>
      app.forge.kvs.handle('/api/v1/set', { key: 'cfg:sync', value: { url: `${service.address}/events` } });
    const revision = (projectId: string) =>
      (app.forge.kvs.dump(`gov:${projectId}`)[`gov:${projectId}`] as { revision: number }).revision;
    const rollUpOf = (projectId: string) =>
      portfolioIssues(app.sim).find((i) => i.sourceKey === `os2/${projectId}`)?.stored;

    let service = await startService(config);
    cleanup.add(() => service.close());
    setSyncUrl(service);
    await service.reconcile();
    await waitIdle(service);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);

    // 1. The service is up: the decision travels as an event, carrying the roll-up input the app computed from its
    // own storage (issue 18), so the service reads nothing from the source site.
    const sourceReads = async () =>
      (await service.metrics.jiraCalls.get()).values
        .filter((v) => v.labels.method === 'GET' && String(v.labels.route).includes('/project/'))
        .reduce((a, v) => a + v.value, 0);
    const pushed = async () =>
      (await service.metrics.pushedRollUps.get()).values.find((v) => v.labels.outcome === 'queued')?.value ??
      0;
    const readsBefore = await sourceReads();
    expect(readsBefore, 'the reconcile read the mirrors (the measure counts them)').toBeGreaterThan(0);
    const changed = await app.forge.invoke<{ event: string }>(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: revision('10002'),
        input: { level: 'N1', reason: 'Bestyrelsesmøde' },
      },
      { accountId: BOARD, project: 'KITOS' },
    );
    expect(changed.ok, JSON.stringify(changed.error)).toBe(true);
    expect(changed.data!.event).toBe('queued');
    await waitFor(() => rollUpOf('10002')?.level === 'N1', 'the level change on the portfolio', 20_000);
    expect(rollUpOf('10002')!.decisions.some((d) => d.kind === 'change_level')).toBe(true);
    await waitIdle(service);
    expect(await pushed()).toBeGreaterThanOrEqual(1);
    expect(await sourceReads()).toBe(readsBefore);
    // What the app pushed is what the service's own read of the source gives: the oracle reads Jira.
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);

    // 2. The service is down: the event cannot be delivered; the decision is saved and mirrored all the same.
    await service.close();
    const approved = await app.forge.invoke<{ event: string; mirrored: boolean }>(
      'project-page',
      'transition',
      {
        action: 'approve',
        expectedRevision: revision('10008'),
        input: { basis: 'Indstilling', approveSteeringGroup: true },
      },
      { accountId: BOARD, project: 'IOT' },
    );
    expect(approved.ok, JSON.stringify(approved.error)).toBe(true);
    // The event went on Forge's queue; its consumer cannot reach the service, asks for retries, and Forge gives up.
    expect(approved.data!).toMatchObject({ event: 'queued', mirrored: true });
    await app.forge.asyncEvents.settled();
    const lost = app.forge.asyncEvents.deliveries.filter((d) => d.body.projectId === '10008');
    expect(lost.at(-1)?.outcome).toBe('dropped');
    expect(lost.filter((d) => d.outcome === 'retry').length).toBeGreaterThan(0);

    // 3. The service comes back; its reconcile heals the missed event.
    service = await startService(config);
    cleanup.add(() => service.close());
    setSyncUrl(service);
    await service.reconcile();
    await waitIdle(service);
    expect(rollUpOf('10008')).toMatchObject({ state: 'approved', integrity: 'verified' });
    expect(rollUpOf('10008')!.decisions.some((d) => d.kind === 'approve')).toBe(true);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);
    console.info(
      '[reliability] board decisions: one delivered by event, one missed (service down) and healed by reconcile; both on the portfolio',
    );
  }, 120_000);
});
