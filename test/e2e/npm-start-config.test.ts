/**
 * `npm start -- --config <file>`: the same service against "real" sites (here the simulator, started by the
 * test and reached only through the configuration, as real Jira would be): no simulator of its own, no
 * scenario; the first reconcile, the table, the page address, Ctrl-C. And a broken configuration is refused
 * with every problem in one message.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim } from '../../jira-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

const PREFIX = `{os2-e2e-cfg-${randomBytes(4).toString('hex')}}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function run(
  args: string[],
  env: Record<string, string>,
): {
  out: () => string;
  stdout: () => string;
  exit: Promise<number | null>;
  kill: (s: NodeJS.Signals) => void;
  pid: number;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    text += d;
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (text += d));
  return {
    out: () => text,
    stdout: () => stdout,
    exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    kill: (s) => child.kill(s),
    pid: child.pid!,
  };
}

async function waitFor(get: () => string, re: RegExp, ms: number): Promise<RegExpMatchArray> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const m = get().match(re);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Ventede forgæves på ${re}. Output:\n${get()}`);
}

describe('npm start -- --config', () => {
  let sim: JiraSim;
  let dir: string;

  beforeAll(async () => {
    sim = await startJiraSim({ seed: { featureRequestsPerProduct: 50 } });
    dir = mkdtempSync(join(tmpdir(), 'os2-config-'));
  });

  afterAll(async () => {
    await sim?.close();
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    } catch {
      // no Redis: nothing to clean
    } finally {
      redis.disconnect();
    }
  });

  it('runs the service and the page against the configured sites, without simulator or scenario', async () => {
    const file = join(dir, 'sync.json');
    writeFileSync(
      file,
      JSON.stringify({
        sites: sim.sites.map((s) => ({
          name: s.name,
          baseUrl: s.baseUrl,
          email: s.email,
          apiTokenEnv: `TOKEN_${s.name.toUpperCase()}`,
        })),
        portfolio: { site: 'os2', projectKey: 'PORT' },
        http: { host: '127.0.0.1', port: 0 },
        logLevel: 'info',
      }),
    );
    const env: Record<string, string> = {
      OS2_EVENT_SECRET: 'os2-dev-secret',
      REDIS_URL,
      OS2_SYNC_PREFIX: PREFIX,
    };
    for (const s of sim.sites) env[`TOKEN_${s.name.toUpperCase()}`] = s.apiToken;
    const p = run(['--config', file], env);
    const m = await waitFor(
      p.out,
      /Porteføljesiden \(portfolio page\): (http:\/\/127\.0\.0\.1:\d+\/portfolio)/,
      60_000,
    );
    expect(p.out()).toMatch(/100% 8\/8/);
    expect(p.out()).toMatch(/Porteføljen \(8 produkter/);
    expect(p.out()).not.toContain('Jira-simulator:');
    expect(p.out()).not.toContain('Scenarie');
    const page = await (await fetch(m[1]!)).text();
    expect(page.match(/<tr\s[^>]*?data-source-key=/g)).toHaveLength(8);
    // Keys link to the configured Jira site.
    expect(page).toContain(`href="${sim.site('os2').baseUrl}/browse/MO"`);
    p.kill('SIGINT');
    expect(await p.exit).toBe(0);
    expect(p.out()).toContain('Stoppet.');
    // The JSON log lines go to stderr: stdout is the table and the messages, for people.
    expect(p.out()).toMatch(/"msg":"Sync-tjenesten kører"/);
    expect(p.stdout()).not.toMatch(/^\{/m);
  }, 90_000);

  it('refuses a broken configuration with every problem in one message', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ sites: [{ name: 'OS2', baseUrl: 'ftp://x' }], portfolio: {} }));
    const p = run(['--config', file], { OS2_EVENT_SECRET: '' });
    expect(await p.exit).toBe(2); // the same code as os2-sync for a bad configuration
    expect(p.out()).toMatch(/Konfigurationen af sync-tjenesten er ugyldig \(\d+ problemer\)/);
    expect(p.out()).toContain('OS2_EVENT_SECRET');
    expect(p.out()).not.toMatch(/\n\s+at /); // no stack trace
  }, 30_000);
});
