import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../src/cli.js';
import { SECRET, startSim, testConfigFile } from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';

/** Nothing listens on port 1: connections are refused at once, as with a Redis that is not running. */
const NO_REDIS = 'redis://:hemmelig@127.0.0.1:1';

const dir = mkdtempSync(join(tmpdir(), 'os2-cli-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, file: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(file));
  return path;
}

/** A valid configuration whose sites are never called (the commands below stop before Jira). */
const offlineConfig = () =>
  writeConfig('offline.json', {
    sites: [{ name: 'os2', baseUrl: 'http://127.0.0.1:9', email: 'sync@os2.eu', apiTokenEnv: 'TOKEN_OS2' }],
    portfolio: { site: 'os2', projectKey: 'PORT' },
    logLevel: 'silent',
  });
const offlineEnv = { OS2_EVENT_SECRET: SECRET, TOKEN_OS2: 'token', REDIS_URL: NO_REDIS };

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs the real binary, as an operator would, and measures how long it took. */
function spawnCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['sync-worker/bin/os2-sync.js', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('os2-sync help, usage errors and exit codes (before any configuration is read)', () => {
  it('--help and help <command> exit 0; no command prints the usage and exits 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(EXIT.ok);
    for (const c of ['run', 'sync', 'reconcile', 'status', 'retry-failed', 'doctor'])
      expect(help.out).toContain(c);
    expect(help.out).toMatch(/3 Redis svarer ikke/);

    const sub = await cli(['sync', '--help']);
    expect(sub.code).toBe(EXIT.ok);
    expect(sub.out).toMatch(/^os2-sync sync <site> <projekt>/);
    expect((await cli(['help', 'doctor'])).out).toMatch(/OS2_EVENT_SECRET/);

    const none = await cli([]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.err).toMatch(/^os2-sync <kommando>/);
  });

  it('an unknown command is named, with a suggestion, and no configuration is needed to say so', async () => {
    const r = await cli(['stauts']); // no --config, no OS2_SYNC_CONFIG, no secret
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('ukendt kommando "stauts"; mente du "status"?');
    expect(r.err).not.toMatch(/konfiguration/i);
    expect((await cli(['frobnicate'])).err).not.toContain('mente du');
  });

  it('an unknown option, a missing value and wrong argument counts are one line and exit 2, never a stack', async () => {
    const cases: [string[], RegExp][] = [
      [['status', '--jsn'], /^ukendt tilvalg --jsn; mente du --json\?/],
      [['status', '--config'], /^tilvalget --config mangler en værdi/],
      [['sync', 'os2'], /^os2-sync sync mangler argumenter/],
      [['status', 'extra'], /^os2-sync status tager ikke "extra"/],
      [['reconcile', '--json'], /har ingen --json/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.err, args.join(' ')).toMatch(expected);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('an invalid configuration exits 2', async () => {
    const path = writeConfig('empty.json', {});
    const r = await cli(['status', '--config', path], { OS2_EVENT_SECRET: SECRET });
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/Konfigurationen af sync-tjenesten er ugyldig/);
  });
});

describe('Redis unreachable: one line naming the setting, exit 3, within seconds', () => {
  it.each([['status'], ['reconcile'], ['retry-failed'], ['sync', 'os2', 'KITOS'], ['run']])(
    'os2-sync %s',
    async (...args: string[]) => {
      const r = await spawnCli([...args, '--config', offlineConfig()], offlineEnv);
      expect(r.code).toBe(EXIT.redis);
      expect(r.ms).toBeLessThan(8_000);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Redis svarer ikke på redis:\/\/:\*\*\*@127\.0\.0\.1:1 \(.*ECONNREFUSED/);
      expect(lines[0]).toContain('REDIS_URL / redis.url');
      expect(r.stderr + r.stdout).not.toContain('hemmelig');
      expect(r.stdout).toBe('');
    },
  );
});

describe('doctor', () => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('without Redis: says so, still checks Jira and the signatures, and ends within seconds', async () => {
    const { file, env } = testConfigFile(sim);
    const path = writeConfig('sim.json', file);
    const started = Date.now();
    const r = await cli(['doctor', '--config', path], { ...env, REDIS_URL: NO_REDIS });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(EXIT.failed);
    expect(r.out).toMatch(/✘ Redis svarer ikke på .*REDIS_URL \/ redis\.url/);
    expect(r.out).toMatch(/✔ os2: logger ind som/);
    expect(r.out).toMatch(/✔ os2: governance-spejlet i \w+ verificeres med OS2_EVENT_SECRET/);
    expect(r.out).toMatch(/✔ porteføljeprojektet PORT/);
    expect(r.out).toMatch(/^1 problem\(er\) skal rettes\.$/m);
  });

  it('with a secret that differs from the app’s: each source site says its signatures do not verify', async () => {
    const { file, env } = testConfigFile(sim);
    const path = writeConfig('sim-wrong-secret.json', file);
    const r = await cli(['doctor', '--config', path], {
      ...env,
      OS2_EVENT_SECRET: 'a-different-secret-0123456789',
    });
    expect(r.code).toBe(EXIT.failed);
    for (const site of sim.sites.map((s) => s.name)) {
      expect(r.out).toMatch(
        new RegExp(
          `✘ ${site}: governance-spejlet i \\w+ kan ikke verificeres .*signatures do not verify with this secret`,
        ),
      );
    }
    expect(r.out).toMatch(/→ sammenlign OS2_EVENT_SECRET .*compare with the app's admin page/);
    expect(r.out).not.toContain('Alt ser godt ud');
  });
});

describe('npm start and npm run sim: help and usage errors, never a stack trace or a start', () => {
  const tsx = (script: string, args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve({ code, stdout, stderr });
      });
    });

  it('npm run sim -- --help helps instead of starting; --issues abc and unknown options are refused', async () => {
    const help = await tsx('jira-sim/cli.ts', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^npm run sim/);
    expect(help.stdout).not.toContain('simulator running');
    const bad = await tsx('jira-sim/cli.ts', ['--issues', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^npm run sim: --issues er ugyldig: Ugyldigt input: forventede tal/);
    const unknown = await tsx('jira-sim/cli.ts', ['--isues', '5']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/ukendt tilvalg --isues; mente du --issues\?/);
  });

  it('npm start -- --bogus and a missing --config value print the usage and exit 2', async () => {
    for (const args of [['--bogus'], ['--config']]) {
      const r = await tsx('scripts/start.ts', args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^npm start: (ukendt tilvalg --bogus|tilvalget --config mangler en værdi)/);
      expect(r.stderr).toContain('npm start [-- --config <fil>]');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
