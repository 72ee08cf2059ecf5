import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import { noticeFailedJob } from './failure-notice.js';
import { recentlyChangedIssues } from './recent-changes.js';
import type { Job } from 'bullmq';
import type { RedisClient } from './redis.js';
import type { Logger } from 'pino';
import { isApiError, isNotFoundError } from 'jira.js';
import { describeJiraError, isJiraRateLimitedError, isTransientJiraError } from '../../src/jira/client.js';
import { listProjects } from '../../src/jira/projects.js';
import { countingCalls, isPortfolioProject, jiraFor, siteConfig } from './context.js';
import { readProduct } from './product-source.js';
import { writeKnownIssue, writeRollUp, writeUnseenKnownIssue } from './portfolio-writer.js';
import type { WriteResult } from './portfolio-writer.js';
import { HighWater } from './trust/high-water.js';
import { SiteSettings } from './trust/site-settings.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { JOB_PORTFOLIO_WRITE, JOB_RECONCILE, JOB_SYNC_PRODUCT } from './queues.js';
import { PORTFOLIO_QUEUE, siteQueueName } from './keys.js';
import { sourceSites } from './config.js';
import { PortfolioState } from './portfolio-state.js';
import { PortfolioIndex } from './portfolio-index.js';
import { JOB_REFRESH_LISTS, requestListsRefresh, runRefreshLists } from './portfolio-lists.js';
import { SiteIdentity, looksLikeLostSight } from './site-identity.js';
import type { ServiceContext, CallTally } from './context.js';
import type { PortfolioWriteData, ReconcileData, SyncProductData, SyncQueues } from './queues.js';
import type { RollUp } from '../../src/domain/rollup.js';

/** How long the written-hash cache lives; a reconcile after it re-reads the portfolio issue (correctness never needs it). */
const HASH_CACHE_SECONDS = 6 * 3600;
const PENDING_SECONDS = 7 * 24 * 3600;
const RATE_LIMIT_MARGIN_MS = 50;
/** How long a site that answered 429 or failed is read one call at a time. */
const STRAINED_MS = 60_000;

