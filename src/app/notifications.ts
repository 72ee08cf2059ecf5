/**
 * Reminders through Jira's own channel (issue 15, item 2), run by the scheduled trigger (manifest
 * `scheduledTrigger` os2-reminders). What is due comes from src/domain/reminders.ts; each reminder goes to the
 * members of its groups, one notify call per language (Danish, or English for users whose Jira locale is
 * English), on the poll's issue or the product's portfolio issue.
 *
 * The ledger (`notif:<cause>:<accountId>`, Forge storage) records every recipient of every cause: who, what,
 * when, on which issue, in which language. A recipient already marked `sent` for a cause is never sent it again.
 * A call Jira refuses is tried once more at once and again on the next runs, up to MAX_ATTEMPTS; then the entry is
 * `failed` and stays in the run's report and on the admin page. Nothing here ever throws into a user's action:
 * reminders run only from the trigger.
 */
import { z } from 'zod';
import { PersonSchema } from '../domain/person';
import { dueReminders, type Reminder } from '../domain/reminders';
import { localeOf, type Locale } from '../i18n/index';
import { groupMembers, notifyIssue, userLocale } from '../jira/notify';
import { searchAll } from '../jira/search';
import { RollUpSchema, type MirrorIntegrity } from '../domain/rollup';
import { appJira } from './jira';
import { loadDirectory, loadReportingCadence, loadRoles } from './config';
import { loadAgenda, loadMeetingPlan } from './meeting';
import { loadAllRecords } from './lists';
import { StoredPollSchema, withAnswers } from './polls';
import { getJson, loadDecisions, putJson, queryAll } from './storage';

export const MAX_ATTEMPTS = 3;
const PORTFOLIO_KEY = 'PORT';

