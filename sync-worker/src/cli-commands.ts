/**
 * The os2-sync commands themselves, loaded by cli.ts only once the command line and the configuration are
 * known to be right: `--help` and a typo answer without loading BullMQ, jira.js and the service.
 */
import { isAuthError, isForbiddenError, isNotFoundError, isApiError } from 'jira.js';
import { redactConfig, sourceSites } from './config.js';
import { createLogger } from './logger.js';
import { createContext, createRedis, runUntilSignalled } from './service.js';
import { SyncQueues } from './queues.js';
import { countingCalls, createSiteClients, jiraFor, portfolioTarget, siteConfig } from './context.js';
import { readProduct, topRequestsJql } from './product-source.js';
import { portfolioJql, writeRollUp, ROLLUP_PROPERTY } from './portfolio-writer.js';
import { STATUS_BY_STATE } from './adf.js';
import { portfolioPagePlugin } from './portfolio-page/index.js';
import { closest } from './suggest.js';
import { EXIT, cliLocale } from './cli-io.js';
import { SiteIdentity } from './site-identity.js';
import { t } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/index.js';
import type { CliIo } from './cli-io.js';
import { probeRedis, redactRedisUrl, redisUnreachableMessage } from './redis.js';
import { recordLastSync } from './jobs.js';
import { getProject, getProjectStatuses, listProjects } from '../../src/jira/projects.js';
import { getCurrentUser } from '../../src/jira/myself.js';
import { myPermissions } from '../../src/jira/permissions.js';
import { searchPage } from '../../src/jira/search.js';
import { getProjectProperty } from '../../src/jira/project-properties.js';
import { describeJiraError, MemoryRateGate } from '../../src/jira/client.js';
import { GOVERNANCE_PROPERTY, readGovernanceMirror } from '../../src/mirror/governance-mirror.js';
import type { LastSync } from './jobs.js';
import type { SyncConfig } from './config.js';
import type { Logger } from 'pino';
import type { RedisClient } from './redis.js';
import type { JiraClient } from '../../src/jira/client.js';
import type { PortfolioTarget } from './portfolio-writer.js';
import { Keys } from './keys.js';
import { PortfolioState } from './portfolio-state.js';
import {
  attentionLabel,
  attentionMarkers,
  needsAttention,
  todayInCopenhagen,
} from '../../src/domain/attention.js';

/** Runs the service until a signal stops it; the returned promise never settles (the signal handler exits). */
export async function cmdRun(config: SyncConfig): Promise<number> {
  await runUntilSignalled(config, {
    logger: createLogger(config.logLevel),
    processMetrics: true,
    plugins: [
      {
        plugin: portfolioPagePlugin,
        options: { jiraBaseUrl: (site: string) => config.sites.find((s) => s.name === site)?.baseUrl },
      },
    ],
  });
  return new Promise<number>(() => {});
}

export async function cmdRetryFailed(config: SyncConfig, io: CliIo): Promise<number> {
  return withQueues(config, async (queues) => {
    const n = await queues.retryFailed();
    const locale = cliLocale(io.env);
    io.out(n === 0 ? t(locale, 'cli.retry.none') : t(locale, 'cli.retry.done', { count: n }));
    return EXIT.ok;
  });
}

/** A short-lived Redis client: commands fail instead of waiting when Redis goes away mid-command. */
function cliRedis(config: SyncConfig): RedisClient {
  const redis = createRedis(config, { failFast: true });
  redis.on('error', () => undefined); // the probe has reported; a failing command rejects and says why
  return redis;
}

export async function cmdReconcile(config: SyncConfig, site: string | undefined, io: CliIo): Promise<number> {
  const locale = cliLocale(io.env);
  const names = sourceSites(config).map((s) => s.name);
  if (site && !names.includes(site)) {
    const hint = closest(site, names);
    io.err(
      t(locale, 'cli.notASourceSite', {
        site,
        sites: names.join(', '),
        hint: hint ? t(locale, 'cli.didYouMean', { hint }) : '',
      }),
    );
    return EXIT.usage;
  }
  return withQueues(config, async (queues) => {
    let workers = 0;
    for (const s of site ? [site] : names) {
      const job = await queues.enqueueReconcile(s);
      io.out(t(locale, 'cli.reconcile.queued', { site: s, job: job.id ?? '' }));
      workers += await queues
        .siteQueue(s)
        .getWorkersCount()
        .catch(() => 1); // CLIENT LIST not allowed (some managed Redis): cannot tell, so do not warn
    }
    if (workers === 0) {
      io.err(
        t(locale, 'cli.reconcile.noWorker', {
          redis: redactRedisUrl(config.redis.url),
          prefix: config.redis.prefix,
        }),
      );
    }
    return EXIT.ok;
  });
}

