// The admin page's signed test event (src/events/test-event.ts) at the service's POST /events: answered with
// whether the signature verifies and the site is known, never queued as a product change, and refused like a
// change event when forged, stale, replayed or malformed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, postEvent, startService, startSim, testConfig } from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../src/service.js';
import type { SyncConfig } from '../src/config.js';

describe('POST /events with a test event', () => {
  let sim: JiraSim;
  let config: SyncConfig;
  let service: SyncService;
  const test = (siteUrl = sim.site('os2').baseUrl) => ({
    kind: 'test',
    siteUrl,
    nonce: randomBytes(16).toString('hex'),
    sentAt: new Date().toISOString(),
  });
  const jobs = async () => {
    let n = 0;
    for (const site of sim.sites) {
      const c = await service.queues
        .siteQueue(site.name)
        .getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
      n += Object.values(c).reduce((a, b) => a + b, 0);
    }
    return n;
  };

  beforeAll(async () => {
    sim = await startSim();
    config = testConfig(sim);
    service = await startService(config);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(config.redis.prefix);
  });

  it('answers a correctly signed test event with test_ok and queues nothing', async () => {
    const before = await jobs();
    const res = await postEvent(service.address!, test());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'test_ok', siteKnown: true });
    expect(await jobs()).toBe(before);
  });

  it('says when the signature verifies but the site is not one of its sources', async () => {
    const res = await postEvent(service.address!, test('https://ukendt.atlassian.net'));
    expect(res.json).toEqual({ status: 'test_ok', siteKnown: false });
  });

  it('refuses a test event signed with another secret (mismatch), a stale one and a replayed one', async () => {
    const forged = await postEvent(service.address!, test(), { secret: 'a-different-secret-0123456789' });
    expect(forged).toMatchObject({ status: 401, json: { reason: 'mismatch' } });
    const stale = await postEvent(service.address!, test(), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(stale).toMatchObject({ status: 401, json: { reason: 'stale' } });
    const first = await postEvent(service.address!, test());
    expect(first.status).toBe(200);
    const again = await postEvent(service.address!, {}, { body: first.body, timestamp: first.timestamp });
    expect(again).toMatchObject({ status: 401, json: { reason: 'replayed' } });
  });

  it('refuses a malformed test event with the field at fault, and never takes it for a change event', async () => {
    const before = await jobs();
    const { nonce: _nonce, ...noNonce } = test();
    const res = await postEvent(service.address!, { ...noNonce, projectId: '10004' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toMatch(/nonce/);
    expect(await jobs()).toBe(before);
  });
});
