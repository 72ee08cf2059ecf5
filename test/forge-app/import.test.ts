// Issue 15 item 1 through the app's real code in the local Forge runtime against the Jira simulator: the
// secretariat's import of the existing portfolio on the global page (dry run, apply, apply again, an apply that
// fails half-way and is run again), and the same import through the signed `os2-import` web trigger.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/index.js';
import { startForgeRuntime, KvsService, type ForgeRuntime } from '../../forge-sim/index.js';
import { SECRET, SECRETARIAT, BOARD } from './helpers.js';
import { signEventBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/events/change-event.js';
import { GOVERNANCE_PROPERTY, readGovernanceMirror } from '../../src/mirror/governance-mirror.js';
import { IMPORT_PURPOSE } from '../../src/import/wire.js';
import type { ImportReport } from '../../src/app/import.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/import');
const CSV = readFileSync(join(FIXTURES, 'portfolio-40.csv'), 'utf8');
const JSON_FILE = readFileSync(join(FIXTURES, 'portfolio-40.json'), 'utf8');

/** The keys of the 40 rows' projects; HAVNX is the row naming a project the site does not have. */
const KEYS = [...new Set([...CSV.matchAll(/^([A-Z][A-Z0-9_]+);/gm)].map((m) => m[1]!))].filter(
  (k) => k !== 'HAVNX',
);

/** The broken rows of the fixture: spreadsheet row, key, column, problem. Every other row is good. */
const BROKEN_CSV = [
  { row: 7, key: 'BORG', column: 'Kommuner (G)', code: 'UNKNOWN_MUNICIPALITY', value: '999' },
  { row: 12, key: 'VALG', column: 'Beslutninger (O)', code: 'BAD_DATE', value: '31-02-2020' },
  { row: 19, key: 'RPA', column: 'Niveau (C)', code: 'BAD_LEVEL', value: 'N4' },
  { row: 22, key: 'HUB', column: 'Budget (kr.) (M)', code: 'BAD_AMOUNT', value: '1,250,000' },
  { row: 24, key: 'SAG', column: 'Styregruppe (H)', code: 'N3_NEEDS_BOARD_MEMBER' },
  { row: 35, key: 'HAVNX', column: 'Projektnøgle (A)', code: 'MISSING_PROJECT', value: 'HAVNX' },
  { row: 39, key: 'KORT', column: 'Projektnøgle (A)', code: 'DUPLICATE_KEY', value: 'KORT (26)' },
];
const BROKEN_JSON = [
  {
    row: 6,
    key: 'BORG',
    column: 'products[5].municipalities[5]',
    code: 'UNKNOWN_MUNICIPALITY',
    value: '999',
  },
  {
    row: 11,
    key: 'VALG',
    column: 'products[10].decisions[0].decidedAt',
    code: 'BAD_DATE',
    value: '31-02-2020',
  },
  { row: 18, key: 'RPA', column: 'products[17].level', code: 'BAD_LEVEL', value: 'N4' },
  { row: 21, key: 'HUB', column: 'products[20].budget.amountDkk', code: 'BAD_AMOUNT', value: '1,250,000' },
  { row: 23, key: 'SAG', column: 'products[22].steeringGroup', code: 'N3_NEEDS_BOARD_MEMBER' },
  { row: 34, key: 'HAVNX', column: 'products[33].key', code: 'MISSING_PROJECT', value: 'HAVNX' },
  { row: 38, key: 'KORT', column: 'products[37].key', code: 'DUPLICATE_KEY', value: 'KORT (25)' },
];

let sim: JiraSim;
let forge: ForgeRuntime;

async function start(kvs?: KvsService) {
  sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    secret: SECRET,
    seed: { featureRequestsPerProduct: 0 },
  });
  const site = sim.site('os2');
  KEYS.forEach((key, i) =>
    site.state.addProject({ id: String(12001 + i), key, name: key, leadAccountId: site.admin.accountId }),
  );
  forge = await startForgeRuntime({ jiraSim: sim, siteName: 'os2', secret: SECRET, ...(kvs ? { kvs } : {}) });
}
beforeEach(async () => start());
afterEach(async () => {
  await forge.close();
  await sim.close();
});

const call = (fn: 'importPreview' | 'importApply', text: string, accountId = SECRETARIAT, locale?: string) =>
  forge.invoke<ImportReport>('global-page', fn, { text, ...(locale ? { locale } : {}) }, { accountId });

const problems = (r: ImportReport) =>
  r.rows.flatMap((row) =>
    row.problems.map((p) => ({
      row: p.row,
      key: row.key,
      column: p.column,
      code: p.code,
      ...(p.value !== undefined ? { value: p.value } : {}),
    })),
  );
const governedKeys = () =>
  KEYS.filter(
    (k) =>
      forge.kvs.dump(`gov:${sim.site('os2').state.resolveProject(k)!.id}`)[
        `gov:${sim.site('os2').state.resolveProject(k)!.id}`
      ],
  );

