import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { isAuthError, isForbiddenError, isNotFoundError, isApiError } from 'jira.js';
import { ConfigError, loadConfig, redactConfig, sourceSites } from './config.js';
import { createLogger } from './logger.js';
import { createContext, createRedis, runUntilSignalled } from './service.js';
import { SyncQueues } from './queues.js';
import { countingCalls, jiraFor, siteConfig } from './context.js';
import { readProduct, topRequestsJql } from './product-source.js';
import { portfolioJql, writeRollUp, ROLLUP_PROPERTY } from './portfolio-writer.js';
import { STATUS_BY_STATE } from './adf.js';
import { portfolioPagePlugin } from './portfolio-page/index.js';
import { getProject, getProjectStatuses, listProjects } from '../../src/jira/projects.js';
import { getCurrentUser } from '../../src/jira/myself.js';
import { myPermissions } from '../../src/jira/permissions.js';
import { searchPage } from '../../src/jira/search.js';
import { describeJiraError } from '../../src/jira/client.js';
import type { LastSync } from './jobs.js';
import type { SyncConfig } from './config.js';
import type { Logger } from 'pino';
import type { RedisClient } from './redis.js';
import { Keys } from './keys.js';

const USAGE = `os2-sync <kommando> [--config <fil>] [--json]

  run                     kør tjenesten (HTTP, workers, planlagt afstemning) til SIGTERM/SIGINT
  sync <site> <projekt>   synkronisér ét produkt nu (projektnøgle eller id) og udskriv roll-up'en
  reconcile [site]        sæt en afstemning i kø for ét site eller alle
  status                  køer, fejlede jobs og seneste synkronisering pr. produkt (--json)
  retry-failed            kør alle fejlede jobs igen
  doctor                  tjek konfiguration, Redis, hvert sites adgang og porteføljeprojektet

Konfigurationsfilen: --config <fil> eller OS2_SYNC_CONFIG. Hemmeligheder kun fra miljøet
(OS2_EVENT_SECRET, hvert sites apiTokenEnv, OS2_DASHBOARD_PASSWORD). Se docs/sync-worker.md.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

const defaultIo: CliIo = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  env: process.env,
};

/** Runs one CLI command; returns the exit code (`run` returns only when the service stops). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.err(String((err as Error).message));
    io.err(USAGE);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (!command || parsed.values.help) {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  let config: SyncConfig;
  try {
    config = loadConfig(parsed.values.config, io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    throw err;
  }
  const json = parsed.values.json ?? false;
  switch (command) {
    case 'run':
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
      return new Promise<number>(() => {}); // until a signal ends the process
    case 'sync':
      return cmdSync(config, rest, io, json);
    case 'reconcile':
      return withQueues(config, async (queues) => {
        const sites = rest[0] ? [rest[0]] : sourceSites(config).map((s) => s.name);
        for (const s of sites) {
          const job = await queues.enqueueReconcile(s);
          io.out(`afstemning af ${s} sat i kø (job ${job.id})`);
        }
        return 0;
      });
    case 'status':
      return cmdStatus(config, io, json);
    case 'retry-failed':
      return withQueues(config, async (queues) => {
        const n = await queues.retryFailed();
        io.out(n === 0 ? 'ingen fejlede jobs' : `${n} fejlede jobs sat i kø igen`);
        return 0;
      });
    case 'doctor':
      return cmdDoctor(config, io);
    default:
      io.err(`ukendt kommando "${command}"`);
      io.err(USAGE);
      return 2;
  }
}

async function withQueues(
  config: SyncConfig,
  fn: (queues: SyncQueues, redis: RedisClient) => Promise<number>,
): Promise<number> {
  const redis = createRedis(config);
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

async function cmdSync(config: SyncConfig, args: string[], io: CliIo, json: boolean): Promise<number> {
  const [siteName, project] = args;
  if (!siteName || !project) {
    io.err('brug: os2-sync sync <site> <projektnøgle eller id>');
    return 2;
  }
  const site = config.sites.find((s) => s.name === siteName && s.source);
  if (!site) {
    io.err(
      `"${siteName}" er ikke et kilde-site (${sourceSites(config)
        .map((s) => s.name)
        .join(', ')})`,
    );
    return 2;
  }
  const redis = createRedis(config);
  try {
    const ctx = createContext(config, redis, quietLogger(config), undefined);
    const jira = jiraFor(ctx, siteName);
    const projectId = /^\d+$/.test(project) ? project : (await getProject(jira, project)).id;
    if (siteName === config.portfolio.site) {
      const port = await getProject(ctx.portfolio.jira, config.portfolio.projectKey).catch(() => undefined);
      if (port?.id === projectId) {
        io.err('porteføljeprojektet er aldrig en kilde');
        return 2;
      }
    }
    const { result: source, calls: readCalls } = await countingCalls(() =>
      readProduct(jira, siteName, projectId, config.eventSecret),
    );
    if (source.kind === 'not-governed') {
      io.out(json ? JSON.stringify({ outcome: 'not-governed', reason: source.reason }) : source.reason);
      return 0;
    }
    const { result: written, calls: writeCalls } = await countingCalls(() =>
      writeRollUp(
        { target: ctx.portfolio, logger: ctx.logger, redis, keys: ctx.keys },
        source.rollUp,
        source.hash,
      ),
    );
    await redis.set(ctx.keys.writtenHash(source.rollUp.sourceKey), source.hash, 'EX', 6 * 3600);
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
    return 0;
  } catch (err) {
    io.err(`synkronisering fejlede: ${describeJiraError(err)}`);
    return 1;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

async function cmdStatus(config: SyncConfig, io: CliIo, json: boolean): Promise<number> {
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
      return 0;
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
    return 0;
  });
}

interface Check {
  ok: boolean;
  what: string;
  fix?: string;
}

async function cmdDoctor(config: SyncConfig, io: CliIo): Promise<number> {
  const checks: Check[] = [];
  const report = (c: Check) => {
    checks.push(c);
    io.out(`${c.ok ? '✔' : '✘'} ${c.what}${!c.ok && c.fix ? `\n    → ${c.fix}` : ''}`);
  };
  report({ ok: true, what: `konfigurationen er gyldig: ${JSON.stringify(redactConfig(config))}` });

  const redis = createRedis(config);
  redis.on('error', () => {});
  try {
    const pong = await Promise.race([
      redis.ping(),
      new Promise<string>((_, rej) => setTimeout(() => rej(new Error('timeout efter 3 s')), 3000)),
    ]);
    const info = await redis.info('server');
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '?';
    report({ ok: pong === 'PONG', what: `Redis svarer (${version}), præfiks ${config.redis.prefix}` });
  } catch (err) {
    report({
      ok: false,
      what: `Redis på ${redactRedis(config.redis.url)} svarer ikke (${(err as Error).message})`,
      fix: 'sæt REDIS_URL til en kørende Redis (BullMQ kræver Redis ≥ 6.2)',
    });
  }

  const ctx = createContext(config, redis, quietLogger(config), undefined);
  for (const site of config.sites) {
    const jira = jiraFor(ctx, site.name);
    try {
      const me = await getCurrentUser(jira);
      report({ ok: true, what: `${site.name}: logger ind som ${me.displayName} (${site.email})` });
    } catch (err) {
      report({
        ok: false,
        what: `${site.name}: kan ikke logge ind på ${site.baseUrl}: ${describeJiraError(err)}`,
        fix: isAuthError(err)
          ? `tjek email (${site.email}) og API-token i ${site.apiTokenEnv} (https://id.atlassian.com/manage-profile/security/api-tokens)`
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
  const port = ctx.portfolio;
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
      fix: `giv ${siteConfig(ctx, port.site).email} ${lacking.join(', ')} i ${port.projectKey}`,
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
          ? `giv ${siteConfig(ctx, port.site).email} adgang til ${port.projectKey}`
          : isApiError(err) && err.status === 400
            ? `installér Forge-appen på ${port.site}: dens jira:entityProperty-modul indekserer ${ROLLUP_PROPERTY}.sourceKey`
            : 'se fejlen ovenfor',
    });
  }
  await redis.quit().catch(() => redis.disconnect());
  const failed = checks.filter((c) => !c.ok).length;
  io.out(failed === 0 ? 'Alt ser godt ud.' : `${failed} problem(er) skal rettes.`);
  return failed === 0 ? 0 : 1;
}

function redactRedis(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`os2-sync: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
