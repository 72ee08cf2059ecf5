import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupPrefix,
  portfolioIssues,
  postEvent,
  startService,
  startSim,
  testConfig,
  waitFor,
  waitIdle,
} from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../src/service.js';
import type { SyncConfig } from '../src/config.js';

const MIRROR_READ = 'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}';

describe('HTTP: signed events, health, metrics, dashboard, extra plugins', () => {
  let sim: JiraSim;
  let config: SyncConfig;
  let service: SyncService;
  const event = (issueId = 10001) => ({
    kind: 'votes',
    siteUrl: sim.site('supplier').baseUrl,
    projectId: '10004',
    issueId: String(issueId),
    occurredAt: new Date().toISOString(),
  });
  const jobCount = async () => {
    const c = await service.queues
      .siteQueue('supplier')
      .getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    return Object.values(c).reduce((a, b) => a + b, 0);
  };

  beforeAll(async () => {
    sim = await startSim();
    config = testConfig(sim, {
      jobs: { attempts: 3, backoffMs: 50, defaultRateLimitMs: 1000, keepFailed: 100, debounceMs: 1500 },
    });
    process.env.OS2_DASHBOARD_PASSWORD = 'dashboard-secret';
    config.http.dashboard = { username: 'sekretariat', password: 'dashboard-secret' };
    delete process.env.OS2_DASHBOARD_PASSWORD;
    service = await startService(config, {
      plugins: [
        {
          plugin: async (app, opts: { listRollUps: () => Promise<unknown[]>; greeting: string }) => {
            app.get('/portfolio-test', async () => ({
              greeting: opts.greeting,
              rollUps: (await opts.listRollUps()).length,
            }));
          },
          options: { greeting: 'hej' },
        },
      ],
    });
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(config.redis.prefix);
  });

  it('a forged, stale, unsigned or replayed event gets 401 and enqueues nothing', async () => {
    const before = await jobCount();
    const forged = await postEvent(service.address!, event(), { secret: 'not-the-secret-at-all' });
    expect(forged.status).toBe(401);
    const stale = await postEvent(service.address!, event(), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${service.address}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event()),
    });
    expect(unsigned.status).toBe(401);
    // A signed body altered on the way.
    const good = await postEvent(service.address!, event());
    expect(good.status).toBe(202);
    const tampered = await postEvent(service.address!, event(), {
      timestamp: good.timestamp,
      signature: good.signature,
      body: good.body.replace('10004', '10005'),
    });
    expect(tampered.status).toBe(401);
    // The same signed request again, inside the 5-minute window.
    const replay = await postEvent(service.address!, event(), {
      timestamp: good.timestamp,
      signature: good.signature,
      body: good.body,
    });
    expect(replay.status).toBe(401);
    expect(replay.json).toMatchObject({ reason: 'replayed' });
    expect(await jobCount()).toBe(before + 1);
    await waitIdle(service);
  });

  it('a malformed but correctly signed body gets 400; an unknown site 422', async () => {
    const notJson = await postEvent(service.address!, {}, { body: '{"kind":' });
    expect(notJson.status).toBe(400);
    const badShape = await postEvent(service.address!, { kind: 'nope', siteUrl: 'x', projectId: 'MO' });
    expect(badShape.status).toBe(400);
    const unknown = await postEvent(service.address!, {
      ...event(),
      siteUrl: 'https://elsewhere.atlassian.net',
    });
    expect(unknown.status).toBe(422);
  });

  it('a burst of 100 events for one product ends in at most two syncs', async () => {
    await waitIdle(service);
    sim.site('supplier').resetCalls();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => postEvent(service.address!, event(20000 + i))),
    );
    expect(results.every((r) => r.status === 202)).toBe(true);
    await waitIdle(service);
    const syncs = sim.site('supplier').callCount(MIRROR_READ);
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(syncs).toBeLessThanOrEqual(2);
    await waitFor(
      () => portfolioIssues(sim).some((i) => i.rollup?.sourceKey === 'supplier/10004'),
      'SOFD issue',
    );
  });

  it('healthz, readyz (Redis and each site), metrics', async () => {
    expect((await fetch(`${service.address}/healthz`)).status).toBe(200);
    const ready = await fetch(`${service.address}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: { name: string; ok: boolean }[] };
    expect(body.checks.map((c) => c.name).sort()).toEqual(['jira:os2', 'jira:supplier', 'redis']);
    const metrics = await (await fetch(`${service.address}/metrics`)).text();
    expect(metrics).toMatch(
      /os2_sync_jobs_total\{queue="sync-supplier",job="sync-product",outcome="changed"\} \d+/,
    );
    expect(metrics).toMatch(
      /os2_sync_jira_calls_total\{site="supplier",method="GET",route="[^"]+",status="200"\} \d+/,
    );
    expect(metrics).toContain('os2_sync_duration_seconds_bucket');
    expect(metrics).toMatch(/os2_sync_queue_depth\{queue="portfolio",state="completed"\} \d+/);

    sim.site('supplier').injectFault({ route: 'GET /rest/api/3/myself', status: 503 });
    const notReady = await fetch(`${service.address}/readyz`);
    expect(notReady.status).toBe(503);
    sim.site('supplier').clearFaults();
  });

  it('the queue dashboard sits behind basic auth', async () => {
    expect((await fetch(`${service.address}/admin/queues`)).status).toBe(401);
    const wrong = Buffer.from('sekretariat:forkert').toString('base64');
    expect(
      (await fetch(`${service.address}/admin/queues`, { headers: { authorization: `Basic ${wrong}` } }))
        .status,
    ).toBe(401);
    const right = Buffer.from('sekretariat:dashboard-secret').toString('base64');
    const ok = await fetch(`${service.address}/admin/queues/api/queues`, {
      headers: { authorization: `Basic ${right}` },
    });
    expect(ok.status).toBe(200);
    const json = (await ok.json()) as { queues: { name: string }[] };
    expect(json.queues.map((q) => q.name).sort()).toEqual(['portfolio', 'sync-os2', 'sync-supplier']);
  });

  it('extra plugins are registered and get listRollUps', async () => {
    const res = await fetch(`${service.address}/portfolio-test`);
    expect(await res.json()).toEqual({ greeting: 'hej', rollUps: 1 });
  });
});
