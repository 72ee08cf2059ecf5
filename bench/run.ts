/**
 * `npm run bench [-- --quick] [-- --json] [-- --only <n>[,<n>]]`: runs every measurement (or only the sections
 * named by number or name) of bench/ side by side in one process (plus the
 * worker child processes some of them fork), prints each as it goes, then one summary table with the goals marked
 * met / not met (printed, not asserted). With --json the last line printed is one JSON object holding every figure
 * (keys documented in docs/benchmarks.md). Exit code 0 unless a measurement threw; a watchdog ends the process if
 * anything hangs, and every server, worker, Redis connection and child process is closed on the way out.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeEventSockets, costMeter, round } from './lib.js';
import type { BenchContext, Figures } from './lib.js';
import { closeSharedChildren, killAllChildren } from './children.js';
import * as calls from './calls-per-sync.js';
import * as latency from './latency.js';
import * as coalescing from './coalescing.js';
import * as throughput from './throughput.js';
import * as budget from './budget.js';
import * as memory from './memory.js';
import * as appActions from './app-actions.js';
import * as secretariat from './secretariat.js';
import * as scale from './scale.js';
import * as pushCatchup from './push-catchup.js';

// Before any Jira client exists: the worker's client captures the global fetch at its first creation.
costMeter();

const argv = process.argv.slice(2);
const args = new Set(argv);
const quick = args.has('--quick');
const json = args.has('--json');
// `--only <n|name>[,<n|name>...]`: run only those sections (their number in the title, or their name), e.g.
// `--only 1` for the Jira calls per sync: a section alone takes seconds where the full run takes minutes.
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : undefined;
// The full run syncs 1,000 products cold (10. scale): 7 minutes at a load average of 16 with two portfolio writers.
const WATCHDOG_MS = quick ? 180_000 : 1_800_000;

interface Bench {
  name: string;
  title: string;
  run: (ctx: BenchContext) => Promise<Figures>;
}

const SIM_BENCH = fileURLToPath(new URL('./jira-sim.bench.ts', import.meta.url));

const benches: Bench[] = [
  { name: 'calls', title: '1. Jira calls per product sync, ours vs the competent poller', run: calls.run },
  { name: 'latency', title: '2. Change-to-portfolio latency', run: latency.run },
  { name: 'coalescing', title: '3. Burst coalescing', run: coalescing.run },
  { name: 'throughput', title: '4. Throughput', run: throughput.run },
  { name: 'budget', title: '5. Rate-limit budget of a full reconcile', run: budget.run },
  { name: 'memory', title: '6. Worker memory', run: memory.run },
  {
    name: 'app',
    title: `8. Forge app actions at +${appActions.JIRA_MS} ms per Jira call, +${appActions.STORAGE_MS} ms per storage operation`,
    run: appActions.run,
  },
  {
    name: 'secretariat',
    title: '9. Secretariat pages at scale (history, lists, reminders, board meeting)',
    run: secretariat.run,
  },
  {
    name: 'scale',
    title: '10. Scale at 10 / 100 / 1,000 products (quick: 10) and the competent poller beside ours',
    run: scale.run,
  },
  { name: 'push', title: '11. Push path and catch-up of 1,000 products', run: pushCatchup.run },
  {
    name: 'jirasim',
    title: '7. Simulator (bench/jira-sim.bench.ts, by the simulator helper)',
    run: async (ctx) => {
      if (!existsSync(SIM_BENCH)) {
        ctx.log('  bench/jira-sim.bench.ts is not there (yet): skipped');
        return { 'jirasim.present': 0 };
      }
      const mod = (await import(pathToFileURL(SIM_BENCH).href)) as {
        run: (o: { quick: boolean }) => Promise<Record<string, number>>;
      };
      const r = await mod.run({ quick: ctx.quick });
      const out: Figures = { 'jirasim.present': 1 };
      for (const [k, v] of Object.entries(r)) {
        out[`jirasim.${k}`] = v;
        ctx.log(`  ${k}: ${v}`);
      }
      return out;
    },
  },
];

const log = (line: string) => console.log(line);

/** A section's number is the one its title starts with ("7." is the simulator's, listed last). */
const numberOf = (b: Bench) => /^(\d+)\./.exec(b.title)?.[1];
const selected = only
  ? benches.filter((b) => only.includes(b.name) || only.includes(numberOf(b) ?? ''))
  : benches;
if (only && (only.length === 0 || selected.length !== only.length)) {
  const known = benches.map((b) => `${numberOf(b)} (${b.name})`).join(', ');
  console.error(`bench: --only takes section numbers or names, comma-separated: ${known}`);
  process.exit(2);
}

