/**
 * Lists across the portfolio (issue 15, item 6): open polls with deadlines, change requests by state and
 * priority per product, outcomes published to the user club, and projects that are not governed yet. Pure:
 * the app feeds it from Forge storage and Jira, the sync service from the `os2-activity` mirrors; both show the
 * same rows in the same order, and both write them as the same CSV.
 */
import { z } from 'zod';
import { ChangeRequestStateSchema, type ChangeRequest, type ChangeRequestState } from './change-request';
import type { Poll } from './poll';

/** Which product a row belongs to. */
export const ProductRefSchema = z.strictObject({
  site: z.string().min(1).max(100),
  projectKey: z.string().min(1).max(32),
  name: z.string().max(255),
});
export type ProductRef = z.infer<typeof ProductRefSchema>;

export const OpenPollRowSchema = z.strictObject({
  product: ProductRefSchema,
  issueKey: z.string().max(32).optional(),
  question: z.string().max(1000),
  deadline: z.iso.datetime(),
  /** `open`: municipalities can answer; `awaiting_close`: the deadline has passed, the secretariat closes it. */
  status: z.enum(['open', 'awaiting_close']),
  answers: z.number().int().nonnegative(),
  eligible: z.number().int().nonnegative(),
});
export type OpenPollRow = z.infer<typeof OpenPollRowSchema>;

export const ChangeRequestRowSchema = z.strictObject({
  product: ProductRefSchema,
  issueKey: z.string().max(32).optional(),
  title: z.string().max(255),
  size: z.enum(['small', 'large']),
  state: ChangeRequestStateSchema,
  priority: z.number().int().min(1).optional(),
  estimateDkk: z.number().int().nonnegative().optional(),
  submittedAt: z.iso.datetime(),
});
export type ChangeRequestRow = z.infer<typeof ChangeRequestRowSchema>;

export const PublishedOutcomeRowSchema = z.strictObject({
  product: ProductRefSchema,
  issueKey: z.string().max(32).optional(),
  title: z.string().max(255),
  approved: z.boolean(),
  reason: z.string().max(4000),
  publishedAt: z.iso.datetime(),
});
export type PublishedOutcomeRow = z.infer<typeof PublishedOutcomeRowSchema>;

export const UngovernedProjectRowSchema = z.strictObject({
  site: z.string().min(1).max(100),
  projectId: z.string(),
  projectKey: z.string(),
  name: z.string().max(255),
});
export type UngovernedProjectRow = z.infer<typeof UngovernedProjectRowSchema>;

const collator = new Intl.Collator('da-DK', { sensitivity: 'base', numeric: true });
const byProduct = (a: { product: ProductRef }, b: { product: ProductRef }) =>
  collator.compare(a.product.name, b.product.name) || collator.compare(a.product.site, b.product.site);

/** Polls not closed yet, soonest deadline first (those awaiting closing, whose deadline passed, come first). */
export function openPollRows(
  polls: readonly { product: ProductRef; issueKey?: string; poll: Poll }[],
  now: string,
): OpenPollRow[] {
  return polls
    .filter((p) => p.poll.closedAt === undefined)
    .map((p) => ({
      product: p.product,
      ...(p.issueKey ? { issueKey: p.issueKey } : {}),
      question: p.poll.question,
      deadline: p.poll.deadline,
      status: pollStatus(p.poll.deadline, now),
      answers: Object.keys(p.poll.answers).length,
      eligible: p.poll.eligible.length,
    }))
    .sort(comparePollRows);
}

/** Soonest deadline first, then product: the order of {@link openPollRows}. */
export const comparePollRows = (a: OpenPollRow, b: OpenPollRow): number =>
  Date.parse(a.deadline) - Date.parse(b.deadline) || byProduct(a, b);

const STATE_ORDER: readonly ChangeRequestState[] = ChangeRequestStateSchema.options;

/**
 * Every change request, per product (by name), then by state in the order of the process, then by priority
 * (1 first; unprioritised last), then oldest first.
 */
export function changeRequestRows(
  requests: readonly { product: ProductRef; request: ChangeRequest }[],
): ChangeRequestRow[] {
  return requests
    .map(({ product, request: cr }) => ({
      product,
      ...(cr.issueKey ? { issueKey: cr.issueKey } : {}),
      title: cr.title,
      size: cr.size,
      state: cr.state,
      ...(cr.priority !== undefined ? { priority: cr.priority } : {}),
      ...(cr.estimate ? { estimateDkk: cr.estimate.dkk } : {}),
      submittedAt: cr.submittedAt,
    }))
    .sort(compareChangeRequestRows);
}

