/**
 * End to end, as a user runs it: `npm start` in a child process (its own process group, so SIGINT reaches it as
 * Ctrl-C in a terminal would), the printed address of the portfolio page, and the page driven in Debian's
 * Chromium through playwright-core. A vote cast through the app's resolver (the demo's `stem` command on stdin)
 * must show up on the open page within seconds, without a reload. Screenshots go to $OS2_E2E_SCREENSHOTS or
 * the system temp directory.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { chromium } from 'playwright-core';
import { findChromium, NO_CHROMIUM } from '../support/chromium.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
const PREFIX = `{os2-e2e-${randomBytes(4).toString('hex')}}`;
const SHOTS = process.env.OS2_E2E_SCREENSHOTS ?? join(tmpdir(), 'os2-e2e-screenshots');

/** The child's output, with a way to wait for a line matching a pattern. */
class Output {
  text = '';
  private waiters: { re: RegExp; from: number; resolve: (m: RegExpMatchArray) => void }[] = [];
  push(chunk: string): void {
    this.text += chunk;
    this.waiters = this.waiters.filter((w) => {
      const m = this.text.slice(w.from).match(w.re);
      if (m) w.resolve(m);
      return !m;
    });
  }
  wait(re: RegExp, timeoutMs: number, from = 0): Promise<RegExpMatchArray> {
    const m = this.text.slice(from).match(re);
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Ventede forgæves på ${re} i ${timeoutMs} ms. Output:\n${this.text}`)),
        timeoutMs,
      );
      this.waiters.push({
        re,
        from,
        resolve: (mm) => {
          clearTimeout(timer);
          resolve(mm);
        },
      });
    });
  }
}

async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch {
    // no shared Redis (npm start ran its own): nothing to clean
  } finally {
    redis.disconnect();
  }
}

const hasChromium = FOUND_CHROMIUM !== undefined;

describe.skipIf(!hasChromium)('npm start, end to end' + (FOUND_CHROMIUM ? '' : NO_CHROMIUM), () => {
  let child: ChildProcessWithoutNullStreams;
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  const out = new Output();
  let pageUrl = '';
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    child = spawn('npm', ['start', '--silent'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        OS2_SYNC_PORT: '0',
        OS2_SYNC_PREFIX: PREFIX,
        OS2_DEMO_ISSUES: '300',
        FORCE_COLOR: '0',
      },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => out.push(d));
    exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const m = await out.wait(
      /Porteføljesiden \(portfolio page\): (http:\/\/127\.0\.0\.1:\d+\/portfolio)/,
      75_000,
    );
    pageUrl = m[1]!;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('request', (r) => requests.push(r.url()));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await deletePrefix(PREFIX);
  });

  it('prints the first reconcile, the portfolio table and the scenario', () => {
    expect(out.text).toMatch(/Synkroniserer produkter til porteføljen .*100% 8\/8/);
    expect(out.text).toMatch(/Porteføljen \(8 produkter, læst fra porteføljeprojektet i Jira\):/);
    expect(out.text).toContain('OS2mo – medarbejder og organi');
    expect(out.text).toMatch(/Scenarie, spillet gennem Forge-appens egne resolvere/);
    expect(out.text).not.toMatch(/✗/);
  });

  it('shows the seeded products on the page, served by the service alone', async () => {
    await page.goto(pageUrl);
    await expect.poll(() => page.locator('tbody tr[data-source-key]').count()).toBe(8);
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    for (const name of ['OS2mo', 'OS2kitos', 'OS2sofd', 'OS2iot']) {
      await expect.poll(() => page.locator('tbody').textContent()).toContain(name);
    }
    // The scenario's board decisions are on the page: IOT approved, KITOS moved to N3.
    expect(await page.locator('tr[data-source-key="os2/10008"]').getAttribute('data-state')).toBe('approved');
    expect(await page.locator('tr[data-source-key="os2/10002"]').getAttribute('data-level')).toBe('N3');
    // The governance mirror rewritten around the app (scenario step 5) is flagged, not trusted.
    const sofd = page.locator('tr[data-source-key="supplier/10004"]');
    expect(await sofd.getAttribute('data-integrity')).toBe('tampered');
    expect(await sofd.getAttribute('class')).toContain('row-flagged');
    expect(await sofd.textContent()).toContain('Kan ikke verificeres');
    await expect
      .poll(() => page.locator('.notice-warning').textContent())
      .toContain('1 produkt har styringsdata');
    await page.screenshot({ path: join(SHOTS, 'portfolio-da.png'), fullPage: true });
    const origin = new URL(pageUrl).origin;
    expect(requests.length).toBeGreaterThan(2);
    for (const url of requests) expect(url.startsWith(origin)).toBe(true);
  });

  it('filters by level (without a reload) and keeps the filter in the address', async () => {
    await page.selectOption('#f-level', 'N3');
    await expect.poll(() => page.url()).toContain('level=N3');
    await expect
      .poll(async () => {
        const levels = await page
          .locator('tbody tr[data-source-key]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')));
        return levels.length > 0 && levels.length < 8 && levels.every((l) => l === 'N3');
      })
      .toBe(true);
    await page.selectOption('#f-level', '');
    await expect.poll(() => page.locator('tbody tr[data-source-key]').count()).toBe(8);
  });

  it('shows a vote cast through the resolver within seconds, without a reload', async () => {
    await page.goto(pageUrl);
    const from = out.text.length;
    child.stdin.write('stem MO 751 123456\n');
    const m = await out.wait(
      /Stemme afgivet af Aarhus Kommune \(.*\) på (MO-\d+) .*: (\d+) stemmer, ([\d.]+\s?kr\.) i medfinansiering/,
      20_000,
      from,
    );
    const [, key, votes] = m;
    const money = m[3]!.replace(/\s/g, ' '); // Danish currency format has a no-break space before "kr."

    const row = page.locator('tr[data-source-key="os2/10001"]');
    const started = Date.now();
    await expect
      .poll(async () => (await row.textContent())?.replace(/\s+/g, ' ') ?? '', {
        timeout: 15_000,
        interval: 250,
      })
      .toMatch(new RegExp(`${key} .*${votes} stemmer · ${money.replace(/\./g, '\\.')}`));
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(15);
    await page.screenshot({ path: join(SHOTS, 'portfolio-after-vote.png'), fullPage: true });
  });

  it('switches to English, opens a product with its decision log and history, and exports CSV', async () => {
    await page.click('#lang-switch');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.click('tr[data-source-key="os2/10002"] a.product-link');
    await expect.poll(() => page.locator('h1').textContent()).toContain('OS2kitos');
    const log = await page.locator('#decision-log').textContent();
    expect(log).toContain('Level change');
    // Its history, from the app's os2-app-data web trigger: the scenario's move to N3, field by field.
    const history = page.locator('section[aria-labelledby="h-history"]');
    expect(await history.getAttribute('data-history-state')).toBe('ok');
    expect(await history.textContent()).toMatch(/Level: N2 → N3/);
    await page.screenshot({ path: join(SHOTS, 'product-en.png'), fullPage: true });
    const csv = await page.request.get(new URL('/portfolio.csv', pageUrl).toString());
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toMatch(/^\uFEFF?Produkt;Projektnøgle;/);
    expect(text).toContain('OS2mo');
  });

  it('has the lists across the portfolio from both sites’ apps on the Lister tab', async () => {
    await page.goto(new URL('/portfolio/lists?list=ungoverned', pageUrl).toString());
    await expect
      .poll(() => page.locator('.lists-freshness .meta').textContent())
      .toMatch(/os2: hentet .*supplier: hentet/);
    expect(await page.locator('[data-lists-failed], [data-lists-never]').count()).toBe(0);
    await page.click('a.tab[data-list="changeRequests"]');
    expect(await page.locator('h1').textContent()).toBe('Lister på tværs af porteføljen');
    await page.screenshot({ path: join(SHOTS, 'portfolio-lists.png'), fullPage: true });
  });

  it('stops cleanly on Ctrl-C (SIGINT to the process group)', async () => {
    const pgid = child.pid!;
    const from = out.text.length;
    process.kill(-pgid, 'SIGINT');
    // npm itself ends on the signal (as in a terminal); the demo behind it shuts down in order and says so
    // only when every part (worker, simulator, Forge runtime, Redis) closed without error.
    await out.wait(/Stoppet\./, 20_000, from);
    await exit;
    const groupAlive = async (): Promise<boolean> => {
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(groupAlive, { timeout: 10_000 }).toBe(false);
    expect(out.text.slice(from)).not.toMatch(/fejlede|Error|✗/);
  }, 30_000);
});
