/**
 * What is due to be said to whom (issue 15, item 2): pure. The app's scheduled trigger feeds it the governance
 * records, the decision logs and the polls of its site, sends what it returns through Jira's own notification
 * endpoint, and records each (cause, recipient) in a ledger so the same cause never reaches the same person twice.
 *
 * A cause is stable for as long as the situation it describes lasts: a product awaiting the board is one cause per
 * submission (the id of the `submit_to_board` decision), a red report is one cause per report date, and so on.
 */
import type { GovernanceRecord, StatusReport } from './governance-record';
import type { Decision } from './decision';
import type { Poll } from './poll';
import type { MirrorIntegrity } from './rollup';
import { copenhagenDate, reportingStatus, type ReportingCadence } from './reporting';

export interface Text {
  da: string;
  en: string;
}

export type ReminderKind =
  | 'board_review'
  | 'poll_opened'
  | 'poll_closing'
  | 'product_red'
  | 'forecast_over_budget'
  | 'report_due'
  | 'report_overdue'
  | 'board_meeting'
  | 'mirror_flagged';

/**
 * Who receives it: role groups by role, municipality groups by kommunekode (resolved through the directory), or
 * named people (a product's steering group, by accountId).
 */
export type Audience =
  { role: 'board' | 'secretariat' } | { municipalities: string[] } | { people: string[] };

export interface Reminder {
  /** Stable id of the situation: `<kind>:<projectId>:<what>`; the ledger key together with the recipient. */
  cause: string;
  kind: ReminderKind;
  projectId: string;
  /** The issue the notification is sent on: a poll's issue, or undefined for the product's portfolio issue. */
  issueId?: string;
  audience: Audience;
  subject: Text;
  body: Text;
}

/** How long before a poll's deadline the municipalities that have not answered are reminded. */
export const POLL_CLOSING_WINDOW_MS = 48 * 3600_000;

function latestReport(record: GovernanceRecord): StatusReport | undefined {
  return [...record.statusReports].sort((a, b) => b.date.localeCompare(a.date))[0];
}

const dkk = (n: number): Text => ({
  da: `${n.toLocaleString('da-DK')} kr.`,
  en: `DKK ${n.toLocaleString('en-GB')}`,
});
const day = (iso: string) => iso.slice(0, 10);

/** How many days before a status report is due its steering group is reminded. */
export const REPORT_DUE_WINDOW_DAYS = 14;
/** How many days before a board meeting the board is reminded of it. */
export const MEETING_WINDOW_DAYS = 7;

