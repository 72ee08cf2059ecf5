import { html } from './html.js';
import type { SafeHtml } from './html.js';
import type { Formatter } from './format.js';
import type { Strings } from './i18n.js';
import { totalCoFinance, totalVotes } from './model.js';
import type { PortfolioEntry } from './model.js';

const WIDTH = 880;
const LABEL_W = 230;
const VALUE_W = 120;
const BAR_AREA = WIDTH - LABEL_W - VALUE_W;
const BAR_H = 11;
const ROW_H = 34;
const TOP = 34;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * An inline SVG bar chart of votes and co-finance per product: two bars per product, each scaled to its
 * own maximum. No script, no external file, no inline style (the page's CSP forbids them): colours come
 * from presentation attributes and the page's stylesheet. The figures are also in the table, which is
 * what screen readers are pointed to.
 */
export function votesChart(
  entries: readonly PortfolioEntry[],
  t: Strings,
  f: Formatter,
  headingId: string,
  layout: 'wide' | 'narrow' = 'wide',
): SafeHtml {
  if (layout === 'narrow') return narrowChart(entries, t, f, headingId);
  const rows = entries.map((e) => ({ e, votes: totalVotes(e), dkk: totalCoFinance(e) }));
  const maxVotes = Math.max(1, ...rows.map((r) => r.votes));
  const maxDkk = Math.max(1, ...rows.map((r) => r.dkk));
  const height = TOP + rows.length * ROW_H + 8;
  const scale = (v: number, max: number): number =>
    v <= 0 ? 0 : Math.max(2, Math.round((v / max) * BAR_AREA));
  const bars = rows.map(({ e, votes, dkk }, i) => {
    const y = TOP + i * ROW_H;
    const wv = scale(votes, maxVotes);
    const wd = scale(dkk, maxDkk);
    const flagged = e.integrity === 'tampered' || e.integrity === 'unsigned';
    return html`<g class="chart-row${flagged ? ' chart-row--flagged' : ''}" data-source-key="${e.sourceKey}">
      <title>${e.name}: ${t.votes(votes)}, ${f.dkk(dkk)}</title>
      <text class="chart-label" x="${LABEL_W - 10}" y="${y + BAR_H + 4}" text-anchor="end"
        >${flagged ? '⚠ ' : ''}${truncate(e.name, flagged ? 26 : 29)}</text
      >
      <rect class="bar-votes" x="${LABEL_W}" y="${y}" width="${wv}" height="${BAR_H}" rx="2" fill="#1f5fa8" />
      <text class="chart-value" x="${LABEL_W + wv + 6}" y="${y + BAR_H - 1}">${f.number(votes)}</text>
      <rect
        class="bar-cofinance"
        x="${LABEL_W}"
        y="${y + BAR_H + 3}"
        width="${wd}"
        height="${BAR_H}"
        rx="2"
        fill="#1a7f5a"
      />
      <text class="chart-value" x="${LABEL_W + wd + 6}" y="${y + 2 * BAR_H + 2}">${f.dkkCompact(dkk)}</text>
    </g>`;
  });
  return html`<svg
    class="chart"
    viewBox="0 0 ${WIDTH} ${height}"
    width="100%"
    role="img"
    aria-labelledby="${headingId} chart-desc"
    preserveAspectRatio="xMinYMin meet"
    xmlns="http://www.w3.org/2000/svg"
  >
    <desc id="chart-desc">${t.chartDesc(rows.length)}</desc>
    <g class="chart-legend" aria-hidden="true">
      <rect x="${LABEL_W}" y="6" width="14" height="${BAR_H}" rx="2" class="bar-votes" fill="#1f5fa8" />
      <text x="${LABEL_W + 20}" y="16" class="chart-legend-text">${t.chartVotes}</text>
      <rect
        x="${LABEL_W + 120}"
        y="6"
        width="14"
        height="${BAR_H}"
        rx="2"
        class="bar-cofinance"
        fill="#1a7f5a"
      />
      <text x="${LABEL_W + 140}" y="16" class="chart-legend-text">${t.chartCoFinance}</text>
    </g>
    <line
      x1="${LABEL_W}"
      y1="${TOP - 6}"
      x2="${LABEL_W}"
      y2="${height - 4}"
      class="chart-axis"
      stroke="#9aa5b1"
    />
    ${bars}
  </svg>`;
}

/** The phone layout's chart: 360 units wide, drawn at about that size, so 13-unit text stays ~13 px. */
const N_WIDTH = 360;
const N_VALUE_W = 84;
const N_BAR_AREA = N_WIDTH - N_VALUE_W;
const N_ROW_H = 58;

/**
 * The same figures for a phone (shown below 700 px by the stylesheet, the wide chart hidden): each product's
 * name on its own line above its two bars, so neither the names nor the numbers shrink with the screen.
 */
function narrowChart(
  entries: readonly PortfolioEntry[],
  t: Strings,
  f: Formatter,
  headingId: string,
): SafeHtml {
  const rows = entries.map((e) => ({ e, votes: totalVotes(e), dkk: totalCoFinance(e) }));
  const maxVotes = Math.max(1, ...rows.map((r) => r.votes));
  const maxDkk = Math.max(1, ...rows.map((r) => r.dkk));
  const height = TOP + rows.length * N_ROW_H + 4;
  const scale = (v: number, max: number): number =>
    v <= 0 ? 0 : Math.max(2, Math.round((v / max) * N_BAR_AREA));
  const bars = rows.map(({ e, votes, dkk }, i) => {
    const y = TOP + i * N_ROW_H;
    const wv = scale(votes, maxVotes);
    const wd = scale(dkk, maxDkk);
    const flagged = e.integrity === 'tampered' || e.integrity === 'unsigned';
    return html`<g class="chart-row${flagged ? ' chart-row--flagged' : ''}" data-source-key="${e.sourceKey}">
      <title>${e.name}: ${t.votes(votes)}, ${f.dkk(dkk)}</title>
      <text class="chart-label" x="0" y="${y + 12}">${flagged ? '⚠ ' : ''}${truncate(e.name, 40)}</text>
      <rect class="bar-votes" x="0" y="${y + 20}" width="${wv}" height="${BAR_H}" rx="2" fill="#1f5fa8" />
      <text class="chart-value" x="${wv + 6}" y="${y + 20 + BAR_H - 1}">${f.number(votes)}</text>
      <rect class="bar-cofinance" x="0" y="${y + 34}" width="${wd}" height="${BAR_H}" rx="2" fill="#1a7f5a" />
      <text class="chart-value" x="${wd + 6}" y="${y + 34 + BAR_H - 1}">${f.dkkCompact(dkk)}</text>
    </g>`;
  });
  return html`<svg
    class="chart chart--narrow"
    viewBox="0 0 ${N_WIDTH} ${height}"
    width="100%"
    role="img"
    aria-labelledby="${headingId} chart-desc-narrow"
    preserveAspectRatio="xMinYMin meet"
    xmlns="http://www.w3.org/2000/svg"
  >
    <desc id="chart-desc-narrow">${t.chartDesc(rows.length)}</desc>
    <g class="chart-legend" aria-hidden="true">
      <rect x="0" y="6" width="14" height="${BAR_H}" rx="2" class="bar-votes" fill="#1f5fa8" />
      <text x="20" y="16" class="chart-legend-text">${t.chartVotes}</text>
      <rect x="130" y="6" width="14" height="${BAR_H}" rx="2" class="bar-cofinance" fill="#1a7f5a" />
      <text x="150" y="16" class="chart-legend-text">${t.chartCoFinance}</text>
    </g>
    ${bars}
  </svg>`;
}
