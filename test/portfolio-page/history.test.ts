/**
 * The product page's history section (issue 15 item 5), rendered by the portfolio page from what the app answers
 * (sync-worker/src/portfolio-page/history.ts): who, when, what changed field by field, decisions with imported
 * ones and board meetings marked, votes; escaped; Danish/English; the app's silence and a missing connection
 * said in words; none in the public view. In Chromium: the timeline as a reader sees it, with a screenshot
 * (docs/portfolio-history.png is taken from it; $OS2_E2E_SCREENSHOTS or the temp directory).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM } from '../support/chromium.js';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import type { PortfolioEntry } from '../../sync-worker/src/portfolio-page/index.js';
import type { ProductHistoryView } from '../../sync-worker/src/portfolio-page/history.js';
import type { HistoryAnswer } from '../../src/events/app-data.js';
import { fixtureRollUps } from './fixtures.js';

const FOUND_CHROMIUM = findChromium();
const SHOTS = process.env.OS2_E2E_SCREENSHOTS ?? join(tmpdir(), 'os2-e2e-screenshots');

const HISTORY: HistoryAnswer = {
  revision: 7,
  entries: [
    {
      kind: 'vote',
      at: '2026-03-05T09:12:00Z',
      by: 'Jens Holm',
      title: { da: 'Stemme', en: 'Vote' },
      lines: {
        da: [
          'Aarhus Kommune ændrede sin stemme på MO-12: uden medfinansiering → vil medfinansiere 50.000 kr.',
        ],
        en: ['Aarhus Municipality changed its vote on MO-12: no co-financing → will co-finance DKK 50,000'],
      },
    },
    {
      kind: 'revision',
      at: '2026-03-04T15:30:00Z',
      by: 'Lars Bestyrelse',
      revision: 7,
      first: false,
      title: { da: 'Ændringer gemt', en: 'Changes saved' },
      lines: {
        da: ['Niveau: N2 → N3', 'Styregruppe: ud Per Hansen; ind Anne Møller <script>alert(1)</script>'],
        en: [
          'Level: N2 → N3',
          'Steering group: left Per Hansen; joined Anne Møller <script>alert(1)</script>',
        ],
      },
    },
    {
      kind: 'decision',
      at: '2026-03-04T15:30:00Z',
      by: 'Lars Bestyrelse',
      title: { da: 'Skift niveau (Bestyrelsen)', en: 'Change level (The board)' },
      decision: { kind: 'change_level', body: 'board' },
      lines: { da: ['Løftet til N3'], en: ['Løftet til N3'] },
      meeting: { date: '2026-03-04', minutesUrl: 'https://os2.eu/referat/2026-03-04' },
    },
    {
      kind: 'decision',
      at: '2019-05-02T12:00:00Z',
      by: 'Styregruppen i Aarhus',
      title: { da: 'Bliv produkt (Styregruppen)', en: 'Become a product (The steering group)' },
      decision: { kind: 'become_product', body: 'steering_group' },
      lines: {
        da: ['Sat i drift i Aarhus', 'Importeret ved optagelsen af Mette Søndergaard 10. jan. 2026'],
        en: ['Sat i drift i Aarhus', 'Imported at the admission by Mette Søndergaard 10 Jan 2026'],
      },
      imported: true,
    },
  ],
};

describe('the product page’s history section', () => {
  let app: FastifyInstance;
  let base = '';
  let view: ProductHistoryView | undefined;
  const entries: PortfolioEntry[] = fixtureRollUps();
  const product = entries.find((e) => e.sourceKey === 'os2/10001')!;
  const get = async (path: string) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    app = Fastify({ logger: false });
    await app.register(portfolioPagePlugin, {
      listRollUps: async () => entries,
      cacheMs: 0,
      refreshMs: 0,
      productHistory: async () => {
        if (!view) throw new Error('Redis is gone');
        return view;
      },
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => app?.close());

  it('shows each entry with when, who and what, escaped; imported decisions and board meetings marked', async () => {
    view = { state: 'ok', data: HISTORY, computedAt: Date.parse('2026-03-05T10:00:00Z') };
    const da = await get('/portfolio/os2/10001');
    expect(da).toContain('<h2 id="h-history">Historik</h2>');
    expect(da.match(/<li class="history-entry/g)).toHaveLength(4);
    expect(da).toContain('<li>Niveau: N2 → N3</li>');
    expect(da).toContain('Anne Møller &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(da).not.toContain('<script>alert(1)');
    expect(da).toContain('af Lars Bestyrelse');
    expect(da).toMatch(/<time datetime="2026-03-04T15:30:00Z">4\. mar\. 2026,? 16[.:]30<\/time>/);
    expect(da).toMatch(
      /Bestyrelsesmøde 4\. mar\. 2026\s*\(<a\s+href="https:\/\/os2\.eu\/referat\/2026-03-04"/,
    );
    expect(da.match(/data-imported="1">Importeret</g)).toHaveLength(1);
    expect(da).toContain('Fra OS2-appen på os2, hentet 5. mar. 2026');
    const en = await get('/portfolio/os2/10001?lang=en');
    expect(en).toContain('<h2 id="h-history">History</h2>');
    expect(en).toContain('<li>Level: N2 → N3</li>');
    expect(en).toContain('by Lars Bestyrelse');
    expect(en).toMatch(/data-imported="1">Imported</);
    expect(en).toContain('Board meeting 4 Mar 2026');
  });

  it('says when the app does not answer (with the history it had), when it is not connected, and when Redis fails', async () => {
    view = {
      state: 'unavailable',
      why: { da: 'appen på os2 svarer ikke: timeout', en: 'the app on os2 does not answer: timeout' },
      stale: { data: HISTORY, computedAt: Date.parse('2026-03-01T08:00:00Z') },
    };
    const da = await get('/portfolio/os2/10001');
    expect(da).toContain('Historikken kan ikke hentes fra appen lige nu; resten af siden er som altid.');
    expect(da).toContain('appen på os2 svarer ikke: timeout');
    expect(da).toContain('Viser historikken, som den var 1. mar. 2026');
    expect(da.match(/<li class="history-entry/g)).toHaveLength(4);
    expect(da).toContain('id="decision-log"');
    view = { state: 'unavailable', why: view.why };
    expect((await get('/portfolio/os2/10001?lang=en')).match(/<li class="history-entry/g)).toBeNull();
    view = { state: 'not_configured' };
    expect(await get('/portfolio/os2/10001?lang=en')).toContain(
      'The history is shown here once the sync service is connected to the app&#39;s web trigger os2-app-data',
    );
    view = undefined;
    const failed = await get('/portfolio/os2/10001');
    expect(failed).toContain('data-history="unavailable"');
    expect(failed).toContain(product.name);
  });

  it('has no history section when the page has no history source (the public view)', async () => {
    const open = Fastify({ logger: false });
    await open.register(portfolioPagePlugin, { listRollUps: async () => entries, cacheMs: 0, refreshMs: 0 });
    const res = await open.inject({ method: 'GET', url: '/portfolio/os2/10001' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('h-history');
    await open.close();
  });

  describe.skipIf(!FOUND_CHROMIUM)('in Chromium' + (FOUND_CHROMIUM ? '' : NO_CHROMIUM), () => {
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      browser = await chromium.launch({
        executablePath: FOUND_CHROMIUM ?? '',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
    }, 60_000);
    afterAll(async () => browser?.close());

    it('reads as a timeline: newest first, marks visible, no script run, fits a phone', async () => {
      view = { state: 'ok', data: HISTORY, computedAt: Date.parse('2026-03-05T10:00:00Z') };
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${base}/portfolio/os2/10001`);
      const section = page.locator('section[aria-labelledby="h-history"]');
      await section.scrollIntoViewIfNeeded();
      expect(await section.isVisible()).toBe(true);
      const titles = await section.locator('.history-title').allTextContents();
      // Decisions named as the decision log names them (past tense, with the body that took them).
      expect(titles).toEqual([
        'Stemme',
        'Ændringer gemt',
        'Niveauskift (Bestyrelsen)',
        'Blev produkt (Styregruppen)',
      ]);
      // A kind badge only where it adds to the title (a vote's title is already "Stemme").
      expect(await section.locator('.history-kind').allTextContents()).toEqual([
        'Ændring',
        'Beslutning',
        'Beslutning',
      ]);
      expect(await section.locator('.history-imported').isVisible()).toBe(true);
      expect(await section.locator('a[href="https://os2.eu/referat/2026-03-04"]').textContent()).toBe(
        'referat',
      );
      // The timeline's dots sit on its line (the stylesheet loaded).
      const dot = await section
        .locator('.history-entry')
        .first()
        .evaluate((li) => getComputedStyle(li, '::before').borderTopWidth);
      expect(dot).toBe('2px');
      expect(dialogs).toEqual([]);
      await section.screenshot({ path: join(SHOTS, 'portfolio-history.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await context.close();
    });
  });
});
