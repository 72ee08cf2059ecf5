/**
 * `npx tsx test/pictures/portfolio-lists-picture.ts`: docs/portfolio-lists.png, the portfolio page's Lister tab
 * (issue 15 item 6) on its change requests, served by the real plugin from the Lister tab's test fixtures (two
 * sites, one fetched too long ago) and shot in Chromium.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { chromium } from 'playwright-core';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import { fixtureRollUps } from '../portfolio-page/fixtures.js';
import { fixtureSiteLists } from '../portfolio-page/lists-fixtures.js';
import { findChromium } from '../support/chromium.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'portfolio-lists.png');

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  const sites = fixtureSiteLists();
  await app.register(portfolioPagePlugin, {
    listRollUps: async () => fixtureRollUps(),
    listLists: async () => sites,
    cacheMs: 0,
    refreshMs: 0,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: findChromium() ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/portfolio/lists?list=changeRequests`);
    await page.screenshot({ path: OUT, fullPage: false });
    console.log(`wrote ${OUT}`);
  } finally {
    await browser.close();
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
