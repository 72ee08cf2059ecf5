import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SiteHealth } from '../site-identity.js';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '../../../src/domain/canonical-json.js';
import { CATALOGUES } from '../../../src/domain/catalogue-registry.js';
import { todayInCopenhagen } from '../../../src/domain/attention.js';
import { portfolioCsv } from './csv.js';
import { parseLang, strings } from './i18n.js';
import type { Lang } from './i18n.js';
import { filterEntries, parseQuery, queryString, sitesOf, sortEntries } from './model.js';
import type { PortfolioEntry } from './model.js';
import { renderDetailPage, renderMessagePage, renderPortfolioPage } from './render.js';
import type { RenderContext } from './render.js';
import { DEFAULT_LISTS_STALE_MS, listsCsv, parseListKind, renderListsPage } from './lists.js';
import type { SiteLists } from '../portfolio-lists.js';
import type { ProductHistoryView } from './history.js';

export type { PortfolioEntry } from './model.js';

export interface PortfolioPageOptions {
  /**
   * Every product's roll-up: in the sync service, its own state (what it wrote to the portfolio project); the
   * page keeps no copy of its own beyond its last snapshot.
   */
  listRollUps: () => Promise<readonly PortfolioEntry[]>;
  /** How long one read of the portfolio serves requests, in ms; concurrent requests share one read. Default 1000. */
  cacheMs?: number;
  /**
   * A cheap version of what `listRollUps` returns (the sync service's state counter). When given, a read is
   * served from the last snapshot for as long as the version stays the same (`cacheMs` is then not used): open
   * pages cost one version check each, and the portfolio is read again only after the sync changed it.
   */
  portfolioVersion?: () => Promise<string>;
  /** How often an open page checks for a newer portfolio, in ms; 0 turns live updates off. Default 4000. */
  refreshMs?: number;
  /** Base URL of a source site (e.g. https://os2.atlassian.net) for links to Jira; undefined: no links. */
  jiraBaseUrl?: (site: string) => string | undefined;
  /** Human name of a requirement id; default: its text in the built-in requirement catalogues. */
  requirementLabel?: (id: string, lang: Lang) => string | undefined;
  /** When the next sync runs; shown on an empty portfolio with how to run one now. */
  nextSync?: () => Promise<Date | undefined>;
  /**
   * The sync service's Jira identity per site: a site whose token is dead gets a banner and its rows are
   * marked "not current" (their figures are the last good ones).
   */
  siteHealth?: () => Promise<readonly SiteHealth[]>;
  /**
   * Today's date (ISO, the Danish calendar day) that overdue, stale and due reports are measured against
   * (src/domain/attention.ts); default: today in Copenhagen. Tests pass a fixed day.
   */
  today?: () => string;
  /** Answer GET / with a redirect to /portfolio (default true; turn off when the host serves / itself). */
  rootRedirect?: boolean;
  /**
   * Each source site's cross-portfolio lists as the service last fetched them from its app (Redis only; the
   * sync service passes it): the Lister tab at `/portfolio/lists` and its CSV. Absent: no Lister tab.
   */
  listLists?: () => Promise<readonly SiteLists[]>;
  /** Lists fetched longer ago than this are said to be old, with their time (default 6½ hours). */
  listsStaleMs?: number;
  /**
   * A product's governance history from its app (sync-worker/src/app-data-history.ts), for the product page;
   * absent: the page has no history section (the public view, which shows no people or decision texts).
   */
  productHistory?: (entry: PortfolioEntry) => Promise<ProductHistoryView>;
}

