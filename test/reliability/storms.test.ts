/**
 * Rate-limit and server-error storms against the sync service (real Redis, the simulator behind recording
 * proxies). During a storm every call to both Jira sites fails; products are enqueued, events keep arriving and
 * governance changes in Jira. Afterwards every product's portfolio issue is exactly what a clean read gives, no
 * job is lost (nothing waiting, nothing failed), and — seen by the proxy, not by the worker — no request reached
 * a site between a 429 and the end of its Retry-After.
 *
 * Storm length: the brief's figure is 30 s of 429s. The worker's behaviour in a 429 storm is periodic (429 →
 * queue paused for Retry-After → one probe → 429 ...), so a storm of a dozen Retry-After periods exercises the
 * same paths as one of 30 s; we default to 12 s to keep `npm test` short on a 2-core machine. Set
 * OS2_REL_429_STORM_S=30 to run the full-length storm (docs/reliability.md lists the figures of both).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import {
  bumpGovernance,
  changeEvent,
  Cleanup,
  cleanupPrefix,
  configFor,
  expectPortfolioCorrect,
  failedJobs,
  pendingJobs,
  postEvent,
  PRODUCTS,
  RecordingProxy,
  recordFetches,
  sentInsideRetryAfter,
  sleep,
  startService,
  startSim,
  uniquePrefix,
  waitIdle,
} from './harness.js';

const STORM_429_S = Number(process.env.OS2_REL_429_STORM_S ?? 12);
const STORM_5XX_S = Number(process.env.OS2_REL_5XX_STORM_S ?? 8);

// Before any Jira client exists: see recordFetches.
const sends = recordFetches();
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup(jobs?: Record<string, number>) {
  const sim = await startSim();
  const proxies = {
    os2: await new RecordingProxy(sim.site('os2').baseUrl).start(),
    supplier: await new RecordingProxy(sim.site('supplier').baseUrl).start(),
  };
  const prefix = uniquePrefix();
  const config = configFor(sim, prefix, jobs ? { jobs: jobs as never } : {}, {
    os2: proxies.os2.url,
    supplier: proxies.supplier.url,
  });
  const service = await startService(config);
  cleanup.add(() => cleanupPrefix(prefix));
  cleanup.add(() => sim.close());
  cleanup.add(() => proxies.os2.close());
  cleanup.add(() => proxies.supplier.close());
  cleanup.add(() => service.close());
  return { sim, proxies, service };
}

/** During the storm: events for every product, and governance changes (with their events) to three products. */
async function stormTraffic(
  sim: JiraSim,
  service: SyncService,
  proxies: Record<string, RecordingProxy>,
  ms: number,
) {
  const end = Date.now() + ms;
  let events = 0;
  let changes = 0;
  let i = 0;
  while (Date.now() < end) {
    const p = PRODUCTS[i % PRODUCTS.length]!;
    if (i % 5 === 2 && ['10001', '10002', '10004'].includes(p.projectId)) {
      bumpGovernance(sim, p.projectId, (r) => ({ name: `${r.name.replace(/ · \d+$/, '')} · ${i}` }));
      changes++;
    }
    const res = await postEvent(service.address!, changeEvent(proxies[p.site]!.url, p.projectId));
    expect(res.status).toBe(202);
    events++;
    i++;
    await sleep(250);
  }
  return { events, changes };
}

