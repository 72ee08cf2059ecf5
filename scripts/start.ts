/**
 * `npm start`: the whole system on one machine. See docs/portfolio-page.md and README "Quick start".
 *
 *   npm start                          simulator (two seeded sites) + Redis + sync worker + scripted scenario
 *                                      through the Forge app's resolvers + portfolio table + portfolio page
 *   npm start -- --config <file>       the same service against real Jira sites (no simulator, no scenario)
 *
 * Environment: REDIS_URL (else 127.0.0.1:6379, else a redis-server started here), OS2_SYNC_PORT (default 8080
 * when free), OS2_SYNC_PREFIX (default a fresh one per run), OS2_DEMO_ISSUES (feature requests per product).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { JiraSim } from '../jira-sim/index.js';
import { ConfigError, loadConfig } from '../sync-worker/src/config.js';
import type { SyncConfig } from '../sync-worker/src/config.js';
import type { SyncService } from '../sync-worker/src/service.js';
import { demoConfig } from './start/demo-config.js';
import { findRedis, pingRedis, redactUrl, RedisNotFoundError, INSTALL_HINT } from './start/find-redis.js';
import { formatPortfolioTable } from './start/portfolio-table.js';
import { progressBar } from './start/progress.js';
import { Shutdown, writeLine } from './start/shutdown.js';
import { reconcileWithProgress } from './start/sync-progress.js';
import type { DemoApp } from './start/scenario.js';
import { EXIT } from '../sync-worker/src/cli-io.js';
import { describeArgError } from '../sync-worker/src/suggest.js';
import { t } from '../src/i18n/index.js';
import type { MessageKey, Vars } from '../src/i18n/index.js';

/** `npm start` speaks Danish (the catalogue's `start.*`), like the scenario it runs. */
const say = (key: MessageKey, vars?: Vars): string => t('da', key, vars);

/**
 * The service, the simulator and the Forge runtime load on demand: `--help` and a refused configuration answer
 * at once instead of after loading jira.js, BullMQ and the app.
 */
const load = {
  service: () => import('../sync-worker/src/service.js'),
  page: () => import('../sync-worker/src/portfolio-page/index.js'),
  logger: () => import('../sync-worker/src/logger.js'),
  sim: () => import('../jira-sim/index.js'),
  scenario: () => import('./start/scenario.js'),
  console: () => import('./start/console.js'),
};

const USAGE = say('start.usage');

const out = (line = ''): void => writeLine(process.stdout, line);
const err = (line: string): void => writeLine(process.stderr, line);

/** A local address a browser on this machine can open (0.0.0.0 / :: listen on every interface). */
function localAddress(address: string): string {
  return address.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//127.0.0.1:');
}

function terminalWidth(): number {
  // A terminal's own width, however narrow (the table has a narrow layout); piped output gets the wide one.
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 220;
}

function fileLogger(path: string): Logger {
  return pino(
    {
      level: 'info',
      base: { service: 'os2-sync' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['apiToken', '*.apiToken', 'eventSecret', '*.eventSecret', '*.authorization'],
        censor: '***',
      },
    },
    pino.destination({ dest: path, sync: false, mkdir: true }),
  );
}

async function firstReconcile(service: SyncService): Promise<void> {
  const bar = progressBar(say('start.syncing'));
  const r = await reconcileWithProgress(service, bar);
  bar.finish(
    say('start.synced', {
      synced: r.synced,
      total: r.total,
      seconds: (r.ms / 1000).toLocaleString('da-DK', { maximumFractionDigits: 3 }),
    }),
  );
}

async function printTable(service: SyncService): Promise<void> {
  const rollUps = await service.listRollUps();
  out();
  out(say('start.table', { count: rollUps.length }));
  out(formatPortfolioTable(rollUps, terminalWidth()));
}

function printAddress(service: SyncService): string {
  const page = `${localAddress(service.address ?? '')}/portfolio`;
  out();
  out(say('start.pageAddress', { url: page }));
  return page;
}

async function deletePrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  let n = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) n += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return n;
}

async function runWithConfig(path: string): Promise<number> {
  let config: SyncConfig;
  try {
    config = loadConfig(path);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return EXIT.usage;
    }
    throw e;
  }
  if (!(await pingRedis(config.redis.url))) {
    err(`${say('start.redisUnreachable', { url: redactUrl(config.redis.url) })}\n${INSTALL_HINT}`);
    return EXIT.redis;
  }
  const shutdown = new Shutdown();
  shutdown.onSignals(
    err,
    () => out(`\n${say('start.stopping')}`),
    () => out(say('start.stopped')),
  );
  return guarded(shutdown, () => serve(shutdown, config));
}

async function serve(shutdown: Shutdown, config: SyncConfig): Promise<number> {
  const [{ startSyncService }, { portfolioPagePlugin }, { createLogger }] = await Promise.all([
    load.service(),
    load.page(),
    load.logger(),
  ]);
  const sites = new Map(config.sites.map((s) => [s.name, s.baseUrl]));
  const service = await startSyncService(config, {
    // stdout is the operator's table and messages; the JSON log lines go to stderr, as with `os2-sync run`
    // under a supervisor that keeps both (journald, kubectl logs).
    logger: createLogger(config.logLevel, 'stderr'),
    // The first reconcile runs below, with a progress bar; not a second time in the background.
    reconcileAtStart: false,
    plugins: [
      {
        plugin: portfolioPagePlugin,
        options: { jiraBaseUrl: (site: string) => sites.get(site) },
      },
    ],
  });
  shutdown.add(say('start.part.service'), () => service.close());
  await firstReconcile(service);
  await printTable(service);
  printAddress(service);
  out(say('start.running'));
  return new Promise<number>(() => undefined);
}

