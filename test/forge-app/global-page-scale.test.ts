// The global page at portfolio scale: a load costs the same few Jira calls at 250 products as at 2, and the
// pages it hands out, followed to the end, list every product exactly once, sorted as the page shows them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRET, SECRETARIAT } from './helpers.js';
import { seedPortfolio } from '../support/portfolio-seed.js';
import { mergePortfolioRows, type PortfolioRow } from '../../src/domain/portfolio-rows.js';
import { PORTFOLIO_PAGE_SIZE, type GlobalPageData } from '../../src/resolvers/global-page.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
const PRODUCTS = 250;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
  seedPortfolio(sim, 'os2', SECRET, PRODUCTS);
  // Search trails writes by the index lag, as Jira's does.
  await new Promise((r) => setTimeout(r, sim.site('os2').indexLagMs + 50));
});
afterAll(async () => {
  await close();
});

async function load(nextPageToken?: string) {
  const from = forge.jiraCalls.length;
  const answer = await forge.invoke<GlobalPageData>(
    'global-page',
    'load',
    nextPageToken ? { nextPageToken } : {},
    { accountId: SECRETARIAT },
  );
  expect(answer.ok).toBe(true);
  return { data: answer.data!, calls: forge.jiraCalls.slice(from) };
}

describe('global page at 250 products', () => {
  it('opens with one page of roll-ups and the portfolio size: two Jira calls, not one per 100 products', async () => {
    const { data, calls } = await load();
    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]}`).sort()).toEqual([
      'GET /rest/api/3/search/jql',
      'POST /rest/api/3/search/approximate-count',
    ]);
    expect(data.products).toHaveLength(PORTFOLIO_PAGE_SIZE);
    expect(data.total).toBe(PRODUCTS);
    expect(data.nextPageToken).toBeTruthy();
    expect(data.products.every((p) => p.integrity === 'verified')).toBe(true);
  });

  it('hands out the rest page by page, one search each, every product once, sorted by level then name', async () => {
    const pages: PortfolioRow[][] = [];
    let token: string | undefined;
    do {
      const { data, calls } = await load(token);
      expect(calls).toHaveLength(token ? 1 : 2);
      pages.push(data.products);
      token = data.nextPageToken;
    } while (token && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    const rows = mergePortfolioRows(...pages);
    expect(new Set(rows.map((r) => r.sourceKey)).size).toBe(PRODUCTS);
    const order = rows.map((r) => `${r.level ?? 'N9'} ${r.name}`);
    expect(order).toEqual([...order].sort((a, b) => a.localeCompare(b, 'da')));
  });
});

describe('merging pages', () => {
  it('keeps one row per product: a verified roll-up over a quarantined one, else the oldest portfolio issue', async () => {
    const { data } = await load();
    const a = data.products[0]!;
    const b = data.products[1]!;
    const tampered: PortfolioRow = { ...a, integrity: 'tampered', issueKey: 'PORT-1' };
    const newer: PortfolioRow = { ...b, name: 'Nyere kopi', issueKey: 'PORT-99999' };
    const rows = mergePortfolioRows([tampered, newer], [a, b]);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.sourceKey === a.sourceKey)!.integrity).toBe('verified');
    expect(rows.find((r) => r.sourceKey === b.sourceKey)!.name).toBe(b.name);
  });
});
