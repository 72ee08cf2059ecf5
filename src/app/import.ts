/**
 * The import as the app runs it, for both doors (the global page's resolver and the `os2-import` web trigger the
 * sync service's CLI calls): read the file, gather what the plan needs from Jira and Forge storage, plan, and
 * on apply admit each `create` row with `admitExisting` + `saveGovernance` (the mirror and change event follow as
 * after any save).
 *
 * Resumable: each row is its own save, and a row is done once its revision 1 commit is stored (the save is
 * atomic, see storage.ts), so an apply that fails or runs out of time leaves the rows before it done and the
 * next apply, which plans afresh, finds them `unchanged` and goes on. It stops at the first failing row rather
 * than pressing on through an outage, and before Forge's time limit (`deadlineMs`); the answer says how many
 * rows remain, and the caller runs it again.
 */
import { isNotFoundError, isRateLimitError } from 'jira.js';
import { admitExisting } from '../domain/admission';
import { withBoardRosterInput } from '../domain/board-roster';
import type { Actor } from '../domain/actor';
import type { GovernanceRecord } from '../domain/governance-record';
import { readImportFile, type ImportProblem } from '../import/format';
import { problemLine } from '../import/messages';
import type { Locale } from '../i18n/index';
import { accountIdsOf, planImport, type PlannedRow, type SiteFacts } from '../import/plan';
import { getProject } from '../jira/projects';
import type { ImportReport, ReportRow, RowOutcome } from '../shared/import-report';
import { loadBoardRoster } from './board';
import { loadCatalogueId } from './config';
import { afterGovernanceSave } from './governance-service';
import { appJira } from './jira';
import { loadDecisions, loadGovernance, saveGovernance } from './storage';

// The report's shapes are src/shared's: the global page's UI reads them without loading this module's Jira side.
export type { ImportReport, ReportRow, RowOutcome } from '../shared/import-report';

/** Jira calls in flight at once while gathering facts, so a 40-row file does not burst the app's rate limit. */
const CONCURRENCY = 5;

/** A burst of look-ups may meet Jira's per-second limit: wait what the 429 asks (at least 1 s), three times. */
const RATE_LIMIT_TRIES = 3;
async function withRateLimitWait<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isRateLimitError(e) || attempt >= RATE_LIMIT_TRIES) throw e;
      const waitMs = Math.min(Math.max(e.retryAfterMs ?? 1000, 1000), 5000);
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let x = queue.shift(); x !== undefined; x = queue.shift()) await withRateLimitWait(() => fn(x));
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
}

/** What the plan needs from the site, read as the app (the web trigger has no user). */
async function gatherFacts(keys: string[], accountIds: string[]): Promise<SiteFacts> {
  const jira = appJira();
  const projects = new Map<string, { id: string; key: string; name: string }>();
  const users = new Map<string, string>();
  const governed = new Map<string, Set<string>>();
  const [roster] = await Promise.all([
    loadBoardRoster(),
    eachLimited(keys, async (key) => {
      try {
        const p = await getProject(jira, key);
        // Jira answers a renamed project's old key with the project under its new key: not the row's project.
        if (p.key === key) projects.set(key, p);
      } catch (e) {
        if (!isNotFoundError(e)) throw e;
      }
    }),
    eachLimited(accountIds, async (accountId) => {
      try {
        const u = await jira.users.getUser({ accountId });
        users.set(accountId, String(u.displayName ?? accountId));
      } catch (e) {
        if (!isNotFoundError(e)) throw e;
      }
    }),
  ]);
  await eachLimited([...projects.values()], async (p) => {
    if (await loadGovernance(p.id)) governed.set(p.id, new Set((await loadDecisions(p.id)).map((d) => d.id)));
  });
  return { projects, governed, users, roster };
}

const withText = (locale: Locale, ps: ImportProblem[]) =>
  ps.map((p) => ({ ...p, text: problemLine(locale, p) }));

const toReport = (locale: Locale, r: PlannedRow): ReportRow => ({
  row: r.row,
  ...(r.key ? { key: r.key } : {}),
  ...(r.name ? { name: r.name } : {}),
  ...(r.level ? { level: r.level } : {}),
  ...(r.state ? { state: r.state } : {}),
  action: r.action,
  problems: withText(locale, r.problems),
  ...(r.summary ? { summary: r.summary } : {}),
});

