// Issue 14 on the Jira global page: a product's development frame shows beside its status, with whether it is in
// force (KITOS: the coordination group's 400,000 kr., approved by the board); products without one show none.
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
  // Products 0–7 are the fixtures in order: P1 is OS2kitos, the only one with a development frame.
  seedPortfolio(sim, 'os2', SECRET, 8);
  await new Promise((r) => setTimeout(r, sim.site('os2').indexLagMs + 50));
});
afterAll(async () => close());

describe('global page (UI Kit): the development frame', () => {
  it('shows the frame and that it is approved beside the status, in Danish and English', async () => {
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT });
    const da = textOf(await render(<GlobalPage />));
    expect(da).toContain(`Udviklingsramme: ${formatter('da').dkk(400_000)} (godkendt)`);
    expect(da.match(/Udviklingsramme:/g)).toHaveLength(1);
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT, locale: 'en_US' });
    const en = textOf(await render(<GlobalPage />));
    expect(en).toContain(`Development frame: ${formatter('en').dkk(400_000)} (approved)`);
  });
});
