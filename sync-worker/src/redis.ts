import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { t } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/index.js';

/** A single Redis or a Redis Cluster; BullMQ and every key of the service work on both (hash-tagged prefix). */
export type RedisClient = Redis | Cluster;

/** Where the operator sets the Redis address: named in every message about an unreachable Redis. */
export const REDIS_SETTING = 'REDIS_URL / redis.url';

export interface RedisOptions {
  /**
   * A short-lived client (the CLI): a command fails after one retry and reconnects stop after a few seconds,
   * so nothing waits forever on a Redis that is not there. Workers keep the default (retry without end:
   * BullMQ's blocking commands must not be cut short, and a restarted Redis is picked up again).
   */
  failFast?: boolean;
}

/**
 * Connects to Redis. `redis://` / `rediss://` is a single server (or a managed endpoint). With `cluster` the
 * URL is one seed node of a Redis Cluster (more are discovered), and every key of the deployment hashes to
 * one slot through the prefix's hash tag.
 */
export function createRedis(url: string, cluster = false, opts: RedisOptions = {}): RedisClient {
  const failFast = opts.failFast
    ? {
        maxRetriesPerRequest: 1,
        connectTimeout: 3000,
        retryStrategy: (times: number) => (times > 3 ? null : 200 * times),
      }
    : { maxRetriesPerRequest: null };
  if (!cluster) return new Redis(url, { enableReadyCheck: true, ...failFast });
  const u = new URL(url);
  return new Cluster([{ host: u.hostname, port: Number(u.port || 6379) }], {
    ...(opts.failFast ? { clusterRetryStrategy: failFast.retryStrategy } : {}),
    redisOptions: {
      ...failFast,
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  });
}

/** The URL without its password (and user name), for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.username) u.username = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return t('da', 'redis.invalidUrl');
  }
}

/** One line for an operator: what failed, where, and which setting to change. */
export function redisUnreachableMessage(url: string, reason: string, locale: Locale = 'da'): string {
  return t(locale, 'redis.unreachable', { url: redactRedisUrl(url), reason, setting: REDIS_SETTING });
}

/**
 * Asks Redis for PONG within `timeoutMs` with a throw-away client that never retries, so a CLI command can
 * refuse at once instead of queueing behind a connection that will not come. Never throws.
 */
export async function probeRedis(
  url: string,
  cluster = false,
  timeoutMs = 3000,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = cluster
    ? new Cluster([{ host: new URL(url).hostname, port: Number(new URL(url).port || 6379) }], {
        lazyConnect: true,
        enableOfflineQueue: false,
        clusterRetryStrategy: () => null,
        redisOptions: probeOptions(url, timeoutMs),
      })
    : new Redis(url, { lazyConnect: true, ...probeOptions(url, timeoutMs) });
  let lastError: string | undefined;
  client.on('error', (err: Error) => (lastError = describeRedisError(err)));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(t('da', 'redis.noAnswer', { seconds: timeoutMs / 1000 }))),
          timeoutMs,
        );
      }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: lastError ?? describeRedisError(err) };
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

function probeOptions(url: string, timeoutMs: number) {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  return {
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    ...(u?.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u?.username ? { username: decodeURIComponent(u.username) } : {}),
  };
}

/** `ECONNREFUSED 127.0.0.1:6379` rather than ioredis' aggregate wording or a stack. */
export function describeRedisError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: string }).code;
  const msg = err.message.replace(/^connect /, '');
  return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

/**
 * Logs a client's connection errors with back-off: the first at once, then at most one line per `everyMs`
 * saying how many followed, so a Redis that is down does not write a line twice a second. Each line names the
 * (redacted) URL and the setting; `err` goes in as pino's error object (type, message, stack).
 */
export function logRedisErrors(
  redis: RedisClient,
  logger: Logger,
  url: string,
  everyMs = 30_000,
): () => void {
  let lastLogged = 0;
  let suppressed = 0;
  const onError = (err: Error) => {
    const now = Date.now();
    if (now - lastLogged < everyMs) {
      suppressed += 1;
      return;
    }
    logger.error(
      { err, redis: redactRedisUrl(url), setting: REDIS_SETTING, ...(suppressed ? { suppressed } : {}) },
      `Redis svarer ikke på ${redactRedisUrl(url)} (${REDIS_SETTING}); prøver igen`,
    );
    lastLogged = now;
    suppressed = 0;
  };
  const onReady = () => {
    if (lastLogged === 0) return;
    logger.info({ redis: redactRedisUrl(url) }, 'Redis svarer igen');
    lastLogged = 0;
    suppressed = 0;
  };
  redis.on('error', onError);
  redis.on('ready', onReady);
  return () => {
    redis.off('error', onError);
    redis.off('ready', onReady);
  };
}
