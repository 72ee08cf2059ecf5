import { UnrecoverableError, Worker } from 'bullmq';
import { recentlyChangedIssues } from './recent-changes.js';
import type { Job } from 'bullmq';
import type { RedisClient } from './redis.js';
import type { Logger } from 'pino';
import { isApiError } from 'jira.js';
import { describeJiraError, isJiraRateLimitedError, isTransientJiraError } from '../../src/jira/client.js';
import { listProjects } from '../../src/jira/projects.js';
import { countingCalls, isPortfolioProject, jiraFor, siteConfig } from './context.js';
import { readProduct } from './product-source.js';
import { writeRollUp } from './portfolio-writer.js';
import { HighWater } from './trust/high-water.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { JOB_PORTFOLIO_WRITE, JOB_RECONCILE, JOB_SYNC_PRODUCT } from './queues.js';
import { PORTFOLIO_QUEUE, siteQueueName } from './keys.js';
import type { ServiceContext, CallTally } from './context.js';
import type { PortfolioWriteData, ReconcileData, SyncProductData, SyncQueues } from './queues.js';
import type { RollUp } from '../../src/domain/rollup.js';

/** How long the written-hash cache lives; a reconcile after it re-reads the portfolio issue (correctness never needs it). */
const HASH_CACHE_SECONDS = 6 * 3600;
const PENDING_SECONDS = 7 * 24 * 3600;
const RATE_LIMIT_MARGIN_MS = 50;

export type SyncProductOutcome = 'unchanged' | 'changed' | 'not-governed' | 'ignored';
export interface SyncProductResult {
  outcome: SyncProductOutcome;
  sourceKey: string;
  hash?: string;
  integrity?: string;
  calls: CallTally;
}

export interface LastSync {
  at: string;
  outcome: string;
  hash?: string;
  integrity?: string;
  issueKey?: string;
  calls?: number;
}

export async function recordLastSync(
  redis: RedisClient,
  key: string,
  sourceKey: string,
  patch: LastSync,
): Promise<void> {
  const prev = await redis.hget(key, sourceKey);
  const merged = { ...(prev ? (JSON.parse(prev) as LastSync) : {}), ...patch };
  await redis.hset(key, sourceKey, JSON.stringify(merged));
}

/**
 * sync-product: reads the product from its source site (a constant 3 calls; see readProduct), rolls it up,
 * and hands a changed roll-up to the portfolio queue. When the hash equals the one last written (cached in
 * Redis) nothing else happens; without the cache the portfolio writer compares with the hash stored on the
 * portfolio issue itself, so "no writes when nothing changed" never depends on Redis.
 */
export async function runSyncProduct(
  ctx: ServiceContext,
  queues: SyncQueues,
  data: SyncProductData,
  log: Logger,
): Promise<SyncProductResult> {
  const sourceKey = `${data.site}/${data.projectId}`;
  const site = siteConfig(ctx, data.site);
  if (!site.source || (await isPortfolioProject(ctx, data.site, data.projectId))) {
    log.info('Porteføljeprojektet eller et ikke-kilde-site synkroniseres aldrig (ingen løkker)');
    return { outcome: 'ignored', sourceKey, calls: { total: 0, bySite: {} } };
  }
  const reconcileIssues = await recentlyChangedIssues(ctx.redis, ctx.keys, data.site, data.projectId);
  const { result, calls } = await countingCalls(() =>
    readProduct(jiraFor(ctx, data.site), data.site, data.projectId, site.secrets, {
      reconcileIssues,
      highWater: new HighWater(ctx.redis, ctx.keys),
    }),
  );
  if (result.kind === 'not-governed') {
    log.info({ calls: calls.total }, result.reason);
    // A product whose mirror vanished (the service accepted one before) is flagged `missing` on its portfolio
    // issue, keeping its last verified values, instead of staying "verified" with old values (issue 13).
    const known = await ctx.redis.hexists(ctx.keys.highWater(`governance:${data.site}`), data.projectId);
    if (known) {
      const missing = rollUp({
        site: data.site,
        project: { id: data.projectId, key: data.projectId },
        integrity: 'missing',
        decisions: [],
        openRequests: 0,
        topRequests: [],
      });
      await ctx.redis.set(
        ctx.keys.pendingRollUp(sourceKey),
        JSON.stringify({ rollUp: missing, hash: rollUpHash(missing), onlyIfExists: true }),
        'EX',
        PENDING_SECONDS,
      );
      await queues.enqueuePortfolioWrite({ site: data.site, projectId: data.projectId, sourceKey });
      log.warn('Governance-spejlet er forsvundet; porteføljesagen markeres som manglende');
    }
    await recordLastSync(ctx.redis, ctx.keys.lastSync(), sourceKey, {
      at: new Date().toISOString(),
      outcome: 'not-governed',
      calls: calls.total,
    });
    return { outcome: 'not-governed', sourceKey, calls };
  }
  if (site.projects && !site.projects.includes(result.rollUp.project.key)) {
    log.info(
      { projectKey: result.rollUp.project.key },
      'Projektet er ikke på sitets projects-liste; ignoreret',
    );
    return { outcome: 'ignored', sourceKey, calls };
  }
  if (result.integrity !== 'verified') {
    log.warn(
      { integrity: result.integrity, reason: result.reason },
      'Governance-spejlet kan ikke verificeres',
    );
  }
  const cached = await ctx.redis.get(ctx.keys.writtenHash(sourceKey));
  const base = {
    at: new Date().toISOString(),
    hash: result.hash,
    integrity: result.integrity,
    calls: calls.total,
  };
  // A reconcile always asks the portfolio issue itself (one search), so an issue deleted or edited by hand heals.
  if (cached === result.hash && data.reason !== 'reconcile') {
    log.info({ calls: calls.total, hash: result.hash }, 'Uændret: intet skrives');
    await recordLastSync(ctx.redis, ctx.keys.lastSync(), sourceKey, { ...base, outcome: 'unchanged' });
    return { outcome: 'unchanged', sourceKey, hash: result.hash, integrity: result.integrity, calls };
  }
  await ctx.redis.set(
    ctx.keys.pendingRollUp(sourceKey),
    JSON.stringify({ rollUp: result.rollUp, hash: result.hash }),
    'EX',
    PENDING_SECONDS,
  );
  await queues.enqueuePortfolioWrite({ site: data.site, projectId: data.projectId, sourceKey });
  log.info({ calls: calls.total, hash: result.hash }, 'Ændret: porteføljesagen opdateres');
  await recordLastSync(ctx.redis, ctx.keys.lastSync(), sourceKey, { ...base, outcome: 'changed' });
  return { outcome: 'changed', sourceKey, hash: result.hash, integrity: result.integrity, calls };
}

