// The local Forge storage service, driven through the real @forge/kvs package and the __forge_fetch__ seam.
import { describe, expect, it, beforeEach } from 'vitest';
import { kvs, WhereConditions, Filter, FilterConditions } from '@forge/kvs';
import { KvsService, KVS_LIMITS } from '../kvs-service.js';
import { runInvocation, type ForgeInstallation } from '../runtime.js';

function installation(service: KvsService): ForgeInstallation {
  return {
    jiraBaseUrl: 'http://127.0.0.1:1',
    cloudId: 'cloud-1',
    installationId: 'inst-1',
    kvs: service,
    jiraAuth: () => undefined,
    jiraCalls: [],
  };
}

describe('local Forge storage service via @forge/kvs', () => {
  let service: KvsService;
  let inst: ForgeInstallation;
  let now = 1_000_000;
  const run = <T>(fn: () => Promise<T>) => runInvocation(inst, 'user-1', fn);

  beforeEach(() => {
    now = 1_000_000;
    service = new KvsService({ now: () => now });
    inst = installation(service);
  });

  it('gets, sets and deletes; a missing key is undefined', async () => {
    await run(async () => {
      expect(await kvs.get('a')).toBeUndefined();
      await kvs.set('a', { n: 1 });
      expect(await kvs.get('a')).toEqual({ n: 1 });
      await kvs.delete('a');
      expect(await kvs.get('a')).toBeUndefined();
      await kvs.delete('a'); // deleting again is fine
    });
  });

  it('FAIL_IF_EXISTS lets exactly one of many concurrent writers win', async () => {
    await run(async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => kvs.set('lock', { i }, { keyPolicy: 'FAIL_IF_EXISTS' })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(11);
      expect(rejected[0]!.reason.code).toBe('KEY_CONFLICT');
    });
  });

  it('returns the previous or latest value when asked', async () => {
    await run(async () => {
      await kvs.set('k', 1);
      const prev = await kvs.set('k', 2, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
      expect(prev?.value).toBe(1);
      const latest = await kvs.set('k', 3, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' });
      expect(latest?.value).toBe(3);
    });
  });

  it('queries by prefix in key order with cursors', async () => {
    await run(async () => {
      for (let i = 0; i < 25; i++) await kvs.set(`vote:1:${String(i).padStart(3, '0')}`, i);
      await kvs.set('vote:2:001', 'other issue');
      const seen: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        let q = kvs.query().where('key', WhereConditions.beginsWith('vote:1:')).limit(10);
        if (cursor) q = q.cursor(cursor);
        const page = await q.getMany<number>();
        seen.push(...page.results.map((r) => r.value));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
    });
  });

  it('enforces key and value limits', async () => {
    await run(async () => {
      await expect(kvs.set('x'.repeat(KVS_LIMITS.keyLength + 1), 1)).rejects.toMatchObject({
        code: 'INVALID_KEY',
      });
      await expect(kvs.set('bad/key', 1)).rejects.toMatchObject({ code: 'INVALID_KEY' });
      await expect(kvs.set('big', 'x'.repeat(KVS_LIMITS.valueBytes + 1))).rejects.toMatchObject({
        code: 'VALUE_TOO_LARGE',
      });
      await expect(kvs.query().limit(101).getMany()).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
    });
  });

  it('transactions are all or nothing, at most 25 operations, with conditions on entity values', async () => {
    await run(async () => {
      await kvs.entity('governance').set('p1', { revision: 3 });
      // condition fails: nothing is written
      await expect(
        kvs
          .transact()
          .set('side', 'effect')
          .set(
            'p1',
            { revision: 4 },
            {
              entityName: 'governance',
              conditions: new Filter<{ revision: number }>().and('revision', FilterConditions.equalTo(2)),
            },
          )
          .execute(),
      ).rejects.toMatchObject({ code: 'CONDITION_CHECK_FAILED' });
      expect(await kvs.get('side')).toBeUndefined();
      await kvs
        .transact()
        .set('side', 'effect')
        .set(
          'p1',
          { revision: 4 },
          {
            entityName: 'governance',
            conditions: new Filter<{ revision: number }>().and('revision', FilterConditions.equalTo(3)),
          },
        )
        .execute();
      expect(await kvs.get('side')).toBe('effect');
      expect(await kvs.entity('governance').get('p1')).toEqual({ revision: 4 });
      let tx = kvs.transact();
      for (let i = 0; i < 26; i++) tx = tx.set(`t${i}`, i);
      await expect(tx.execute()).rejects.toMatchObject({ code: 'TOO_MANY_OPERATIONS' });
    });
  });

  it('expires keys after their ttl, keeps secrets apart, and injects faults', async () => {
    await run(async () => {
      await kvs.set('short', 1, { ttl: { value: 10, unit: 'SECONDS' } });
      now += 9_000;
      expect(await kvs.get('short')).toBe(1);
      now += 2_000;
      expect(await kvs.get('short')).toBeUndefined();
      await kvs.setSecret('s', 'top-secret-value');
      expect(await kvs.get('s')).toBeUndefined();
      expect(await kvs.getSecret('s')).toBe('top-secret-value');
      service.failNext(1, 503, 'SERVICE_UNAVAILABLE');
      await expect(kvs.get('x')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(await kvs.get('x')).toBeUndefined();
    });
  });

  it('rate-limits beyond the configured writes per minute', async () => {
    service = new KvsService({ now: () => now, writesPerMinute: 3 });
    inst = installation(service);
    await run(async () => {
      for (let i = 0; i < 3; i++) await kvs.set(`k${i}`, i);
      await expect(kvs.set('k3', 3)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
      now += 60_000;
      await kvs.set('k3', 3);
    });
  });

  it('serves the same API over HTTP', async () => {
    const { url, server } = await service.listen();
    try {
      const set = await fetch(`${url}/api/v1/set`, {
        method: 'POST',
        body: JSON.stringify({ key: 'h', value: 7 }),
      });
      expect(set.status).toBe(204);
      const got = await fetch(`${url}/api/v1/get`, { method: 'POST', body: JSON.stringify({ key: 'h' }) });
      expect(await got.json()).toMatchObject({ key: 'h', value: 7 });
    } finally {
      server.close();
    }
  });
});
