// Status follow-up on the portfolio (issue 15, item 3): markers per product on the page, in the CSV, and the
// "needs attention" filter, from the roll-ups the sync service writes.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import type { PortfolioEntry } from '../../sync-worker/src/portfolio-page/index.js';
import { attentionMarkers, needsAttention } from '../../src/domain/attention.js';
import { fixtureRollUps } from './fixtures.js';
import { formatter } from '../../sync-worker/src/portfolio-page/format.js';
import { formatPortfolioTable, formatRollUpLine } from '../../scripts/start/portfolio-table.js';
import { displayWidth } from '../../scripts/start/text-width.js';

/** A day on which no fixture's status report is due yet (their reports are dated 2016 to 2019). */
const BEFORE_DUE = '2017-01-15';
/** A day on which most running fixtures are late with their reports, and MO's falls due in ten days. */
const LATE = '2020-01-20';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The fixtures plus one product whose forecast exceeds its budget and one that breaks a rule. */
function entries(): PortfolioEntry[] {
  const all = fixtureRollUps();
  const mo = all.find((e) => e.project.key === 'MO')!;
  const cpr = all.find((e) => e.project.key === 'CPR')!;
  return all.map((e) =>
    e === mo
      ? { ...e, status: { ...e.status!, forecastDkk: e.status!.budgetDkk + 1 } }
      : e === cpr
        ? { ...e, ruleViolations: ['N3_BOARD_MAJORITY' as never] }
        : e,
  );
}

async function serve(today = BEFORE_DUE): Promise<FastifyInstance> {
  app = Fastify({ logger: false });
  await app.register(portfolioPagePlugin, {
    listRollUps: async () => entries(),
    cacheMs: 0,
    today: () => today,
  });
  await app.ready();
  return app;
}

const rowKeys = (page: string) =>
  [...page.matchAll(/<tr\s[^>]*?data-source-key="([^"]+)"/g)].map((m) => m[1]);

