/**
 * p14s: an older, validly signed governance mirror put back in Jira must not hide the board's newer catalogue
 * versions or the newer report cadence from the portfolio. Made as the attacker would: KITOS's project admin
 * (`pl-kitos-anja`, who may write KITOS's project properties and nothing more) saves the `os2-governance` value
 * through Jira's REST API before the board's change, and puts it back after the app rewrote every mirror. The
 * record revision is the same, so the revision high-water mark does not catch it; the service's newest accepted
 * settings per site (sync-worker/src/trust/site-settings.ts) do. Then the honest case: a mirror not yet rewritten
 * after a board change (the app waits 60 s per project) is counted with the newest settings and never flagged.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  changeEvent,
  Cleanup,
  cleanupPrefix,
  configFor,
  portfolioIssues,
  postEvent,
  PRODUCTS,
  SECRET,
  startService,
  startSim,
  uniquePrefix,
  waitFor,
  waitIdle,
} from './harness.js';
import { boardAddsN2Item, startForgeApp } from './forge-harness.js';
import {
  buildGovernanceMirror,
  GOVERNANCE_PROPERTY,
  readGovernanceMirror,
} from '../../src/mirror/governance-mirror.js';
import { addDays } from '../../src/domain/reporting.js';
import { signPushedRollUp } from '../../src/mirror/pushed-rollup.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const OS2_PRODUCTS = PRODUCTS.filter((p) => p.site === 'os2');
const BOARD = 'os2-bst-lars';
const KITOS_ADMIN = 'pl-kitos-anja';
const ADDED = 'N2-FORMAL-ARCHITECTURE-PRINCIPLES';

async function asUser(sim: JiraSim, accountId: string, method: string, path: string, body?: unknown) {
  const u = sim.site('os2').asUser(accountId);
  const res = await fetch(`${u.host}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${u.email}:${u.apiToken}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const replacedCount = async (service: SyncService, setting: string) =>
  (await service.metrics.settingsReplaced.get()).values.find(
    (v) => v.labels.site === 'os2' && v.labels.setting === setting,
  )?.value ?? 0;

const rollUpOf = (sim: JiraSim, key: string) => {
  const p = OS2_PRODUCTS.find((x) => x.key === key)!;
  return portfolioIssues(sim).find((i) => i.sourceKey === p.sourceKey)?.stored;
};

describe('an older signed mirror put back in Jira', () => {
  it('does not hide an item the board added, nor a shorter cadence, from the portfolio', async () => {
    const app = await startForgeApp({ featureRequests: 1 });
    cleanup.add(() => app.close());
    const prefix = uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const service = await startService(configFor(app.sim, prefix));
    cleanup.add(() => service.close());
    app.forge.kvs.handle('/api/v1/set', { key: 'cfg:sync', value: { url: `${service.address}/events` } });
    await service.reconcile();
    await waitIdle(service);

    const kitosId = app.sim.site('os2').state.resolveProject('KITOS')!.id;
    const path = `/rest/api/3/project/${kitosId}/properties/${GOVERNANCE_PROPERTY}`;
    // The attacker keeps a copy of today's mirror: the app signed it, it carries no board version.
    const beforeBoard = await asUser(app.sim, KITOS_ADMIN, 'GET', path);
    expect(beforeBoard.status).toBe(200);
    const totalBefore = rollUpOf(app.sim, 'KITOS')!.requirements.total;
    expect(rollUpOf(app.sim, 'KITOS')!.requirements.open).not.toContain(ADDED);

    // 1. The board adds an obligatory N2 item; the app rewrites every mirror and pushes it.
    const added = await boardAddsN2Item(app.forge, ADDED, BOARD, 'KITOS');
    expect(added.ok, JSON.stringify(added.error)).toBe(true);
    await waitFor(
      () => rollUpOf(app.sim, 'KITOS')?.requirements.open.includes(ADDED) === true,
      'the added item open on KITOS',
      30_000,
    );
    await app.forge.asyncEvents.settled();
    await waitIdle(service);

    // The project admin puts the old mirror back. It is the app's own signature, the same record revision.
    expect((await asUser(app.sim, KITOS_ADMIN, 'PUT', path, beforeBoard.json!.value)).status).toBe(200);
    const putBack = readGovernanceMirror(
      app.sim.site('os2').state.resolveProject('KITOS')!.properties.get(GOVERNANCE_PROPERTY),
      SECRET,
    );
    expect(putBack.integrity).toBe('verified');
    expect(putBack.integrity === 'verified' && putBack.payload.catalogueChanges).toBeUndefined();

    await service.reconcile();
    await waitIdle(service);
    // The reconcile read the old mirror and still counts the board's item as required and open.
    const kitos = rollUpOf(app.sim, 'KITOS')!;
    expect(kitos.integrity).toBe('verified');
    expect(kitos.requirements.open).toContain(ADDED);
    expect(kitos.requirements.total).toBe(totalBefore + 1);

    // 2. The cadence: the attacker keeps the mirror before an admin shortens N2's cadence, and puts it back.
    const beforeCadence = await asUser(app.sim, KITOS_ADMIN, 'GET', path);
    const lastReport = rollUpOf(app.sim, 'KITOS')!.reporting!.lastReport!;
    expect(rollUpOf(app.sim, 'KITOS')!.reporting!.cadenceDays).toBe(91);
    const admin = app.sim.site('os2').admin.accountId;
    const cadence = await app.forge.invoke(
      'admin-page',
      'saveReportingCadence',
      { N1: 182, N2: 30, N3: 30 },
      { accountId: admin },
    );
    expect(cadence.ok, JSON.stringify(cadence.error)).toBe(true);
    await waitFor(
      () => rollUpOf(app.sim, 'KITOS')?.reporting?.cadenceDays === 30,
      'the new N2 cadence on the portfolio',
      30_000,
    );
    await app.forge.asyncEvents.settled();
    await waitIdle(service);
    expect((await asUser(app.sim, KITOS_ADMIN, 'PUT', path, beforeCadence.json!.value)).status).toBe(200);
    await service.reconcile();
    await waitIdle(service);
    const after = rollUpOf(app.sim, 'KITOS')!;
    expect(after.integrity).toBe('verified');
    expect(after.reporting).toMatchObject({ cadenceDays: 30, dueDate: addDays(lastReport, 30) });
    expect(after.requirements.open).toContain(ADDED);
  }, 150_000);
});

describe('a mirror not yet rewritten after a board change', () => {
  it('is counted with the newest settings and not flagged; the rewrite then changes nothing', async () => {
    const sim = await startSim();
    cleanup.add(() => sim.close());
    const prefix = uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const service = await startService(configFor(sim, prefix));
    cleanup.add(() => service.close());
    await service.reconcile();
    await waitIdle(service);

    const project = (key: string) => sim.site('os2').state.resolveProject(key)!;
    // The app's rewrite with the board's version, signed as the app signs it (src/app/remirror.ts).
    const rewrite = (key: string) => {
      const mirror = readGovernanceMirror(project(key).properties.get(GOVERNANCE_PROPERTY), SECRET);
      if (mirror.integrity !== 'verified') throw new Error(mirror.reason);
      const { record, decisions } = mirror.payload;
      project(key).properties.set(
        GOVERNANCE_PROPERTY,
        buildGovernanceMirror(record, decisions, SECRET, {
          catalogueChanges: [{ type: 'add', id: ADDED, theme: 'formal', level: 'N2' }],
        }),
      );
    };
    const n2OrAbove = OS2_PRODUCTS.filter((p) => rollUpOf(sim, p.key)?.level !== 'N1');
    const others = n2OrAbove.filter((p) => p.key !== 'KITOS');
    expect(others.length).toBeGreaterThan(0);

    // KITOS's mirror is rewritten first (and pushed or read); the others' rewrites are still 60 s away.
    rewrite('KITOS');
    await service.enqueueSync('os2', project('KITOS').id);
    await waitIdle(service);
    await service.reconcile();
    await waitIdle(service);
    for (const p of OS2_PRODUCTS) expect(rollUpOf(sim, p.key)!.integrity, p.key).toBe('verified');
    for (const p of n2OrAbove) expect(rollUpOf(sim, p.key)!.requirements.open, p.key).toContain(ADDED);

    const before = OS2_PRODUCTS.map((p) => rollUpOf(sim, p.key));

    // A save on MO that read the settings just before the board's change pushes its roll-up without the version:
    // the app's own signed push, accepted, counted with the newest settings and logged, not refused or flagged.
    const mo = project('MO');
    const moMirror = readGovernanceMirror(mo.properties.get(GOVERNANCE_PROPERTY), SECRET);
    if (moMirror.integrity !== 'verified') throw new Error(moMirror.reason);
    expect(moMirror.payload.catalogueChanges).toBeUndefined();
    const siteUrl = sim.site('os2').baseUrl + '/';
    const pushed = signPushedRollUp(
      { ...moMirror.payload, openRequests: 2, topRequests: [] },
      { siteUrl, projectId: mo.id },
      SECRET,
    );
    const replacedBefore = await replacedCount(service, 'catalogue');
    const sent = await postEvent(service.address!, changeEvent(siteUrl, mo.id, { rollUp: pushed }));
    expect(sent.status).toBe(202);
    await waitIdle(service);
    expect(rollUpOf(sim, 'MO')).toMatchObject({ integrity: 'verified', openRequests: 2 });
    expect(rollUpOf(sim, 'MO')!.requirements.open).toContain(ADDED);
    expect(await replacedCount(service, 'catalogue')).toBe(replacedBefore + 1);

    // The rewrites land: the portfolio already showed what they carry, so nothing moves.
    for (const p of others) rewrite(p.key);
    await service.reconcile();
    await waitIdle(service);
    expect(OS2_PRODUCTS.map((p) => rollUpOf(sim, p.key))).toEqual(before);
  }, 120_000);
});
