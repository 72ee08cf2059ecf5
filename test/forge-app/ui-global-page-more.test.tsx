// The global page's "Vis flere": with 250 products in the portfolio the page opens with the first 100 (two Jira
// calls), says how many there are, and loads the rest a page per click, one row per product, until none are left.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlobalPage } from '../../src/frontend/global-page/App.js';
import { render, viewAs, textOf, buttons, click } from './setup/ui.js';
import { startApp, SECRET, SECRETARIAT } from './helpers.js';
import { seedPortfolio } from '../support/portfolio-seed.js';
import type { ReactTestRenderer } from 'react-test-renderer';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
  seedPortfolio(sim, 'os2', SECRET, 250);
  await new Promise((r) => setTimeout(r, sim.site('os2').indexLagMs + 50));
});
afterAll(async () => close());

/** The products in the table, by the name the seed gave each ("Produkt 0042 (P42, os2)"). */
const rows = (r: ReactTestRenderer) =>
  [...textOf(r).matchAll(/Produkt (\d{4}) \(P\d+, os2\)/g)].map((m) => m[1]!);

describe('global page (UI Kit) with 250 products', () => {
  it('shows 100, then 200, then all 250 as the user asks for more; each product once', async () => {
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT });
    const r = await render(<GlobalPage />);
    expect(rows(r)).toHaveLength(100);
    expect(textOf(r)).toContain('Viser 100 af ca. 250 produkter');
    const before = forge.jiraCalls.length;
    await click(r, 'Vis flere');
    // One search per page asked for: the count is not read again.
    expect(forge.jiraCalls.length - before).toBe(1);
    expect(rows(r)).toHaveLength(200);
    expect(textOf(r)).toContain('Viser 200 af ca. 250 produkter');
    await click(r, 'Vis flere');
    const all = rows(r);
    expect(all).toHaveLength(250);
    expect(new Set(all).size).toBe(250);
    expect(buttons(r).map((b) => textOf(b))).not.toContain('Vis flere');
    expect(textOf(r)).not.toContain('Viser');
  });
});
