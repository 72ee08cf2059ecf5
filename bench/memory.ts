/**
 * 6. Memory: the worker's resident memory after syncing 100 products of 10,000 issues each (1,000,000 issues in
 * the simulator, on 2 sites). The worker is a real child process (bench/worker-child.ts running the sync service);
 * its RSS and V8 heap are sampled after a GC: idle after start, after a cold reconcile of every product (creates
 * the portfolio issues) and after a second reconcile with every product changed. The simulator's own memory (this
 * process) is printed for context; it holds the issues, the worker does not.
 */
import { Redis } from 'ioredis';
import { SyncQueues } from '../sync-worker/src/queues.js';
import { forkWorkerChild, sharedChildren } from './children.js';
import type { WorkerChild } from './children.js';
import {
  benchConfig,
  bumpRevision,
  cleanupPrefix,
  round,
  startBenchSim,
  uniquePrefix,
  waitAllSynced,
  waitQueuesIdle,
} from './lib.js';
import type { BenchContext, Figures } from './lib.js';

const MB = 1024 * 1024;

export async function run(ctx: BenchContext): Promise<Figures> {
  const productCount = ctx.quick ? 10 : 100;
  const issuesPerProduct = ctx.quick ? 500 : 10_000;
  const t0 = performance.now();
  const bs = await startBenchSim({ sites: ['os2', 'supplier'], products: productCount, issuesPerProduct });
  const seedS = (performance.now() - t0) / 1000;
  const { sim, all } = bs;
  const prefix = uniquePrefix();
  const config = benchConfig(sim, prefix, { jobs: { debounceMs: 0 } });
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  const queues = new SyncQueues(config, redis);
  let child: WorkerChild | undefined;
  try {
    // Forked after seeding: seeding blocks this event loop, which would stall the child's ready handshake.
    // The full run measures a fresh process; the quick run reuses a shared child (its figure is only a smoke test).
    child = ctx.quick ? (await sharedChildren(1))[0]! : await forkWorkerChild();
    await child.startSync(config);
    const idle = await child.memory();
    const reconcileAll = async () => {
      await Promise.all(sim.sites.map((s) => queues.enqueueReconcile(s.name)));
      await waitAllSynced(sim, 'os2', all, 300_000);
      await waitQueuesIdle(queues.all(), 60_000);
    };
    await reconcileAll();
    const afterCold = await child.memory();
    for (const { site, product } of all) bumpRevision(sim, site, product);
    await reconcileAll();
    const afterChanged = await child.memory();
    const simRss = process.memoryUsage().rss;
    const f: Figures = {
      'memory.products': productCount,
      'memory.issues_per_product': issuesPerProduct,
      'memory.issues_total': productCount * issuesPerProduct,
      'memory.seed_s': round(seedS, 1),
      'memory.worker_rss_idle_mb': round(idle.rss / MB),
      'memory.worker_rss_after_cold_mb': round(afterCold.rss / MB),
      'memory.worker_rss_after_sync_mb': round(afterChanged.rss / MB),
      'memory.worker_heap_after_sync_mb': round(afterChanged.heapUsed / MB),
      'memory.worker_rss_growth_mb': round((afterChanged.rss - idle.rss) / MB),
      'memory.sim_rss_mb': round(simRss / MB),
    };
    ctx.log(
      `  worker RSS: idle ${f['memory.worker_rss_idle_mb']} MB, after cold sync ${f['memory.worker_rss_after_cold_mb']} MB, after changed sync ${f['memory.worker_rss_after_sync_mb']} MB (heap ${f['memory.worker_heap_after_sync_mb']} MB); ${productCount} products × ${issuesPerProduct} issues; simulator process ${f['memory.sim_rss_mb']} MB (seeded in ${f['memory.seed_s']} s)`,
    );
    return f;
  } finally {
    if (ctx.quick) await child?.stop().catch(() => undefined);
    else await child?.close();
    await queues.close();
    redis.disconnect();
    await sim.close();
    await cleanupPrefix(prefix);
  }
}
