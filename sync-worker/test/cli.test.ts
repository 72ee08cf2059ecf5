import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { cleanupPrefix, portfolioIssues, startSim, testConfigFile } from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncConfigFile } from '../src/config.js';

describe('the os2-sync CLI against the simulator', () => {
  let sim: JiraSim;
  let file: SyncConfigFile;
  let env: Record<string, string>;
  let path: string;
  let prefix: string;
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await main([...args, '--config', path], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      env,
    });
    return { code, text: lines.join('\n') };
  };

  beforeAll(async () => {
    sim = await startSim();
    ({ file, env } = testConfigFile(sim, { logLevel: 'info' }));
    prefix = file.redis!.prefix!;
    path = join(mkdtempSync(join(tmpdir(), 'os2-cli-')), 'config.json');
    writeFileSync(path, JSON.stringify(file));
  });
  afterAll(async () => {
    await sim?.close();
    await cleanupPrefix(prefix);
  });

  it('sync <site> <project> syncs one product now and prints the roll-up; again: unchanged', async () => {
    const first = await run('sync', 'os2', 'KITOS', '--json');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.text) as {
      outcome: string;
      issueKey: string;
      calls: { source: number };
      rollUp: { sourceKey: string };
    };
    expect(out).toMatchObject({ outcome: 'created', rollUp: { sourceKey: 'os2/10002' } });
    expect(out.calls.source).toBe(3);
    expect(portfolioIssues(sim).filter((i) => i.rollup?.sourceKey === 'os2/10002')).toHaveLength(1);
    const again = await run('sync', 'os2', '10002');
    expect(again.code).toBe(0);
    expect(again.text).toMatch(/"sourceKey": "os2\/10002"[\s\S]*uændret: PORT-\d+ \(3 kald til os2/);
    expect((await run('sync', 'os2', 'PORT')).code).toBe(2);
  });

  it('reconcile (warning that no worker runs) and status, which also shows the syncs run from the CLI', async () => {
    const r = await run('reconcile', 'supplier');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/fuld synkronisering af supplier sat i kø/);
    expect(r.text).toMatch(/ADVARSEL: ingen worker kører .*jobbet venter, til `os2-sync run` startes/);
    expect((await run('reconcile', 'suplier')).text).toMatch(/ikke et kilde-site .*mente du "supplier"/);
    const s = await run('status');
    expect(s.code).toBe(0);
    expect(s.text).toMatch(/sync-supplier\s+venter 1/);
    expect(s.text).toMatch(/os2\/10002\s+\S+\s+(created|updated|unchanged)\s+PORT-\d+/);
    const json = JSON.parse((await run('status', '--json')).text) as {
      queues: Record<string, { waiting: number }>;
    };
    expect(json.queues['sync-supplier']?.waiting).toBe(1);
  });

  it('doctor checks config, Redis, credentials, permissions, the portfolio statuses and indexed properties', async () => {
    const ok = await run('doctor');
    expect(ok.text).toMatch(/✔ Redis svarer/);
    expect(ok.text).toMatch(/✔ os2: logger ind som/);
    expect(ok.text).toMatch(/✔ PORT\/Produkt har statusserne/);
    expect(ok.text).toMatch(/✔ JQL på issue.property\[os2-rollup\].sourceKey virker/);
    expect(ok.text).not.toContain(env.TOKEN_OS2!);
    expect(ok.code).toBe(0);

    const badEnv = { ...env, TOKEN_SUPPLIER: 'wrong-token' };
    const lines: string[] = [];
    const code = await main(['doctor', '--config', path], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      env: badEnv,
    });
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(
      /✘ supplier: API-tokenet er ugyldigt eller tilbagekaldt[\s\S]*the API token for supplier is invalid or revoked[\s\S]*→ lav et nyt API-token til .* og sæt det i TOKEN_SUPPLIER/,
    );
  });

  it('run starts the service and shuts down gracefully on SIGTERM', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['sync-worker/bin/os2-sync.js', 'run', '--config', path], {
      env: { ...process.env, ...env, OS2_SYNC_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    const address = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        const m = /"address":"(http:\/\/[^"]+)"/.exec(stdout);
        if (m) {
          clearInterval(t);
          resolve(m[1]!);
        }
      }, 50);
      child.on('exit', () => reject(new Error(`exited early: ${stdout}`)));
    });
    expect((await fetch(`${address}/healthz`)).status).toBe(200);
    expect((await fetch(`${address}/portfolio`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exit;
    if (code !== 0) console.log(stdout);
    expect(code).toBe(0);
    expect(stdout).toMatch(/"msg":"Lukket"/);
    for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
      expect(line).not.toContain(env.TOKEN_OS2!);
      expect(line).not.toContain(env.OS2_EVENT_SECRET!);
    }
  });
});
