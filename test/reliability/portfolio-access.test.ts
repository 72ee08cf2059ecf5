/**
 * Issue 13, item 10: the portfolio page, its JSON and its CSV (names, pledges, decision texts) are only for who
 * may read them: the dashboard's credentials, or a reverse proxy's SSO header; a deliberate public view shows
 * no people, pledges or decision texts; the default bind is loopback. Real service, simulator, real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import { parseConfig } from '../../sync-worker/src/config.js';
import type { SyncConfigFile } from '../../sync-worker/src/config.js';
import { cleanupPrefix, configParts, startService, startSim, uniquePrefix, waitIdle } from './harness.js';

const PATHS = ['/portfolio', '/api/portfolio', '/portfolio.csv', '/portfolio/os2/10001'];
const plugins = [{ plugin: portfolioPagePlugin, options: { cacheMs: 0, refreshMs: 0 } }];

describe('portfolio access (issue 13, item 10)', () => {
  let sim: JiraSim;
  const services: SyncService[] = [];
  const prefixes: string[] = [];

  async function serve(http: SyncConfigFile['http'], creds = false, workers = false) {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const { file, env } = configParts(sim, prefix, { http: { host: '127.0.0.1', port: 0, ...http } });
    if (creds) {
      env.OS2_DASHBOARD_USER = 'sekretariat';
      env.OS2_DASHBOARD_PASSWORD = 'portefoelje-adgang';
    }
    const s = await startService(parseConfig(file, env), { plugins, workers });
    services.push(s);
    return s;
  }

  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    for (const s of services) await s.close();
    await sim?.close();
    for (const p of prefixes) await cleanupPrefix(p);
  });

  it('binds to loopback unless told otherwise', () => {
    const { file, env } = configParts(sim, '{x}');
    const { http: _http, ...rest } = file;
    expect(parseConfig(rest, env).http.host).toBe('127.0.0.1');
    expect(parseConfig(rest, env).http.portfolioAccess).toEqual({ mode: 'open' });
  });

  it('credentials: the page, JSON, CSV and detail page answer 401 without them and 200 with them', async () => {
    const s = await serve({ portfolioAccess: 'credentials' }, true, true);
    await s.reconcile();
    await waitIdle(s);
    const auth = `Basic ${Buffer.from('sekretariat:portefoelje-adgang').toString('base64')}`;
    const wrong = `Basic ${Buffer.from('sekretariat:gaet').toString('base64')}`;
    for (const path of PATHS) {
      expect((await fetch(`${s.address}${path}`)).status, path).toBe(401);
      expect((await fetch(`${s.address}${path}`, { headers: { Authorization: wrong } })).status, path).toBe(
        401,
      );
      expect((await fetch(`${s.address}${path}`, { headers: { Authorization: auth } })).status, path).toBe(
        200,
      );
    }
    // Health stays open for probes; events keep their own signature check.
    expect((await fetch(`${s.address}/healthz`)).status).toBe(200);
  });

  it('configuration: credentials mode without credentials, header mode without a header name, are refused', () => {
    const { file, env } = configParts(sim, '{x}', { http: { portfolioAccess: 'credentials' } });
    expect(() => parseConfig(file, env)).toThrow(/portfolioAccess/);
    const h = configParts(sim, '{x}', { http: { portfolioAccess: 'header' } });
    expect(() => parseConfig(h.file, h.env)).toThrow(/portfolioUserHeader/);
  });

  it('header: only requests carrying the reverse proxy’s user header are answered', async () => {
    const s = await serve({ portfolioAccess: 'header', portfolioUserHeader: 'X-Forwarded-User' });
    for (const path of PATHS) {
      expect((await fetch(`${s.address}${path}`)).status, path).toBe(401);
      const ok = await fetch(`${s.address}${path}`, { headers: { 'X-Forwarded-User': 'mette@os2.dk' } });
      expect(ok.status, path).toBe(200);
    }
  });

  it('public: a deliberate view without people, pledges or decision texts', async () => {
    const s = await serve({ portfolioAccess: 'public' });
    const api = await fetch(`${s.address}/api/portfolio`).then((r) => r.text());
    const full = await services[0]!.listRollUps();
    expect(full.length).toBeGreaterThan(0);
    const people = full.flatMap((r) => [
      r.steering.chair,
      r.projectLeader,
      ...r.decisions.map((d) => d.decidedBy),
    ]);
    for (const name of people.filter((n): n is string => Boolean(n))) expect(api).not.toContain(name);
    for (const d of full.flatMap((r) => r.decisions)) if (d.summary) expect(api).not.toContain(d.summary);
    const pledged = full.flatMap((r) => r.topRequests).filter((t) => t.coFinanceTotalDkk > 0);
    expect(pledged.length).toBeGreaterThan(0);
    const shown = JSON.parse(api) as { products?: { topRequests: { coFinanceTotalDkk: number }[] }[] };
    const all = JSON.stringify(shown);
    expect(all).not.toMatch(/"coFinanceTotalDkk":[1-9]/);
    const csv = await fetch(`${s.address}/portfolio.csv`).then((r) => r.text());
    for (const name of people.filter((n): n is string => Boolean(n))) expect(csv).not.toContain(name);
  });
});
