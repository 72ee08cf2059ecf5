/**
 * A site that answers slowly, one that accepts connections and never answers, and one that refuses connections:
 * the other sites keep syncing, promptly, including changes made while the bad sites hang. One queue per source
 * site (design.md) is what keeps them apart; this checks it end to end.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../sync-worker/src/config.js';
import {
  bumpGovernance,
  changeEvent,
  Cleanup,
  cleanupPrefix,
  configParts,
  expectPortfolioCorrect,
  freePort,
  portfolioIssues,
  postEvent,
  PRODUCTS,
  startService,
  startSim,
  uniquePrefix,
  waitFor,
} from './harness.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

/** Accepts TCP connections and never writes a byte. */
async function blackHole(): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('slow and silent sites', () => {
  it('a slow site, a silent site and a refusing site do not hold up the others', async () => {
    const sim = await startSim();
    const hole = await blackHole();
    const refusing = `http://127.0.0.1:${await freePort()}`;
    const prefix = uniquePrefix();
    const { file, env } = configParts(sim, prefix);
    file.sites.push(
      { name: 'silent', baseUrl: hole.url, email: 'x@silent.example', apiTokenEnv: 'OS2REL_TOKEN_SILENT' },
      {
        name: 'refusing',
        baseUrl: refusing,
        email: 'x@refusing.example',
        apiTokenEnv: 'OS2REL_TOKEN_REFUSING',
      },
    );
    env.OS2REL_TOKEN_SILENT = 'token';
    env.OS2REL_TOKEN_REFUSING = 'token';
    const service = await startService(parseConfig(file, env));
    // Order matters: the sim and the black hole drop their connections first, so the hung jobs end and the
    // service can close.
    cleanup.add(() => cleanupPrefix(prefix));
    cleanup.add(() => service.close());
    cleanup.add(() => hole.close());
    cleanup.add(() => sim.close());

    // The supplier site takes 60 s to answer anything.
    sim.site('supplier').injectFault({ latencyMs: 60_000 });
    const t0 = Date.now();
    for (const p of PRODUCTS) {
      const res = await postEvent(service.address!, changeEvent(sim.site(p.site).baseUrl, p.projectId));
      expect(res.status).toBe(202);
    }
    for (const projectId of ['10001', '10002', '10003', '10004']) {
      for (const url of [hole.url, refusing]) {
        expect((await postEvent(service.address!, changeEvent(url, projectId))).status).toBe(202);
      }
    }

    const healthy = PRODUCTS.filter((p) => p.site === 'os2');
    await waitFor(
      () => healthy.every((p) => portfolioIssues(sim).some((i) => i.sourceKey === p.sourceKey)),
      'every os2 product to sync',
      20_000,
    );
    const firstMs = Date.now() - t0;
    await expectPortfolioCorrect(sim, healthy);

    // While the bad sites still hang, a change on the healthy site goes through.
    bumpGovernance(sim, '10001', () => ({ level: 'N2' }));
    const t1 = Date.now();
    await postEvent(service.address!, changeEvent(sim.site('os2').baseUrl, '10001'));
    await waitFor(
      () => portfolioIssues(sim).find((i) => i.sourceKey === 'os2/10001')?.stored?.level === 'N2',
      'the change to reach the portfolio',
      15_000,
    );
    const changeMs = Date.now() - t1;
    await expectPortfolioCorrect(sim, healthy);

    // The bad sites' work is still there (hung or retrying), not dropped.
    const counts = async (site: string) => {
      const c = await service.queues.siteQueue(site).getJobCounts('active', 'waiting', 'delayed', 'failed');
      return Object.values(c).reduce((a, b) => a + b, 0);
    };
    expect(await counts('supplier')).toBeGreaterThan(0);
    expect(await counts('silent')).toBeGreaterThan(0);
    expect(await counts('refusing')).toBeGreaterThan(0);
    console.info(
      `[reliability] slow (60 s) + silent + refusing sites: ${healthy.length} os2 products synced in ${firstMs} ms; ` +
        `a later change reached the portfolio in ${changeMs} ms`,
    );
  }, 60_000);
});