export const LedgerEntrySchema = z.strictObject({
  cause: z.string().max(200),
  kind: z.string().max(64),
  projectId: z.string(),
  recipient: PersonSchema.pick({ accountId: true }),
  locale: z.enum(['da', 'en']),
  issue: z.string().max(64).optional(),
  subject: z.string().max(500),
  status: z.enum(['sent', 'retrying', 'failed']),
  attempts: z.number().int().nonnegative(),
  sentAt: z.iso.datetime().optional(),
  lastAttemptAt: z.iso.datetime(),
  lastError: z.string().max(500).optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export const ledgerKey = (cause: string, accountId: string) => `notif:${cause}:${accountId}`;

export interface RunReport {
  due: number;
  sent: LedgerEntry[];
  /** Refused this run and to be retried on the next. */
  retrying: LedgerEntry[];
  /** Refused MAX_ATTEMPTS times: reported, not retried. */
  failed: LedgerEntry[];
  /** Reminders with no issue to send them on (the product has no portfolio issue on this site). */
  noIssue: string[];
}

function errorText(e: unknown): string {
  const status = (e as { status?: unknown }).status;
  const message = e instanceof Error ? e.message : String(e);
  return `${typeof status === 'number' ? `${status} ` : ''}${message}`.slice(0, 500);
}

/**
 * The product's portfolio issue on this site, by the project in its roll-up (PORT is on one site only), and the
 * products whose governance mirror the sync service could not verify (the roll-up's `integrity`).
 */
async function portfolioIssues(): Promise<{
  issues: Map<string, string>;
  flagged: { projectId: string; integrity: MirrorIntegrity }[];
}> {
  const out = new Map<string, string>();
  const flagged: { projectId: string; integrity: MirrorIntegrity }[] = [];
  try {
    const issues = await searchAll(appJira(), `project = ${PORTFOLIO_KEY} ORDER BY key ASC`, {
      fields: ['summary'],
      properties: ['os2-rollup'],
    });
    for (const i of issues) {
      const r = RollUpSchema.partial().safeParse(
        (({ hash: _h, ...rest }) => rest)((i.properties['os2-rollup'] ?? {}) as Record<string, unknown>),
      );
      if (!r.success || !r.data.project || out.has(r.data.project.id)) continue;
      // ORDER BY key: the oldest issue of a product is its own (the sync service keeps that one).
      out.set(r.data.project.id, i.key);
      if (r.data.integrity && r.data.integrity !== 'verified')
        flagged.push({ projectId: r.data.project.id, integrity: r.data.integrity });
    }
  } catch (e) {
    // No portfolio project on this site (answered 400): reminders on it are reported as without an issue.
    console.warn('[os2] reminders: no portfolio project to send on', errorText(e));
  }
  return { issues: out, flagged };
}

/** Runs one round: what is due, to whom, sent once per (cause, recipient). */
export async function runReminders(now: string = new Date().toISOString()): Promise<RunReport> {
  const jira = appJira();
  const [records, pollRows, roles, directory, cadence, plan, portfolio] = await Promise.all([
    loadAllRecords(),
    queryAll<unknown>('poll:'),
    loadRoles(),
    loadDirectory(),
    loadReportingCadence(),
    loadMeetingPlan(),
    // Read every run, not only when a reminder needs an issue: the flagged mirrors are causes themselves.
    portfolioIssues(),
  ]);
  // The agenda only when a meeting is set; its count of items does not depend on the board roster (empty here).
  const agenda = plan.date ? await loadAgenda(now, new Set()) : undefined;
  const products = await Promise.all(
    records.map(async (record) => ({ record, decisions: await loadDecisions(record.project.id) })),
  );
  const polls = [];
  for (const row of pollRows) {
    const p = StoredPollSchema.safeParse(row.value);
    if (p.success && p.data.poll.closedAt === undefined)
      polls.push({
        projectId: p.data.projectId,
        issueId: p.data.issueId,
        poll: await withAnswers(p.data.poll),
      });
  }
  const reminders = dueReminders({
    products,
    polls,
    now,
    reporting: cadence,
    flagged: portfolio.flagged,
    ...(plan.date && agenda
      ? {
          meeting: {
            date: plan.date,
            items: agenda.items.length,
            ...(agenda.items[0] ? { firstProjectId: agenda.items[0].product.projectId } : {}),
          },
        }
      : {}),
  });
  const report: RunReport = { due: reminders.length, sent: [], retrying: [], failed: [], noIssue: [] };
  if (reminders.length === 0) return report;

  const members = new Map<string, Promise<string[]>>();
  const membersOf = (group: string) => {
    if (!members.has(group))
      members.set(
        group,
        groupMembers(jira, group).catch(() => []),
      );
    return members.get(group)!;
  };
  const locales = new Map<string, Promise<Locale>>();
  const localeFor = (accountId: string) => {
    if (!locales.has(accountId))
      locales.set(
        accountId,
        userLocale(jira, accountId).then(localeOf, () => 'da' as Locale),
      );
    return locales.get(accountId)!;
  };
  const groupsFor = (r: Reminder): string[] =>
    'people' in r.audience
      ? []
      : 'role' in r.audience
        ? [r.audience.role === 'board' ? roles.boardGroup : roles.secretariatGroup]
        : directory
            .filter((d) =>
              (r.audience as { municipalities: string[] }).municipalities.includes(d.municipality.code),
            )
            .map((d) => d.group);

  for (const r of reminders) {
    const issue = r.issueId ?? portfolio.issues.get(r.projectId);
    if (!issue) {
      report.noIssue.push(r.cause);
      continue;
    }
    const named = 'people' in r.audience ? r.audience.people : [];
    const recipients = [...new Set([...named, ...(await Promise.all(groupsFor(r).map(membersOf))).flat()])];
    const byLocale = new Map<Locale, { accountId: string; entry?: LedgerEntry }[]>();
    for (const accountId of recipients) {
      const entry = await getJson(ledgerKey(r.cause, accountId), LedgerEntrySchema);
      if (entry && (entry.status === 'sent' || entry.status === 'failed')) continue;
      const locale = await localeFor(accountId);
      byLocale.set(locale, [...(byLocale.get(locale) ?? []), { accountId, entry }]);
    }
    for (const [locale, people] of byLocale) {
      let error: string | undefined;
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await notifyIssue(jira, issue, {
            subject: r.subject[locale],
            textBody: r.body[locale],
            accountIds: people.map((p) => p.accountId),
          });
          error = undefined;
          break;
        } catch (e) {
          error = errorText(e);
        }
      }
      for (const p of people) {
        const attempts = (p.entry?.attempts ?? 0) + 1;
        const entry: LedgerEntry = {
          cause: r.cause,
          kind: r.kind,
          projectId: r.projectId,
          recipient: { accountId: p.accountId },
          locale,
          issue,
          subject: r.subject[locale],
          status: error === undefined ? 'sent' : attempts >= MAX_ATTEMPTS ? 'failed' : 'retrying',
          attempts,
          ...(error === undefined ? { sentAt: now } : {}),
          lastAttemptAt: now,
          ...(error !== undefined ? { lastError: error } : {}),
        };
        await putJson(ledgerKey(r.cause, p.accountId), LedgerEntrySchema, entry);
        report[entry.status === 'sent' ? 'sent' : entry.status === 'failed' ? 'failed' : 'retrying'].push(
          entry,
        );
      }
      if (error !== undefined) console.error(`[os2] reminder ${r.cause} refused by Jira: ${error}`);
    }
  }
  return report;
}

/** The ledger, newest attempt first (for the admin page). */
export async function loadLedger(): Promise<LedgerEntry[]> {
  const rows = await queryAll<unknown>('notif:');
  return rows
    .map((r) => LedgerEntrySchema.safeParse(r.value))
    .filter((r) => r.success)
    .map((r) => r.data!)
    .sort((a, b) => b.lastAttemptAt.localeCompare(a.lastAttemptAt));
}
