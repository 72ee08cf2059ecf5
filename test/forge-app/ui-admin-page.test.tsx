// Render tests of the admin page (issue 17 items 11 and 2) through the real resolvers, the Jira simulator and a
// real sync service: every field labelled, the directory of all municipalities filled from a naming pattern, and
// the signed test event answered by the service (ok / secrets differ / unreachable / timeout) in Danish and
// English, without a sync being queued.
import './setup/bridge.js';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminPage } from '../../src/frontend/admin-page/App.js';
import { render, viewAs, textOf, click, type, button } from './setup/ui.js';
import { startApp } from './helpers.js';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import {
  cleanupPrefix,
  startService,
  testConfig,
  SECRET as SERVICE_SECRET,
} from '../../sync-worker/test/helpers.js';
import type { ReactTestRenderer } from 'react-test-renderer';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import type { SyncConfig } from '../../sync-worker/src/config.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
let service: SyncService;
let config: SyncConfig;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
  config = testConfig(sim);
  service = await startService(config);
});
afterAll(async () => {
  await service?.close();
  await close();
  await cleanupPrefix(config.redis.prefix);
});

const admin = (locale?: string) =>
  viewAs({
    forge,
    module: 'admin-page',
    accountId: sim.site('os2').admin.accountId,
    ...(locale ? { locale } : {}),
  });

async function queuedJobs(): Promise<number> {
  const counts = await service.queues
    .siteQueue('os2')
    .getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Saves the sync address through the page, as an admin would. */
async function saveSyncUrl(r: ReactTestRenderer, url: string): Promise<void> {
  await type(r, 'syncUrl', url);
  await click(r, /^(Gem adressen|Save the address)$/);
}

describe('admin page: labelled fields', () => {
  it('gives every field a label pointing at it', async () => {
    admin();
    const r = await render(<AdminPage />);
    const fields = r.root.findAll((n) => ['Textfield', 'Select'].includes(n.type as unknown as string));
    const labels = r.root
      .findAll((n) => (n.type as unknown) === 'Label')
      .map((l) => l.props.labelFor as string);
    expect(fields.length).toBeGreaterThanOrEqual(7);
    for (const f of fields) expect(labels).toContain(f.props.id ?? f.props.inputId);
    const text = textOf(r);
    expect(text).toContain('Sekretariatets gruppe');
    expect(text).toContain('Bestyrelsens gruppe');
  });
});

describe('admin page: the directory from a naming pattern', () => {
  it('fills all 98 municipalities in one step when their groups follow a pattern, and saves them', async () => {
    const site = sim.site('os2');
    for (const m of MUNICIPALITIES) site.state.addGroup(`${m.name} Kommune`);
    admin();
    const r = await render(<AdminPage />);
    await type(r, 'pattern', '{navn} kommune');
    await click(r, 'Udfyld alle kommuner');
    expect(textOf(r)).toContain('98 af 98 kommuners grupper fundet i Jira');
    await click(r, /^Gem$/);
    expect(textOf(r)).toContain('Gemt');
    const saved = (await forge.invoke('admin-page', 'load', {}, { accountId: site.admin.accountId })) as {
      ok: true;
      data: { directory: { group: string; municipality: { code: string } }[] };
    };
    // Jira's own spelling is kept (the pattern was typed in lower case)
    expect(saved.data.directory.find((e) => e.municipality.code === '751')?.group).toBe('Aarhus Kommune');
    expect(new Set(saved.data.directory.map((e) => e.municipality.code)).size).toBe(98);
  });

  it('names the groups it did not find, and explains a pattern without a placeholder under the field', async () => {
    admin();
    const r = await render(<AdminPage />);
    await type(r, 'pattern', 'kommune-{kode}');
    await click(r, 'Udfyld alle kommuner');
    const seeded = [...sim.site('os2').state.groups.keys()].filter((g) => /^kommune-\d{3}$/.test(g)).length;
    expect(textOf(r)).toContain(`${seeded} af 98 kommuners grupper fundet i Jira`);
    expect(textOf(r)).toMatch(/Ikke fundet i Jira: .*kommune-\d{3}/);
    await type(r, 'pattern', 'kommune');
    await click(r, 'Udfyld alle kommuner');
    const error = r.root.find((n) => (n.type as unknown) === 'ErrorMessage');
    expect(textOf(error)).toContain('{kode} eller {navn}');
  });
});

describe('admin page: send test event', () => {
  it('says the secrets differ, then works once the same secret is saved; no sync is queued', async () => {
    admin();
    const r = await render(<AdminPage />);
    await saveSyncUrl(r, `${service.address}/events`);
    const before = await queuedJobs();
    await click(r, 'Send testhændelse');
    expect(textOf(r)).toContain('hemmeligheden her og tjenestens hemmelighed er forskellige');
    await type(r, 'secret', SERVICE_SECRET);
    await click(r, 'Gem hemmeligheden');
    await click(r, 'Send testhændelse');
    expect(textOf(r)).toMatch(/Forbindelsen virker: tjenesten godkendte signaturen \(\d+ ms\)/);
    expect(await queuedJobs()).toBe(before);
  });

  it('says so in English when the service cannot be reached', async () => {
    admin('en_US');
    const r = await render(<AdminPage />);
    // A port nothing listens on.
    const s = createServer();
    await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((ok) => s.close(() => ok()));
    await saveSyncUrl(r, `http://127.0.0.1:${port}/events`);
    await click(r, 'Send test event');
    expect(textOf(r)).toMatch(/The service could not be reached at the address \(.*ECONNREFUSED.*\)/);
  });

  it('says the service did not answer in time', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const port = (silent.address() as { port: number }).port;
    try {
      admin();
      const r = await render(<AdminPage />);
      await saveSyncUrl(r, `http://127.0.0.1:${port}/events`);
      // The test waits out the app's 5 s timeout, longer than the harness's settle() waits for a click.
      const { act } = await import('react-test-renderer');
      await act(async () => (button(r, 'Send testhændelse').props.onClick as () => void)());
      const started = Date.now();
      while (!textOf(r).includes('svarede ikke') && Date.now() - started < 10_000) {
        await act(async () => new Promise((ok) => setTimeout(ok, 100)));
      }
      expect(textOf(r)).toContain('Tjenesten svarede ikke inden for 5 sekunder');
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((ok) => silent.close(() => ok()));
    }
  }, 20_000);
});
