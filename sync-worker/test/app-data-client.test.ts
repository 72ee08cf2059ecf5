// The service's client of the app's os2-app-data web trigger (issue 15 item 5): against the app in the local
// Forge runtime over HTTP, and against answers forged, altered or replayed on the way, which are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDataFailureText, requestAppData } from '../src/app-data-client.js';
import { parseConfig } from '../src/config.js';
import { SECRET, startSim, testConfigFile } from './helpers.js';
import { signAppDataAnswer } from '../../src/events/app-data.js';
import { startForgeRuntime, type ForgeRuntime } from '../../forge-sim/index.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncConfig } from '../src/config.js';

const MO = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!.record.project.id;

let sim: JiraSim;
let forge: ForgeRuntime;
let config: SyncConfig;
let url: string;
beforeAll(async () => {
  sim = await startSim([{ name: 'os2' }, { name: 'supplier' }], { featureRequestsPerProduct: 0 });
  forge = await startForgeRuntime({ jiraSim: sim, siteName: 'os2', secret: SECRET });
  url = await forge.webTriggerUrl('os2-app-data');
  const { file, env } = testConfigFile(sim);
  config = parseConfig(
    { ...file, sites: file.sites.map((s) => (s.name === 'os2' ? { ...s, appDataUrl: url } : s)) },
    env,
  );
});
afterAll(async () => {
  await forge?.close();
  await sim?.close();
});

/** A fetch that passes the request to the app and hands `tamper` the app's answer before the client sees it. */
function onTheWay(tamper: (answer: Record<string, unknown>, request: Record<string, unknown>) => unknown) {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init);
    const answer = (await res.json()) as Record<string, unknown>;
    const request = JSON.parse(String(init?.body)) as Record<string, unknown>;
    return new Response(JSON.stringify(tamper(answer, request)), { status: res.status });
  }) as typeof fetch;
}

describe('requestAppData', () => {
  it('asks the app over HTTP, signed, and gets the product’s history, checked', async () => {
    const r = await requestAppData({ config }, 'os2', 'history', { projectId: MO });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.data.revision).toBeGreaterThan(0);
    expect(r.data.entries.length).toBeGreaterThan(0);
    expect(r.data.entries[0]!.title.da).not.toBe(r.data.entries[0]!.title.en);
  });

  it('refuses an answer altered, forged with another secret, or replayed from an earlier request', async () => {
    const altered = await requestAppData(
      { config },
      'os2',
      'history',
      { projectId: MO },
      {
        fetchImpl: onTheWay((a) => ({ ...a, data: { revision: 99, entries: [] } })),
      },
    );
    expect(altered).toMatchObject({ ok: false, reason: 'untrusted', detail: { error: 'signature' } });
    const forged = await requestAppData(
      { config },
      'os2',
      'history',
      { projectId: MO },
      {
        fetchImpl: onTheWay((_a, req) =>
          signAppDataAnswer(
            {
              op: 'history',
              input: { projectId: MO },
              nonce: String(req.nonce),
              data: { revision: 1, entries: [] },
            },
            'not-the-sites-secret-0123',
          ),
        ),
      },
    );
    expect(forged).toMatchObject({ ok: false, reason: 'untrusted', detail: { error: 'signature' } });
    // An answer the app really signed, for an earlier request: its nonce is not this request's.
    let recorded: unknown;
    await requestAppData(
      { config },
      'os2',
      'history',
      { projectId: MO },
      {
        fetchImpl: onTheWay((a) => (recorded = a)),
      },
    );
    const replayed = await requestAppData(
      { config },
      'os2',
      'history',
      { projectId: MO },
      {
        fetchImpl: onTheWay(() => recorded),
      },
    );
    expect(replayed).toMatchObject({ ok: false, reason: 'untrusted', detail: { error: 'subject' } });
    // The app's signed answer for another product does not pass for this one.
    const other = await requestAppData(
      { config },
      'os2',
      'history',
      { projectId: MO },
      {
        fetchImpl: onTheWay((a, req) =>
          signAppDataAnswer(
            { op: 'history', input: { projectId: '1' }, nonce: String(req.nonce), data: a.data },
            SECRET,
          ),
        ),
      },
    );
    expect(other).toMatchObject({ ok: false, reason: 'untrusted', detail: { error: 'subject' } });
    // Signed, but not data of the op's shape.
    const odd = await requestAppData(
      { config },
      'os2',
      'history',
      { projectId: MO },
      {
        fetchImpl: onTheWay((_a, req) =>
          signAppDataAnswer(
            { op: 'history', input: { projectId: MO }, nonce: String(req.nonce), data: { rows: 1 } },
            SECRET,
          ),
        ),
      },
    );
    expect(odd).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('says in Danish and English what is wrong: no address, no answer, a refusal', async () => {
    const none = await requestAppData({ config }, 'supplier', 'history', { projectId: MO });
    expect(none.ok).toBe(false);
    if (none.ok) return;
    expect(appDataFailureText(none, 'da')).toBe(
      'site "supplier" har ingen appDataUrl: sæt den til URL’en fra `forge webtrigger create` (os2-app-data)',
    );
    expect(appDataFailureText(none, 'en')).toMatch(/^site "supplier" has no appDataUrl/);
    const down = await requestAppData(
      { config },
      'os2',
      'history',
      { projectId: MO },
      {
        fetchImpl: (async () => {
          throw new Error('connect ECONNREFUSED');
        }) as typeof fetch,
      },
    );
    expect(down.ok || appDataFailureText(down, 'da')).toBe('appen på os2 svarer ikke: connect ECONNREFUSED');
    const wrongSecret = parseConfig(
      {
        ...testConfigFile(sim).file,
        sites: testConfigFile(sim).file.sites.map((s) => (s.name === 'os2' ? { ...s, appDataUrl: url } : s)),
      },
      { ...testConfigFile(sim).env, OS2_EVENT_SECRET: 'not-the-apps-secret-0123' },
    );
    const refused = await requestAppData({ config: wrongSecret }, 'os2', 'history', { projectId: MO });
    expect(refused.ok || appDataFailureText(refused, 'en')).toMatch(
      /^the app on os2 refused the request \(401\): .*The signature does not verify \(mismatch\)$/,
    );
  });
});
