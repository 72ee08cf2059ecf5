/**
 * The board's meeting pack printed to PDF in Debian's Chromium (playwright-core), as the secretariat would print
 * it: every page A4, every agenda item on the PDF, none cut across a page break, and no section heading left at
 * the foot of a page without its first item. The PDF's own outline (Chromium builds it from the headings, with
 * each heading's page) is what is checked: the item's title (h3) and its last line, the board's decision (h4),
 * must be on the same page. A screenshot of the first page goes to $OS2_E2E_SCREENSHOTS or the temp directory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM } from '../support/chromium.js';
import { boardAgenda } from '../../src/domain/board-agenda.js';
import { FIXTURE_PRODUCTS, fixtureByKey } from '../../demo/fixtures.js';
import { meetingPackHtml } from '../../src/shared/meeting-pack.js';
import type { GovernanceRecord } from '../../src/domain/governance-record.js';
import type { ChangeRequest } from '../../src/domain/change-request.js';

const FOUND_CHROMIUM = findChromium();
const SHOTS = process.env.OS2_E2E_SCREENSHOTS ?? join(tmpdir(), 'os2-e2e-screenshots');
const A4 = { w: 595.28, h: 841.89 };

interface OutlineEntry {
  id: number;
  title: string;
  page: number;
  parent?: number;
}

/** The PDF literal string or UTF-16BE hex string of an outline title, as text. */
function pdfText(raw: string): string {
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s/g, '');
    const bytes = Buffer.from(hex, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return raw
    .slice(1, -1)
    .replace(/\\([0-7]{1,3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))
    .replace(/\\(.)/g, '$1');
}

/** Just enough of a PDF to read: the pages in order with their sizes, and the outline with each entry's page. */
function readPdf(pdf: Buffer) {
  const s = pdf.toString('latin1');
  const objects = new Map<number, string>();
  for (const m of s.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) objects.set(Number(m[1]), m[2]!);
  const catalog = [...objects.values()].find((o) => /\/Type \/Catalog/.test(o))!;
  const pages: { id: number; width: number; height: number }[] = [];
  const walk = (id: number) => {
    const o = objects.get(id)!;
    if (/\/Type \/Pages/.test(o)) {
      for (const k of o.match(/\/Kids \[([^\]]*)\]/)![1]!.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
      return;
    }
    const box = o
      .match(/\/MediaBox \[([^\]]*)\]/)![1]!
      .trim()
      .split(/\s+/)
      .map(Number);
    pages.push({ id, width: box[2]! - box[0]!, height: box[3]! - box[1]! });
  };
  walk(Number(catalog.match(/\/Pages (\d+) 0 R/)![1]));
  const pageOf = new Map(pages.map((p, i) => [p.id, i + 1]));
  const outline: OutlineEntry[] = [];
  for (const [id, o] of objects) {
    const title = o.match(/\/Title (<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))/);
    const dest = o.match(/\/Dest \[(\d+) 0 R/);
    if (!title || !dest) continue;
    const parent = o.match(/\/Parent (\d+) 0 R/);
    outline.push({
      id,
      title: pdfText(title[1]!),
      page: pageOf.get(Number(dest[1]))!,
      ...(parent ? { parent: Number(parent[1]) } : {}),
    });
  }
  return { pages, outline };
}

