/**
 * The built function bundles answer exactly as the source does, on the Node Forge runs (`nodejs22.x`).
 *
 * `npm run package` builds dist/functions/*.cjs with the Forge CLI's own bundler. This test `require`s those
 * bundles and replays one scripted session of resolver calls and trigger events twice, each against a fresh
 * Jira simulator site and Forge storage seeded alike: once through the source handlers, once through the
 * bundles' handlers (forge-sim's `__forge_fetch__` serves both). Every answer, every Jira call and every change
 * event sent to the sync service must be the same, up to the clock and random ids. A bundler that compiles the
 * app differently from TypeScript (webpack 5.113 turning `z.iso.date()` into `z.date()`, which made the project
 * page answer INVALID_INPUT) fails here and nowhere else.
 *
 * Run with `npm run test:release` (after `npm run package`): it runs this suite on Node 22.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_REQUEST_TYPE, startJiraSim, type JiraSim } from '../../jira-sim/index.js';
import {
  startForgeRuntime,
  type Answer,
  type ForgeRuntime,
  type ForgeRuntimeOptions,
} from '../../forge-sim/index.js';
import { eventReceiver, SECRET, SECRETARIAT, BOARD, membersOf, product } from '../forge-app/helpers.js';
import { signEventBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/events/change-event.js';
import { IMPORT_PURPOSE } from '../../src/import/wire.js';
import { APP_DATA_PURPOSE } from '../../src/events/app-data.js';

/** The operator's import (os2-sync import → the os2-import web trigger), signed as the CLI signs it. */
function importRequest(mode: 'dry-run' | 'apply') {
  const text = readFileSync(join(process.cwd(), 'test/fixtures/import/portfolio-40.csv'), 'utf8');
  const body = JSON.stringify({ purpose: IMPORT_PURPOSE, mode, text });
  const ts = Math.floor(Date.now() / 1000);
  return {
    method: 'POST',
    headers: {
      'Content-Type': ['application/json'],
      [TIMESTAMP_HEADER]: [String(ts)],
      [SIGNATURE_HEADER]: [signEventBody(body, ts, SECRET)],
    },
    body,
  };
}

/** A signed `os2-app-data` request (src/events/app-data.ts) with a fixed nonce, so both runs ask alike. */
function appDataRequest(op: string, input: Record<string, unknown>) {
  const body = JSON.stringify({ ...input, purpose: APP_DATA_PURPOSE, op, nonce: 'ab'.repeat(16) });
  const ts = Math.floor(Date.now() / 1000);
  return {
    method: 'POST',
    headers: {
      'Content-Type': ['application/json'],
      [TIMESTAMP_HEADER]: [String(ts)],
      [SIGNATURE_HEADER]: [signEventBody(body, ts, SECRET)],
    },
    body,
  };
}

const require = createRequire(import.meta.url);
const FUNCTIONS = join(process.cwd(), 'dist', 'functions');

interface Run {
  sim: JiraSim;
  forge: ForgeRuntime;
  receiver: Awaited<ReturnType<typeof eventReceiver>>;
  answers: unknown[];
}

async function startRun(handlers?: ForgeRuntimeOptions['handlers']) {
  const sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    secret: SECRET,
    seed: { featureRequestsPerProduct: 3, bugsPerProduct: 1, tasksPerProduct: 1 },
  });
  const receiver = await eventReceiver();
  const forge = await startForgeRuntime({
    jiraSim: sim,
    siteName: 'os2',
    secret: SECRET,
    syncUrl: receiver.url,
    ...(handlers ? { handlers } : {}),
  });
  return { sim, forge, receiver, answers: [] as unknown[] } satisfies Run;
}

/** One step of the session: a resolver call or a trigger event, which may use the run's earlier answers. */
type Step = (run: Run) => Promise<unknown>;

function issueKey(run: Run, projectKey: string, typeName: string): string {
  const state = run.sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  const issue = [...state.issues.values()].find(
    (i) =>
      i.projectId === project.id &&
      !i.deleted &&
      types.find((t) => t.id === i.issueTypeId)?.name === typeName,
  );
  if (!issue) throw new Error(`no ${typeName} in ${projectKey}`);
  return issue.key;
}

// A step after a failed one still runs (with what the run answered), so a difference shows as a difference.
const data = <T>(answer: unknown) => (answer as Answer<T> | undefined)?.data as T;

