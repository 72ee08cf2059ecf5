/**
 * The portfolio page's Lister tab (issue 15 item 6): open polls, change requests by state and priority per
 * product, outcomes published to the user club and projects not yet governed, across every source site, rendered
 * from the lists the service keeps in Redis (sync-worker/src/portfolio-lists.ts): no Jira or app call per view.
 * Rows and CSV are the app's own (src/domain/portfolio-lists.ts), merged across sites in the same order; the CSV
 * is exactly the one the Jira global page shows (`;`, BOM, CRLF).
 */
import {
  LIST_KINDS,
  changeRequestStateText,
  listCsv,
  mergeLists,
  type ChangeRequestRow,
  type ListKind,
  type PortfolioLists,
} from '../../../src/domain/portfolio-lists.js';
import { LOCALE_TAG, t, type MessageKey } from '../../../src/i18n/index.js';
import type { SiteLists } from '../portfolio-lists.js';
import { formatter } from './format.js';
import type { Formatter } from './format.js';
import { html } from './html.js';
import type { SafeHtml } from './html.js';
import type { Lang } from './i18n.js';
import { layout } from './render.js';
import type { RenderContext } from './render.js';

/** Lists older than this are said to be old, with their time: a little over the default 6-hour reconcile. */
export const DEFAULT_LISTS_STALE_MS = 390 * 60_000;

export function parseListKind(value: unknown): ListKind {
  const v = Array.isArray(value) ? value[0] : value;
  return (LIST_KINDS as readonly string[]).includes(String(v)) ? (v as ListKind) : 'polls';
}

/** Every site's stored rows as one set of lists, each poll's status measured against `now`. */
export function combinedLists(sites: readonly SiteLists[], now: Date): PortfolioLists {
  return mergeLists(
    sites.flatMap((s) => (s.lists ? [s.lists] : [])),
    now.toISOString(),
  );
}

function m(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  return t(lang, key as MessageKey, vars);
}

/** What the page says about each site's lists: when fetched, and whether old, never fetched, failed or cut. */
function freshness(
  sites: readonly SiteLists[],
  lang: Lang,
  f: Formatter,
  now: Date,
  staleMs: number,
): SafeHtml {
  const minutes = Math.round(staleMs / 60_000);
  // Two hours and more read as hours ("6,5 timer"), in the page's number format; less as minutes.
  const hours = new Intl.NumberFormat(LOCALE_TAG[lang], { maximumFractionDigits: 1 }).format(minutes / 60);
  const age = minutes >= 120 ? ('page.lists.staleHours' as const) : ('page.lists.stale' as const);
  return html`<div class="lists-freshness">
    ${sites.map((s) => {
      const notes: SafeHtml[] = [];
      if (!s.fetchedAt)
        notes.push(
          html`<div class="notice notice-warning" role="note" data-lists-never="${s.site}">
            ${m(lang, 'page.lists.never', { site: s.site })}
          </div>`,
        );
      else if (now.getTime() - Date.parse(s.fetchedAt) > staleMs)
        notes.push(
          html`<div class="notice notice-warning" role="note" data-lists-stale="${s.site}">
            ${m(lang, age, { site: s.site, time: f.dateTime(s.fetchedAt), minutes, hours })}
          </div>`,
        );
      if (s.error && (!s.fetchedAt || Date.parse(s.error.at) > Date.parse(s.fetchedAt)))
        notes.push(
          html`<div class="notice notice-warning" role="note" data-lists-failed="${s.site}">
            ${m(lang, 'page.lists.failed', {
              site: s.site,
              time: f.dateTime(s.error.at),
              message: lang === 'en' && s.error.en ? s.error.en : s.error.message,
            })}
          </div>`,
        );
      if (s.lists)
        for (const kind of LIST_KINDS) {
          const total = s.lists.totals[kind];
          const shown = s.lists[kind].length;
          if (total > shown)
            notes.push(
              html`<div class="notice notice-info" role="note" data-lists-truncated="${s.site}">
                ${m(lang, 'page.lists.truncated', { site: s.site, shown, total })}
              </div>`,
            );
        }
      return notes;
    })}
    <p class="meta">
      ${sites
        .filter((s) => s.fetchedAt)
        .map((s) => m(lang, 'page.lists.fetched', { site: s.site, time: f.dateTime(s.fetchedAt!) }))
        .join(' · ')}
    </p>
  </div>`;
}

