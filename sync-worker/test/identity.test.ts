/**
 * A dead API token (issue 16, item 2), against the simulator (anonymous access on, as Jira Cloud; search index
 * lag on) and real Redis. Jira answers a revoked token as the anonymous user: empty searches, zero counts, 404
 * on projects and properties, 401 only on `/myself` and writes. The service must notice, write nothing for the
 * site, keep the last good figures, say so loudly (health, metric, doctor, portfolio page) and recover by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { buildGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import { portfolioPagePlugin } from '../src/portfolio-page/index.js';
import { cmdDoctor } from '../src/cli-commands.js';
import {
  cleanupPrefix,
  portfolioIssues,
  postEvent,
  SECRET,
  startService,
  startSim,
  testConfig,
  waitFor,
  waitIdle,
  writeCalls,
} from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../src/service.js';
import type { SyncConfig } from '../src/config.js';

const SUPPLIER = FIXTURE_PRODUCTS.filter((p) => p.site === 'supplier');
const OS2 = FIXTURE_PRODUCTS.filter((p) => p.site === 'os2');

describe('a revoked token: no portfolio damage and a loud signal', () => {
  let sim: JiraSim;
  let config: SyncConfig;
  let service: SyncService;

  const rollUps = (site: string) =>
    Object.fromEntries(
      portfolioIssues(sim)
        .filter((i) => String(i.rollup?.sourceKey ?? '').startsWith(`${site}/`))
        .map((i) => [String(i.rollup!.sourceKey), JSON.stringify(i.rollup)]),
    );
  const get = async (path: string) => {
    const res = await fetch(`${service.address}${path}`);
    return { status: res.status, text: await res.text() };
  };
  const doctor = async () => {
    const lines: string[] = [];
    const env = { OS2_EVENT_SECRET: SECRET };
    await cmdDoctor(config, { out: (l) => lines.push(l), err: (l) => lines.push(l), env });
    return lines.join('\n');
  };
  const event = (site: string, projectId: string) =>
    postEvent(service.address!, {
      kind: 'governance',
      siteUrl: sim.site(site).baseUrl + '/',
      projectId,
      occurredAt: new Date().toISOString(),
    });

  beforeAll(async () => {
    sim = await startSim();
    expect(sim.site('supplier').anonymousAccess).toBe(true);
    config = testConfig(sim);
    service = await startService(config, {
      plugins: [{ plugin: portfolioPagePlugin }],
      identityProbeMs: 250,
    });
    await service.reconcile();
    await waitIdle(service);
    expect(Object.keys(rollUps('supplier')).length).toBe(SUPPLIER.length);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(config.redis.prefix);
  });

  it('revoked mid-operation: 0 portfolio writes, the last good figures stay, health, metric, page and doctor say so', async () => {
    const supplier = sim.site('supplier');
    const before = rollUps('supplier');
    const pageBefore = JSON.parse((await get('/api/portfolio')).text) as {
      products: { sourceKey: string; openRequests: number; topRequests: unknown[] }[];
    };
    const figuresBefore = pageBefore.products.filter((p) => p.sourceKey.startsWith('supplier/'));
    expect(figuresBefore.some((p) => p.openRequests > 0 && p.topRequests.length > 0)).toBe(true);
    // Each supplier product changes, so a sync that read it with the old token would write.
    for (const p of SUPPLIER) {
      const changed = { ...p.record, level: 'N1' as const, revision: p.record.revision + 1 };
      supplier.state.projects
        .get(p.record.project.id)!
        .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(changed, p.decisions, SECRET));
    }
    const lastReconcile = async () =>
      /os2_sync_last_successful_reconcile_timestamp_seconds\{site="supplier"\} (\S+)/.exec(
        (await get('/metrics')).text,
      )?.[1];
    const reconciledAt = await lastReconcile();
    expect(reconciledAt).toBeDefined();
    sim.site('os2').resetCalls();
    // The reads are slowed so the token dies while they are on the wire.
    supplier.injectFault({ latencyMs: 150 });
    for (const p of SUPPLIER) expect((await event('supplier', p.record.project.id)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 60));
    supplier.revokeToken(supplier.admin.email);
    await service.reconcile('supplier');
    await waitIdle(service);
    supplier.clearFaults();

    expect(writeCalls(sim.site('os2').calls())).toEqual({});
    expect(rollUps('supplier')).toEqual(before);
    const pageAfter = JSON.parse((await get('/api/portfolio')).text) as typeof pageBefore;
    expect(pageAfter.products.filter((p) => p.sourceKey.startsWith('supplier/'))).toEqual(figuresBefore);

    const health = await get('/health/sites');
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({
      status: 'identity_lost',
      sites: expect.arrayContaining([
        expect.objectContaining({ site: 'supplier', auth: 'lost' }),
        expect.objectContaining({ site: 'os2', auth: 'ok' }),
      ]),
    });
    expect((await get('/readyz')).status).toBe(200);
    // The reconcile skipped for the dead token does not count as a successful one (that alert still fires).
    expect(await lastReconcile()).toBe(reconciledAt);
    const metrics = (await get('/metrics')).text;
    expect(metrics).toContain('os2_sync_site_auth_ok{site="supplier"} 0');
    expect(metrics).toContain('os2_sync_site_auth_ok{site="os2"} 1');
    const page = (await get('/portfolio')).text;
    expect(page).toContain('data-lost-site="supplier"');
    expect(page).toContain('kan ikke længere logge ind på Jira-sitet supplier');
    expect(page.match(/row-not-current/g)?.length).toBe(SUPPLIER.length);
    expect((await get('/portfolio?lang=en')).text).toContain('its API token has been invalid or revoked');
    expect(await doctor()).toContain('✘ supplier: API-tokenet er ugyldigt eller tilbagekaldt siden');
  });

  it('a token that answers again: the service resumes by itself and the changes arrive', async () => {
    const supplier = sim.site('supplier');
    supplier.restoreToken(supplier.admin.email);
    // No event and no reconcile is sent: the service's own probe notices and reconciles the site.
    await waitFor(
      async () =>
        Object.values(rollUps('supplier')).every((r) => (JSON.parse(r) as { level?: string }).level === 'N1'),
      'the supplier products to reach the portfolio after recovery',
      30_000,
    );
    await waitIdle(service);
    expect((await get('/health/sites')).status).toBe(200);
    expect((await get('/metrics')).text).toContain('os2_sync_site_auth_ok{site="supplier"} 1');
    expect((await get('/portfolio')).text).not.toContain('data-lost-site');
    expect(await doctor()).not.toContain('ugyldigt eller tilbagekaldt');
  });

  it('revoked between the mirror read and the counts: the failed count is recognised as lost sight, nothing written', async () => {
    const supplier = sim.site('supplier');
    const product = SUPPLIER[0]!;
    const key = `supplier/${product.record.project.id}`;
    const before = rollUps('supplier')[key];
    const changed = { ...product.record, level: 'N2' as const, revision: product.record.revision + 3 };
    supplier.state.projects
      .get(product.record.project.id)!
      .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(changed, product.decisions, SECRET));
    sim.site('os2').resetCalls();
    supplier.resetCalls();
    // The mirror is read with the live token; the counts wait on the wire while the token dies, so they are
    // answered as anonymous (JQL naming a project anonymous cannot see: 400).
    supplier.injectFault({ route: 'POST /rest/api/3/search/approximate-count', latencyMs: 400 });
    supplier.injectFault({ route: 'POST /rest/api/3/search/jql', latencyMs: 400 });
    await service.enqueueSync('supplier', product.record.project.id, 'event');
    await waitFor(
      () => supplier.callCount('GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}') > 0,
      'the mirror read',
      10_000,
      5,
    );
    supplier.revokeToken(supplier.admin.email);
    await waitIdle(service);
    supplier.clearFaults();
    expect(writeCalls(sim.site('os2').calls())).toEqual({});
    expect(rollUps('supplier')[key]).toBe(before);
    expect((await get('/health/sites')).status).toBe(503);

    supplier.restoreToken(supplier.admin.email);
    await waitFor(
      async () => (JSON.parse(rollUps('supplier')[key]!) as { level?: string }).level === 'N2',
      'the change to arrive after recovery',
      30_000,
    );
    await waitIdle(service);
  });

  it('the portfolio site’s token revoked: its reconcile and writes stop, no issue is created or deleted', async () => {
    const os2 = sim.site('os2');
    const before = { os2: rollUps('os2'), supplier: rollUps('supplier') };
    const supplierProduct = SUPPLIER[0]!;
    const changed = {
      ...supplierProduct.record,
      level: 'N3' as const,
      revision: supplierProduct.record.revision + 4,
    };
    sim
      .site('supplier')
      .state.projects.get(supplierProduct.record.project.id)!
      .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(changed, supplierProduct.decisions, SECRET));
    os2.revokeToken(os2.admin.email);
    os2.resetCalls();
    await service.reconcile('os2');
    for (const p of OS2) await event('os2', p.record.project.id);
    await event('supplier', supplierProduct.record.project.id);
    await waitIdle(service);
    expect(writeCalls(os2.calls())).toEqual({});
    expect(rollUps('os2')).toEqual(before.os2);
    expect(rollUps('supplier')).toEqual(before.supplier);
    expect(JSON.parse((await get('/health/sites')).text)).toMatchObject({
      sites: expect.arrayContaining([expect.objectContaining({ site: 'os2', auth: 'lost' })]),
    });

    os2.restoreToken(os2.admin.email);
    await waitFor(
      async () =>
        (
          JSON.parse(rollUps('supplier')[`supplier/${supplierProduct.record.project.id}`]!) as {
            level?: string;
          }
        ).level === 'N3',
      'the supplier change to be written once the portfolio site answers again',
      30_000,
    );
    expect(rollUps('os2')).toEqual(before.os2);
  });
});