export interface ImportRun {
  text: string;
  mode: 'dry-run' | 'apply';
  locale: Locale;
  actor: Actor;
  /** Who is recorded as saving each revision 1. */
  by: { accountId: string; displayName: string };
  siteUrl?: string;
  /** Stop taking new rows after this instant (ms since epoch); the caller reruns for the rest. */
  deadlineMs?: number;
  now?: () => string;
}

/** Whether a governed project's log holds this row's admission: then it was imported from this very row. */
async function alreadyImported(projectId: string, identity: string): Promise<boolean> {
  return (await loadDecisions(projectId)).some((d) => d.id === identity);
}

export async function runImport(run: ImportRun): Promise<ImportReport> {
  const now = run.now ?? (() => new Date().toISOString());
  const read = readImportFile(run.text);
  const keys = [...new Set(read.rows.flatMap((r) => (r.key && !r.problems.length ? [r.key] : [])))];
  const [facts, catalogue] = await Promise.all([gatherFacts(keys, accountIdsOf(read)), loadCatalogueId()]);
  const plan = planImport(read, facts, run.actor, now(), catalogue);
  const report: ImportReport = {
    mode: run.mode,
    format: plan.format,
    fileProblems: withText(run.locale, plan.fileProblems),
    rows: plan.rows.map((r) => toReport(run.locale, r)),
    counts: plan.counts,
  };
  // A file that could not be read as a whole imports nothing, even rows that happen to parse.
  if (run.mode === 'dry-run' || plan.fileProblems.some((p) => p.code !== 'UNKNOWN_COLUMN')) return report;

  const applied = { created: 0, unchanged: plan.counts.unchanged, failed: 0, remaining: 0, done: false };
  let stopped = false;
  for (const [i, row] of plan.rows.entries()) {
    const out = report.rows[i]!;
    if (row.action !== 'create') {
      out.outcome = row.action === 'unchanged' ? 'unchanged' : row.action;
      continue;
    }
    if (stopped || (run.deadlineMs !== undefined && Date.now() > run.deadlineMs)) {
      stopped = true;
      out.outcome = 'pending';
      applied.remaining += 1;
      continue;
    }
    try {
      const result = await applyRow(row, run, facts, now());
      out.outcome = result.outcome;
      if (result.mirrored !== undefined) out.mirrored = result.mirrored;
      if (result.outcome === 'created') applied.created += 1;
      if (result.outcome === 'unchanged') applied.unchanged += 1;
    } catch (e) {
      console.error('[os2] import row failed', row.row, e);
      out.outcome = 'failed';
      applied.failed += 1;
      stopped = true;
    }
  }
  applied.done = applied.failed === 0 && applied.remaining === 0;
  report.applied = applied;
  return report;
}

async function applyRow(
  row: PlannedRow,
  run: ImportRun,
  facts: SiteFacts,
  now: string,
): Promise<{ outcome: RowOutcome; mirrored?: boolean }> {
  const project = row.project!;
  const identity = row.identity!;
  // Planned a moment ago, but another apply (a second tab, the CLI) may have been faster: look again.
  const again = async (): Promise<{ outcome: RowOutcome }> => ({
    outcome: (await alreadyImported(project.id, identity)) ? 'unchanged' : 'conflict',
  });
  if (await loadGovernance(project.id)) return again();
  const admitted = admitExisting(run.actor, withBoardRosterInput(row.admit!, facts.roster), now, identity);
  if (!admitted.ok) return { outcome: 'invalid' };
  const record: GovernanceRecord = row.budget
    ? {
        ...admitted.record,
        budget: { ...row.budget, proposedBy: admitted.record.admission!.admittedBy, proposedAt: now },
      }
    : admitted.record;
  const saved = await saveGovernance(project.id, 0, record, admitted.decisions, run.by);
  if (!saved.ok) return again();
  let mirrored = false;
  try {
    mirrored = (await afterGovernanceSave(saved.record, run.siteUrl)).mirrored;
  } catch (e) {
    // The record is saved; the mirror is healed by the next save and the reconcile finds the product anyway.
    console.error('[os2] import: mirror or event failed after save', e);
  }
  return { outcome: 'created', mirrored };
}
