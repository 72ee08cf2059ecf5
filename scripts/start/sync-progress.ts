import type { Job } from 'bullmq';
import type { RollUp } from '../../src/domain/rollup.js';
import type { LastSync } from '../../sync-worker/src/jobs.js';
import { Keys } from '../../sync-worker/src/keys.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import type { ProgressBar } from './progress.js';
import { t } from '../../src/i18n/index.js';

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Products whose sync has finished since `since` (a 'changed' sync is finished once its portfolio write is). */
async function finishedSince(
  redis: { hgetall(key: string): Promise<Record<string, string>> },
  key: string,
  since: number,
): Promise<string[]> {
  const all = await redis.hgetall(key);
  const out: string[] = [];
  for (const [sourceKey, json] of Object.entries(all)) {
    try {
      const s = JSON.parse(json) as LastSync;
      if (Date.parse(s.at) >= since && s.outcome !== 'changed') out.push(sourceKey);
    } catch {
      // an unreadable record is simply not counted
    }
  }
  return out;
}

async function queuesIdle(service: SyncService): Promise<boolean> {
  for (const q of service.queues.all()) {
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(c).some((n) => n > 0)) return false;
  }
  return true;
}

/**
 * Runs a reconcile of every source site and reports "products synced of total" until every product has been
 * synced and written to the portfolio. Total is what the reconcile jobs enqueued; a product counts as synced
 * when its last sync (recorded by the worker) finished after the reconcile began.
 */
export async function reconcileWithProgress(
  service: SyncService,
  bar: ProgressBar,
  opts: { timeoutMs?: number } = {},
): Promise<{ total: number; synced: number; ms: number }> {
  const started = Date.now();
  const since = started - 1000;
  const keys = new Keys(service.context.config.redis.prefix);
  const jobs: Job[] = await service.reconcile();
  const deadline = started + (opts.timeoutMs ?? 120_000);
  let total: number | undefined;
  let synced = 0;
  while (Date.now() < deadline) {
    if (total === undefined) {
      let sum = 0;
      let done = true;
      for (const job of jobs) {
        const site = (job.data as { site: string }).site;
        const current = (await service.queues.siteQueue(site).getJob(job.id ?? '')) ?? job;
        const rv = current.returnvalue as { enqueued?: number } | null | undefined;
        if (current.finishedOn && rv && typeof rv.enqueued === 'number') sum += rv.enqueued;
        else done = false;
      }
      if (done) total = sum;
    }
    synced = (await finishedSince(service.redis, keys.lastSync(), since)).length;
    if (total !== undefined) bar.update(Math.min(synced, total), total);
    if (total !== undefined && synced >= total) break;
    if (total !== undefined && (await queuesIdle(service))) {
      // Everything ran; some projects were not governed or were skipped: they count as done.
      synced = total;
      bar.update(total, total);
      break;
    }
    await sleep(150);
  }
  return { total: total ?? synced, synced, ms: Date.now() - started };
}

/**
 * Waits until the portfolio (read from Jira, as the page reads it) satisfies `check`, polling. Returns the
 * matching roll-ups and how long it took, or throws after `timeoutMs`.
 */
export async function waitForPortfolio(
  service: SyncService,
  check: (rollUps: RollUp[]) => boolean,
  opts: { timeoutMs?: number; what?: string } = {},
): Promise<{ rollUps: RollUp[]; ms: number }> {
  const started = Date.now();
  const deadline = started + (opts.timeoutMs ?? 30_000);
  let last: RollUp[] = [];
  while (Date.now() < deadline) {
    last = await service.listRollUps();
    if (check(last)) return { rollUps: last, ms: Date.now() - started };
    await sleep(200);
  }
  throw new Error(
    t('da', 'start.notShown', {
      what: opts.what ?? t('da', 'start.theChange'),
      ms: opts.timeoutMs ?? 30_000,
    }),
  );
}