/** Product, process order, priority (unprioritised last), oldest: the order of {@link changeRequestRows}. */
export const compareChangeRequestRows = (a: ChangeRequestRow, b: ChangeRequestRow): number =>
  byProduct(a, b) ||
  STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
  (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER) ||
  a.submittedAt.localeCompare(b.submittedAt);

/** Outcomes published to the user club, newest first. */
export function publishedOutcomeRows(
  requests: readonly { product: ProductRef; request: ChangeRequest }[],
): PublishedOutcomeRow[] {
  const out: PublishedOutcomeRow[] = [];
  for (const { product, request: cr } of requests) {
    if (cr.state !== 'published' || !cr.publishedAt || !cr.outcome) continue;
    out.push({
      product,
      ...(cr.issueKey ? { issueKey: cr.issueKey } : {}),
      title: cr.title,
      approved: cr.outcome.approved,
      reason: cr.outcome.reason,
      publishedAt: cr.publishedAt,
    });
  }
  return out.sort(compareOutcomeRows);
}

/** Newest first: the order of {@link publishedOutcomeRows}. */
export const compareOutcomeRows = (a: PublishedOutcomeRow, b: PublishedOutcomeRow): number =>
  b.publishedAt.localeCompare(a.publishedAt) || byProduct(a, b);

/** The projects of each site that have no governance record, by site and key. */
export function ungovernedProjectRows(
  projects: readonly UngovernedProjectRow[],
  governed: ReadonlySet<string>,
  /** Projects that are part of the toolkit itself (the portfolio project), never a product. */
  exclude: ReadonlySet<string> = new Set(),
): UngovernedProjectRow[] {
  return projects
    .filter((p) => !governed.has(`${p.site}/${p.projectId}`) && !exclude.has(p.projectKey))
    .sort(compareUngovernedRows);
}

/** By site, then key: the order of {@link ungovernedProjectRows}. */
export const compareUngovernedRows = (a: UngovernedProjectRow, b: UngovernedProjectRow): number =>
  collator.compare(a.site, b.site) || collator.compare(a.projectKey, b.projectKey);

/** Whether a poll still open can be answered at `now`, or awaits the secretariat's closing (deadline passed). */
export function pollStatus(deadline: string, now: string): OpenPollRow['status'] {
  return Date.parse(now) < Date.parse(deadline) ? 'open' : 'awaiting_close';
}

/**
 * Several sites' lists as one (the portfolio page across sites): each list in its own order again, and each
 * poll's status measured against `now`, as a poll's deadline may have passed since its site answered.
 */
export function mergeLists(parts: readonly PortfolioLists[], now: string): PortfolioLists {
  return {
    polls: parts
      .flatMap((p) => p.polls)
      .map((r) => ({ ...r, status: pollStatus(r.deadline, now) }))
      .sort(comparePollRows),
    changeRequests: parts.flatMap((p) => p.changeRequests).sort(compareChangeRequestRows),
    outcomes: parts.flatMap((p) => p.outcomes).sort(compareOutcomeRows),
    ungoverned: parts.flatMap((p) => p.ungoverned).sort(compareUngovernedRows),
  };
}

/** Spreadsheets read a cell starting with `=`, `+`, `-`, `@` as a formula; a leading apostrophe keeps it text. */
function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value).replace(/\r\n?/g, '\n');
  return /[";\n,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV as Excel with Danish regional settings opens it directly: `;` between cells, a UTF-8 byte order mark
 * (æøå intact) and CRLF line ends (the same conventions as the portfolio CSV).
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | undefined)[])[],
): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

