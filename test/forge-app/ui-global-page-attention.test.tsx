// Issue 15 item 3 on the Jira global page: a product late with its status report says since when, and that its
// status is stale; products with no reporting duty have no such marker. The roll-ups carry only the dates;
// the page measures them against today.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlobalPage } from '../../src/frontend/global-page/App.js';
import { formatter } from '../../src/i18n/index.js';
import { act } from 'react-test-renderer';
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

  it('"Kræver opmærksomhed" keeps the products that need attention: the late ones and the flagged', async () => {
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT });
    const r = await render(<GlobalPage />);
    const names = () => [...textOf(r).matchAll(/Produkt (\d{4}) \(P\d+, os2\)/g)].map((m) => m[1]!);
    expect(names()).toHaveLength(8);
    const box = r.root.find((n) => (n.type as unknown) === 'Checkbox' && n.props.name === 'attention');
    expect(box.props.label).toBe('Kræver opmærksomhed');
    await act(async () => {
      (box.props.onChange as () => void)();
    });
    // MO, KITOS, ROLLE, SOFD and CPR are late with their reports; FORD (concept), DATA (idea), IOT (board review)
    // have no reporting duty and nothing else wrong.
    expect(names().sort()).toEqual(['0000', '0001', '0002', '0003', '0006']);
  });
});
