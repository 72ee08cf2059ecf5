/**
 * A product's governance history for the portfolio's product page (issue 15 item 5). The revisions live only in
 * the app's Forge storage, so the history is asked of the app (`os2-app-data` op `history`, app-data-client.ts)
 * and kept in Redis per product, with the roll-up it was fetched for: the governance revision and a marker of
 * what else in the roll-up moves the history without a new revision (a decision logged on its own, such as a
 * closed poll or a change request's decision; a vote or pledge on a top request).
 *
 * A page view whose roll-up matches the cached one costs no call to the app; a newer revision (or marker) fetches
 * once, however many views ask at the same moment. When the app does not answer, the page says so and shows the
 * history it had, if any; the failure is remembered for {@link FAILURE_BACKOFF_MS}, so a page opened again and
 * again does not wait for the app each time.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { HistoryAnswerSchema, type HistoryAnswer } from '../../src/events/app-data.js';
import { appDataFailureText, requestAppData, type AppDataOptions } from './app-data-client.js';
import type { RollUp } from '../../src/domain/rollup.js';
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';
import type { SyncConfig } from './config.js';
import type { Logger } from 'pino';
import type { ProductHistoryView } from './portfolio-page/history.js';

/** After the app failed to answer for a product, views within this long do not ask it again. */
export const FAILURE_BACKOFF_MS = 30_000;

export type { ProductHistoryView };

const CachedSchema = z.strictObject({
  revision: z.number().int().nonnegative(),
  marker: z.string(),
  computedAt: z.number().int().positive(),
  data: HistoryAnswerSchema,
});
type Cached = z.infer<typeof CachedSchema>;
export type CachedHistory = Cached;

/**
 * A product's cached history as Redis hands it over, checked; anything unreadable is no cache (fetched again).
 * Exported for bench/secretariat.ts, which times the product page's read of it.
 */
export function parseCachedHistory(raw: string): CachedHistory | undefined {
  try {
    const parsed = CachedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const FailureSchema = z.strictObject({ da: z.string(), en: z.string() });

/**
 * What in a roll-up moves the history without a new governance revision: its newest decisions (a decision
 * appended on its own) and its top requests' votes and pledges. A vote on a request outside the top ten shows
 * once anything else about the product changes.
 */
export function historyMarker(r: Pick<RollUp, 'decisions' | 'topRequests'>): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        d: r.decisions.map((d) => [d.decidedAt, d.kind]),
        v: r.topRequests.map((t) => [t.key, t.votes, t.coFinanceWilling, t.coFinanceTotalDkk]),
      }),
    )
    .digest('hex')
    .slice(0, 20);
}

export class ProductHistory {
  private readonly inFlight = new Map<string, Promise<ProductHistoryView>>();

  constructor(
    private readonly deps: {
      config: Pick<SyncConfig, 'sites'>;
      redis: RedisClient;
      keys: Keys;
      logger?: Logger;
      client?: AppDataOptions;
    },
  ) {}

  private async cached(sourceKey: string): Promise<Cached | undefined> {
    const raw = await this.deps.redis.get(this.deps.keys.appDataHistory(sourceKey));
    return raw ? parseCachedHistory(raw) : undefined;
  }

  /** The history for the product page of this roll-up: from the cache when it matches, else from the app once. */
  async view(
    rollUp: Pick<RollUp, 'sourceKey' | 'site' | 'project' | 'revision' | 'decisions' | 'topRequests'>,
  ): Promise<ProductHistoryView> {
    const site = this.deps.config.sites.find((s) => s.name === rollUp.site);
    if (!site?.appDataUrl) return { state: 'not_configured' };
    const marker = historyMarker(rollUp);
    const cached = await this.cached(rollUp.sourceKey);
    if (cached && cached.revision === rollUp.revision && cached.marker === marker)
      return { state: 'ok', data: cached.data, computedAt: cached.computedAt };
    const stale = cached ? { stale: { data: cached.data, computedAt: cached.computedAt } } : {};
    const failed = await this.deps.redis.get(this.deps.keys.appDataFailure(rollUp.sourceKey));
    if (failed) {
      const why = FailureSchema.safeParse(JSON.parse(failed));
      if (why.success) return { state: 'unavailable', why: why.data, ...stale };
    }
    const flightKey = `${rollUp.sourceKey}@${rollUp.revision}:${marker}`;
    const running = this.inFlight.get(flightKey);
    if (running) return running;
    const fetching = this.fetch(rollUp, marker, stale).finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, fetching);
    return fetching;
  }

  private async fetch(
    rollUp: Pick<RollUp, 'sourceKey' | 'site' | 'project' | 'revision'>,
    marker: string,
    stale: { stale?: { data: HistoryAnswer; computedAt: number } },
  ): Promise<ProductHistoryView> {
    const { redis, keys } = this.deps;
    const answer = await requestAppData(
      this.deps,
      rollUp.site,
      'history',
      { projectId: rollUp.project.id },
      this.deps.client,
    );
    if (!answer.ok) {
      const why = { da: appDataFailureText(answer, 'da'), en: appDataFailureText(answer, 'en') };
      this.deps.logger?.warn(
        { sourceKey: rollUp.sourceKey, reason: answer.reason, detail: answer.detail },
        'Historikken kunne ikke hentes fra appen',
      );
      await redis.set(keys.appDataFailure(rollUp.sourceKey), JSON.stringify(why), 'PX', FAILURE_BACKOFF_MS);
      return { state: 'unavailable', why, ...stale };
    }
    // Kept under the roll-up it was fetched for: the next view of the same roll-up is served from here. An app
    // already ahead of the roll-up is fetched once more when the roll-up catches up.
    const entry: Cached = {
      revision: rollUp.revision,
      marker,
      computedAt: answer.computedAt,
      data: answer.data,
    };
    await redis.set(keys.appDataHistory(rollUp.sourceKey), JSON.stringify(entry));
    return { state: 'ok', data: answer.data, computedAt: answer.computedAt };
  }
}
