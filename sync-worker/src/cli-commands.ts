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
import { EXIT } from './cli-io.js';
import { SiteIdentity } from './site-identity.js';
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
    io.out(n === 0 ? 'ingen fejlede jobs' : `${n} fejlede jobs sat i kø igen`);
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
  const names = sourceSites(config).map((s) => s.name);
  if (site && !names.includes(site)) {
    const hint = closest(site, names);
    io.err(`"${site}" er ikke et kilde-site (${names.join(', ')})${hint ? `; mente du "${hint}"?` : ''}`);
    return EXIT.usage;
  }
  return withQueues(config, async (queues) => {
    let workers = 0;
    for (const s of site ? [site] : names) {
      const job = await queues.enqueueReconcile(s);
      io.out(`fuld synkronisering af ${s} sat i kø (job ${job.id})`);
      workers += await queues
        .siteQueue(s)
        .getWorkersCount()
        .catch(() => 1); // CLIENT LIST not allowed (some managed Redis): cannot tell, so do not warn
    }
    if (workers === 0) {
      io.err(
        `ADVARSEL: ingen worker kører på ${redactRedisUrl(config.redis.url)} med præfiks ${config.redis.prefix};` +
          ' jobbet venter, til `os2-sync run` startes (no worker is running: nothing will process it yet)',
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
  const [siteName, project] = args;
  if (!siteName || !project) {
    io.err('brug: os2-sync sync <site> <projektnøgle eller id>');
    return EXIT.usage;
  }
  const site = config.sites.find((s) => s.name === siteName && s.source);
  if (!site) {
    io.err(
      `"${siteName}" er ikke et kilde-site (${sourceSites(config)
        .map((s) => s.name)
        .join(', ')})`,
    );
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
        io.err('porteføljeprojektet er aldrig en kilde');
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
        `${written.outcome === 'unchanged' ? 'uændret' : written.outcome === 'created' ? 'oprettet' : 'opdateret'}: ` +
          `${written.issueKey} (${readCalls.total} kald til ${siteName}, ${writeCalls.total} til porteføljen)` +
          (source.integrity !== 'verified' ? ` ADVARSEL: spejlet er ${source.integrity}` : ''),
      );
    }
    return EXIT.ok;
  } catch (err) {
    io.err(`synkronisering fejlede: ${describeJiraError(err)}`);
    return EXIT.failed;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export async function cmdStatus(config: SyncConfig, io: CliIo, json: boolean): Promise<number> {
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
    if (json) {
      io.out(JSON.stringify({ queues: counts, failed, lastSync }));
      return EXIT.ok;
    }
    io.out('Køer:');
    for (const [name, c] of Object.entries(counts)) {
      io.out(
        `  ${name.padEnd(20)} venter ${c.waiting ?? 0}  aktive ${c.active ?? 0}  udsatte ${c.delayed ?? 0}  fejlede ${c.failed ?? 0}  færdige ${c.completed ?? 0}`,
      );
    }
    io.out(`Fejlede jobs (${failed.length}):`);
    for (const f of failed) {
      io.out(
        `  ${f.queue} #${f.id} ${f.name} ${JSON.stringify(f.data)} efter ${f.attempts} forsøg: ${f.reason}`,
      );
    }
    if (failed.length > 0) io.out('  → os2-sync retry-failed kører dem igen');
    io.out(`Seneste synkronisering pr. produkt (${Object.keys(lastSync).length}):`);
    for (const [key, s] of Object.entries(lastSync)) {
      io.out(
        `  ${key.padEnd(24)} ${s.at}  ${s.outcome}${s.issueKey ? `  ${s.issueKey}` : ''}${s.integrity && s.integrity !== 'verified' ? `  (${s.integrity})` : ''}`,
      );
    }
    return EXIT.ok;
  });
}

interface Check {
  ok: boolean;
  what: string;
  fix?: string;
}

export async function cmdDoctor(config: SyncConfig, io: CliIo): Promise<number> {
  const checks: Check[] = [];
  const report = (c: Check) => {
    checks.push(c);
    io.out(`${c.ok ? '✔' : '✘'} ${c.what}${!c.ok && c.fix ? `\n    → ${c.fix}` : ''}`);
  };
  report({ ok: true, what: `konfigurationen er gyldig: ${JSON.stringify(redactConfig(config))}` });

  // Redis first, with a probe that never waits: without Redis, the Jira checks still run (they only need
  // Redis for the shared 429 gate, replaced here by one in memory) and the rest is skipped, not hung on.
  const probe = await probeRedis(config.redis.url, config.redis.cluster);
  let redis: RedisClient | undefined;
  if (probe.ok) {
    redis = cliRedis(config);
    try {
      const info = await redis.info('server');
      const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '?';
      report({ ok: true, what: `Redis svarer (${version}), præfiks ${config.redis.prefix}` });
    } catch (err) {
      report({ ok: false, what: `Redis: ${(err as Error).message}` });
    }
  } else {
    report({
      ok: false,
      what: redisUnreachableMessage(config.redis.url, probe.reason),
      fix: 'start Redis eller ret REDIS_URL / redis.url (BullMQ kræver Redis ≥ 6.2); køerne springes over',
    });
  }

  const logger = quietLogger(config);
  const { jira: clients, portfolio } = redis
    ? createContext(config, redis, logger, undefined)
    : offlineClients(config);
  const jiraOf = (site: string): JiraClient => {
    const c = clients.get(site);
    if (!c) throw new Error(`Ukendt site "${site}"`);
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
      report({ ok: true, what: `${site.name}: logger ind som ${me.displayName} (${site.email})` });
      if (stored?.auth === 'lost')
        report({
          ok: true,
          what: `${site.name}: tokenet virker igen; sync-tjenesten genoptager sitet af sig selv inden for et minut / the token works again; the service resumes the site by itself`,
        });
    } catch (err) {
      const lostSince = stored?.auth === 'lost' && stored.since ? ` siden ${stored.since}` : '';
      report({
        ok: false,
        what: isAuthError(err)
          ? `${site.name}: API-tokenet er ugyldigt eller tilbagekaldt${lostSince}; sync-tjenesten skriver intet for sitet, og porteføljen viser de seneste gode tal / ` +
            `the API token for ${site.name} is invalid or revoked; nothing is written for the site (${describeJiraError(err)})`
          : `${site.name}: kan ikke logge ind på ${site.baseUrl}: ${describeJiraError(err)}`,
        fix: isAuthError(err)
          ? `lav et nyt API-token til ${site.email} og sæt det i ${site.apiTokenEnv} (https://id.atlassian.com/manage-profile/security/api-tokens)`
          : `tjek baseUrl ${site.baseUrl} og netværksadgang`,
      });
      continue;
    }
    if (site.source) {
      try {
        const projects = await listProjects(jira, site.projects ? { keys: site.projects } : {});
        const missing = (site.projects ?? []).filter((k) => !projects.some((p) => p.key === k));
        report({
          ok: missing.length === 0,
          what: `${site.name}: ser ${projects.length} projekter${missing.length ? `; mangler ${missing.join(', ')}` : ''}`,
          fix: `giv ${site.email} "Browse projects" i ${missing.join(', ')} eller ret projects-listen`,
        });
        const sample = projects.find(
          (p) => !(site.name === config.portfolio.site && p.key === config.portfolio.projectKey),
        );
        if (sample) {
          const perms = await myPermissions(jira, ['BROWSE_PROJECTS'], { projectId: sample.id });
          report({
            ok: perms.BROWSE_PROJECTS === true,
            what: `${site.name}: må se projekter og læse projektegenskaber (${sample.key})`,
            fix: `giv ${site.email} "Browse projects" i kildeprojekterne`,
          });
          await searchPage(jira, topRequestsJql(sample.id), {
            maxResults: 1,
          });
          report({
            ok: true,
            what: `${site.name}: JQL på issue.property[os2-votes].count virker (indekseret)`,
          });
        }
        report(await checkSignatures(jira, site.name, projects, config));
      } catch (err) {
        report({
          ok: false,
          what: `${site.name}: ${describeJiraError(err)}`,
          fix:
            isApiError(err) && err.status === 400
              ? 'installér Forge-appen på sitet: dens jira:entityProperty-modul indekserer os2-votes.count'
              : `tjek ${site.email}s rettigheder på ${site.baseUrl}`,
        });
      }
    }
  }

  // The portfolio project: exists, has the statuses, the indexed property, and the account may write.
  const port = portfolio;
  try {
    const project = await getProject(port.jira, port.projectKey);
    report({ ok: true, what: `porteføljeprojektet ${project.key} (${project.name}) findes på ${port.site}` });
    const types = await getProjectStatuses(port.jira, port.projectKey);
    const type = types.find((t) => t.issueType === port.issueType);
    if (!type) {
      report({
        ok: false,
        what: `sagstypen "${port.issueType}" findes ikke i ${port.projectKey} (har: ${types.map((t) => t.issueType).join(', ')})`,
        fix: `opret sagstypen "${port.issueType}" i ${port.projectKey} eller sæt portfolio.issueType`,
      });
    } else {
      const names = new Set(type.statuses.map((s) => s.name));
      const missing = Object.values(STATUS_BY_STATE).filter((s) => !names.has(s));
      report({
        ok: missing.length === 0,
        what: `${port.projectKey}/${port.issueType} har statusserne ${Object.values(STATUS_BY_STATE).join(', ')}${missing.length ? ` (mangler ${missing.join(', ')})` : ''}`,
        fix: `tilføj statusserne ${missing.join(', ')} til workflowet, med overgange mellem dem`,
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
    report({
      ok: lacking.length === 0,
      what: `rettigheder i ${port.projectKey}${lacking.length ? `: mangler ${lacking.join(', ')}` : ''}`,
      fix: `giv ${siteConfig({ config }, port.site).email} ${lacking.join(', ')} i ${port.projectKey}`,
    });
    await searchPage(port.jira, portfolioJql(port.projectKey, 'doctor/0'), { maxResults: 1 });
    report({ ok: true, what: `JQL på issue.property[${ROLLUP_PROPERTY}].sourceKey virker (indekseret)` });
  } catch (err) {
    report({
      ok: false,
      what: `porteføljeprojektet ${port.projectKey} på ${port.site}: ${describeJiraError(err)}`,
      fix: isNotFoundError(err)
        ? `opret projektet ${port.projectKey} eller ret portfolio.projectKey`
        : isForbiddenError(err)
          ? `giv ${siteConfig({ config }, port.site).email} adgang til ${port.projectKey}`
          : isApiError(err) && err.status === 400
            ? `installér Forge-appen på ${port.site}: dens jira:entityProperty-modul indekserer ${ROLLUP_PROPERTY}.sourceKey`
            : 'se fejlen ovenfor',
    });
  }
  if (redis) await redis.quit().catch(() => redis.disconnect());
  const failed = checks.filter((c) => !c.ok).length;
  io.out(failed === 0 ? 'Alt ser godt ud.' : `${failed} problem(er) skal rettes.`);
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
): Promise<Check> {
  for (const p of projects.slice(0, MIRROR_PROBE_PROJECTS)) {
    const raw = await getProjectProperty(jira, p.id, GOVERNANCE_PROPERTY);
    if (raw === undefined || raw === null) continue;
    const mirror = readGovernanceMirror(raw, config.eventSecret);
    if (mirror.integrity === 'verified') {
      return { ok: true, what: `${site}: governance-spejlet i ${p.key} verificeres med OS2_EVENT_SECRET` };
    }
    return {
      ok: false,
      what:
        `${site}: governance-spejlet i ${p.key} kan ikke verificeres (${mirror.reason}): signaturerne passer ikke` +
        ' med denne hemmelighed / signatures do not verify with this secret',
      fix: "sammenlign OS2_EVENT_SECRET med hændelseshemmeligheden på appens administrationsside (compare with the app's admin page)",
    };
  }
  return {
    ok: true,
    what: `${site}: intet governance-spejl at verificere endnu (i de første ${MIRROR_PROBE_PROJECTS} projekter)`,
  };
}
