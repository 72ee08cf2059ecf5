/**
 * The portfolio in the terminal (`npm start`): every word from the one catalogue (src/i18n: `table.*` and the
 * names the page and the app use for states, integrity, decisions and bodies), numbers and kroner from its
 * formatter. Danish, like the rest of `npm start`.
 */
import { attentionLabel, attentionMarkers, todayInCopenhagen } from '../../src/domain/attention.js';
import type { RollUp } from '../../src/domain/rollup.js';
import { formatter, t as msg } from '../../src/i18n/index.js';
import { strings } from '../../sync-worker/src/portfolio-page/i18n.js';
import { lastDecision, sortEntries, topRequest } from '../../sync-worker/src/portfolio-page/model.js';
import { displayWidth, fitWidth } from './text-width.js';

const LOCALE = 'da';
const t = strings(LOCALE);
const fmt = formatter(LOCALE);

/** Terminal columns: ⚠, emoji and wide characters counted as the terminal draws them. */
const width = displayWidth;
const fit = fitWidth;

function fitRight(s: string, w: number): string {
  return width(s) >= w ? fit(s, w) : ' '.repeat(w - width(s)) + s;
}

type ColId =
  | 'product'
  | 'site'
  | 'level'
  | 'state'
  | 'chair'
  | 'municipalities'
  | 'openRequests'
  | 'topRequest'
  | 'votes'
  | 'coFinance'
  | 'lastDecision';

interface Col {
  id: ColId;
  head: string;
  min: number;
  max: number;
  right?: boolean;
  cell: (r: RollUp, today: string) => string;
}

function isFlagged(r: RollUp): r is RollUp & { integrity: 'tampered' | 'unsigned' } {
  return r.integrity === 'tampered' || r.integrity === 'unsigned';
}

/**
 * The follow-up markers (src/domain/attention.ts) in front of the name, like the integrity flag: the table
 * has no room for a column of its own on an ordinary terminal.
 */
function markers(r: RollUp, today: string): string {
  // Stale goes without saying next to overdue (same late report): the product column stays narrow.
  const all = attentionMarkers(r, today);
  const found = all.filter((m) => m !== 'flagged' && !(m === 'stale' && all.includes('overdue')));
  return found.length ? `● ${found.map((m) => msg(LOCALE, `table.marker.${m}`)).join(', ')} ` : '';
}

/** The long form, for one-line output where there is room. */
function flag(r: RollUp, today: string): string {
  return isFlagged(r)
    ? `⚠ ${t.integrity[r.integrity].toUpperCase()} ${markers(r, today)}`
    : markers(r, today);
}

export function topRequestText(r: RollUp): string {
  const top = topRequest(r);
  if (!top) return '–';
  const money = top.coFinanceTotalDkk > 0 ? `, ${fmt.dkk(top.coFinanceTotalDkk)}` : '';
  return `${top.key} ${top.summary} (${t.votes(top.votes)}${money})`;
}

function topRequestTitle(r: RollUp): string {
  const top = topRequest(r);
  return top ? `${top.key} ${top.summary}` : '–';
}

export function lastDecisionText(r: RollUp): string {
  const d = lastDecision(r);
  if (!d) return '–';
  return `${d.decidedAt.slice(0, 10)} ${t.decisionKind[d.kind]} (${t.decisionBody[d.body]})`;
}

/** A column's id and its heading from the catalogue. */
const col = (id: ColId): { id: ColId; head: string } => ({ id, head: msg(LOCALE, `table.col.${id}`) });

const ALL_COLS: Col[] = [
  // In the table a flagged product keeps its name: the mark is one column, its meaning is under the table.
  {
    ...col('product'),
    min: 14,
    max: 34,
    cell: (r, today) => `${isFlagged(r) ? '⚠ ' : ''}${markers(r, today)}${r.name} (${r.project.key})`,
  },
  { ...col('site'), min: 4, max: 10, cell: (r) => r.site },
  { ...col('level'), min: 6, max: 6, cell: (r) => r.level ?? '–' },
  { ...col('state'), min: 8, max: 21, cell: (r) => (r.state ? t.states[r.state] : '–') },
  {
    ...col('chair'),
    min: 10,
    max: 22,
    cell: (r) => (r.steering.kind === 'none' ? '–' : (r.steering.chair ?? '–')),
  },
  { ...col('municipalities'), min: 8, max: 8, right: true, cell: (r) => String(r.municipalities.length) },
  { ...col('openRequests'), min: 11, max: 11, right: true, cell: (r) => fmt.number(r.openRequests) },
  { ...col('topRequest'), min: 16, max: 46, cell: (r) => topRequestTitle(r) },
  {
    ...col('votes'),
    min: 7,
    max: 7,
    right: true,
    cell: (r) => (topRequest(r) ? String(topRequest(r)!.votes) : '–'),
  },
  {
    ...col('coFinance'),
    min: 15,
    max: 15,
    right: true,
    cell: (r) => {
      const top = topRequest(r);
      return top ? fmt.dkk(top.coFinanceTotalDkk) : '–';
    },
  },
  { ...col('lastDecision'), min: 16, max: 44, cell: lastDecisionText },
];

