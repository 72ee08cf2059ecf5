// The import panel on the global page (issue 15 item 1), rendered with UI Kit against the real resolvers and
// the Jira simulator: paste the spreadsheet, run the dry run, read the problems with row and column, import,
// and import again (nothing changes).
import './setup/bridge.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlobalPage } from '../../src/frontend/global-page/App.js';
import { render, viewAs, textOf, click, type, buttons } from './setup/ui.js';
import { startApp, SECRETARIAT, BOARD } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

/** The header and the first 12 products of the 40-product file: rows 7 (BORG) and 12 (VALG) are broken. */
const CSV = readFileSync(join(import.meta.dirname, '../fixtures/import/portfolio-40.csv'), 'utf8')
  .split('\r\n')
  .slice(0, 13)
  .join('\r\n');
const KEYS = [...CSV.matchAll(/^([A-Z][A-Z0-9_]+);/gm)].map((m) => m[1]!);

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp({ featureRequests: 0 }));
  const site = sim.site('os2');
  KEYS.forEach((key, i) =>
    site.state.addProject({ id: String(14001 + i), key, name: key, leadAccountId: site.admin.accountId }),
  );
});
afterAll(async () => close());

const governed = () => Object.keys(forge.kvs.dump('gov:140')).filter((k) => !k.includes(':rev:')).length;

describe('the import panel (UI Kit)', () => {
  it('paste → dry run → import → import again, in Danish', async () => {
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT });
    const r = await render(<GlobalPage />);
    expect(textOf(r)).toContain('Importér eksisterende portefølje');
    await click(r, 'Prøvekør');
    expect(textOf(r)).toContain('Indsæt filens indhold først');
    // Under the field it is about, not in a message at the top.
    expect(r.root.findAll((n) => (n.type as unknown) === 'ErrorMessage').map((e) => textOf(e))).toEqual([
      'Indsæt filens indhold først',
    ]);

    await type(r, 'importText', CSV);
    await click(r, 'Prøvekør');
    let text = textOf(r);
    expect(text).toContain('10 oprettes, 0 uændrede, 0 i konflikt, 2 med fejl');
    expect(text).toContain('række 7, kolonne Kommuner (G): Ukendt kommunekode "999"');
    expect(text).toContain(
      'række 12, kolonne Beslutninger (O): Ugyldig dato "31-02-2020" (dd-mm-åååå, fx 02-05-2019)',
    );
    expect(text).toContain(
      'N3 Produkt; 3 kommuner, 3 beslutninger, styregruppe 3, koordinationsgruppe 4; budget 250.000; afventer bestyrelsens bekræftelse',
    );
    expect(text).toContain(
      'N1 Koncept; 3 kommuner, 1 beslutning, styregruppe 2, koordinationsgruppe 0; budget 1.250.000',
    );
    expect(governed()).toBe(0);

    await click(r, 'Importér 10 produkter');
    text = textOf(r);
    expect(text).toContain('10 oprettet, 0 uændrede, 0 fejlede, 0 mangler');
    expect(text).toContain('Importen er færdig.');
    expect(governed()).toBe(10);
    // Nothing left to import: the apply button is gone; a new dry run says every good row is unchanged.
    expect(buttons(r).some((b) => textOf(b).startsWith('Importér '))).toBe(false);
    await click(r, 'Prøvekør');
    expect(textOf(r)).toContain('0 oprettes, 10 uændrede, 0 i konflikt, 2 med fejl');
    expect(governed()).toBe(10);
  });

  it('in English, and refused for anyone but the secretariat', async () => {
    viewAs({ forge, module: 'global-page', accountId: BOARD, locale: 'en_GB' });
    const r = await render(<GlobalPage />);
    expect(textOf(r)).toContain('Import the existing portfolio');
    await type(r, 'importText', CSV);
    await click(r, 'Dry run');
    expect(textOf(r)).toContain('Only the secretariat can import the portfolio');
  });
});
