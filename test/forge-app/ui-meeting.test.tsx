// The "Bestyrelsesmøde" tab of the global page (issue 15 item 4), rendered with UI Kit against the real resolvers
// and the Jira simulator: the agenda, a choice per item, one meeting reference, one click; a refused decision is
// shown on its item and stays chosen, the recorded one leaves the agenda.
import './setup/bridge.js';
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingPanel } from '../../src/frontend/global-page/MeetingPanel.js';
import { useLocale } from '../../src/frontend/shared/resolver.js';
import { render, viewAs, textOf, click, type, choose } from './setup/ui.js';
import { startApp, SECRETARIAT, membersOf } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp({ featureRequests: 0 }));
});
afterAll(async () => close());

function Tab() {
  const { locale, t, ready } = useLocale();
  return createElement(MeetingPanel, { locale, t, ready });
}

const stateOf = (key: string) =>
  (
    forge.kvs.dump(`gov:${sim.site('os2').state.resolveProject(key)!.id}`) as Record<
      string,
      { state?: string }
    >
  )[`gov:${sim.site('os2').state.resolveProject(key)!.id}`]?.state;

describe('the board meeting tab (UI Kit)', () => {
  it('records the chosen decisions with one reference, keeps the refused one with its reason', async () => {
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT });
    const r = await render(<Tab />);
    let text = textOf(r);
    expect(text).toContain('Koncepter til behandling (1)');
    expect(text).toContain('OS2iot (IOT, N2, Bestyrelsesbehandling)');
    expect(text).toContain('Indstilling fra Aalborg, Aarhus og Sønderborg.');
    expect(text).toContain('N2-FORMAL-BEST-PRACTICE: Best practice dokumenteres ved hver implementering');
    expect(text).toContain('Produkter der kræver opmærksomhed');

    await choose(r, 'choice-concept:10008', 'approve');
    await choose(r, 'choice-attention:10001', 'retire');
    // A minutes "link" that is a file name: refused as a whole, nothing recorded, the choices stay.
    await type(r, 'meetingDate', '2026-12-10');
    await type(r, 'minutesUrl', 'referat.docx');
    await click(r, 'Registrér mødets beslutninger');
    text = textOf(r);
    expect(text).toContain('Referatet skal være et link (https://…)');
    expect(stateOf('IOT')).toBe('board_review');

    await type(r, 'minutesUrl', 'https://os2.eu/referat-2026-12-10');
    await click(r, 'Registrér mødets beslutninger');
    text = textOf(r);
    expect(text).toContain('1 af 2 beslutninger registreret.');
    expect(text).toContain('Beslutninger der ikke blev registreret, er bevaret i formularen');
    // Closing MO needs a reason (the domain's rule), said on MO's item; IOT is approved and off the agenda.
    expect(text).toContain('Ikke registreret');
    expect(text).toMatch(/[Bb]egrundelse/);
    expect(text).not.toContain('OS2iot (IOT, N2, Bestyrelsesbehandling)');
    expect(stateOf('IOT')).toBe('approved');
    expect(stateOf('MO')).toBe('product');

    // The reason added to the kept choice, and recorded.
    await type(r, 'reason-attention:10001', 'Erstattes af et nyt produkt');
    await click(r, 'Registrér mødets beslutninger');
    expect(textOf(r)).toContain('1 af 1 beslutninger registreret.');
    expect(stateOf('MO')).toBe('retired');

    await click(r, 'Mødemappe (A4 til udskrift)');
    expect(textOf(r)).toContain('Kopiér mødemappen ind i en fil');
  });

  it("tells a municipality member that the meeting is the board's and the secretariat's, and shows nothing of it", async () => {
    viewAs({ forge, module: 'global-page', accountId: membersOf('751')[0]!.accountId });
    const r = await render(<Tab />);
    const text = textOf(r);
    expect(text).toContain('Kun bestyrelsen eller sekretariatet kan se og registrere bestyrelsens møde');
    expect(text).not.toContain('OS2iot');
    expect(text).not.toContain('Registrér mødets beslutninger');
  });
});