/**
 * Left out in this order on a narrow terminal. Product, level and state (the scenario's headline: an approval
 * moves a product's state) are never left out: at 80 columns the table keeps them and the open requests.
 */
const DROP_ORDER: ColId[] = [
  'lastDecision',
  'site',
  'chair',
  'municipalities',
  'coFinance',
  'votes',
  'topRequest',
  'openRequests',
];

/**
 * The portfolio as a plain-text table for the terminal, sorted by name. Columns shrink (longest first) to fit
 * `maxWidth`, and on narrow terminals the least needed columns are left out; cut text ends in '…'.
 */
export function formatPortfolioTable(
  rollUps: readonly RollUp[],
  maxWidth = 200,
  today: string = todayInCopenhagen(),
): string {
  // On a narrow terminal the least needed columns go first (while the rest would have to be cut by more
  // than a little, or could not fit at all), so what remains stays readable.
  const gap = 2;
  const sorted = sortEntries(rollUps, 'name', 'asc');
  const natural = (c: Col): number =>
    Math.min(c.max, Math.max(c.min, width(c.head), ...sorted.map((r) => width(c.cell(r, today)))));
  const sum = (cols: Col[], w: (c: Col) => number): number =>
    cols.reduce((n, c) => n + w(c), 0) + gap * (cols.length - 1);
  let cols = ALL_COLS;
  for (const drop of DROP_ORDER) {
    if (sum(cols, (c) => c.min) <= maxWidth && sum(cols, natural) <= maxWidth + 40) break;
    cols = cols.filter((c) => c.id !== drop);
  }
  const rows = sorted.map((r) => cols.map((c) => c.cell(r, today)));
  const widths = cols.map(natural);
  const total = (): number => widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
  // Shrink the widest shrinkable column until the table fits.
  while (total() > maxWidth) {
    let widest = -1;
    widths.forEach((w, i) => {
      const c = cols[i]!;
      if (w > Math.max(c.min, 6) && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]! -= 1;
  }
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (cols[i]!.right ? fitRight(cell, widths[i]!) : fit(cell, widths[i]!)))
      .join(' '.repeat(gap))
      .trimEnd();
  const out = [line(cols.map((c) => c.head)), widths.map((w) => '─'.repeat(w)).join(' '.repeat(gap))];
  for (const row of rows) out.push(line(row));
  for (const r of sorted.filter(isFlagged)) {
    out.push(
      fit(`⚠ ${r.name} (${r.project.key}): ${t.integrity[r.integrity].toLowerCase()}`, maxWidth).trimEnd(),
    );
  }
  // Since when a report is overdue has no room in a cell: one line per late product under the table.
  for (const r of sorted.filter((r) => attentionMarkers(r, today).includes('overdue'))) {
    // Key and date first: on a narrow terminal the cut falls on the name, which the row above shows.
    out.push(
      fit(`● ${r.project.key}: ${attentionLabel('overdue', r, LOCALE)} · ${r.name}`, maxWidth).trimEnd(),
    );
  }
  return out.join('\n');
}

/** One product in one line, for following a scenario step to the portfolio. */
export function formatRollUpLine(r: RollUp, today: string = todayInCopenhagen()): string {
  const parts = [
    `${flag(r, today)}${r.name} (${r.project.key})`,
    `${r.level ?? '–'} · ${r.state ? t.states[r.state] : '–'}`,
    msg(LOCALE, 'table.line.status', { rag: r.status ? t.rag[r.status.rag].toLowerCase() : '–' }),
    msg(LOCALE, 'table.line.openRequests', { count: r.openRequests }),
    msg(LOCALE, 'table.line.top', { request: topRequestText(r) }),
    msg(LOCALE, 'table.line.lastDecision', { decision: lastDecisionText(r) }),
  ];
  return parts.join(' | ');
}
