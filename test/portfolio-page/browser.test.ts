/**
 * The portfolio page in Debian's Chromium (playwright-core, no downloaded browser), served by a fastify server
 * on 127.0.0.1 fed with fixture roll-ups: progressive enhancement (everything works without JavaScript),
 * filters and sorting with it, live updates, escaping, accessible markup, nothing fetched from elsewhere.
 * Screenshots go to $OS2_E2E_SCREENSHOTS or the system temp directory.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import { findChromium, NO_CHROMIUM } from '../support/chromium.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import type { PortfolioEntry } from '../../sync-worker/src/portfolio-page/index.js';
import { fixtureRollUps } from './fixtures.js';

const FOUND_CHROMIUM = findChromium();
const CHROMIUM = FOUND_CHROMIUM ?? '';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SHOTS = process.env.OS2_E2E_SCREENSHOTS ?? join(tmpdir(), 'os2-e2e-screenshots');

describe.skipIf(!FOUND_CHROMIUM)('portfolio page in Chromium' + (FOUND_CHROMIUM ? '' : NO_CHROMIUM), () => {
  let app: FastifyInstance;
  let base = '';
  let browser: Browser;
  let entries: PortfolioEntry[] = fixtureRollUps();
  const dialogs: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = Fastify({ logger: false });
    await app.register(portfolioPagePlugin, { listRollUps: async () => entries, cacheMs: 0, refreshMs: 500 });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(
    path: string,
    javaScriptEnabled = true,
    viewport = { width: 1440, height: 1000 },
  ): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.goto(base + path);
    return page;
  }

  const rowKeys = (page: Page): Promise<string[]> =>
    page
      .locator('tbody tr[data-source-key]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-source-key') ?? ''));

  it('works without JavaScript: filter form, sort links, language switch', async () => {
    const page = await open('/portfolio', false);
    expect(await rowKeys(page)).toHaveLength(entries.length);
    await page.selectOption('#f-level', 'N2');
    await page.click('button[type=submit]');
    await page.waitForURL(/level=N2/);
    const n2 = entries.filter((e) => e.level === 'N2').map((e) => e.sourceKey);
    expect((await rowKeys(page)).sort()).toEqual([...n2].sort());
    await page.click('a.sort-link[data-sort="openRequests"]');
    await page.waitForURL(/sort=openRequests/);
    const byOpen = entries
      .filter((e) => e.level === 'N2')
      .sort((a, b) => b.openRequests - a.openRequests)
      .map((e) => e.sourceKey);
    expect(await rowKeys(page)).toEqual(byOpen);
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);
    await page.click('#lang-switch');
    await page.waitForURL(/lang=en/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('caption').first().textContent()).toContain('The portfolio: 5 of 9 products');
    await page.context().close();
  });

  it('with JavaScript: filters apply at once, sorting swaps the table, the URL follows', async () => {
    const page = await open('/portfolio');
    expect(await page.locator('button[type=submit]').isVisible()).toBe(false);
    await page.selectOption('#f-site', 'supplier');
    await expect.poll(async () => (await rowKeys(page)).sort()).toEqual(['supplier/10004', 'supplier/20999']);
    expect(page.url()).toContain('site=supplier');
    await page.selectOption('#f-site', '');
    await expect.poll(async () => (await rowKeys(page)).length).toBe(entries.length);
    await page.click('a.sort-link[data-sort="level"]');
    await expect
      .poll(() => page.locator('th[aria-sort="ascending"] a').getAttribute('data-sort'))
      .toBe('level');
    await page.click('a.sort-link[data-sort="level"]');
    await expect.poll(async () => (await rowKeys(page))[0]).toBe('os2/10001'); // the N3 first
    expect(page.url()).toContain('sort=level&dir=desc');
    await page.fill('#f-q', 'kitos');
    await expect.poll(() => rowKeys(page)).toEqual(['os2/10002']);
    await page.context().close();
  });

  it('follows the portfolio live: a changed roll-up shows up without a reload', async () => {
    const page = await open('/portfolio');
    const row = page.locator('tr[data-source-key="os2/10001"]');
    const before = entries.find((e) => e.sourceKey === 'os2/10001')!;
    await page.evaluate(() => {
      (window as unknown as { marker: boolean }).marker = true;
    });
    entries = entries.map((e) =>
      e.sourceKey === 'os2/10001'
        ? {
            ...e,
            openRequests: 4242,
            topRequests: [
              { ...e.topRequests[0]!, votes: 77, coFinanceTotalDkk: 987_000 },
              ...e.topRequests.slice(1),
            ],
            hash: 'live-1',
          }
        : e,
    );
    await expect
      .poll(async () => (await row.textContent())?.replace(/\s+/g, ' '), { timeout: 5_000 })
      .toContain('4.242');
    expect((await row.textContent())?.replace(/\s+/g, ' ')).toMatch(/77 stemmer · 987\.000\skr\./);
    // Same document (no reload), and the change was announced to screen readers.
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
    await expect
      .poll(() => page.locator('#live-region').textContent())
      .toContain('Porteføljen blev opdateret');
    entries = entries.map((e) => (e.sourceKey === 'os2/10001' ? { ...before, hash: 'live-2' } : e));
    await page.context().close();
  });

  it('escapes Jira text, flags tampered products, and loads nothing from elsewhere', async () => {
    const page = await open('/portfolio');
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    const flagged = page.locator('tr.row-flagged');
    expect(await flagged.count()).toBe(1);
    expect(await flagged.textContent()).toContain('Kan ikke verificeres');
    expect(await flagged.textContent()).toContain('<script>alert("xss")</script>');
    expect(await page.locator('.notice-warning').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'fixture-portfolio.png'), fullPage: true });
    const detail = await open('/portfolio/os2/10001?lang=en');
    expect(await detail.locator('#decision-log tbody tr').count()).toBeGreaterThan(2);
    await detail.screenshot({ path: join(SHOTS, 'fixture-product-en.png'), fullPage: true });
    expect(foreign).toEqual([]);
    await page.context().close();
    await detail.context().close();
  });

  it('on a 390 px phone: no sideways scrolling, products as cards, a chart whose text stays readable', async () => {
    const page = await open('/portfolio', true, { width: 390, height: 844 });
    // The page is as wide as the phone (it was 1,130 px: the sort hints escaped the table's scroll box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Each product is a card: the cell under its name, with its label, not a column off screen.
    const row = page.locator('tbody tr[data-source-key]').first();
    const box = (await row.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    const state = row.locator('td.state-cell');
    expect(await state.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Tilstand"');
    expect((await state.boundingBox())!.x).toBeLessThan(390);
    // Product, level and state are all visible on the card without scrolling sideways.
    for (const sel of ['th[scope="row"]', 'td.level-cell', 'td.state-cell']) {
      const b = (await row.locator(sel).boundingBox())!;
      expect(b.x + b.width, sel).toBeLessThanOrEqual(390);
    }
    // The phone chart is shown (the wide one hidden), and its labels render at a readable size.
    expect(await page.locator('svg.chart:not(.chart--narrow)').isVisible()).toBe(false);
    const narrow = page.locator('svg.chart--narrow');
    expect(await narrow.isVisible()).toBe(true);
    const label = narrow.locator('.chart-label').first();
    expect((await label.boundingBox())!.height).toBeGreaterThanOrEqual(11);
    await page.screenshot({ path: join(SHOTS, 'portfolio-phone.png'), fullPage: false });
    // Wide again: the table is a table and the wide chart is back.
    await page.setViewportSize({ width: 1440, height: 1000 });
    expect(await page.locator('svg.chart:not(.chart--narrow)').isVisible()).toBe(true);
    expect(await page.locator('svg.chart--narrow').isVisible()).toBe(false);
    expect(await state.evaluate((td) => getComputedStyle(td).display)).toBe('table-cell');
    await page.context().close();
  });

  it('has accessible markup: language, labels, captions, header scopes, a skip link and keyboard focus', async () => {
    const page = await open('/portfolio');
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    for (const id of ['f-level', 'f-state', 'f-site', 'f-q']) {
      expect(await page.locator(`label[for="${id}"]`).count()).toBe(1);
    }
    expect(await page.locator('table#portfolio-table > caption').count()).toBe(1);
    const headerScopes = await page
      .locator('table#portfolio-table thead th')
      .evaluateAll((ths) => ths.map((th) => th.getAttribute('scope')));
    expect(headerScopes.every((s) => s === 'col')).toBe(true);
    expect(await page.locator('tbody th[scope="row"]').count()).toBe(entries.length);
    expect(
      await page.locator('svg.chart:not(.chart--narrow)[role="img"]').getAttribute('aria-labelledby'),
    ).toContain('chart-heading');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#main$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });
});