const watchdog = setTimeout(() => {
  console.error(`bench: watchdog: not finished after ${WATCHDOG_MS / 1000} s; killing children and exiting`);
  killAllChildren();
  process.exit(3);
}, WATCHDOG_MS);
watchdog.unref();

function goal(met: number | undefined): string {
  return met === undefined ? 'n/a' : met === 1 ? 'met' : 'NOT MET';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r, i) => {
      const line = r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

function summary(f: Figures): string {
  const v = (k: string, suffix = '') => (f[k] === undefined ? '-' : `${f[k]}${suffix}`);
  const out: string[] = [];
  const sizes = [10, 1000, 10000, 50000].filter((n) => f[`calls.${n}.ours_calls`] !== undefined);
  if (sizes.length) {
    out.push(
      '1. Jira calls per product sync after a governance change, ours vs the competent poller (same 3 reads, same writes)',
    );
    out.push(
      table([
        ['issues', 'ours calls', 'poller calls', 'ours ms', 'poller ms', 'ours pts', 'poller pts'],
        ...sizes.map((n) =>
          [
            String(n),
            v(`calls.${n}.ours_calls`),
            v(`calls.${n}.poller_calls`),
            v(`calls.${n}.ours_ms`),
            v(`calls.${n}.poller_ms`),
            v(`calls.${n}.ours_points`),
            v(`calls.${n}.poller_points`),
          ].map(String),
        ),
      ]),
    );
    out.push(
      `   goal: ours constant, ≤ ${calls.GOAL_MAX_CALLS} calls at every size (max ${v('calls.ours_max')}): ${goal(f['calls.goal_constant_met'])}` +
        ` | same roll-up as the poller at every size: ${sizes.every((n) => f[`calls.${n}.same_result`] === 1) ? 'yes' : 'NO'}`,
    );
    out.push(
      `   ours, first sync of a product (creates its portfolio issue): ${v(`calls.${sizes[0]}.ours_first_calls`)} calls; nothing changed: ${v(`calls.${sizes[0]}.ours_unchanged_calls`)} calls`,
    );
  }
  if (f['latency.p95_ms'] !== undefined) {
    out.push('');
    out.push(
      `2. Change → portfolio latency over ${v('latency.products')} products (debounce ${v('latency.debounce_ms')} ms, leading edge)`,
    );
    out.push(
      table([
        ['+ms per Jira call', 'arrived', 'p50 ms', 'p95 ms', 'max ms'],
        ...latency.JIRA_LATENCIES.filter((ms) => f[`latency.${ms}.p95_ms`] !== undefined).map((ms) => [
          String(ms),
          `${v(`latency.${ms}.arrived`)}/${v(`latency.${ms}.changes`)}`,
          v(`latency.${ms}.p50_ms`),
          v(`latency.${ms}.p95_ms`),
          v(`latency.${ms}.max_ms`),
        ]),
      ]),
    );
    out.push(
      `   goal p95 ≤ ${latency.GOAL_P95_MS} ms at +${latency.GOAL_AT_JIRA_MS} ms per call (${v('latency.p95_ms')} ms): ${goal(f['latency.goal_met'])}`,
    );
  }
  if (f['coalescing.syncs_total'] !== undefined) {
    out.push('');
    out.push(
      `3. Burst: ${v('coalescing.accepted')}/${v('coalescing.events')} events for ${v('coalescing.products')} products in ${v('coalescing.burst_ms')} ms → ${v('coalescing.syncs_total')} syncs, ` +
        `at most ${v('coalescing.syncs_max_per_product')} per product (${v('coalescing.events_per_sync')} events per sync) | goal ≤ ${coalescing.GOAL_MAX_SYNCS_PER_PRODUCT} per product: ${goal(f['coalescing.goal_met'])}`,
    );
  }
  if (f['throughput.sync_1w_0ms_per_s'] !== undefined) {
    out.push('');
    out.push(`4. Throughput (${v('throughput.products')} products a round; products/s, no-op jobs/s)`);
    out.push(
      table([
        ['', '1 worker', '2 workers', '2w ÷ 1w'],
        [
          'sync, sim +0 ms',
          v('throughput.sync_1w_0ms_per_s'),
          v('throughput.sync_2w_0ms_per_s'),
          v('throughput.scale_2w_over_1w_0ms'),
        ],
        [
          'sync, sim +50 ms',
          v('throughput.sync_1w_50ms_per_s'),
          v('throughput.sync_2w_50ms_per_s'),
          v('throughput.scale_2w_over_1w_50ms'),
        ],
        [
          'bare BullMQ no-op jobs',
          v('throughput.noop_1w_jobs_per_s'),
          v('throughput.noop_2w_jobs_per_s'),
          f['throughput.noop_2w_jobs_per_s'] && f['throughput.noop_1w_jobs_per_s']
            ? String(round(f['throughput.noop_2w_jobs_per_s'] / f['throughput.noop_1w_jobs_per_s'], 2))
            : '-',
        ],
        [
          'no-op jobs ÷ sync jobs (0 ms)',
          v('throughput.noop_over_sync_1w_0ms'),
          v('throughput.noop_over_sync_2w_0ms'),
          '',
        ],
      ]),
    );
  }
  if (f['budget.unchanged_points'] !== undefined) {
    out.push('');
    out.push(
      `5. Budget: full reconcile of ${v('budget.products')} products on ${v('budget.sites')} sites vs ${v('budget.quota')} points/hour`,
    );
    const rows = [
      ['reconcile', 'calls', 'points', '% of quota', 'fit per hour'],
      ...(
        [
          ['cold (creates portfolio)', 'cold'],
          ['nothing changed', 'unchanged'],
          ['every product changed', 'changed'],
        ] as const
      ).map(([label, k]) => [
        label,
        v(`budget.${k}_calls`),
        v(`budget.${k}_points`),
        v(`budget.${k}_quota_pct`, '%'),
        v(`budget.${k}_per_hour_max`),
      ]),
    ];
    if (f['budget.poller_round_points'] !== undefined)
      rows.push(
        [
          'poller, one round (reads)',
          v('budget.poller_round_calls'),
          v('budget.poller_round_points'),
          v('budget.poller_round_quota_pct', '%'),
          '',
        ],
        [
          'poller, an hour (12 rounds)',
          '',
          v('budget.poller_hour_points'),
          v('budget.poller_hour_quota_pct', '%'),
          '',
        ],
      );
    out.push(table(rows));
  }
  if (f['memory.worker_rss_after_sync_mb'] !== undefined) {
    out.push('');
    out.push(
      `6. Worker memory after syncing ${v('memory.products')} products × ${v('memory.issues_per_product')} issues: RSS ${v('memory.worker_rss_after_sync_mb')} MB ` +
        `(idle ${v('memory.worker_rss_idle_mb')} MB, growth ${v('memory.worker_rss_growth_mb')} MB, heap ${v('memory.worker_heap_after_sync_mb')} MB); simulator ${v('memory.sim_rss_mb')} MB`,
    );
  }
  if (f['app.goal_actions_met'] !== undefined) {
    out.push('');
    out.push(
      `8. Forge app actions at +${v('app.jira_ms')} ms per Jira call, +${v('app.storage_ms')} ms per storage operation and queue push`,
    );
    out.push(
      table([
        [
          'action',
          'ms',
          'Jira calls',
          'Jira points',
          'storage ops',
          'queue pushes',
          'sequential depth',
          'critical path at nominal ms',
        ],
        ...[
          'vote',
          'transition',
          'status_report',
          'project_page',
          'issue_panel',
          'global_page',
          'global_page_1000',
        ].map((a) => [
          a,
          v(`app.${a}.ms`),
          v(`app.${a}.jira_calls`),
          v(`app.${a}.points`),
          v(`app.${a}.storage_ops`),
          v(`app.${a}.queue_pushes`),
          v(`app.${a}.depth`),
          v(`app.${a}.nominal_ms`),
        ]),
      ]),
    );
    out.push(
      `   goal actions ≤ ${appActions.GOAL_ACTION_MS} ms: ${goal(f['app.goal_actions_met'])} | pages ≤ ${appActions.GOAL_PAGE_MS} ms: ${goal(f['app.goal_pages_met'])}` +
        ` | sync service silent adds ${v('app.service_down.extra_ms')} ms to a transition (goal ≤ ${appActions.GOAL_DOWN_EXTRA_MS}): ${goal(f['app.goal_service_down_met'])}`,
    );
  }
  const scaleSizes = [10, 100, 1000].filter((n) => f[`scale.${n}.cold_calls`] !== undefined);
  if (scaleSizes.length) {
    out.push('');
    out.push(
      '10. Scale (one site; Jira points from the simulator) and the competent poller (3 reads a product every 5 min, +150 ms a call)',
    );
    out.push(
      table([
        [
          'products',
          'cold calls',
          'cold pts',
          'cold s',
          'unchanged calls',
          'unchanged pts',
          'calls a change',
          'Redis KB',
          'poller round calls',
          'poller round s',
        ],
        ...scaleSizes.map((n) => [
          String(n),
          v(`scale.${n}.cold_calls`),
          v(`scale.${n}.cold_points`),
          v(`scale.${n}.cold_s`),
          v(`scale.${n}.unchanged_calls`),
          v(`scale.${n}.unchanged_points`),
          v(`scale.${n}.changed_calls_per_product`),
          v(`scale.${n}.redis_after_kb`),
          v(`scale.${n}.poller_round_calls`),
          v(`scale.${n}.poller_round_s`),
        ]),
      ]),
    );
    out.push('   an hour in which every product changes once, and how stale the portfolio gets:');
    out.push(
      table([
        [
          'products',
          'ours calls/h',
          'poller calls/h',
          'ours pts/h',
          'poller pts/h',
          'staleness avg',
          'staleness worst',
        ],
        ...scaleSizes.map((n) => [
          String(n),
          v(`scale.${n}.ours_hour_calls`),
          v(`scale.${n}.poller_hour_calls`),
          v(`scale.${n}.ours_hour_points`),
          v(`scale.${n}.poller_hour_points`),
          `ours ${v('latency.150.p50_ms', ' ms')} / poller ${v(`scale.${n}.poller_staleness_avg_s`, ' s')}`,
          `ours ${v('latency.150.max_ms', ' ms')} / poller ${v(`scale.${n}.poller_staleness_max_s`, ' s')}`,
        ]),
      ]),
    );
    out.push(
      `   portfolio page at 1,000 products${f['scale.1000.page_synthetic'] ? ' (the page alone over 1,000 roll-ups)' : ''}: ${v('scale.1000.page_kb', ' KB')}, ${v('scale.1000.page_ms', ' ms')} a request (first ${v('scale.1000.page_first_ms', ' ms')})` +
        ` | goal < 1 MB and ≤ ${scale.GOAL_PAGE_MS} ms: ${goal(f['scale.goal_page_met'])}`,
    );
  }
  out.push(...pushCatchup.summaryLines(f, goal));
  const sim = Object.keys(f).filter((k) => k.startsWith('jirasim.') && k !== 'jirasim.present');
  if (sim.length) {
    out.push('');
    out.push(`7. Simulator: ${sim.map((k) => `${k.slice(8)} ${f[k]}`).join(', ')}`);
  }
  return out.join('\n');
}

async function main(): Promise<number> {
  const figures: Figures = {};
  let failures = 0;
  const started = performance.now();
  // The machine is shared and noisy: its load is part of every absolute figure, so it is printed with them.
  figures['env.cpus'] = os.cpus().length;
  figures['env.loadavg_start'] = round(os.loadavg()[0]!, 2);
  log(
    `OS2 governance benchmarks (${quick ? 'quick' : 'full'}${only ? `, only ${only.join(', ')}` : ''}), ${new Date().toISOString()}, node ${process.version}, ` +
      `${figures['env.cpus']} CPUs, load average ${figures['env.loadavg_start']}`,
  );
  for (const b of selected) {
    log(`\n${b.title}`);
    const t0 = performance.now();
    try {
      Object.assign(figures, await b.run({ quick, log }));
    } catch (err) {
      failures += 1;
      figures[`${b.name}.error`] = 1;
      console.error(`  FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    figures[`${b.name}.seconds`] = round((performance.now() - t0) / 1000, 1);
    log(`  (${figures[`${b.name}.seconds`]} s)`);
  }
  await closeSharedChildren().catch(() => undefined);
  killAllChildren();
  closeEventSockets();
  figures['total.seconds'] = round((performance.now() - started) / 1000, 1);
  figures['env.loadavg_end'] = round(os.loadavg()[0]!, 2);
  figures['total.quick'] = quick ? 1 : 0;
  figures['total.failures'] = failures;
  log(
    `\n${'='.repeat(100)}\nSummary (${quick ? 'quick' : 'full'} run${only ? ` of section ${only.join(', ')}` : ''}, ${figures['total.seconds']} s, load average ${figures['env.loadavg_start']} → ${figures['env.loadavg_end']} on ${figures['env.cpus']} CPUs; ratios measured side by side in this run)\n`,
  );
  log(summary(figures));
  if (json) log(JSON.stringify(figures));
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; if some handle still holds the loop, say which and leave anyway.
    setTimeout(() => {
      console.error(
        'bench: still running 10 s after the end; open handles:',
        process.getActiveResourcesInfo(),
      );
      killAllChildren();
      process.exit(code);
    }, 10_000).unref();
  },
  (err: unknown) => {
    console.error(err);
    killAllChildren();
    process.exit(1);
  },
);