describe('follow-up markers and the needs-attention filter', () => {
  it('marks red, overrun, flagged and rule-breaking products, and filters to exactly those', async () => {
    const a = await serve();
    const page = (await a.inject('/portfolio')).body;
    expect(page).toContain('data-markers="red"');
    expect(page).toContain('data-markers="overrun"');
    expect(page).toContain('data-markers="flagged"');
    expect(page).toContain('data-markers="violations"');
    expect(page).toContain('Prognose over budget');
    expect(page).toContain('Kræver opmærksomhed');

    const filtered = (await a.inject('/portfolio?attention=1')).body;
    const expected = entries().filter((e) => needsAttention(e, BEFORE_DUE));
    expect(rowKeys(filtered).sort()).toEqual(expected.map((e) => e.sourceKey).sort());
    expect(expected.map((e) => e.project.key).sort()).toEqual(['BORGER', 'CPR', 'MO', 'ROLLE']);
    expect(filtered).toMatch(/id="f-attention"[^>]*checked/);

    const en = (await a.inject('/portfolio?attention=1&lang=en')).body;
    expect(en).toContain('Needs attention');
    expect(en).toContain('Forecast over budget');
  });

  it('puts the markers in the CSV, and the filter applies to it', async () => {
    const a = await serve();
    const csv = (await a.inject('/portfolio.csv?attention=1')).body;
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]!.endsWith(';Næste statusrapport senest;Markører')).toBe(true);
    expect(lines).toHaveLength(1 + 4);
    expect(lines.find((l) => l.startsWith(entries().find((e) => e.project.key === 'MO')!.name))).toMatch(
      /;2020-01-30;Prognose over budget$/,
    );
  });

  it('property: a product needs attention exactly when it is red, over budget, flagged or breaks a rule', () => {
    const base = fixtureRollUps()[0]!;
    fc.assert(
      fc.property(
        fc.constantFrom('green', 'amber', 'red'),
        fc.nat(1000),
        fc.nat(1000),
        fc.constantFrom('verified', 'tampered', 'unsigned', 'missing'),
        fc.boolean(),
        (rag, budget, forecast, integrity, breaks) => {
          const e = {
            ...base,
            status: { ...base.status!, rag: rag as 'red', budgetDkk: budget, forecastDkk: forecast },
            integrity: integrity as 'verified',
            ...(breaks ? { ruleViolations: ['N3_BOARD_MAJORITY' as never] } : {}),
          };
          const expected =
            rag === 'red' ||
            forecast > budget ||
            integrity === 'tampered' ||
            integrity === 'unsigned' ||
            breaks;
          expect(needsAttention(e, BEFORE_DUE)).toBe(expected);
          expect(attentionMarkers(e, BEFORE_DUE).length > 0).toBe(expected);
        },
      ),
    );
  });

  it('marks late status reports with since when, stale statuses, and reports falling due; the filter takes the late ones', async () => {
    const a = await serve(LATE);
    const page = (await a.inject('/portfolio')).body;
    const da = formatter('da');
    // The table row of the product with this project key (each row starts with `<tr ` and names its source).
    const row = (html: string, key: string) => {
      const sourceKey = entries().find((e) => e.project.key === key)!.sourceKey;
      const found = html
        .split(/<tr\s/)
        .slice(1)
        .find((r) => r.includes(`data-source-key="${sourceKey}"`));
      expect(found, key).toBeDefined();
      return found!.split('</tr>')[0]!;
    };
    // KITOS (N2, quarterly) last reported 2018-06-30: due 2018-09-29, so late since then and its amber is stale.
    const kitos = row(page, 'KITOS');
    expect(kitos).toContain('data-markers="overdue stale"');
    expect(kitos).toContain(`Statusrapport forsinket siden ${da.date('2018-09-29')}`);
    expect(kitos).toContain(`Forældet status (seneste ${da.date('2018-06-30')})`);
    // OS2mo (N3, monthly) reported 2019-12-31: due 2020-01-30, ten days after LATE: due soon, not late.
    expect(row(page, 'MO')).toContain('data-markers="overrun due"');
    expect(row(page, 'MO')).toContain(`Statusrapport forfalder ${da.date('2020-01-30')}`);
    // An idea has no reporting duty, so no marker.
    expect(row(page, 'DATA')).not.toContain('data-markers');

    const filtered = (await a.inject('/portfolio?attention=1')).body;
    expect(
      entries()
        .filter((e) => rowKeys(filtered).includes(e.sourceKey))
        .map((e) => e.project.key)
        .sort(),
    ).toEqual(['BORGER', 'CPR', 'KITOS', 'MO', 'ROLLE', 'SOFD']);

    // The product page says the same.
    const kitosKey = entries().find((e) => e.project.key === 'KITOS')!.sourceKey;
    const detail = (await a.inject(`/portfolio/${kitosKey}?lang=en`)).body;
    expect(detail).toContain(`Status report overdue since ${formatter('en').date('2018-09-29')}`);
    expect(detail).toContain('Stale status');
  });

  it('a running project that has never reported is late, with no "since"', async () => {
    const rolle = entries().find((e) => e.project.key === 'ROLLE')!;
    const never = { ...rolle, status: undefined, reporting: { cadenceDays: 91 } };
    expect(attentionMarkers(never, BEFORE_DUE)).toEqual(['overdue']);
    app = Fastify({ logger: false });
    await app.register(portfolioPagePlugin, {
      listRollUps: async () => [never],
      cacheMs: 0,
      today: () => BEFORE_DUE,
    });
    const page = (await app.inject('/portfolio?attention=1')).body;
    expect(rowKeys(page)).toEqual([rolle.sourceKey]);
    expect(page).toContain('Statusrapport forsinket (ingen rapport endnu)');
  });

  it('the CSV has the due date and the markers with their dates', async () => {
    const a = await serve(LATE);
    const lines = (await a.inject('/portfolio.csv?attention=1')).body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 6);
    const kitos = entries().find((e) => e.project.key === 'KITOS')!;
    expect(lines.find((l) => l.startsWith(kitos.name))).toMatch(
      /;2018-09-29;"Statusrapport forsinket siden 2018-09-29, Forældet status \(seneste 2018-06-30\)"$/,
    );
    const en = (await a.inject('/portfolio.csv?attention=1&lang=en')).body;
    expect(en).toContain(';Next status report due;Markers');
    expect(en).toContain('Status report overdue since 2018-09-29');
  });

  it('the terminal table marks late products and says since when under the table, within 80 columns', () => {
    const rollUps = entries();
    const lines = formatPortfolioTable(rollUps, 80, LATE).split('\n');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(lines.find((l) => l.startsWith('● FORSINKET'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('● SOFD: '))).toMatch(
      /^● SOFD: Statusrapport forsinket siden 2019-06-30 · OS2sofd/,
    );
    expect(lines.filter((l) => /^● [A-Z]+: Statusrapport forsinket/.test(l))).toHaveLength(4);
    // Before anything was due there is neither marker nor line.
    expect(formatPortfolioTable(rollUps, 80, BEFORE_DUE)).not.toContain('FORSINKET');
    expect(
      formatRollUpLine(
        rollUps.find((e) => e.project.key === 'SOFD')!,
        LATE,
      ),
    ).toMatch(/^● FORSINKET OS2sofd/);
  });

  it('property: late is past the due date or never reported; due soon alone never needs attention', () => {
    const base = { ...fixtureRollUps()[0]!, status: undefined, ruleViolations: undefined };
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 400 })),
        fc.integer({ min: 0, max: 800 }),
        (last, now) => {
          const cadenceDays = 30;
          const reporting =
            last === null
              ? { cadenceDays }
              : { cadenceDays, lastReport: day(last), dueDate: day(last + cadenceDays) };
          const e = { ...base, reporting };
          const late = last === null || last + cadenceDays < now;
          const markers = attentionMarkers(e, day(now));
          expect(markers.includes('overdue')).toBe(late);
          expect(markers.includes('stale')).toBe(last !== null && late);
          expect(markers.includes('due')).toBe(last !== null && !late && last + cadenceDays - now <= 14);
          expect(needsAttention(e, day(now))).toBe(late);
        },
      ),
    );
  });
});