const SCRIPT: [string, Step][] = [
  // Every page's load, as the roles that see most, in both languages.
  [
    'project page load (secretariat)',
    (r) => r.forge.invoke('project-page', 'load', {}, { accountId: SECRETARIAT, project: 'MO' }),
  ],
  [
    'project page load (board, English)',
    (r) => r.forge.invoke('project-page', 'load', {}, { accountId: BOARD, project: 'IOT', locale: 'en_US' }),
  ],
  [
    'project page load with status reports',
    (r) => r.forge.invoke('project-page', 'load', {}, { accountId: SECRETARIAT, project: 'KITOS' }),
  ],
  [
    'settings page load',
    (r) =>
      r.forge.invoke(
        'settings-page',
        'load',
        {},
        { accountId: r.sim.site('os2').admin.accountId, project: 'MO' },
      ),
  ],
  ['global page load', (r) => r.forge.invoke('global-page', 'load', {}, { accountId: SECRETARIAT })],
  [
    'admin page load',
    (r) => r.forge.invoke('admin-page', 'load', {}, { accountId: r.sim.site('os2').admin.accountId }),
  ],
  ['admin page refused to a member', (r) => r.forge.invoke('admin-page', 'load', {}, { accountId: BOARD })],
  // Project work: a level change with the revision just read, a stale one, a status report with a date.
  [
    'level change',
    async (r) => {
      const rev =
        data<{ record?: { revision: number } } | undefined>(
          await r.forge.invoke('project-page', 'load', {}, { accountId: SECRETARIAT, project: 'FORD' }),
        )?.record?.revision ?? -1;
      return r.forge.invoke(
        'project-page',
        'transition',
        { action: 'changeLevel', expectedRevision: rev, input: { level: 'N2', reason: 'Vokset' } },
        { accountId: SECRETARIAT, project: 'FORD' },
      );
    },
  ],
  [
    'stale revision',
    (r) =>
      r.forge.invoke(
        'project-page',
        'transition',
        { action: 'changeLevel', expectedRevision: 1, input: { level: 'N3', reason: 'For sent' } },
        { accountId: SECRETARIAT, project: 'FORD' },
      ),
  ],
  [
    'status report with a date',
    async (r) => {
      const rev =
        data<{ record?: { revision: number } } | undefined>(
          await r.forge.invoke('project-page', 'load', {}, { accountId: SECRETARIAT, project: 'MO' }),
        )?.record?.revision ?? -1;
      return r.forge.invoke(
        'project-page',
        'edit',
        {
          kind: 'fileStatusReport',
          expectedRevision: rev,
          input: {
            date: '2026-11-30',
            progress: 'Release 3 i test',
            rag: 'green',
            budgetDkk: 100_000,
            spentDkk: 40_000,
            forecastDkk: 95_000,
          },
        },
        { accountId: SECRETARIAT, project: 'MO' },
      );
    },
  ],
  [
    'unknown transition',
    (r) =>
      r.forge.invoke(
        'project-page',
        'transition',
        { action: 'launchRocket', expectedRevision: -1 },
        { accountId: BOARD, project: 'FORD' },
      ),
  ],
  // Votes on a feature request: load, vote, change, the glance, withdraw, a refused vote on a bug.
  [
    'issue panel load',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'load',
        {},
        { accountId: voter(), issue: issueKey(r, 'MO', FEATURE_REQUEST_TYPE) },
      ),
  ],
  [
    'vote',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'vote',
        { coFinance: { willing: true, amountDkk: 50_000 } },
        { accountId: voter(), issue: issueKey(r, 'MO', FEATURE_REQUEST_TYPE) },
      ),
  ],
  [
    'vote changed',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'vote',
        { coFinance: { willing: false } },
        { accountId: voter(), issue: issueKey(r, 'MO', FEATURE_REQUEST_TYPE) },
      ),
  ],
  [
    'glance',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'glance',
        {},
        { accountId: BOARD, issue: issueKey(r, 'MO', FEATURE_REQUEST_TYPE) },
      ),
  ],
  [
    'withdraw',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'withdraw',
        {},
        { accountId: voter(), issue: issueKey(r, 'MO', FEATURE_REQUEST_TYPE) },
      ),
  ],
  [
    'vote on a bug refused',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'vote',
        { coFinance: { willing: false } },
        { accountId: voter(), issue: issueKey(r, 'MO', 'Bug') },
      ),
  ],
  [
    'invalid payload',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'vote',
        { coFinance: { willing: 'ja' } },
        { accountId: voter(), issue: issueKey(r, 'MO', FEATURE_REQUEST_TYPE) },
      ),
  ],
  // A poll with a date-only deadline (the z.iso.date path), answered and closed early (refused).
  [
    'poll opened with a date deadline',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'openPoll',
        {
          question: 'Hvilken retning?',
          alternatives: ['Overblik', 'Projektstyring'],
          deadline: '2099-12-31',
        },
        { accountId: SECRETARIAT, issue: issueKey(r, 'KITOS', FEATURE_REQUEST_TYPE) },
      ),
  ],
  [
    'poll answered',
    (r) => {
      const poll = data<{ id: string; alternatives: { id: string }[] } | undefined>(r.answers.at(-1));
      return r.forge.invoke(
        'issue-panel',
        'answerPoll',
        {
          pollId: poll?.id ?? 'none',
          option: poll?.alternatives[0]?.id ?? 'none',
          coFinance: { willing: true, amountDkk: 25_000 },
        },
        { accountId: 'k751-karin', issue: issueKey(r, 'KITOS', FEATURE_REQUEST_TYPE) },
      );
    },
  ],
  [
    'poll closed early',
    (r) => {
      const poll = data<{ id: string } | undefined>(r.answers.at(-2));
      return r.forge.invoke(
        'issue-panel',
        'closePoll',
        { pollId: poll?.id ?? 'none' },
        { accountId: SECRETARIAT, issue: issueKey(r, 'KITOS', FEATURE_REQUEST_TYPE) },
      );
    },
  ],
  [
    'issue panel load after the poll',
    (r) =>
      r.forge.invoke(
        'issue-panel',
        'load',
        {},
        { accountId: 'k751-karin', issue: issueKey(r, 'KITOS', FEATURE_REQUEST_TYPE) },
      ),
  ],
  // A user who has not allowed access: the bundle must throw Forge's consent error on, as the source does.
  [
    'consent needed (thrown, not answered)',
    (r) =>
      r.forge
        .invoke('project-page', 'load', {}, { accountId: 'user-who-has-not-allowed-access', project: 'MO' })
        .then(
          (answer) => ({ answered: answer }),
          (e: unknown) => ({ thrown: (e as Error).name }),
        ),
  ],
  // Trigger events: an update, a create, the portfolio's own (skipped), a malformed one.
  [
    'trigger: issue updated',
    (r) => {
      const issue = r.sim.site('os2').state.resolveIssue(issueKey(r, 'MO', FEATURE_REQUEST_TYPE))!;
      return r.forge.trigger({
        eventType: 'avi:jira:updated:issue',
        issue: {
          id: String(issue.id),
          key: issue.key,
          fields: { project: { id: issue.projectId, key: 'MO' } },
        },
      });
    },
  ],
  [
    'trigger: issue created',
    (r) => {
      const issue = r.sim.site('os2').state.resolveIssue(issueKey(r, 'KITOS', 'Bug'))!;
      return r.forge.trigger({
        eventType: 'avi:jira:created:issue',
        issue: { id: issue.id, key: issue.key, fields: { project: { id: issue.projectId, key: 'KITOS' } } },
      });
    },
  ],
  [
    'trigger: portfolio skipped',
    (r) =>
      r.forge.trigger({
        eventType: 'avi:jira:updated:issue',
        issue: { id: '99', key: 'PORT-1', fields: { project: { id: '1', key: 'PORT' } } },
      }),
  ],
  ['trigger: malformed', (r) => r.forge.trigger({ eventType: 'avi:jira:updated:issue' })],
  // The scheduled trigger (reminders-trigger, triggers/index.onSchedule), run once as Forge does every hour.
  ['scheduled trigger: reminders', (r) => r.forge.scheduled('os2-reminders')],
  // The web trigger (import-webtrigger, webtriggers/index.onImport): the 40-product spreadsheet, parsed and planned
  // by the bundle (its CSV reader, Danish dates and amounts, row/column problems) as by the source.
  ['web trigger: import dry run', (r) => r.forge.webTrigger('os2-import', importRequest('dry-run'))],
  // The app-data web trigger (app-data-webtrigger, webtriggers/index.onAppData): a product's history, signed; the
  // body parsed so the signature and its instant are normalised as the clock.
  [
    'web trigger: app-data history',
    async (r) => {
      const a = await r.forge.webTrigger(
        'os2-app-data',
        appDataRequest('history', { projectId: product('MO').record.project.id }),
      );
      return { statusCode: a.statusCode, body: JSON.parse(a.body) as unknown };
    },
  ],
  // The consumer (sync-events-consumer, consumers/index.onSyncEvent) delivers every queued change event.
  [
    'async events delivered',
    async (r) => {
      await r.forge.asyncEvents.settled();
      return r.receiver.events.length;
    },
  ],
];

