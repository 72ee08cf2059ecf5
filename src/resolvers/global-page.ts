/**
 * Resolver of the global page (jira:globalPage "OS2 portefølje"): the roll-ups the sync service writes to the
 * portfolio project (issues of project PORT with the `os2-rollup` property), read as the user, so only users who
 * may browse the portfolio see it.
 *
 * - `load` {} → { portfolioKey, present, products: RollUp[] } (sorted by level, then name)
 */
import { Resolver } from './forge-resolver';
import { z } from 'zod';
import { isApiError } from 'jira.js';
import { RollUpSchema, type RollUp } from '../domain/rollup';
import { searchAll } from '../jira/search';
import { userJira } from '../app/jira';
import { resolver } from './common';

export const PORTFOLIO_KEY = 'PORT';
export const ROLLUP_PROPERTY = 'os2-rollup';

const StoredRollUpSchema = RollUpSchema.extend({ hash: z.string().optional() });

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
    const products: (RollUp & { issueKey: string })[] = [];
    for (const issue of issues) {
      const parsed = StoredRollUpSchema.safeParse(issue.properties[ROLLUP_PROPERTY]);
      if (parsed.success) {
        const { hash: _hash, ...rollUp } = parsed.data;
        products.push({ ...rollUp, issueKey: issue.key });
      }
    }
    products.sort(
      (a, b) => (a.level ?? 'N9').localeCompare(b.level ?? 'N9') || a.name.localeCompare(b.name, 'da'),
    );
    return { portfolioKey: PORTFOLIO_KEY, present: true, products };
  }),
);

export type GlobalPageData = {
  portfolioKey: string;
  present: boolean;
  products: (RollUp & { issueKey: string })[];
};
export const globalPage = globalPageResolver.getDefinitions();
