import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { portfolioIssues, startService, startSim, testConfigFile, waitIdle } from './helpers.js';
import { parseConfig } from '../src/config.js';

/**
 * Runs the service on a real Redis Cluster: a one-node cluster started here (`redis-server --cluster-enabled
 * yes`, all 16384 slots on it). One node is enough to prove the hash-tagged prefix: Redis refuses multi-key
 * commands across slots even on one node, and BullMQ's scripts touch many keys at once. OS2_TEST_REDIS_CLUSTER
 * points the test at an existing cluster's seed node instead.
 */
let node: ChildProcess | undefined;
let dir: string | undefined;
let seed = process.env.OS2_TEST_REDIS_CLUSTER;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function clusterPort(): Promise<number> {
  // The cluster bus listens on port + 10000, so both must be free.
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await portFree(port)) && (await portFree(port + 10_000))) return port;
  }
  throw new Error('no free port pair for a Redis Cluster node');
}

beforeAll(async () => {
  if (seed) return;
  const port = await clusterPort();
  dir = mkdtempSync(join(tmpdir(), 'os2-cluster-'));
  node = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-announce-ip',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  const admin = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 100 });
  admin.on('error', () => undefined);
  for (let i = 0; i < 100; i++) {
    try {
      await admin.connect();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  for (let i = 0; i < 100; i++) {
    const info = String(await admin.call('CLUSTER', 'INFO'));
    if (info.includes('cluster_state:ok')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await admin.quit();
  seed = `redis://127.0.0.1:${port}`;
}, 30_000);

afterAll(() => {
  node?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('works on Redis Cluster with the hash-tagged prefix', { timeout: 90_000 }, async () => {
  const sim = await startSim();
  const { file, env } = testConfigFile(sim);
  const config = parseConfig(
    { ...file, redis: { ...file.redis, url: seed, cluster: true } },
    { ...env, REDIS_URL: seed! },
  );
  expect(config.redis.prefix).toMatch(/^\{.+\}/);
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
  }
});