export interface ReminderInput {
  products: readonly { record: GovernanceRecord; decisions: readonly Decision[] }[];
  polls: readonly { projectId: string; issueId: string; issueKey?: string; poll: Poll }[];
  now: string;
  /** The reporting cadence: when given, steering groups are reminded of reports due and overdue. */
  reporting?: ReportingCadence;
  /**
   * The next board meeting (its date) and what awaits the board at it: the board is reminded once per meeting, in
   * the week before it, on the portfolio issue of the first product on the agenda (Jira notifies on an issue).
   */
  meeting?: { date: string; items: number; firstProjectId?: string };
  /** Products whose governance mirror the sync service flagged (the roll-up's `integrity` is not `verified`). */
  flagged?: readonly { projectId: string; integrity: MirrorIntegrity }[];
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Who answers for a product's reports: its steering group, or an N1 project's owner when it has none. */
function steeringOf(record: GovernanceRecord): string[] {
  const members = record.steeringGroup?.members.map((m) => m.person.accountId) ?? [];
  if (members.length > 0) return [...new Set(members)];
  return record.projectOwner ? [record.projectOwner.accountId] : [];
}

export function dueReminders(input: ReminderInput): Reminder[] {
  const out: Reminder[] = [];
  const now = Date.parse(input.now);
  for (const { record, decisions } of input.products) {
    const name = record.name;
    const pid = record.project.id;
    if (record.state === 'board_review') {
      const submitted = [...decisions]
        .filter((d) => d.kind === 'submit_to_board')
        .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt))[0];
      const since = submitted?.decidedAt ?? record.updatedAt;
      out.push({
        cause: `board_review:${pid}:${submitted?.id ?? `rev${record.revision}`}`,
        kind: 'board_review',
        projectId: pid,
        audience: { role: 'board' },
        subject: {
          da: `OS2: ${name} afventer bestyrelsens behandling`,
          en: `OS2: ${name} awaits the board`,
        },
        body: {
          da: `${name} (${record.project.key}, ${record.level}) er sendt til bestyrelsen ${day(since)} og afventer jeres beslutning.`,
          en: `${name} (${record.project.key}, ${record.level}) was submitted to the board on ${day(since)} and awaits your decision.`,
        },
      });
    }
    if (record.state === 'retired' || record.state === 'rejected') continue;
    const report = latestReport(record);
    if (report?.rag === 'red')
      out.push({
        cause: `product_red:${pid}:${report.date}`,
        kind: 'product_red',
        projectId: pid,
        audience: { role: 'secretariat' },
        subject: { da: `OS2: ${name} er rød`, en: `OS2: ${name} is red` },
        body: {
          da: `Statusrapporten for ${name} fra ${report.date} (${report.reportedBy.displayName}) er rød: ${report.progress}`,
          en: `The status report of ${name} of ${report.date} (${report.reportedBy.displayName}) is red: ${report.progress}`,
        },
      });
    if (report && report.forecastDkk > report.budgetDkk)
      out.push({
        cause: `forecast_over_budget:${pid}:${report.date}`,
        kind: 'forecast_over_budget',
        projectId: pid,
        audience: { role: 'secretariat' },
        subject: {
          da: `OS2: prognosen for ${name} overstiger budgettet`,
          en: `OS2: the forecast of ${name} exceeds its budget`,
        },
        body: {
          da: `${name}: prognose ${dkk(report.forecastDkk).da} mod et budget på ${dkk(report.budgetDkk).da} (statusrapport ${report.date}).`,
          en: `${name}: forecast ${dkk(report.forecastDkk).en} against a budget of ${dkk(report.budgetDkk).en} (status report ${report.date}).`,
        },
      });
  }
  const today = copenhagenDate(input.now);
  if (input.reporting) {
    for (const { record } of input.products) {
      const status = reportingStatus(record, today, input.reporting);
      const people = steeringOf(record);
      if (!status.required || !status.dueDate || people.length === 0) continue;
      const pid = record.project.id;
      const name = record.name;
      if (status.overdue)
        out.push({
          cause: `report_overdue:${pid}:${status.dueDate}`,
          kind: 'report_overdue',
          projectId: pid,
          audience: { people },
          subject: {
            da: `OS2: statusrapporten for ${name} er forsinket`,
            en: `OS2: the status report of ${name} is overdue`,
          },
          body: {
            da: `${name} (${record.project.key}, ${record.level}) skulle have rapporteret status ${status.dueDate} (hver ${status.cadenceDays}. dag). Styregruppen bedes sørge for, at statusrapporten indsendes.`,
            en: `${name} (${record.project.key}, ${record.level}) was due to report its status on ${status.dueDate} (every ${status.cadenceDays} days). The steering group is asked to see that the report is filed.`,
          },
        });
      else if (daysBetween(today, status.dueDate) <= REPORT_DUE_WINDOW_DAYS)
        out.push({
          cause: `report_due:${pid}:${status.dueDate}`,
          kind: 'report_due',
          projectId: pid,
          audience: { people },
          subject: {
            da: `OS2: statusrapport for ${name} senest ${status.dueDate}`,
            en: `OS2: status report of ${name} due by ${status.dueDate}`,
          },
          body: {
            da: `${name} (${record.project.key}, ${record.level}) skal rapportere status til sekretariatet senest ${status.dueDate}.`,
            en: `${name} (${record.project.key}, ${record.level}) is to report its status to the secretariat by ${status.dueDate}.`,
          },
        });
    }
  }
  const m = input.meeting;
  if (m && m.firstProjectId && m.items > 0) {
    const ahead = daysBetween(today, m.date);
    if (ahead >= 0 && ahead <= MEETING_WINDOW_DAYS)
      out.push({
        cause: `board_meeting:${m.date}`,
        kind: 'board_meeting',
        projectId: m.firstProjectId,
        audience: { role: 'board' },
        subject: { da: `OS2: bestyrelsesmøde ${m.date}`, en: `OS2: board meeting on ${m.date}` },
        body: {
          da: `Bestyrelsen mødes ${m.date}. ${m.items} punkter afventer bestyrelsen; dagsordenen og mødemappen ligger på fanen Bestyrelsesmøde på OS2-porteføljesiden i Jira.`,
          en: `The board meets on ${m.date}. ${m.items} items await the board; the agenda and the meeting pack are on the Board meeting tab of the OS2 portfolio page in Jira.`,
        },
      });
  }
  const byId = new Map(input.products.map((p) => [p.record.project.id, p.record]));
  for (const f of input.flagged ?? []) {
    const record = byId.get(f.projectId);
    if (!record || f.integrity === 'verified') continue;
    const name = record.name;
    out.push({
      // One per flag and saved revision: the next save rewrites the mirror, so a flag after it is a new situation.
      cause: `mirror_flagged:${f.projectId}:${f.integrity}:${record.revision}`,
      kind: 'mirror_flagged',
      projectId: f.projectId,
      audience: { role: 'secretariat' },
      subject: {
        da: `OS2: governance-spejlet for ${name} er markeret`,
        en: `OS2: the governance mirror of ${name} is flagged`,
      },
      body: {
        da: `Synkroniseringstjenesten kunne ikke bekræfte governance-spejlet for ${name} (${record.project.key}): ${f.integrity === 'tampered' ? 'signaturen passer ikke' : f.integrity === 'unsigned' ? 'spejlet er ikke signeret' : 'spejlet mangler'}. Den næste gemning af produktet skriver spejlet igen.`,
        en: `The sync service could not verify the governance mirror of ${name} (${record.project.key}): ${f.integrity === 'tampered' ? 'the signature does not match' : f.integrity === 'unsigned' ? 'the mirror is not signed' : 'the mirror is missing'}. The next save of the product writes the mirror again.`,
      },
    });
  }
  for (const { projectId, issueId, issueKey, poll } of input.polls) {
    if (poll.closedAt !== undefined || Date.parse(poll.deadline) <= now) continue;
    const on = issueKey ?? issueId;
    out.push({
      cause: `poll_opened:${poll.id}`,
      kind: 'poll_opened',
      projectId,
      issueId,
      audience: { municipalities: [...poll.eligible] },
      subject: { da: `OS2: ny afstemning på ${on}`, en: `OS2: new poll on ${on}` },
      body: {
        da: `Sekretariatet spørger: ${poll.question} Svar for jeres kommune senest ${day(poll.deadline)}.`,
        en: `The secretariat asks: ${poll.question} Answer for your municipality by ${day(poll.deadline)}.`,
      },
    });
    const unanswered = poll.eligible.filter((c) => !(c in poll.answers));
    if (Date.parse(poll.deadline) - now <= POLL_CLOSING_WINDOW_MS && unanswered.length > 0)
      out.push({
        cause: `poll_closing:${poll.id}`,
        kind: 'poll_closing',
        projectId,
        issueId,
        audience: { municipalities: unanswered },
        subject: { da: `OS2: afstemningen på ${on} lukker snart`, en: `OS2: the poll on ${on} closes soon` },
        body: {
          da: `Jeres kommune har ikke svaret på: ${poll.question} Fristen er ${day(poll.deadline)}.`,
          en: `Your municipality has not answered: ${poll.question} The deadline is ${day(poll.deadline)}.`,
        },
      });
  }
  return out;
}
