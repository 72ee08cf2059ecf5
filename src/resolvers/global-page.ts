/**
 * Resolver of the global page (jira:globalPage "OS2 portefølje"): the roll-ups the sync service writes to the
 * portfolio project (issues of project PORT with the `os2-rollup` property), read as the user, so only users who
 * may browse the portfolio see it. Every roll-up is verified with the app's secret (the sync service signs them
 * with the portfolio site's secret, the one set on this site's admin page): one that does not verify is shown
 * quarantined (flagged, no figures), since anyone who may edit portfolio issues can write the property.
 *
 * - `load` { nextPageToken? } → { portfolioKey, present, products, total?, nextPageToken? }: one page of 100
 *   roll-ups (sorted by level, then name; the page merges pages with src/domain/portfolio-rows.ts), so a load
 *   costs the same few calls at 10 or 1,000 products (docs/benchmarks.md)
 * - `lists` {} → this site's cross-portfolio lists (src/app/lists.ts): open polls with deadlines, change requests
 *   by state and priority per product, published outcomes, ungoverned projects; each also as CSV (`;`, BOM)
 */
import { Resolver } from './forge-resolver';
import { z } from 'zod';
import { isApiError } from 'jira.js';
import { mergePortfolioRows, type PortfolioRow } from '../domain/portfolio-rows';
import { quarantined, readRollUp, ROLLUP_PROPERTY } from '../mirror/rollup-mirror';
import { loadSecret } from '../app/config';
import { approximateCount, searchPage } from '../jira/search';
import { userJira } from '../app/jira';
import { resolver } from './common';
import { loadPortfolioLists } from '../app/lists';
import { siteUrl } from '../app/site';
import { LIST_KINDS, listCsv, type ListKind } from '../domain/portfolio-lists';
import type { GlobalPageData, ListsData } from '../shared/global-page-data';

// The answers' shapes are src/shared's: the page's UI bundle reads them without loading this module's imports.
export type { GlobalPageData, ListsData } from '../shared/global-page-data';

/** The site as rows name it: the host of its URL (os2.atlassian.net), as the sync service's links show it. */
function siteLabel(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url || 'jira';
  }
}

export const PORTFOLIO_KEY = 'PORT';
export { ROLLUP_PROPERTY };

/** Roll-ups per load: one search call (Jira's page size for a search with properties). */
export const PORTFOLIO_PAGE_SIZE = 100;

/** Level first (as the page sorts), then key: a product's duplicates arrive oldest first. */
const PORTFOLIO_JQL = `project = ${PORTFOLIO_KEY} ORDER BY issue.property[${ROLLUP_PROPERTY}].level ASC, key ASC`;

const empty = (): GlobalPageData => ({ portfolioKey: PORTFOLIO_KEY, present: false, products: [], total: 0 });

export const globalPageResolver = new Resolver().define(
  'load',
  resolver(
    z.object({
      locale: z.string().optional(),
      /** From the previous answer: the next page of roll-ups. Jira's opaque token, bounded. */
      nextPageToken: z.string().min(1).max(2000).optional(),
    }),
    async (req): Promise<GlobalPageData> => {
      const jira = userJira();
      let page;
      let total;
      let secret;
      try {
        // A constant cost at any portfolio size: one page of roll-ups, the portfolio's size (the first load
        // only), and the secret, all at once.
        [page, total, secret] = await Promise.all([
          searchPage(jira, PORTFOLIO_JQL, {
            fields: ['summary'],
            properties: [ROLLUP_PROPERTY],
            maxResults: PORTFOLIO_PAGE_SIZE,
            ...(req.payload.nextPageToken ? { nextPageToken: req.payload.nextPageToken } : {}),
          }),
          req.payload.nextPageToken ? undefined : approximateCount(jira, `project = ${PORTFOLIO_KEY}`),
          loadSecret(),
        ]);
      } catch (e) {
        // JQL naming a project that does not exist (or that the user cannot see) answers 400.
        if (isApiError(e) && e.status === 400) return empty();
        throw e;
      }
      const rows: PortfolioRow[] = [];
      for (const issue of page.issues) {
        const raw = issue.properties[ROLLUP_PROPERTY];
        const read = readRollUp(raw, { portfolioProject: PORTFOLIO_KEY }, secret ? [secret] : []);
        const rollUp = read.ok ? read.rollUp : read.reason === 'absent' ? undefined : quarantined(raw);
        if (rollUp) rows.push({ ...rollUp, issueKey: issue.key });
      }
      return {
        portfolioKey: PORTFOLIO_KEY,
        present: true,
        products: mergePortfolioRows(rows),
        ...(total !== undefined ? { total } : {}),
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      };
    },
  ),
);

globalPageResolver.define(
  'lists',
  resolver(z.object({ locale: z.string().optional() }), async (req): Promise<ListsData> => {
    const site = siteLabel(await siteUrl(req.context.siteUrl));
    const lists = await loadPortfolioLists(site, new Date().toISOString(), new Set([PORTFOLIO_KEY]));
    const csv = Object.fromEntries(LIST_KINDS.map((k) => [k, listCsv(lists, k, req.locale)])) as Record<
      ListKind,
      string
    >;
    return { ...lists, csv };
  }),
);

export const globalPage = globalPageResolver.getDefinitions();
