import { describe, expect, it } from 'vitest';
import {
  rateLimitWaitMs,
  routeTemplate,
  MemoryRateGate,
  createJiraClient,
  isJiraRateLimitedError,
} from '../../src/jira/client.js';

describe('src/jira/client', () => {
  it('reads the wait of a 429 from Retry-After, else X-RateLimit-Reset', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(rateLimitWaitMs(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(rateLimitWaitMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 12:00:05 GMT' }), now)).toBe(5000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': '2026-01-01T12:00:30Z' }), now)).toBe(30_000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 12) }), now)).toBe(12_000);
    expect(
      rateLimitWaitMs(new Headers({ 'retry-after': '2', 'x-ratelimit-reset': '2026-01-01T12:00:30Z' }), now),
    ).toBe(2000);
    expect(rateLimitWaitMs(new Headers(), now)).toBeUndefined();
  });

  it('names routes by template', () => {
    expect(routeTemplate('/rest/api/3/project/10001/properties/os2-governance')).toBe(
      '/rest/api/3/project/{id}/properties/{propertyKey}',
    );
    expect(routeTemplate('/rest/api/3/issue/PORT-12/transitions?expand=x')).toBe(
      '/rest/api/3/issue/{key}/transitions',
    );
    expect(routeTemplate('/rest/api/3/project/PORT')).toBe('/rest/api/3/project/{key}');
  });

  it('sends nothing to a site the gate holds, and says how long to wait', async () => {
    const gate = new MemoryRateGate();
    gate.block('s', Date.now() + 5000);
    const calls: number[] = [];
    const jira = createJiraClient({
      site: 's',
      baseUrl: 'http://127.0.0.1:9', // nothing listens; the gate must stop the call first
      email: 'a@b.dk',
      apiToken: 't',
      gate,
      onCall: (c) => calls.push(c.status),
    });
    const err = await jira.myself.getCurrentUser().catch((e: unknown) => e);
    expect(isJiraRateLimitedError(err)).toBe(true);
    expect((err as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(4000);
    expect((err as { local: boolean }).local).toBe(true);
    expect(calls).toEqual([0]);
  });
});