async function runDemo(opts: { scenario: boolean }): Promise<number> {
  const shutdown = new Shutdown();
  let stopping = false;
  shutdown.onSignals(
    err,
    () => {
      stopping = true;
      out(`\n${say('start.stoppingDemo')}`);
    },
    () => out(say('start.stopped')),
  );
  return guarded(shutdown, () => demo(shutdown, opts, () => stopping));
}

async function demo(
  shutdown: Shutdown,
  opts: { scenario: boolean },
  stopping: () => boolean,
): Promise<number> {
  const workDir = mkdtempSync(join(tmpdir(), 'os2-demo-'));
  // Registered first, so it runs last (after the worker has flushed its log there): a run leaves nothing behind.
  shutdown.add(say('start.part.tempDir'), () => rmSync(workDir, { recursive: true, force: true }));
  out(say('start.title'));
  out('');

  // Redis
  let redis;
  try {
    redis = await findRedis();
  } catch (e) {
    if (e instanceof RedisNotFoundError) {
      err(e.message);
      return 1;
    }
    throw e;
  }
  shutdown.add(say('start.part.redis'), () => redis.stop());
  out(say('start.redis', { url: redactUrl(redis.url), source: say(`start.redis.${redis.source}`) }));

  // The Jira simulator with two seeded sites
  const perProduct = Number(process.env.OS2_DEMO_ISSUES ?? 600);
  const [{ startJiraSim }, { startSyncService }, { portfolioPagePlugin }] = await Promise.all([
    load.sim(),
    load.service(),
    load.page(),
  ]);
  const sim: JiraSim = await startJiraSim({ seed: { featureRequestsPerProduct: perProduct } });
  shutdown.add(say('start.part.sim'), () => sim.close());
  for (const s of sim.sites) {
    const st = sim.site(s.name).state;
    out(
      say('start.sim', {
        site: s.name.padEnd(9),
        url: s.baseUrl,
        projects: st.projects.size,
        issues: st.issues.size,
      }),
    );
  }
  const secret = 'os2-dev-secret';

  // The sync worker and its HTTP server (with the portfolio page)
  const config = await demoConfig({ sites: sim.sites, redisUrl: redis.url, secret });
  if (!process.env.OS2_SYNC_PREFIX && redis.source !== 'started') {
    // The demo's queues and caches mean nothing once the in-memory simulator is gone: in a shared Redis,
    // remove this run's keys (only them: the prefix was made for this run) on the way out
    // (registered before the worker, so it runs after the worker has closed). A prefix given
    // in OS2_SYNC_PREFIX is the caller's and is left alone.
    shutdown.add(say('start.part.redisKeys'), async () => {
      await deletePrefix(redis.url, config.redis.prefix);
    });
  }
  const logFile = join(workDir, 'sync-worker.log');
  const logger = fileLogger(logFile);
  const service = await startSyncService(config, {
    logger,
    reconcileAtStart: false,
    plugins: [{ plugin: portfolioPagePlugin, options: { refreshMs: 2000, cacheMs: 500 } }],
  });
  shutdown.add(say('start.part.service'), async () => {
    await service.close();
    logger.flush();
  });
  out(
    say('start.service', {
      url: localAddress(service.address ?? ''),
      prefix: config.redis.prefix,
      log: logFile,
    }),
  );
  out('');

  await firstReconcile(service);
  await printTable(service);

  // The Forge app, its real resolvers, against the simulator
  let app: DemoApp | undefined;
  try {
    const { startDemoApp } = await load.scenario();
    app = await startDemoApp({ sim, secret, syncUrl: localAddress(service.address ?? ''), service, out });
    shutdown.add(say('start.part.forge'), () => app?.close());
    // The first reconcile ran before the apps did: now that startDemoApp gave the service their os2-app-data
    // addresses, it asks them for the Lister tab's lists at once instead of at the next reconcile or change.
    const { requestListsRefresh } = await import('../sync-worker/src/portfolio-lists.js');
    for (const s of config.sites) await requestListsRefresh(service.context, service.queues, s.name);
  } catch (e) {
    err(say('start.forgeFailed', { error: e instanceof Error ? e.message : String(e) }));
  }
  if (app && opts.scenario && !stopping()) {
    out('');
    await app.runScenario();
    await printTable(service);
  }
  printAddress(service);
  out(say('start.running'));
  if (app) {
    const { startConsole } = await load.console();
    const c = startConsole({ app, service, out, printTable: () => printTable(service) });
    shutdown.add(say('start.part.console'), () => c.close());
  }
  return new Promise<number>(() => undefined);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        config: { type: 'string' },
        'no-scenario': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    // An unknown option or a missing value: say which, and how it is used, never a stack trace.
    err(`npm start: ${describeArgError(e as Error, ['config', 'no-scenario', 'help'])}`);
    err(USAGE);
    return EXIT.usage;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.config) return runWithConfig(values.config);
  return runDemo({ scenario: !values['no-scenario'] });
}

/** Anything already started (a redis-server, the simulator) is stopped again when start-up fails. */
async function guarded(shutdown: Shutdown, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    // Ctrl-C during start-up closes what is running under the steps still in flight; their errors are
    // expected then, and the signal handler ends the process.
    if (shutdown.started) return new Promise<number>(() => undefined);
    err(say('start.failed', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
    await shutdown.run(err);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    err(say('start.failed', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
    process.exit(1);
  },
);
