// Issue 15 item 3 on the Jira global page: a product late with its status report says since when, and that its
// status is stale; products with no reporting duty have no such marker. The roll-ups carry only the dates;
// the page measures them against today.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlobalPage } from '../../src/frontend/global-page/App.js';
import { formatter } from '../../src/i18n/index.js';
import { render, viewAs, textOf } from './setup/ui.js';
import { startApp, SECRET, SECRETARIAT } from './helpers.js';
import { seedPortfolio } from '../support/portfolio-seed.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
  // Products 0–7 are the fixtures in order: P1 is OS2kitos (N2 product, last report 2018-06-30).
  seedPortfolio(sim, 'os2', SECRET, 8);
  await new Promise((r) => setTimeout(r, sim.site('os2').indexLagMs + 50));
});
afterAll(async () => close());

describe('global page (UI Kit): status follow-up markers', () => {
  it('shows a late report with since when and a stale status', async () => {
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT });
    const text = textOf(await render(<GlobalPage />));
    const da = formatter('da');
    // Due 2018-06-30 + 91 days; long past on any day these tests run.
    expect(text).toContain(`Statusrapport forsinket siden ${da.date('2018-09-29')}`);
    expect(text).toContain(`Forældet status (seneste ${da.date('2018-06-30')})`);
    // The five running products (MO, KITOS, ROLLE, SOFD, CPR) are all late; the three others have no duty.
    expect(text.match(/Statusrapport forsinket siden/g)?.length).toBe(5);
  });
});
