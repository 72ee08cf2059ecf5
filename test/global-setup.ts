/**
 * vitest global setup: finds Redis the way `npm start` does (REDIS_URL, else 127.0.0.1:6379, else a
 * redis-server from PATH on a free port, stopped again at the end) and hands its URL to every test file
 * through REDIS_URL. Without one it fails at once in one message saying what to do, instead of each suite
 * waiting out its 60 s hook timeout and ending in MaxRetriesPerRequestError. It also says, once, when the
 * browser tests will be skipped for want of Chromium.
 */
import { findRedis, redactUrl, RedisNotFoundError } from '../scripts/start/find-redis.js';
import { findChromium, KNOWN_CHROMIUM_PATHS } from './support/chromium.js';
import type { FoundRedis } from '../scripts/start/find-redis.js';

let redis: FoundRedis | undefined;

export async function setup(): Promise<void> {
  try {
    redis = await findRedis(process.env);
  } catch (err) {
    if (err instanceof RedisNotFoundError) {
      // One message, no stack: vitest prints the error of a failed global setup and stops.
      const e = new Error(
        `npm test har brug for Redis (tests need Redis).\n${err.message}`.replace(/npm start/g, 'npm test'),
      );
      e.stack = e.message;
      throw e;
    }
    throw err;
  }
  // Test files run in child processes started after this, which inherit the environment.
  process.env.REDIS_URL = redis.url;
  if (redis.source === 'started') {
    process.stderr.write(`[test] Redis: startede redis-server på ${redactUrl(redis.url)} til testene\n`);
  }
  if (!findChromium()) {
    process.stderr.write(
      `[test] Browsertestene springes over: ingen Chromium i CHROMIUM_PATH eller ${KNOWN_CHROMIUM_PATHS.join(', ')}` +
        ' (apt-get install chromium; browser tests are skipped)\n',
    );
  }
}

export async function teardown(): Promise<void> {
  await redis?.stop();
}
