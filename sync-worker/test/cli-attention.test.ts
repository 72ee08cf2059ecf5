// `os2-sync status --kræver-opmærksomhed` / `--attention` (issue 15 item 3): the operator sees, in the terminal,
// only the products that need attention, each with the markers the portfolio page shows, read from the service's
// portfolio state in Redis (no Jira call). Run through the CLI's own entry point as the operator runs it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { todayInCopenhagen } from '../../src/domain/attention.js';
import { main } from '../src/cli.js';
import { Keys } from '../src/keys.js';
import { PortfolioState } from '../src/portfolio-state.js';
import { cleanupPrefix, REDIS_URL, startSim, testConfigFile } from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { RollUp } from '../../src/domain/rollup.js';

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('os2-sync status --attention', () => {
  let sim: JiraSim;
  let path: string;
  let prefix: string;
  let env: Record<string, string>;
  let redis: Redis;
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
  const today = todayInCopenhagen();
  const base = (key: string): RollUp => {
    const f = FIXTURE_PRODUCTS.find((p) => p.record.project.key === key)!;
    return rollUp({
      site: f.site,
      record: f.record,
      decisions: [],
      integrity: 'verified',
      openRequests: 0,
      topRequests: [],
    });
  };
  // Reported a month ago, next report in two months, green and within budget: nothing to act on.
  const calm = (r: RollUp): RollUp => ({
    ...r,
    status: {
      date: addDays(today, -30),
      rag: 'green',
      progress: 'ok',
      budgetDkk: 100,
      spentDkk: 10,
      forecastDkk: 90,
    },
    reporting: { cadenceDays: 90, lastReport: addDays(today, -30), dueDate: addDays(today, 60) },
  });
  const put = async (rollUps: RollUp[]) => {
    const state = new PortfolioState(redis, new Keys(prefix));
    await redis.del(new Keys(prefix).portfolioState());
    for (const r of rollUps) await state.put(r, rollUpHash(r));
  };

  beforeAll(async () => {
    sim = await startSim();
    const config = testConfigFile(sim);
    env = config.env;
    prefix = config.file.redis!.prefix!;
    path = join(mkdtempSync(join(tmpdir(), 'os2-attention-')), 'config.json');
    writeFileSync(path, JSON.stringify(config.file));
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await sim?.close();
    await cleanupPrefix(prefix);
  });

  it('lists only the red, overdue and flagged products, with since when; exit 1', async () => {
    const mo = calm(base('MO'));
    const kitos = calm(base('KITOS'));
    const red = { ...kitos, status: { ...kitos.status!, rag: 'red' as const } };
    const cpr = calm(base('CPR'));
    const late = { ...cpr, reporting: { cadenceDays: 90, lastReport: '2020-01-01', dueDate: '2020-03-31' } };
    const rolle = { ...calm(base('ROLLE')), integrity: 'tampered' as const };
    await put([mo, red, late, rolle]);

    const r = await run('status', '--kræver-opmærksomhed');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const from = lines.findIndex((l) => l.startsWith('Kræver opmærksomhed'));
    expect(lines[from]).toBe('Kræver opmærksomhed (3 produkter af 4):');
    const products = lines.slice(from + 1).filter((l) => l.startsWith('  ●'));
    expect(products).toEqual(
      [
        `  ● ${'CPR'.padEnd(10)} ${cpr.name} (${cpr.site}): Statusrapport forsinket siden 2020-03-31, Forældet status (seneste 2020-01-01)`,
        `  ● ${'KITOS'.padEnd(10)} ${kitos.name} (${kitos.site}): Rød status`,
        `  ● ${'ROLLE'.padEnd(10)} ${rolle.name} (${rolle.site}): Spejl ikke verificeret`,
      ].sort((a, b) => a.slice(15).localeCompare(b.slice(15), 'da')),
    );
    expect(r.out).not.toContain(' MO ');
    // The unfiltered status still lists the last sync per product, not the markers.
    const plain = await run('status');
    expect(plain.code).toBe(0);
    expect(plain.out).not.toContain('Kræver opmærksomhed');

    // English, and the same as JSON for scripts.
    const en = await main(['status', '--attention', '--config', path], {
      out: (l) => lines.push(l),
      err: () => {},
      env: { ...env, OS2_SYNC_LANG: 'en' },
    });
    expect(en).toBe(1);
    expect(lines).toContain('Needs attention (3 products of 4):');
    expect(lines.some((l) => l.includes('Status report overdue since 2020-03-31'))).toBe(true);
    const json = JSON.parse((await run('status', '--attention', '--json')).out) as {
      attention: { key: string; markers: string[] }[];
      products: number;
    };
    expect(json.products).toBe(4);
    expect(Object.fromEntries(json.attention.map((a) => [a.key, a.markers]))).toEqual({
      CPR: ['overdue', 'stale'],
      KITOS: ['red'],
      ROLLE: ['flagged'],
    });
  });

  it('says when none needs attention (a report due soon is not a reason); exit 0', async () => {
    const soon = calm(base('MO'));
    await put([{ ...soon, reporting: { ...soon.reporting!, dueDate: addDays(today, 5) } }]);
    const r = await run('status', '--attention');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Ingen af de 1 produkter kræver opmærksomhed.');
  });

  it('the option is explained in the help and refused on other commands', async () => {
    const help = await run('status', '--help');
    expect(help.out).toContain('--kræver-opmærksomhed (eller --attention)');
    const all = await run('--help');
    expect(all.out).toMatch(/--kræver-opmærksomhed +status: kun produkter der kræver opmærksomhed/);
    const wrong = await run('reconcile', '--attention');
    expect([wrong.code, wrong.err]).toEqual([
      2,
      '--kræver-opmærksomhed/--attention hører til os2-sync status (status only)',
    ]);
  });
});
