/**
 * 8. The secretariat's pages at scale (issue 15): 100 products with 50 decisions and 50 revisions each and 1,000
 * change requests. Times the history timeline (one product, and all 100), the cross-portfolio lists with their
 * CSV, the reminders, the board meeting (its agenda and its printable A4 pack), and the portfolio's product page with
 * its history section (read from the service's Redis-shaped cache entry), against the portfolio page's own render of
 * the same 100 products (the reference budget). Pure computation, as the resolvers and the service do it after
 * reading storage; printed, not asserted.
 */
import { performance } from 'node:perf_hooks';
import { FIXTURE_PRODUCTS } from '../demo/fixtures.js';
import { historyTimeline, changeText, type StoredRevision, type VoteEvent } from '../src/domain/history.js';
import {
  changeRequestRows,
  listCsv,
  openPollRows,
  publishedOutcomeRows,
  ungovernedProjectRows,
  LIST_KINDS,
} from '../src/domain/portfolio-lists.js';
import { dueReminders } from '../src/domain/reminders.js';
import { boardAgenda } from '../src/domain/board-agenda.js';
import { meetingPackHtml } from '../src/shared/meeting-pack.js';
import { rollUp } from '../src/domain/roll-up.js';
import { MUNICIPALITIES } from '../src/domain/municipalities.js';
import type { ChangeRequest } from '../src/domain/change-request.js';
import type { Decision } from '../src/domain/decision.js';
import type { GovernanceRecord } from '../src/domain/governance-record.js';
import { renderPortfolioPage } from '../sync-worker/src/portfolio-page/render.js';
import { parseQuery } from '../sync-worker/src/portfolio-page/model.js';
import {
  listsCsv,
  renderListsPage,
  DEFAULT_LISTS_STALE_MS,
} from '../sync-worker/src/portfolio-page/lists.js';
import { SiteListsSchema } from '../sync-worker/src/portfolio-lists.js';
import { renderDetailPage } from '../sync-worker/src/portfolio-page/render.js';
import { historyMarker, parseCachedHistory } from '../sync-worker/src/app-data-history.js';
import { historyAnswer } from '../src/app/app-data-ops.js';
import { CATALOGUES } from '../src/domain/catalogue-registry.js';
import { boundLists } from '../src/app/lists-answer.js';
import type { BenchContext, Figures } from './lib.js';

const PRODUCTS = 100;
const DECISIONS = 50;
const CHANGE_REQUESTS = 1000;
const mette = { accountId: 'os2-sek-mette', displayName: 'Mette Søndergaard' };

function products(): {
  record: GovernanceRecord;
  decisions: Decision[];
  revisions: StoredRevision[];
  votes: VoteEvent[];
}[] {
  const out = [];
  for (let p = 0; p < PRODUCTS; p++) {
    const base = FIXTURE_PRODUCTS[p % FIXTURE_PRODUCTS.length]!;
    const id = String(20000 + p);
    const t0 = Date.UTC(2020, 0, 1) + p * 60_000;
    const decisions: Decision[] = [];
    const revisions: StoredRevision[] = [];
    let record: GovernanceRecord = {
      ...base.record,
      name: `${base.record.name} ${p}`,
      project: { id, key: `P${p}X` },
    };
    for (let d = 0; d < DECISIONS; d++) {
      const at = new Date(t0 + d * 86_400_000).toISOString();
      const level = (['N1', 'N2', 'N3'] as const)[d % 3]!;
      decisions.push({
        id: `d-${p}-${d}`,
        kind: 'change_level',
        body: 'board',
        decidedBy: mette,
        decidedAt: at,
        summary: `Niveau ${level}`,
        basis: 'Bestyrelsesmøde',
        fromLevel: record.level,
        toLevel: level,
        openRequirements: [],
        // Every fifth taken at a board meeting, so the history shows meeting dates and minutes links.
        ...(d % 5 === 0
          ? { meeting: { date: at.slice(0, 10), minutesUrl: `https://os2.eu/referat/${p}/${d}` } }
          : {}),
      });
      record = {
        ...record,
        level,
        municipalities: MUNICIPALITIES.slice(0, 2 + (d % 10)),
        revision: d + 1,
        updatedAt: at,
      };
      revisions.push({ record, by: mette });
    }
    const votes: VoteEvent[] = Array.from({ length: 20 }, (_, v) => ({
      issueId: String(100000 + p * 100 + v),
      municipality: MUNICIPALITIES[v]!.code,
      action: v % 3 === 0 ? ('change' as const) : ('cast' as const),
      coFinance: { willing: true, amountDkk: 10_000 * v },
      previous: { willing: false },
      by: mette,
      at: new Date(t0 + v * 3_600_000).toISOString(),
    }));
    out.push({ record, decisions, revisions, votes });
  }
  return out;
}

function time<T>(fn: () => T, repeat: number): { ms: number; value: T } {
  let value = fn();
  const start = performance.now();
  for (let i = 0; i < repeat; i++) value = fn();
  return { ms: (performance.now() - start) / repeat, value };
}

