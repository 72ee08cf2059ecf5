/**
 * 5. Rate-limit budget: REST calls and Jira cost points for a full reconcile of 100 products on 3 sites, as a share
 * of a 65,000-point hourly quota.
 *
 * Points are what the simulator charged (jira-sim/rate-limits.ts: 1 per request, plus 1 per object a read
 * returns; writes the base point only), summed over its sites; calls are metered in this process (lib.ts
 * costMeter) and cross-checked against the simulator's own counters. Three reconciles are measured:
 * cold (empty portfolio: every portfolio issue is created), warm with nothing changed (the scheduled case: no
 * writes at all) and warm with every product changed. Calls are cross-checked against the simulator's own counters.
 * For scale, one round of the competent poller (bench/naive-sync.ts, read side only) over the same products: what
 * it pays every 5 minutes, changed or not (×12 an hour).
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
import { POLL_INTERVAL_S, pollerClient, pollerReadProduct } from './naive-sync.js';

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

    {
      meter.reset();
      meter.enabled = true;
      resetSimPoints(sim);
      for (const { site, product } of all) {
        const s = sim.sites.find((x) => x.name === site)!;
        await pollerReadProduct(
          pollerClient(s.baseUrl, s.email, s.apiToken),
          site,
          product.record.project.id,
          SECRET,
        );
      }
      meter.enabled = false;
      const perHour = 3600 / POLL_INTERVAL_S;
      const points = simPoints(sim);
      f['budget.poller_round_calls'] = meter.calls;
      f['budget.poller_round_points'] = points;
      f['budget.poller_round_quota_pct'] = round((100 * points) / HOURLY_QUOTA, 2);
      f['budget.poller_hour_points'] = points * perHour;
      f['budget.poller_hour_quota_pct'] = round((100 * points * perHour) / HOURLY_QUOTA, 2);
      ctx.log(
        `  one competent-poller round over the same ${productCount} products (reads only): ${meter.calls} calls, ${points} points = ${f['budget.poller_round_quota_pct']}% of the quota; ${perHour} rounds an hour = ${f['budget.poller_hour_points']} points (${f['budget.poller_hour_quota_pct']}%)`,
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
