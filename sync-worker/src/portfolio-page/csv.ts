import { attentionLabel, attentionMarkers, todayInCopenhagen } from '../../../src/domain/attention.js';
import type { Lang } from './i18n.js';
import { strings } from './i18n.js';
import { lastDecision, topRequest, totalCoFinance, totalVotes } from './model.js';
import type { PortfolioEntry } from './model.js';

/**
 * Cells that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) get a leading apostrophe,
 * so a feature request titled `=HYPERLINK(...)` stays text in Excel (OWASP "CSV injection").
 */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = neutralise(value.replace(/\r\n?/g, '\n'));
  return /[";\n,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The portfolio as CSV for board meetings: semicolon-separated with a UTF-8 byte order mark and CRLF line
 * ends, which is what Excel with Danish regional settings opens directly (æøå intact, one column per field).
 * Amounts are whole kroner without thousands separators, so they stay numbers in the spreadsheet.
 */
export function portfolioCsv(
  entries: readonly PortfolioEntry[],
  lang: Lang,
  today: string = todayInCopenhagen(),
): string {
  const t = strings(lang);
  const c = t.csv;
  const header = [
    c.product,
    c.projectKey,
    c.site,
    c.level,
    c.state,
    c.integrity,
    c.steeringKind,
    c.chair,
    c.steeringMembers,
    c.boardMembers,
    c.projectLeader,
    c.municipalitiesCount,
    c.municipalities,
    c.rag,
    c.statusDate,
    c.progress,
    c.budget,
    c.spent,
    c.forecast,
    // The development frame (issue 14), beside the budget: whole kroner, and whether it is in force; both empty
    // without a frame.
    c.frame,
    c.frameApproved,
    c.requirementsMet,
    c.requirementsExplained,
    c.requirementsOpen,
    c.openRequests,
    c.topRequest,
    c.topRequestVotes,
    c.topRequestCoFinanceWilling,
    c.topRequestCoFinanceDkk,
    c.votesTotal,
    c.coFinanceTotal,
    c.lastDecisionDate,
    c.lastDecision,
    // The reporting duty's due date (ISO, a date in the spreadsheet); empty without a duty or with no report yet.
    c.reportDue,
    // Follow-up markers (issue 15): one cell, the markers in the page's words with their dates, ", "-separated.
    t.csv.attention,
  ];
  const lines = [header.map(cell).join(';')];
  for (const e of entries) {
    const top = topRequest(e);
    const d = lastDecision(e);
    lines.push(
      [
        e.name,
        e.project.key,
        e.site,
        e.level,
        e.state ? t.states[e.state] : undefined,
        t.integrity[e.integrity],
        t.steeringKind[e.steering.kind],
        e.steering.chair,
        e.steering.members,
        e.steering.boardMembers,
        e.projectLeader,
        e.municipalities.length,
        [...e.municipalities]
          .map((m) => m.name)
          .sort((a, b) => a.localeCompare(b, 'da-DK'))
          .join(', '),
        e.status ? t.rag[e.status.rag] : undefined,
        e.status?.date,
        e.status?.progress,
        e.status?.budgetDkk,
        e.status?.spentDkk,
        e.status?.forecastDkk,
        e.frame?.amountDkk,
        e.frame ? (e.frame.approved ? t.frameApproved : t.frameNotApproved) : undefined,
        e.requirements.met,
        e.requirements.explained,
        e.requirements.open.length,
        e.openRequests,
        top ? `${top.key} ${top.summary}` : undefined,
        top?.votes,
        top?.coFinanceWilling,
        top?.coFinanceTotalDkk,
        totalVotes(e),
        totalCoFinance(e),
        d?.decidedAt.slice(0, 10),
        d ? `${t.decisionKind[d.kind]} (${t.decisionBody[d.body]}): ${d.summary}` : undefined,
        e.reporting?.dueDate,
        attentionMarkers(e, today)
          .map((m) => attentionLabel(m, e, lang))
          .join(', '),
      ]
        .map(cell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