function voter(): string {
  const code = product('MO').record.municipalities[0]!.code;
  return membersOf(code)[0]!.accountId;
}

/** The clock and random ids differ between two runs; everything else must not. */
function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value ?? null)
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, '<time>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/http:\/\/127\.0\.0\.1:\d+/g, '<local>')
      .replace(/"(signature|timestamp|sig)":"[^"]*"/g, '"$1":"<signed>"')
      // The pushed roll-up's signing instant (epoch ms, src/mirror/pushed-rollup.ts) is the clock too.
      .replace(/"computedAt":\d+/g, '"computedAt":"<time>"'),
  );
}

let source: Run;
let bundle: Run;

beforeAll(async () => {
  if (!existsSync(join(FUNCTIONS, 'resolvers', 'index.cjs'))) {
    throw new Error('dist/functions is missing: run `npm run package` first (the Forge bundler builds it)');
  }
  const handlers = {
    resolvers: require(join(FUNCTIONS, 'resolvers', 'index.cjs')) as Record<string, unknown>,
    triggers: require(join(FUNCTIONS, 'triggers', 'index.cjs')) as Record<string, unknown>,
    consumers: require(join(FUNCTIONS, 'consumers', 'index.cjs')) as Record<string, unknown>,
    webtriggers: require(join(FUNCTIONS, 'webtriggers', 'index.cjs')) as Record<string, unknown>,
  };
  source = await startRun();
  for (const [, step] of SCRIPT) source.answers.push(await step(source));
  bundle = await startRun(handlers);
  for (const [, step] of SCRIPT) bundle.answers.push(await step(bundle));
}, 120_000);

