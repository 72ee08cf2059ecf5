/**
 * 3. Burst coalescing: 1,000 signed events for 10 products (100 each, interleaved) sent to /events as one burst,
 * against the sync service with its production defaults (debounce 1 s) running as its own process (a worker child
 * with its HTTP server), as it is deployed; this process only holds the simulator and sends. Every product's
 * governance revision is bumped first, so the syncs have real work. The sender dispatches every event at once
 * over a keep-alive pool of 64 connections; `burst_ms` is the time until the service had answered all of them
 * (so the window in which the service took them in). Syncs actually run are counted two ways: completed
 * sync-product jobs per product in BullMQ since the burst began, and the governance-mirror reads the simulator
 * served (each sync reads the mirror exactly once).
 */
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { SyncQueues } from '../sync-worker/src/queues.js';
import { forkWorkerChild, sharedChildren } from './children.js';
import type { WorkerChild } from './children.js';
import {
  benchConfig,
  bumpRevision,
  cleanupPrefix,
  postSignedEvent,
  round,
  sleep,
  startBenchSim,
  uniquePrefix,
  waitAllSynced,
  waitQueuesIdle,
} from './lib.js';
import type { BenchContext, Figures } from './lib.js';

export const GOAL_MAX_SYNCS_PER_PRODUCT = 2;
const MIRROR_READ = 'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}';

export async function run(ctx: BenchContext): Promise<Figures> {
  const products = 10;
  const events = ctx.quick ? 200 : 1000;
  const bs = await startBenchSim({ sites: ['os2', 'supplier'], products, issuesPerProduct: 100 });
  const { sim, all } = bs;
  const prefix = uniquePrefix();
  const config = benchConfig(sim, prefix);
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  const queues = new SyncQueues(config, redis);
  let child: WorkerChild | undefined;
  try {
    // The quick run shares its children with bench/throughput.ts and bench/memory.ts; the full run forks its own.
    child = ctx.quick ? (await sharedChildren(1))[0]! : await forkWorkerChild();
    const address = await child.startSync(config, { http: true });
    if (!address) throw new Error('the service child has no HTTP address');

    await Promise.all(sim.sites.map((s) => queues.enqueueReconcile(s.name)));
    await waitAllSynced(sim, 'os2', all, 60_000);
    await waitQueuesIdle(queues.all(), 30_000);

    for (const { site, product } of all) bumpRevision(sim, site, product);
    const mirrorReads = () => sim.sites.reduce((n, s) => n + sim.site(s.name).callCount(MIRROR_READ), 0);
    const readsBefore = mirrorReads();
    // BullMQ timestamps are this host's clock in ms; keep a small margin.
    const burstStart = Date.now() - 5;

    let accepted = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: events }, (_, n) => {
        const { site, product } = all[n % all.length]!;
        return postSignedEvent(address, sim.site(site).baseUrl, product.record.project.id).then((status) => {
          if (status === 202) accepted += 1;
        });
      }),
    );
    const burstMs = performance.now() - t0;

    await waitAllSynced(sim, 'os2', all, 60_000);
    // Let any second sync (one waiting behind a running one) run too.
    await sleep(config.jobs.debounceMs + 200);
    await waitQueuesIdle(queues.all(), 30_000);

    const perProduct = new Map<string, number>(all.map(({ product }) => [product.record.project.id, 0]));
    for (const q of queues.site.values()) {
      const jobs: Job[] = await q.getJobs(['completed', 'failed'], 0, -1);
      for (const j of jobs) {
        if (j.name !== 'sync-product' || (j.processedOn ?? 0) < burstStart) continue;
        const id = (j.data as { projectId: string }).projectId;
        if (perProduct.has(id)) perProduct.set(id, perProduct.get(id)! + 1);
      }
    }
    const counts = [...perProduct.values()];
    const total = counts.reduce((a, b) => a + b, 0);
    const f: Figures = {
      'coalescing.events': events,
      'coalescing.accepted': accepted,
      'coalescing.products': products,
      'coalescing.burst_ms': round(burstMs),
      'coalescing.events_per_s': round(events / (burstMs / 1000)),
      'coalescing.syncs_total': total,
      'coalescing.syncs_max_per_product': Math.max(...counts),
      'coalescing.syncs_min_per_product': Math.min(...counts),
      'coalescing.mirror_reads': mirrorReads() - readsBefore,
      'coalescing.events_per_sync': round(events / Math.max(1, total)),
      'coalescing.debounce_ms': config.jobs.debounceMs,
    };
    f['coalescing.goal_met'] =
      f['coalescing.syncs_max_per_product']! <= GOAL_MAX_SYNCS_PER_PRODUCT && accepted === events ? 1 : 0;
    ctx.log(
      `  ${accepted}/${events} events taken in by the service in ${f['coalescing.burst_ms']} ms (${f['coalescing.events_per_s']}/s) → ${total} syncs (per product ${f['coalescing.syncs_min_per_product']}..${f['coalescing.syncs_max_per_product']}; mirror reads ${f['coalescing.mirror_reads']})`,
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