async function withQueues(
  config: SyncConfig,
  fn: (queues: SyncQueues, redis: RedisClient) => Promise<number>,
): Promise<number> {
  const redis = cliRedis(config);
  const queues = new SyncQueues(config, redis);
  try {
    return await fn(queues, redis);
  } finally {
    await queues.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}

function quietLogger(config: SyncConfig): Logger {
  return createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
}

export async function cmdSync(config: SyncConfig, args: string[], io: CliIo, json: boolean): Promise<number> {
  const locale = cliLocale(io.env);
  const [siteName, project] = args;
  if (!siteName || !project) {
    io.err(t(locale, 'cli.sync.usage'));
    return EXIT.usage;
  }
  const site = config.sites.find((s) => s.name === siteName && s.source);
  if (!site) {
    const sites = sourceSites(config).map((s) => s.name);
    io.err(t(locale, 'cli.notASourceSite', { site: siteName, sites: sites.join(', '), hint: '' }));
    return EXIT.usage;
  }
  const redis = cliRedis(config);
  try {
    const ctx = createContext(config, redis, quietLogger(config), undefined);
    const jira = jiraFor(ctx, siteName);
    const projectId = /^\d+$/.test(project) ? project : (await getProject(jira, project)).id;
    if (siteName === config.portfolio.site) {
      const port = await getProject(ctx.portfolio.jira, config.portfolio.projectKey).catch(() => undefined);
      if (port?.id === projectId) {
        io.err(t(locale, 'cli.sync.portfolioIsNoSource'));
        return EXIT.usage;
      }
    }
    const { result: source, calls: readCalls } = await countingCalls(() =>
      readProduct(jira, siteName, projectId, config.eventSecret),
    );
    if (source.kind === 'not-governed') {
      io.out(json ? JSON.stringify({ outcome: 'not-governed', reason: source.reason }) : source.reason);
      return EXIT.ok;
    }
    const { result: written, calls: writeCalls } = await countingCalls(() =>
      writeRollUp(
        { target: ctx.portfolio, logger: ctx.logger, redis, keys: ctx.keys },
        source.rollUp,
        source.hash,
      ),
    );
    await redis.set(ctx.keys.writtenHash(source.rollUp.sourceKey), source.hash, 'EX', 6 * 3600);
    // Shown by `os2-sync status` like a worker's sync, so an operator sees what the CLI did.
    await recordLastSync(redis, ctx.keys.lastSync(), source.rollUp.sourceKey, {
      at: new Date().toISOString(),
      outcome: written.outcome,
      issueKey: written.issueKey,
      hash: source.hash,
      integrity: source.integrity,
      calls: readCalls.total + writeCalls.total,
    });
    if (json) {
      io.out(
        JSON.stringify({
          outcome: written.outcome,
          issueKey: written.issueKey,
          calls: { source: readCalls.total, portfolio: writeCalls.total },
          rollUp: source.rollUp,
        }),
      );
    } else {
      io.out(JSON.stringify(source.rollUp, null, 2));
      io.out(
        t(locale, 'cli.sync.done', {
          outcome: t(locale, `cli.sync.${written.outcome}`),
          issue: written.issueKey,
          source: readCalls.total,
          site: siteName,
          portfolio: writeCalls.total,
        }) +
          (source.integrity !== 'verified'
            ? t(locale, 'cli.sync.mirrorWarning', { integrity: source.integrity })
            : ''),
      );
    }
    return EXIT.ok;
  } catch (err) {
    io.err(t(locale, 'cli.sync.failed', { error: describeJiraError(err) }));
    return EXIT.failed;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export interface StatusOptions {
  /** Only the products that need attention (src/domain/attention.ts), each with its markers. */
  attention?: boolean;
  /** Today (ISO date) the markers are measured against; default today in Copenhagen. Tests pass a day. */
  today?: string;
}

export async function cmdStatus(
  config: SyncConfig,
  io: CliIo,
  json: boolean,
  opts: StatusOptions = {},
): Promise<number> {
  return withQueues(config, async (queues, redis) => {
    const keys = new Keys(config.redis.prefix);
    const counts: Record<string, Record<string, number>> = {};
    const failed: {
      queue: string;
      id?: string;
      name: string;
      data: unknown;
      reason: string;
      attempts: number;
      at?: string;
    }[] = [];
    for (const q of queues.all()) {
      counts[q.name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      for (const job of await q.getFailed(0, 49)) {
        failed.push({
          queue: q.name,
          id: job.id,
          name: job.name,
          data: job.data,
          reason: job.failedReason,
          attempts: job.attemptsMade,
          ...(job.finishedOn ? { at: new Date(job.finishedOn).toISOString() } : {}),
        });
      }
    }
    const raw = await redis.hgetall(keys.lastSync());
    const lastSync = Object.fromEntries(
      Object.entries(raw)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, JSON.parse(v) as LastSync]),
    );
    const locale = cliLocale(io.env);
    // The products as the service last wrote them (its portfolio state in Redis: no Jira call), filtered by
    // the rule the portfolio page's "Kræver opmærksomhed" uses, with the same words.
    const attention = opts.attention
      ? await productsNeedingAttention(redis, keys, opts.today ?? todayInCopenhagen(), locale)
      : undefined;
    if (json) {
      const shown = attention
        ? Object.fromEntries(
            Object.entries(lastSync).filter(([k]) => attention.rows.some((r) => r.sourceKey === k)),
          )
        : lastSync;
      io.out(
        JSON.stringify({
          queues: counts,
          failed,
          lastSync: shown,
          ...(attention ? { attention: attention.rows, products: attention.total } : {}),
        }),
      );
      return attention && attention.rows.length > 0 ? EXIT.failed : EXIT.ok;
    }
    io.out(t(locale, 'cli.status.queues'));
    for (const [name, c] of Object.entries(counts)) {
      io.out(
        t(locale, 'cli.status.queue', {
          name: name.padEnd(20),
          waiting: c.waiting ?? 0,
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
          completed: c.completed ?? 0,
        }),
      );
    }
    io.out(t(locale, 'cli.status.failed', { count: failed.length }));
    for (const f of failed) {
      io.out(
        t(locale, 'cli.status.failedJob', {
          queue: f.queue,
          id: f.id ?? '',
          name: f.name,
          data: JSON.stringify(f.data),
          attempts: f.attempts,
          reason: f.reason,
        }),
      );
    }
    if (failed.length > 0) io.out(t(locale, 'cli.status.retryHint'));
    if (attention) {
      io.out(
        attention.rows.length === 0
          ? t(locale, 'cli.status.attentionNone', { total: attention.total })
          : t(locale, 'cli.status.attention', { count: attention.rows.length, total: attention.total }),
      );
      for (const r of attention.rows) {
        const s = lastSync[r.sourceKey];
        io.out(`  ● ${r.key.padEnd(10)} ${r.name} (${r.site}): ${r.labels.join(', ')}`);
        if (s) io.out(`    ${s.at}  ${s.outcome}${s.issueKey ? `  ${s.issueKey}` : ''}`);
      }
      return attention.rows.length > 0 ? EXIT.failed : EXIT.ok;
    }
    io.out(t(locale, 'cli.status.lastSync', { count: Object.keys(lastSync).length }));
    for (const [key, s] of Object.entries(lastSync)) {
      io.out(
        `  ${key.padEnd(24)} ${s.at}  ${s.outcome}${s.issueKey ? `  ${s.issueKey}` : ''}${s.integrity && s.integrity !== 'verified' ? `  (${s.integrity})` : ''}`,
      );
    }
    return EXIT.ok;
  });
}

export interface AttentionRow {
  sourceKey: string;
  key: string;
  name: string;
  site: string;
  markers: string[];
  labels: string[];
}

/** The products of the service's portfolio state that need attention, by name, with their markers' words. */
async function productsNeedingAttention(
  redis: RedisClient,
  keys: Keys,
  today: string,
  locale: Locale,
): Promise<{ rows: AttentionRow[]; total: number }> {
  const all = await new PortfolioState(redis, keys).list();
  const rows = all
    .filter((r) => needsAttention(r, today))
    .map((r) => {
      // Due soon is a reminder, not a reason to act (needsAttention leaves it out): not listed here either.
      const markers = attentionMarkers(r, today).filter((m) => m !== 'due');
      return {
        sourceKey: r.sourceKey,
        key: r.project.key,
        name: r.name,
        site: r.site,
        markers,
        labels: markers.map((m) => attentionLabel(m, r, locale)),
      };
    });
  return { rows, total: all.length };
}

interface Check {
  ok: boolean;
  what: string;
  fix?: string;
}

export async function cmdDoctor(config: SyncConfig, io: CliIo): Promise<number> {
  const locale = cliLocale(io.env);
  const m = (key: Parameters<typeof t>[1], vars?: Parameters<typeof t>[2]): string => t(locale, key, vars);
  const checks: Check[] = [];
  const report = (c: Check) => {
    checks.push(c);
    io.out(`${c.ok ? '✔' : '✘'} ${c.what}${!c.ok && c.fix ? `\n    → ${c.fix}` : ''}`);
  };
  report({ ok: true, what: m('doctor.configValid', { config: JSON.stringify(redactConfig(config)) }) });

  // Redis first, with a probe that never waits: without Redis, the Jira checks still run (they only need
  // Redis for the shared 429 gate, replaced here by one in memory) and the rest is skipped, not hung on.
  const probe = await probeRedis(config.redis.url, config.redis.cluster);
  let redis: RedisClient | undefined;
  if (probe.ok) {
    redis = cliRedis(config);
    try {
      const info = await redis.info('server');
      const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '?';
      report({ ok: true, what: m('doctor.redisOk', { version, prefix: config.redis.prefix }) });
    } catch (err) {
      report({ ok: false, what: m('doctor.redisError', { error: (err as Error).message }) });
    }
  } else {
    report({
      ok: false,
      what: redisUnreachableMessage(config.redis.url, probe.reason, locale),
      fix: m('doctor.redisFix'),
    });
  }

  const logger = quietLogger(config);
  const { jira: clients, portfolio } = redis
    ? createContext(config, redis, logger, undefined)
    : offlineClients(config);
  const jiraOf = (site: string): JiraClient => {
    const c = clients.get(site);
    if (!c) throw new Error(m('doctor.unknownSite', { site }));
    return c;
  };
  // What the running service has concluded about its identity on each site (site-identity.ts).
  const identity = redis
    ? await new SiteIdentity(redis, new Keys(config.redis.prefix), clients)
        .health(config.sites.map((s) => s.name))
        .catch(() => [])
    : [];
  for (const site of config.sites) {
    const jira = jiraOf(site.name);
    const stored = identity.find((h) => h.site === site.name);
    try {
      const me = await getCurrentUser(jira);
      report({
        ok: true,
        what: m('doctor.login', { site: site.name, name: me.displayName, email: site.email }),
      });
      if (stored?.auth === 'lost')
        report({ ok: true, what: m('doctor.tokenWorksAgain', { site: site.name }) });
    } catch (err) {
      const lostSince = stored?.auth === 'lost' && stored.since ? stored.since : '';
      report({
        ok: false,
        what: isAuthError(err)
          ? m('doctor.tokenInvalid', {
              site: site.name,
              since: lostSince ? m('doctor.tokenLostSince', { since: lostSince }) : '',
              error: describeJiraError(err),
            })
          : m('doctor.loginFailed', { site: site.name, url: site.baseUrl, error: describeJiraError(err) }),
        fix: isAuthError(err)
          ? m('doctor.loginFixAuth', { email: site.email, env: site.apiTokenEnv })
          : m('doctor.loginFixNetwork', { url: site.baseUrl }),
      });
      continue;
    }
    if (site.source) {
      try {
        const projects = await listProjects(jira, site.projects ? { keys: site.projects } : {});
        const missing = (site.projects ?? []).filter((k) => !projects.some((p) => p.key === k));
        report({
          ok: missing.length === 0,
          what:
            m('doctor.projects', { site: site.name, count: projects.length }) +
            (missing.length ? m('doctor.projectsMissing', { keys: missing.join(', ') }) : ''),
          fix: m('doctor.projectsFix', { email: site.email, keys: missing.join(', ') }),
        });
        const sample = projects.find(
          (p) => !(site.name === config.portfolio.site && p.key === config.portfolio.projectKey),
        );
        if (sample) {
          const perms = await myPermissions(jira, ['BROWSE_PROJECTS'], { projectId: sample.id });
          report({
            ok: perms.BROWSE_PROJECTS === true,
            what: m('doctor.browse', { site: site.name, key: sample.key }),
            fix: m('doctor.browseFix', { email: site.email }),
          });
          await searchPage(jira, topRequestsJql(sample.id), {
            maxResults: 1,
          });
          report({
            ok: true,
            what: m('doctor.votesJql', { site: site.name }),
          });
        }
        report(await checkSignatures(jira, site.name, projects, config, locale));
      } catch (err) {
        report({
          ok: false,
          what: m('doctor.siteError', { site: site.name, error: describeJiraError(err) }),
          fix:
            isApiError(err) && err.status === 400
              ? m('doctor.siteFixApp')
              : m('doctor.siteFixPermissions', { email: site.email, url: site.baseUrl }),
        });
      }
    }
  }

  // The portfolio project: exists, has the statuses, the indexed property, and the account may write.
  const port = portfolio;
  try {
    const project = await getProject(port.jira, port.projectKey);
    report({
      ok: true,
      what: m('doctor.portfolioFound', { key: project.key, name: project.name, site: port.site }),
    });
    const types = await getProjectStatuses(port.jira, port.projectKey);
    const type = types.find((x) => x.issueType === port.issueType);
    if (!type) {
      report({
        ok: false,
        what: m('doctor.issueTypeMissing', {
          type: port.issueType,
          key: port.projectKey,
          types: types.map((x) => x.issueType).join(', '),
        }),
        fix: m('doctor.issueTypeFix', { type: port.issueType, key: port.projectKey }),
      });
    } else {
      const names = new Set(type.statuses.map((s) => s.name));
      const missing = Object.values(STATUS_BY_STATE).filter((s) => !names.has(s));
      report({
        ok: missing.length === 0,
        what:
          m('doctor.statuses', {
            key: port.projectKey,
            type: port.issueType,
            statuses: Object.values(STATUS_BY_STATE).join(', '),
          }) + (missing.length ? m('doctor.statusesMissing', { statuses: missing.join(', ') }) : ''),
        fix: m('doctor.statusesFix', { statuses: missing.join(', ') }),
      });
    }
    const perms = await myPermissions(
      port.jira,
      ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'DELETE_ISSUES', 'TRANSITION_ISSUES'],
      { projectKey: port.projectKey },
    );
    const lacking = Object.entries(perms)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    const email = siteConfig({ config }, port.site).email;
    report({
      ok: lacking.length === 0,
      what:
        m('doctor.permissions', { key: port.projectKey }) +
        (lacking.length ? m('doctor.permissionsMissing', { permissions: lacking.join(', ') }) : ''),
      fix: m('doctor.permissionsFix', { email, permissions: lacking.join(', '), key: port.projectKey }),
    });
    await searchPage(port.jira, portfolioJql(port.projectKey, 'doctor/0'), { maxResults: 1 });
    report({ ok: true, what: m('doctor.rollupJql', { property: ROLLUP_PROPERTY }) });
  } catch (err) {
    const email = siteConfig({ config }, port.site).email;
    report({
      ok: false,
      what: m('doctor.portfolioError', {
        key: port.projectKey,
        site: port.site,
        error: describeJiraError(err),
      }),
      fix: isNotFoundError(err)
        ? m('doctor.portfolioFixCreate', { key: port.projectKey })
        : isForbiddenError(err)
          ? m('doctor.portfolioFixAccess', { email, key: port.projectKey })
          : isApiError(err) && err.status === 400
            ? m('doctor.portfolioFixApp', { site: port.site, property: ROLLUP_PROPERTY })
            : m('doctor.portfolioFixOther'),
    });
  }
  if (redis) await redis.quit().catch(() => redis.disconnect());
  const failed = checks.filter((c) => !c.ok).length;
  io.out(failed === 0 ? m('doctor.allGood') : m('doctor.problems', { count: failed }));
  return failed === 0 ? EXIT.ok : EXIT.failed;
}

/** Jira clients for doctor when Redis is down: the 429 gate lives in memory for this one run. */
function offlineClients(config: SyncConfig): { jira: Map<string, JiraClient>; portfolio: PortfolioTarget } {
  const jira = createSiteClients(config, new MemoryRateGate(), undefined);
  return { jira, portfolio: portfolioTarget(config, jira) };
}

/** How many projects of a site doctor reads looking for a governance mirror to verify. */
const MIRROR_PROBE_PROJECTS = 25;

/**
 * Verifies one governance mirror of the site with the configured OS2_EVENT_SECRET. A secret that differs from
 * the Forge app's passes every other check, then brands every product "cannot be verified" on the board's
 * page: this is the one check that catches it before the board does.
 */
async function checkSignatures(
  jira: JiraClient,
  site: string,
  projects: { id: string; key: string }[],
  config: SyncConfig,
  locale: Locale,
): Promise<Check> {
  for (const p of projects.slice(0, MIRROR_PROBE_PROJECTS)) {
    const raw = await getProjectProperty(jira, p.id, GOVERNANCE_PROPERTY);
    if (raw === undefined || raw === null) continue;
    const mirror = readGovernanceMirror(raw, config.eventSecret);
    if (mirror.integrity === 'verified') {
      return { ok: true, what: t(locale, 'doctor.mirrorVerified', { site, key: p.key }) };
    }
    return {
      ok: false,
      what: t(locale, 'doctor.mirrorUnverified', { site, key: p.key, reason: mirror.reason ?? '' }),
      fix: t(locale, 'doctor.mirrorFix'),
    };
  }
  return { ok: true, what: t(locale, 'doctor.noMirror', { site, count: MIRROR_PROBE_PROJECTS }) };
}
