/**
 * `npm start` stops cleanly however it is stopped: Ctrl-C (also when tsx relays it a second time within
 * milliseconds), SIGTERM, SIGHUP (the terminal closed) and a closed pipe on stdout. Each time: exit 0, the
 * closers ran, the run's keys are gone from the shared Redis and its temporary folder is removed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countPrefix } from '../support/redis-prefix.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type Stop = 'SIGINT' | 'SIGINT twice' | 'SIGTERM' | 'SIGHUP' | 'closed pipe';

async function startAndStop(how: Stop) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-scenario'], {
    env: { ...process.env, REDIS_URL, OS2_DEMO_ISSUES: '3', OS2_SYNC_PORT: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!/Kører\. Stop med Ctrl-C\./.test(stdout)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`did not start:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = /nøgleprefix (\{[^}]+\}), log: (\S+)\)/.exec(stdout);
  expect(m, stdout).not.toBeNull();
  const [, prefix, logFile] = m!;
  expect(await countPrefix(REDIS_URL, prefix!)).toBeGreaterThan(0);
  const stoppedAt = Date.now();
  switch (how) {
    case 'SIGINT twice':
      child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      break;
    case 'closed pipe':
      // The reader goes away; the next line the demo writes (the table, asked for on its console) hits EPIPE.
      child.stdout.destroy();
      child.stdin.write('tabel\n');
      break;
    default:
      child.kill(how);
  }
  const code = await exit;
  return { code, ms: Date.now() - stoppedAt, stdout, stderr, prefix: prefix!, workDir: dirname(logFile!) };
}

describe('npm start shuts down cleanly under every way of stopping it', () => {
  it.each<Stop>(['SIGINT', 'SIGINT twice', 'SIGTERM', 'SIGHUP', 'closed pipe'])(
    '%s: exit 0, nothing left in Redis or on disk',
    async (how) => {
      const r = await startAndStop(how);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.ms).toBeLessThan(30_000);
      expect(r.stderr).not.toMatch(/Andet signal|EIO|EPIPE|Unhandled/);
      expect(await countPrefix(REDIS_URL, r.prefix)).toBe(0);
      expect(existsSync(r.workDir)).toBe(false);
      if (how !== 'closed pipe' && how !== 'SIGHUP') expect(r.stdout).toContain('Stoppet.');
    },
    150_000,
  );
});
