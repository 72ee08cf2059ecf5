/**
 * Redis key and queue names. Everything lives under the configured prefix, which carries a hash tag (e.g.
 * `{os2-sync}`), so every key of one deployment hashes to one Redis Cluster slot: BullMQ's Lua scripts and
 * our own locks then work on a cluster as on a single Redis.
 */
export const PORTFOLIO_QUEUE = 'portfolio';

export function siteQueueName(site: string): string {
  return `sync-${site}`;
}

export class Keys {
  constructor(readonly prefix: string) {}
  private k(...parts: string[]): string {
    return [this.prefix, 'os2', ...parts].join(':');
  }
  /** An accepted event signature (replay protection). */
  seenSignature(signature: string): string {
    return this.k('seen-sig', signature);
  }
  /**
   * Ledger of the failed-jobs notices sent to the secretariat, one key per failure cause (a hash of queue, job,
   * product or site, and reason): set before the notice goes, so one cause is announced once.
   */
  failureNotice(causeHash: string): string {
    return this.k('failure-notice', causeHash);
  }
  /** Short lock guarding the creation of the portfolio issue of one product. */
  createLock(sourceKey: string): string {
    return this.k('create-lock', sourceKey);
  }
  /** Cache of the roll-up hash last written (or confirmed) for a product; an optimisation only. */
  writtenHash(sourceKey: string): string {
    return this.k('hash', sourceKey);
  }
  /** The newest roll-up computed for a product, handed from sync-product (or a pushed event) to portfolio-write. */
  pendingRollUp(sourceKey: string): string {
    return this.k('pending', sourceKey);
  }
  /**
   * Hash of sourceKey → the time (epoch ms) of the newest roll-up input accepted for the product (when its read
   * began, or when the app computed a pushed one): an older one arriving later is dropped, so the writes of one
   * product follow the order of their reads.
   */
  rollUpOrder(): string {
    return this.k('rollup-order');
  }
  /** Hash of sourceKey → JSON { at, outcome, hash, issueKey } for `status`. */
  lastSync(): string {
    return this.k('last-sync');
  }
  /** Epoch ms before which nothing may be sent to the site (after a 429). */
  siteBlockedUntil(site: string): string {
    return this.k('blocked', site);
  }
  /** Hash of `<from status>→<to status>` → transition id, for the portfolio issues' workflow (one per project + type). */
  transitionIds(projectKey: string, issueType: string): string {
    return this.k('transition-ids', projectKey, issueType);
  }
  /** Set for a moment after each event for a product: a later event inside it waits (trailing edge), not the first. */
  syncRecent(sourceKey: string): string {
    return this.k('sync-recent', sourceKey);
  }
  /** Hash of sourceKey → the roll-up (with hash) this service last wrote: what the portfolio page shows. */
  portfolioState(): string {
    return this.k('portfolio-state');
  }
  /** Counter that moves whenever the content of {@link portfolioState} changes (the page's live-update version). */
  portfolioStateVersion(): string {
    return this.k('portfolio-state-version');
  }
  /**
   * Set (NX, with an expiry) by the first process of a deployment that starts: it alone enqueues the reconcile
   * at start, so a rollout of several replicas reconciles once, not once per replica.
   */
  startReconcile(): string {
    return this.k('start-reconcile');
  }
  /** Hash of site → epoch ms of its last successful reconcile (the metric operators alert on). */
  lastReconcile(): string {
    return this.k('last-reconcile');
  }
  /**
   * 429s from the site in a row and when the last was counted (a hash; expires after a quiet while): the pause
   * floor of the rate gate grows with it. A new name, as the older string key of that name holds no time.
   */
  siteRateStrikes(site: string): string {
    return this.k('rate-strike-log', site);
  }
  /** Short lease of the one request that probes a site after a rate-limit pause. */
  siteProbeLease(site: string): string {
    return this.k('probe', site);
  }
  /** Epoch ms until which the site is near its quota (`X-RateLimit-NearLimit: true` seen): requests are paced. */
  siteNearLimit(site: string): string {
    return this.k('near-limit', site);
  }
  /** Lease of the one request a pacing interval that may go to a site near its quota. */
  sitePaceLease(site: string): string {
    return this.k('pace', site);
  }
  /**
   * Hash of sourceKey → its portfolio issue, JSON { id, key?, status?, hash? } (see portfolio-index.ts): the
   * service's one record of it, so a changed sync writes with one `PUT` and no search.
   */
  portfolioIndex(): string {
    return this.k('portfolio-index');
  }
  /** Hash of sourceKey → epoch ms of a portfolio issue created and not yet seen by Jira's search. */
  portfolioUnverified(): string {
    return this.k('portfolio-unverified');
  }
  /** Sorted set of portfolio issue ids written lately (score: epoch ms), for `reconcileIssues` when healing. */
  portfolioRecent(): string {
    return this.k('portfolio-recent');
  }
  /** Sorted set of issue ids of one product named by change events lately (see recent-changes.ts). */
  recentIssues(site: string, projectId: string): string {
    return this.k('recent-issues', site, projectId);
  }
  /** Hash of subject → highest signed revision accepted (sync-worker/src/trust/high-water.ts). */
  highWater(scope: string): string {
    return this.k('hwm', scope);
  }
  /**
   * Hash of the newest signed app settings accepted from one site (sync-worker/src/trust/site-settings.ts):
   * `catalogue:<id>:rank`/`:value` (the board's versions) and `cadence:rank`/`:value`.
   */
  siteSettings(site: string): string {
    return this.k('site-settings', site);
  }
  /**
   * Set for a minute after a site answered 429 or failed: its syncs then read one call at a time again (mirror
   * first), so a probe after a pause is one request, not three.
   */
  siteStrained(site: string): string {
    return this.k('strained', site);
  }
  /** Failed logins to the dashboard or portfolio from one client address (lock-out). */
  loginFailures(ip: string): string {
    return this.k('login-fail', ip);
  }
  /** Hash of site → the service's identity there (site-identity.ts): remembered account, auth state, since when. */
  siteIdentity(): string {
    return this.k('site-identity');
  }
  /** Set for a moment after a lost site's `/myself` was probed, so jobs do not probe it on every run. */
  identityProbe(site: string): string {
    return this.k('identity-probe', site);
  }
  /**
   * Hash of site → JSON { site, fetchedAt?, lists?, error? }: the site's cross-portfolio lists as its app last
   * answered them (portfolio-lists.ts), which the portfolio page's Lister tab shows.
   */
  portfolioLists(): string {
    return this.k('portfolio-lists');
  }
  /** Epoch ms when the site's lists were last asked of its app: the next ask waits out the minimum gap. */
  listsAskedAt(site: string): string {
    return this.k('lists-asked', site);
  }
  /**
   * A product's governance history as its app answered it (app-data-history.ts), with the revision and marker of
   * the roll-up it was fetched for; the product page reads it. Kept until replaced: a history only grows.
   */
  appDataHistory(sourceKey: string): string {
    return this.k('app-history', sourceKey);
  }
  /** Set for a short while after the app did not answer for a product's history (why, both languages). */
  appDataFailure(sourceKey: string): string {
    return this.k('app-history-failed', sourceKey);
  }
  /** Cached id of the portfolio project (to drop events about it). */
  portfolioProjectId(): string {
    return this.k('portfolio-project-id');
  }
}
