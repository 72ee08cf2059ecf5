/**
 * 4. Throughput: products synced per second by one worker process and by two (real child processes running the
 * sync service, bench/worker-child.ts), with the simulator (in this process) at 0 ms and at 50 ms added latency
 * per call, next to a bare BullMQ no-op job throughput on the same Redis in the same run.
 *
 * A round: every product gets a governance change (revision + 1), all syncs are enqueued at once, and the clock
 * stops when every product's portfolio issue carries its new revision; so each product costs a sync-product job,
 * a portfolio-write job and 6 Jira calls (3 reads on its site, a search and 2 writes on the portfolio site).
 * The worker runs its default concurrency (4 per source site, 2 on the portfolio queue); the debounce is set to 0
 * here, so the figure is processing capacity, not the debounce wait. A warm-up round (which creates the portfolio
 * issues) runs first and is not timed, and another when the second process joins. The no-op baseline: N jobs added in bulk, timed until all are completed,
 * by 1 and 2 child processes each running one BullMQ worker (concurrency 10, the sync worker's slots in total).
 */
import { Queue } from 'bullmq';
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
  waitFor,
  waitQueuesIdle,
} from './lib.js';
import type { BenchContext, Figures } from './lib.js';

const NOOP_QUEUE = 'bench-noop';
const NOOP_CONCURRENCY = 10;

export async function run(ctx: BenchContext): Promise<Figures> {
  const productCount = ctx.quick ? 10 : 100;
  const noopJobs = ctx.quick ? 500 : 3000;
  const bs = await startBenchSim({
    sites: ['os2', 'supplier'],
    products: productCount,
    issuesPerProduct: 100,
  });
  const { sim, all } = bs;
  const prefix = uniquePrefix();
  const config = benchConfig(sim, prefix, { jobs: { debounceMs: 0 } });
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  const queues = new SyncQueues(config, redis);
  let pair: WorkerChild[] = [];
  const f: Figures = { 'throughput.products': productCount };
  try {
    const round_ = async (label: string): Promise<number> => {
      for (const { site, product } of all) bumpRevision(sim, site, product);
      const t0 = performance.now();
      await Promise.all(
        all.map(({ site, product }) => queues.enqueueSync(site, product.record.project.id, 'api')),
      );
      await waitAllSynced(sim, 'os2', all, 120_000);
      const s = (performance.now() - t0) / 1000;
      await waitQueuesIdle(queues.all(), 30_000);
      const perS = round(productCount / s);
      ctx.log(`  ${label}: ${productCount} products in ${round(s, 2)} s = ${perS} products/s`);
      return perS;
    };
    const setLatency = (ms: number) => {
      for (const s of sim.sites) {
        sim.site(s.name).clearFaults();
        if (ms > 0) sim.site(s.name).injectFault({ latencyMs: ms });
      }
    };

    // The processes are forked (and load their modules) up front, outside every timed window. The quick run uses
    // one shared child (also used by bench/coalescing.ts and bench/memory.ts) and skips the 2-process rows.
    const workers = ctx.quick ? 1 : 2;
    pair = ctx.quick ? await sharedChildren(1) : await Promise.all([forkWorkerChild(), forkWorkerChild()]);
    const stopAll = () => Promise.all(pair.map((c) => c.stop().catch(() => undefined)));
    const a = pair[0]!;
    await a.startSync(config);
    await round_('warm-up (creates the portfolio issues), 1 worker');
    for (const ms of [0, 50]) {
      setLatency(ms);
      f[`throughput.sync_1w_${ms}ms_per_s`] = await round_(`1 worker, sim +${ms} ms/call`);
    }
    if (workers === 2) {
      await pair[1]!.startSync(config);
      // The second process's first jobs run cold code (module-level caches, JIT): warm it up untimed too.
      await round_('warm-up of the second worker, 2 workers');
      for (const ms of [0, 50]) {
        setLatency(ms);
        f[`throughput.sync_2w_${ms}ms_per_s`] = await round_(`2 workers, sim +${ms} ms/call`);
      }
    }
    setLatency(0);
    await stopAll();

    // Bare BullMQ: no-op jobs through the same Redis, by the same processes.
    const noop = new Queue(NOOP_QUEUE, { connection: redis, prefix });
    try {
      let done = 0;
      const noopRound = async (n: number): Promise<number> => {
        const target = done + noopJobs;
        const t0 = performance.now();
        await noop.addBulk(Array.from({ length: noopJobs }, (_, i) => ({ name: 'noop', data: { i } })));
        await waitFor(async () => (await noop.getCompletedCount()) >= target, 'no-op jobs', 120_000, 10);
        const s = (performance.now() - t0) / 1000;
        done = target;
        const perS = round(noopJobs / s);
        ctx.log(`  bare BullMQ no-op, ${n} worker(s): ${noopJobs} jobs in ${round(s, 2)} s = ${perS} jobs/s`);
        return perS;
      };
      for (let n = 1; n <= workers; n++) {
        await pair[n - 1]!.startNoop(config, NOOP_QUEUE, NOOP_CONCURRENCY);
        f[`throughput.noop_${n}w_jobs_per_s`] = await noopRound(n);
      }
    } finally {
      await stopAll();
      await noop.close();
    }

    const ratio = (a: string, b: string, factor = 1, digits = 2) => {
      const x = f[a];
      const y = f[b];
      return x !== undefined && y !== undefined && y > 0 ? round(x / (factor * y), digits) : undefined;
    };
    const put = (k: string, v: number | undefined) => {
      if (v !== undefined) f[k] = v;
    };
    for (const w of [1, 2]) {
      // A product sync is two jobs (sync-product + portfolio-write): compare jobs with jobs.
      put(
        `throughput.noop_over_sync_${w}w_0ms`,
        ratio(`throughput.noop_${w}w_jobs_per_s`, `throughput.sync_${w}w_0ms_per_s`, 2, 1),
      );
    }
    put(
      'throughput.scale_2w_over_1w_0ms',
      ratio('throughput.sync_2w_0ms_per_s', 'throughput.sync_1w_0ms_per_s'),
    );
    put(
      'throughput.scale_2w_over_1w_50ms',
      ratio('throughput.sync_2w_50ms_per_s', 'throughput.sync_1w_50ms_per_s'),
    );
    put('throughput.latency_cost_1w', ratio('throughput.sync_1w_0ms_per_s', 'throughput.sync_1w_50ms_per_s'));
    ctx.log(
      `  no-op jobs/s ÷ sync jobs/s (1 worker, 0 ms): ×${f['throughput.noop_over_sync_1w_0ms']}` +
        (workers === 2
          ? `; 2 workers ÷ 1: ×${f['throughput.scale_2w_over_1w_0ms']} at 0 ms, ×${f['throughput.scale_2w_over_1w_50ms']} at 50 ms`
          : ' (quick run: 1 worker process only)'),
    );
    return f;
  } finally {
    // Shared children are only stopped (bench/run.ts closes them at the end); our own are closed.
    await Promise.all(pair.map((c) => (ctx.quick ? c.stop().catch(() => undefined) : c.close())));
    await queues.close();
    redis.disconnect();
    await sim.close();
    await cleanupPrefix(prefix);
  }
}