/** A portfolio big enough for several pages: 24 concepts with recommendations of very different lengths. */
function bigPortfolio(): {
  records: GovernanceRecord[];
  changeRequests: { issueId: string; request: ChangeRequest }[];
} {
  const iot = fixtureByKey('IOT').record;
  const records: GovernanceRecord[] = FIXTURE_PRODUCTS.map((p) => structuredClone(p.record));
  for (let i = 0; i < 24; i++) {
    const basis = `Indstilling nr. ${i + 1}: ${'Konceptet er modent, kommunerne står bag, og økonomien er afklaret. '.repeat(1 + ((i * 7) % 9))}`;
    records.push({
      ...structuredClone(iot),
      name: `OS2koncept ${String(i + 1).padStart(2, '0')} <script>alert(1)</script>`,
      project: { id: String(30_000 + i), key: `K${String(i).padStart(2, '0')}` },
      recommendation: { ...iot.recommendation!, basis },
    });
  }
  const changeRequests = Array.from({ length: 6 }, (_, i) => ({
    issueId: String(40_000 + i),
    request: {
      id: `cr-${i}`,
      issueKey: `KITOS-${100 + i}`,
      title: `Udvidelse ${i + 1} af KITOS`,
      size: 'large' as const,
      state: 'recommended' as const,
      submittedBy: { accountId: 'k751-karin', displayName: 'Karin Thomsen' },
      submittedAt: '2026-10-01T10:00:00Z',
      estimate: {
        hours: 300 + i,
        dkk: 1_200_000 + i * 1000,
        supplier: 'Leverandøren A/S',
        at: '2026-10-02T10:00:00Z',
      },
      recommendation: {
        text: 'Indstilles til bestyrelsen',
        by: { accountId: 'm', displayName: 'Mette' },
        at: '2026-10-03T10:00:00Z',
      },
      revision: 7,
    },
  }));
  return { records, changeRequests };
}

describe.skipIf(!FOUND_CHROMIUM)('meeting pack printed to PDF' + (FOUND_CHROMIUM ? '' : NO_CHROMIUM), () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: FOUND_CHROMIUM!,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });
  afterAll(async () => browser?.close());

  it('prints on A4 pages with every item whole on one page', async () => {
    const agenda = boardAgenda({
      ...bigPortfolio(),
      plan: { date: '2026-12-10', levelProposals: [] },
      today: '2026-12-01',
    });
    expect(agenda.items.length).toBeGreaterThan(30);
    const page = await browser.newPage();
    await page.setContent(meetingPackHtml(agenda, 'da'));
    // Nothing from users is markup: the name with a script tag is text.
    expect(await page.locator('script').count()).toBe(0);
    mkdirSync(SHOTS, { recursive: true });
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: join(SHOTS, 'meeting-pack.png') });
    // Margins and size from the stylesheet's @page, as the user's print dialog takes them.
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      outline: true,
      tagged: true,
      printBackground: true,
    });
    writeFileSync(join(SHOTS, 'meeting-pack.pdf'), pdf);
    await page.close();

    const { pages, outline } = readPdf(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const p of pages) {
      expect(Math.abs(p.width - A4.w)).toBeLessThan(2);
      expect(Math.abs(p.height - A4.h)).toBeLessThan(2);
    }
    const items = outline.filter((e) => /^\d+\. /.test(e.title));
    expect(items.map((e) => Number(e.title.split('.')[0])).sort((a, b) => a - b)).toEqual(
      agenda.items.map((_, i) => i + 1),
    );
    expect(items.some((e) => e.title.includes('<script>alert(1)</script>'))).toBe(true);
    // The items are spread over the pages, not all on one: a break fell between items, never inside one.
    expect(new Set(items.map((e) => e.page)).size).toBeGreaterThanOrEqual(4);
    for (const item of items) {
      const lines = outline.filter((e) => e.parent === item.id);
      const decision = lines.find((e) => e.title.startsWith('Beslutning'));
      expect(decision, item.title).toBeDefined();
      expect({ item: item.title, page: decision!.page }).toEqual({ item: item.title, page: item.page });
      for (const l of lines) expect(l.page).toBe(item.page);
    }
    // A section heading starts on the page of its first item.
    const sections = outline.filter((e) => items.some((i) => i.parent === e.id));
    expect(sections.map((s) => s.title)).toEqual([
      'Koncepter til behandling',
      'Ændringsønsker ud over produktets ramme',
      'Produkter der kræver opmærksomhed',
    ]);
    for (const s of sections) {
      const first = items.filter((i) => i.parent === s.id).sort((a, b) => a.page - b.page)[0]!;
      expect(first.page).toBe(s.page);
    }
  }, 60_000);
});