/** portfolio-write: upserts the newest pending roll-up of a product into the portfolio project. */
export async function runPortfolioWrite(
  ctx: ServiceContext,
  data: PortfolioWriteData,
  log: Logger,
): Promise<{ outcome: string; issueKey?: string; calls: CallTally }> {
  const pendingKey = ctx.keys.pendingRollUp(data.sourceKey);
  const raw = await ctx.redis.get(pendingKey);
  if (!raw) return { outcome: 'nothing-pending', calls: { total: 0, bySite: {} } };
  const pending = JSON.parse(raw) as { rollUp: RollUp; hash: string; onlyIfExists?: boolean };
  const { result, calls } = await countingCalls(() =>
    writeRollUp(
      {
        target: ctx.portfolio,
        logger: log,
        redis: ctx.redis,
        keys: ctx.keys,
        ...(pending.onlyIfExists ? { onlyIfExists: true } : {}),
      },
      pending.rollUp,
      pending.hash,
    ),
  );
  await ctx.redis.set(ctx.keys.writtenHash(data.sourceKey), pending.hash, 'EX', HASH_CACHE_SECONDS);
  // Drop the pending roll-up only if no newer one arrived meanwhile.
  await ctx.redis.eval(
    `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`,
    1,
    pendingKey,
    raw,
  );
  await recordLastSync(ctx.redis, ctx.keys.lastSync(), data.sourceKey, {
    at: new Date().toISOString(),
    outcome: result.outcome,
    issueKey: result.issueKey,
    hash: pending.hash,
  });
  log.info(
    {
      outcome: result.outcome,
      issueKey: result.issueKey,
      calls: calls.total,
      removed: result.removedDuplicates,
    },
    'Porteføljesag skrevet',
  );
  return { outcome: result.outcome, issueKey: result.issueKey, calls };
}

/** reconcile: lists the site's projects (allow-list if configured) and enqueues a sync for each. */
export async function runReconcile(
  ctx: ServiceContext,
  queues: SyncQueues,
  data: ReconcileData,
  log: Logger,
): Promise<{ outcome: 'reconciled'; enqueued: number }> {
  const site = siteConfig(ctx, data.site);
  const projects = await listProjects(jiraFor(ctx, data.site), site.projects ? { keys: site.projects } : {});
  let enqueued = 0;
  for (const p of projects) {
    if (data.site === ctx.config.portfolio.site && p.key === ctx.config.portfolio.projectKey) continue;
    if (site.projects && !site.projects.includes(p.key)) continue;
    await queues.enqueueSync(data.site, p.id, 'reconcile');
    enqueued += 1;
  }
  log.info({ enqueued }, 'Afstemning: synkronisering sat i kø for hvert projekt');
  return { outcome: 'reconciled', enqueued };
}

