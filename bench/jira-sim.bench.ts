/**
 * Benchmark of the Jira simulator (not a test): with 10,000 issues in one site, the time of a search page of 100
 * ordered by an issue property (first call, and repeated pages), an approximate count, and the simulator's memory.
 * Run alone: `npx tsx bench/jira-sim.bench.ts [--quick]`.
 */
import { createCloudClient } from 'jira.js';
import { startJiraSim } from '../jira-sim/index.js';
import { fixtureProductsFor } from '../jira-sim/seed.js';
import { compileJql, countQuery, runQuery } from '../jira-sim/jql/evaluate.js';

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

export async function run(opts: { quick: boolean }): Promise<Record<string, number>> {
  const products = fixtureProductsFor('os2');
  const targetIssues = opts.quick ? 2_000 : 10_000;
  // Per product: feature requests plus a quarter each of bugs and tasks (1.5x), spread over the os2 products.
  const perProduct = Math.ceil(targetIssues / products.length / 1.5);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const sim = await startJiraSim({
    sites: [{ name: 'os2', products, featureRequestsPerProduct: perProduct }],
  });
  const seedMs = performance.now() - t0;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const site = sim.site('os2');
  const issues = site.state.issues.size;
  const jira = createCloudClient({
    host: site.baseUrl,
    auth: { type: 'basic', email: site.admin.email, apiToken: site.admin.apiToken },
    onSchemaMismatch: 'throw',
  });
  // Bounded by the issue type only, so the whole site is filtered and sorted.
  const jql =
    'issuetype = "Udviklingsønske" AND statusCategory != Done ORDER BY issue.property[os2-votes].count DESC';
  const rounds = opts.quick ? 5 : 20;
  const time = async (fn: () => Promise<unknown>): Promise<number> => {
    const s = performance.now();
    await fn();
    return performance.now() - s;
  };
  const search = (nextPageToken?: string) =>
    jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql,
      maxResults: 100,
      fields: ['summary', 'status'],
      properties: ['os2-votes'],
      nextPageToken,
    });
  await jira.serverInfo.getServerInfo(); // warm up the connection
  const firstSearchMs = await time(() => search());
  // A mutation invalidates the result cache: every round pays the full filter+sort.
  let coldTotal = 0;
  for (let i = 0; i < rounds; i++) {
    site.state.touch();
    coldTotal += await time(() => search());
  }
  // After a write the index does not depend on (a transition, an edit, another property): cached results are
  // gone but the property sort index stays, so the search is one filtering pass in index order.
  let indexedTotal = 0;
  for (let i = 0; i < rounds; i++) {
    site.state.changed();
    indexedTotal += await time(() => search());
  }
  let warmTotal = 0;
  const first = await search();
  for (let i = 0; i < rounds; i++) warmTotal += await time(() => search(first.nextPageToken ?? undefined));
  // The same uncached page over plain fetch: the simulator's time without jira.js's response validation.
  const authz = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
  const rawBody = JSON.stringify({
    jql,
    maxResults: 100,
    fields: ['summary', 'status'],
    properties: ['os2-votes'],
  });
  let rawTotal = 0;
  for (let i = 0; i < rounds; i++) {
    site.state.touch();
    rawTotal += await time(async () => {
      const res = await fetch(`${site.baseUrl}/rest/api/3/search/jql`, {
        method: 'POST',
        headers: { authorization: authz, 'content-type': 'application/json' },
        body: rawBody,
      });
      await res.json();
    });
  }
  let countTotal = 0;
  for (let i = 0; i < rounds; i++) {
    countTotal += await time(() =>
      jira.issueSearch.countIssues({ jql: 'issuetype = "Udviklingsønske" AND statusCategory != Done' }),
    );
  }
  // Server-side cost alone (compile + filter + sort, and count), without HTTP and jira.js's response validation.
  const viewer = site.state.accountsByEmail.get(site.admin.email)!;
  let engineSort = 0;
  let engineCount = 0;
  let engineIndexed = 0;
  for (let i = 0; i < rounds; i++) {
    site.state.touch();
    const s1 = performance.now();
    runQuery(compileJql(jql, site.state, viewer));
    engineSort += performance.now() - s1;
    const s3 = performance.now();
    runQuery(compileJql(jql, site.state, viewer));
    engineIndexed += performance.now() - s3;
    const s2 = performance.now();
    countQuery(compileJql('issuetype = "Udviklingsønske" AND statusCategory != Done', site.state, viewer));
    engineCount += performance.now() - s2;
  }
  const result = {
    issues,
    seedMs: Math.round(seedMs),
    searchFirstMs: Math.round(firstSearchMs * 100) / 100,
    searchUncachedMs: Math.round((coldTotal / rounds) * 100) / 100,
    searchAfterUnrelatedWriteMs: Math.round((indexedTotal / rounds) * 100) / 100,
    searchUncachedRawHttpMs: Math.round((rawTotal / rounds) * 100) / 100,
    searchNextPageMs: Math.round((warmTotal / rounds) * 100) / 100,
    approximateCountMs: Math.round((countTotal / rounds) * 100) / 100,
    engineOrderedQueryMs: Math.round((engineSort / rounds) * 100) / 100,
    engineIndexedQueryMs: Math.round((engineIndexed / rounds) * 100) / 100,
    engineCountMs: Math.round((engineCount / rounds) * 100) / 100,
    heapUsedMb: mb(process.memoryUsage().heapUsed),
    seedHeapMb: mb(heapAfter - heapBefore),
    rssMb: mb(process.memoryUsage().rss),
  };
  await sim.close();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ quick: process.argv.includes('--quick') });
  console.log('Jira simulator benchmark');
  console.log(`  issues in site                          ${r.issues}`);
  console.log(`  seed (in memory)                        ${r.seedMs} ms`);
  console.log(
    `  search page of 100, ORDER BY property   ${r.searchUncachedMs} ms (uncached), ${r.searchNextPageMs} ms (next page)`,
  );
  console.log(`  ... after an unrelated write (index kept) ${r.searchAfterUnrelatedWriteMs} ms`);
  console.log(`  same page over plain fetch (no jira.js)  ${r.searchUncachedRawHttpMs} ms`);
  console.log(`  approximate count                       ${r.approximateCountMs} ms`);
  console.log(
    `  in-process JQL: sort+filter / with index / count ${r.engineOrderedQueryMs} / ${r.engineIndexedQueryMs} / ${r.engineCountMs} ms`,
  );
  console.log(
    `  memory                                  heap ${r.heapUsedMb} MB (seed +${r.seedHeapMb} MB), rss ${r.rssMb} MB`,
  );
}
