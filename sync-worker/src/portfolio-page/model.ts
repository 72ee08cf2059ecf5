import { ApprovalStateSchema } from '../../../src/domain/approval-state.js';
import { LEVELS, LevelSchema } from '../../../src/domain/level.js';
import type { ApprovalState } from '../../../src/domain/approval-state.js';
import type { Level } from '../../../src/domain/level.js';
import type { RollUp } from '../../../src/domain/rollup.js';
import { parseLang } from './i18n.js';
import { needsAttention, todayInCopenhagen } from '../../../src/domain/attention.js';
import type { Lang } from './i18n.js';

/** One product as the portfolio page receives it: the `os2-rollup` property of its portfolio issue. */
export type PortfolioEntry = RollUp & { hash?: string };

export const SORT_KEYS = [
  'name',
  'site',
  'level',
  'state',
  'steering',
  'municipalities',
  'status',
  'openRequests',
  'votes',
  'coFinance',
  'lastDecision',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** The page's state, all of it in the query string so that every view is a plain link (works without JS). */
export interface PortfolioQuery {
  lang: Lang;
  level?: Level;
  state?: ApprovalState;
  site?: string;
  q?: string;
  /** Only products that need attention (src/domain/attention.ts): `attention=1`. */
  attention?: boolean;
  sort: SortKey;
  dir: SortDir;
  /** 1-based page of {@link PAGE_ROWS} rows: the page stays small and fast at 1,000 products. */
  page: number;
}

/** Rows per page of the table (and its chart); the summary and exports cover every row that passes the filters. */
export const PAGE_ROWS = 100;

/** The rows of the query's page (the last page when the query asks past the end). */
export function pageOf<T>(rows: readonly T[], q: PortfolioQuery): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
  const page = Math.min(q.page, pages);
  return { rows: rows.slice((page - 1) * PAGE_ROWS, page * PAGE_ROWS), page, pages };
}

/** Columns whose natural first sort is largest first. */
const DESC_FIRST: ReadonlySet<SortKey> = new Set([
  'municipalities',
  'status',
  'openRequests',
  'votes',
  'coFinance',
  'lastDecision',
]);

export function defaultDir(sort: SortKey): SortDir {
  return DESC_FIRST.has(sort) ? 'desc' : 'asc';
}

