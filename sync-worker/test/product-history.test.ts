// The portfolio's product page shows the product's history (issue 15 item 5), asked of the app's os2-app-data
// web trigger in the local Forge runtime over HTTP, against the Jira simulator and a real Redis: cached per
// revision (a view of an unchanged product costs no call to the app, a new revision one), and when the app does
// not answer the page says so and shows the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioPagePlugin } from '../src/portfolio-page/index.js';
import {
  cleanupPrefix,
  postEvent,
  SECRET,
  startService,
  startSim,
  testConfigFile,
  waitIdle,
} from './helpers.js';
import { parseConfig } from '../src/config.js';
import { startForgeRuntime, type ForgeRuntime, type WebTriggerRequest } from '../../forge-sim/index.js';
import { BOARD, membersOf, product } from '../../test/forge-app/helpers.js';
import type { ProjectPageData } from '../../src/resolvers/project-page.js';
import { FEATURE_REQUEST_TYPE, type JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../src/service.js';
import type { SyncConfig } from '../src/config.js';

const MO = product('MO').record;

describe('history on the portfolio’s product page', () => {
  let sim: JiraSim;
  let forge: ForgeRuntime;
  let config: SyncConfig;
  let service: SyncService;
  let calls = 0;
  let down = false;

  const page = async (path: string) => {
    const res = await fetch(`${service.address}${path}`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const moPage = (lang = '') => page(`/portfolio/os2/${MO.project.id}${lang}`);
  const resync = async () => {
    await service.enqueueSync('os2', MO.project.id, 'event');
    await waitIdle(service);
  };

  beforeAll(async () => {
    sim = await startSim([{ name: 'os2' }, { name: 'supplier' }], { featureRequestsPerProduct: 1 });
    const webtriggers = await import('../../src/webtriggers/index.js');
    forge = await startForgeRuntime({
      jiraSim: sim,
      siteName: 'os2',
      secret: SECRET,
      handlers: {
        resolvers: await import('../../src/resolvers/index.js'),
        triggers: await import('../../src/triggers/index.js'),
        consumers: await import('../../src/consumers/index.js'),
        webtriggers: {
          onImport: webtriggers.onImport,
          // The app's own handler, counted; `down` makes the function fail as a broken deploy would.
          onAppData: async (req: WebTriggerRequest) => {
            calls += 1;
            if (down) throw new Error('deploy broken');
            return webtriggers.onAppData(req);
          },
        },
      },
    });
    const { file, env } = testConfigFile(sim);
    const appDataUrl = await forge.webTriggerUrl('os2-app-data');
    config = parseConfig(
      { ...file, sites: file.sites.map((s) => (s.name === 'os2' ? { ...s, appDataUrl } : s)) },
      env,
    );
    service = await startService(config, { plugins: [{ plugin: portfolioPagePlugin }] });
    await service.reconcile();
    await waitIdle(service);
  });
  afterAll(async () => {
    await service?.close();
    await forge?.close();
    await sim?.close();
    await cleanupPrefix(config.redis.prefix);
  });

  it('shows who decided what and when, in Danish and English; a second view asks the app nothing', async () => {
    calls = 0;
    const da = await moPage();
    expect(calls).toBe(1);
    expect(da).toContain('data-history-state="ok"');
    expect(da).toContain('<h2 id="h-history">Historik</h2>');
    const decision = product('MO').decisions.at(-1)!;
    expect(da).toContain(decision.decidedBy.displayName);
    expect(da).toContain('Ældste gemte udgave');
    expect(da).toContain(`Navn: — → ${MO.name}`);
    const en = await moPage('?lang=en');
    expect(en).toContain('<h2 id="h-history">History</h2>');
    expect(en).toContain('Oldest stored version');
    expect(en).toContain(`Name: — → ${MO.name}`);
    await moPage();
    expect(calls, 'the same revision is served from Redis').toBe(1);
  });

  it('a new revision is fetched once: the board’s level change shows, field by field, with who', async () => {
    const before = (
      await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId: BOARD, project: 'MO' })
    ).data!.record!;
    const target = before.level === 'N3' ? 'N2' : 'N3';
    const moved = await forge.invoke(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: before.revision,
        input: { level: target, reason: 'Bestyrelsesmøde 4. marts' },
      },
      { accountId: BOARD, project: 'MO' },
    );
    expect(moved.ok).toBe(true);
    await resync();
    calls = 0;
    const views = await Promise.all([moPage(), moPage(), moPage('?lang=en')]);
    expect(calls, 'three views at once of a new revision: one call').toBe(1);
    expect(views[0]).toContain(`Niveau: ${before.level} → ${target}`);
    expect(views[0]).toContain('Bestyrelsesmøde 4. marts');
    expect(views[2]).toContain(`Level: ${before.level} → ${target}`);
    await moPage();
    expect(calls).toBe(1);
  });

  it('a vote or pledge (no new revision) moves the roll-up and is fetched once too', async () => {
    const state = sim.site('os2').state;
    const project = state.resolveProject('MO')!;
    const types = state.projectIssueTypes(project);
    const request = [...state.issues.values()].find(
      (i) =>
        i.projectId === project.id &&
        !i.deleted &&
        types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
    )!;
    const voter = membersOf(MO.municipalities[0]!.code)[0]!;
    const voted = await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: true, amountDkk: 40_000 } },
      { accountId: voter.accountId, issue: request.key },
    );
    expect(voted.ok, JSON.stringify(voted)).toBe(true);
    // The app's change event for the vote (the sync then reads the request's new tally).
    const event = await postEvent(service.address!, {
      kind: 'votes',
      siteUrl: sim.site('os2').baseUrl,
      projectId: MO.project.id,
      issueId: String(request.id),
      occurredAt: new Date().toISOString(),
    });
    expect(event.status, JSON.stringify(event.json)).toBe(202);
    await waitIdle(service);
    const mo = (await service.listRollUps()).find((r) => r.project.id === MO.project.id)!;
    expect(mo.topRequests.find((r) => r.key === request.key)?.coFinanceTotalDkk).toBeGreaterThanOrEqual(
      40_000,
    );
    calls = 0;
    const da = await moPage();
    expect(calls).toBe(1);
    expect(da).toMatch(new RegExp(`stemte på ${request.key} \\(vil medfinansiere 40\\.000`));
    await moPage();
    expect(calls).toBe(1);
  });

  it('when the app does not answer, the page says so, shows the history it had and everything else', async () => {
    const before = (
      await forge.invoke<ProjectPageData>('project-page', 'load', {}, { accountId: BOARD, project: 'MO' })
    ).data!.record!;
    const back = before.level === 'N3' ? 'N2' : 'N3';
    expect(
      (
        await forge.invoke(
          'project-page',
          'transition',
          {
            action: 'changeLevel',
            expectedRevision: before.revision,
            input: { level: back, reason: 'Igen' },
          },
          { accountId: BOARD, project: 'MO' },
        )
      ).ok,
    ).toBe(true);
    await resync();
    down = true;
    calls = 0;
    const da = await moPage();
    expect(calls).toBe(1);
    expect(da).toContain('data-history="unavailable"');
    expect(da).toContain('Historikken kan ikke hentes fra appen lige nu');
    expect(da).toContain('appen på os2 svarede 500 uden JSON');
    expect(da).toMatch(/Viser historikken, som den var /);
    // The history it had (the earlier level change) and the rest of the page.
    expect(da).toContain('Bestyrelsesmøde 4. marts');
    expect(da).toContain('id="decision-log"');
    expect(da).toContain('id="h-req"');
    const en = await moPage('?lang=en');
    expect(en).toContain('The history cannot be fetched from the app right now');
    expect(calls, 'a failure is remembered for a while: views do not wait for the app again').toBe(1);
    // Once that while has passed and the app is back, the next view fetches the new revision.
    down = false;
    await service.redis.del(service.context.keys.appDataFailure(`os2/${MO.project.id}`));
    const again = await moPage();
    expect(calls).toBe(2);
    expect(again).toContain('data-history-state="ok"');
    expect(again).toContain(`Niveau: ${before.level} → ${back}`);
  });

  it('the public view (no people, no decision texts) has no history and asks the app nothing', async () => {
    const { file, env } = testConfigFile(sim, {}, config.redis.prefix);
    const appDataUrl = config.sites.find((s) => s.name === 'os2')!.appDataUrl!;
    const publicConfig = parseConfig(
      {
        ...file,
        http: { host: '127.0.0.1', port: 0, portfolioAccess: 'public' },
        sites: file.sites.map((s) => (s.name === 'os2' ? { ...s, appDataUrl } : s)),
      },
      env,
    );
    const open = await startService(publicConfig, {
      plugins: [{ plugin: portfolioPagePlugin }],
      workers: false,
      reconcileAtStart: false,
    });
    try {
      await service.redis.del(service.context.keys.appDataHistory(`os2/${MO.project.id}`));
      calls = 0;
      const res = await fetch(`${open.address}/portfolio/os2/${MO.project.id}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(MO.name);
      expect(html).not.toContain('h-history');
      expect(calls).toBe(0);
    } finally {
      await open.close();
    }
  });

  it('a site without appDataUrl: the page says how the history is connected', async () => {
    const supplier = product('KITOS').record.project.id;
    const key = (await service.listRollUps()).find((r) => r.site === 'supplier')?.sourceKey;
    expect(key, `a supplier product is in the portfolio (${supplier})`).toBeDefined();
    const html = await page(`/portfolio/${key}`);
    expect(html).toContain('data-history="not-configured"');
    expect(html).toContain('sites[].appDataUrl');
  });
});
