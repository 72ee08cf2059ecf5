import { Redis } from 'ioredis';

/** Each key under a test's prefix, scanned (never KEYS, never FLUSHALL: the Redis is shared by other suites). */
async function forEachKeyBatch(
  url: string,
  prefix: string,
  each: (redis: Redis, keys: string[]) => Promise<void>,
) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await each(redis, keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under the prefix. */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  await forEachKeyBatch(url, prefix, async (redis, keys) => {
    await redis.del(...keys);
  });
}

/** How many keys there are under the prefix. */
export async function countPrefix(url: string, prefix: string): Promise<number> {
  let n = 0;
  await forEachKeyBatch(url, prefix, async (_redis, keys) => {
    n += keys.length;
  });
  return n;
}
