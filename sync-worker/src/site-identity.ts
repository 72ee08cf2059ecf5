/**
 * The service's identity on each Jira site (issue 16, item 2).
 *
 * Jira Cloud answers a bad, expired or revoked API token as the anonymous user wherever anonymous access is
 * allowed: searches come back empty, counts 0, projects and properties 404. Only `/myself` and a few others say
 * 401. Read naively, a dead token turns every product into "not governed" with zero counts and empty top lists.
 * So the service remembers which account it is on each site (`/myself`'s accountId, when first seen), asks
 * `/myself` before a reconcile and after any answer that looks like lost sight (a governed product suddenly
 * without its mirror, figures dropping to nothing, a remembered portfolio issue gone, a 400/401/403/404 where
 * data was), and while `/myself` says 401 the site is `lost`: nothing is written for it, the portfolio keeps
 * the last good figures, and health, metrics, `doctor` and the portfolio page say so. It recovers by itself
 * when `/myself` answers again. State lives in Redis, shared by every process.
 */
import { isApiError, isAuthError } from 'jira.js';
import { z } from 'zod';
import { getCurrentUser } from '../../src/jira/myself.js';
import { describeJiraError } from '../../src/jira/client.js';
import type { Logger } from 'pino';
import type { JiraClient } from '../../src/jira/client.js';
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

/** A lost site's `/myself` is asked at most this often by jobs (every process together). */
export const IDENTITY_PROBE_MS = 5_000;

const IdentityRecordSchema = z.object({
  state: z.enum(['ok', 'lost']),
  /** The account the service was, remembered from the first `/myself` that answered. */
  accountId: z.string().optional(),
  displayName: z.string().optional(),
  /** When the current state began (ISO). */
  since: z.string(),
  checkedAt: z.string(),
  /** Jira's answer when lost. */
  detail: z.string().optional(),
});
export type IdentityRecord = z.infer<typeof IdentityRecordSchema>;

export type SiteAuth = 'ok' | 'lost' | 'unknown';

/** One site's identity as health, metrics, doctor and the portfolio page show it. */
export interface SiteHealth {
  site: string;
  auth: SiteAuth;
  accountId?: string;
  since?: string;
  checkedAt?: string;
  detail?: string;
}

export interface IdentityCheck {
  state: SiteAuth;
  /** The site was lost and `/myself` answers again: syncs may resume (the caller enqueues a reconcile). */
  recovered: boolean;
}

/** Roll-up figures the service last wrote for a product, to notice when a read suddenly sees nothing. */
const FiguresSchema = z.object({ openRequests: z.number(), topRequests: z.array(z.unknown()) });

/** A Jira answer that, with a dead token, is what anonymous gets where the service used to see data. */
export function looksLikeLostSight(err: unknown): boolean {
  return isApiError(err) && [400, 401, 403, 404].includes(err.status ?? 0);
}

