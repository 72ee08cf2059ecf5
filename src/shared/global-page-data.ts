/**
 * What the global page's resolver answers (src/resolvers/global-page.ts): `load` and `lists`. Here so the page's
 * UI bundle does not load the resolver (src/shared/README.md).
 */
import type { ListKind, PortfolioLists } from '../domain/portfolio-lists';
import type { PortfolioRow } from '../domain/portfolio-rows';

export type GlobalPageData = {
  portfolioKey: string;
  present: boolean;
  /** One page of rows (merge pages with mergePortfolioRows). */
  products: PortfolioRow[];
  /** Portfolio issues in all (Jira's approximate count); on the first page only. */
  total?: number;
  /** Ask `load` with this for the next page; absent on the last. */
  nextPageToken?: string;
};

export type ListsData = PortfolioLists & { csv: Record<ListKind, string> };
