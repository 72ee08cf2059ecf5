import { expect, it } from 'vitest';
import type { Cluster } from 'ioredis';
import { createRedis } from '../src/redis.js';
import { portfolioIssues, startService, startSim, testConfigFile, waitIdle } from './helpers.js';
import { parseConfig } from '../src/config.js';

/**
 * Runs the service on a Redis Cluster when one is given (OS2_TEST_REDIS_CLUSTER=redis://host:port, a seed
 * node); skipped otherwise. A one-node cluster is enough to prove that every key lands in one hash slot (Redis
 * refuses multi-key commands across slots even on one node): `redis-server --port 7391 --cluster-enabled yes`,
 * then `CLUSTER ADDSLOTSRANGE 0 16383` and `CONFIG SET cluster-announce-ip 127.0.0.1`.
 */
const seed = process.env.OS2_TEST_REDIS_CLUSTER;

it.skipIf(!seed)('works on Redis Cluster with the hash-tagged prefix', async () => {
  const sim = await startSim();
  const { file, env } = testConfigFile(sim);
  const config = parseConfig(
    { ...file, redis: { ...file.redis, url: seed, cluster: true } },
    { ...env, REDIS_URL: seed! },
  );
  const service = await startService(config);
  try {
    await service.enqueueSync('supplier', '10004');
    await service.enqueueSync('os2', '10001');
    await waitIdle(service);
    expect(
      portfolioIssues(sim)
        .map((i) => i.rollup?.sourceKey)
        .sort(),
    ).toEqual(['os2/10001', 'supplier/10004']);
  } finally {
    await service.close();
    await sim.close();
    const redis = createRedis(seed!, true);
    const node = (redis as Cluster).nodes('master')[0] ?? redis;
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${config.redis.prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }
});