describe('the import on the global page (secretariat)', () => {
  it('dry run: exactly the 7 broken rows, each with its row and column; the 33 others would be created', async () => {
    const preview = await call('importPreview', CSV);
    expect(preview.ok).toBe(true);
    const r = preview.data!;
    expect(r.fileProblems).toEqual([]);
    expect(problems(r)).toEqual(BROKEN_CSV);
    expect(r.counts).toEqual({ create: 33, unchanged: 0, conflict: 0, invalid: 7 });
    expect(r.rows.find((x) => x.key === 'FORMS')).toMatchObject({
      row: 2,
      action: 'create',
      level: 'N3',
      state: 'product',
      summary: {
        municipalities: 3,
        decisions: 3,
        steeringGroup: 3,
        coordinationGroup: 4,
        budgetDkk: 250_000,
        awaitsBoard: true,
      },
    });
    // Danish by default, English for an English user; the text says where and what.
    expect(r.rows.find((x) => x.key === 'BORG')!.problems[0]!.text).toBe(
      'række 7, kolonne Kommuner (G): Ukendt kommunekode "999"',
    );
    const en = (await call('importPreview', CSV, SECRETARIAT, 'en_GB')).data!;
    expect(en.rows.find((x) => x.key === 'HUB')!.problems[0]!.text).toBe(
      'row 22, column Budget (kr.) (M): Invalid amount "1,250,000" (whole kroner in Danish format, e.g. 1.250.000)',
    );
    // Nothing is saved by a dry run.
    expect(governedKeys()).toEqual([]);
  });

  it('the JSON twin reports the same broken products, by number and JSON path', async () => {
    const r = (await call('importPreview', JSON_FILE)).data!;
    expect(r.format).toBe('json');
    expect(problems(r)).toEqual(BROKEN_JSON);
    expect(r.counts).toEqual({ create: 33, unchanged: 0, conflict: 0, invalid: 7 });
  });

  it('only the secretariat imports', async () => {
    const refused = await call('importPreview', CSV, BOARD);
    expect(refused).toMatchObject({ ok: false, error: { code: 'ONLY_SECRETARIAT_IMPORTS' } });
    expect(refused.error!.message).toBe('Kun sekretariatet kan importere porteføljen');
  });

  it('apply creates the 33 good products with imported history and mirrors; a second apply changes nothing', async () => {
    const first = (await call('importApply', CSV)).data!;
    expect(first.applied).toEqual({ created: 33, unchanged: 0, failed: 0, remaining: 0, done: true });
    expect(first.rows.filter((x) => x.outcome === 'created')).toHaveLength(33);
    expect(first.rows.filter((x) => x.outcome === 'created').every((x) => x.mirrored)).toBe(true);
    const governed = governedKeys();
    expect(governed).toHaveLength(33);
    for (const bad of ['BORG', 'VALG', 'RPA', 'HUB', 'SAG']) expect(governed).not.toContain(bad);

    // FORMS: an N3 product, admitted as it stands, waiting for the board; history dated and marked imported.
    const site = sim.site('os2');
    const mirror = readGovernanceMirror(
      site.state.resolveProject('FORMS')!.properties.get(GOVERNANCE_PROPERTY),
      SECRET,
    );
    if (mirror.integrity !== 'verified') throw new Error(mirror.reason);
    const record = mirror.payload.record;
    expect(record).toMatchObject({ level: 'N3', state: 'product', revision: 1 });
    expect(record.admission).toMatchObject({
      origin: 'external',
      developedBy: 'Aarhus Kommune',
      boardConfirmation: 'pending',
    });
    expect(record.budget).toMatchObject({ amountDkk: 250_000, funding: 'local' });
    expect(record.steeringGroup!.members.map((m) => [m.person.accountId, m.boardMember])).toEqual([
      ['k330-morten', false],
      ['k630-maria', false],
      ['os2-bst-lars', true],
    ]);
    const decisions = mirror.payload.decisions;
    expect(decisions.map((d) => [d.kind, d.decidedAt.slice(0, 10), Boolean(d.imported)])).toEqual([
      ['place_on_level', '2015-03-10', true],
      ['approve', '2015-06-01', true],
      ['become_product', '2017-09-01', true],
      ['admit', expect.any(String), false],
    ]);

    const storedBefore = forge.kvs.dump();
    const second = (await call('importApply', CSV)).data!;
    expect(second.counts).toEqual({ create: 0, unchanged: 33, conflict: 0, invalid: 7 });
    expect(second.applied).toEqual({ created: 0, unchanged: 33, failed: 0, remaining: 0, done: true });
    expect(forge.kvs.dump()).toEqual(storedBefore);
    // The JSON twin states the same products: nothing to create, nothing overwritten (its rows differ only in form).
    const json = (await call('importPreview', JSON_FILE)).data!;
    expect(json.counts).toEqual({ create: 0, unchanged: 33, conflict: 0, invalid: 7 });
  });

  it('a project already governed with other data is a conflict, reported and never overwritten', async () => {
    const one = CSV.split('\r\n').slice(0, 3).join('\r\n'); // header, FORMS, FAKT
    expect((await call('importApply', one)).data!.applied!.created).toBe(2);
    const changed = one.replace('OS2faktura', 'OS2faktura (ny)');
    const r = (await call('importApply', changed)).data!;
    expect(r.rows.map((x) => [x.key, x.action, x.outcome])).toEqual([
      ['FORMS', 'unchanged', 'unchanged'],
      ['FAKT', 'conflict', 'conflict'],
    ]);
    expect(r.rows[1]!.problems[0]!.text).toBe(
      'række 3, kolonne Projektnøgle (A): Projektet FAKT styres allerede med andre oplysninger; importen overskriver det ikke',
    );
    const id = sim.site('os2').state.resolveProject('FAKT')!.id;
    expect((forge.kvs.dump(`gov:${id}`)[`gov:${id}`] as { name: string }).name).toBe('OS2faktura');
  });
});