export type Lang = 'da' | 'en';
export const LIST_KINDS = ['polls', 'changeRequests', 'outcomes', 'ungoverned'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

const CR_STATE_TEXT: Record<ChangeRequestState, { da: string; en: string }> = {
  submitted: { da: 'Indsendt', en: 'Submitted' },
  in_assessment: { da: 'Under vurdering', en: 'In assessment' },
  assessed: { da: 'Vurderet', en: 'Assessed' },
  prioritised: { da: 'Prioriteret', en: 'Prioritised' },
  specified: { da: 'Kravspecificeret', en: 'Specified' },
  estimated: { da: 'Prissat', en: 'Estimated' },
  recommended: { da: 'Indstillet', en: 'Recommended' },
  approved: { da: 'Godkendt', en: 'Approved' },
  rejected: { da: 'Afvist', en: 'Rejected' },
  published: { da: 'Offentliggjort', en: 'Published' },
};
export function changeRequestStateText(state: ChangeRequestState, lang: Lang): string {
  return CR_STATE_TEXT[state][lang];
}

const H = {
  product: { da: 'Produkt', en: 'Product' },
  projectKey: { da: 'Projektnøgle', en: 'Project key' },
  site: { da: 'Site', en: 'Site' },
  issue: { da: 'Sag', en: 'Issue' },
  question: { da: 'Spørgsmål', en: 'Question' },
  deadline: { da: 'Frist', en: 'Deadline' },
  status: { da: 'Status', en: 'Status' },
  answers: { da: 'Svar', en: 'Answers' },
  eligible: { da: 'Kan svare', en: 'Eligible' },
  title: { da: 'Titel', en: 'Title' },
  size: { da: 'Størrelse', en: 'Size' },
  state: { da: 'Tilstand', en: 'State' },
  priority: { da: 'Prioritet', en: 'Priority' },
  estimate: { da: 'Estimat (kr.)', en: 'Estimate (DKK)' },
  submitted: { da: 'Indsendt', en: 'Submitted' },
  outcome: { da: 'Udfald', en: 'Outcome' },
  reason: { da: 'Begrundelse', en: 'Reason' },
  published: { da: 'Offentliggjort', en: 'Published' },
  name: { da: 'Navn', en: 'Name' },
} as const;

export interface PortfolioLists {
  polls: OpenPollRow[];
  changeRequests: ChangeRequestRow[];
  outcomes: PublishedOutcomeRow[];
  ungoverned: UngovernedProjectRow[];
}

/** One list as CSV in a language; dates as ISO (yyyy-mm-dd), which Danish Excel reads as dates. */
export function listCsv(lists: PortfolioLists, kind: ListKind, lang: Lang): string {
  const h = (k: keyof typeof H) => H[k][lang];
  const day = (iso: string) => iso.slice(0, 10);
  switch (kind) {
    case 'polls':
      return toCsv(
        [
          h('product'),
          h('projectKey'),
          h('site'),
          h('issue'),
          h('question'),
          h('deadline'),
          h('status'),
          h('answers'),
          h('eligible'),
        ],
        lists.polls.map((r) => [
          r.product.name,
          r.product.projectKey,
          r.product.site,
          r.issueKey,
          r.question,
          day(r.deadline),
          r.status === 'open'
            ? lang === 'da'
              ? 'Åben'
              : 'Open'
            : lang === 'da'
              ? 'Frist overskredet, afventer lukning'
              : 'Past deadline, awaiting closing',
          r.answers,
          r.eligible,
        ]),
      );
    case 'changeRequests':
      return toCsv(
        [
          h('product'),
          h('projectKey'),
          h('site'),
          h('issue'),
          h('title'),
          h('size'),
          h('state'),
          h('priority'),
          h('estimate'),
          h('submitted'),
        ],
        lists.changeRequests.map((r) => [
          r.product.name,
          r.product.projectKey,
          r.product.site,
          r.issueKey,
          r.title,
          r.size === 'small' ? (lang === 'da' ? 'Lille' : 'Small') : lang === 'da' ? 'Stor' : 'Large',
          changeRequestStateText(r.state, lang),
          r.priority,
          r.estimateDkk,
          day(r.submittedAt),
        ]),
      );
    case 'outcomes':
      return toCsv(
        [
          h('product'),
          h('projectKey'),
          h('site'),
          h('issue'),
          h('title'),
          h('outcome'),
          h('reason'),
          h('published'),
        ],
        lists.outcomes.map((r) => [
          r.product.name,
          r.product.projectKey,
          r.product.site,
          r.issueKey,
          r.title,
          r.approved ? (lang === 'da' ? 'Godkendt' : 'Approved') : lang === 'da' ? 'Afvist' : 'Rejected',
          r.reason,
          day(r.publishedAt),
        ]),
      );
    case 'ungoverned':
      return toCsv(
        [h('site'), h('projectKey'), h('name')],
        lists.ungoverned.map((r) => [r.site, r.projectKey, r.name]),
      );
  }
}