const ASSETS: Record<string, string> = {
  'portfolio.css': 'text/css; charset=utf-8',
  'portfolio.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function loadAssets(): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const [name, type] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
    out.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` });
  }
  return out;
}

/** A requirement's text in the built-in catalogues (ids carry the level, so they are unique across them). */
export function catalogueRequirementLabel(id: string, lang: Lang): string | undefined {
  for (const catalogue of Object.values(CATALOGUES)) {
    const found = catalogue.requirements.find((r) => r.id === id);
    if (found) return found[lang];
  }
  return undefined;
}

/**
 * Nothing on the page comes from anywhere but this service: no CDN, no inline script or style, no framing.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A version of the whole portfolio: changes whenever any roll-up changes (uses each roll-up's hash when present). */
export function portfolioVersion(entries: readonly PortfolioEntry[]): string {
  const parts = entries
    .map((e) => `${e.sourceKey}=${e.hash ?? createHash('sha256').update(canonicalJson(e)).digest('hex')}`)
    .sort();
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 20);
}

interface Snapshot {
  entries: readonly PortfolioEntry[];
  version: string;
  readAt: Date;
}

function cachedReader(
  list: () => Promise<readonly PortfolioEntry[]>,
  cacheMs: number,
  sourceVersion?: () => Promise<string>,
): () => Promise<Snapshot> {
  let last: { at: number; source?: string; snapshot: Snapshot } | undefined;
  let inFlight: Promise<Snapshot> | undefined;
  const load = (source: string | undefined) => {
    if (inFlight) return inFlight;
    inFlight = (async () => {
      try {
        const entries = await list();
        const snapshot = { entries, version: portfolioVersion(entries), readAt: new Date() };
        last = { at: Date.now(), ...(source !== undefined ? { source } : {}), snapshot };
        return snapshot;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
  if (sourceVersion) {
    return async () => {
      const source = await sourceVersion();
      if (last && last.source === source) return last.snapshot;
      return load(source);
    };
  }
  return () => {
    if (last && Date.now() - last.at < cacheMs) return Promise.resolve(last.snapshot);
    return load(undefined);
  };
}

/**
 * The portfolio page for the secretariat and the board, as a fastify plugin (encapsulated: its headers and
 * routes touch nothing else on the server).
 *
 * - `GET /portfolio` the table (filters `level`, `state`, `site`, `q`; `sort`, `dir`; `lang=en`), summary and chart
 * - `GET /portfolio/<site>/<projectId>` one product: decision log, requirement answers, top requests, history
 * - `GET /portfolio.csv` the same rows as CSV for board meetings
 * - `GET /api/portfolio` JSON; `GET /api/portfolio/version` for live updates
 * - `GET /portfolio-assets/*` the page's own CSS, script and icon
 */
export const portfolioPagePlugin: FastifyPluginAsync<PortfolioPageOptions> = async (
  app: FastifyInstance,
  opts: PortfolioPageOptions,
) => {
  const read = cachedReader(opts.listRollUps, opts.cacheMs ?? 1000, opts.portfolioVersion);
  const assets = loadAssets();
  const base = app.prefix === '/' ? '' : app.prefix;
  const refreshMs = opts.refreshMs ?? 4000;
  const today = opts.today ?? todayInCopenhagen;

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header('content-security-policy', CSP);
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  // Lost sites are part of the page's version, so open tabs show (and drop) the banner without a reload.
  const lostSites = async (): Promise<{ site: string; since?: string }[]> => {
    if (!opts.siteHealth) return [];
    try {
      return (await opts.siteHealth())
        .filter((h) => h.auth === 'lost')
        .map((h) => ({ site: h.site, ...(h.since ? { since: h.since } : {}) }));
    } catch {
      return [];
    }
  };
  const versionOf = (snapshot: Snapshot, lost: readonly { site: string }[]) =>
    lost.length ? `${snapshot.version}~lost:${lost.map((l) => l.site).join(',')}` : snapshot.version;

  const ctxFor = (
    snapshot: Snapshot,
    lost: readonly { site: string; since?: string }[] = [],
  ): RenderContext => ({
    base,
    jiraBaseUrl: opts.jiraBaseUrl,
    requirementLabel: opts.requirementLabel ?? catalogueRequirementLabel,
    refreshMs,
    version: versionOf(snapshot, lost),
    now: snapshot.readAt,
    today: today(),
    ...(lost.length ? { lostSites: lost } : {}),
  });

  const unavailable = (req: FastifyRequest, reply: FastifyReply, lang: Lang, err: unknown): FastifyReply => {
    req.log.error({ err }, 'portfolio page: reading the portfolio project failed');
    const t = strings(lang);
    const page = renderMessagePage(
      lang,
      { base, refreshMs: 0, version: '', now: new Date(), today: today() },
      t.unavailable,
      t.unavailableBody,
      `${base}/portfolio${lang === 'da' ? '?lang=en' : ''}`,
    );
    return reply.code(503).header('retry-after', '5').type('text/html; charset=utf-8').send(page);
  };

  if (opts.rootRedirect ?? true) {
    app.get('/', async (req, reply) => {
      const lang = parseLang((req.query as Record<string, unknown>).lang);
      return reply.redirect(`${base}/portfolio${lang === 'en' ? '?lang=en' : ''}`);
    });
  }

  app.get('/portfolio', async (req, reply) => {
    const q = parseQuery(req.query as Record<string, unknown>);
    let snapshot: Snapshot;
    try {
      snapshot = await read();
    } catch (err) {
      return unavailable(req, reply, q.lang, err);
    }
    const shown = sortEntries(filterEntries(snapshot.entries, q, today()), q.sort, q.dir);
    // Only an empty portfolio asks: the hint says when it fills and how to fill it now.
    const nextSync =
      snapshot.entries.length === 0 && opts.nextSync
        ? await opts.nextSync().catch(() => undefined)
        : undefined;
    const page = renderPortfolioPage(
      { query: q, all: snapshot.entries, shown, sites: sitesOf(snapshot.entries) },
      {
        ...ctxFor(snapshot, await lostSites()),
        ...(nextSync ? { nextSync } : {}),
        ...(opts.listLists
          ? { listsHref: `${base}/portfolio/lists${q.lang === 'da' ? '' : '?lang=en'}` }
          : {}),
      },
    );
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.get('/portfolio.csv', async (req, reply) => {
    const q = parseQuery(req.query as Record<string, unknown>);
    let snapshot: Snapshot;
    try {
      snapshot = await read();
    } catch (err) {
      req.log.error({ err }, 'portfolio CSV: reading the portfolio project failed');
      return reply.code(503).header('retry-after', '5').send({ error: 'portfolio_unavailable' });
    }
    const shown = sortEntries(filterEntries(snapshot.entries, q, today()), q.sort, q.dir);
    const day = snapshot.readAt.toISOString().slice(0, 10);
    const name = q.lang === 'da' ? `os2-portefoelje-${day}.csv` : `os2-portfolio-${day}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(portfolioCsv(shown, q.lang, today()));
  });

  app.get('/api/portfolio', async (req, reply) => {
    const q = parseQuery(req.query as Record<string, unknown>);
    let snapshot: Snapshot;
    try {
      snapshot = await read();
    } catch (err) {
      req.log.error({ err }, 'portfolio API: reading the portfolio project failed');
      return reply.code(503).header('retry-after', '5').send({ error: 'portfolio_unavailable' });
    }
    const shown = sortEntries(filterEntries(snapshot.entries, q, today()), q.sort, q.dir);
    return reply.header('cache-control', 'no-store').send({
      version: snapshot.version,
      readAt: snapshot.readAt.toISOString(),
      total: snapshot.entries.length,
      products: shown,
    });
  });

  app.get('/api/portfolio/version', async (req, reply) => {
    try {
      const snapshot = await read();
      return reply
        .header('cache-control', 'no-store')
        .send({ version: versionOf(snapshot, await lostSites()) });
    } catch (err) {
      req.log.warn({ err }, 'portfolio version: reading the portfolio project failed');
      return reply.code(503).header('retry-after', '5').send({ error: 'portfolio_unavailable' });
    }
  });

  if (opts.listLists) {
    const listLists = opts.listLists;
    const staleMs = opts.listsStaleMs ?? DEFAULT_LISTS_STALE_MS;
    // Registered before the product pages' wildcard, and static routes win over it: `lists` is never a product.
    app.get('/portfolio/lists', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const lang = parseLang(query.lang);
      let sites: readonly SiteLists[];
      try {
        sites = await listLists();
      } catch (err) {
        return unavailable(req, reply, lang, err);
      }
      const now = new Date();
      const page = renderListsPage(
        { kind: parseListKind(query.list), lang, sites, staleMs },
        { base, jiraBaseUrl: opts.jiraBaseUrl, refreshMs: 0, version: '', now, today: today() },
      );
      return reply.type('text/html; charset=utf-8').send(page);
    });

    app.get('/portfolio/lists.csv', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const lang = parseLang(query.lang);
      const kind = parseListKind(query.list);
      let sites: readonly SiteLists[];
      try {
        sites = await listLists();
      } catch (err) {
        req.log.error({ err }, 'portfolio lists CSV: reading the stored lists failed');
        return reply.code(503).header('retry-after', '5').send({ error: 'portfolio_unavailable' });
      }
      const now = new Date();
      const name = `${lang === 'da' ? 'os2-lister' : 'os2-lists'}-${kind}-${now.toISOString().slice(0, 10)}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(listsCsv(sites, kind, lang, now));
    });
  }

  app.get('/portfolio/*', async (req, reply) => {
    const lang = parseLang((req.query as Record<string, unknown>).lang);
    const rest = ((req.params as Record<string, string | undefined>)['*'] ?? '').replace(/\/+$/, '');
    if (rest === '')
      return reply.redirect(
        `${base}/portfolio${queryString(parseQuery(req.query as Record<string, unknown>))}`,
      );
    let key: string;
    try {
      key = rest.split('/').map(decodeURIComponent).join('/');
    } catch {
      key = rest;
    }
    let snapshot: Snapshot;
    try {
      snapshot = await read();
    } catch (err) {
      return unavailable(req, reply, lang, err);
    }
    const entry =
      snapshot.entries.find((e) => e.sourceKey === key) ??
      (() => {
        const byKey = snapshot.entries.filter((e) => e.project.key === key);
        return byKey.length === 1 ? byKey[0] : undefined;
      })();
    const ctx = ctxFor(snapshot);
    if (!entry) {
      const t = strings(lang);
      const page = renderMessagePage(
        lang,
        ctx,
        t.notFound,
        t.notFoundBody,
        `${base}/portfolio/${rest}${lang === 'da' ? '?lang=en' : ''}`,
      );
      return reply.code(404).type('text/html; charset=utf-8').send(page);
    }
    // The history comes from the app (cached per revision); a failure is shown in its section, never as an error.
    let history: ProductHistoryView | undefined;
    if (opts.productHistory) {
      try {
        history = await opts.productHistory(entry);
      } catch (err) {
        req.log.warn({ err, sourceKey: entry.sourceKey }, 'product page: the history could not be read');
        const why = { da: strings('da').unavailable, en: strings('en').unavailable };
        history = { state: 'unavailable', why };
      }
    }
    return reply.type('text/html; charset=utf-8').send(renderDetailPage(entry, lang, ctx, history));
  });

  app.get('/portfolio-assets/:file', async (req, reply) => {
    const asset = assets.get((req.params as { file: string }).file);
    if (!asset) return reply.code(404).send({ error: 'not_found' });
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply
      .type(asset.type)
      .header('etag', asset.etag)
      .header('cache-control', 'no-cache')
      .send(asset.body);
  });
};

/** The same plugin with its options bound, for hosts that take a list of plain plugins. */
export function createPortfolioPage(opts: PortfolioPageOptions): FastifyPluginAsync {
  return async (app) => portfolioPagePlugin(app, opts);
}