export async function run(ctx: BenchContext): Promise<Figures> {
  const repeat = ctx.quick ? 3 : 10;
  const all = products();
  const entries = all.map((p) =>
    rollUp({
      site: 'os2',
      record: p.record,
      decisions: p.decisions,
      integrity: 'verified',
      openRequests: 10,
      topRequests: [],
    }),
  );
  const page = time(
    () =>
      renderPortfolioPage(
        { query: parseQuery({}), all: entries, shown: entries, sites: ['os2'] },
        { base: '', refreshMs: 0, version: 'bench', now: new Date(), requirementLabel: () => undefined },
      ),
    repeat,
  );
  const lines = (p: (typeof all)[number]) =>
    historyTimeline(p).flatMap((e) =>
      e.kind === 'revision' ? e.changes.map((c) => changeText(c, 'da')) : [e.at],
    );
  const hundred = time(() => all.reduce((n, p) => n + lines(p).length, 0), repeat);
  // After the 100 (warm code), as a page view in a running app would find it.
  const one = time(() => lines(all[0]!), repeat);

  const refs = all.map((p) => ({ site: 'os2', projectKey: p.record.project.key, name: p.record.name }));
  const requests = Array.from({ length: CHANGE_REQUESTS }, (_, i) => ({
    product: refs[i % PRODUCTS]!,
    request: {
      id: `cr-${i}`,
      issueKey: `${refs[i % PRODUCTS]!.projectKey}-${i}`,
      title: `Ændringsønske ${i}`,
      size: i % 4 === 0 ? 'small' : 'large',
      state: (['submitted', 'assessed', 'prioritised', 'approved', 'published'] as const)[i % 5]!,
      ...(i % 3 === 0 ? { priority: 1 + (i % 7) } : {}),
      submittedBy: mette,
      submittedAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
      ...(i % 5 === 4
        ? {
            outcome: { approved: true, body: 'board', reason: 'OK', by: mette, at: '2026-01-01T00:00:00Z' },
            publishedAt: '2026-01-02T00:00:00Z',
          }
        : {}),
    } as ChangeRequest,
  }));
  const lists = time(() => {
    const l = {
      polls: openPollRows([], new Date().toISOString()),
      changeRequests: changeRequestRows(requests),
      outcomes: publishedOutcomeRows(requests),
      ungoverned: ungovernedProjectRows([], new Set()),
    };
    return LIST_KINDS.reduce((n, k) => n + listCsv(l, k, 'da').length, 0);
  }, repeat);
  // The portfolio page's Lister tab, as a page view in the sync service does it: the stored entry as Redis hands it
  // over (JSON), checked, merged across sites, and the change-request tab (the longest) rendered, plus its CSV.
  const stored = JSON.stringify({
    site: 'os2',
    fetchedAt: new Date().toISOString(),
    lists: boundLists(
      {
        polls: [],
        changeRequests: changeRequestRows(requests),
        outcomes: publishedOutcomeRows(requests),
        ungoverned: [],
      },
      new Date().toISOString(),
    ),
  });
  const listsPage = time(() => {
    const sites = [SiteListsSchema.parse(JSON.parse(stored))];
    const now = new Date();
    const html = renderListsPage(
      { kind: 'changeRequests', lang: 'da', sites, staleMs: DEFAULT_LISTS_STALE_MS },
      { base: '', refreshMs: 0, version: '', now },
    );
    return { bytes: html.length, csv: listsCsv(sites, 'changeRequests', 'da', now).length };
  }, repeat);
  const reminders = time(
    () => dueReminders({ products: all, polls: [], now: new Date().toISOString() }).length,
    repeat,
  );
  // The board meeting: every tenth request recommended with an estimate beyond any frame (on the agenda).
  const meetingRequests = requests.map((r, i) => ({
    issueId: String(300000 + i),
    request:
      i % 10 === 0
        ? ({
            ...r.request,
            state: 'recommended',
            estimate: {
              hours: 100 + i,
              dkk: 1_000_000 + i,
              supplier: 'Leverandøren A/S',
              at: '2026-01-01T00:00:00Z',
            },
            recommendation: { text: 'Indstilles', by: mette, at: '2026-01-02T00:00:00Z' },
          } as ChangeRequest)
        : r.request,
  }));
  const records = all.map((p) => p.record);
  const today = new Date().toISOString().slice(0, 10);
  const meeting = time(() => {
    const agenda = boardAgenda({
      records,
      changeRequests: meetingRequests,
      plan: { date: today, levelProposals: [] },
      today,
    });
    return { items: agenda.items.length, bytes: meetingPackHtml(agenda, 'da').length };
  }, repeat);
  // The portfolio's product page (`GET /portfolio/<site>/<projectId>`) with its history section, as a page view in
  // the sync service does it: the history the app's `history` op answered (both languages, built here once as the
  // app builds it), kept in Redis as app-data-history.ts stores it, read back and checked with the same schema, and
  // the page rendered with it. The roll-up snapshot's own read is left out, as for the portfolio page above.
  const product = all[0]!;
  const texts = new Map(
    Object.values(CATALOGUES).flatMap((c) => c.requirements.map((r) => [r.id, r] as const)),
  );
  const source = {
    entries: historyTimeline(product),
    requirementText: (id: string, locale: 'da' | 'en') => {
      const r = texts.get(id);
      return r ? (locale === 'en' ? r.en : r.da) : undefined;
    },
  };
  // The app's side (once per revision, in the web trigger): both languages' lines of the timeline.
  const answer = time(() => historyAnswer(product.record.revision, source), repeat);
  const entry = entries[0]!;
  const cachedHistory = JSON.stringify({
    revision: entry.revision,
    marker: historyMarker(entry),
    computedAt: Date.now(),
    data: answer.value,
  });
  const productPage = time(() => {
    const cached = parseCachedHistory(cachedHistory);
    if (!cached) throw new Error('bench: the cached history did not pass its schema');
    const html = renderDetailPage(
      entry,
      'da',
      { base: '', refreshMs: 0, version: 'bench', now: new Date(), requirementLabel: () => undefined },
      { state: 'ok', data: cached.data, computedAt: cached.computedAt },
    );
    return { bytes: html.length, historyBytes: html.length - html.indexOf('aria-labelledby="h-history"') };
  }, repeat);
  const pageBytes = page.value.length;
  const productRatio = productPage.ms / page.ms;

  const figures: Figures = {
    'secretariat.products': PRODUCTS,
    'secretariat.decisions_per_product': DECISIONS,
    'secretariat.change_requests': CHANGE_REQUESTS,
    'secretariat.portfolio_page_ms': round(page.ms),
    'secretariat.history_one_ms': round(one.ms),
    'secretariat.history_all_ms': round(hundred.ms),
    'secretariat.history_entries_all': hundred.value,
    'secretariat.lists_csv_ms': round(lists.ms),
    'secretariat.lists_csv_bytes': lists.value,
    'secretariat.reminders_ms': round(reminders.ms),
    'secretariat.lists_page_ms': round(listsPage.ms),
    'secretariat.lists_page_bytes': listsPage.value.bytes,
    'secretariat.lists_page_csv_bytes': listsPage.value.csv,
    'secretariat.lists_stored_bytes': stored.length,
    'secretariat.meeting_page_ms': round(meeting.ms),
    'secretariat.meeting_items': meeting.value.items,
    'secretariat.meeting_pack_bytes': meeting.value.bytes,
    'secretariat.portfolio_page_bytes': pageBytes,
    'secretariat.history_answer_ms': round(answer.ms),
    'secretariat.history_answer_entries': answer.value.entries.length,
    'secretariat.product_page_ms': round(productPage.ms),
    'secretariat.product_page_bytes': productPage.value.bytes,
    'secretariat.product_page_history_bytes': productPage.value.historyBytes,
    'secretariat.product_history_cached_bytes': cachedHistory.length,
    'secretariat.product_page_ratio': round(productRatio),
  };
  ctx.log(
    `  portfolio page render, ${PRODUCTS} products (the reference budget): ${figures['secretariat.portfolio_page_ms']} ms`,
  );
  ctx.log(
    `  history of one product (${DECISIONS} decisions, ${DECISIONS} revisions, 20 vote changes): ${figures['secretariat.history_one_ms']} ms`,
  );
  ctx.log(
    `  histories of all ${PRODUCTS} products: ${figures['secretariat.history_all_ms']} ms (${hundred.value} lines)`,
  );
  ctx.log(
    `  Jira global page's lists with CSV (its 'lists' resolver after the storage read) over ${CHANGE_REQUESTS} change requests: ${figures['secretariat.lists_csv_ms']} ms (${lists.value} bytes)`,
  );
  ctx.log(
    `  portfolio page's Lister tab from the stored lists (${CHANGE_REQUESTS} change requests; read, checked, rendered, with CSV): ${figures['secretariat.lists_page_ms']} ms (page ${listsPage.value.bytes} bytes, CSV ${listsPage.value.csv} bytes, stored ${stored.length} bytes)`,
  );
  ctx.log(`  reminders over ${PRODUCTS} products: ${figures['secretariat.reminders_ms']} ms`);
  ctx.log(
    `  Jira global page's board meeting, agenda and A4 pack ('meetingAgenda', 'meetingPack' after the storage read) over ${PRODUCTS} products and ${CHANGE_REQUESTS} change requests: ${figures['secretariat.meeting_page_ms']} ms (${meeting.value.items} items, ${meeting.value.bytes} bytes)`,
  );
  ctx.log(
    `  app's history answer for one product (both languages, ${answer.value.entries.length} entries): ${figures['secretariat.history_answer_ms']} ms`,
  );
  ctx.log(
    `  portfolio's product page with its history (cached ${cachedHistory.length} bytes; read, checked, rendered): ${figures['secretariat.product_page_ms']} ms, ${figures['secretariat.product_page_ratio']}× the portfolio page's ${figures['secretariat.portfolio_page_ms']} ms (page ${productPage.value.bytes} bytes, of it history ${productPage.value.historyBytes}; portfolio page ${pageBytes} bytes)`,
  );
  return figures;
}

const round = (n: number) => Math.round(n * 100) / 100;
