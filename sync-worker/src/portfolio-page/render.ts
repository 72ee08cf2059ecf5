import {
  NEEDS_ATTENTION_TEXT,
  attentionLabel,
  attentionMarkers,
  todayInCopenhagen,
} from '../../../src/domain/attention.js';
import { ApprovalStateSchema } from '../../../src/domain/approval-state.js';
import { LEVELS } from '../../../src/domain/level.js';
import type { RollUp } from '../../../src/domain/rollup.js';
import { ruleMessage } from '../../../src/domain/rule-error.js';
import { copenhagenDate, DEFAULT_CADENCE, reportingStatus } from '../../../src/domain/reporting.js';
import { votesChart } from './chart.js';
import { historySection } from './history.js';
import type { ProductHistoryView } from './history.js';
import { formatter } from './format.js';
import type { Formatter } from './format.js';
import { html, raw } from './html.js';
import type { SafeHtml } from './html.js';
import { strings } from './i18n.js';
import type { Lang, Strings } from './i18n.js';
import {
  decisionsNewestFirst,
  defaultDir,
  detailPath,
  isUntrusted,
  lastDecision,
  PAGE_ROWS,
  pageOf,
  queryString,
  sortedRequests,
  summarise,
} from './model.js';
import type { PortfolioEntry, PortfolioQuery, SortKey } from './model.js';

export interface RenderContext {
  /** Path prefix the plugin is mounted under ('' at the root). */
  base: string;
  /** Browse URL of a site, for links to Jira (`<base>/browse/KEY`); undefined leaves keys unlinked. */
  jiraBaseUrl?: ((site: string) => string | undefined) | undefined;
  /** Human name of a requirement id, from the requirement catalogue when one is wired in. */
  requirementLabel?: ((id: string, lang: Lang) => string | undefined) | undefined;
  /** How often the page's script polls for a new portfolio version, in ms (0: never). */
  refreshMs: number;
  /** Version of the whole portfolio (changes whenever a roll-up changes). */
  version: string;
  now: Date;
  /** Today (ISO, the Danish calendar day): what overdue, stale and due reports are measured against; default today. */
  today?: string;
  /** When the next scheduled sync runs (only looked up for an empty portfolio). */
  nextSync?: Date;
  /** Sites whose Jira identity is lost (a dead API token), with since when: banner, and their rows marked. */
  lostSites?: readonly { site: string; since?: string }[];
  /** The Lister tab (lists across the portfolio), when the host serves it. */
  listsHref?: string;
}

