// The portfolio page at 1,000 products: the table shows 100 rows a page with plain links between pages, so the
// page stays small (issue 18 item 4: under 1 MB at 1,000 products); the summary and the exports keep every row.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import type { PortfolioEntry } from '../../sync-worker/src/portfolio-page/index.js';
import { fixtureRollUps } from './fixtures.js';

const PRODUCTS = 1000;
let app: FastifyInstance;

/** `PRODUCTS` distinct products, cloned from the fixtures; names sort in creation order. */
function many(): PortfolioEntry[] {
  const base = fixtureRollUps();
  return Array.from({ length: PRODUCTS }, (_, i) => {
    const b = base[i % base.length]!;
    const id = String(900_000 + i);
    return {
      ...b,
      sourceKey: `${b.site}/${id}`,
      project: { id, key: `P${i}` },
      name: `Produkt ${String(i).padStart(4, '0')}`,
    };
  });
}

const rowKeys = (page: string) =>
  [...page.matchAll(/<tr\s[^>]*?data-source-key="([^"]+)"/g)].map((m) => m[1] ?? '');

beforeAll(async () => {
  const entries = many();
  app = Fastify({ logger: false });
  await app.register(portfolioPagePlugin, { listRollUps: async () => entries, cacheMs: 0 });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('portfolio page at 1,000 products', () => {
  it('shows the first 100 rows, says which, links to the next page, and stays under 1 MB', async () => {
    const res = await app.inject('/portfolio');
    expect(res.statusCode).toBe(200);
    expect(Buffer.byteLength(res.body)).toBeLessThan(1024 * 1024);
    const keys = rowKeys(res.body);
    expect(keys).toHaveLength(100);
    // Counts are printed in the language's number format by the catalogue's plural helper (`#`), as elsewhere.
    expect(res.body).toContain('Porteføljen: 1.000 produkter');
    expect(res.body).toContain('Viser 1–100 af 1000');
    expect(res.body).toMatch(/rel="next" href="\/portfolio\?page=2"/);
    expect(res.body).not.toContain('rel="prev"');
  });

  it('walks every product exactly once through the pages, in the chosen order, in English too', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const body = (await app.inject(`/portfolio?page=${page}&sort=name&dir=desc&lang=en`)).body;
      seen.push(...rowKeys(body));
      if (page === 10) {
        expect(body).toContain('Showing 901–1000 of 1000');
        expect(body).not.toContain('rel="next"');
        expect(body).toMatch(/rel="prev" href="\/portfolio\?sort=name&amp;dir=desc&amp;lang=en&amp;page=9"/);
      }
    }
    expect(new Set(seen).size).toBe(PRODUCTS);
    expect(seen[0]).toBe(`${many()[999]!.site}/900999`);
  });

  it('a page past the end shows the last page; the CSV export still holds every product', async () => {
    expect(rowKeys((await app.inject('/portfolio?page=99')).body)).toHaveLength(100);
    const csv = (await app.inject('/portfolio.csv')).body;
    expect(csv.trim().split('\n')).toHaveLength(PRODUCTS + 1);
  });
});
