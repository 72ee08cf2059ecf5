import { Queue } from 'bullmq';
import type { Job, JobsOptions } from 'bullmq';
import type { RedisClient } from './redis.js';
import { Keys, PORTFOLIO_QUEUE, siteQueueName } from './keys.js';
import { sourceSites } from './config.js';
import type { SyncConfig } from './config.js';
import type { RollUp } from '../../src/domain/rollup.js';

export interface SyncProductData {
  site: string;
  projectId: string;
  reason: 'event' | 'reconcile' | 'cli' | 'api';
}
export interface ReconcileData {
  site: string;
}
export interface PortfolioWriteData {
  site: string;
  projectId: string;
  sourceKey: string;
  /**
   * Ask the portfolio issue itself (one search) instead of writing blindly to the remembered one: a reconcile
   * does, so an issue deleted, duplicated or edited by hand heals.
   */
  verify?: boolean;
  /**
   * A re-check of a product whose issue this service created and search does not show yet (see
   * `PortfolioIndex.markUnverified`): the roll-up to keep on it when no newer one is pending, and the round
   * (the delay doubles each round).
   */
  recheck?: { rollUp: RollUp; hash: string; round: number };
}

export const JOB_SYNC_PRODUCT = 'sync-product';
export const JOB_RECONCILE = 'reconcile';
export const JOB_PORTFOLIO_WRITE = 'portfolio-write';

/**
 * The queues of one deployment: one `sync-<site>` queue per source site (sync-product and reconcile jobs, which
 * only call that site, so a 429 from one site pauses only its own queue) and one `portfolio` queue
 * (portfolio-write jobs, which only call the portfolio site). All under the hash-tagged prefix.
 */
export class SyncQueues {
  readonly site = new Map<string, Queue>();
  readonly portfolio: Queue;
  private readonly defaults: JobsOptions;
  private readonly keys: Keys;

  constructor(
    private readonly config: SyncConfig,
    private readonly connection: RedisClient,
  ) {
    this.keys = new Keys(config.redis.prefix);
    this.defaults = {
      attempts: config.jobs.attempts,
      backoff: { type: 'exponential', delay: config.jobs.backoffMs, jitter: 0.5 },
      removeOnComplete: { count: 1000, age: 24 * 3600 },
      // Exhausted jobs stay in the failed set (with their error) until re-driven: `os2-sync retry-failed`.
      removeOnFail: { count: config.jobs.keepFailed },
    };
    for (const s of sourceSites(config)) {
      this.site.set(
        s.name,
        new Queue(siteQueueName(s.name), {
          connection,
          prefix: config.redis.prefix,
          defaultJobOptions: this.defaults,
        }),
      );
    }
    this.portfolio = new Queue(PORTFOLIO_QUEUE, {
      connection,
      prefix: config.redis.prefix,
      defaultJobOptions: this.defaults,
    });
  }

  all(): Queue[] {
    return [...this.site.values(), this.portfolio];
  }

  /** Queues whose jobs call the given Jira site (for pausing them all after that site's 429). */
  queuesCalling(siteName: string): Queue[] {
    const out: Queue[] = [];
    const q = this.site.get(siteName);
    if (q) out.push(q);
    if (this.config.portfolio.site === siteName) out.push(this.portfolio);
    return out;
  }

  siteQueue(site: string): Queue {
    const q = this.site.get(site);
    if (!q)
      throw new Error(`Ukendt kilde-site "${site}" (konfigurerede: ${[...this.site.keys()].join(', ')})`);
    return q;
  }

