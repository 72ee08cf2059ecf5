import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { buildGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import { portfolioPagePlugin } from '../src/portfolio-page/index.js';
import { cleanupPrefix, SECRET, startService, startSim, testConfig, waitIdle } from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../src/service.js';
import type { SyncConfig } from '../src/config.js';

const MO = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!;

describe('the portfolio page reads the service state, not Jira (simulator + real Redis)', () => {
  let sim: JiraSim;
  let config: SyncConfig;
  let service: SyncService;
  const jiraCalls = () => sim.sites.reduce((n, s) => n + sim.site(s.name).totalCalls(), 0);
  const resetCalls = () => sim.sites.forEach((s) => sim.site(s.name).resetCalls());
  const get = async (path: string) => {
    const res = await fetch(`${service.address}${path}`);
    expect(res.status).toBe(200);
    return res;
  };
  const api = async () =>
    (await (await get('/api/portfolio')).json()) as {
      version: string;
      total: number;
      products: { sourceKey: string; level?: string }[];
    };

  beforeAll(async () => {
    sim = await startSim();
    config = testConfig(sim);
    service = await startService(config, { plugins: [{ plugin: portfolioPagePlugin }] });
    await service.reconcile();
    await waitIdle(service);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(config.redis.prefix);
  });

  it('ten open tabs polling for a minute cost 0 Jira calls while nothing changes', async () => {
    const before = await api();
    expect(before.total).toBeGreaterThanOrEqual(FIXTURE_PRODUCTS.length - 1);
    resetCalls();
    // 10 tabs × 15 polls (a minute at the page's 4 s), plus a page load, a CSV and a product page each.
    for (let tab = 0; tab < 10; tab++) {
      await get('/portfolio');
      await get('/portfolio.csv');
      await get(`/portfolio/os2/${MO.record.project.id}`);
      await Promise.all(Array.from({ length: 15 }, () => get('/api/portfolio/version')));
    }
    expect(jiraCalls()).toBe(0);
    expect((await api()).version).toBe(before.version);
  });

  it('the sync refreshes it: a change moves the version and shows up, still without a page read of Jira', async () => {
    const before = await api();
    const changed = { ...MO.record, level: 'N1' as const, revision: MO.record.revision + 1 };
    sim
      .site('os2')
      .state.projects.get(MO.record.project.id)!
      .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(changed, MO.decisions, SECRET));
    await service.enqueueSync('os2', MO.record.project.id, 'event');
    await waitIdle(service);
    resetCalls();
    const after = await api();
    expect(after.version).not.toBe(before.version);
    expect(after.products.find((p) => p.sourceKey === `os2/${MO.record.project.id}`)?.level).toBe('N1');
    expect(jiraCalls()).toBe(0);
  });

  it('with its state lost, the page rebuilds it from the portfolio project once', async () => {
    const before = await api();
    await service.redis.del(service.context.keys.portfolioState());
    // The page's own snapshot is keyed by the state version, which moves on the next write; bump it as a
    // lost-and-restarted Redis would (a fresh counter).
    await service.redis.del(service.context.keys.portfolioStateVersion());
    resetCalls();
    const rebuilt = await api();
    expect(rebuilt.products.map((p) => p.sourceKey).sort()).toEqual(
      before.products.map((p) => p.sourceKey).sort(),
    );
    expect(jiraCalls()).toBe(1); // one search of the portfolio project (≤ 100 products)
    resetCalls();
    await api();
    expect(jiraCalls()).toBe(0);
  });
});
