/**
 * The rate gate on every header combination Jira's rate-limiting page describes: on `Retry-After: 0` every 429
 * pauses the site at least a second, the floor doubles with each 429 in a row, and a longer wait named by Jira
 * wins; after a pause one request probes first; `X-RateLimit-NearLimit: true` paces the site before any 429.
 * Real Redis; the worker against the simulator (a storm of 429s with `Retry-After: 0`; a points quota).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Keys } from '../src/keys.js';
import {
  MIN_PAUSE_MS,
  NEAR_LIMIT_SPACING_MS,
  PROBE_LEASE_MS,
  PROBE_WINDOW_MS,
  RedisRateGate,
} from '../src/rate-gate.js';
import {
  REDIS_URL,
  cleanupPrefix,
  portfolioIssues,
  startService,
  startSim,
  testConfig,
  uniquePrefix,
  waitFor,
  waitIdle,
} from './helpers.js';
import { createJiraClient, isJiraRateLimitedError } from '../../src/jira/client.js';
import type { JiraCallInfo } from '../../src/jira/client.js';

const MIRROR_ROUTE = 'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}';

describe('rate gate', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  afterAll(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('Retry-After: 0 still pauses; the floor doubles for 429s in a row; a longer named wait wins', async () => {
    const prefix = uniquePrefix();
    const redis = new Redis(REDIS_URL);
    cleanup.push(async () => {
      redis.disconnect();
      await cleanupPrefix(prefix);
    });
    const gate = new RedisRateGate(redis, new Keys(prefix));
    await gate.block('s', Date.now());
    expect(await gate.blockedForMs('s')).toBeGreaterThan(MIN_PAUSE_MS - 100);
    await gate.block('s', Date.now());
    expect(await gate.blockedForMs('s')).toBeGreaterThan(2 * MIN_PAUSE_MS - 100);
    await gate.block('t', Date.now() + 30_000);
    expect(await gate.blockedForMs('t')).toBeGreaterThan(29_000);
    // Another process on the same Redis sees the pause too.
    const other = new RedisRateGate(redis, new Keys(prefix));
    expect(await other.blockedForMs('s')).toBeGreaterThan(MIN_PAUSE_MS);
  });

  it('after a pause one request probes first (across workers); the others follow a lease later', async () => {
    const prefix = uniquePrefix();
    const redis = new Redis(REDIS_URL);
    cleanup.push(async () => {
      redis.disconnect();
      await cleanupPrefix(prefix);
    });
    const workers = [1, 2, 3].map(() => new RedisRateGate(redis, new Keys(prefix)));
    await workers[0]!.block('s', Date.now() + 100); // the floor makes it a second
    for (const w of workers) expect(await w.blockedForMs('s')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, MIN_PAUSE_MS + 50));
    const waits = await Promise.all([...workers, ...workers].map((w) => w.blockedForMs('s')));
    expect(waits.filter((w) => w === 0)).toHaveLength(1);
    for (const w of waits.filter((x) => x > 0)) expect(w).toBeLessThanOrEqual(PROBE_LEASE_MS);
    await new Promise((r) => setTimeout(r, PROBE_LEASE_MS + 20));
    expect((await Promise.all(workers.map((w) => w.blockedForMs('s')))).filter((w) => w === 0)).toHaveLength(
      1,
    );
  });

  it('a storm of 429s with Retry-After: 0 is no busy loop: no request inside the pause, then the sync completes', async () => {
    const sim = await startSim();
    const config = testConfig(sim, {
      jobs: { attempts: 10, backoffMs: 50, defaultRateLimitMs: 1000, keepFailed: 100, debounceMs: 0 },
    });
    cleanup.push(async () => {
      await sim.close();
      await cleanupPrefix(config.redis.prefix);
    });
    // `at`: when the answer came; `sentAt`: when the request left (a reply that comes after a 429 may belong to a
    // request sent together with the limited one, before the pause began).
    const calls: (JiraCallInfo & { at: number; sentAt: number })[] = [];
    const service = await startService(config, {
      jira: {
        onSchemaMismatch: 'throw',
        onCall: (c) => calls.push({ ...c, at: Date.now(), sentAt: Date.now() - c.durationMs }),
      },
    });
    cleanup.push(() => service.close());
    sim.site('supplier').injectFault({ route: MIRROR_ROUTE, status: 429, retryAfterSeconds: 0, count: 3 });
    await service.enqueueSync('supplier', '10004');
    await waitFor(
      () => portfolioIssues(sim).some((i) => i.rollup?.sourceKey === 'supplier/10004'),
      'SOFD issue',
      30_000,
    );
    const sent = calls.filter((c) => c.site === 'supplier' && c.status !== 0);
    const limited = sent.filter((c) => c.status === 429);
    expect(limited).toHaveLength(3);
    // After each 429 the next request to the site waits out the floor (1 s, then 2 s, then 4 s).
    for (const [n, l] of limited.entries()) {
      const next = sent.find((c) => c.sentAt > l.at)!;
      expect(next.sentAt - l.at).toBeGreaterThanOrEqual(MIN_PAUSE_MS * 2 ** n - 50);
    }
    // Three 429s, then the sync's reads (mirror, count, top search); a read held back by the probe lease makes
    // the job run once more. Nothing like a loop: at most two runs' worth of requests.
    expect(sent.length).toBeLessThanOrEqual(3 + 2 * 4);
  }, 40_000);

  it('near the quota the site gets one request a spacing, across workers; before that none is held', async () => {
    const prefix = uniquePrefix();
    const redis = new Redis(REDIS_URL);
    cleanup.push(async () => {
      redis.disconnect();
      await cleanupPrefix(prefix);
    });
    const workers = [1, 2, 3].map(() => new RedisRateGate(redis, new Keys(prefix)));
    for (const w of workers) {
      expect(await w.blockedForMs('s')).toBe(0);
      expect(await w.paceMs('s')).toBe(0);
      expect(await w.paceMs('s')).toBe(0); // not near the limit: no spacing at all
    }
    await workers[0]!.nearLimit('s');
    // The others learn it on their next look at the site (the client always asks blockedForMs first).
    for (const w of workers) expect(await w.blockedForMs('s')).toBe(0);
    const paces = await Promise.all([...workers, ...workers].map((w) => w.paceMs('s')));
    expect(paces.filter((p) => p === 0)).toHaveLength(1);
    for (const p of paces.filter((x) => x > 0)) expect(p).toBeLessThanOrEqual(NEAR_LIMIT_SPACING_MS);
    // Near the limit is not a pause: nothing is refused, only spaced.
    expect(await workers[1]!.blockedForMs('s')).toBe(0);
    expect(await workers[0]!.paceMs('t')).toBe(0); // another site is not paced
  });

  // Checked once with pacing switched off: the same run met a 429 (59 points sent inside one 4 s window).
  it('near-limit slows the worker down before any 429: more than a quota is spent over two windows, no 429', async () => {
    const sim = await startSim();
    // A quota of 30 points per 4 s window on the source site, flagged near its limit with half of it left. A
    // sync of SOFD reads the mirror, the count and the top requests (about 8 points), so six syncs sent as fast
    // as they go spend the quota within one window and meet a 429; paced at one request a second, the rest of
    // the quota lasts until the window renews.
    const QUOTA = 30;
    const WINDOW = 4000;
    sim.site('supplier').rateLimits = { pointsPerHour: QUOTA, quotaWindowMs: WINDOW, nearLimitFraction: 0.5 };
    const config = testConfig(sim, {
      jobs: { attempts: 3, backoffMs: 50, defaultRateLimitMs: 1000, keepFailed: 100, debounceMs: 0 },
    });
    cleanup.push(async () => {
      await sim.close();
      await cleanupPrefix(config.redis.prefix);
    });
    const calls: (JiraCallInfo & { at: number; sentAt: number })[] = [];
    const service = await startService(config, {
      jira: {
        onSchemaMismatch: 'throw',
        onCall: (c) => calls.push({ ...c, at: Date.now(), sentAt: Date.now() - c.durationMs }),
      },
    });
    cleanup.push(() => service.close());
    // Wait for the start of a quota window, so the run begins with a whole quota and crosses into the next.
    await new Promise((r) => setTimeout(r, WINDOW - (Date.now() % WINDOW) + 50));
    sim.site('supplier').resetPoints();
    const SYNCS = 6;
    for (let i = 0; i < SYNCS; i++) {
      await service.enqueueSync('supplier', '10004');
      await waitIdle(service, 30_000);
    }
    const supplier = calls.filter((c) => c.site === 'supplier' && c.status !== 0);
    expect(supplier.filter((c) => c.status === 429)).toEqual([]);
    expect(calls.filter((c) => c.status === 0)).toEqual([]); // nothing refused locally either: no pause at all
    // More than one quota went to the site: without slowing down this run meets the quota's 429.
    expect(sim.site('supplier').points().total).toBeGreaterThan(QUOTA);
    // Once near the limit, requests left a spacing apart.
    const gaps = supplier.slice(1).map((c, i) => c.sentAt - supplier[i]!.sentAt);
    expect(gaps.filter((g) => g >= NEAR_LIMIT_SPACING_MS - 50).length).toBeGreaterThanOrEqual(3);
  }, 90_000);

  it('every header combination: none, Retry-After: 0, near-limit on a 200 and on a 429, Reset only', async () => {
    const prefix = uniquePrefix();
    const keys = new Keys(prefix);
    const redis = new Redis(REDIS_URL);
    // A site answering each request with the next scripted status and headers (the simulator's 429s always
    // carry Retry-After; Jira's need not).
    const script: { status: number; headers: Record<string, string> }[] = [];
    const sent: number[] = [];
    const server = createServer((req, res) => {
      req.resume();
      sent.push(Date.now());
      const next = script.shift() ?? { status: 200, headers: {} };
      const body = next.status === 200 ? { accountId: 'x', displayName: 'X', active: true } : {};
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(async () => {
      redis.disconnect();
      await new Promise((r) => server.close(r));
      await cleanupPrefix(prefix);
    });
    const gate = new RedisRateGate(redis, keys);
    const jira = createJiraClient({
      site: 's',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      email: 'a@b.dk',
      apiToken: 't',
      gate,
      defaultRateLimitWaitMs: 1500,
    });
    const ask = () =>
      jira.myself.getCurrentUser().then(
        () => 'ok' as const,
        (e: unknown) => {
          if (isJiraRateLimitedError(e)) return e;
          throw e;
        },
      );
    // Waits out a pause without asking the gate (asking would take the probe lease the next request needs).
    const pauseEnds = async () => {
      const until = Number((await redis.get(keys.siteBlockedUntil('s'))) ?? 0);
      await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now()) + 10));
      return until;
    };

    // No header at all: the configured default wait.
    script.push({ status: 429, headers: {} });
    const none = await ask();
    expect(none !== 'ok' && none.retryAfterMs).toBe(1500);
    expect(await gate.blockedForMs('s')).toBeGreaterThan(1300);
    await pauseEnds();

    // Retry-After: 0, the second 429 in a row: not at once, but the floor, doubled.
    script.push({ status: 429, headers: { 'retry-after': '0' } });
    const t0 = Date.now();
    expect(await ask()).not.toBe('ok');
    expect((await pauseEnds()) - t0).toBeGreaterThanOrEqual(2 * MIN_PAUSE_MS - 50);

    // Past the probing after the pause (its own test above), so what follows is pacing alone.
    await new Promise((r) => setTimeout(r, PROBE_WINDOW_MS));
    // Near-limit on a 200: the answer is kept, and the next requests leave a spacing apart, none refused.
    script.push({ status: 200, headers: { 'x-ratelimit-nearlimit': 'true' } });
    expect(await ask()).toBe('ok');
    sent.length = 0;
    expect(await Promise.all([ask(), ask(), ask()])).toEqual(['ok', 'ok', 'ok']);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    expect(gaps.every((g) => g >= NEAR_LIMIT_SPACING_MS - 50)).toBe(true);

    // Near-limit on a 429 with Retry-After: 0 (Jira's cost-based 429s carry it): a pause, then still paced.
    script.push({ status: 429, headers: { 'retry-after': '0', 'x-ratelimit-nearlimit': 'true' } });
    expect(await ask()).not.toBe('ok');
    await pauseEnds();
    await new Promise((r) => setTimeout(r, PROBE_WINDOW_MS));
    sent.length = 0;
    expect(await Promise.all([ask(), ask()])).toEqual(['ok', 'ok']);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(NEAR_LIMIT_SPACING_MS - 50);

    // Only X-RateLimit-Reset (Jira's ISO minute): the pause lasts until then, for every worker.
    const reset = Math.ceil((Date.now() + 1000) / 60_000) * 60_000;
    script.push({
      status: 429,
      headers: { 'x-ratelimit-reset': new Date(reset).toISOString().slice(0, 16) + 'Z' },
    });
    const limited = await ask();
    expect(limited !== 'ok' && limited.untilEpochMs).toBeGreaterThanOrEqual(reset - 50);
    const other = new RedisRateGate(redis, keys);
    expect(await other.blockedForMs('s')).toBeGreaterThan(reset - Date.now() - 100);
  }, 30_000);
});
