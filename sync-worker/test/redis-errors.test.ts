import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { logRedisErrors } from '../src/redis.js';

it('a Redis that is down is logged once per interval, naming the redacted URL and the setting, with err as an error object', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const url = 'redis://:hemmelig@127.0.0.1:1';
  // Reconnects every 50 ms, as a worker's client keeps doing while Redis is down.
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  const stop = logRedisErrors(redis, logger, url, 60_000);
  let errors = 0;
  redis.on('error', () => (errors += 1));
  await new Promise((r) => setTimeout(r, 1500));
  stop();
  redis.disconnect();
  expect(errors).toBeGreaterThan(5);
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line.msg).toBe('Redis svarer ikke på redis://:***@127.0.0.1:1 (REDIS_URL / redis.url); prøver igen');
  expect(line.setting).toBe('REDIS_URL / redis.url');
  expect(line.err).toMatchObject({ type: 'Error', message: expect.stringContaining('ECONNREFUSED') });
  expect(typeof (line.err as { stack?: unknown }).stack).toBe('string');
  expect(JSON.stringify(lines)).not.toContain('hemmelig');
});
