import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../src/domain/fixtures.js';
import { buildGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import { cleanupPrefix, SECRET, startService, startSim, testConfig, waitIdle } from './helpers.js';

const MO = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!;

/** Calls on the os2 site (source and portfolio) for: a first sync, an unchanged sync, a changed sync. */
async function measure(featureRequests: number) {
  const sim = await startSim([
    { name: 'os2', products: [MO], featureRequestsPerProduct: featureRequests },
    { name: 'supplier' },
  ]);
  const config = testConfig(sim);
  const service = await startService(config);
  try {
    const site = sim.site('os2');
    const issues = [...site.state.issues.values()].filter((i) => i.projectId === MO.record.project.id).length;
    const run = async () => {
      site.resetCalls();
      await service.enqueueSync('os2', MO.record.project.id);
      await waitIdle(service);
      return site.calls();
    };
    const first = await run();
    const unchanged = await run();
    const changed = { ...MO.record, state: 'approved' as const, revision: MO.record.revision + 1 };
    site.state.projects
      .get(MO.record.project.id)!
      .properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(changed, MO.decisions, SECRET));
    const update = await run();
    return { issues, first, unchanged, update };
  } finally {
    await service.close();
    await sim.close();
    await cleanupPrefix(config.redis.prefix);
  }
}

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

describe('a product sync costs a constant number of Jira calls', () => {
  let small: Awaited<ReturnType<typeof measure>>;
  let big: Awaited<ReturnType<typeof measure>>;
  afterAll(() => {
    console.log(
      `calls per sync (10 vs 10,000 feature requests): first ${total(small.first)} vs ${total(big.first)}, ` +
        `unchanged ${total(small.unchanged)} vs ${total(big.unchanged)}, changed ${total(small.update)} vs ${total(big.update)}`,
    );
  });

  it('the same calls for 10 and for 10,000 feature requests', { timeout: 120_000 }, async () => {
    small = await measure(10);
    big = await measure(10_000);
    expect(big.issues).toBeGreaterThan(10_000);
    expect(big.first).toEqual(small.first);
    expect(big.unchanged).toEqual(small.unchanged);
    expect(big.update).toEqual(small.update);
    // Unchanged: mirror + approximate count + top-voted search, nothing else.
    expect(small.unchanged).toEqual({
      'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}': 1,
      'GET /rest/api/3/search/jql': 1,
      'POST /rest/api/3/search/approximate-count': 1,
    });
    // First sync (creates the portfolio issue), 12 calls: 3 source reads (mirror, approximate count, top-voted
    // search); portfolio find search, the same search once more after taking the create lock, create, the
    // search reconciling the new issue, myself, transitions GET + POST; then, because the simulator's search
    // index lags 1 s, the new issue is still unverified and one delayed re-check runs 2 s later (waitIdle waits
    // for it): GET of the remembered issue by id + the confirmation search, which now shows it (verified, no
    // further rounds). That re-check is the intended healing of f633fda (an older issue only search could show).
    expect(total(small.first)).toBeLessThanOrEqual(12);
    expect(total(small.update)).toBeLessThanOrEqual(9);
  });
});