describe('storms', () => {
  it(
    `a ${STORM_429_S} s storm of 429s on both sites: Retry-After honoured, no job lost, every portfolio issue correct`,
    async () => {
      const { sim, proxies, service } = await setup();
      // Different waits per site, so a gate that mixed sites up would show.
      sim.site('os2').injectFault({ status: 429, retryAfterSeconds: 2, reason: 'jira-burst-based' });
      sim
        .site('supplier')
        .injectFault({ status: 429, retryAfterSeconds: 1, reason: 'jira-quota-global-based' });
      const t0 = Date.now();
      await Promise.all(PRODUCTS.map((p) => service.enqueueSync(p.site, p.projectId)));
      const traffic = await stormTraffic(sim, service, proxies, STORM_429_S * 1000);
      expect(await pendingJobs(service)).toBeGreaterThan(0); // the work is still waiting, not dropped
      sim.site('os2').clearFaults();
      sim.site('supplier').clearFaults();
      const stormEnd = Date.now();
      await waitIdle(service, 60_000);
      const recovered = Date.now() - stormEnd;

      await expectPortfolioCorrect(sim);
      expect(await failedJobs(service)).toBe(0);
      // The worker sent nothing to a site between learning of a 429 and the end of its Retry-After.
      for (const [name, proxy] of Object.entries(proxies)) {
        expect(sentInsideRetryAfter(sends, proxy), `requests sent to ${name} inside a Retry-After`).toEqual(
          [],
        );
      }
      // What the site saw: requests arriving after a 429 had been answered and inside its Retry-After can only
      // be ones that had already left (concurrent jobs whose request was under way); count them for the record.
      const inFlight = proxies.os2.violations().length + proxies.supplier.violations().length;
      const during = (p: RecordingProxy) => p.arrivals.filter((a) => a.at >= t0 && a.at <= stormEnd);
      const limited = (p: RecordingProxy) => p.arrivals.filter((a) => a.status === 429).length;
      // A paused site is probed about once per Retry-After, not hammered.
      expect(during(proxies.os2).length).toBeLessThanOrEqual(Math.ceil(STORM_429_S / 2) * 4 + 8);
      expect(during(proxies.supplier).length).toBeLessThanOrEqual(STORM_429_S * 4 + 8);
      console.info(
        `[reliability] 429 storm ${STORM_429_S}s: events=${traffic.events} governanceChanges=${traffic.changes} ` +
          `requests os2=${during(proxies.os2).length} (429s ${limited(proxies.os2)}, Retry-After 2s) ` +
          `supplier=${during(proxies.supplier).length} (429s ${limited(proxies.supplier)}, Retry-After 1s) ` +
          `sentInsideRetryAfter=0 alreadyUnderWay=${inFlight} recoveredMs=${recovered}`,
      );
    },
    STORM_429_S * 1000 + 90_000,
  );

  it(
    `a ${STORM_5XX_S} s storm of 5xx on both sites: retried with backoff, no job lost, every portfolio issue correct`,
    async () => {
      // Enough attempts for the storm: backoff 250 ms doubling with jitter gives ≥ 16 s before the 8th attempt.
      const { sim, proxies, service } = await setup({
        attempts: 8,
        backoffMs: 250,
        defaultRateLimitMs: 1000,
        keepFailed: 1000,
        debounceMs: 50,
      });
      sim.site('os2').injectFault({ status: 503 });
      sim.site('supplier').injectFault({ status: 502, fraction: 0.5 });
      sim.site('supplier').injectFault({ status: 500 });
      await Promise.all(PRODUCTS.map((p) => service.enqueueSync(p.site, p.projectId)));
      const traffic = await stormTraffic(sim, service, proxies, STORM_5XX_S * 1000);
      sim.site('os2').clearFaults();
      sim.site('supplier').clearFaults();
      const stormEnd = Date.now();
      await waitIdle(service, 60_000);
      const recovered = Date.now() - stormEnd;
      await expectPortfolioCorrect(sim);
      expect(await failedJobs(service)).toBe(0);
      const errors = (p: RecordingProxy) => p.arrivals.filter((a) => (a.status ?? 0) >= 500).length;
      expect(errors(proxies.os2)).toBeGreaterThan(0);
      console.info(
        `[reliability] 5xx storm ${STORM_5XX_S}s: events=${traffic.events} governanceChanges=${traffic.changes} ` +
          `5xx answers os2=${errors(proxies.os2)} supplier=${errors(proxies.supplier)} recoveredMs=${recovered}`,
      );
    },
    STORM_5XX_S * 1000 + 90_000,
  );

  it('a 5xx storm longer than the retry budget: exhausted jobs wait in the failed set, none lost; retry-failed heals', async () => {
    const { sim, service } = await setup({
      attempts: 3,
      backoffMs: 50,
      defaultRateLimitMs: 1000,
      keepFailed: 1000,
      debounceMs: 0,
    });
    sim.site('os2').injectFault({ status: 500 });
    sim.site('supplier').injectFault({ status: 503 });
    await Promise.all(PRODUCTS.map((p) => service.enqueueSync(p.site, p.projectId)));
    await waitIdle(service, 30_000);
    const failed = await failedJobs(service);
    expect(failed).toBe(PRODUCTS.length);
    sim.site('os2').clearFaults();
    sim.site('supplier').clearFaults();
    expect(await service.queues.retryFailed()).toBe(PRODUCTS.length);
    await waitIdle(service, 30_000);
    await expectPortfolioCorrect(sim);
    expect(await failedJobs(service)).toBe(0);
  }, 90_000);
});
