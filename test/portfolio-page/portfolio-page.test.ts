import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { RollUpSchema } from '../../src/domain/rollup.js';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import type { PortfolioEntry, PortfolioPageOptions } from '../../sync-worker/src/portfolio-page/index.js';
import { escapeHtml } from '../../sync-worker/src/portfolio-page/html.js';
import { fixtureRollUps } from './fixtures.js';
import { itemsFor, requirementsFor } from '../../src/domain/catalogue.js';
import { OS2_2016 } from '../../src/domain/catalogues/os2-2016.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(
  entries: () => readonly PortfolioEntry[] = fixtureRollUps,
  extra: Partial<PortfolioPageOptions> = {},
): Promise<FastifyInstance> {
  app = Fastify({ logger: false });
  await app.register(portfolioPagePlugin, { listRollUps: async () => entries(), cacheMs: 0, ...extra });
  await app.ready();
  return app;
}

/** The source keys of the table's rows, in order. */
function rowKeys(page: string): string[] {
  return [...page.matchAll(/<tr\s[^>]*?data-source-key="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('portfolio page (server-rendered)', () => {
  it('lists every product in Danish by default, with level, state, steering, status and requests', async () => {
    const a = await serve();
    const res = await a.inject({ method: 'GET', url: '/portfolio' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const page = res.body;
    expect(page).toMatch(/<html lang="da">/);
    const entries = fixtureRollUps();
    expect(rowKeys(page).sort()).toEqual(entries.map((e) => e.sourceKey).sort());
    for (const e of entries) expect(page).toContain(escapeHtml(e.name));
    expect(page).toContain('Porteføljen: 9 produkter');
    expect(page).toContain('Lars Bech Holm'); // OS2mo's steering group chair
    expect(page).toContain('class="badge level level-N3"');
    expect(page).toContain('Bestyrelsesbehandling');
    expect(page).toMatch(/rag rag-red/);
    expect(page).toContain('<caption id="portfolio-caption">');
    expect(page).toMatch(/<svg\s+class="chart"/);
  });

  it('an empty portfolio says when the next sync runs (Copenhagen time) and how to run one now', async () => {
    // 2026-12-01 15:00 UTC is 16.00 in Copenhagen (CET, UTC+1).
    const next = new Date('2026-12-01T15:00:00Z');
    const a = await serve(() => [], { nextSync: async () => next });
    const da = (await a.inject('/portfolio')).body;
    expect(da).toContain('Porteføljen er tom: ingen produkter er synkroniseret endnu.');
    expect(da).toMatch(/Næste planlagte synkronisering: 1\. dec\. 2026[^<]*16\.00\./);
    expect(da).toContain('Kør en nu med «os2-sync reconcile» på serveren.');
    const en = (await a.inject('/portfolio?lang=en')).body;
    expect(en).toMatch(/Next scheduled sync: 1 Dec 2026[^<]*16:00\./);
    expect(en).toContain('Run one now with «os2-sync reconcile» on the server.');
    await a.close();
    const none = await serve(() => [], { nextSync: async () => undefined });
    expect((await none.inject('/portfolio')).body).toContain('Ingen planlagt synkronisering fundet.');
  });

  it('redirects / to /portfolio', async () => {
    const a = await serve();
    const res = await a.inject({ method: 'GET', url: '/?lang=en' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/portfolio?lang=en');
  });

  it('switches to English with ?lang=en and keeps the filters in the switch link', async () => {
    const a = await serve();
    const res = await a.inject({ method: 'GET', url: '/portfolio?lang=en&level=N2' });
    expect(res.body).toMatch(/<html lang="en">/);
    expect(res.body).toContain('The portfolio: 5 of 9 products');
    expect(res.body).toContain('Board review');
    expect(res.body).toMatch(/id="lang-switch"\s+href="\/portfolio\?level=N2"/);
    const da = await a.inject({ method: 'GET', url: '/portfolio?level=N2' });
    expect(da.body).toMatch(/id="lang-switch"\s+href="\/portfolio\?level=N2&amp;lang=en"/);
  });

  it('filters by level, state, site and text', async () => {
    const a = await serve();
    const get = async (qs: string): Promise<string[]> => rowKeys((await a.inject(`/portfolio?${qs}`)).body);
    expect(await get('level=N3')).toEqual(['os2/10001']);
    const products = await get('state=product');
    const entries = fixtureRollUps();
    expect(products.sort()).toEqual(
      entries
        .filter((e) => e.state === 'product')
        .map((e) => e.sourceKey)
        .sort(),
    );
    expect((await get('site=supplier')).sort()).toEqual(['supplier/10004', 'supplier/20999']);
    expect(await get('q=kitos')).toEqual(['os2/10002']);
    expect(await get('level=N1&state=concept')).toEqual(['os2/10005']);
    // Unknown values are ignored, not errors.
    expect((await get('level=N9&state=nope')).length).toBe(entries.length);
    const none = await a.inject('/portfolio?level=N3&site=supplier');
    expect(none.body).toContain('Ingen produkter passer til filtrene.');
  });

  it('sorts by any column, both ways, and marks the sorted column for screen readers', async () => {
    const a = await serve();
    const entries = fixtureRollUps();
    const byOpen = [...entries].sort((x, y) => y.openRequests - x.openRequests).map((e) => e.sourceKey);
    const res = await a.inject('/portfolio?sort=openRequests&dir=desc');
    expect(rowKeys(res.body)).toEqual(byOpen);
    expect(res.body).toMatch(
      /aria-sort="descending">\s*<a class="sort-link sort-active" href="[^"]*" data-sort="openRequests"/,
    );
    const asc = await a.inject('/portfolio?sort=openRequests&dir=asc');
    expect(rowKeys(asc.body)).toEqual([...byOpen].reverse());
    const level = rowKeys((await a.inject('/portfolio?sort=level&dir=desc')).body);
    expect(level[0]).toBe('os2/10001'); // the only N3
    const votes = rowKeys((await a.inject('/portfolio?sort=votes')).body);
    expect(votes[0]).toBe('os2/10002'); // KITOS has the most votes on its top requests
  });

  it('escapes every text from Jira', async () => {
    const a = await serve();
    const page = (await a.inject('/portfolio')).body;
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    const detail = (await a.inject('/portfolio/supplier/20999')).body;
    expect(detail).not.toContain('<script>alert');
    const evil: PortfolioEntry = {
      ...fixtureRollUps()[0]!,
      sourceKey: 'os2/666',
      name: '"><img src=x onerror=alert(1)>',
      steering: { kind: 'steering_group', chair: '<b>chair</b>', members: 1, boardMembers: 0 },
    };
    const b = await serve(() => [evil]);
    const res = await b.inject('/portfolio');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<b>chair</b>');
    expect(res.body).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('flags products whose governance mirror was tampered with or is unsigned', async () => {
    const base = fixtureRollUps();
    const unsigned: PortfolioEntry = { ...base[1]!, integrity: 'unsigned', sourceKey: 'os2/777' };
    const a = await serve(() => [...base, unsigned]);
    const page = (await a.inject('/portfolio')).body;
    expect(page).toMatch(
      /<tr\s+class="row-flagged"\s+data-source-key="supplier\/20999"[^>]*data-integrity="tampered"/,
    );
    expect(page).toMatch(
      /<tr\s+class="row-flagged"\s+data-source-key="os2\/777"[^>]*data-integrity="unsigned"/,
    );
    expect(page).toContain('Kan ikke verificeres');
    expect(page).toContain('eller sync-tjenestens hemmelighed er en anden end appens');
    expect(page).toContain('Usigneret');
    expect(page).toContain('2 produkter har styringsdata, der ikke kan verificeres.');
    const detail = (await a.inject('/portfolio/supplier/20999')).body;
    expect(detail).toContain('notice-danger');
    expect(detail).toContain('signaturen passer ikke');
    // The writer keeps the last verified governance of a product whose mirror stops verifying: shown, flagged.
    const row777 = page.slice(page.indexOf('data-source-key="os2/777"'));
    expect(row777.slice(0, row777.indexOf('</tr>'))).toContain(base[1]!.steering.chair!);
    // Without any verified governance, it is unknown ("–"), not "no steering group".
    const rowBorger = page.slice(page.indexOf('data-source-key="supplier/20999"'));
    expect(rowBorger.slice(0, rowBorger.indexOf('</tr>'))).not.toContain('Ingen styregruppe');
  });

  it('shows a product with its decision log, requirement answers, municipalities and top requests', async () => {
    const a = await serve();
    const res = await a.inject('/portfolio/os2/10001');
    expect(res.statusCode).toBe(200);
    const page = res.body;
    expect(page).toContain('OS2mo – medarbejder og organisation');
    expect(page).toContain('Beslutningslog');
    expect(page).toContain('OS2mo godkendt som N3-projekt');
    expect(page).toContain('Styregruppe udpeget');
    // N3 answers only what applies to N3 (finding 5): the catalogue's N3 requirements, not all its items; the
    // page shows the product's own counts.
    const mo = fixtureRollUps().find((r) => r.sourceKey === 'os2/10001')!;
    const n3 = requirementsFor(OS2_2016, 'N3').length;
    expect(n3).toBeLessThan(itemsFor(OS2_2016, 'N3').length);
    expect(mo.requirements.total).toBe(n3);
    const { met, explained, open } = mo.requirements;
    expect(page).toContain(`${met} opfyldt, ${explained} forklaret, ${open.length} åbne af ${n3} krav`);
    expect(page).toContain('N3-FORMAL-POLITICAL-COMMUNICATION-EXTERNAL');
    // Named from the built-in requirement catalogue.
    expect(page).toContain(
      'Politisk og strategisk kommunikation over for KOMBIT, KL, Digitaliseringsstyrelsen m.fl.',
    );
    expect(page).toContain('Aarhus');
    expect(page).toContain('MO-100');
    // The decision log is newest first.
    const dates = [...page.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    // An encoded source key and a bare project key find the same product.
    expect((await a.inject('/portfolio/os2%2F10001')).statusCode).toBe(200);
    expect((await a.inject('/portfolio/MO?lang=en')).body).toContain('Decision log');
    const missing = await a.inject('/portfolio/os2/424242');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Produktet findes ikke');
  });

  it('issue 14 finding 2: shows the governance rules a product breaks on its page', async () => {
    const broken = fixtureRollUps().map((e) =>
      e.project.key === 'KITOS' ? { ...e, ruleViolations: ['N3_STEERING_GROUP_NOT_APPOINTED' as const] } : e,
    );
    const a = await serve(() => broken);
    const kitos = broken.find((e) => e.project.key === 'KITOS')!;
    const res = await a.inject(`/portfolio/${kitos.sourceKey.replace('/', '/')}`);
    expect(res.body).toContain('Produktet overholder ikke styringsreglerne');
    expect(res.body).toContain('data-rule-violations="N3_STEERING_GROUP_NOT_APPOINTED"');
    const clean = await a.inject('/portfolio/os2/10001');
    expect(clean.body).not.toContain('data-rule-violations');
  });

  it('issue 14 finding 8: an old status report shows as stale, spending above budget as an overrun', async () => {
    const entries = fixtureRollUps().map((e) =>
      e.project.key === 'MO' && e.status
        ? {
            ...e,
            status: { ...e.status, date: '2018-05-01', budgetDkk: 100, spentDkk: 90, forecastDkk: 150 },
          }
        : e,
    );
    const a = await serve(() => entries);
    const page = (await a.inject('/portfolio/os2/10001')).body;
    expect(page).toContain('data-stale="true"');
    expect(page).toContain('Forældet: ingen ny statusrapport');
    expect(page).toContain('data-overrun="true"');
  });

  it('names requirements through the catalogue hook when one is given', async () => {
    const a = await serve(fixtureRollUps, {
      requirementLabel: (id, lang) => (id.startsWith('N3-') ? `${lang}:label of ${id}` : undefined),
    });
    expect((await a.inject('/portfolio/os2/10001?lang=en')).body).toContain(
      'en:label of N3-FORMAL-POLITICAL-COMMUNICATION-EXTERNAL',
    );
  });

  it('exports the (filtered, sorted) portfolio as CSV for Excel', async () => {
    const base = fixtureRollUps();
    const formula: PortfolioEntry = { ...base[0]!, sourceKey: 'os2/888', name: '=HYPERLINK("http://x")' };
    const a = await serve(() => [...base, formula]);
    const res = await a.inject('/portfolio.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="os2-portefoelje-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const body = res.body;
    expect(body.startsWith('\uFEFF')).toBe(true);
    const lines = body.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(base.length + 2);
    expect(lines[0]).toMatch(/^Produkt;Projektnøgle;Site;Niveau;Tilstand;/);
    const mo = lines.find((l) => l.startsWith('OS2mo'));
    expect(mo).toContain(';N3;Produkt;Verificeret;Styregruppe;Lars Bech Holm;5;3;');
    // A cell that a spreadsheet would run as a formula is neutralised and quoted.
    expect(body).toContain(`"'=HYPERLINK(""http://x"")"`);
    const n3 = await a.inject('/portfolio.csv?level=N3&lang=en');
    const n3Lines = n3.body.slice(1).trimEnd().split('\r\n');
    expect(n3Lines[0]).toMatch(/^Product;Project key;/);
    expect(n3Lines.slice(1).every((l) => l.includes(';N3;'))).toBe(true);
  });

  it('serves the roll-ups as JSON and a version that changes when a roll-up changes', async () => {
    let entries = fixtureRollUps();
    const a = await serve(() => entries);
    const json = (await a.inject('/api/portfolio?site=os2')).json() as { total: number; products: unknown[] };
    expect(json.total).toBe(entries.length);
    expect(json.products.length).toBe(entries.filter((e) => e.site === 'os2').length);
    for (const p of json.products) {
      const { hash: _hash, ...rollUp } = p as PortfolioEntry;
      expect(RollUpSchema.safeParse(rollUp).success).toBe(true);
    }
    const v1 = ((await a.inject('/api/portfolio/version')).json() as { version: string }).version;
    expect((await a.inject('/api/portfolio/version')).json()).toEqual({ version: v1 });
    entries = entries.map((e) =>
      e.project.key === 'MO' ? { ...e, openRequests: e.openRequests + 1, hash: 'changed' } : e,
    );
    const v2 = ((await a.inject('/api/portfolio/version')).json() as { version: string }).version;
    expect(v2).not.toBe(v1);
  });

  it('serves its own assets and references nothing outside the service', async () => {
    const a = await serve();
    for (const url of ['/portfolio', '/portfolio/os2/10001', '/portfolio?lang=en']) {
      const page = (await a.inject(url)).body;
      const refs = [...page.matchAll(/\s(?:src|href|action)="([^"]*)"/g)].map((m) => m[1] ?? '');
      expect(refs.length).toBeGreaterThan(5);
      for (const ref of refs) expect(ref).toMatch(/^(\/|\?|#)/);
      const res = await a.inject(url);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      // No inline script or style: the CSP would block them.
      expect(page).not.toMatch(/<script(?![^>]*\ssrc=)/);
      expect(page).not.toMatch(/\sstyle="/);
    }
    const css = await a.inject('/portfolio-assets/portfolio.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).not.toMatch(/url\(|@import|https?:\/\//);
    const js = await a.inject('/portfolio-assets/portfolio.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).not.toMatch(/https?:\/\//);
    const etag = js.headers.etag as string;
    expect(
      (await a.inject({ url: '/portfolio-assets/portfolio.js', headers: { 'if-none-match': etag } }))
        .statusCode,
    ).toBe(304);
    expect((await a.inject('/portfolio-assets/../index.ts')).statusCode).toBe(404);
    expect((await a.inject('/portfolio-assets/nope.js')).statusCode).toBe(404);
  });

  it('links keys to Jira when the site base URL is known', async () => {
    const a = await serve(fixtureRollUps, {
      jiraBaseUrl: (site) => (site === 'os2' ? 'https://os2.atlassian.net/' : undefined),
    });
    const page = (await a.inject('/portfolio')).body;
    expect(page).toContain('href="https://os2.atlassian.net/browse/MO"');
    expect(page).toContain('href="https://os2.atlassian.net/browse/MO-100"');
    expect(page).not.toContain('/browse/SOFD');
  });

  it('answers 503 with a clear page when the portfolio project cannot be read', async () => {
    app = Fastify({ logger: false });
    await app.register(portfolioPagePlugin, {
      listRollUps: async () => {
        throw new Error('Jira 500');
      },
    });
    const res = await app.inject('/portfolio');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('Porteføljen kan ikke hentes lige nu');
    expect((await app.inject('/portfolio.csv')).statusCode).toBe(503);
    expect((await app.inject('/api/portfolio')).statusCode).toBe(503);
  });

  it('reads the portfolio once for concurrent requests within the cache window', async () => {
    let reads = 0;
    app = Fastify({ logger: false });
    await app.register(portfolioPagePlugin, {
      cacheMs: 60_000,
      listRollUps: async () => {
        reads += 1;
        await new Promise((r) => setTimeout(r, 20));
        return fixtureRollUps();
      },
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => app!.inject('/portfolio')));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    await app.inject('/api/portfolio');
    expect(reads).toBe(1);
  });

  it('works under a prefix', async () => {
    app = Fastify({ logger: false });
    await app.register(portfolioPagePlugin, { prefix: '/os2', listRollUps: async () => fixtureRollUps() });
    const page = (await app.inject('/os2/portfolio')).body;
    expect(page).toContain('href="/os2/portfolio-assets/portfolio.css"');
    expect(page).toContain('href="/os2/portfolio/os2/10001"');
    expect((await app.inject('/os2/portfolio/os2/10001')).statusCode).toBe(200);
    expect((await app.inject('/os2/portfolio-assets/portfolio.js')).statusCode).toBe(200);
  });
});
