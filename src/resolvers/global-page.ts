/**
 * Resolver of the global page (jira:globalPage "OS2 portefølje"): the roll-ups the sync service writes to the
 * portfolio project (issues of project PORT with the `os2-rollup` property), read as the user, so only users who
 * may browse the portfolio see it. Every roll-up is verified with the app's secret (the sync service signs them
 * with the portfolio site's secret, the one set on this site's admin page): one that does not verify is shown
 * quarantined (flagged, no figures), since anyone who may edit portfolio issues can write the property.
 *
 * - `load` {} → { portfolioKey, present, products: RollUp[] } (sorted by level, then name)
 * - `lists` {} → this site's cross-portfolio lists (src/app/lists.ts): open polls with deadlines, change requests
 *   by state and priority per product, published outcomes, ungoverned projects; each also as CSV (`;`, BOM)
 */
import { Resolver } from './forge-resolver';
import { z } from 'zod';
import { isApiError } from 'jira.js';
import type { RollUp } from '../domain/rollup';
import { quarantined, readRollUp, ROLLUP_PROPERTY } from '../mirror/rollup-mirror';
import { loadSecret } from '../app/config';
import { searchAll } from '../jira/search';
import { userJira } from '../app/jira';
import { resolver } from './common';
import { loadPortfolioLists } from '../app/lists';
import { siteUrl } from '../app/site';
import { LIST_KINDS, listCsv, type ListKind, type PortfolioLists } from '../domain/portfolio-lists';

/** The site as rows name it: the host of its URL (os2.atlassian.net), as the sync service's links show it. */
function siteLabel(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url || 'jira';
  }
}

export type ListsData = PortfolioLists & { csv: Record<ListKind, string> };

export const PORTFOLIO_KEY = 'PORT';
export { ROLLUP_PROPERTY };

export const globalPageResolver = new Resolver().define(
  'load',
  resolver(z.object({ locale: z.string().optional() }), async () => {
    let issues;
    try {
      issues = await searchAll(userJira(), `project = ${PORTFOLIO_KEY} ORDER BY key ASC`, {
        fields: ['summary'],
        properties: [ROLLUP_PROPERTY],
        maxResults: 100,
      });
    } catch (e) {
      // JQL naming a project that does not exist (or that the user cannot see) answers 400.
      if (isApiError(e) && e.status === 400)
        return {
          portfolioKey: PORTFOLIO_KEY,
          present: false,
          products: [] as (RollUp & { issueKey: string })[],
        };
      throw e;
    }
    const secret = await loadSecret();
    const verified = new Map<string, RollUp & { issueKey: string }>();
    const suspect = new Map<string, RollUp & { issueKey: string }>();
    // ORDER BY key ASC: the first issue of a product is its oldest; the service keeps that one.
    for (const issue of issues) {
      const raw = issue.properties[ROLLUP_PROPERTY];
      const read = readRollUp(raw, { portfolioProject: PORTFOLIO_KEY }, secret ? [secret] : []);
      const rollUp = read.ok ? read.rollUp : read.reason === 'absent' ? undefined : quarantined(raw);
      if (!rollUp) continue;
      const into = read.ok ? verified : suspect;
      if (!into.has(rollUp.sourceKey)) into.set(rollUp.sourceKey, { ...rollUp, issueKey: issue.key });
    }
    for (const [k, v] of suspect) if (!verified.has(k)) verified.set(k, v);
    const products = [...verified.values()];
    products.sort(
      (a, b) => (a.level ?? 'N9').localeCompare(b.level ?? 'N9') || a.name.localeCompare(b.name, 'da'),
    );
    return { portfolioKey: PORTFOLIO_KEY, present: true, products };
  }),
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

export type GlobalPageData = {
  portfolioKey: string;
  present: boolean;
  products: (RollUp & { issueKey: string })[];
};
export const globalPage = globalPageResolver.getDefinitions();
