/**
 * Issue 13, item 8 and low items about the HTTP side: slow bodies are cut, connections are capped, events are
 * only JSON, the replay guard outlives the signature's validity, ids are bounded, and the queue dashboard's JSON
 * actions work and are never framed. Against the real service, the simulator and the real Redis.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import { Keys } from '../../sync-worker/src/keys.js';
import { LOGIN_MAX_FAILURES } from '../../sync-worker/src/server.js';
import { REPLAY_WINDOW_SECONDS } from '../../src/events/change-event.js';
import {
  changeEvent,
  cleanupPrefix,
  configParts,
  postEvent,
  REDIS_URL,
  sleep,
  startService,
  startSim,
  uniquePrefix,
  waitFor,
} from './harness.js';
import { parseConfig } from '../../sync-worker/src/config.js';

const LIMITS = {
  requestTimeoutMs: 1_000,
  headersTimeoutMs: 1_000,
  idleTimeoutMs: 2_000,
  checkIntervalMs: 200,
  maxConnections: 300,
};

async function jobsInQueues(service: SyncService): Promise<number> {
  let n = 0;
  for (const q of service.queues.all()) {
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    n += Object.values(c).reduce((a, b) => a + b, 0);
  }
  return n;
}

function openSocket(address: string): Promise<Socket & { closedAt?: number }> {
  const url = new URL(address);
  return new Promise((resolve, reject) => {
    const s = connect(Number(url.port), url.hostname, () => resolve(s));
    s.on('error', () => undefined);
    s.on('close', () => {
      (s as Socket & { closedAt?: number }).closedAt = Date.now();
    });
    s.once('error', reject);
  });
}

describe('HTTP hardening (issue 13)', () => {
  let sim: JiraSim;
  let service: SyncService;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    sim = await startSim();
    const { file, env } = configParts(sim, prefix);
    env.OS2_DASHBOARD_USER = 'drift';
    env.OS2_DASHBOARD_PASSWORD = 'hemmelig-adgang';
    service = await startService(parseConfig(file, env), { httpLimits: LIMITS, workers: false });
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(prefix);
  });

  it('item 8: 250 unfinished, trickled POST /events bodies are all cut within the request timeout', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const sockets = await Promise.all(Array.from({ length: 250 }, () => openSocket(service.address!)));
    const started = Date.now();
    for (const s of sockets) {
      s.write(
        'POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"k',
      );
    }
    // Trickle a byte every 250 ms: an idle timeout alone would never fire.
    const trickle = setInterval(() => {
      for (const s of sockets) if (!s.destroyed) s.write('i');
    }, 250);
    try {
      await waitFor(() => sockets.every((s) => s.closedAt !== undefined), 'every slow body cut', 8_000);
    } finally {
      clearInterval(trickle);
    }
    const slowest = Math.max(...sockets.map((s) => s.closedAt! - started));
    console.log(
      `[reliability] slow bodies: 250 cut, slowest after ${slowest} ms (requestTimeout ${LIMITS.requestTimeoutMs} ms); heap +${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6)} MB`,
    );
    expect(slowest).toBeLessThan(LIMITS.requestTimeoutMs + 3_000);
    expect(await jobsInQueues(service)).toBe(0);
  });

  it('item 8: connections beyond the cap are refused at accept, and the service still answers afterwards', async () => {
    const sockets: (Socket & { closedAt?: number })[] = [];
    for (let i = 0; i < LIMITS.maxConnections + 50; i++) sockets.push(await openSocket(service.address!));
    await sleep(300);
    const open = sockets.filter((s) => s.closedAt === undefined).length;
    console.log(
      `[reliability] connection cap ${LIMITS.maxConnections}: ${open} of ${sockets.length} kept open`,
    );
    expect(open).toBeLessThanOrEqual(LIMITS.maxConnections);
    for (const s of sockets) s.destroy();
    await waitFor(async () => (await fetch(`${service.address}/healthz`)).status === 200, 'healthz again');
  });

  it('low: a correctly signed event sent as text/plain is refused with 400 and enqueues nothing', async () => {
    const event = changeEvent(sim.site('os2').baseUrl, '10001');
    const res = await postEvent(service.address!, event, { contentType: 'text/plain' });
    expect(res.status).toBe(400);
    expect(await jobsInQueues(service)).toBe(0);
  });

  it('low: a project id longer than 18 digits is refused with 400', async () => {
    const res = await postEvent(service.address!, changeEvent(sim.site('os2').baseUrl, '1'.repeat(19)));
    expect(res.status).toBe(400);
    expect(await jobsInQueues(service)).toBe(0);
  });

  it('low: the replay guard lasts longer than a signature is valid (2 × window + 1 s)', async () => {
    const res = await postEvent(service.address!, changeEvent(sim.site('os2').baseUrl, '10001'));
    expect(res.status).toBe(202);
    const redis = new Redis(REDIS_URL);
    try {
      const ttl = await redis.ttl(new Keys(prefix).seenSignature(res.signature));
      // Valid for 2 × window + 1 s of wall time (inclusive whole seconds): the guard must outlive that.
      expect(ttl).toBeGreaterThan(2 * REPLAY_WINDOW_SECONDS);
    } finally {
      redis.disconnect();
    }
  });

  it('low: the dashboard accepts JSON actions and is never framed', async () => {
    const auth = `Basic ${Buffer.from('drift:hemmelig-adgang').toString('base64')}`;
    const page = await fetch(`${service.address}/admin/queues`, { headers: { Authorization: auth } });
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const queue = service.queues.all()[0]!.name;
    const action = await fetch(`${service.address}/admin/queues/api/queues/${queue}/concurrency`, {
      method: 'PUT',
      headers: { Authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ concurrency: 4 }),
    });
    expect(action.status, await action.text()).toBeLessThan(300);
    expect(await service.queues.all()[0]!.getGlobalConcurrency()).toBe(4);
  });

  it('low: failed dashboard logins are logged and the address is locked out after ten, also for the right password', async () => {
    const bad = `Basic ${Buffer.from('drift:gaet-igen').toString('base64')}`;
    const good = `Basic ${Buffer.from('drift:hemmelig-adgang').toString('base64')}`;
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_MAX_FAILURES + 2; i++)
      statuses.push(
        (await fetch(`${service.address}/admin/queues`, { headers: { Authorization: bad } })).status,
      );
    expect(statuses.slice(0, LOGIN_MAX_FAILURES)).toEqual(Array(LOGIN_MAX_FAILURES).fill(401));
    expect(statuses.slice(LOGIN_MAX_FAILURES)).toEqual([429, 429]);
    const locked = await fetch(`${service.address}/admin/queues`, { headers: { Authorization: good } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