  /**
   * Enqueues a sync of one product. Deduplicated per product with `keepLastIfActive`: at most one running and
   * one waiting sync per product.
   *
   * Leading edge, then coalescing (`jobs.debounceMs`): the first event after a quiet window syncs at once, so an
   * isolated change is not made to wait; every event restarts the window, and one inside it is added with the
   * debounce delay, so it lands on the one job waiting behind the running one. A burst shorter than the window
   * plus one sync becomes two syncs: the first event's, and one that reads the state after the burst. A
   * reconcile adds its syncs at once (no window: it is not a burst of edits).
   *
   * A waiting job is never moved earlier (no BullMQ `reschedule`): the delayed job may be a retry waiting out its
   * backoff, and pulling it forward during a storm of 5xx would spend its attempts.
   */
  async enqueueSync(
    site: string,
    projectId: string,
    reason: SyncProductData['reason'] = 'api',
  ): Promise<Job> {
    const debounce = this.config.jobs.debounceMs;
    let delay = 0;
    if (debounce > 0 && reason !== 'reconcile') {
      // One atomic SET … GET: whether an event came within the window, and the window restarted from now.
      const previous = await this.connection.set(
        this.keys.syncRecent(`${site}/${projectId}`),
        String(Date.now()),
        'PX',
        debounce,
        'GET',
      );
      delay = previous === null ? 0 : debounce;
    }
    return this.siteQueue(site).add(JOB_SYNC_PRODUCT, { site, projectId, reason } satisfies SyncProductData, {
      deduplication: { id: `${site}/${projectId}`, keepLastIfActive: true },
      ...(delay > 0 ? { delay } : {}),
    });
  }

  async enqueueReconcile(site: string): Promise<Job> {
    return this.siteQueue(site).add(JOB_RECONCILE, { site } satisfies ReconcileData, {
      deduplication: { id: `reconcile/${site}`, keepLastIfActive: true },
    });
  }

  async enqueuePortfolioWrite(data: PortfolioWriteData): Promise<Job> {
    return this.portfolio.add(JOB_PORTFOLIO_WRITE, data, {
      deduplication: { id: data.sourceKey, keepLastIfActive: true },
    });
  }

  /**
   * A delayed re-check of a product created while Jira's search may not show an older issue of it (after Redis
   * was lost, or by a worker on another Redis). Its own deduplication id, so it never swallows a real write.
   */
  async enqueuePortfolioRecheck(data: PortfolioWriteData, delayMs: number): Promise<Job> {
    return this.portfolio.add(JOB_PORTFOLIO_WRITE, data, {
      delay: delayMs,
      deduplication: { id: `recheck:${data.sourceKey}` },
    });
  }

  /** One job scheduler per source site runs `reconcile` on the configured schedule (idempotent upsert). */
  async upsertSchedulers(): Promise<void> {
    const repeat = this.config.schedules.reconcile;
    for (const [site, queue] of this.site) {
      await queue.upsertJobScheduler(`reconcile-${site}`, repeat, {
        name: JOB_RECONCILE,
        data: { site } satisfies ReconcileData,
        opts: { attempts: this.config.jobs.attempts, backoff: this.defaults.backoff },
      });
    }
  }

  /** When the next scheduled reconcile of any site runs (undefined: no scheduler, e.g. not yet upserted). */
  async nextReconcileAt(): Promise<Date | undefined> {
    let next: number | undefined;
    for (const queue of this.site.values()) {
      for (const s of await queue.getJobSchedulers()) {
        if (s.next !== undefined && (next === undefined || s.next < next)) next = s.next;
      }
    }
    return next === undefined ? undefined : new Date(next);
  }

  async depth(): Promise<{ queue: string; state: string; count: number }[]> {
    const rows: { queue: string; state: string; count: number }[] = [];
    for (const q of this.all()) {
      const counts = await q.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'failed',
        'completed',
        'prioritized',
      );
      for (const [state, count] of Object.entries(counts)) rows.push({ queue: q.name, state, count });
    }
    return rows;
  }

  /** Moves every failed job of every queue back to waiting. Returns how many were re-driven. */
  async retryFailed(): Promise<number> {
    let n = 0;
    for (const q of this.all()) {
      const count = await q.getFailedCount();
      if (count > 0) {
        await q.retryJobs({ state: 'failed', count: 1000 });
        n += count;
      }
    }
    return n;
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}