export function layout(
  ctx: RenderContext,
  lang: Lang,
  title: string,
  langHref: string,
  body: SafeHtml,
  extraBodyAttrs: SafeHtml = raw(''),
): string {
  const t = strings(lang);
  const other: Lang = lang === 'da' ? 'en' : 'da';
  const a = `${ctx.base}/portfolio-assets`;
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>${title}</title>
        <link rel="icon" href="${a}/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="${a}/portfolio.css" />
        <script src="${a}/portfolio.js" defer></script>
      </head>
      <body
        data-version="${ctx.version}"
        data-refresh-ms="${ctx.refreshMs}"
        data-version-url="${ctx.base}/api/portfolio/version"
        data-live-text="${t.liveUpdated('{time}')}"
        ${extraBodyAttrs}
      >
        <a class="skip-link" href="#main">${t.skipToContent}</a>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="brand" href="${ctx.base}/portfolio${lang === 'da' ? '' : '?lang=en'}"
              ><span class="brand-mark" aria-hidden="true">OS2</span
              ><span class="brand-text">${t.title}</span></a
            >
            <nav class="lang-nav" aria-label="${t.switchLanguageLabel}">
              <a
                id="lang-switch"
                href="${langHref}"
                hreflang="${other}"
                lang="${other}"
                aria-label="${t.switchLanguageLabel}"
                >${t.switchLanguage}</a
              >
            </nav>
          </div>
        </header>
        <main id="main" tabindex="-1">
          <div class="wrap">${body}</div>
        </main>
        <footer class="site-footer"><div class="wrap">${t.footer}</div></footer>
        <div id="live-region" class="visually-hidden" role="status" aria-live="polite"></div>
      </body>
    </html> `.value;
}

function levelBadge(e: RollUp, t: Strings): SafeHtml {
  return e.level
    ? html`<span class="badge level level-${e.level}">${e.level}</span>`
    : html`<span class="muted">${t.none}</span>`;
}

function stateBadge(e: RollUp, t: Strings): SafeHtml {
  return e.state
    ? html`<span class="badge state state-${e.state}">${t.states[e.state]}</span>`
    : html`<span class="muted">${t.none}</span>`;
}

function ragBadge(e: RollUp, t: Strings, f: Formatter): SafeHtml {
  if (!e.status) return html`<span class="muted small">${t.noStatus}</span>`;
  // Issue 14 finding 8: a report older than its level's cadence is not current (a 2018 "green" showed as if
  // it were), and spending above the budget is flagged. The cadence is the app's, as the roll-up carries it.
  const r =
    e.level && e.state
      ? reportingStatus(
          {
            level: e.level,
            state: e.state,
            statusReports: [{ ...e.status, progress: '-', reportedBy: { accountId: '-', displayName: '-' } }],
          },
          copenhagenDate(new Date().toISOString()),
          e.reporting ? { ...DEFAULT_CADENCE, [e.level]: e.reporting.cadenceDays } : DEFAULT_CADENCE,
        )
      : undefined;
  return html`<span class="rag rag-${e.status.rag}${r?.stale ? ' rag-stale' : ''}"
      ><span class="rag-dot" aria-hidden="true"></span>${t.rag[e.status.rag]}</span
    ><span class="small muted block">${f.date(e.status.date)}</span>${
      r?.stale ? html`<span class="small block" data-stale="true">${t.staleStatus}</span>` : ''
    }${r?.overrun ? html`<span class="small block" data-overrun="true">${t.overrun(f.dkk(r.overrunDkk))}</span>` : ''}`;
}

/** The development frame as a row of the product page's status panel. */
function frameRow(e: RollUp, t: Strings, f: Formatter): [string, string][] {
  return e.frame
    ? [[t.frame, `${f.dkk(e.frame.amountDkk)} (${e.frame.approved ? t.frameApproved : t.frameNotApproved})`]]
    : [];
}

/** The development frame (issue 14) under the status: the amount, and whether it is in force. */
function frameLine(e: RollUp, t: Strings, f: Formatter): SafeHtml | '' {
  if (!e.frame) return '';
  return html`<span class="small block" data-frame="${e.frame.approved ? 'approved' : 'not-approved'}"
    >${t.frame}: ${f.dkk(e.frame.amountDkk)}
    (${e.frame.approved ? t.frameApproved : t.frameNotApproved})</span
  >`;
}

/** The product's follow-up markers (src/domain/attention.ts), as small badges under its status. */
function markerBadges(e: RollUp, lang: Lang, today: string, f: Formatter): SafeHtml {
  const markers = attentionMarkers(e, today);
  if (markers.length === 0) return raw('');
  // Overdue says since when, stale how old the status is, due by when (issue 15 item 3), in the page's dates.
  return html`<span class="block markers" data-markers="${markers.join(' ')}"
    >${markers.map(
      (m) => html`<span class="marker marker-${m}">${attentionLabel(m, e, lang, (d) => f.date(d))}</span> `,
    )}</span
  >`;
}

function integrityBadge(e: RollUp, t: Strings): SafeHtml {
  if (e.integrity === 'verified') return raw('');
  const cls = isUntrusted(e) ? 'integrity integrity-bad' : 'integrity integrity-missing';
  return html`<span class="${cls}" data-integrity="${e.integrity}" title="${t.integrityExplain[e.integrity]}"
    ><span aria-hidden="true">${isUntrusted(e) ? '⚠ ' : ''}</span>${t.integrity[e.integrity]}</span
  >`;
}

function projectKey(e: RollUp, ctx: RenderContext, t: Strings): SafeHtml {
  const base = ctx.jiraBaseUrl?.(e.site);
  return base
    ? html`<a
        class="key"
        href="${base.replace(/\/$/, '')}/browse/${encodeURIComponent(e.project.key)}"
        title="${t.openInJira}"
        >${e.project.key}</a
      >`
    : html`<span class="key">${e.project.key}</span>`;
}

function requestKey(e: RollUp, key: string, ctx: RenderContext): SafeHtml {
  const base = ctx.jiraBaseUrl?.(e.site);
  return base
    ? html`<a class="key" href="${base.replace(/\/$/, '')}/browse/${encodeURIComponent(key)}">${key}</a>`
    : html`<span class="key">${key}</span>`;
}

function steeringCell(e: RollUp, t: Strings): SafeHtml {
  const s = e.steering;
  if (s.kind === 'none') return html`<span class="muted">${t.steeringKind.none}</span>`;
  return html`<span class="block">${s.chair ?? t.none}</span
    ><span class="small muted block"
      >${
        s.kind === 'project_owner' ? t.steeringKind.project_owner : t.members(s.members, s.boardMembers)
      }</span
    >`;
}

function municipalitiesCell(e: RollUp, t: Strings): SafeHtml {
  const n = e.municipalities.length;
  if (n === 0) return html`<span class="muted">0</span>`;
  const names = [...e.municipalities].sort((a, b) => a.name.localeCompare(b.name, 'da-DK'));
  return html`<details class="munis">
    <summary>${t.municipalitiesCount(n)}</summary>
    <ul class="muni-list">
      ${names.map((m) => html`<li>${m.name}</li>`)}
    </ul>
  </details>`;
}

function topRequestsCell(e: RollUp, t: Strings, f: Formatter, ctx: RenderContext): SafeHtml {
  const reqs = sortedRequests(e).filter((r) => r.votes > 0 || r.coFinanceTotalDkk > 0);
  if (reqs.length === 0) return html`<span class="muted small">${t.noTopRequests}</span>`;
  const shown = reqs.slice(0, 2);
  return html`<ol class="top-requests">
      ${shown.map(
        (r) =>
          html`<li>
            ${requestKey(e, r.key, ctx)} <span class="req-summary">${r.summary}</span>
            <span class="req-meta"
              ><span class="votes">${t.votes(r.votes)}</span>${
                r.coFinanceTotalDkk > 0 || r.coFinanceWilling > 0
                  ? html` ·
                      <span class="cofinance" title="${t.coFinanceWilling(r.coFinanceWilling)}"
                        >${f.dkk(r.coFinanceTotalDkk)}</span
                      >`
                  : ''
              }</span
            >
          </li>`,
      )}
    </ol>
    ${reqs.length > shown.length ? html`<span class="small muted">${t.moreRequests(reqs.length - shown.length)}</span>` : ''}`;
}

function lastDecisionCell(e: RollUp, t: Strings, f: Formatter): SafeHtml {
  const d = lastDecision(e);
  if (!d) return html`<span class="muted">${t.none}</span>`;
  return html`<span class="block">${t.decisionKind[d.kind]}</span
    ><span class="small muted block">${t.decisionBody[d.body]}, ${f.date(d.decidedAt)}</span>`;
}

interface Column {
  key: keyof Strings['col'];
  sort?: SortKey;
  numeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'product', sort: 'name' },
  { key: 'level', sort: 'level' },
  { key: 'state', sort: 'state' },
  { key: 'steering', sort: 'steering' },
  { key: 'municipalities', sort: 'municipalities' },
  { key: 'status', sort: 'status' },
  { key: 'openRequests', sort: 'openRequests', numeric: true },
  { key: 'topRequests', sort: 'votes' },
  { key: 'lastDecision', sort: 'lastDecision' },
];

function headerCell(col: Column, q: PortfolioQuery, t: Strings, base: string): SafeHtml {
  const label = t.col[col.key];
  const cls = col.numeric ? ' class="num"' : '';
  if (!col.sort) return html`<th scope="col" ${raw(cls)}>${label}</th>`;
  const active = q.sort === col.sort;
  const nextDir = active ? (q.dir === 'asc' ? 'desc' : 'asc') : defaultDir(col.sort);
  const ariaSort = active ? (q.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const icon = active ? (q.dir === 'asc' ? '▲' : '▼') : '↕';
  const href = `${base}/portfolio${queryString(q, { sort: col.sort, dir: nextDir, page: 1 })}`;
  return html`<th scope="col" ${raw(cls)} aria-sort="${ariaSort}">
    <a class="sort-link${active ? ' sort-active' : ''}" href="${href}" data-sort="${col.sort}"
      >${label}<span class="sort-icon" aria-hidden="true">${icon}</span
      ><span class="visually-hidden"
        >${active ? `, ${q.dir === 'asc' ? t.sortedAscending : t.sortedDescending}` : ''}</span
      ></a
    >
  </th>`;
}

function row(e: PortfolioEntry, q: PortfolioQuery, t: Strings, f: Formatter, ctx: RenderContext): SafeHtml {
  const detail = `${ctx.base}/portfolio/${detailPath(e.sourceKey)}${q.lang === 'da' ? '' : '?lang=en'}`;
  const flagged = isUntrusted(e);
  // A roll-up from an unverified mirror carries the last verified governance fields, if there ever were any
  // (the writer keeps them); without any, the governance is unknown, which is not the same as "none".
  const trusted = e.integrity === 'verified' || e.level !== undefined;
  const unknown = html`<span class="muted">${t.none}</span>`;
  const stale = (ctx.lostSites ?? []).some((l) => l.site === e.site);
  return html`<tr
    class="${flagged ? 'row-flagged' : ''}${stale ? ' row-not-current' : ''}"
    data-source-key="${e.sourceKey}"
    data-level="${e.level ?? ''}"
    data-state="${e.state ?? ''}"
    data-site="${e.site}"
    data-integrity="${e.integrity}"
  >
    <th scope="row" class="product-cell">
      <a class="product-link" href="${detail}">${e.name}</a
      ><span class="product-meta"
        >${projectKey(e, ctx, t)}
        <span class="site" title="${t.col.site}"
          ><span class="visually-hidden">${t.col.site}: </span>${e.site}</span
        ></span
      >${e.integrity !== 'verified' ? html`<span class="block">${integrityBadge(e, t)}</span>` : ''}
    </th>
    <td class="level-cell" data-label="${t.col.level}">${levelBadge(e, t)}</td>
    <td class="state-cell" data-label="${t.col.state}">${stateBadge(e, t)}</td>
    <td class="steering-cell" data-label="${t.col.steering}">${trusted ? steeringCell(e, t) : unknown}</td>
    <td data-label="${t.col.municipalities}">${trusted ? municipalitiesCell(e, t) : unknown}</td>
    <td data-label="${t.col.status}">
      ${trusted ? ragBadge(e, t, f) : unknown}${trusted ? frameLine(e, t, f) : ''}${markerBadges(e, q.lang, ctx.today ?? todayInCopenhagen(), f)}
    </td>
    <td class="num" data-label="${t.col.openRequests}">
      <span class="num-big">${f.number(e.openRequests)}</span>${
        stale ? html`<span class="block muted not-current">${t.notCurrent}</span>` : ''
      }
    </td>
    <td class="top-cell" data-label="${t.col.topRequests}">${topRequestsCell(e, t, f, ctx)}</td>
    <td data-label="${t.col.lastDecision}">${lastDecisionCell(e, t, f)}</td>
  </tr>`;
}

function select(
  name: string,
  label: string,
  options: readonly { value: string; label: string }[],
  current: string | undefined,
  t: Strings,
): SafeHtml {
  return html`<div class="field">
    <label for="f-${name}">${label}</label
    ><select id="f-${name}" name="${name}">
      <option value="">${t.all}</option>
      ${options.map(
        (o) =>
          html`<option value="${o.value}" ${o.value === current ? raw(' selected') : ''}>${o.label}</option>`,
      )}
    </select>
  </div>`;
}

function filterForm(q: PortfolioQuery, sites: readonly string[], t: Strings, base: string): SafeHtml {
  return html`<form
    class="filters"
    method="get"
    action="${base}/portfolio"
    role="search"
    aria-label="${t.filters}"
    id="filters"
  >
    ${select(
      'level',
      t.filterLevel,
      LEVELS.map((l) => ({ value: l, label: l })),
      q.level,
      t,
    )}
    ${select(
      'state',
      t.filterState,
      ApprovalStateSchema.options.map((s) => ({ value: s, label: t.states[s] })),
      q.state,
      t,
    )}
    ${select(
      'site',
      t.filterSite,
      sites.map((s) => ({ value: s, label: s })),
      q.site,
      t,
    )}
    <div class="field field-check">
      <label for="f-attention"
        ><input
          id="f-attention"
          name="attention"
          type="checkbox"
          value="1"
          ${q.attention ? raw('checked') : ''}
        />
        ${NEEDS_ATTENTION_TEXT[q.lang]}</label
      >
    </div>
    <div class="field field-grow">
      <label for="f-q">${t.search}</label
      ><input
        id="f-q"
        name="q"
        type="search"
        value="${q.q ?? ''}"
        placeholder="${t.searchPlaceholder}"
        autocomplete="off"
      />
    </div>
    ${q.sort !== 'name' || q.dir !== 'asc' ? html`<input type="hidden" name="sort" value="${q.sort}" /><input type="hidden" name="dir" value="${q.dir}" />` : ''}
    ${q.lang !== 'da' ? html`<input type="hidden" name="lang" value="${q.lang}" />` : ''}
    <div class="field field-actions">
      <button type="submit" class="button">${t.apply}</button
      ><a class="button button-secondary" href="${base}/portfolio${q.lang === 'da' ? '' : '?lang=en'}"
        >${t.reset}</a
      >
    </div>
  </form>`;
}

function summaryCards(all: readonly PortfolioEntry[], t: Strings, f: Formatter): SafeHtml {
  const s = summarise(all);
  return html`<section class="summary" aria-labelledby="summary-heading">
    <h2 id="summary-heading" class="visually-hidden">${t.summaryHeading}</h2>
    <dl class="cards">
      <div class="card">
        <dt>${t.summaryProducts}</dt>
        <dd>
          <span class="card-num">${f.number(s.products)}</span
          ><span class="card-sub">${LEVELS.map((l) => `${l}: ${s.byLevel[l]}`).join(' · ')}</span>
        </dd>
      </div>
      <div class="card">
        <dt>${t.summaryRag}</dt>
        <dd>
          <span class="card-num"
            ><span class="rag rag-green"><span class="rag-dot" aria-hidden="true"></span>${s.rag.green}</span>
            <span class="rag rag-amber"><span class="rag-dot" aria-hidden="true"></span>${s.rag.amber}</span>
            <span class="rag rag-red"
              ><span class="rag-dot" aria-hidden="true"></span>${s.rag.red}</span
            ></span
          >
        </dd>
      </div>
      <div class="card">
        <dt>${t.summaryOpenRequests}</dt>
        <dd><span class="card-num">${f.number(s.openRequests)}</span></dd>
      </div>
      <div class="card">
        <dt>${t.summaryVotes}</dt>
        <dd><span class="card-num">${f.number(s.votes)}</span></dd>
      </div>
      <div class="card">
        <dt>${t.summaryCoFinance}</dt>
        <dd><span class="card-num">${f.dkk(s.coFinanceDkk)}</span></dd>
      </div>
    </dl>
  </section>`;
}

export interface PortfolioView {
  query: PortfolioQuery;
  all: readonly PortfolioEntry[];
  shown: readonly PortfolioEntry[];
  sites: readonly string[];
}

export function renderPortfolioPage(view: PortfolioView, ctx: RenderContext): string {
  const { query: q, all, shown, sites } = view;
  const t = strings(q.lang);
  const f = formatter(q.lang);
  const untrusted = all.filter(isUntrusted).length;
  const langHref = `${ctx.base}/portfolio${queryString(q, { lang: q.lang === 'da' ? 'en' : 'da' })}`;
  // Exports hold every row that passes the filters, not one page of them.
  const csvHref = `${ctx.base}/portfolio.csv${queryString(q, { page: 1 })}`;
  const jsonHref = `${ctx.base}/api/portfolio${queryString(q, { page: 1 })}`;
  const paged = pageOf(shown, q);
  const body = html`<h1>${t.title}</h1>
    <p class="lead">${t.subtitle}</p>
    ${filterForm(q, sites, t, ctx.base)}
    <div id="portfolio-content" data-version="${ctx.version}">
      ${
        untrusted > 0
          ? html`<div class="notice notice-warning" role="note">
              <span aria-hidden="true">⚠</span> ${t.integrityBanner(untrusted)}
            </div>`
          : ''
      }
      ${(ctx.lostSites ?? []).map(
        (l) =>
          html`<div class="notice notice-warning" role="alert" data-lost-site="${l.site}">
            <span aria-hidden="true">⚠</span>
            ${t.identityLostBanner(l.site, l.since ? f.dateTime(l.since) : '?')}
          </div>`,
      )}
      ${summaryCards(shown, t, f)}
      <div class="toolbar">
        <p class="meta">${t.updatedAt(f.time(ctx.now))}</p>
        <p class="exports">
          <a class="button button-secondary" id="csv-link" href="${csvHref}" download>${t.exportCsv}</a>
          <a class="button button-link" href="${jsonHref}">${t.exportJson}</a>
          ${ctx.listsHref ? html`<a class="button button-secondary" id="lists-link" href="${ctx.listsHref}">${t.listsLink}</a>` : ''}
        </p>
      </div>
      <div class="table-wrap" role="region" aria-labelledby="portfolio-caption" tabindex="0">
        <table class="portfolio" id="portfolio-table">
          <caption id="portfolio-caption">
            ${t.tableCaption(shown.length, all.length)}
          </caption>
          <thead>
            <tr>
              ${COLUMNS.map((c) => headerCell(c, q, t, ctx.base))}
            </tr>
          </thead>
          <tbody>
            ${
              shown.length === 0
                ? html`<tr>
                    <td colspan="${COLUMNS.length}" class="empty">
                      ${
                        all.length === 0
                          ? html`${t.noProducts}
                              <span class="empty-hint"
                                >${t.noProductsHint(ctx.nextSync ? f.dateTime(ctx.nextSync.toISOString()) : undefined)}</span
                              >`
                          : t.noProductsFiltered
                      }
                    </td>
                  </tr>`
                : paged.rows.map((e) => row(e, q, t, f, ctx))
            }
          </tbody>
        </table>
      </div>
      ${paged.pages > 1 ? pager(q, paged, shown.length, t, ctx.base) : ''}
      <section class="chart-section" aria-labelledby="chart-heading">
        <h2 id="chart-heading">${t.chartHeading}</h2>
        <figure class="chart-figure">
          ${shown.length === 0 ? html`<p class="muted">${t.chartEmpty}</p>` : html`${votesChart(paged.rows, t, f, 'chart-heading')}${votesChart(paged.rows, t, f, 'chart-heading', 'narrow')}`}
          <figcaption>${t.chartCaption}</figcaption>
        </figure>
      </section>
    </div>`;
  return layout(ctx, q.lang, t.title, langHref, body);
}

/** Links to the neighbouring pages of the table (plain links: works without JS). */
function pager(
  q: PortfolioQuery,
  paged: { page: number; pages: number; rows: readonly unknown[] },
  total: number,
  t: Strings,
  base: string,
): SafeHtml {
  const from = (paged.page - 1) * PAGE_ROWS + 1;
  const link = (page: number, text: string, rel: string) =>
    html`<a class="button button-secondary" rel="${rel}" href="${base}/portfolio${queryString(q, { page })}"
      >${text}</a
    >`;
  return html`<nav class="pager" aria-label="${t.pageRange(from, from + paged.rows.length - 1, total)}">
    <p class="meta">${t.pageRange(from, from + paged.rows.length - 1, total)}</p>
    ${paged.page > 1 ? link(paged.page - 1, t.pagePrevious, 'prev') : ''}
    ${paged.page < paged.pages ? link(paged.page + 1, t.pageNext, 'next') : ''}
  </nav>`;
}

function dl(items: readonly [string, SafeHtml | string][]): SafeHtml {
  return html`<dl class="facts">
    ${items.map(
      ([k, v]) =>
        html`<div>
          <dt>${k}</dt>
          <dd>${v}</dd>
        </div>`,
    )}
  </dl>`;
}

export function renderDetailPage(
  e: PortfolioEntry,
  lang: Lang,
  ctx: RenderContext,
  history?: ProductHistoryView,
): string {
  const t = strings(lang);
  const f = formatter(lang);
  const back = `${ctx.base}/portfolio${lang === 'da' ? '' : '?lang=en'}`;
  const self = `${ctx.base}/portfolio/${detailPath(e.sourceKey)}`;
  const langHref = `${self}${lang === 'da' ? '?lang=en' : ''}`;
  const req = e.requirements;
  const answered = req.met + req.explained;
  const pct = (n: number): number => (req.total === 0 ? 0 : Math.round((n / req.total) * 100));
  const reqLabel = (id: string): string => ctx.requirementLabel?.(id, lang) ?? id;
  const requests = sortedRequests(e);
  const decisions = decisionsNewestFirst(e);
  const s = e.status;
  const body = html`<p class="breadcrumb"><a href="${back}">← ${t.backToPortfolio}</a></p>
    <h1>${e.name} ${projectKey(e, ctx, t)}</h1>
    ${
      e.integrity !== 'verified'
        ? html`<div
            class="notice ${isUntrusted(e) ? 'notice-danger' : 'notice-info'}"
            role="note"
            data-integrity="${e.integrity}"
          >
            <strong>${isUntrusted(e) ? '⚠ ' : ''}${t.integrity[e.integrity]}.</strong>
            ${t.integrityExplain[e.integrity]}
          </div>`
        : ''
    }
    ${
      e.ruleViolations?.length
        ? html`<div
            class="notice notice-danger"
            role="note"
            data-rule-violations="${e.ruleViolations.join(' ')}"
          >
            <strong>⚠ ${t.ruleViolations}</strong>
            <ul>
              ${e.ruleViolations.map((code) => html`<li>${ruleMessage(code)[lang]}</li>`)}
            </ul>
          </div>`
        : ''
    }
    <div class="detail-grid">
      <section class="panel" aria-labelledby="h-overview">
        <h2 id="h-overview">${t.detailOverview}</h2>
        ${dl([
          [t.col.site, e.site],
          [t.project, projectKey(e, ctx, t)],
          [t.col.level, levelBadge(e, t)],
          [t.col.state, stateBadge(e, t)],
          [t.col.openRequests, f.number(e.openRequests)],
          [t.revision, String(e.revision)],
        ])}
      </section>
      <section class="panel" aria-labelledby="h-steering">
        <h2 id="h-steering">${t.detailSteering}</h2>
        ${dl([
          ...((e.steering.kind === 'steering_group'
            ? [
                [t.chair, e.steering.chair ?? t.none],
                [t.membersLabel, t.members(e.steering.members, e.steering.boardMembers)],
              ]
            : e.steering.kind === 'project_owner'
              ? [[t.steeringKind.project_owner, e.steering.chair ?? t.none]]
              : [[t.col.steering, t.steeringKind.none]]) as [string, string][]),
          [t.detailProjectLeader, e.projectLeader ?? t.none],
        ])}
      </section>
      <section class="panel" aria-labelledby="h-status">
        <h2 id="h-status">${t.detailStatus}</h2>
        ${markerBadges(e, lang, ctx.today ?? todayInCopenhagen(), f)}
        ${
          s
            ? html`${dl([
                  [t.col.status, ragBadge({ ...e, status: s }, t, f)],
                  [t.detailBudget, f.dkk(s.budgetDkk)],
                  [t.detailSpent, f.dkk(s.spentDkk)],
                  [t.detailForecast, f.dkk(s.forecastDkk)],
                  ...frameRow(e, t, f),
                ])}
                <p class="progress-text"><span class="label">${t.detailProgress}:</span> ${s.progress}</p>`
            : html`<p class="muted">${t.noStatus}</p>
                ${e.frame ? dl(frameRow(e, t, f)) : ''}`
        }
      </section>
    </div>
    <section class="panel" aria-labelledby="h-req">
      <h2 id="h-req">${t.detailRequirements}</h2>
      <p>${t.requirementsSummary(req.met, req.explained, req.open.length, req.total)}</p>
      <svg
        class="req-bar"
        viewBox="0 0 100 6"
        preserveAspectRatio="none"
        role="img"
        aria-label="${t.requirementsSummary(req.met, req.explained, req.open.length, req.total)}"
        xmlns="http://www.w3.org/2000/svg"
      >
        <rect x="0" y="0" width="100" height="6" class="req-open" fill="#e4e7eb" />
        <rect x="0" y="0" width="${pct(req.met)}" height="6" class="req-met" fill="#1a7f5a" />
        <rect
          x="${pct(req.met)}"
          y="0"
          width="${pct(req.explained)}"
          height="6"
          class="req-explained"
          fill="#d9a21b"
        />
      </svg>
      <ul class="legend">
        <li><span class="swatch swatch-met" aria-hidden="true"></span>${t.requirementsMet}: ${req.met}</li>
        <li>
          <span class="swatch swatch-explained" aria-hidden="true"></span>${t.requirementsExplained}:
          ${req.explained}
        </li>
        <li>
          <span class="swatch swatch-open" aria-hidden="true"></span>${t.requirementsOpen}: ${req.open.length}
        </li>
      </ul>
      ${
        req.open.length > 0
          ? html`<h3>${t.requirementsOpenList}</h3>
              <ul class="open-reqs">
                ${req.open.map((id) => html`<li><code>${id}</code>${reqLabel(id) !== id ? html` ${reqLabel(id)}` : ''}</li>`)}
              </ul>`
          : answered > 0
            ? html`<p class="muted">${t.requirementsAllAnswered}</p>`
            : ''
      }
    </section>
    <section class="panel" aria-labelledby="h-munis">
      <h2 id="h-munis">${t.detailMunicipalities} (${e.municipalities.length})</h2>
      ${
        e.municipalities.length === 0
          ? html`<p class="muted">${t.none}</p>`
          : html`<ul class="muni-grid">
              ${[...e.municipalities]
                .sort((a, b) => a.name.localeCompare(b.name, 'da-DK'))
                .map((m) => html`<li>${m.name} <span class="muted small">${m.code}</span></li>`)}
            </ul>`
      }
    </section>
    <section class="panel" aria-labelledby="h-top">
      <h2 id="h-top">${t.detailTopRequests}</h2>
      ${
        requests.length === 0
          ? html`<p class="muted">${t.noTopRequests}</p>`
          : html`<div class="table-wrap">
              <table class="data">
                <caption>
                  ${t.detailTopRequestsCaption}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.requestKey}</th>
                    <th scope="col">${t.requestSummary}</th>
                    <th scope="col" class="num">${t.requestVotes}</th>
                    <th scope="col" class="num">${t.requestCoFinanceWilling}</th>
                    <th scope="col" class="num">${t.requestCoFinanceTotal}</th>
                  </tr>
                </thead>
                <tbody>
                  ${requests.map(
                    (r) =>
                      html`<tr>
                        <td>${requestKey(e, r.key, ctx)}</td>
                        <th scope="row" class="req-summary">${r.summary}</th>
                        <td class="num">${f.number(r.votes)}</td>
                        <td class="num">${f.number(r.coFinanceWilling)}</td>
                        <td class="num">${f.dkk(r.coFinanceTotalDkk)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>
    <section class="panel" aria-labelledby="h-decisions">
      <h2 id="h-decisions">${t.detailDecisions}</h2>
      ${
        decisions.length === 0
          ? html`<p class="muted">${t.noDecisions}</p>`
          : html`<div class="table-wrap">
              <table class="data" id="decision-log">
                <caption>
                  ${t.detailDecisionsCaption}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.decisionDate}</th>
                    <th scope="col">${t.decisionBodyCol}</th>
                    <th scope="col">${t.decisionKindCol}</th>
                    <th scope="col">${t.decisionBy}</th>
                    <th scope="col">${t.decisionSummary}</th>
                  </tr>
                </thead>
                <tbody>
                  ${decisions.map(
                    (d) =>
                      html`<tr>
                        <td class="nowrap">
                          <time datetime="${d.decidedAt}">${f.dateTime(d.decidedAt)}</time>
                        </td>
                        <td>${t.decisionBody[d.body]}</td>
                        <th scope="row">${t.decisionKind[d.kind]}</th>
                        <td>${d.decidedBy}</td>
                        <td>${d.summary}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>
    ${historySection(history, e.site, lang)}`;
  return layout(ctx, lang, `${e.name} – ${t.title}`, langHref, body, html` data-detail="${e.sourceKey}"`);
}

export function renderMessagePage(
  lang: Lang,
  ctx: RenderContext,
  heading: string,
  text: string,
  langHref: string,
): string {
  const t = strings(lang);
  const body = html`<h1>${heading}</h1>
    <p>${text}</p>
    <p><a href="${ctx.base}/portfolio${lang === 'da' ? '' : '?lang=en'}">← ${t.backToPortfolio}</a></p>`;
  return layout({ ...ctx, refreshMs: 0 }, lang, heading, langHref, body);
}