export class SiteIdentity {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly jira: ReadonlyMap<string, JiraClient>,
    private readonly logger?: Logger,
  ) {}

  async get(site: string): Promise<IdentityRecord | undefined> {
    const raw = await this.redis.hget(this.keys.siteIdentity(), site);
    if (!raw) return undefined;
    try {
      const parsed = IdentityRecordSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async health(sites: readonly string[]): Promise<SiteHealth[]> {
    const raw = sites.length ? await this.redis.hmget(this.keys.siteIdentity(), ...sites) : [];
    return sites.map((site, i) => {
      let rec: IdentityRecord | undefined;
      try {
        const parsed = raw[i] ? IdentityRecordSchema.safeParse(JSON.parse(raw[i]!)) : undefined;
        rec = parsed?.success ? parsed.data : undefined;
      } catch {
        rec = undefined;
      }
      if (!rec) return { site, auth: 'unknown' as const };
      return {
        site,
        auth: rec.state,
        ...(rec.accountId ? { accountId: rec.accountId } : {}),
        since: rec.since,
        checkedAt: rec.checkedAt,
        ...(rec.detail ? { detail: rec.detail } : {}),
      };
    });
  }

  /** The sites among these that are lost: one Redis round trip, for the write path that checks two. */
  async lostAmong(sites: readonly string[]): Promise<string[]> {
    return (await this.health(sites)).filter((h) => h.auth === 'lost').map((h) => h.site);
  }

  async isLost(site: string): Promise<boolean> {
    return (await this.get(site))?.state === 'lost';
  }

  /**
   * Asks `/myself` (one call). 401: the site is lost. An answer: ok (and recovered when it was lost). Any other
   * failure (network, 5xx, 429) says nothing about the token and is thrown, for the job's retry or pause.
   */
  async check(site: string, why: string): Promise<IdentityCheck> {
    const jira = this.jira.get(site);
    if (!jira) throw new Error(`Ukendt site "${site}"`);
    const prev = await this.get(site);
    const now = new Date().toISOString();
    let me: { accountId: string; displayName: string };
    try {
      me = await getCurrentUser(jira);
    } catch (err) {
      if (!isAuthError(err)) throw err;
      const detail = describeJiraError(err);
      await this.put(site, {
        state: 'lost',
        ...(prev?.accountId ? { accountId: prev.accountId } : {}),
        ...(prev?.displayName ? { displayName: prev.displayName } : {}),
        since: prev?.state === 'lost' ? prev.since : now,
        checkedAt: now,
        detail,
      });
      if (prev?.state !== 'lost')
        this.logger?.error(
          { site, why, detail, accountId: prev?.accountId },
          'Jira-identiteten er tabt (API-token ugyldigt eller tilbagekaldt): intet skrives for sitet / identity lost',
        );
      return { state: 'lost', recovered: false };
    }
    if (prev?.accountId && prev.accountId !== me.accountId)
      // Another account is still an identity (an operator rotated to a new service account); said loudly, since
      // the writer only deletes issues its own account created.
      this.logger?.warn(
        { site, was: prev.accountId, now: me.accountId },
        'Sync-tjenesten er nu en anden Jira-konto på sitet',
      );
    await this.put(site, {
      state: 'ok',
      accountId: me.accountId,
      displayName: me.displayName,
      since: prev?.state === 'ok' ? prev.since : now,
      checkedAt: now,
    });
    const recovered = prev?.state === 'lost';
    if (recovered)
      this.logger?.info({ site, why }, 'Jira-identiteten er tilbage: synkroniseringen fortsætter');
    return { state: 'ok', recovered };
  }

  /**
   * For jobs: no call while the site is not lost; a lost site's `/myself` is asked again at most every
   * {@link IDENTITY_PROBE_MS} (across processes), so a queue of syncs for a dead token is not a queue of probes.
   */
  async probeIfLost(site: string): Promise<IdentityCheck> {
    if (!(await this.isLost(site))) return { state: 'ok', recovered: false };
    const first = await this.redis.set(this.keys.identityProbe(site), '1', 'PX', IDENTITY_PROBE_MS, 'NX');
    if (first !== 'OK') return { state: 'lost', recovered: false };
    return this.check(site, 'probe');
  }

  /**
   * Whether a read of a product sees nothing where the service last wrote figures (open requests or a top
   * list): with a dead token that is what anonymous sees, so it is worth one `/myself` before writing it.
   */
  async figuresVanished(
    sourceKey: string,
    now: { openRequests: number; topRequests: readonly unknown[] },
  ): Promise<boolean> {
    if (now.openRequests > 0 || now.topRequests.length > 0) return false;
    const raw = await this.redis.hget(this.keys.portfolioState(), sourceKey);
    if (!raw) return false;
    try {
      const prev = FiguresSchema.safeParse(JSON.parse(raw));
      return prev.success && (prev.data.openRequests > 0 || prev.data.topRequests.length > 0);
    } catch {
      return false;
    }
  }

  private async put(site: string, rec: IdentityRecord): Promise<void> {
    await this.redis.hset(this.keys.siteIdentity(), site, JSON.stringify(rec));
  }
}
