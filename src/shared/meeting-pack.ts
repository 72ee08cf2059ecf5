/**
 * The board's meeting pack as one self-contained HTML document with an A4 print stylesheet (issue 15 item 4).
 * UI Kit cannot carry a print stylesheet, so the global page offers this document for download; the browser
 * prints it or saves it as PDF. It is rendered from the same agenda the "Bestyrelsesmøde" tab shows
 * (src/domain/board-agenda.ts), so the printed pack and the screen never disagree. No script, no outside
 * resource: it opens the same offline, years later.
 *
 * Pure (the domain and the message catalogue only), so it lives in src/shared: the global page's UI Kit bundle
 * takes `itemSummary` and `longDate` from here and shows the very lines the pack prints.
 */
import type { AgendaItem, BoardAgenda } from '../domain/board-agenda';
import { AGENDA_KINDS } from '../domain/board-agenda';
import { ruleMessage } from '../domain/rule-error';
import { formatDkk, stateName, t, type Locale, type MessageKey } from '../i18n/index';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every text in the pack comes from users (names, reasons, recommendations): escaped, never markup. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** One formatter per locale: building an Intl formatter per date made the pack of 100 products take 150 ms. */
const LONG_DATE: Record<Locale, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Copenhagen',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Copenhagen',
  }),
};

/** `2026-12-01` (or an ISO time) as `1. december 2026` / `1 December 2026`, the Danish calendar day. */
export function longDate(locale: Locale, isoDate: string): string {
  const d = new Date(isoDate.length === 10 ? `${isoDate}T12:00:00Z` : isoDate);
  if (Number.isNaN(d.getTime())) return isoDate;
  return LONG_DATE[locale].format(d);
}

/**
 * A4 portrait with print margins. Each agenda item is one block that is never split across pages
 * (`break-inside: avoid`), and a section heading is never left alone at the foot of a page.
 */
export const PACK_CSS = `
@page { size: A4 portrait; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
html { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; color: #111; line-height: 1.35; }
body { margin: 0; }
header.pack { border-bottom: 2px solid #111; margin-bottom: 6mm; padding-bottom: 2mm; }
header.pack h1 { font-size: 18pt; margin: 0 0 1mm 0; }
header.pack p { margin: 0; color: #333; }
section { margin-top: 5mm; }
section > h2 { font-size: 13pt; margin: 0 0 2mm 0; break-after: avoid; page-break-after: avoid; }
article.item { border: 1px solid #999; border-radius: 2mm; padding: 3mm 4mm; margin: 0 0 3mm 0;
  break-inside: avoid; page-break-inside: avoid; }
article.item h3 { font-size: 11.5pt; margin: 0 0 1.5mm 0; }
article.item h4 { font-size: 10pt; margin: 2mm 0 0.5mm 0; }
article.item p, article.item ul { margin: 0 0 1mm 0; }
article.item ul { padding-left: 5mm; }
.blocked { color: #8a1c1c; font-weight: bold; }
article.item h4.decision { margin-top: 2mm; border-top: 1px dashed #999; padding-top: 1.5mm; color: #333; font-weight: normal; }
.decision span { display: inline-block; min-width: 60mm; border-bottom: 1px solid #999; }
footer.pack { margin-top: 6mm; font-size: 8.5pt; color: #555; }
@media screen { body { max-width: 178mm; margin: 10mm auto; } }
`;

