// The portfolio page's Lister tab (issue 15 item 6) end to end: a poll and change requests made through the app's
// own resolvers on the simulated os2 site, a project nobody governs; a reconcile makes the service ask each site's
// app for its lists (the `lists` op) and keep them in Redis; the page and its CSV list them, with 0 Jira calls and
// 0 app calls per view. The supplier site has no app-data address: the page says so, with the time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { signPushedRollUp } from '../../src/mirror/pushed-rollup.js';
import { FEATURE_REQUEST_TYPE } from '../../jira-sim/index.js';
import { startForgeRuntime } from '../../forge-sim/index.js';
import { portfolioPagePlugin } from '../src/portfolio-page/index.js';
import { appDataListsFetcher, PortfolioListsStore } from '../src/portfolio-lists.js';
import { parseConfig } from '../src/config.js';
import {
  cleanupPrefix,
  postEvent,
  SECRET,
  startService,
  startSim,
  testConfigFile,
  waitIdle,
} from './helpers.js';
import { waitFor } from '../../test/support/wait-for.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncConfig } from '../src/config.js';
import type { SyncService } from '../src/service.js';

const SECRETARIAT = 'os2-sek-mette';
const MO = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!;

describe('lists across the portfolio on the portfolio page (simulators + real Redis)', () => {
  let sim: JiraSim;
  let forge: ForgeRuntime | undefined;
  let config: SyncConfig;
  let service: SyncService;
  const asks: string[] = [];
  const jiraCalls = () => sim.sites.reduce((n, s) => n + sim.site(s.name).totalCalls(), 0);
  const resetCalls = () => sim.sites.forEach((s) => sim.site(s.name).resetCalls());
  const get = async (path: string) => {
    const res = await fetch(`${service.address}${path}`);
    expect(res.status, path).toBe(200);
    return res;
  };
  // Response.text() drops a byte order mark; the file as the browser saves it keeps it.
  const bytes = async (res: Response) =>
    new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  const featureRequests = (projectKey: string) => {
    const state = sim.site('os2').state;
    const project = state.resolveProject(projectKey)!;
    const types = state.projectIssueTypes(project);
    return [...state.issues.values()].filter(
      (i) =>
        i.projectId === project.id &&
        !i.deleted &&
        types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
    );
  };
  const cr = (
    issueKey: string,
    action: string,
    input: Record<string, unknown>,
    rev: number,
    who = SECRETARIAT,
  ) =>
    forge!.invoke(
      'issue-panel',
      'changeRequest',
      { action, input, expectedRevision: rev },
      { accountId: who, issue: issueKey },
    );

  beforeAll(async () => {
    sim = await startSim([{ name: 'os2' }, { name: 'supplier' }], { featureRequestsPerProduct: 3 });
    forge = await startForgeRuntime({ jiraSim: sim, siteName: 'os2', secret: SECRET });
    // The os2 site's app is asked through its signed os2-app-data web trigger over HTTP, as in production; the
    // supplier site has no appDataUrl.
    const url = await forge.webTriggerUrl('os2-app-data');
    const { file, env } = testConfigFile(sim);
    config = parseConfig(
      { ...file, sites: file.sites.map((s) => (s.name === 'os2' ? { ...s, appDataUrl: url } : s)) },
      env,
    );
    const real = appDataListsFetcher({ config });
    const counted = async (site: string) => {
      asks.push(site);
      return real(site);
    };
    service = await startService(config, {
      plugins: [{ plugin: portfolioPagePlugin, options: { cacheMs: 0, refreshMs: 0 } }],
      listsMinGapMs: 300,
      fetchLists: Object.assign(counted, { unavailable: real.unavailable! }),
    });
  });
  afterAll(async () => {
    await service?.close();
    await forge?.close();
    await sim?.close();
    await cleanupPrefix(config.redis.prefix);
  });

  it('before any fetch the tab says, per site, that the lists are not fetched yet', async () => {
    const page = await (await get('/portfolio/lists')).text();
    expect(page).toContain('Listerne fra os2 er ikke hentet endnu');
    expect(page).toContain('Listerne fra supplier er ikke hentet endnu');
    const en = await (await get('/portfolio/lists?lang=en')).text();
    expect(en).toContain('The lists from os2 have not been fetched yet');
    // The portfolio page links to it.
    expect(await (await get('/portfolio')).text()).toContain('id="lists-link"');
  });

  it('a poll, change requests and an ungoverned project reach the page and the CSV after a reconcile', async () => {
    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const mo = featureRequests('MO')[0]!;
    const opened = await forge!.invoke(
      'issue-panel',
      'openPoll',
      { question: 'Skal MO have et nyt API?', alternatives: ['Ja', 'Nej'], deadline },
      { accountId: SECRETARIAT, issue: mo.key },
    );
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    const [first, second] = featureRequests('KITOS');
    expect((await cr(first!.key, 'submit', { size: 'small' }, 0, 'k151-bo')).ok).toBe(true);
    expect(
      (await cr(first!.key, 'decideSmall', { approve: true, reason: 'En ny kontraktrolle' }, 1)).ok,
    ).toBe(true);
    expect((await cr(first!.key, 'publish', {}, 2)).ok).toBe(true);
    expect((await cr(second!.key, 'submit', { size: 'large' }, 0, 'k151-bo')).ok).toBe(true);
    const site = sim.site('os2');
    site.state.addProject({
      id: '10961',
      key: 'NYT',
      name: 'Nyt projekt uden governance',
      leadAccountId: site.admin.accountId,
    });

    await service.reconcile();
    const store = new PortfolioListsStore(service.redis, service.context.keys);
    await waitFor(
      async () => Boolean((await store.get('os2'))?.fetchedAt),
      'the os2 lists to be fetched',
      20_000,
    );
    await waitFor(
      async () => Boolean((await store.get('supplier'))?.error),
      'the supplier ask to fail',
      20_000,
    );
    await waitIdle(service);

    const polls = await (await get('/portfolio/lists')).text();
    expect(polls).toContain('Skal MO have et nyt API?');
    expect(polls).toContain(MO.record.name);
    expect(polls).toMatch(
      /Seneste hentning fra supplier fejlede .*: site &quot;supplier&quot; har ingen appDataUrl/,
    );
    expect(await (await get('/portfolio/lists?lang=en')).text()).toMatch(
      /The last fetch from supplier failed .*: site &quot;supplier&quot; has no appDataUrl/,
    );
    expect(polls).not.toContain('Listerne fra os2 er ikke hentet endnu');

    const crs = await (await get('/portfolio/lists?list=changeRequests')).text();
    // Grouped per product, in the process order within it: the submitted one before the published one.
    const kitos = crs.slice(crs.indexOf(`data-product="os2/KITOS"`));
    expect(kitos.indexOf(second!.key)).toBeGreaterThan(0);
    expect(kitos.indexOf(second!.key)).toBeLessThan(kitos.indexOf(first!.key));
    expect(kitos).toContain('Offentliggjort');

    const outcomes = await (await get('/portfolio/lists?list=outcomes&lang=en')).text();
    expect(outcomes).toContain('En ny kontraktrolle');
    expect(outcomes).toContain('Approved');

    const ungoverned = await (await get('/portfolio/lists?list=ungoverned')).text();
    expect(ungoverned).toContain('Nyt projekt uden governance');
    expect(ungoverned).not.toMatch(/data-list-row="ungoverned">\s*<td>os2<\/td>\s*<td>[^<]*PORT/);

    // CSV as Danish Excel opens it; the same columns as the Jira global page's.
    const csv = await get('/portfolio/lists.csv?list=polls');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="os2-lister-polls-\d{4}-\d\d-\d\d\.csv"/,
    );
    const pollsCsv = await bytes(csv);
    expect(
      pollsCsv.startsWith('\uFEFFProdukt;Projektnøgle;Site;Sag;Spørgsmål;Frist;Status;Svar;Kan svare\r\n'),
    ).toBe(true);
    expect(pollsCsv).toContain(`;MO;os2;;Skal MO have et nyt API?;${deadline.slice(0, 10)};Åben;0;`);
    const crCsv = await bytes(await get('/portfolio/lists.csv?list=changeRequests'));
    expect(crCsv).toContain(`;KITOS;os2;${second!.key};`);
    expect(crCsv).toContain(';Offentliggjort;');
    const ungovernedCsv = await bytes(await get('/portfolio/lists.csv?list=ungoverned&lang=en'));
    expect(ungovernedCsv.split('\r\n')[0]).toBe('\uFEFFSite;Project key;Name');
    expect(ungovernedCsv).toContain('os2;NYT;Nyt projekt uden governance\r\n');
  });

  it('page views cost 0 Jira calls and 0 asks of the app', async () => {
    resetCalls();
    const before = asks.length;
    for (let i = 0; i < 5; i++) {
      for (const list of ['polls', 'changeRequests', 'outcomes', 'ungoverned']) {
        await get(`/portfolio/lists?list=${list}`);
        await get(`/portfolio/lists.csv?list=${list}`);
      }
    }
    expect(jiraCalls()).toBe(0);
    expect(asks.length).toBe(before);
  });

  it('an accepted push asks the app again (a burst of pushes: one ask), and a later change shows up', async () => {
    const third = featureRequests('KITOS')[2]!;
    expect((await cr(third.key, 'submit', { size: 'small' }, 0, 'k151-bo')).ok).toBe(true);
    const before = asks.filter((s) => s === 'os2').length;
    const siteUrl = sim.site('os2').baseUrl;
    const at = Date.now();
    for (let i = 0; i < 3; i++) {
      const res = await postEvent(service.address!, {
        kind: 'governance',
        siteUrl,
        projectId: MO.record.project.id,
        occurredAt: new Date().toISOString(),
        rollUp: signPushedRollUp(
          { record: MO.record, decisions: MO.decisions.slice(-10), openRequests: 3, topRequests: [] },
          { siteUrl, projectId: MO.record.project.id },
          SECRET,
          at + i,
        ),
      });
      expect(res.status, JSON.stringify(res.json)).toBe(202);
    }
    await waitFor(
      async () => (await (await get('/portfolio/lists?list=changeRequests')).text()).includes(third.key),
      'the new change request on the page',
      20_000,
    );
    await waitIdle(service);
    // Three pushes within the gap: at most two asks (one at once, one after the gap for what came meanwhile).
    const after = asks.filter((s) => s === 'os2').length;
    expect(after - before).toBeGreaterThanOrEqual(1);
    expect(after - before).toBeLessThanOrEqual(2);
  });
});
