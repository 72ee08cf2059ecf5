/**
 * `os2-sync import <fil> [--site <site>] [--dry-run|--apply]` (docs/import.md): brings the existing portfolio into
 * a site's Forge app. The service cannot write the app's Forge storage, so the file goes to the app's `os2-import`
 * web trigger (the site's `importUrl`), signed with the site's secret as change events are, and the app runs the
 * same import the global page runs. This prints the app's per-row report.
 *
 * Dry run is the default. An apply the app stops before the end (Forge's time limit) is continued here at once:
 * rows already created come back `unchanged`. One that stops on a failure is reported, and rerunning the same
 * command continues it.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { t, type Locale, type MessageKey } from '../../src/i18n/index.js';
import { IMPORT_PURPOSE } from '../../src/import/wire.js';
import { closest } from './suggest.js';
import { postSigned } from './signed-post.js';
import { EXIT, cliLocale } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import type { SyncConfig } from './config.js';

const ProblemSchema = z.looseObject({ text: z.string() });
/** The app's report (src/app/import.ts `ImportReport`), read as far as this prints it. */
export const ImportReportSchema = z.looseObject({
  mode: z.enum(['dry-run', 'apply']),
  format: z.enum(['csv', 'json']),
  fileProblems: z.array(ProblemSchema),
  rows: z.array(
    z.looseObject({
      row: z.number(),
      key: z.string().optional(),
      name: z.string().optional(),
      action: z.enum(['create', 'unchanged', 'conflict', 'invalid']),
      outcome: z.enum(['created', 'unchanged', 'conflict', 'invalid', 'failed', 'pending']).optional(),
      problems: z.array(ProblemSchema),
    }),
  ),
  counts: z.strictObject({
    create: z.number(),
    unchanged: z.number(),
    conflict: z.number(),
    invalid: z.number(),
  }),
  applied: z
    .looseObject({
      created: z.number(),
      unchanged: z.number(),
      failed: z.number(),
      remaining: z.number(),
      done: z.boolean(),
    })
    .optional(),
});
export type ImportReportWire = z.infer<typeof ImportReportSchema>;

/** Rounds of an apply the app stopped for time before this gives up (each takes rows the last did not reach). */
const MAX_ROUNDS = 20;

export interface ImportOptions {
  file: string;
  site?: string;
  mode: 'dry-run' | 'apply';
  json: boolean;
  fetchImpl?: typeof fetch;
}

export async function cmdImport(config: SyncConfig, opts: ImportOptions, io: CliIo): Promise<number> {
  // The CLI's one language switch (OS2_SYNC_LANG), as every other command; the app's report comes in it too.
  const locale: Locale = cliLocale(io.env);
  const tr = (key: MessageKey, vars?: Record<string, string | number>) => t(locale, key, vars);
  const withUrl = config.sites.filter((s) => s.importUrl);
  const site = opts.site
    ? config.sites.find((s) => s.name === opts.site)
    : withUrl.length === 1
      ? withUrl[0]
      : undefined;
  if (opts.site && !site) {
    const hint = closest(
      opts.site,
      config.sites.map((s) => s.name),
    );
    io.err(
      tr('import.err.unknownSite', { site: opts.site, hint: hint ? tr('cli.didYouMean', { hint }) : '' }),
    );
    return EXIT.usage;
  }
  if (!site) {
    io.err(
      withUrl.length === 0
        ? tr('import.err.noImportUrl')
        : tr('import.err.chooseSite', { sites: withUrl.map((s) => s.name).join(', ') }),
    );
    return EXIT.usage;
  }
  if (!site.importUrl) {
    io.err(tr('import.err.siteWithoutUrl', { site: site.name }));
    return EXIT.usage;
  }
  let text: string;
  try {
    text = await readFile(opts.file, 'utf8');
  } catch (e) {
    io.err(
      tr('import.err.unreadable', { file: opts.file, code: (e as NodeJS.ErrnoException).code ?? String(e) }),
    );
    return EXIT.usage;
  }
  const secret = site.secrets[0]!;
  const call = async (): Promise<{ ok: true; report: ImportReportWire } | { ok: false; error: string }> => {
    const body = JSON.stringify({ purpose: IMPORT_PURPOSE, mode: opts.mode, text, locale });
    const posted = await postSigned(site.importUrl!, body, secret, {
      ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
      timeoutMs: 70_000,
    });
    if (!posted.ok)
      return {
        ok: false,
        error:
          posted.kind === 'no_answer'
            ? tr('import.err.noAnswer', { error: posted.error })
            : tr('import.err.notJson', { status: posted.status }),
      };
    const { status, json, raw } = posted;
    if (status !== 200) {
      const m = z.looseObject({ message: z.string() }).safeParse(json);
      const hint = status === 401 ? tr('import.err.secretHint') : '';
      return {
        ok: false,
        error:
          tr('import.err.refused', {
            status,
            message: m.success ? m.data.message : raw.slice(0, 200),
          }) + hint,
      };
    }
    const report = ImportReportSchema.safeParse(json);
    if (!report.success)
      return {
        ok: false,
        error: tr('import.err.notReport'),
      };
    return { ok: true, report: report.data };
  };

  let answer = await call();
  let rounds = 1;
  // The app stopped for time with nothing failed: continue with the rows it did not reach.
  while (
    answer.ok &&
    answer.report.applied &&
    !answer.report.applied.done &&
    answer.report.applied.failed === 0 &&
    answer.report.applied.remaining > 0 &&
    rounds < MAX_ROUNDS
  ) {
    answer = await call();
    rounds += 1;
  }
  if (!answer.ok) {
    io.err(answer.error);
    return EXIT.failed;
  }
  const report = answer.report;
  if (opts.json) io.out(JSON.stringify(report));
  else printReport(report, locale, site.name, io);
  if (report.fileProblems.length && report.rows.length === 0) return EXIT.failed;
  // 0 only when every row of the file is in: a broken or conflicting row is left for the operator to fix.
  const clean = report.counts.invalid + report.counts.conflict + report.fileProblems.length === 0;
  if (report.mode === 'apply') return report.applied?.done && clean ? EXIT.ok : EXIT.failed;
  return clean ? EXIT.ok : EXIT.failed;
}

/** The report as lines: one per row, its problems indented beneath it, then the totals. */
export function printReport(report: ImportReportWire, locale: Locale, site: string, io: CliIo): void {
  const tr = (key: string, vars?: object) =>
    t(locale, key as MessageKey, vars as Record<string, string | number> | undefined);
  io.out(`${tr('import.title')}: ${site} (${report.format.toUpperCase()}, ${report.mode})`);
  for (const p of report.fileProblems) io.out(`  ${p.text}`);
  for (const r of report.rows) {
    const what = r.outcome ? tr(`import.outcome.${r.outcome}`) : tr(`import.action.${r.action}`);
    io.out(`${String(r.row).padStart(4)}  ${(r.key ?? '–').padEnd(10)} ${(r.name ?? '').padEnd(24)} ${what}`);
    for (const p of r.problems) io.out(`        ${p.text}`);
  }
  io.out(tr('import.counts', report.counts));
  if (report.applied) {
    io.out(tr('import.appliedCounts', report.applied));
    io.out(tr(report.applied.done ? 'import.done' : 'import.notDone'));
  }
}
