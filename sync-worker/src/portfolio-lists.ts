/**
 * The cross-portfolio lists (issue 15 item 6: open polls, change requests, published outcomes, projects not yet
 * governed) for the portfolio page. They live in each site's Forge storage, which this service cannot read, so it
 * asks each site's app (the `lists` app-data op, src/app/lists-answer.ts) after a reconcile and after an accepted
 * push, at most once per {@link LISTS_MIN_GAP_MS} per site, and keeps the answer in Redis. The page is served from
 * there: a page view costs Redis reads only, never a Jira or app call.
 *
 * Asking is a `refresh-lists` job on the site's queue, deduplicated per site (one waiting behind a running one),
 * delayed until the gap since the last ask has passed: a burst of pushes becomes one ask that sees all of them. A
 * failed ask keeps the last good lists and records the failure with its time; the page says so.
 */
import { z } from 'zod';
import { DelayedError } from 'bullmq';
import type { Job } from 'bullmq';
import { PortfolioListsAnswerSchema } from '../../src/app/lists-answer.js';
import type { PortfolioListsAnswer } from '../../src/app/lists-answer.js';
import type { Logger } from 'pino';
import type { RedisClient } from './redis.js';
import type { Keys } from './keys.js';
import type { SyncQueues } from './queues.js';
import type { SyncConfig } from './config.js';
import { appDataFailureText, requestAppData } from './app-data-client.js';
import type { AppDataFailure } from './app-data-client.js';

export const JOB_REFRESH_LISTS = 'refresh-lists';

/** The least time between two asks of one site's app. */
export const LISTS_MIN_GAP_MS = 30_000;

/**
 * Asks a site's app for its lists; answers the op's raw answer (validated here), or throws. `unavailable(site)`,
 * when given, says (in both languages) why a site cannot be asked at all, so no job is queued for it.
 */
export type ListsFetcher = ((site: string) => Promise<unknown>) & {
  unavailable?: (site: string) => { da: string; en: string } | undefined;
};

/** A failed ask in both languages (the page shows the reader's), e.g. from the app-data client's catalogue texts. */
export class ListsFetchError extends Error {
  constructor(readonly texts: { da: string; en: string }) {
    super(texts.da);
    this.name = 'ListsFetchError';
  }
}

/** Asks through the app's signed `os2-app-data` web trigger (the site's `appDataUrl`): the production fetcher. */
export function appDataListsFetcher(ctx: { config: Pick<SyncConfig, 'sites'> }): ListsFetcher {
  const texts = (r: AppDataFailure) => ({ da: appDataFailureText(r, 'da'), en: appDataFailureText(r, 'en') });
  const fetcher: ListsFetcher = async (site) => {
    const r = await requestAppData(ctx, site, 'lists', {});
    if (!r.ok) throw new ListsFetchError(texts(r));
    return r.data;
  };
  fetcher.unavailable = (site) =>
    ctx.config.sites.find((s) => s.name === site)?.appDataUrl
      ? undefined
      : texts({ ok: false, reason: 'not_configured', detail: { site } });
  return fetcher;
}

/** What asking needs from the service's context. */
export interface ListsDeps {
  redis: RedisClient;
  keys: Keys;
  fetchLists?: ListsFetcher | undefined;
  /** The least time between two asks of one site (default {@link LISTS_MIN_GAP_MS}; tests shorten it). */
  listsMinGapMs?: number | undefined;
}

export interface RefreshListsData {
  site: string;
}

/** One site's lists as the service holds them. */
export const SiteListsSchema = z.strictObject({
  site: z.string(),
  /** When the service stored the app's answer (ISO). */
  fetchedAt: z.iso.datetime().optional(),
  lists: PortfolioListsAnswerSchema.optional(),
  /** The last ask that failed, when it is newer than `fetchedAt`. */
  error: z
    .strictObject({ at: z.iso.datetime(), message: z.string().max(500), en: z.string().max(500).optional() })
    .optional(),
});
export type SiteLists = z.infer<typeof SiteListsSchema>;

/** Every row names the service's own site name (the app names its host), so links and filters use the config's. */
function relabel(answer: PortfolioListsAnswer, site: string): PortfolioListsAnswer {
  const product = <T extends { product: { site: string } }>(r: T): T => ({
    ...r,
    product: { ...r.product, site },
  });
  return {
    ...answer,
    polls: answer.polls.map(product),
    changeRequests: answer.changeRequests.map(product),
    outcomes: answer.outcomes.map(product),
    ungoverned: answer.ungoverned.map((r) => ({ ...r, site })),
  };
}

