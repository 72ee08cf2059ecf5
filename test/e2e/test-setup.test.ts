/**
 * `npm test` itself: the global setup finds Redis or fails at once in one message, and the browser tests
 * find Chromium beyond Debian's path or say visibly that they are skipped.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findChromium, KNOWN_CHROMIUM_PATHS, NO_CHROMIUM } from '../support/chromium.js';

describe('npm test without Redis', () => {
  it('fails within seconds saying what to do, instead of a 60 s hook timeout per suite', async () => {
    const started = Date.now();
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['node_modules/vitest/vitest.mjs', 'run', 'sync-worker/test/cli.test.ts'],
        {
          env: { ...process.env, REDIS_URL: 'redis://:hemmelig@127.0.0.1:1', CI: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('exit', (code) => resolve({ code, output }));
    });
    expect(code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(output).toContain('npm test har brug for Redis (tests need Redis)');
    expect(output).toMatch(/REDIS_URL=redis:\/\/:\*\*\*@127\.0\.0\.1:1\/? svarer ikke/);
    expect(output).not.toContain('hemmelig');
    expect(output).not.toContain('MaxRetriesPerRequestError');
    expect(output).not.toMatch(/✓|Tests\s+\d+ passed/);
  }, 40_000);
});

describe('finding Chromium', () => {
  it('uses CHROMIUM_PATH first, refuses a wrong one, and otherwise looks in the usual places', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
    expect(() => findChromium({ CHROMIUM_PATH: '/no/such/chromium' })).toThrow(
      /CHROMIUM_PATH=.* findes ikke/,
    );
    const found = findChromium({});
    if (found) expect(KNOWN_CHROMIUM_PATHS).toContain(found);
    expect(KNOWN_CHROMIUM_PATHS).toEqual(
      expect.arrayContaining(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']),
    );
    expect(NO_CHROMIUM).toMatch(/SPRUNGET OVER.*CHROMIUM_PATH/);
  });
});
