/**
 * 1. Jira calls per product sync, ours vs the competent poller's read, at 10 / 1,000 / 10,000 / 50,000 issues.
 *
 * Ours: the worker's own job functions (runSyncProduct then runPortfolioWrite, the code BullMQ runs, minus the
 * queue hop) against the simulator. Measured for a sync after a governance change (source reads + portfolio
 * update), which is the sync that matters; the first sync of a product (creates the portfolio issue) and a sync
 * with nothing changed are printed too.
 * Poller: bench/naive-sync.ts reads a product with the same three calls (mirror, approximate count, top ten by
 * the indexed vote count), then writes the same roll-up with the same portfolio writer. Per sync the two cost
 * about the same; the difference is how often each reads (bench/poller.ts: calls per hour and staleness).
 * Calls are counted by the simulator (every request it served, on every site), and so are Jira's cost points
 * (the simulator charges each request as Jira's points model does: `sim.site(n).points()`).
 */
import { Redis } from 'ioredis';
import { createContext } from '../sync-worker/src/service.js';
import { SyncQueues } from '../sync-worker/src/queues.js';
import { runPortfolioWrite, runSyncProduct } from '../sync-worker/src/jobs.js';
import { resolvePortfolioProjectId } from '../sync-worker/src/context.js';
import { writeRollUp } from '../sync-worker/src/portfolio-writer.js';
import { pollerClient, pollerReadProduct } from './naive-sync.js';
import {
  SECRET,
  benchConfig,
  bumpRevision,
  cleanupPrefix,
  costMeter,
  portfolioRollUps,
  round,
  silentLogger,
  startBenchSim,
  uniquePrefix,
} from './lib.js';
import type { BenchContext, Figures } from './lib.js';

export const GOAL_MAX_CALLS = 6;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

async function measureSize(issues: number, repeats: number, ctxb: BenchContext): Promise<Figures> {
  const bs = await startBenchSim({ sites: ['os2'], products: 1, issuesPerProduct: issues });
  const { sim } = bs;
  const site = 'os2';
  const product = bs.all[0]!.product;
  const projectId = product.record.project.id;
  const prefix = uniquePrefix();
  const config = benchConfig(sim, prefix);
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  const logger = silentLogger();
  const queues = new SyncQueues(config, redis);
  try {
    const ctx = createContext(config, redis, logger, undefined, { onSchemaMismatch: 'silent' });
    await resolvePortfolioProjectId(ctx);
    const simSite = sim.site(site);
    const ours = async () => {
      simSite.resetCalls();
      simSite.resetPoints();
      const t0 = performance.now();
      const r = await runSyncProduct(ctx, queues, { site, projectId, reason: 'api' }, logger);
      const reads = simSite.totalCalls();
      if (r.outcome === 'changed')
        await runPortfolioWrite(ctx, { site, projectId, sourceKey: r.sourceKey }, logger);
      const ms = performance.now() - t0;
      // Points as the simulator charged them (jira-sim/rate-limits.ts), not a formula of our own.
      return { calls: simSite.totalCalls(), reads, ms, outcome: r.outcome, points: simSite.points().total };
    };

    const first = await ours();
    const changed: { calls: number; reads: number; ms: number; points: number }[] = [];
    for (let i = 0; i < repeats; i++) {
      bumpRevision(sim, site, product);
      changed.push(await ours());
    }
    const unchanged = await ours();
    const oursRollUp = portfolioRollUps(sim, site).get(`${site}/${projectId}`);

    // The poller: same change, its three reads, same writer.
    const jira = pollerClient(simSite.baseUrl, sim.sites[0]!.email, sim.sites[0]!.apiToken);
    const pollerRuns: { calls: number; reads: number; ms: number; points: number }[] = [];
    let pollerAgrees = true;
    const pollerRepeats = repeats;
    for (let i = 0; i < pollerRepeats; i++) {
      bumpRevision(sim, site, product);
      simSite.resetCalls();
      simSite.resetPoints();
      const t0 = performance.now();
      const r = await pollerReadProduct(jira, site, projectId, SECRET);
      await writeRollUp({ target: ctx.portfolio, logger, redis, keys: ctx.keys }, r.rollUp, r.hash);
      const ms = performance.now() - t0;
      pollerRuns.push({ calls: simSite.totalCalls(), reads: r.reads, ms, points: simSite.points().total });
      // Same answer as ours: open requests and the vote counts of the top ten.
      const o = oursRollUp as { openRequests?: number; topRequests?: { votes: number }[] } | undefined;
      pollerAgrees &&=
        o?.openRequests === r.rollUp.openRequests &&
        JSON.stringify(o?.topRequests?.map((t) => t.votes)) ===
          JSON.stringify(r.rollUp.topRequests.map((t) => t.votes));
    }
    const oursCalls = Math.max(...changed.map((c) => c.calls));
    const pollerCalls = Math.max(...pollerRuns.map((c) => c.calls));
    const f: Figures = {
      ours_calls: oursCalls,
      ours_first_calls: first.calls,
      ours_unchanged_calls: unchanged.calls,
      ours_ms: round(median(changed.map((c) => c.ms))),
      poller_calls: pollerCalls,
      poller_ms: round(median(pollerRuns.map((c) => c.ms))),
      ratio_calls: round(pollerCalls / oursCalls, 2),
      ours_read_calls: Math.max(...changed.map((c) => c.reads)),
      poller_read_calls: Math.max(...pollerRuns.map((c) => c.reads)),
      ratio_read_calls: round(
        Math.max(...pollerRuns.map((c) => c.reads)) / Math.max(...changed.map((c) => c.reads)),
        1,
      ),
      ours_points: Math.max(...changed.map((c) => c.points)),
      poller_points: Math.max(...pollerRuns.map((c) => c.points)),
      ratio_points: round(
        Math.max(...pollerRuns.map((c) => c.points)) / Math.max(...changed.map((c) => c.points)),
        1,
      ),
      ratio_ms: round(median(pollerRuns.map((c) => c.ms)) / median(changed.map((c) => c.ms)), 1),
      same_result: pollerAgrees ? 1 : 0,
    };
    ctxb.log(
      `  ${String(issues).padStart(6)} issues: ours ${f.ours_calls} calls (first ${f.ours_first_calls}, unchanged ${f.ours_unchanged_calls}) ${f.ours_ms} ms | poller ${f.poller_calls} calls ${f.poller_ms} ms | ×${f.ratio_calls} calls (reads only: ${f.ours_read_calls} vs ${f.poller_read_calls}, ×${f.ratio_read_calls}), ×${f.ratio_ms} time, ×${f.ratio_points} points (${f.ours_points} vs ${f.poller_points})${pollerAgrees ? '' : ' | RESULTS DIFFER'}`,
    );
    return f;
  } finally {
    await queues.close();
    redis.disconnect();
    await sim.close();
    await cleanupPrefix(prefix);
  }
}

export async function run(ctx: BenchContext): Promise<Figures> {
  costMeter(); // before any Jira client exists (see lib.ts)
  const sizes = ctx.quick ? [10, 1_000] : [10, 1_000, 10_000, 50_000];
  const out: Figures = {};
  for (const n of sizes) {
    const f = await measureSize(n, ctx.quick ? 2 : 5, ctx);
    for (const [k, v] of Object.entries(f)) out[`calls.${n}.${k}`] = v;
  }
  const oursMax = Math.max(...sizes.map((n) => out[`calls.${n}.ours_calls`]!));
  out['calls.ours_max'] = oursMax;
  out['calls.goal_constant_met'] = oursMax <= GOAL_MAX_CALLS ? 1 : 0;
  return out;
}
