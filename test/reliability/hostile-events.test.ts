/**
 * Hostile and malformed change events at POST /events: each is refused with the right status and leaves no job
 * in any queue and no call at any Jira site. The service runs producer-only (no workers), so whatever an event
 * enqueued would still be sitting in Redis to be counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import { signEventBody } from '../../src/events/change-event.js';
import {
  changeEvent,
  cleanupPrefix,
  configFor,
  postEvent,
  SECRET,
  startService,
  startSim,
  uniquePrefix,
} from './harness.js';

async function jobsInQueues(service: SyncService): Promise<number> {
  let n = 0;
  for (const q of service.queues.all()) {
    const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    n += Object.values(counts).reduce((a, b) => a + b, 0);
  }
  return n;
}

describe('hostile events at /events are refused and enqueue nothing', () => {
  let sim: JiraSim;
  let service: SyncService;
  const prefix = uniquePrefix();
  let siteUrl: string;

  beforeAll(async () => {
    sim = await startSim();
    service = await startService(configFor(sim, prefix, { jobs: { debounceMs: 60_000 } as never }), {
      workers: false,
    });
    siteUrl = sim.site('os2').baseUrl;
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(prefix);
  });

  const now = () => Math.floor(Date.now() / 1000);

  const cases: {
    name: string;
    status: number;
    send: () => Promise<{ status: number; json: unknown }>;
    reason?: string;
  }[] = [
    {
      name: 'signed with another secret',
      status: 401,
      reason: 'mismatch',
      send: () =>
        postEvent(service.address!, changeEvent(siteUrl, '10001'), { secret: 'not-the-shared-secret-xyz' }),
    },
    {
      name: 'body changed after signing (one character)',
      status: 401,
      reason: 'mismatch',
      send: async () => {
        const body = JSON.stringify(changeEvent(siteUrl, '10001'));
        const ts = now();
        const signature = signEventBody(body, ts, SECRET);
        return postEvent(
          service.address!,
          {},
          { body: body.replace('10001', '10002'), timestamp: ts, signature },
        );
      },
    },
    {
      name: 'signature over another timestamp',
      status: 401,
      reason: 'mismatch',
      send: async () => {
        const body = JSON.stringify(changeEvent(siteUrl, '10001'));
        const signature = signEventBody(body, now() - 10, SECRET);
        return postEvent(service.address!, {}, { body, timestamp: now(), signature });
      },
    },
    {
      name: 'malformed signature header',
      status: 401,
      reason: 'malformed',
      send: () =>
        postEvent(service.address!, changeEvent(siteUrl, '10001'), { signature: 'sha1=deadbeef<script>' }),
    },
    {
      name: 'stale timestamp (6 minutes old, correctly signed)',
      status: 401,
      reason: 'stale',
      send: () => postEvent(service.address!, changeEvent(siteUrl, '10001'), { timestamp: now() - 360 }),
    },
    {
      name: 'timestamp from the future (6 minutes ahead, correctly signed)',
      status: 401,
      reason: 'stale',
      send: () => postEvent(service.address!, changeEvent(siteUrl, '10001'), { timestamp: now() + 360 }),
    },
    {
      name: 'no signature headers at all',
      status: 401,
      reason: 'missing',
      send: async () => {
        const res = await fetch(`${service.address}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(changeEvent(siteUrl, '10001')),
        });
        return { status: res.status, json: await res.json() };
      },
    },
    {
      name: 'oversized body (100 KiB, correctly signed)',
      status: 413,
      send: () =>
        postEvent(service.address!, changeEvent(siteUrl, '10001', { padding: 'x'.repeat(100 * 1024) })),
    },
    {
      name: 'invalid JSON (correctly signed)',
      status: 400,
      send: () => postEvent(service.address!, {}, { body: '{"kind":"governance","projectId":' }),
    },
    {
      name: 'JSON that is not a change event (correctly signed)',
      status: 400,
      send: () =>
        postEvent(service.address!, {
          kind: 'governance',
          siteUrl,
          projectId: 10001,
          occurredAt: 'yesterday',
        }),
    },
    {
      name: 'unknown fields (correctly signed)',
      status: 400,
      send: () => postEvent(service.address!, changeEvent(siteUrl, '10001', { admin: true })),
    },
    {
      name: 'a script tag as the project id (correctly signed)',
      status: 400,
      send: () => postEvent(service.address!, changeEvent(siteUrl, '<script>alert(1)</script>')),
    },
    {
      name: 'an unconfigured site (correctly signed)',
      status: 422,
      send: () => postEvent(service.address!, changeEvent('https://evil.example.com', '10001')),
    },
    {
      name: 'not JSON at all (text/plain, correctly signed)',
      status: 400,
      send: () => postEvent(service.address!, {}, { body: 'hello', contentType: 'text/plain' }),
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s → refused', async (_name, c) => {
    const before = sim.site('os2').totalCalls() + sim.site('supplier').totalCalls();
    const res = await c.send();
    expect(res.status).toBe(c.status);
    if (c.reason) expect(res.json).toMatchObject({ error: 'unauthorized', reason: c.reason });
    expect(await jobsInQueues(service)).toBe(0);
    expect(sim.site('os2').totalCalls() + sim.site('supplier').totalCalls()).toBe(before);
  });

  it('a replayed event (same body, same headers) is refused the second time and adds no job', async () => {
    const first = await postEvent(service.address!, changeEvent(siteUrl, '10003'));
    expect(first.status).toBe(202);
    expect(await jobsInQueues(service)).toBe(1);
    const replay = await postEvent(
      service.address!,
      {},
      {
        body: first.body,
        timestamp: first.timestamp,
        signature: first.signature,
      },
    );
    expect(replay.status).toBe(401);
    expect(replay.json).toMatchObject({ reason: 'replayed' });
    // Ten more replays, in parallel: all refused, still one job.
    const more = await Promise.all(
      Array.from({ length: 10 }, () =>
        postEvent(
          service.address!,
          {},
          { body: first.body, timestamp: first.timestamp, signature: first.signature },
        ),
      ),
    );
    expect(more.map((r) => r.status)).toEqual(Array(10).fill(401));
    expect(await jobsInQueues(service)).toBe(1);
  });

  it('a good event after all that is still accepted (the refusals did not wedge the endpoint)', async () => {
    const res = await postEvent(service.address!, changeEvent(siteUrl, '10002'));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'queued' });
  });
});
