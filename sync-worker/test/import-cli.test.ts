// `os2-sync import` end to end against the simulators (issue 15 item 1): the CLI sends the file to the app's
// os2-import web trigger in the local Forge runtime (over HTTP, signed with the site's secret), and prints the
// app's per-row report; dry run, apply, apply again.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { SECRET, startSim, testConfigFile } from './helpers.js';
import { startForgeRuntime, type ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

const CSV_PATH = join(import.meta.dirname, '../../test/fixtures/import/portfolio-40.csv');

describe('os2-sync import <fil> against the app on the simulated site', () => {
  let sim: JiraSim;
  let forge: ForgeRuntime;
  let path: string;
  let env: Record<string, string>;
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...args, '--config', path], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    sim = await startSim([{ name: 'os2' }, { name: 'supplier' }], { featureRequestsPerProduct: 0 });
    const site = sim.site('os2');
    const keys = new Set(
      [...(await import('node:fs')).readFileSync(CSV_PATH, 'utf8').matchAll(/^([A-Z][A-Z0-9_]+);/gm)].map(
        (m) => m[1]!,
      ),
    );
    keys.delete('HAVNX');
    [...keys].forEach((key, i) =>
      site.state.addProject({ id: String(13001 + i), key, name: key, leadAccountId: site.admin.accountId }),
    );
    forge = await startForgeRuntime({ jiraSim: sim, siteName: 'os2', secret: SECRET });
    const url = await forge.webTriggerUrl('os2-import');
    const config = testConfigFile(sim);
    env = config.env;
    const file = {
      ...config.file,
      sites: config.file.sites.map((s) => (s.name === 'os2' ? { ...s, importUrl: url } : s)),
    };
    path = join(mkdtempSync(join(tmpdir(), 'os2-import-')), 'config.json');
    writeFileSync(path, JSON.stringify(file));
  });
  afterAll(async () => {
    await forge?.close();
    await sim?.close();
  });

  it('dry run (the default): every row, the broken ones with row and column; exit 1; nothing saved', async () => {
    const r = await run('import', CSV_PATH);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Importér eksisterende portefølje: os2 (CSV, dry-run)');
    expect(lines).toContain('   7  BORG       OS2borgerdialog          Fejl: importeres ikke');
    expect(lines).toContain('        række 7, kolonne Kommuner (G): Ukendt kommunekode "999"');
    expect(lines).toContain(
      '        række 35, kolonne Projektnøgle (A): Der er intet Jira-projekt med nøglen HAVNX på sitet',
    );
    expect(lines).toContain('   2  FORMS      OS2forms                 Oprettes');
    expect(lines.filter((l) => / {8}række \d+, kolonne /.test(l))).toHaveLength(7);
    expect(lines.at(-1)).toBe('33 oprettes, 0 uændrede, 0 i konflikt, 7 med fejl');
    expect(Object.keys(forge.kvs.dump('gov:130'))).toEqual([]);
  });

  it('--apply creates the good rows; again: all unchanged; --json gives the report as one line', async () => {
    const first = await run('import', CSV_PATH, '--apply', '--site', 'os2');
    expect(first.out).toMatch(/33 oprettet, 0 uændrede, 0 fejlede, 0 mangler\nImporten er færdig\.$/);
    expect(first.code).toBe(1); // the 7 broken rows are not in
    expect(Object.keys(forge.kvs.dump('gov:130')).filter((k) => !k.includes(':rev:'))).toHaveLength(33);
    const again = await run('import', CSV_PATH, '--apply', '--json');
    expect(again.err, 'the second apply answered').toBe('');
    const report = JSON.parse(again.out) as {
      counts: Record<string, number>;
      applied: Record<string, unknown>;
    };
    expect(report.counts).toEqual({ create: 0, unchanged: 33, conflict: 0, invalid: 7 });
    expect(report.applied).toMatchObject({ created: 0, unchanged: 33, done: true });
  });

  it('says what is wrong: unknown site, both modes, a file it cannot read, a secret the app does not share', async () => {
    expect((await run('import', CSV_PATH, '--site', 'os3')).err).toMatch(
      /"os3" er ikke et konfigureret site; mente du "os2"\?/,
    );
    const both = await run('import', CSV_PATH, '--apply', '--dry-run');
    expect([both.code, both.err]).toEqual([2, 'vælg enten --dry-run eller --apply (not both)']);
    const missing = await run('import', '/nonexistent/portefolje.csv');
    expect([missing.code, missing.err]).toEqual([2, 'kan ikke læse /nonexistent/portefolje.csv: ENOENT']);
    expect((await run('sync', 'os2', 'MO', '--apply')).code).toBe(2);
    const wrongSecret = { ...env, OS2_EVENT_SECRET: 'not-the-apps-secret-0123' };
    const err: string[] = [];
    const code = await main(['import', CSV_PATH, '--config', path], {
      out: () => {},
      err: (l) => err.push(l),
      env: wrongSecret,
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(
      /^appen afviste importen \(401\): Signaturen kan ikke bekræftes \(mismatch\).*administrationsside\?$/,
    );
  });
});