describe('an apply that fails half-way', () => {
  /** Forge storage that refuses the commit of the 20th product once (a storage outage mid-apply). */
  class FailingOnce extends KvsService {
    commits = 0;
    failed = false;
    override handle(path: string, body: unknown) {
      const key = (body as { key?: unknown } | undefined)?.key;
      if (path === '/api/v1/set' && typeof key === 'string' && /^gov:\d+:rev:0000000001$/.test(key)) {
        this.commits += 1;
        if (this.commits === 20 && !this.failed) {
          this.failed = true;
          this.failNext(1);
        }
      }
      return super.handle(path, body);
    }
  }

  it('leaves the done rows done; running it again finishes with no duplicates', async () => {
    await forge.close();
    await sim.close();
    const kvs = new FailingOnce();
    await start(kvs);
    const first = (await call('importApply', CSV)).data!;
    expect(first.applied).toEqual({ created: 19, unchanged: 0, failed: 1, remaining: 13, done: false });
    const failedRow = first.rows.find((x) => x.outcome === 'failed')!;
    expect(first.rows.filter((x) => x.outcome === 'pending')).toHaveLength(13);
    expect(governedKeys()).toHaveLength(19);

    const again = (await call('importApply', CSV)).data!;
    expect(again.applied).toEqual({ created: 14, unchanged: 19, failed: 0, remaining: 0, done: true });
    expect(again.rows.find((x) => x.row === failedRow.row)!.outcome).toBe('created');
    expect(governedKeys()).toHaveLength(33);
    // One revision and one admission per product: nothing was admitted twice.
    const imported = (k: string) => /^(gov|dec):120\d\d:/.test(k);
    const revisions = Object.keys(kvs.dump('gov:')).filter((k) => imported(k) && k.includes(':rev:'));
    expect(revisions).toHaveLength(33);
    expect(revisions.every((k) => k.endsWith(':rev:0000000001'))).toBe(true);
    const admissions = Object.entries(kvs.dump('dec:')).filter(
      ([k, d]) => imported(k) && (d as { kind: string }).kind === 'admit',
    );
    expect(admissions).toHaveLength(33);
  });
});

describe('the os2-import web trigger (the CLI door)', () => {
  const signed = (body: string, secret = SECRET) => {
    const ts = Math.floor(Date.now() / 1000);
    return {
      method: 'POST',
      headers: {
        'Content-Type': ['application/json'],
        [TIMESTAMP_HEADER]: [String(ts)],
        [SIGNATURE_HEADER]: [signEventBody(body, ts, secret)],
      },
      body,
    };
  };

  it('runs the same import for a request signed with the shared secret', async () => {
    const body = JSON.stringify({ purpose: IMPORT_PURPOSE, mode: 'dry-run', text: CSV });
    const res = await forge.webTrigger('os2-import', signed(body));
    expect(res.statusCode).toBe(200);
    expect(res.headers['Content-Type']).toEqual(['application/json; charset=utf-8']);
    const report = JSON.parse(res.body) as ImportReport;
    expect(problems(report)).toEqual(BROKEN_CSV);
  });

  it('refuses an unsigned, wrongly signed or mis-purposed request, and anything but POST', async () => {
    const body = JSON.stringify({ purpose: IMPORT_PURPOSE, mode: 'apply', text: CSV });
    const unsigned = await forge.webTrigger('os2-import', { method: 'POST', headers: {}, body });
    expect(unsigned.statusCode).toBe(401);
    expect(JSON.parse(unsigned.body)).toMatchObject({ error: 'BAD_SIGNATURE', reason: 'missing' });
    const wrong = await forge.webTrigger('os2-import', signed(body, 'another-secret-0123456789'));
    expect(JSON.parse(wrong.body)).toMatchObject({ error: 'BAD_SIGNATURE', reason: 'mismatch' });
    // A change event's body, validly signed, is not an import request.
    const event = JSON.stringify({ kind: 'governance', siteUrl: forge.siteUrl, projectId: '12001' });
    const asImport = await forge.webTrigger('os2-import', signed(event));
    expect(asImport.statusCode).toBe(400);
    expect((await forge.webTrigger('os2-import', { method: 'GET', headers: {}, body: '' })).statusCode).toBe(
      405,
    );
    expect(governedKeys()).toEqual([]);
  });
});
