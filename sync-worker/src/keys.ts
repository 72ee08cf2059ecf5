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
  /** Short lock guarding the creation of the portfolio issue of one product. */
  createLock(sourceKey: string): string {
    return this.k('create-lock', sourceKey);
  }
  /** Cache of the roll-up hash last written (or confirmed) for a product; an optimisation only. */
  writtenHash(sourceKey: string): string {
    return this.k('hash', sourceKey);
  }
  /** The newest roll-up computed for a product, handed from sync-product to portfolio-write. */
  pendingRollUp(sourceKey: string): string {
    return this.k('pending', sourceKey);
  }
  /** Hash of sourceKey → JSON { at, outcome, hash, issueKey } for `status`. */
  lastSync(): string {
    return this.k('last-sync');
  }
  /** Epoch ms before which nothing may be sent to the site (after a 429). */
  siteBlockedUntil(site: string): string {
    return this.k('blocked', site);
  }
  /** 429s from the site in a row (expires after a quiet while): the pause floor of the rate gate grows with it. */
  siteRateStrikes(site: string): string {
    return this.k('rate-strikes', site);
  }
  /** Hash of sourceKey → id of its portfolio issue (see portfolio-index.ts). */
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
  /** Failed logins to the dashboard or portfolio from one client address (lock-out). */
  loginFailures(ip: string): string {
    return this.k('login-fail', ip);
  }
  /** Cached id of the portfolio project (to drop events about it). */
  portfolioProjectId(): string {
    return this.k('portfolio-project-id');
  }
}
