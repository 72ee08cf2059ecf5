import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { t } from '../../src/i18n/index.js';

export interface FoundRedis {
  url: string;
  /** Where it came from: the environment, the usual local port, or a redis-server started for this run. */
  source: 'env' | 'local' | 'started';
  /** Stops the redis-server this run started (and removes its directory); a no-op otherwise. */
  stop(): Promise<void>;
}

export class RedisNotFoundError extends Error {
  override readonly name = 'RedisNotFoundError';
}

export const INSTALL_HINT = t('da', 'start.installRedis');

/** True when a Redis answers PING at `url` within `timeoutMs`. Never throws. */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pong = await Promise.race([
      client.ping(),
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return pong === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function onPath(command: string): boolean {
  const r = spawnSync(command, ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

async function startRedisServer(command: string): Promise<FoundRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'os2-redis-'));
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      command,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let dead = false;
    void exited.then(() => {
      dead = true;
    });
    const url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    while (!dead && Date.now() < deadline) {
      if (await pingRedis(url, 500)) {
        return {
          url,
          source: 'started',
          async stop() {
            if (!dead) {
              child.kill('SIGTERM');
              await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
              if (!dead) child.kill('SIGKILL');
            }
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!dead) child.kill('SIGKILL');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new RedisNotFoundError(`${t('da', 'start.redisServerFailed')}\n${INSTALL_HINT}`);
}

/**
 * Finds a Redis for `npm start`: `REDIS_URL` if set (it must answer), else 127.0.0.1:6379, else a
 * `redis-server` from PATH started on a free port with a temporary directory (stopped by `stop()`).
 * Throws {@link RedisNotFoundError} with one clear message saying how to install Redis.
 */
export async function findRedis(
  env: Record<string, string | undefined> = process.env,
  opts: { localUrl?: string; command?: string } = {},
): Promise<FoundRedis> {
  const none = async (): Promise<void> => undefined;
  if (env.REDIS_URL) {
    if (await pingRedis(env.REDIS_URL)) return { url: env.REDIS_URL, source: 'env', stop: none };
    throw new RedisNotFoundError(t('da', 'start.redisUrlSilent', { url: redactUrl(env.REDIS_URL) }));
  }
  const local = opts.localUrl ?? 'redis://127.0.0.1:6379';
  if (await pingRedis(local)) return { url: local, source: 'local', stop: none };
  const command = opts.command ?? 'redis-server';
  if (onPath(command)) return startRedisServer(command);
  throw new RedisNotFoundError(INSTALL_HINT);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
