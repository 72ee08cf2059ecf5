import { AsyncLocalStorage } from 'node:async_hooks';
import { createJiraClient } from '../../src/jira/client.js';
import { getProject } from '../../src/jira/projects.js';
import type { RedisClient } from './redis.js';
import type { Logger } from 'pino';
import type { JiraCallInfo, JiraClient, RateGate } from '../../src/jira/client.js';
import type { SchemaMismatchBehavior } from 'jira.js';
import type { SyncConfig, SiteConfig } from './config.js';
import type { Keys } from './keys.js';
import type { SyncMetrics } from './metrics.js';
import type { PortfolioTarget } from './portfolio-writer.js';
import type { ListsFetcher } from './portfolio-lists.js';

/** Calls made inside one job, per site (tests and logs assert that a sync costs a constant number of calls). */
export interface CallTally {
  total: number;
  bySite: Record<string, number>;
}
const tallies = new AsyncLocalStorage<CallTally>();

export async function countingCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: CallTally }> {
  const tally: CallTally = { total: 0, bySite: {} };
  const result = await tallies.run(tally, fn);
  return { result, calls: tally };
}

export interface JiraOptions {
  onSchemaMismatch?: SchemaMismatchBehavior;
  /** Observe every call (tests). */
  onCall?: (info: JiraCallInfo) => void;
}

/** Jira clients per configured site, all reporting calls to metrics and the current job's tally. */
export function createSiteClients(
  config: SyncConfig,
  gate: RateGate,
  metrics: SyncMetrics | undefined,
  opts: JiraOptions = {},
): Map<string, JiraClient> {
  const clients = new Map<string, JiraClient>();
  for (const site of config.sites) {
    clients.set(
      site.name,
      createJiraClient({
        site: site.name,
        baseUrl: site.baseUrl,
        email: site.email,
        apiToken: site.apiToken,
        gate,
        defaultRateLimitWaitMs: config.jobs.defaultRateLimitMs,
        requestTimeoutMs: config.jobs.requestTimeoutMs,
        onSchemaMismatch: opts.onSchemaMismatch ?? 'warn',
        onCall: (info) => {
          metrics?.recordCall(info);
          opts.onCall?.(info);
          const tally = tallies.getStore();
          if (tally && info.status !== 0) {
            tally.total += 1;
            tally.bySite[info.site] = (tally.bySite[info.site] ?? 0) + 1;
          }
        },
      }),
    );
  }
  return clients;
}

export interface ServiceContext {
  config: SyncConfig;
  logger: Logger;
  redis: RedisClient;
  keys: Keys;
  metrics?: SyncMetrics;
  jira: Map<string, JiraClient>;
  portfolio: PortfolioTarget;
  /** Id of the portfolio project, once known (events and reconciles never sync it: no loops). */
  portfolioProjectId?: string;
  /** Asks a site's app for its cross-portfolio lists (portfolio-lists.ts); absent: the lists are not fetched. */
  fetchLists?: ListsFetcher;
  /** The least time between two asks of one site's lists (default 30 s). */
  listsMinGapMs?: number;
}

export function siteConfig(ctx: { config: SyncConfig }, name: string): SiteConfig {
  const site = ctx.config.sites.find((s) => s.name === name);
  if (!site) throw new Error(`Ukendt site "${name}"`);
  return site;
}

export function jiraFor(ctx: ServiceContext, site: string): JiraClient {
  const jira = ctx.jira.get(site);
  if (!jira) throw new Error(`Ukendt site "${site}"`);
  return jira;
}

export function portfolioTarget(config: SyncConfig, jira: Map<string, JiraClient>): PortfolioTarget {
  const client = jira.get(config.portfolio.site);
  if (!client) throw new Error(`Porteføljesitet "${config.portfolio.site}" er ikke konfigureret`);
  return {
    jira: client,
    site: config.portfolio.site,
    projectKey: config.portfolio.projectKey,
    issueType: config.portfolio.issueType,
    // Roll-ups are signed with the portfolio site's secret (the one its Forge app holds, so the app's global
    // page can verify them); nobody who may only edit portfolio issues has it.
    secrets: config.sites.find((s) => s.name === config.portfolio.site)?.secrets ?? [config.eventSecret],
  };
}

/** Learns the portfolio project's id (Redis cache, else one call) so events about it can be dropped. */
export async function resolvePortfolioProjectId(ctx: ServiceContext): Promise<string | undefined> {
  if (ctx.portfolioProjectId) return ctx.portfolioProjectId;
  const cacheKey = ctx.keys.portfolioProjectId() + ':' + ctx.config.portfolio.projectKey;
  const cached = await ctx.redis.get(cacheKey);
  if (cached) return (ctx.portfolioProjectId = cached);
  try {
    const p = await getProject(ctx.portfolio.jira, ctx.config.portfolio.projectKey);
    ctx.portfolioProjectId = p.id;
    await ctx.redis.set(cacheKey, p.id, 'EX', 24 * 3600);
    return p.id;
  } catch (err) {
    ctx.logger.warn({ err: String(err) }, 'Kunne ikke slå porteføljeprojektets id op (prøver igen senere)');
    return undefined;
  }
}

/** True when (site, projectId) is the portfolio project itself, which is never a source. */
export async function isPortfolioProject(
  ctx: ServiceContext,
  site: string,
  projectId: string,
): Promise<boolean> {
  if (site !== ctx.config.portfolio.site) return false;
  const id = await resolvePortfolioProjectId(ctx);
  return id === projectId;
}
