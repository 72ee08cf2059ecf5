/**
 * 5. Rate-limit budget: REST calls and Jira cost points for a full reconcile of 100 products on 3 sites, as a share
 * of a 65,000-point hourly quota.
 *
 * Points are what the simulator charged (jira-sim/rate-limits.ts: 1 per request, plus 1 per object a read
 * returns; writes the base point only), summed over its sites; calls are metered in this process (lib.ts
 * costMeter) and cross-checked against the simulator's own counters. Three reconciles are measured:
 * cold (empty portfolio: every portfolio issue is created), warm with nothing changed (the scheduled case: no
 * writes at all) and warm with every product changed. Calls are cross-checked against the simulator's own counters.
 * For scale, the naive reader (bench/naive-sync.ts, read side only) reads the same 100 products (full run only).
 */
import {
  SECRET,
  benchConfig,
  bumpRevision,
  cleanupPrefix,
  costMeter,
  resetSimPoints,
  round,
  simPoints,
  startBenchService,
  startBenchSim,
  uniquePrefix,
  waitAllSynced,
  waitQueuesIdle,
} from './lib.js';
import type { BenchContext, Figures } from './lib.js';
import { naiveClient, naiveReadProduct } from './naive-sync.js';

export const HOURLY_QUOTA = 65_000;

export async function run(ctx: BenchContext): Promise<Figures> {
  const meter = costMeter();
  const productCount = ctx.quick ? 15 : 100;
  const issuesPerProduct = ctx.quick ? 50 : 1000;
  const sites = ['os2', 'kommune', 'leverandor'];
  const bs = await startBenchSim({ sites, products: productCount, issuesPerProduct });
  const { sim, all } = bs;
  const prefix = uniquePrefix();
  const config = benchConfig(sim, prefix);
  const service = await startBenchService(config, { http: false });
  const simCalls = () => sim.sites.reduce((n, s) => n + sim.site(s.name).totalCalls(), 0);
  const f: Figures = {
    'budget.products': productCount,
    'budget.sites': sites.length,
    'budget.quota': HOURLY_QUOTA,
  };
  try {
    const reconcile = async (label: string, key: string, changeAll: boolean) => {
      if (changeAll) for (const { site, product } of all) bumpRevision(sim, site, product);
      await waitQueuesIdle(service.queues.all(), 30_000);
      meter.reset();
      meter.enabled = true;
      resetSimPoints(sim);
      const before = simCalls();
      await service.reconcile();
      await waitAllSynced(sim, 'os2', all, 180_000);
      await waitQueuesIdle(service.queues.all(), 60_000);
      meter.enabled = false;
      const calls = meter.calls;
      const points = simPoints(sim);
      f[`budget.${key}_calls`] = calls;
      f[`budget.${key}_sim_calls`] = simCalls() - before;
      f[`budget.${key}_points`] = points;
      f[`budget.${key}_quota_pct`] = round((100 * points) / HOURLY_QUOTA, 2);
      f[`budget.${key}_per_hour_max`] = Math.floor(HOURLY_QUOTA / points);
      ctx.log(
        `  ${label}: ${calls} calls, ${points} points = ${f[`budget.${key}_quota_pct`]}% of ${HOURLY_QUOTA} (${f[`budget.${key}_per_hour_max`]} such reconciles an hour fit)`,
      );
    };
    await reconcile(`cold reconcile (creates ${productCount} portfolio issues)`, 'cold', false);
    await reconcile('reconcile, nothing changed', 'unchanged', false);
    if (!ctx.quick) await reconcile('reconcile, every product changed', 'changed', true);

    if (!ctx.quick) {
      meter.reset();
      meter.enabled = true;
      resetSimPoints(sim);
      for (const { site, product } of all) {
        const s = sim.sites.find((x) => x.name === site)!;
        await naiveReadProduct(
          naiveClient(s.baseUrl, s.email, s.apiToken),
          site,
          product.record.project.id,
          SECRET,
        );
      }
      meter.enabled = false;
      const points = simPoints(sim);
      f['budget.naive_read_calls'] = meter.calls;
      f['budget.naive_read_points'] = points;
      f['budget.naive_read_quota_pct'] = round((100 * points) / HOURLY_QUOTA, 2);
      ctx.log(
        `  naive read of the same ${productCount} products (${issuesPerProduct} issues each, no writes): ${meter.calls} calls, ${points} points = ${f['budget.naive_read_quota_pct']}% of the quota`,
      );
    }
    f['budget.issues_per_product'] = issuesPerProduct;
    return f;
  } finally {
    meter.enabled = false;
    await service.close();
    await sim.close();
    await cleanupPrefix(prefix);
  }
}
