/**
 * A worker process for the benchmarks (forked by bench/children.ts for bench/throughput.ts and bench/memory.ts),
 * driven over IPC. It starts idle (after loading every module) and answers:
 *
 * - `{ type: 'start', mode: 'sync', config, http? }`: the real sync service, workers (and HTTP when asked, answered
 *   with its `address`), no schedulers;
 * - `{ type: 'start', mode: 'noop', config, queue, concurrency }`: one bare BullMQ worker whose processor does
 *   nothing, on `queue` under the configuration's prefix;
 * - `{ type: 'stop' }`: closes what runs (gracefully), so the same process can be reused;
 * - `{ type: 'memory' }`: `{ rss, heapUsed, external }` after a GC (the child runs with --expose-gc);
 * - `{ type: 'close' }`: stops and exits 0.
 * Every request is answered with `{ type: 'ok' | 'error', id }`. The child exits by itself when the parent goes
 * away (IPC disconnect), so no worker outlives a crashed benchmark.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { startSyncService } from '../sync-worker/src/service.js';
import type { SyncConfig } from '../sync-worker/src/config.js';
import { silentLogger } from './lib.js';

export type ChildRequest =
  | { id: number; type: 'start'; mode: 'sync'; config: SyncConfig; http?: boolean }
  | { id: number; type: 'start'; mode: 'noop'; config: SyncConfig; queue: string; concurrency: number }
  | { id: number; type: 'stop' }
  | { id: number; type: 'memory' }
  | { id: number; type: 'close' };

let running: (() => Promise<void>) | undefined;

async function start(req: Extract<ChildRequest, { type: 'start' }>): Promise<{ address?: string }> {
  if (running) throw new Error('already running');
  const { config } = req;
  if (req.mode === 'noop') {
    const connection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    const worker = new Worker(req.queue, async () => undefined, {
      connection,
      prefix: config.redis.prefix,
      concurrency: req.concurrency,
    });
    await worker.waitUntilReady();
    running = async () => {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    };
    return {};
  }
  const service = await startSyncService(config, {
    logger: silentLogger(),
    jira: { onSchemaMismatch: 'silent' },
    http: req.http ?? false,
    schedulers: false,
  });
  running = () => service.close();
  return service.address ? { address: service.address } : {};
}

async function stop(): Promise<void> {
  const r = running;
  running = undefined;
  await r?.();
}

let exiting = false;
async function exit(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  try {
    await stop();
  } finally {
    process.exit(code);
  }
}

process.on('message', (req: ChildRequest) => {
  const reply = (extra: Record<string, unknown>) => {
    if (process.connected) process.send?.({ id: req.id, ...extra });
  };
  void (async () => {
    try {
      switch (req.type) {
        case 'start':
          return reply({ type: 'ok', ...(await start(req)) });
        case 'stop':
          await stop();
          return reply({ type: 'ok' });
        case 'memory': {
          (globalThis as { gc?: () => void }).gc?.();
          const u = process.memoryUsage();
          return reply({ type: 'ok', rss: u.rss, heapUsed: u.heapUsed, external: u.external });
        }
        case 'close':
          await stop();
          reply({ type: 'ok' });
          return exit(0);
      }
    } catch (err) {
      reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  })();
});
process.on('disconnect', () => void exit(0));
process.on('SIGTERM', () => void exit(0));
process.send?.({ type: 'ready', pid: process.pid });
