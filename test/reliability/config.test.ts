/**
 * Configuration with missing or wrong values: the sync service's CLI exits non-zero with ONE message that lists
 * every problem, names no secret, and starts nothing. Each case runs through the CLI's `main` in-process; one runs
 * through the real bin (sync-worker/bin/os2-sync.js, as an operator starts it) to check the exit code and stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../sync-worker/src/config.js';
import { main } from '../../sync-worker/src/cli.js';

const BIN = fileURLToPath(new URL('../../sync-worker/bin/os2-sync.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'os2rel-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = {
  sites: [
    { name: 'os2', baseUrl: 'https://os2.atlassian.net', email: 'sync@os2.eu', apiTokenEnv: 'OS2_TOKEN' },
  ],
  portfolio: { site: 'os2', projectKey: 'PORT' },
};
const GOOD_ENV = { OS2_EVENT_SECRET: 'a-long-enough-secret', OS2_TOKEN: 'tok' };

function write(file: unknown): string {
  const path = join(dir, `c-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof file === 'string' ? file : JSON.stringify(file));
  return path;
}

async function runInProcess(file: unknown, env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['doctor', '--config', write(file)], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') + '\n' };
}

function runBin(file: unknown, env: Record<string, string | undefined>) {
  const path = write(file);
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OS2_|REDIS_URL|PORT$)/.test(k) && v) clean[k] = v;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const res = spawnSync(process.execPath, [BIN, 'doctor', '--config', path], {
    env: clean,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: res.status, stderr: res.stderr, stdout: res.stdout };
}

const cases: { name: string; file: unknown; env: Record<string, string | undefined>; expect: RegExp[] }[] = [
  {
    name: 'no event secret and no API token',
    file: GOOD,
    env: {},
    expect: [/OS2_EVENT_SECRET/, /OS2_TOKEN/],
  },
  {
    name: 'a secret written into the file, a short event secret, a bad URL, a bad project key',
    file: {
      sites: [{ ...GOOD.sites[0], baseUrl: 'ftp://os2', apiToken: 'LEAKED-TOKEN-123' }],
      portfolio: { site: 'os2', projectKey: 'port' },
    },
    env: { OS2_EVENT_SECRET: 'short', OS2_TOKEN: 'tok' },
    expect: [/apiToken/, /OS2_EVENT_SECRET/, /baseUrl/, /projectKey/],
  },
  {
    name: 'the portfolio on an unknown site, a duplicate site, a prefix without a hash tag, a bad Redis URL',
    file: {
      sites: [GOOD.sites[0], GOOD.sites[0]],
      portfolio: { site: 'elsewhere', projectKey: 'PORT' },
      redis: { prefix: 'no-hash-tag', url: 'http://redis' },
    },
    env: GOOD_ENV,
    expect: [/to gange/, /portfolio\.site/, /hash-tag/, /redis:\/\//],
  },
  {
    name: 'wrong types and unknown keys',
    file: { ...GOOD, concurrency: { perSite: 'four' }, jobs: { attempts: 0 }, colour: 'blue' },
    env: GOOD_ENV,
    expect: [/concurrency\.perSite/, /jobs\.attempts/, /colour/],
  },
  { name: 'not JSON', file: '{ "sites": [', env: GOOD_ENV, expect: [/ikke gyldig JSON/] },
];

describe('configuration with missing or wrong values', () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))(
    '%s: one clear message, exit non-zero',
    async (_n, c, i) => {
      const res = i === 1 ? runBin(c.file, c.env) : await runInProcess(c.file, c.env);
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      // One message: a headline naming the count, then one line per problem.
      const lines = res.stderr.trim().split('\n');
      expect(lines[0]).toMatch(
        /^Konfigurationen af sync-tjenesten er ugyldig \(\d+ problem(er)?\) \/ invalid configuration:$/,
      );
      expect(lines.slice(1).every((l) => l.startsWith('  - '))).toBe(true);
      expect(res.stderr.match(/Konfigurationen/g)).toHaveLength(1);
      for (const re of c.expect) expect(res.stderr).toMatch(re);
      expect(res.stderr).not.toContain('LEAKED-TOKEN-123');
      expect(res.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    },
    40_000,
  );

  it('every problem is collected before failing (not one at a time)', () => {
    try {
      parseConfig({ sites: [], portfolio: { site: 'x', projectKey: 'y' } }, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.length).toBeGreaterThanOrEqual(3);
    }
  });
});
