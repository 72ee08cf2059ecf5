/**
 * 10,000 signed events to /events as fast as one process can send them (32 in flight; the brief's "in a minute"
 * is 167/s, the rate reached is printed and recorded in docs/reliability.md), spread over every product plus events about the portfolio project and ungoverned projects, while the
 * governance of products keeps changing in Jira. No event is lost: every product's last sync starts after its
 * last event and its portfolio issue carries the last change. Memory stays bounded: the heap of this process
 * (service + simulator + sender) and the number of Redis keys under the prefix are capped.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { LastSync } from '../../sync-worker/src/jobs.js';
import {
  bumpGovernance,
  Cleanup,
  cleanupPrefix,
  configFor,
  countKeys,
  expectPortfolioCorrect,
  failedJobs,
  postEvent,
  PRODUCTS,
  startService,
  startSim,
  uniquePrefix,
  waitIdle,
} from './harness.js';

const EVENTS = Number(process.env.OS2_REL_EVENTS ?? 10_000);
const IN_FLIGHT = 32;

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

describe('an event flood', () => {
  it(`${EVENTS} events as fast as one sender can post them: none lost, memory bounded`, async () => {
    const sim = await startSim();
    cleanup.add(() => sim.close());
    const prefix = uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const service = await startService(
      configFor(sim, prefix, {
        jobs: { attempts: 8, backoffMs: 100, defaultRateLimitMs: 1000, keepFailed: 1000, debounceMs: 200 },
      }),
    );
    cleanup.add(() => service.close());

    const heap0 = process.memoryUsage().heapUsed;
    let heapPeak = heap0;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 100);
    cleanup.add(() => clearInterval(sampler));

    const lastEventAt = new Map<string, number>();
    const statuses = new Map<number, number>();
    let next = 0;
    let bumps = 0;
    const t0 = Date.now();
    const sender = async () => {
      for (;;) {
        const n = next++;
        if (n >= EVENTS) return;
        // Every 500th event follows a governance change in Jira (as the app sends one after each save).
        const p = PRODUCTS[n % PRODUCTS.length]!;
        let projectId = p.projectId;
        let site = p.site;
        if (n % 50 === 7)
          [site, projectId] = ['os2', '10100']; // the portfolio project: ignored
        else if (n % 50 === 19)
          projectId = '99999'; // not a governed project
        else if (n % 500 === 3) {
          bumpGovernance(sim, projectId, (r) => ({ name: `${r.name.replace(/ #\d+$/, '')} #${n}` }));
          bumps++;
        }
        const res = await postEvent(service.address!, {
          kind: n % 3 === 0 ? 'votes' : 'governance',
          siteUrl: sim.site(site).baseUrl,
          projectId,
          occurredAt: new Date().toISOString(),
          ...(n % 3 === 0 ? { issueId: String(20_000 + n) } : {}),
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (site === p.site && projectId === p.projectId) lastEventAt.set(p.sourceKey, Date.now());
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const sendMs = Date.now() - t0;
    expect(Object.fromEntries(statuses)).toEqual({ 202: EVENTS });
    // The rate is reported, not asserted: on a shared 2-core machine under load it says more about the machine.

    await waitIdle(service, 60_000);
    const drainedMs = Date.now() - t0;
    clearInterval(sampler);

    // No event lost: the content is the last change, and each product's last sync ran after its last event.
    await expectPortfolioCorrect(sim);
    expect(await failedJobs(service)).toBe(0);
    const last = await service.redis.hgetall(service.context.keys.lastSync());
    for (const p of PRODUCTS) {
      const rec = JSON.parse(last[p.sourceKey] ?? '{}') as LastSync;
      expect(Date.parse(rec.at), `last sync of ${p.sourceKey}`).toBeGreaterThan(
        lastEventAt.get(p.sourceKey)!,
      );
    }
    const syncJobs = (
      await Promise.all([...service.queues.site.values()].map((q) => q.getCompletedCount()))
    ).reduce((a, b) => a + b, 0);

    // Bounded: the heap, and the Redis keys (one replay-guard key per accepted event, kept 10 minutes, plus
    // at most the 1000 completed jobs BullMQ keeps per queue and a handful of keys per product).
    const heapGrowthMb = (heapPeak - heap0) / 2 ** 20;
    const keys = await countKeys(prefix);
    expect(heapGrowthMb).toBeLessThan(300);
    expect(keys).toBeLessThan(EVENTS + 3 * 1000 + 100);
    console.info(
      `[reliability] event flood: ${EVENTS} events sent in ${sendMs} ms (${Math.round((EVENTS / sendMs) * 1000)}/s, ` +
        `${IN_FLIGHT} in flight), all 202; ${bumps} governance changes; drained ${drainedMs} ms after the first; ` +
        `sync-product jobs run: ${syncJobs}; heap peak +${heapGrowthMb.toFixed(0)} MB; Redis keys under prefix: ${keys}`,
    );
  }, 240_000);
});