function issueCell(ctx: RenderContext, site: string, key: string | undefined): SafeHtml {
  if (!key) return html`<span class="muted">–</span>`;
  const base = ctx.jiraBaseUrl?.(site);
  return base
    ? html`<a class="key" href="${base.replace(/\/$/, '')}/browse/${encodeURIComponent(key)}">${key}</a>`
    : html`<span class="key">${key}</span>`;
}

function table(caption: string, head: readonly string[], body: SafeHtml, numeric: ReadonlySet<number>) {
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0">
    <table class="data lists-table">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${head.map((h, i) => html`<th scope="col" class="${numeric.has(i) ? 'num' : ''}">${h}</th>`)}
        </tr>
      </thead>
      ${body}
    </table>
  </div>`;
}

function listTable(
  kind: ListKind,
  lists: PortfolioLists,
  lang: Lang,
  f: Formatter,
  ctx: RenderContext,
): SafeHtml {
  const caption = m(lang, `page.lists.caption.${kind}`);
  if (lists[kind].length === 0)
    return html`<p class="muted empty" data-list-empty="${kind}">${m(lang, `page.lists.empty.${kind}`)}</p>`;
  const product = m(lang, 'page.lists.product');
  const issue = m(lang, 'page.lists.issue');
  switch (kind) {
    case 'polls':
      return table(
        caption,
        [
          product,
          issue,
          m(lang, 'lists.question'),
          m(lang, 'lists.deadline'),
          m(lang, 'lists.state'),
          m(lang, 'lists.answers'),
          m(lang, 'page.lists.eligible'),
        ],
        html`<tbody>
          ${lists.polls.map(
            (r) =>
              html`<tr data-list-row="poll" data-status="${r.status}">
                <th scope="row">
                  ${r.product.name}
                  <span class="muted small">${r.product.projectKey} · ${r.product.site}</span>
                </th>
                <td>${issueCell(ctx, r.product.site, r.issueKey)}</td>
                <td>${r.question}</td>
                <td class="nowrap"><time datetime="${r.deadline}">${f.dateTime(r.deadline)}</time></td>
                <td>${m(lang, r.status === 'open' ? 'page.lists.open' : 'page.lists.awaitingClose')}</td>
                <td class="num">${f.number(r.answers)}</td>
                <td class="num">${f.number(r.eligible)}</td>
              </tr>`,
          )}
        </tbody>`,
        new Set([5, 6]),
      );
    case 'changeRequests': {
      // One row group per product (the rows arrive grouped), its name as the group's heading.
      const groups: ChangeRequestRow[][] = [];
      for (const r of lists.changeRequests) {
        const last = groups.at(-1);
        if (
          last &&
          last[0]!.product.site === r.product.site &&
          last[0]!.product.projectKey === r.product.projectKey
        )
          last.push(r);
        else groups.push([r]);
      }
      return table(
        caption,
        [
          issue,
          m(lang, 'lists.title'),
          m(lang, 'cr.size'),
          m(lang, 'lists.state'),
          m(lang, 'lists.priority'),
          m(lang, 'lists.estimate'),
          m(lang, 'page.lists.submitted'),
        ],
        html`${groups.map(
          (g) =>
            html`<tbody data-product="${g[0]!.product.site}/${g[0]!.product.projectKey}">
              <tr class="group-row">
                <th scope="rowgroup" colspan="7">
                  ${g[0]!.product.name}
                  <span class="muted small">${g[0]!.product.projectKey} · ${g[0]!.product.site}</span>
                </th>
              </tr>
              ${g.map(
                (r) =>
                  html`<tr data-list-row="cr" data-state="${r.state}">
                    <td>${issueCell(ctx, r.product.site, r.issueKey)}</td>
                    <td>${r.title}</td>
                    <td>${m(lang, `cr.size.${r.size}`)}</td>
                    <td>${changeRequestStateText(r.state, lang)}</td>
                    <td class="num">${r.priority ?? '–'}</td>
                    <td class="num">${r.estimateDkk !== undefined ? f.dkk(r.estimateDkk) : '–'}</td>
                    <td class="nowrap">${f.date(r.submittedAt)}</td>
                  </tr>`,
              )}
            </tbody>`,
        )}`,
        new Set([4, 5]),
      );
    }
    case 'outcomes':
      return table(
        caption,
        [
          product,
          issue,
          m(lang, 'lists.title'),
          m(lang, 'lists.outcome'),
          m(lang, 'page.lists.reason'),
          m(lang, 'lists.published'),
        ],
        html`<tbody>
          ${lists.outcomes.map(
            (r) =>
              html`<tr data-list-row="outcome">
                <th scope="row">
                  ${r.product.name}
                  <span class="muted small">${r.product.projectKey} · ${r.product.site}</span>
                </th>
                <td>${issueCell(ctx, r.product.site, r.issueKey)}</td>
                <td>${r.title}</td>
                <td>${m(lang, r.approved ? 'lists.approved' : 'lists.rejected')}</td>
                <td>${r.reason}</td>
                <td class="nowrap">${f.date(r.publishedAt)}</td>
              </tr>`,
          )}
        </tbody>`,
        new Set(),
      );
    case 'ungoverned':
      return table(
        caption,
        [m(lang, 'lists.site'), m(lang, 'lists.projectKey'), m(lang, 'lists.name')],
        html`<tbody>
          ${lists.ungoverned.map(
            (r) =>
              html`<tr data-list-row="ungoverned">
                <td>${r.site}</td>
                <td>${projectLink(ctx, r.site, r.projectKey)}</td>
                <th scope="row">${r.name}</th>
              </tr>`,
          )}
        </tbody>`,
        new Set(),
      );
  }
}

function projectLink(ctx: RenderContext, site: string, key: string): SafeHtml {
  const base = ctx.jiraBaseUrl?.(site);
  return base
    ? html`<a class="key" href="${base.replace(/\/$/, '')}/browse/${encodeURIComponent(key)}">${key}</a>`
    : html`<span class="key">${key}</span>`;
}

export interface ListsView {
  kind: ListKind;
  lang: Lang;
  sites: readonly SiteLists[];
  staleMs: number;
}

export function renderListsPage(view: ListsView, ctx: RenderContext): string {
  const { kind, lang, sites } = view;
  const f = formatter(lang);
  const lists = combinedLists(sites, ctx.now);
  const q = (k: ListKind, l: Lang = lang) => `?list=${k}${l === 'da' ? '' : '&lang=en'}`;
  const back = `${ctx.base}/portfolio${lang === 'da' ? '' : '?lang=en'}`;
  const body = html`<p class="breadcrumb"><a href="${back}">← ${m(lang, 'page.backToPortfolio')}</a></p>
    <h1>${m(lang, 'page.lists.heading')}</h1>
    <nav class="tabs" aria-label="${m(lang, 'page.lists.tabs')}">
      <ul class="tab-list">
        ${LIST_KINDS.map(
          (k) =>
            html`<li>
              <a
                class="tab${k === kind ? ' tab-active' : ''}"
                href="${ctx.base}/portfolio/lists${q(k)}"
                data-list="${k}"
                ${k === kind ? html`aria-current="page"` : ''}
                >${m(lang, `page.lists.tab.${k}`)}
                <span class="tab-count">${f.number(lists[k].length)}</span></a
              >
            </li>`,
        )}
      </ul>
    </nav>
    ${freshness(sites, lang, f, ctx.now, view.staleMs)}
    <p class="exports">
      <a
        class="button button-secondary"
        id="list-csv-link"
        href="${ctx.base}/portfolio/lists.csv${q(kind)}"
        download
        >${m(lang, 'page.lists.csv')} (${m(lang, `page.lists.tab.${kind}`)})</a
      >
    </p>
    <section id="list-${kind}" data-list-section="${kind}">${listTable(kind, lists, lang, f, ctx)}</section>`;
  return layout(
    { ...ctx, refreshMs: 0 },
    lang,
    `${m(lang, 'page.lists.tab.' + kind)} – ${m(lang, 'page.title')}`,
    `${ctx.base}/portfolio/lists${q(kind, lang === 'da' ? 'en' : 'da')}`,
    body,
  );
}

/** One list across every site as Danish-Excel CSV, the same file the Jira global page gives. */
export function listsCsv(sites: readonly SiteLists[], kind: ListKind, lang: Lang, now: Date): string {
  return listCsv(combinedLists(sites, now), kind, lang);
}