afterAll(async () => {
  for (const run of [source, bundle]) {
    if (!run) continue;
    await run.forge.close();
    await run.receiver.close();
    await run.sim.close();
  }
});

describe('the built bundles (dist/functions) on Node 22', () => {
  it('runs on the Node major Forge runs (nodejs22.x)', () => {
    expect(process.versions.node.split('.')[0], 'run it with `npm run test:release`').toBe('22');
  });

  it.each(SCRIPT.map(([name], i) => [name, i] as const))(
    '%s: the bundle answers as the source',
    (_name, i) => {
      expect(normalise(bundle.answers[i])).toEqual(normalise(source.answers[i]));
    },
  );

  it('the session did real work: loads succeeded, a rule refused, the bad input was refused', () => {
    const answers = source.answers as Answer[];
    const byName = (n: string) => answers[SCRIPT.findIndex(([name]) => name === n)]!;
    const okSteps = [
      'project page load with status reports',
      'status report with a date',
      'poll opened with a date deadline',
      'vote',
    ];
    for (const n of okSteps)
      expect(byName(n), `${n}: ${JSON.stringify(byName(n))}`).toMatchObject({ ok: true });
    expect(byName('stale revision')).toMatchObject({ ok: false });
    expect(byName('consent needed (thrown, not answered)')).toEqual({ thrown: 'NEEDS_AUTHENTICATION_ERR' });
    expect(byName('invalid payload')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(byName('scheduled trigger: reminders')).toMatchObject({ statusCode: 200 });
    expect(byName('async events delivered')).toBeGreaterThan(0);
  });

  it('made the same Jira calls and sent the same change events', () => {
    const calls = (run: Run) => run.forge.jiraCalls.map((c) => `${c.provider} ${c.method} ${c.path}`);
    expect(calls(bundle).length).toBeGreaterThan(20);
    expect(calls(bundle).sort()).toEqual(calls(source).sort());
    expect(bundle.receiver.events.length).toBeGreaterThan(0);
    expect(normalise(bundle.receiver.events)).toEqual(normalise(source.receiver.events));
  });
});
