/**
 * The product page's history section (issue 15 item 5): the app's timeline of the product, newest first — who,
 * when, what changed field by field, decisions (imported ones marked, a board meeting's with its minutes),
 * votes and pledges — in the page's language, every word from the one catalogue (`page.history*`; the entries'
 * own lines come from the app in both languages, built from the same catalogue). Everything from the app is
 * escaped by `html`.
 */
import { t, type MessageKey } from '../../../src/i18n/index.js';
import { formatter } from './format.js';
import { html } from './html.js';
import type { SafeHtml } from './html.js';
import { strings } from './i18n.js';
import type { Lang } from './i18n.js';
import type { HistoryAnswer, HistoryWireEntry } from '../../../src/events/app-data.js';

/** What the product page shows in its history section (sync-worker/src/app-data-history.ts builds it). */
export type ProductHistoryView =
  | { state: 'ok'; data: HistoryAnswer; computedAt: number }
  | {
      state: 'unavailable';
      /** Why, in both languages. */
      why: { da: string; en: string };
      /** The history as it was last fetched, when there is one. */
      stale?: { data: HistoryAnswer; computedAt: number };
    }
  | { state: 'not_configured' };

/** A decision is named as the decision log names it (past tense, with its body); anything else by the app's title. */
function title(e: HistoryWireEntry, lang: Lang): string {
  if (!e.decision) return e.title[lang];
  const s = strings(lang);
  return `${s.decisionKind[e.decision.kind]} (${s.decisionBody[e.decision.body]})`;
}

function entryItem(e: HistoryWireEntry, lang: Lang): SafeHtml {
  const f = formatter(lang);
  const who = e.by ?? t(lang, 'page.historyUnknownWho');
  const kind = t(lang, `page.historyKind.${e.kind}` as MessageKey);
  const heading = title(e, lang);
  return html`<li class="history-entry history-${e.kind}" data-kind="${e.kind}">
    <div class="history-head">
      ${heading === kind ? '' : html`<span class="badge history-kind">${kind}</span>`}
      <strong class="history-title">${heading}</strong>
      ${e.imported ? html`<span class="badge history-imported" data-imported="1">${t(lang, 'page.historyImported')}</span>` : ''}
    </div>
    <p class="history-meta small">
      <time datetime="${e.at}">${f.dateTime(e.at)}</time> · ${t(lang, 'page.historyWho', { name: who })}
      ${
        e.meeting
          ? html` · ${t(lang, 'page.historyMeeting', { date: f.date(e.meeting.date) })} (<a
                href="${e.meeting.minutesUrl}"
                rel="noopener noreferrer"
                >${t(lang, 'page.historyMinutes')}</a
              >)`
          : ''
      }
    </p>
    ${
      e.lines[lang].length
        ? html`<ul class="history-lines">
            ${e.lines[lang].map((l) => html`<li>${l}</li>`)}
          </ul>`
        : ''
    }
  </li>`;
}

function timeline(data: HistoryAnswer, lang: Lang): SafeHtml {
  if (data.entries.length === 0) return html`<p class="muted">${t(lang, 'page.historyEmpty')}</p>`;
  return html`<ol class="history" id="history-timeline">
    ${data.entries.map((e) => entryItem(e, lang))}
  </ol>`;
}

/** The section, or nothing when the page has no history source (the public view). */
export function historySection(view: ProductHistoryView | undefined, site: string, lang: Lang): SafeHtml {
  if (!view) return html``;
  const f = formatter(lang);
  const fetched = (at: number) => f.dateTime(new Date(at).toISOString());
  let body: SafeHtml;
  if (view.state === 'ok')
    body = html`<p class="muted small">
        ${t(lang, 'page.historyIntro', { site, time: fetched(view.computedAt) })}
      </p>
      ${timeline(view.data, lang)}`;
  else if (view.state === 'unavailable')
    body = html`<div class="notice notice-info" role="note" data-history="unavailable">
        <strong>${t(lang, 'page.historyUnavailable')}</strong>
        <span class="small">${view.why[lang]}</span>
        ${view.stale ? html`<br />${t(lang, 'page.historyStale', { time: fetched(view.stale.computedAt) })}` : ''}
      </div>
      ${view.stale ? timeline(view.stale.data, lang) : ''}`;
  else
    body = html`<p class="muted" data-history="not-configured">${t(lang, 'page.historyNotConfigured')}</p>`;
  return html`<section class="panel" aria-labelledby="h-history" data-history-state="${view.state}">
    <h2 id="h-history">${t(lang, 'page.history')}</h2>
    ${body}
  </section>`;
}
