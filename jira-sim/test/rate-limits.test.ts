/**
 * Jira's rate limits as the simulator models them (developer.atlassian.com/cloud/jira/platform/rate-limiting):
 * points (1 per request plus 1 per object a read returns, writes the base cost only), an hourly points quota, a
 * per-second burst limit per endpoint and method, and a per-issue write limit, each answering 429 with
 * `Retry-After`, `X-RateLimit-Reset` and `RateLimit-Reason`; `X-RateLimit-NearLimit` before the quota runs out.
 * jira.js (`onSchemaMismatch: 'throw'`) surfaces them as RateLimitError. The site's clock is replaced.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudClient, isRateLimitError } from 'jira.js';
import { startJiraSim } from '../index.js';
import type { JiraSim } from '../index.js';

let sim: JiraSim;
let clock = Date.UTC(2026, 11, 1, 12, 0, 0);
beforeAll(async () => {
  sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    seed: { featureRequestsPerProduct: 8 },
    indexLagMs: 0,
  });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  const os2 = sim.site('os2');
  os2.reset();
  os2.rateLimits = {};
  os2.resetPoints();
  os2.state.now = () => clock;
});

const auth = () =>
  `Basic ${Buffer.from(`${sim.site('os2').admin.email}:${sim.site('os2').admin.apiToken}`).toString('base64')}`;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.site('os2').baseUrl}${path}`, {
    method,
    headers: { authorization: auth(), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, headers: res.headers, body: (await res.text()) || undefined };
}

describe('points accounting', () => {
  it('a read costs 1 plus its objects, a write the base cost only', async () => {
    const os2 = sim.site('os2');
    await call('POST', '/rest/api/3/search/jql', { jql: 'project = MO', maxResults: 5 });
    expect(os2.points().total).toBe(6);
    await call('GET', '/rest/api/3/issue/MO-1');
    expect(os2.points().total).toBe(8);
    await call('PUT', '/rest/api/3/issue/MO-1/properties/x', { a: 1 });
    expect(os2.points().total).toBe(9);
    expect(os2.points().requests).toBe(3);
    const admin = os2.state.accountsByEmail.get(os2.admin.email)!.accountId;
    expect(os2.points().byAccount).toEqual({ [admin]: 9 });
    const viaAdmin = (await (await fetch(`${sim.adminUrl}/__sim/points`)).json()) as Record<
      string,
      { total: number }
    >;
    expect(viaAdmin.os2?.total).toBe(9);
  });
});

describe('limits', () => {
  it('the hourly quota: near-limit first, then 429 until the next hour with Jira’s headers', async () => {
    const os2 = sim.site('os2');
    os2.rateLimits = { pointsPerHour: 10 };
    const first = await call('GET', '/rest/api/3/issue/MO-1'); // 2 points: 8 left
    expect(first.headers.get('x-ratelimit-nearlimit')).toBeNull();
    await call('POST', '/rest/api/3/search/jql', { jql: 'project = MO', maxResults: 5 }); // 6: 2 left
    const near = await call('GET', '/rest/api/3/myself');
    expect(near.status).toBe(200);
    expect(near.headers.get('x-ratelimit-nearlimit')).toBe('true');
    await call('GET', '/rest/api/3/issue/MO-1'); // over the quota now
    const limited = await call('GET', '/rest/api/3/myself');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-reason')).toBe('jira-quota-tenant-based');
    expect(limited.headers.get('retry-after')).toBe('3600'); // the clock stands at the top of the hour
    expect(limited.headers.get('x-ratelimit-reset')).toBe('2026-12-01T13:00Z');
    const jira = createCloudClient({
      host: os2.baseUrl,
      auth: { type: 'basic', email: os2.admin.email, apiToken: os2.admin.apiToken },
      onSchemaMismatch: 'throw',
    });
    const err = await jira.myself.getCurrentUser().catch((e: unknown) => e);
    expect(isRateLimitError(err)).toBe(true);
    clock += 3_600_000;
    expect((await call('GET', '/rest/api/3/myself')).status).toBe(200);
  });

  it('the burst limit is per endpoint and method, for the rest of the second', async () => {
    const os2 = sim.site('os2');
    os2.rateLimits = { burstPerSecond: 2 };
    clock = Math.floor(clock / 1000) * 1000 + 400;
    expect((await call('GET', '/rest/api/3/myself')).status).toBe(200);
    expect((await call('GET', '/rest/api/3/myself')).status).toBe(200);
    const third = await call('GET', '/rest/api/3/myself');
    expect(third.status).toBe(429);
    expect(third.headers.get('ratelimit-reason')).toBe('jira-burst-based');
    expect(third.headers.get('retry-after')).toBe('1');
    expect((await call('GET', '/rest/api/3/serverInfo')).status).toBe(200); // another endpoint
    clock += 600;
    expect((await call('GET', '/rest/api/3/myself')).status).toBe(200);
  });

  it('the per-issue write limit counts writes to one issue, whatever the endpoint', async () => {
    const os2 = sim.site('os2');
    os2.rateLimits = { writesPerIssuePerSecond: 2 };
    expect((await call('PUT', '/rest/api/3/issue/MO-1/properties/a', { a: 1 })).status).toBe(201);
    expect((await call('PUT', '/rest/api/3/issue/MO-1', { fields: { summary: 'x' } })).status).toBe(204);
    const third = await call('PUT', '/rest/api/3/issue/MO-1/properties/a', { a: 2 });
    expect(third.status).toBe(429);
    expect(third.headers.get('ratelimit-reason')).toBe('jira-per-issue-on-write');
    expect((await call('PUT', '/rest/api/3/issue/MO-2/properties/a', { a: 1 })).status).toBe(201);
    expect((await call('GET', '/rest/api/3/issue/MO-1')).status).toBe(200); // reads are not writes
  });
});
