/** Scale: 50,000 issues in one site seed fast and in little memory, and property-ordered search stays fast. */
import { describe, expect, it } from 'vitest';
import { startJiraSim } from '../index.js';
import { fixtureProductsFor } from '../seed.js';

describe('a site with 50,000 issues', () => {
  it('seeds in memory and answers a property-ordered search page quickly', async () => {
    const products = fixtureProductsFor('os2');
    const perProduct = Math.ceil(50_000 / products.length / 1.5) + 4;
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const sim = await startJiraSim({
      sites: [{ name: 'big', products, featureRequestsPerProduct: perProduct }],
    });
    const seedMs = performance.now() - t0;
    try {
      const site = sim.site('big');
      expect(site.state.issues.size).toBeGreaterThanOrEqual(50_000);
      const heapMb = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
      expect(seedMs).toBeLessThan(30_000);
      expect(heapMb).toBeLessThan(400);
      const authz = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
      const t1 = performance.now();
      const res = await fetch(`${site.baseUrl}/rest/api/3/search/jql`, {
        method: 'POST',
        headers: { authorization: authz, 'content-type': 'application/json' },
        body: JSON.stringify({
          jql: 'issuetype = "Udviklingsønske" AND statusCategory != Done ORDER BY issue.property[os2-votes].count DESC',
          maxResults: 100,
          properties: ['os2-votes'],
          fields: ['summary'],
        }),
      });
      const searchMs = performance.now() - t1;
      const body = (await res.json()) as { issues: { properties: { 'os2-votes': { count: number } } }[] };
      expect(body.issues).toHaveLength(100);
      const counts = body.issues.map((i) => i.properties['os2-votes'].count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(searchMs).toBeLessThan(3_000);
      console.log(
        `[jira-sim scale] ${site.state.issues.size} issues seeded in ${Math.round(seedMs)} ms (+${Math.round(heapMb)} MB heap); ordered search page ${Math.round(searchMs)} ms`,
      );
    } finally {
      await sim.close();
    }
  }, 120_000);
});