const line = (text: string) => `<p>${esc(text)}</p>`;
const list = (items: string[]) => `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;

function itemBody(locale: Locale, item: AgendaItem): string {
  const tt = (key: MessageKey, vars?: Record<string, string | number>) => t(locale, key, vars);
  const parts: string[] = [];
  const rule = (code: Parameters<typeof ruleMessage>[0]) => ruleMessage(code)[locale];
  switch (item.kind) {
    case 'concept':
    case 'admission': {
      if (item.kind === 'concept') {
        parts.push(`<h4>${esc(tt('meeting.recommendation'))}</h4>`);
        parts.push(
          item.recommendation
            ? line(item.recommendation.basis || '—') +
                line(
                  tt('meeting.recommendationBy', {
                    name: item.recommendation.by,
                    date: longDate(locale, item.recommendation.at),
                  }),
                )
            : line(tt('meeting.noRecommendation')),
        );
      }
      parts.push(`<h4>${esc(tt('meeting.steeringGroup'))}</h4>`);
      const g = item.steeringGroup;
      parts.push(
        g && g.members.length
          ? (g.chair ? line(tt('meeting.chair', { name: g.chair })) : '') +
              list(
                g.members.map(
                  (m) =>
                    `${m.name}, ${m.municipality}${m.boardMember ? ` (${tt('meeting.boardMember')})` : ''}`,
                ),
              )
          : line(tt('meeting.noSteeringGroup')),
      );
      if (item.kind === 'concept') {
        parts.push(`<h4>${esc(tt('meeting.budget'))}</h4>`);
        const b = item.budget;
        parts.push(
          b
            ? line(
                `${tt('meeting.budgetLine', { amount: formatDkk(locale, b.amountDkk), funding: tt(`meeting.funding.${b.funding}`) })}; ${tt(b.steeringApproved ? 'meeting.budgetSteeringApproved' : 'meeting.budgetAwaitsSteering')}`,
              )
            : line(tt('meeting.noBudget')),
        );
      }
      parts.push(`<h4>${esc(tt('meeting.openRequirements'))}</h4>`);
      parts.push(
        item.openRequirements.length
          ? list(item.openRequirements.map((r) => `${r.id}: ${locale === 'en' ? r.en : r.da}`))
          : line(tt('meeting.noOpenRequirements')),
      );
      const blocked = item.kind === 'concept' ? item.approvalBlockedBy : item.confirmationBlockedBy;
      if (blocked)
        parts.push(`<p class="blocked">${esc(tt('meeting.blockedBy', { rule: rule(blocked) }))}</p>`);
      break;
    }
    case 'budget':
      parts.push(
        line(
          tt('meeting.budgetLine', {
            amount: formatDkk(locale, item.budget.amountDkk),
            funding: tt(`meeting.funding.${item.budget.funding}`),
          }),
        ),
      );
      break;
    case 'level_change':
      parts.push(line(tt('meeting.levelChange', { from: item.product.level, to: item.toLevel })));
      parts.push(line(item.reason));
      parts.push(
        line(tt('meeting.proposedBy', { name: item.proposedBy, date: longDate(locale, item.proposedAt) })),
      );
      break;
    case 'change_request':
      parts.push(
        line(
          tt('meeting.estimate', {
            hours: item.estimate.hours,
            amount: formatDkk(locale, item.estimate.dkk),
            supplier: item.estimate.supplier,
          }),
        ),
      );
      parts.push(
        line(
          item.frameDkk !== undefined
            ? tt('meeting.frame', { amount: formatDkk(locale, item.frameDkk) })
            : tt('meeting.noFrame'),
        ),
      );
      if (item.recommendation) {
        parts.push(`<h4>${esc(tt('meeting.recommendation'))}</h4>`);
        parts.push(line(item.recommendation));
      }
      if (item.referral) {
        parts.push(`<h4>${esc(tt('meeting.referral'))}</h4>`);
        parts.push(line(`${item.referral.text} (${tt(`meeting.financing.${item.referral.financing}`)})`));
      }
      if (item.decisionBlockedBy)
        parts.push(
          `<p class="blocked">${esc(tt('meeting.requestBlockedBy', { rule: rule(item.decisionBlockedBy) }))}</p>`,
        );
      break;
    case 'attention':
      parts.push(
        list(
          item.reasons.map((r) =>
            r === 'overdue'
              ? tt('meeting.reason.overdue', { date: longDate(locale, item.dueDate ?? '') })
              : r === 'red'
                ? tt('meeting.reason.red')
                : tt('meeting.reason.overrun', { amount: formatDkk(locale, item.overrunDkk) }),
          ),
        ),
      );
      parts.push(
        line(
          item.lastReport
            ? tt('meeting.lastReport', { date: longDate(locale, item.lastReport) })
            : tt('meeting.noReport'),
        ),
      );
      if (item.progress) parts.push(line(item.progress));
      break;
  }
  return parts.join('');
}

function itemTitle(locale: Locale, item: AgendaItem): string {
  const p = item.product;
  const product = t(locale, 'meeting.product', {
    name: p.name,
    key: p.key,
    level: p.level,
    state: stateName(locale, p.state),
  });
  return item.kind === 'change_request'
    ? `${item.issueKey ? `${item.issueKey}: ` : ''}${item.title} — ${product}`
    : product;
}

/** The whole pack: one section per kind that has items, each item numbered through the agenda. */
export function meetingPackHtml(agenda: BoardAgenda, locale: Locale): string {
  const tt = (key: MessageKey, vars?: Record<string, string | number>) => t(locale, key, vars);
  let n = 0;
  const sections = AGENDA_KINDS.map((kind) => {
    const items = agenda.items.filter((i) => i.kind === kind);
    if (items.length === 0) return '';
    const articles = items.map((item) => {
      n += 1;
      return (
        `<article class="item" data-item="${esc(item.id)}">` +
        `<h3>${n}. ${esc(itemTitle(locale, item))}</h3>` +
        itemBody(locale, item) +
        // A heading, so the PDF's outline carries each item's last line too (the print test checks none is cut).
        `<h4 class="decision">${esc(tt('meeting.decision'))}: <span>&nbsp;</span></h4>` +
        `</article>`
      );
    });
    return `<section data-kind="${kind}"><h2>${esc(tt(`meeting.section.${kind}`))}</h2>${articles.join('')}</section>`;
  }).join('');
  const date = agenda.meetingDate
    ? tt('meeting.dateLine', { date: longDate(locale, agenda.meetingDate) })
    : tt('meeting.noDate');
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<title>${esc(tt('meeting.packTitle'))}</title><style>${PACK_CSS}</style></head><body>` +
    `<header class="pack"><h1>${esc(tt('meeting.packTitle'))}</h1><p>${esc(date)}</p>` +
    `<p>${esc(tt('meeting.printedOn', { date: longDate(locale, agenda.today) }))}</p></header>` +
    (agenda.items.length ? sections : `<p>${esc(tt('meeting.empty'))}</p>`) +
    `<footer class="pack">OS2 governance</footer></body></html>`
  );
}

/** The item's title and the lines under it as plain text, for the global page's tab (the pack has them as HTML). */
export function itemSummary(locale: Locale, item: AgendaItem): { title: string; lines: string[] } {
  const html = itemBody(locale, item);
  const lines = [...html.matchAll(/<(?:p|li|h4)[^>]*>([\s\S]*?)<\/(?:p|li|h4)>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
  return { title: itemTitle(locale, item), lines };
}
