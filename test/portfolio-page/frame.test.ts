// Issue 14: the product's development frame on the portfolio: beside the status in the table, in the product
// page's status panel, in the CSV (amount and whether it is in force) and in the portfolio issue's description.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import type { PortfolioEntry } from '../../sync-worker/src/portfolio-page/index.js';
import { rollUpDescription } from '../../sync-worker/src/adf.js';
import { fixtureRollUps } from './fixtures.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The fixtures: KITOS has the board-approved 400,000 kr. frame; IOT gets a frame the board has not approved. */
function entries(): PortfolioEntry[] {
  return fixtureRollUps().map((e) =>
    e.project.key === 'IOT' ? { ...e, frame: { amountDkk: 1_250_000, approved: false } } : e,
  );
}

async function serve(): Promise<FastifyInstance> {
  app = Fastify({ logger: false });
  await app.register(portfolioPagePlugin, { listRollUps: async () => entries(), cacheMs: 0 });
  await app.ready();
  return app;
}

const rowOf = (page: string, key: string) => {
  const sourceKey = entries().find((e) => e.project.key === key)!.sourceKey;
  const start = page.indexOf(`data-source-key="${sourceKey}"`);
  return page.slice(start, page.indexOf('</tr>', start));
};
/** Rows of the page's CSV: semicolon-separated, quoted cells may hold semicolons, quotes and line breaks. */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = body.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && src[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('the development frame on the portfolio page', () => {
  it('the table shows each frame with whether it is in force; a product without one shows none', async () => {
    const a = await serve();
    const page = (await a.inject('/portfolio')).body;
    expect(rowOf(page, 'KITOS')).toContain('data-frame="approved"');
    expect(text(rowOf(page, 'KITOS'))).toMatch(/Udviklingsramme: 400\.000\s?kr\. \(godkendt\)/);
    expect(text(rowOf(page, 'IOT'))).toMatch(
      /Udviklingsramme: 1\.250\.000\s?kr\. \(ikke godkendt af bestyrelsen\)/,
    );
    expect(rowOf(page, 'MO')).not.toContain('data-frame');
    const en = (await a.inject('/portfolio?lang=en')).body;
    expect(text(rowOf(en, 'IOT'))).toContain('Development frame');
    expect(text(rowOf(en, 'IOT'))).toContain('(not approved by the board)');
  });

  it("the product page's status panel lists the frame", async () => {
    const a = await serve();
    const kitos = entries().find((e) => e.project.key === 'KITOS')!.sourceKey;
    const detail = text((await a.inject(`/portfolio/${kitos}`)).body);
    expect(detail).toMatch(/Udviklingsramme\s?400\.000\s?kr\. \(godkendt\)/);
    const mo = entries().find((e) => e.project.key === 'MO')!.sourceKey;
    expect(text((await a.inject(`/portfolio/${mo}`)).body)).not.toContain('Udviklingsramme');
  });

  it('the CSV has the amount as a number and whether it is approved; empty without a frame', async () => {
    const a = await serve();
    const lines = parseCsv((await a.inject('/portfolio.csv')).body);
    const header = lines[0]!;
    const amount = header.indexOf('Udviklingsramme (kr.)');
    const approved = header.indexOf('Udviklingsramme godkendt');
    expect(amount).toBeGreaterThan(0);
    const row = (key: string) => lines.find((l) => l[1] === key)!;
    expect(row('KITOS')[amount]).toBe('400000');
    expect(row('KITOS')[approved]).toBe('godkendt');
    expect(row('IOT')[amount]).toBe('1250000');
    expect(row('IOT')[approved]).toBe('ikke godkendt af bestyrelsen');
    expect(row('MO')[amount]).toBe('');
    expect(row('MO')[approved]).toBe('');
  });

  it("the portfolio issue's description in Jira has a frame row only when there is a frame", () => {
    const kitos = entries().find((e) => e.project.key === 'KITOS')!;
    expect(JSON.stringify(rollUpDescription(kitos))).toMatch(/Udviklingsramme.*400\.000\s?kr\. \(godkendt\)/);
    const mo = entries().find((e) => e.project.key === 'MO')!;
    expect(JSON.stringify(rollUpDescription(mo))).not.toContain('Udviklingsramme');
  });
});
