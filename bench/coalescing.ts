/**
 * 3. Burst coalescing: 1,000 signed events for 10 products (100 each, interleaved) posted to /events within about
 * one second (25 concurrent senders), against the service with its production defaults (debounce 1 s). Every
 * product's governance revision is bumped first, so the syncs have real work. Syncs actually run are counted
 * two ways: completed sync-product jobs per product in BullMQ since the burst began, and the governance-mirror
 * reads the simulator served (each sync reads the mirror exactly once).
 */
import type { Job } from 'bullmq';
import {
  benchConfig,
  bumpRevision,
  cleanupPrefix,
  postSignedEvent,
  round,
  sleep,
  startBenchService,
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
  const events = ctx.quick ? 300 : 1000;
  const senders = 25;
  const bs = await startBenchSim({ sites: ['os2', 'supplier'], products, issuesPerProduct: 100 });
  const { sim, all } = bs;
  const prefix = uniquePrefix();
  const config = benchConfig(sim, prefix);
  const service = await startBenchService(config);
  try {
    await service.reconcile();
    await waitAllSynced(sim, 'os2', all, 60_000);
    await waitQueuesIdle(service.queues.all(), 30_000);

    for (const { site, product } of all) bumpRevision(sim, site, product);
    const mirrorReads = () => sim.sites.reduce((n, s) => n + sim.site(s.name).callCount(MIRROR_READ), 0);
    const readsBefore = mirrorReads();
    // BullMQ timestamps are Redis/host clock ms; keep a small margin.
    const burstStart = Date.now() - 5;

    let next = 0;
    let accepted = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: senders }, async () => {
        for (;;) {
          const n = next++;
          if (n >= events) return;
          const { site, product } = all[n % all.length]!;
          const status = await postSignedEvent(
            service.address!,
            sim.site(site).baseUrl,
            product.record.project.id,
          );
          if (status === 202) accepted += 1;
        }
      }),
    );
    const burstMs = performance.now() - t0;

    await waitAllSynced(sim, 'os2', all, 60_000);
    // Let any second sync (one waiting behind a running one) run too.
    await sleep(config.jobs.debounceMs + 200);
    await waitQueuesIdle(service.queues.all(), 30_000);

    const perProduct = new Map<string, number>(all.map(({ product }) => [product.record.project.id, 0]));
    for (const q of service.queues.site.values()) {
      const jobs: Job[] = await q.getJobs(['completed', 'failed'], 0, -1);
      for (const j of jobs) {
        if (j.name !== 'sync-product' || (j.processedOn ?? 0) < burstStart) continue;
        const id = (j.data as { projectId: string }).projectId;
        if (perProduct.has(id)) perProduct.set(id, perProduct.get(id)! + 1);
      }
    }
    const counts = [...perProduct.values()];
    const f: Figures = {
      'coalescing.events': events,
      'coalescing.accepted': accepted,
      'coalescing.products': products,
      'coalescing.burst_ms': round(burstMs),
      'coalescing.events_per_s': round(events / (burstMs / 1000)),
      'coalescing.syncs_total': counts.reduce((a, b) => a + b, 0),
      'coalescing.syncs_max_per_product': Math.max(...counts),
      'coalescing.syncs_min_per_product': Math.min(...counts),
      'coalescing.mirror_reads': mirrorReads() - readsBefore,
      'coalescing.events_per_sync': round(
        events /
          Math.max(
            1,
            counts.reduce((a, b) => a + b, 0),
          ),
      ),
    };
    f['coalescing.goal_met'] =
      f['coalescing.syncs_max_per_product']! <= GOAL_MAX_SYNCS_PER_PRODUCT && accepted === events ? 1 : 0;
    ctx.log(
      `  ${accepted}/${events} events accepted in ${f['coalescing.burst_ms']} ms (${f['coalescing.events_per_s']}/s) → ${f['coalescing.syncs_total']} syncs (per product ${f['coalescing.syncs_min_per_product']}..${f['coalescing.syncs_max_per_product']}; mirror reads ${f['coalescing.mirror_reads']})`,
    );
    return f;
  } finally {
    await service.close();
    await sim.close();
    await cleanupPrefix(prefix);
  }
}
