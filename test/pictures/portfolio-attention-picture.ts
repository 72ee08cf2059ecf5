/**
 * `npx tsx test/pictures/portfolio-attention-picture.ts`: docs/portfolio-attention.png, the portfolio page filtered to
 * the products that need attention (issue 15), served by the real plugin from the page's test fixtures (one
 * product given a forecast over budget and one a rule violation, so every marker shows) and shot in Chromium.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { chromium } from 'playwright-core';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import type { PortfolioEntry } from '../../sync-worker/src/portfolio-page/index.js';
import { fixtureRollUps } from '../portfolio-page/fixtures.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'portfolio-attention.png');

function entries(): PortfolioEntry[] {
  return fixtureRollUps().map((e) =>
    e.project.key === 'MO'
      ? { ...e, status: { ...e.status!, forecastDkk: e.status!.budgetDkk + 250_000 } }
      : e.project.key === 'CPR'
        ? { ...e, ruleViolations: ['N3_BOARD_MAJORITY' as never] }
        : e,
  );
}

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(portfolioPagePlugin, { listRollUps: async () => entries(), cacheMs: 0, refreshMs: 0 });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${url}/portfolio?attention=1`);
    await page.screenshot({ path: OUT, fullPage: true });
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
