/**
 * Fills the simulator's portfolio project PORT with `count` signed roll-ups, as the sync service would leave it
 * after syncing that many products (each a copy of a fixture product under its own project id and key). Written
 * straight into the simulator's state (no HTTP, no calls counted), so tests and benchmarks can measure what
 * reading a large portfolio costs without first paying for writing it.
 */
import { PORTFOLIO_KEY, PORTFOLIO_TYPE } from '../../jira-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { rollUp } from '../../src/domain/roll-up.js';
import { ROLLUP_PROPERTY, signRollUp } from '../../src/mirror/rollup-mirror.js';

export function seedPortfolio(sim: JiraSim, siteName: string, secret: string, count: number): void {
  const state = sim.site(siteName).state;
  const port = state.resolveProject(PORTFOLIO_KEY);
  if (!port) throw new Error(`The simulator site ${siteName} has no portfolio project ${PORTFOLIO_KEY}`);
  const type = state.projectIssueTypes(port).find((t) => t.name === PORTFOLIO_TYPE)!;
  for (let i = 0; i < count; i++) {
    const base = FIXTURE_PRODUCTS[i % FIXTURE_PRODUCTS.length]!;
    const key = `P${i}`;
    const record = {
      ...base.record,
      name: `Produkt ${String(i).padStart(4, '0')}`,
      project: { ...base.record.project, id: String(900_000 + i), key },
    };
    const r = rollUp({
      site: siteName,
      record,
      decisions: base.decisions,
      integrity: 'verified',
      openRequests: i % 7,
      topRequests: [],
    });
    state.createIssue(port, {
      issueTypeId: type.id,
      summary: record.name,
      properties: new Map([[ROLLUP_PROPERTY, signRollUp(r, { portfolioProject: PORTFOLIO_KEY }, secret)]]),
    });
  }
}
