/**
 * Issue-trigger events through the push (issue 18): a feature request created or edited in Jira fires the app's
 * issue trigger, which queues the change event on Forge's async events queue; the consumer builds the roll-up input
 * from the app's own storage and two Jira reads as the app, signs it and sends it, so the sync service writes the
 * portfolio without a single read of the source site: its only call is the PUT of the portfolio issue.
 */
import { afterAll, describe, expect, it } from 'vitest';
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
import { featureRequests, startForgeApp } from './forge-harness.js';
import { FEATURE_REQUEST_TYPE } from '../../src/jira/feature-requests.js';
import type { SyncService } from '../../sync-worker/src/service.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const OS2_PRODUCTS = PRODUCTS.filter((p) => p.site === 'os2');
const MO = { id: '10001', key: 'MO' };

/** The service's Jira calls so far, by `METHOD route`, summed over sites and statuses. */
async function serviceCalls(service: SyncService): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const v of (await service.metrics.jiraCalls.get()).values) {
    const k = `${v.labels.method} ${v.labels.route}`;
    out.set(k, (out.get(k) ?? 0) + v.value);
  }
  return out;
}

function since(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of after) if (n - (before.get(k) ?? 0) > 0) out[k] = n - (before.get(k) ?? 0);
  return out;
}

describe('an issue-trigger event reaches the portfolio through the push', () => {
  it('a feature request edited or created: the service reads nothing from the source site, it only writes', async () => {
    const app = await startForgeApp({ featureRequests: 3 });
    cleanup.add(() => app.close());
    const prefix = uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const service = await startService(configFor(app.sim, prefix));
    cleanup.add(() => service.close());
    app.forge.kvs.handle('/api/v1/set', { key: 'cfg:sync', value: { url: `${service.address}/events` } });
    await service.reconcile();
    await waitIdle(service);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);

    const site = app.sim.site('os2');
    const auth = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
    const rest = (method: string, path: string, body: unknown) =>
      fetch(`${site.baseUrl}${path}`, {
        method,
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const rollUpOf = () => portfolioIssues(app.sim).find((i) => i.sourceKey === `os2/${MO.id}`)!.stored!;
    const pushed = async () =>
      (await service.metrics.pushedRollUps.get()).values.find((v) => v.labels.outcome === 'queued')?.value ??
      0;
    const trigger = (eventType: string, issue: { id: number | string; key: string }, type: string) =>
      app.forge.trigger({
        eventType,
        issue: {
          id: String(issue.id),
          key: issue.key,
          fields: { project: { id: MO.id, key: MO.key }, issuetype: { name: type } },
        },
      });

    // 1. The most voted request is renamed, and the trigger fires at once, before Jira's search index has the new
    // summary: the app's top-voted search reconciles the issue the event names, so the new summary arrives.
    const top = rollUpOf().topRequests[0]!;
    const renamed = `${top.summary} (omdøbt)`;
    let before = await serviceCalls(service);
    let pushes = await pushed();
    expect((await rest('PUT', `/rest/api/3/issue/${top.key}`, { fields: { summary: renamed } })).status).toBe(
      204,
    );
    const edited = site.state.resolveIssue(top.key)!;
    expect(await trigger('avi:jira:updated:issue', edited, FEATURE_REQUEST_TYPE)).toEqual({
      outcome: 'queued',
    });
    await app.forge.asyncEvents.settled();
    await waitFor(() => rollUpOf().topRequests[0]?.summary === renamed, 'the new summary on the portfolio');
    await waitIdle(service);
    expect(await pushed()).toBe(pushes + 1);
    expect(since(before, await serviceCalls(service))).toEqual({ 'PUT /rest/api/3/issue/{id}': 1 });

    // 2. A new feature request: the trigger fires once Jira's index has it (the approximate count cannot reconcile
    // an issue; the service's own read path could not count it sooner either). The open count grows by one.
    const open = rollUpOf().openRequests;
    const created = (await (
      await rest('POST', '/rest/api/3/issue', {
        fields: {
          project: { key: MO.key },
          issuetype: { name: FEATURE_REQUEST_TYPE },
          summary: 'Eksport af mødereferater til PDF',
        },
      })
    ).json()) as { id: string; key: string };
    await new Promise((r) => setTimeout(r, site.indexLagMs + 100));
    before = await serviceCalls(service);
    pushes = await pushed();
    expect(await trigger('avi:jira:created:issue', created, FEATURE_REQUEST_TYPE)).toEqual({
      outcome: 'queued',
    });
    await app.forge.asyncEvents.settled();
    await waitFor(() => rollUpOf().openRequests === open + 1, 'the new request counted on the portfolio');
    await waitIdle(service);
    expect(await pushed()).toBe(pushes + 1);
    expect(since(before, await serviceCalls(service))).toEqual({ 'PUT /rest/api/3/issue/{id}': 1 });
    expect(featureRequests(app.sim, MO.key).some((i) => i.key === created.key)).toBe(true);

    // 3. A bug edited changes no roll-up: nothing is queued, nothing is read or written.
    const bug = [...site.state.issues.values()].find(
      (i) => i.projectId === MO.id && !featureRequests(app.sim, MO.key).includes(i) && !i.deleted,
    )!;
    const deliveries = app.forge.asyncEvents.deliveries.length;
    before = await serviceCalls(service);
    expect(await trigger('avi:jira:updated:issue', bug, 'Bug')).toEqual({ outcome: 'skipped' });
    await app.forge.asyncEvents.settled();
    expect(app.forge.asyncEvents.deliveries.length).toBe(deliveries);
    expect(since(before, await serviceCalls(service))).toEqual({});

    // The portfolio holds what a clean read of the source gives (the oracle reads Jira itself).
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);
  }, 120_000);
});