export type SyncProductOutcome = 'unchanged' | 'changed' | 'not-governed' | 'ignored' | 'identity-lost';
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
  // A site whose token died is read as anonymous: nothing read there may reach the portfolio (site-identity.ts).
  const identity = siteIdentity(ctx);
  const lostResult = (calls: CallTally): SyncProductResult => {
    log.warn('Jira-identiteten på sitet er tabt: intet skrives, porteføljen beholder de sidste gode tal');
    return { outcome: 'identity-lost', sourceKey, calls };
  };
  const probe = await identity.probeIfLost(data.site);
  if (probe.state === 'lost') return lostResult({ total: 0, bySite: {} });
  if (probe.recovered) await queues.enqueueReconcile(data.site);
  // Reads in one round trip for an event, unless the site was limited or failing a moment ago.
  const parallel =
    data.reason !== 'reconcile' && (await ctx.redis.exists(ctx.keys.siteStrained(data.site))) === 0;
  const reconcileIssues = await recentlyChangedIssues(ctx.redis, ctx.keys, data.site, data.projectId);
  // When this read began: it orders this roll-up against others of the product (see storePending).
  const readAt = Date.now();
  const read = await countingCalls(async () => {
    try {
      return await readProduct(jiraFor(ctx, data.site), data.site, data.projectId, site.secrets, {
        reconcileIssues,
        highWater: new HighWater(ctx.redis, ctx.keys),
        siteSettings: new SiteSettings(ctx.redis, ctx.keys, ctx.metrics),
        parallel: parallel,
      });
    } catch (err) {
      // A 400/401/403/404 where the product was readable: is it the product, or are we anonymous now?
      if (looksLikeLostSight(err) && (await identity.check(data.site, 'read failed')).state === 'lost')
        return 'identity-lost' as const;
      throw err;
    }
  });
  const { calls } = read;
  if (read.result === 'identity-lost') return lostResult(calls);
  const result = read.result;
  // Sight lost in an answer that did not fail: a governed product without its mirror, or figures gone to nothing.
  const suspicious =
    result.kind === 'not-governed'
      ? await ctx.redis.hexists(ctx.keys.highWater(`governance:${data.site}`), data.projectId)
      : await identity.figuresVanished(sourceKey, result.rollUp);
  if (suspicious && (await identity.check(data.site, 'nothing visible')).state === 'lost')
    return lostResult(calls);
  if (result.kind === 'not-governed') {
    log.info({ calls: calls.total }, result.reason);
    // A product whose mirror vanished (the service accepted one before) is flagged `missing` on its portfolio
    // issue, keeping its last verified values, instead of staying "verified" with old values (issue 13).
    const known = suspicious;
    if (known) {
      const missing = rollUp({
        site: data.site,
        project: { id: data.projectId, key: data.projectId },
        integrity: 'missing',
        decisions: [],
        openRequests: 0,
        topRequests: [],
      });
      if (
        await storePending(ctx, sourceKey, readAt, {
          rollUp: missing,
          hash: rollUpHash(missing),
          onlyIfExists: true,
        })
      ) {
        await queues.enqueuePortfolioWrite({ site: data.site, projectId: data.projectId, sourceKey });
        log.warn('Governance-spejlet er forsvundet; porteføljesagen markeres som manglende');
      }
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
  if (result.settingsReplaced) {
    // Normal for a minute after a board or cadence change (the app rewrites each mirror 60 s later); lasting, it
    // means an older mirror was put back. Either way the portfolio counts with the newest settings the app signed.
    log.info(
      { settings: result.settingsReplaced },
      'Governance-spejlet har ældre indstillinger end sitets nyeste; der tælles med de nyeste',
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
  if (!(await storePending(ctx, sourceKey, readAt, { rollUp: result.rollUp, hash: result.hash }))) {
    // Leading-edge and trailing syncs of one product (or a sync and a pushed event) raced: a newer input is
    // already on its way to the portfolio, and this older read must not overwrite it.
    log.info(
      { calls: calls.total },
      'En nyere læsning af produktet er allerede givet videre; denne springes over',
    );
    await recordLastSync(ctx.redis, ctx.keys.lastSync(), sourceKey, { ...base, outcome: 'overtaken' });
    return { outcome: 'unchanged', sourceKey, hash: result.hash, integrity: result.integrity, calls };
  }
  await queues.enqueuePortfolioWrite({
    site: data.site,
    projectId: data.projectId,
    sourceKey,
    ...(data.reason === 'reconcile' ? { verify: true } : {}),
  });
  log.info({ calls: calls.total, hash: result.hash }, 'Ændret: porteføljesagen opdateres');
  await recordLastSync(ctx.redis, ctx.keys.lastSync(), sourceKey, { ...base, outcome: 'changed' });
  return { outcome: 'changed', sourceKey, hash: result.hash, integrity: result.integrity, calls };
}

/** portfolio-write: upserts the newest pending roll-up of a product into the portfolio project. */
export async function runPortfolioWrite(
  ctx: ServiceContext,
  data: PortfolioWriteData,
  log: Logger,
  queues?: SyncQueues,
): Promise<{ outcome: string; issueKey?: string; calls: CallTally }> {
  const pendingKey = ctx.keys.pendingRollUp(data.sourceKey);
  // A re-check keeps the roll-up it was given unless a newer one is pending (then it writes that one).
  let raw = await ctx.redis.get(pendingKey);
  if (!raw && data.recheck) {
    // A re-check confirms the issue holds what was written last. A roll-up written since it was scheduled (a
    // flagged mirror read, a newer push) is that last write: rewriting the one the re-check carried would put
    // older content back over it (a forged mirror shown as verified again).
    const current = await new PortfolioState(ctx.redis, ctx.keys).get(data.sourceKey);
    raw = JSON.stringify(current ?? { rollUp: data.recheck.rollUp, hash: data.recheck.hash });
  }
  if (!raw) return { outcome: 'nothing-pending', calls: { total: 0, bySite: {} } };
  const pending = JSON.parse(raw) as { rollUp: RollUp; hash: string; onlyIfExists?: boolean };
  // Nothing is written while the portfolio site's or the product's site's token is dead; the pending roll-up
  // stays for the write after recovery (a reconcile then reads the product afresh anyway).
  const identity = siteIdentity(ctx);
  for (const s of await identity.lostAmong([...new Set([ctx.portfolio.site, data.site])])) {
    const probe = await identity.probeIfLost(s);
    if (probe.state === 'lost') {
      log.warn({ lostSite: s }, 'Jira-identiteten er tabt: porteføljesagen skrives ikke');
      return { outcome: 'identity-lost', calls: { total: 0, bySite: {} } };
    }
    // Back: what was skipped meanwhile is read again (every source after the portfolio site's recovery).
    if (probe.recovered && queues)
      for (const r of s === ctx.portfolio.site ? sourceSites(ctx.config).map((x) => x.name) : [s])
        await queues.enqueueReconcile(r);
  }
  const deps = {
    target: ctx.portfolio,
    logger: log,
    redis: ctx.redis,
    keys: ctx.keys,
    ...(pending.onlyIfExists ? { onlyIfExists: true } : {}),
  };
  const index = new PortfolioIndex(ctx.redis, ctx.keys);
  // Until search has shown the remembered issue, an older issue of the product (created before Redis was lost,
  // or by a worker on another Redis) may exist unseen: such a write searches once for the product before its
  // blind PUT (issue 16), and goes through the full look-up when search shows another claimant. A reconcile or a
  // re-check (`verify`) always takes the full look-up, which reads the issue and heals what a human changed.
  const unseen = await index.isUnverified(data.sourceKey);
  const known = data.verify ? undefined : await index.known(data.sourceKey);
  const { result, calls } = await countingCalls(async (): Promise<WriteResult | typeof IDENTITY_LOST> => {
    // One PUT to the issue we wrote last time; search (and heal) only without one, or when it is gone.
    if (known?.key && pending.rollUp.integrity === 'verified') {
      const remembered = { ...known, key: known.key };
      const fast = unseen
        ? await writeUnseenKnownIssue(deps, remembered, pending.rollUp, pending.hash)
        : await writeKnownIssue(deps, remembered, pending.rollUp, pending.hash);
      if (fast === 'claimed') {
        // Search showed another issue claiming the product: the full look-up below sorts them out.
        log.warn(
          { issueKey: known.key },
          'Flere porteføljesager gør krav på produktet; den ældste af vores beholdes',
        );
      } else if (fast) {
        return fast;
      } else {
        // A remembered issue answering 404 is also what anonymous gets: ask before searching and creating anew.
        if ((await identity.check(ctx.portfolio.site, 'portfolio issue gone')).state === 'lost')
          return IDENTITY_LOST;
        log.warn({ issueKey: known.key }, 'Den huskede porteføljesag findes ikke længere; søger og heler');
      }
    }
    try {
      return await writeRollUp(deps, pending.rollUp, pending.hash);
    } catch (err) {
      if (
        looksLikeLostSight(err) &&
        (await identity.check(ctx.portfolio.site, 'write failed')).state === 'lost'
      )
        return IDENTITY_LOST;
      // The issue vanished between the search and the write (a racing worker removed it as a duplicate, or a
      // human deleted it): a retry searches again and converges, so this is not a 4xx that needs a human.
      if (isNotFoundError(err))
        throw new Error(`Porteføljesagen forsvandt under skrivningen: ${describeJiraError(err)}`);
      throw err;
    }
  });
  if (result === IDENTITY_LOST) {
    log.warn('Jira-identiteten på porteføljesitet er tabt: porteføljesagen skrives ikke');
    return { outcome: 'identity-lost', calls };
  }
  if (result.issueId)
    await index.remember(data.sourceKey, {
      id: result.issueId,
      key: result.issueKey,
      ...(result.status ? { status: result.status } : {}),
      hash: pending.hash,
    });
  await ctx.redis.set(ctx.keys.writtenHash(data.sourceKey), pending.hash, 'EX', HASH_CACHE_SECONDS);
  // What the portfolio page shows: the content now on the issue (a changed one moves the page's version).
  if (result.written)
    await new PortfolioState(ctx.redis, ctx.keys).put(result.written, rollUpHash(result.written));
  // Drop the pending roll-up only if no newer one arrived meanwhile.
  await ctx.redis.eval(
    `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`,
    1,
    pendingKey,
    raw,
  );
  // Not yet seen by search: look again once Jira's index has had time to catch up, doubling the wait, so a
  // duplicate that only search could reveal is removed without waiting for the next event or reconcile.
  const round = data.recheck ? data.recheck.round + 1 : 0;
  if (queues && round < RECHECK_ROUNDS && (await index.isUnverified(data.sourceKey))) {
    await queues.enqueuePortfolioRecheck(
      {
        site: data.site,
        projectId: data.projectId,
        sourceKey: data.sourceKey,
        verify: true,
        recheck: { rollUp: pending.rollUp, hash: pending.hash, round },
      },
      RECHECK_FIRST_MS * 2 ** round,
    );
  }
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

/**
 * The first re-check of a product created but not yet shown by search comes after this long (Jira's index lag
 * is "a few seconds to minutes"); each further one waits twice as long, for {@link RECHECK_ROUNDS} rounds
 * (about 17 minutes in all, past the portfolio index's reconcile window).
 */
export const RECHECK_FIRST_MS = 2000;
export const RECHECK_ROUNDS = 9;

/** A roll-up waiting for the portfolio writer. */
export interface PendingRollUp {
  rollUp: RollUp;
  hash: string;
  /** Update the product's issue only if it has one (a `missing` marker). */
  onlyIfExists?: boolean;
}

/** Lua: stores the pending roll-up unless a newer input (ARGV[2], epoch ms) of the product was accepted. */
const STORE_IF_NEWER = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur and tonumber(cur) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
return 1`;

/**
 * Hands a roll-up to the portfolio writer, unless a newer input of the product (by `at`: when its read began,
 * or when the app computed a pushed one) was handed on before: the writes of one product follow the order of
 * their reads, whatever order the jobs finish in. One Redis round trip. Returns whether it was stored.
 */
export async function storePending(
  ctx: ServiceContext,
  sourceKey: string,
  at: number,
  pending: PendingRollUp,
): Promise<boolean> {
  const stored = await ctx.redis.eval(
    STORE_IF_NEWER,
    2,
    ctx.keys.rollUpOrder(),
    ctx.keys.pendingRollUp(sourceKey),
    sourceKey,
    String(at),
    JSON.stringify(pending),
    String(PENDING_SECONDS),
  );
  return Number(stored) === 1;
}

const IDENTITY_LOST = Symbol('identity-lost');

export function siteIdentity(ctx: ServiceContext): SiteIdentity {
  return new SiteIdentity(ctx.redis, ctx.keys, ctx.jira, ctx.logger);
}

/**
 * reconcile: asks `/myself` first (a dead token would list no projects and sync nothing, silently), then lists
 * the site's projects (allow-list if configured) and enqueues a sync for each.
 */
export async function runReconcile(
  ctx: ServiceContext,
  queues: SyncQueues,
  data: ReconcileData,
  log: Logger,
): Promise<{ outcome: 'reconciled' | 'identity-lost'; enqueued: number }> {
  const site = siteConfig(ctx, data.site);
  if ((await siteIdentity(ctx).check(data.site, 'reconcile')).state === 'lost') {
    log.error('Fuld synkronisering springes over: Jira-identiteten på sitet er tabt (API-token ugyldigt)');
    return { outcome: 'identity-lost', enqueued: 0 };
  }
  const projects = await listProjects(jiraFor(ctx, data.site), site.projects ? { keys: site.projects } : {});
  let enqueued = 0;
  for (const p of projects) {
    if (data.site === ctx.config.portfolio.site && p.key === ctx.config.portfolio.projectKey) continue;
    if (site.projects && !site.projects.includes(p.key)) continue;
    await queues.enqueueSync(data.site, p.id, 'reconcile');
    enqueued += 1;
  }
  log.info({ enqueued }, 'Fuld synkronisering: en synkronisering sat i kø for hvert projekt');
  return { outcome: 'reconciled', enqueued };
}

/** How many debounce windows a trailing sync may wait for a burst to go quiet, counted from its creation. */
const MAX_BURST_WINDOWS = 5;

/**
 * The trailing sync of a burst (a first attempt that was added with the debounce delay) waits until the product
 * has been quiet for a window: when events still arrived within the last window, it moves itself to one window
 * after the latest of them, for at most {@link MAX_BURST_WINDOWS} windows. A retry is never moved (its backoff
 * stands), nor a leading sync.
 */
async function stillInBurst(ctx: ServiceContext, job: Job, token: string): Promise<boolean> {
  const debounce = ctx.config.jobs.debounceMs;
  const data = job.data as SyncProductData;
  if (debounce <= 0 || job.attemptsMade > 0 || !job.opts.delay || data.reason === 'reconcile') return false;
  const last = Number(await ctx.redis.get(ctx.keys.syncRecent(`${data.site}/${data.projectId}`)));
  const now = Date.now();
  if (!last || now - last >= debounce) return false;
  const until = Math.min(last + debounce, job.timestamp + MAX_BURST_WINDOWS * debounce);
  if (until <= now) return false;
  await job.moveToDelayed(until, token);
  return true;
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
      async (job: Job, token?: string) => {
        const data = job.data as { site?: string; projectId?: string };
        const log = ctx.logger.child({
          jobId: job.id,
          job: job.name,
          queue: queueName,
          site: data.site ?? jiraSite,
          project: data.projectId,
          attempt: job.attemptsMade + 1,
        });
        const stop = ctx.metrics?.syncLatency.startTimer({ queue: queueName, job_name: job.name });
        try {
          switch (job.name) {
            case JOB_SYNC_PRODUCT:
              if (token && (await stillInBurst(ctx, job, token))) throw new DelayedError();
              return await runSyncProduct(ctx, queues, job.data as SyncProductData, log);
            case JOB_RECONCILE:
              return await runReconcile(ctx, queues, job.data as ReconcileData, log);
            case JOB_PORTFOLIO_WRITE:
              return await runPortfolioWrite(ctx, job.data as PortfolioWriteData, log, queues);
            case JOB_REFRESH_LISTS:
              return await runRefreshLists(ctx, job, token, log);
            default:
              throw new UnrecoverableError(`Ukendt job "${job.name}"`);
          }
        } catch (err) {
          if (err instanceof DelayedError) throw err; // a trailing sync waiting for its burst to go quiet
          if (isJiraRateLimitedError(err)) {
            // A little margin so the queue never wakes before the gate opens (which would only bounce again).
            const wait = Math.max(1, err.untilEpochMs - Date.now()) + RATE_LIMIT_MARGIN_MS;
            log.warn(
              { waitMs: wait, reason: err.reason, limitedSite: err.site, local: err.local },
              'Jira 429: køen holder pause',
            );
            // A call refused locally means the site is still inside a pause already counted.
            if (!err.local) ctx.metrics?.rateLimitPauses.inc({ site: err.site });
            await ctx.redis.set(ctx.keys.siteStrained(err.site), '1', 'PX', STRAINED_MS);
            ctx.metrics?.jobs.inc({ queue: queueName, job_name: job.name, outcome: 'rate_limited' });
            for (const q of queues.queuesCalling(err.site)) if (q.name !== queueName) await q.rateLimit(wait);
            await worker.rateLimit(wait);
            throw Worker.RateLimitError();
          }
          const message = describeJiraError(err);
          if (isApiError(err) && !isTransientJiraError(err)) {
            log.error({ status: err.status, err, reason: message }, 'Jira afviste kaldet; prøves ikke igen');
            throw new UnrecoverableError(message);
          }
          log.warn({ err, reason: message }, 'Job fejlede; prøves igen med backoff');
          await ctx.redis.set(ctx.keys.siteStrained(data.site ?? jiraSite), '1', 'PX', STRAINED_MS);
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
      ctx.metrics?.jobs.inc({
        queue: queueName,
        job_name: job.name,
        outcome: result?.outcome ?? 'completed',
      });
      // A reconcile skipped for a dead token is no successful reconcile: the staleness alert must still fire.
      if (job.name === JOB_RECONCILE && result?.outcome === 'reconciled') {
        const site = (job.data as ReconcileData).site;
        ctx.redis.hset(ctx.keys.lastReconcile(), site, String(Date.now())).catch((err: unknown) => {
          ctx.logger.warn({ err, site }, 'Kunne ikke gemme tidspunktet for seneste fulde synkronisering');
        });
        // The site's lists (polls, change requests; issue 15 item 6) are asked of its app after each reconcile.
        requestListsRefresh(ctx, queues, site).catch((err: unknown) => {
          ctx.logger.warn({ err, site }, 'Kunne ikke bede om porteføljelisterne');
        });
      }
    });
    worker.on('failed', (job, err) => {
      if (!job || err.message === 'bullmq:rateLimitExceeded') return;
      const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      ctx.metrics?.jobs.inc({
        queue: queueName,
        job_name: job.name,
        outcome: exhausted ? 'failed' : 'retrying',
      });
      if (exhausted) {
        ctx.logger.error(
          {
            jobId: job.id,
            job: job.name,
            queue: queueName,
            site: job.data?.site,
            project: job.data?.projectId,
            err,
          },
          'Job opgivet; ligger i failed-sættet (os2-sync retry-failed)',
        );
        // Issue 15 item 2: the secretariat hears of it once per cause; not awaited, so it never holds the worker.
        void noticeFailedJob(ctx, {
          queue: queueName,
          job: job.name,
          ...(job.data?.site ? { site: String(job.data.site) } : {}),
          ...(job.data?.projectId ? { projectId: String(job.data.projectId) } : {}),
          reason: err.message,
        });
      }
    });
    worker.on('error', (err) => ctx.logger.error({ queue: queueName, err }, 'Worker-fejl'));
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
