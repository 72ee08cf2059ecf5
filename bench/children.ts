/**
 * Real worker child processes for the benchmarks (bench/worker-child.ts, run through tsx's loader): a ready
 * handshake, request/answer over IPC, and a close that always ends the child (SIGKILL after a grace period).
 * Starting a child costs seconds (tsx transpiles the service's module graph), so the benchmarks start few and
 * reuse them: `start`/`stop` switch a child between the sync service and a bare no-op BullMQ worker.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SyncConfig } from '../sync-worker/src/config.js';

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));

export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
}

export interface WorkerChild {
  pid: number;
  /** Starts the sync service; with `http`, also its HTTP server, whose address is returned. */
  startSync(config: SyncConfig, opts?: { http?: boolean }): Promise<string | undefined>;
  startNoop(config: SyncConfig, queue: string, concurrency: number): Promise<void>;
  stop(): Promise<void>;
  memory(): Promise<MemorySample>;
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
/** Kills every child still alive (the orchestrator calls this on the way out, whatever happened). */
export function killAllChildren(): void {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

export async function forkWorkerChild(readyTimeoutMs = 90_000): Promise<WorkerChild> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker child not ready within ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    );
    const onReady = (m: { type?: string }) => {
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onReady);
      resolve();
    };
    child.on('message', onReady);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker child exited (${code}) before it was ready`));
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });

  let seq = 0;
  const request = <T = Record<string, unknown>>(
    msg: Record<string, unknown>,
    timeoutMs = 60_000,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      const timer = setTimeout(() => {
        child.off('message', onAnswer);
        reject(new Error(`worker child: no answer to ${String(msg.type)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onAnswer = (m: { id?: number; type?: string; message?: string }) => {
        if (m.id !== id) return;
        clearTimeout(timer);
        child.off('message', onAnswer);
        if (m.type === 'ok') resolve(m as T);
        else reject(new Error(`worker child: ${m.message ?? 'error'}`));
      };
      child.on('message', onAnswer);
      child.send({ ...msg, id });
    });

  return {
    pid: child.pid!,
    startSync: async (config, opts = {}) =>
      (await request<{ address?: string }>({ type: 'start', mode: 'sync', config, http: opts.http ?? false }))
        .address,
    startNoop: async (config, queue, concurrency) =>
      void (await request({ type: 'start', mode: 'noop', config, queue, concurrency })),
    stop: async () => void (await request({ type: 'stop' })),
    memory: () => request<MemorySample>({ type: 'memory' }, 20_000),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      if (child.connected) await request({ type: 'close' }, 20_000).catch(() => child.kill('SIGKILL'));
      await exited;
      clearTimeout(timer);
    },
  };
}

const shared: WorkerChild[] = [];
let forking: Promise<unknown> = Promise.resolve();
/**
 * `n` worker children shared between measurements (the quick run uses these to pay the fork cost once; forking
 * them during the first measurements was tried and slowed those as much as it saved); stopped, not closed,
 * between uses.
 * {@link closeSharedChildren} ends them.
 */
export async function sharedChildren(n: number): Promise<WorkerChild[]> {
  const next = forking
    .catch(() => undefined)
    .then(async () => {
      const missing = Math.max(0, n - shared.length);
      shared.push(...(await Promise.all(Array.from({ length: missing }, () => forkWorkerChild()))));
    });
  forking = next;
  await next;
  return shared.slice(0, n);
}

export async function closeSharedChildren(): Promise<void> {
  await forking.catch(() => undefined);
  await Promise.all(shared.splice(0).map((c) => c.close()));
}
