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
});
