import { Cluster, Redis } from 'ioredis';

/** A single Redis or a Redis Cluster; BullMQ and every key of the service work on both (hash-tagged prefix). */
export type RedisClient = Redis | Cluster;

/**
 * Connects to Redis. `redis://` / `rediss://` is a single server (or a managed endpoint). With `cluster` the
 * URL is one seed node of a Redis Cluster (more are discovered), and every key of the deployment hashes to
 * one slot through the prefix's hash tag.
 */
export function createRedis(url: string, cluster = false): RedisClient {
  // BullMQ workers need maxRetriesPerRequest: null (blocking commands must not be cut short).
  if (!cluster) return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  const u = new URL(url);
  return new Cluster([{ host: u.hostname, port: Number(u.port || 6379) }], {
    redisOptions: {
      maxRetriesPerRequest: null,
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  });
}