export interface WorkerSet {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * One worker per source-site queue and one for the portfolio queue. A 429 (or a call refused because the site
 * is still within a 429's wait) pauses every queue that calls that site with BullMQ's rate limiter
 * (`worker.rateLimit` + `Worker.RateLimitError`: the job goes back to waiting without using an attempt); 5xx
 * and network errors retry with exponential backoff and jitter; other 4xx fail at once (they need a human).
 */
export function startWorkers(ctx: ServiceContext, queues: SyncQueues, connection: RedisClient): WorkerSet {
  const workers: Worker[] = [];

  const make = (queueName: string, jiraSite: string, concurrency: number) => {
    const worker: Worker = new Worker(
      queueName,
      async (job: Job) => {
        const data = job.data as { site?: string; projectId?: string };
        const log = ctx.logger.child({
          jobId: job.id,
          job: job.name,
          queue: queueName,
          site: data.site ?? jiraSite,
          project: data.projectId,
          attempt: job.attemptsMade + 1,
        });
        const stop = ctx.metrics?.syncLatency.startTimer({ queue: queueName, job: job.name });
        try {
          switch (job.name) {
            case JOB_SYNC_PRODUCT:
              return await runSyncProduct(ctx, queues, job.data as SyncProductData, log);
            case JOB_RECONCILE:
              return await runReconcile(ctx, queues, job.data as ReconcileData, log);
            case JOB_PORTFOLIO_WRITE:
              return await runPortfolioWrite(ctx, job.data as PortfolioWriteData, log);
            default:
              throw new UnrecoverableError(`Ukendt job "${job.name}"`);
          }
        } catch (err) {
          if (isJiraRateLimitedError(err)) {
            // A little margin so the queue never wakes before the gate opens (which would only bounce again).
            const wait = Math.max(1, err.untilEpochMs - Date.now()) + RATE_LIMIT_MARGIN_MS;
            log.warn(
              { waitMs: wait, reason: err.reason, limitedSite: err.site, local: err.local },
              'Jira 429: køen holder pause',
            );
            // A call refused locally means the site is still inside a pause already counted.
            if (!err.local) ctx.metrics?.rateLimitPauses.inc({ site: err.site });
            ctx.metrics?.jobs.inc({ queue: queueName, job: job.name, outcome: 'rate_limited' });
            for (const q of queues.queuesCalling(err.site)) if (q.name !== queueName) await q.rateLimit(wait);
            await worker.rateLimit(wait);
            throw Worker.RateLimitError();
          }
          const message = describeJiraError(err);
          if (isApiError(err) && !isTransientJiraError(err)) {
            log.error({ status: err.status, err: message }, 'Jira afviste kaldet; prøves ikke igen');
            throw new UnrecoverableError(message);
          }
          log.warn({ err: message }, 'Job fejlede; prøves igen med backoff');
          throw err instanceof Error ? err : new Error(message);
        } finally {
          stop?.();
        }
      },
      {
        connection,
        prefix: ctx.config.redis.prefix,
        concurrency,
        autorun: true,
        // Jira's 429 waits are often longer than BullMQ's default 30 s cap; the limiter key holds the rest.
        maximumRateLimitDelay: 60_000,
        lockDuration: ctx.config.jobs.lockDurationMs,
        stalledInterval: ctx.config.jobs.stalledIntervalMs,
      },
    );
    worker.on('completed', (job, result: { outcome?: string } | undefined) => {
      ctx.metrics?.jobs.inc({ queue: queueName, job: job.name, outcome: result?.outcome ?? 'completed' });
    });
    worker.on('failed', (job, err) => {
      if (!job || err.message === 'bullmq:rateLimitExceeded') return;
      const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      ctx.metrics?.jobs.inc({ queue: queueName, job: job.name, outcome: exhausted ? 'failed' : 'retrying' });
      if (exhausted) {
        ctx.logger.error(
          {
            jobId: job.id,
            job: job.name,
            queue: queueName,
            site: job.data?.site,
            project: job.data?.projectId,
            err: err.message,
          },
          'Job opgivet; ligger i failed-sættet (os2-sync retry-failed)',
        );
      }
    });
    worker.on('error', (err) => ctx.logger.error({ queue: queueName, err: err.message }, 'Worker-fejl'));
    workers.push(worker);
  };

  for (const [site] of queues.site) make(siteQueueName(site), site, ctx.config.concurrency.perSite);
  make(PORTFOLIO_QUEUE, ctx.config.portfolio.site, ctx.config.concurrency.portfolio);

  return {
    workers,
    async close() {
      // Stop taking jobs and let the running ones finish (BullMQ waits for them); a job cut short by a crash
      // is picked up again by the stalled-job check of another worker.
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
