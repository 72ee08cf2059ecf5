/**
 * The pre-deploy checks (scripts/forge-checks.ts, `npm run predeploy`): what @forge/manifest's validation does
 * not catch. A deploy with the repository's placeholder app id or egress host is refused with what to run; CI's
 * `--report-only` reports those without failing, but still fails on real defects (a trigger event Forge does not
 * know, a handler the bundle does not export). The handler check against the real bundle runs in the release
 * suite (test/forge-release/bundle-checks.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkHandlerExports,
  checkManifest,
  knownProductEvents,
  PLACEHOLDER_APP_ID,
  PLACEHOLDER_EGRESS,
} from '../../scripts/forge-checks.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MANIFEST = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');
const REAL_ID = 'ari:cloud:ecosystem::app/0b7f4c1e-2d3a-4e5f-8a9b-1c2d3e4f5a6b';
const deployable = MANIFEST.replace(PLACEHOLDER_APP_ID, REAL_ID).replace(
  `'${PLACEHOLDER_EGRESS}'`,
  "'https://sync.os2.example.dk'",
);

const tmp = mkdtempSync(join(tmpdir(), 'os2-predeploy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A dist/functions with the exports the manifest's functions name (or fewer), without building: one
 * `<module>.cjs` per handler module, whatever manifest module uses the function (resolver, trigger, scheduled
 * trigger, consumer). `lacking` names the exports left out.
 */
function fakeDist(lacking: string[] = []): string {
  const dir = mkdtempSync(join(tmp, 'dist-'));
  const { modules } = parse(MANIFEST) as { modules: { function: { handler: string }[] } };
  const byModule = new Map<string, string[]>();
  for (const { handler } of modules.function) {
    const [module, exported] = handler.split('.') as [string, string];
    byModule.set(module, [...(byModule.get(module) ?? []), exported]);
  }
  for (const [module, exports] of byModule) {
    mkdirSync(dirname(join(dir, module)), { recursive: true });
    writeFileSync(
      join(dir, `${module}.cjs`),
      exports
        .filter((e) => !lacking.includes(e))
        .map((e) => `exports.${e} = async () => ({});`)
        .join('\n'),
    );
  }
  return dir;
}

async function predeploy(manifest: string, dist: string, ...flags: string[]) {
  const file = join(mkdtempSync(join(tmp, 'm-')), 'manifest.yml');
  writeFileSync(file, manifest);
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const run = promisify(execFile)(
    tsx,
    ['scripts/forge-predeploy.ts', '--manifest', file, '--dist', dist, ...flags],
    {
      cwd: ROOT,
    },
  );
  return run.then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
}

describe('pre-deploy checks', () => {
  it('name the placeholder app id and egress host of this repository, and what to do', () => {
    const findings = checkManifest(MANIFEST);
    const appId = findings.find((f) => f.check === 'app-id')!;
    const egress = findings.find((f) => f.check === 'egress')!;
    expect(appId).toMatchObject({ ok: false, placeholder: true });
    expect(appId.message).toContain('forge register');
    expect(egress).toMatchObject({ ok: false, placeholder: true });
    expect(egress.message).toContain(PLACEHOLDER_EGRESS);
  });

  it('pass a manifest with a registered id and a real host', () => {
    expect(checkManifest(deployable).filter((f) => !f.ok)).toEqual([]);
  });

  it("know the trigger's events from @forge/manifest's own mapping, and refuse a misspelt one", () => {
    expect(knownProductEvents().has('avi:jira:updated:issue')).toBe(true);
    const misspelt = deployable.replace('avi:jira:deleted:issue', 'avi:jira:removed:issue');
    const bad = checkManifest(misspelt).filter((f) => !f.ok);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.check).toBe('trigger-event');
    expect(bad[0]!.placeholder).toBeFalsy();
    expect(bad[0]!.message).toContain('avi:jira:removed:issue');
  });

  it('find a handler whose export the bundle lacks', () => {
    const all = checkHandlerExports(MANIFEST, fakeDist());
    expect(all.every((f) => f.ok)).toBe(true);
    // Every declared function is checked: the resolvers', the product trigger's, the scheduled trigger's and
    // the async-events consumer's.
    expect(all.map((f) => f.message.split(':')[0])).toEqual([
      'project-page-resolver',
      'settings-page-resolver',
      'issue-panel-resolver',
      'global-page-resolver',
      'admin-page-resolver',
      'issue-event-trigger',
      'sync-events-consumer',
      'reminders-trigger',
      'import-webtrigger',
      'app-data-webtrigger',
    ]);
    const missing = checkHandlerExports(MANIFEST, fakeDist(['globalPage']));
    expect(missing.filter((f) => !f.ok).map((f) => f.message)).toEqual([
      expect.stringContaining('exports no function globalPage'),
    ]);
    for (const [lacking, key] of [
      ['onSyncEvent', 'sync-events-consumer'],
      ['onSchedule', 'reminders-trigger'],
    ] as const) {
      const bad = checkHandlerExports(MANIFEST, fakeDist([lacking])).filter((f) => !f.ok);
      expect(bad.map((f) => f.message)).toEqual([
        expect.stringMatching(new RegExp(`^${key}: .*exports no function ${lacking}`)),
      ]);
    }
  });

  it('npm run predeploy refuses the placeholders; --report-only reports them and exits 0', async () => {
    const dist = fakeDist();
    const strict = await predeploy(MANIFEST, dist);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('forge register');
    const report = await predeploy(MANIFEST, dist, '--report-only');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('TODO app-id');
    expect((await predeploy(deployable, dist)).code).toBe(0);
  });

  it('--report-only still fails on a real defect (a missing handler export)', async () => {
    const report = await predeploy(MANIFEST, fakeDist(['projectPage']), '--report-only');
    expect(report.code).toBe(1);
    expect(report.stdout).toContain('FAIL handler-export');
  });
});