export class PortfolioListsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async get(site: string): Promise<SiteLists | undefined> {
    return parse(await this.redis.hget(this.keys.portfolioLists(), site));
  }

  /** Keeps a site's answer (validated; relabelled with the site's name). */
  async put(site: string, raw: unknown, at: Date = new Date()): Promise<SiteLists> {
    const answer = PortfolioListsAnswerSchema.parse(raw);
    const entry: SiteLists = { site, fetchedAt: at.toISOString(), lists: relabel(answer, site) };
    await this.redis.hset(this.keys.portfolioLists(), site, JSON.stringify(entry));
    return entry;
  }

  /** Records a failed ask; the last good lists stay. */
  async putError(site: string, message: string, at: Date = new Date(), en?: string): Promise<void> {
    const previous = await this.get(site);
    const entry: SiteLists = {
      ...(previous ?? { site }),
      error: {
        at: at.toISOString(),
        message: message.slice(0, 500),
        ...(en ? { en: en.slice(0, 500) } : {}),
      },
    };
    await this.redis.hset(this.keys.portfolioLists(), site, JSON.stringify(entry));
  }

  /** Every site's entry, for the given sites (a site never asked yet is `{ site }`). One HGETALL. */
  async all(sites: readonly string[]): Promise<SiteLists[]> {
    const raw = await this.redis.hgetall(this.keys.portfolioLists());
    return sites.map((site) => parse(raw[site]) ?? { site });
  }
}

function parse(raw: string | null | undefined): SiteLists | undefined {
  if (!raw) return undefined;
  try {
    const parsed = SiteListsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Asks for a refresh of a site's lists: one job per site waiting at most, no sooner than the minimum gap after
 * the last ask. Does nothing when the service has no way to ask (no fetcher).
 */
export async function requestListsRefresh(
  deps: ListsDeps,
  queues: SyncQueues,
  site: string,
): Promise<Job | undefined> {
  if (!deps.fetchLists || !queues.site.has(site)) return undefined;
  const unavailable = deps.fetchLists.unavailable?.(site);
  if (unavailable) {
    // Nothing to ask (no appDataUrl): the page says why, once, instead of a job failing at every reconcile.
    const store = new PortfolioListsStore(deps.redis, deps.keys);
    if ((await store.get(site))?.error?.message !== unavailable.da)
      await store.putError(site, unavailable.da, new Date(), unavailable.en);
    return undefined;
  }
  const last = Number(await deps.redis.get(deps.keys.listsAskedAt(site))) || 0;
  const delay = Math.max(0, last + (deps.listsMinGapMs ?? LISTS_MIN_GAP_MS) - Date.now());
  return queues.siteQueue(site).add(JOB_REFRESH_LISTS, { site } satisfies RefreshListsData, {
    deduplication: { id: `lists/${site}`, keepLastIfActive: true },
    ...(delay > 0 ? { delay } : {}),
    // A failed ask is recorded and shown, not retried: the next reconcile or push asks again.
    attempts: 1,
  });
}

/**
 * The `refresh-lists` job: waits out the gap if a previous ask was too recent (a job kept behind a running one),
 * then asks the app and stores the answer, or the failure.
 */
export async function runRefreshLists(
  deps: ListsDeps,
  job: Job,
  token: string | undefined,
  log: Logger,
): Promise<{ outcome: 'fetched' | 'failed' | 'no-fetcher'; rows?: number }> {
  const { site } = job.data as RefreshListsData;
  if (!deps.fetchLists) return { outcome: 'no-fetcher' };
  const now = Date.now();
  // One atomic GETSET: the time of the previous ask, and this one's recorded.
  const previous = Number(await deps.redis.set(deps.keys.listsAskedAt(site), String(now), 'GET')) || 0;
  const gap = deps.listsMinGapMs ?? LISTS_MIN_GAP_MS;
  if (token && previous && now - previous < gap) {
    await deps.redis.set(deps.keys.listsAskedAt(site), String(previous));
    await job.moveToDelayed(previous + gap, token);
    throw new DelayedError();
  }
  const store = new PortfolioListsStore(deps.redis, deps.keys);
  try {
    const entry = await store.put(site, await deps.fetchLists(site));
    const l = entry.lists!;
    const rows = l.polls.length + l.changeRequests.length + l.outcomes.length + l.ungoverned.length;
    log.info({ rows }, 'Porteføljelister hentet fra appen');
    return { outcome: 'fetched', rows };
  } catch (err) {
    const message =
      err instanceof z.ZodError
        ? `ugyldigt svar: ${err.issues[0]?.path.join('.') ?? ''} ${err.issues[0]?.message ?? ''}`.trim()
        : err instanceof Error
          ? err.message
          : String(err);
    log.warn({ err, reason: message }, 'Porteføljelisterne kunne ikke hentes fra appen');
    await store.putError(
      site,
      message,
      new Date(),
      err instanceof ListsFetchError ? err.texts.en : undefined,
    );
    return { outcome: 'failed' };
  }
}
