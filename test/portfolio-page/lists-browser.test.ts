/**
 * The portfolio page's Lister tab (issue 15 item 6) in Debian's Chromium: the four lists as tabs that are plain
 * links (no JavaScript needed), each list's CSV as a download with the byte order mark Danish Excel needs, the
 * notice for a site whose lists are old, and nothing fetched from elsewhere. Screenshots go to
 * $OS2_E2E_SCREENSHOTS or the system temp directory (portfolio-lists-*.png).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM } from '../support/chromium.js';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import { fixtureRollUps } from './fixtures.js';
import { fixtureSiteLists } from './lists-fixtures.js';

const FOUND_CHROMIUM = findChromium();
const SHOTS = process.env.OS2_E2E_SCREENSHOTS ?? join(tmpdir(), 'os2-e2e-screenshots');

describe.skipIf(!FOUND_CHROMIUM)('the Lister tab in Chromium' + (FOUND_CHROMIUM ? '' : NO_CHROMIUM), () => {
  let app: FastifyInstance;
  let base = '';
  let browser: Browser;
  const foreign: string[] = [];
  const sites = fixtureSiteLists();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = Fastify({ logger: false });
    await app.register(portfolioPagePlugin, {
      listRollUps: async () => fixtureRollUps(),
      listLists: async () => sites,
      cacheMs: 0,
      refreshMs: 0,
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: FOUND_CHROMIUM ?? '',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path: string, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({
      javaScriptEnabled,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.goto(base + path);
    return page;
  }

  it('from the portfolio to each list by plain links, without JavaScript', async () => {
    const page = await open('/portfolio', false);
    await page.click('#lists-link');
    expect(new URL(page.url()).pathname).toBe('/portfolio/lists');
    expect(await page.locator('h1').textContent()).toBe('Lister på tværs af porteføljen');
    expect(await page.locator('a.tab[aria-current="page"]').getAttribute('data-list')).toBe('polls');
    // Soonest deadline first; the poll past its deadline waits for the secretariat to close it.
    const statuses = await page
      .locator('tr[data-list-row="poll"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses[0]).toBe('awaiting_close');
    const past = sites.flatMap((s) => s.lists!.polls).filter((p) => Date.parse(p.deadline) < Date.now());
    expect(past.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 'awaiting_close')).toHaveLength(past.length);
    await page.screenshot({ path: join(SHOTS, 'portfolio-lists-polls.png'), fullPage: true });

    await page.click('a.tab[data-list="changeRequests"]');
    expect(await page.locator('a.tab[aria-current="page"]').getAttribute('data-list')).toBe('changeRequests');
    const groups = await page.locator('tbody[data-product]').count();
    expect(groups).toBe(
      sites
        .flatMap((s) => s.lists!.changeRequests.map((r) => r.product.projectKey))
        .filter((k, i, a) => a.indexOf(k) === i).length,
    );
    await page.screenshot({ path: join(SHOTS, 'portfolio-lists-change-requests.png'), fullPage: true });

    await page.click('a.tab[data-list="ungoverned"]');
    expect(await page.locator('tr[data-list-row="ungoverned"]').count()).toBe(4);
    await page.click('#lang-switch');
    expect(await page.locator('a.tab[aria-current="page"]').textContent()).toMatch(
      /^Projects not yet governed/,
    );
    expect(foreign).toEqual([]);
  });

  it('says which site’s lists are old, with the time', async () => {
    const page = await open('/portfolio/lists?list=outcomes');
    const stale = page.locator('[data-lists-stale]');
    expect(await stale.count()).toBe(1);
    expect(await stale.getAttribute('data-lists-stale')).toBe('supplier');
    expect(await stale.textContent()).toMatch(/Listerne fra supplier er fra .*\d.*, ældre end 6,5 timer/);
    expect(await page.locator('[data-lists-stale="os2"]').count()).toBe(0);
  });

  it('downloads each list as CSV for Danish Excel', async () => {
    const page = await open('/portfolio/lists?list=changeRequests');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#list-csv-link')]);
    expect(download.suggestedFilename()).toMatch(/^os2-lister-changeRequests-\d{4}-\d\d-\d\d\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Produkt;Projektnøgle;Site;Sag;Titel;Størrelse;Tilstand;Prioritet;Estimat (kr.);Indsendt',
    );
    expect(lines.length - 2).toBe(sites.reduce((n, s) => n + s.lists!.changeRequests.length, 0));
  });
});
