import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { buildGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import {
  cleanupPrefix,
  portfolioIssues,
  postEvent,
  SECRET,
  startService,
  startSim,
  testConfig,
  waitFor,
  waitIdle,
  writeCalls,
} from './helpers.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../src/service.js';
import type { SyncConfig } from '../src/config.js';

const MO = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!;
const KITOS = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'KITOS')!;

describe('sync-product and the portfolio writer (simulator + real Redis)', () => {
  let sim: JiraSim;
  let config: SyncConfig;
  let service: SyncService;

  beforeAll(async () => {
    sim = await startSim();
    config = testConfig(sim);
    service = await startService(config);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(config.redis.prefix);
  });

  const mo = () => portfolioIssues(sim).filter((i) => i.rollup?.sourceKey === 'os2/10001');

  it('creates the portfolio issue with summary, labels, ADF table, os2-rollup and the status of the state', async () => {
    await service.enqueueSync('os2', MO.record.project.id);
    await waitIdle(service);
    const [issue, ...rest] = mo();
    expect(rest).toHaveLength(0);
    expect(issue?.rollup).toMatchObject({
      integrity: 'verified',
      level: 'N3',
      state: 'product',
      sourceKey: 'os2/10001',
    });
    expect(issue?.status).toBe('Produkt');
    const raw = sim.site('os2').state.issuesByKey.get(issue!.key)!;
    expect(raw.summary).toContain('MO');
    expect(raw.labels).toEqual(expect.arrayContaining(['os2-niveau-N3', 'os2-tilstand-product']));
    expect(
      (raw.description as { type: string; content: { type: string }[] }).content.some(
        (n) => n.type === 'table',
      ),
    ).toBe(true);
  });

  it('a governance change, announced by a signed event, reaches the portfolio issue', async () => {
    const changed = {
      ...MO.record,
      level: 'N2' as const,
      state: 'approved' as const,
      revision: MO.record.revision + 1,
    };
    sim
      .site('os2')
      .state.projects.get('10001')!
      .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(changed, MO.decisions, SECRET));
    const res = await postEvent(service.address!, {
      kind: 'governance',
      siteUrl: sim.site('os2').baseUrl + '/',
      projectId: '10001',
      occurredAt: new Date().toISOString(),
    });
    expect(res.status).toBe(202);
    await waitFor(() => mo()[0]?.rollup?.level === 'N2', 'level N2 on the portfolio issue');
    await waitIdle(service);
    const [issue] = mo();
    expect(issue?.rollup).toMatchObject({ level: 'N2', state: 'approved', revision: MO.record.revision + 1 });
    expect(issue?.status).toBe('Godkendt');
    expect(sim.site('os2').state.issuesByKey.get(issue!.key)!.labels).toContain('os2-tilstand-approved');
    expect(mo()).toHaveLength(1);
  });

  it('a repeated sync with no change writes nothing, also with an emptied Redis cache', async () => {
    await service.enqueueSync('os2', '10001');
    await waitIdle(service);
    sim.site('os2').resetCalls();
    await service.enqueueSync('os2', '10001');
    await waitIdle(service);
    const cached = sim.site('os2').calls();
    expect(writeCalls(cached)).toEqual({});
    // Source side only: mirror, approximate count, top-voted search.
    expect(sim.site('os2').totalCalls()).toBe(3);

    // The hash cache gone, the remembered portfolio issue still says which hash it carries: no call at all.
    await service.redis.del(service.context.keys.writtenHash('os2/10001'));
    sim.site('os2').resetCalls();
    await service.enqueueSync('os2', '10001');
    await waitIdle(service);
    expect(writeCalls(sim.site('os2').calls())).toEqual({});
    expect(sim.site('os2').totalCalls()).toBe(3);

    // Empty what Redis knows of it (the portfolio index entry, with the hash it remembered): the writer finds the
    // issue by one healing search, reads the hash on the issue itself and still writes nothing.
    await service.redis.del(service.context.keys.writtenHash('os2/10001'));
    await service.redis.hdel(service.context.keys.portfolioIndex(), 'os2/10001');
    sim.site('os2').resetCalls();
    await service.enqueueSync('os2', '10001');
    await waitIdle(service);
    expect(writeCalls(sim.site('os2').calls())).toEqual({});
    // Source side 3 (one of them the top-voted search) + the healing search of the portfolio.
    expect(sim.site('os2').callCount('GET /rest/api/3/search/jql')).toBe(2);
    expect(sim.site('os2').totalCalls()).toBe(4);
    expect(await service.redis.hget(service.context.keys.portfolioIndex(), 'os2/10001')).toContain('"hash"');
  });

  it('a tampered mirror is reported as tampered and keeps the last verified fields', async () => {
    const mirror = buildGovernanceMirror(KITOS.record, KITOS.decisions, SECRET);
    sim.site('os2').state.projects.get(KITOS.record.project.id)!.properties.set(GOVERNANCE_PROPERTY, mirror);
    await service.enqueueSync('os2', KITOS.record.project.id);
    await waitIdle(service);
    const sourceKey = `os2/${KITOS.record.project.id}`;
    const before = portfolioIssues(sim).find((i) => i.rollup?.sourceKey === sourceKey)!;
    expect(before.rollup?.integrity).toBe('verified');

    // A project admin edits the property through REST: the level changes, the signature does not.
    const forged = {
      ...mirror,
      level: 'N1',
      payload: { ...mirror.payload, record: { ...mirror.payload.record, level: 'N1' } },
    };
    sim.site('os2').state.projects.get(KITOS.record.project.id)!.properties.set(GOVERNANCE_PROPERTY, forged);
    await service.enqueueSync('os2', KITOS.record.project.id);
    await waitIdle(service);
    const after = portfolioIssues(sim).filter((i) => i.rollup?.sourceKey === sourceKey);
    expect(after).toHaveLength(1);
    expect(after[0]?.rollup).toMatchObject({
      integrity: 'tampered',
      level: KITOS.record.level,
      name: KITOS.record.name,
    });
    expect(sim.site('os2').state.issuesByKey.get(after[0]!.key)!.labels).toContain('os2-integritet-tampered');
    const rollUps = await service.listRollUps();
    expect(rollUps.find((r) => r.sourceKey === sourceKey)?.integrity).toBe('tampered');
  });

  it('never syncs the portfolio project itself (no loops)', async () => {
    const res = await postEvent(service.address!, {
      kind: 'issue',
      siteUrl: sim.site('os2').baseUrl,
      projectId: '10100',
      occurredAt: new Date().toISOString(),
    });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'ignored' });
    await service.enqueueSync('os2', '10100');
    await waitIdle(service);
    expect(portfolioIssues(sim).some((i) => i.rollup?.sourceKey === 'os2/10100')).toBe(false);
  });

  it('reconcile enqueues every governed project of a site; listRollUps reads them back', async () => {
    await service.reconcile();
    await waitIdle(service, 30_000);
    const rollUps = await service.listRollUps();
    const expected = FIXTURE_PRODUCTS.map((p) => `${p.site}/${p.record.project.id}`).sort();
    expect(rollUps.map((r) => r.sourceKey).sort()).toEqual(expected);
    for (const key of expected)
      expect(portfolioIssues(sim).filter((i) => i.rollup?.sourceKey === key)).toHaveLength(1);
  });
});
