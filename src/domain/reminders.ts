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

export interface Text {
  da: string;
  en: string;
}

export type ReminderKind =
  'board_review' | 'poll_opened' | 'poll_closing' | 'product_red' | 'forecast_over_budget';

/** Who receives it: role groups by role, municipality groups by kommunekode (resolved through the directory). */
export type Audience = { role: 'board' | 'secretariat' } | { municipalities: string[] };

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

export interface ReminderInput {
  products: readonly { record: GovernanceRecord; decisions: readonly Decision[] }[];
  polls: readonly { projectId: string; issueId: string; issueKey?: string; poll: Poll }[];
  now: string;
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