function one(value: unknown): string | undefined {
  if (Array.isArray(value)) return one(value[0]);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Parses the query string leniently: an unknown value is ignored rather than an error. */
export function parseQuery(raw: Record<string, unknown> | undefined): PortfolioQuery {
  const r = raw ?? {};
  const level = LevelSchema.safeParse(one(r.level));
  const state = ApprovalStateSchema.safeParse(one(r.state));
  const sortRaw = one(r.sort);
  const sort: SortKey = (SORT_KEYS as readonly string[]).includes(sortRaw ?? '')
    ? (sortRaw as SortKey)
    : 'name';
  const dirRaw = one(r.dir);
  const dir: SortDir = dirRaw === 'asc' || dirRaw === 'desc' ? dirRaw : defaultDir(sort);
  const site = one(r.site)?.slice(0, 100);
  const q = one(r.q)?.trim().slice(0, 100);
  const pageRaw = Number(one(r.page));
  return {
    lang: parseLang(one(r.lang)),
    ...(level.success ? { level: level.data } : {}),
    ...(state.success ? { state: state.data } : {}),
    ...(site ? { site } : {}),
    ...(q ? { q } : {}),
    ...(one(r.attention) === '1' ? { attention: true } : {}),
    sort,
    dir,
    page: Number.isInteger(pageRaw) && pageRaw >= 1 && pageRaw <= 100_000 ? pageRaw : 1,
  };
}

/** The query string for a view; defaults are left out so links stay short. */
export function queryString(q: PortfolioQuery, overrides: Partial<PortfolioQuery> = {}): string {
  const merged = { ...q, ...overrides };
  const params = new URLSearchParams();
  if (merged.level) params.set('level', merged.level);
  if (merged.state) params.set('state', merged.state);
  if (merged.site) params.set('site', merged.site);
  if (merged.q) params.set('q', merged.q);
  if (merged.attention) params.set('attention', '1');
  if (merged.sort !== 'name' || merged.dir !== 'asc') {
    params.set('sort', merged.sort);
    params.set('dir', merged.dir);
  }
  if (merged.lang !== 'da') params.set('lang', merged.lang);
  if (merged.page > 1) params.set('page', String(merged.page));
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

/** `today` (ISO date): what overdue and stale reports are measured against for the needs-attention filter. */
export function filterEntries(
  entries: readonly PortfolioEntry[],
  q: PortfolioQuery,
  today: string = todayInCopenhagen(),
): PortfolioEntry[] {
  const needle = q.q?.toLocaleLowerCase('da-DK');
  return entries.filter(
    (e) =>
      (!q.level || e.level === q.level) &&
      (!q.state || e.state === q.state) &&
      (!q.site || e.site === q.site) &&
      (!q.attention || needsAttention(e, today)) &&
      (!needle ||
        e.name.toLocaleLowerCase('da-DK').includes(needle) ||
        e.project.key.toLocaleLowerCase('da-DK').includes(needle)),
  );
}

export function totalVotes(e: RollUp): number {
  return e.topRequests.reduce((n, r) => n + r.votes, 0);
}

export function totalCoFinance(e: RollUp): number {
  return e.topRequests.reduce((n, r) => n + r.coFinanceTotalDkk, 0);
}

/** The most voted open request (roll-ups list them most voted first, but do not rely on it). */
export function topRequest(e: RollUp): RollUp['topRequests'][number] | undefined {
  let best: RollUp['topRequests'][number] | undefined;
  for (const r of e.topRequests) {
    if (
      !best ||
      r.votes > best.votes ||
      (r.votes === best.votes && r.coFinanceTotalDkk > best.coFinanceTotalDkk)
    ) {
      best = r;
    }
  }
  return best;
}

export function sortedRequests(e: RollUp): RollUp['topRequests'] {
  return [...e.topRequests].sort((a, b) => b.votes - a.votes || b.coFinanceTotalDkk - a.coFinanceTotalDkk);
}

/** Decisions newest first. */
export function decisionsNewestFirst(e: RollUp): RollUp['decisions'] {
  return [...e.decisions].sort((a, b) => Date.parse(b.decidedAt) - Date.parse(a.decidedAt));
}

export function lastDecision(e: RollUp): RollUp['decisions'][number] | undefined {
  return decisionsNewestFirst(e)[0];
}

const STATE_ORDER: readonly ApprovalState[] = ApprovalStateSchema.options;
const RAG_RANK = { red: 3, amber: 2, green: 1 } as const;

function rankOf(e: RollUp, key: SortKey): number | string {
  switch (key) {
    case 'name':
      return e.name.toLocaleLowerCase('da-DK');
    case 'site':
      return e.site;
    case 'level':
      return e.level ? LEVELS.indexOf(e.level) : -1;
    case 'state':
      return e.state ? STATE_ORDER.indexOf(e.state) : -1;
    case 'steering':
      return (e.steering.chair ?? '').toLocaleLowerCase('da-DK');
    case 'municipalities':
      return e.municipalities.length;
    case 'status':
      return e.status ? RAG_RANK[e.status.rag] : 0;
    case 'openRequests':
      return e.openRequests;
    case 'votes':
      return totalVotes(e);
    case 'coFinance':
      return totalCoFinance(e);
    case 'lastDecision': {
      const d = lastDecision(e);
      return d ? Date.parse(d.decidedAt) : 0;
    }
  }
}

const collator = new Intl.Collator('da-DK', { sensitivity: 'base', numeric: true });

export function sortEntries(
  entries: readonly PortfolioEntry[],
  sort: SortKey,
  dir: SortDir,
): PortfolioEntry[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...entries].sort((a, b) => {
    const ra = rankOf(a, sort);
    const rb = rankOf(b, sort);
    const c =
      typeof ra === 'number' && typeof rb === 'number' ? ra - rb : collator.compare(String(ra), String(rb));
    if (c !== 0) return sign * c;
    return collator.compare(a.name, b.name) || collator.compare(a.sourceKey, b.sourceKey);
  });
}

export interface PortfolioSummary {
  products: number;
  byLevel: Record<Level, number>;
  rag: { green: number; amber: number; red: number; none: number };
  openRequests: number;
  votes: number;
  coFinanceDkk: number;
  untrusted: number;
}

export function summarise(entries: readonly PortfolioEntry[]): PortfolioSummary {
  const s: PortfolioSummary = {
    products: entries.length,
    byLevel: { N1: 0, N2: 0, N3: 0 },
    rag: { green: 0, amber: 0, red: 0, none: 0 },
    openRequests: 0,
    votes: 0,
    coFinanceDkk: 0,
    untrusted: 0,
  };
  for (const e of entries) {
    if (e.level) s.byLevel[e.level] += 1;
    if (e.status) s.rag[e.status.rag] += 1;
    else s.rag.none += 1;
    s.openRequests += e.openRequests;
    s.votes += totalVotes(e);
    s.coFinanceDkk += totalCoFinance(e);
    if (isUntrusted(e)) s.untrusted += 1;
  }
  return s;
}

/** A roll-up whose governance mirror did not verify: shown, but flagged (design.md "Where data lives"). */
export function isUntrusted(e: RollUp): boolean {
  return e.integrity === 'tampered' || e.integrity === 'unsigned';
}

export function sitesOf(entries: readonly PortfolioEntry[]): string[] {
  return [...new Set(entries.map((e) => e.site))].sort(collator.compare);
}

/** Path segment(s) of a product's detail page: `os2/10001` for source key `os2/10001`. */
export function detailPath(sourceKey: string): string {
  return sourceKey.split('/').map(encodeURIComponent).join('/');
}
