/**
 * Issue 14, end to end: the portfolio counts what the app counts. The board changes the requirement catalogue
 * through the app's real project-page resolver (`changeCatalogue`), and an admin the report cadence through the
 * admin page's (`saveReportingCadence`); each click only queues one message. Forge's async events consumer then
 * rewrites every governed project's signed mirror with the new settings and pushes its roll-up to the real sync
 * service (real Redis), which writes the portfolio on the simulator. The oracle (`expectPortfolioCorrect`) reads
 * the rewritten mirrors from Jira, as the service's reconcile would, and must agree with what was pushed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  Cleanup,
  cleanupPrefix,
  configFor,
  expectPortfolioCorrect,
  portfolioIssues,
  PRODUCTS,
  SECRET,
  startService,
  uniquePrefix,
  waitFor,
  waitIdle,
} from './harness.js';
import { boardAddsN2Item, startForgeApp } from './forge-harness.js';
import { readGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import { addDays } from '../../src/domain/reporting.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const OS2_PRODUCTS = PRODUCTS.filter((p) => p.site === 'os2');
const BOARD = 'os2-bst-lars';
const ADDED = 'N2-FORMAL-ARCHITECTURE-PRINCIPLES';
const PERMISSION = 'N2-GOVERNANCE-OS2-FUNDING';

describe('board catalogue versions and the app cadence reach the portfolio', () => {
  it('an item the board added and a permission it made obligatory count as open; the cadence dates reports', async () => {
    const app = await startForgeApp({ featureRequests: 2 });
    cleanup.add(() => app.close());
    const prefix = uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const service = await startService(configFor(app.sim, prefix));
    cleanup.add(() => service.close());
    app.forge.kvs.handle('/api/v1/set', { key: 'cfg:sync', value: { url: `${service.address}/events` } });
    await service.reconcile();
    await waitIdle(service);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);

    const rollUpOf = (key: string) => {
      const p = OS2_PRODUCTS.find((x) => x.key === key)!;
      return portfolioIssues(app.sim).find((i) => i.sourceKey === p.sourceKey)?.stored;
    };
    const mirrorOf = (key: string) => {
      const project = app.sim.site('os2').state.resolveProject(key)!;
      return readGovernanceMirror(project.properties.get(GOVERNANCE_PROPERTY), SECRET);
    };
    const n2OrAbove = OS2_PRODUCTS.filter((p) => rollUpOf(p.key)?.level !== 'N1').map((p) => p.key);
    expect(n2OrAbove).toContain('KITOS');
    expect(rollUpOf('KITOS')!.requirements.open).not.toContain(ADDED);
    const totalBefore = rollUpOf('KITOS')!.requirements.total;

    // 1. The board adds an obligatory N2 item. The click queues one message and returns.
    const added = await boardAddsN2Item(app.forge, ADDED, BOARD, 'KITOS');
    expect(added.ok, JSON.stringify(added.error)).toBe(true);
    expect(added.data).toMatchObject({ version: { version: 1 }, mirrors: 'queued' });
    // The consumer rewrites every governed project's mirror and pushes it: every N2/N3 product now counts it open.
    await waitFor(
      () => n2OrAbove.every((k) => rollUpOf(k)?.requirements.open.includes(ADDED)),
      'the added item open on every N2/N3 product of the portfolio',
      30_000,
    );
    await app.forge.asyncEvents.settled();
    await waitIdle(service);
    expect(rollUpOf('KITOS')!.requirements.total).toBe(totalBefore + 1);
    // KITOS's development frame (set by the coordination group, approved by the board) is in its roll-up.
    expect(rollUpOf('KITOS')!.frame).toEqual({ amountDkk: 400_000, approved: true });
    // N1 products do not answer an N2 item.
    for (const p of OS2_PRODUCTS.filter((x) => !n2OrAbove.includes(x.key)))
      expect(rollUpOf(p.key)!.requirements.open).not.toContain(ADDED);
    // The mirror in Jira carries the version, signed: the service's own read (the reconcile) counts alike.
    const kitosMirror = mirrorOf('KITOS');
    expect(kitosMirror.integrity).toBe('verified');
    if (kitosMirror.integrity === 'verified')
      expect(kitosMirror.payload.catalogueChanges).toEqual([
        { type: 'add', id: ADDED, theme: 'formal', level: 'N2' },
      ]);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);
    // What the project page shows as open, the portfolio shows as open.
    const page = await app.forge.invoke<{ requirements: { items: { id: string; status: string }[] }[] }>(
      'project-page',
      'load',
      {},
      { accountId: BOARD, project: 'KITOS' },
    );
    const onPage = page.data!.requirements.flatMap((g) => g.items).find((i) => i.id === ADDED);
    expect(onPage?.status).toBe('open');

    // 2. The board makes a permission obligatory: the same way to the portfolio.
    const obligatory = await app.forge.invoke(
      'project-page',
      'changeCatalogue',
      {
        expectedVersion: 1,
        input: { change: { type: 'makeObligatory', id: PERMISSION }, reason: 'Bestyrelsesmøde 1/4' },
      },
      { accountId: BOARD, project: 'KITOS' },
    );
    expect(obligatory.ok, JSON.stringify(obligatory.error)).toBe(true);
    await waitFor(
      () => n2OrAbove.every((k) => rollUpOf(k)?.requirements.open.includes(PERMISSION)),
      'the obligatory permission open on every N2/N3 product',
      30_000,
    );
    await app.forge.asyncEvents.settled();
    await waitIdle(service);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);

    // 3. An admin sets N2's cadence to 30 days: every running N2 product's due date follows on the portfolio.
    const admin = app.sim.site('os2').admin.accountId;
    const kitosReport = rollUpOf('KITOS')!.reporting!;
    expect(kitosReport.cadenceDays).toBe(91);
    const cadence = await app.forge.invoke<{ mirrors: string }>(
      'admin-page',
      'saveReportingCadence',
      { N1: 182, N2: 30, N3: 30 },
      { accountId: admin },
    );
    expect(cadence.ok, JSON.stringify(cadence.error)).toBe(true);
    expect(cadence.data!.mirrors).toBe('queued');
    await waitFor(
      () => rollUpOf('KITOS')?.reporting?.cadenceDays === 30,
      'the new N2 cadence on the portfolio',
      30_000,
    );
    expect(rollUpOf('KITOS')!.reporting!.dueDate).toBe(addDays(kitosReport.lastReport!, 30));
    await app.forge.asyncEvents.settled();
    await waitIdle(service);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);
    // The same cadence saved again rewrites nothing.
    const again = await app.forge.invoke<{ mirrors: string }>(
      'admin-page',
      'saveReportingCadence',
      { N1: 182, N2: 30, N3: 30 },
      { accountId: admin },
    );
    expect(again.data!.mirrors).toBe('unchanged');

    // 4. An ordinary save afterwards (the board moves MO from N3 to N2) writes its mirror with the settings too.
    const revision = (app.forge.kvs.dump('gov:10001')['gov:10001'] as { revision: number }).revision;
    const moved = await app.forge.invoke(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: revision,
        input: { level: 'N2', reason: 'Bestyrelsesmøde' },
      },
      { accountId: BOARD, project: 'MO' },
    );
    expect(moved.ok, JSON.stringify(moved.error)).toBe(true);
    await waitFor(() => rollUpOf('MO')?.level === 'N2', 'MO on N2 on the portfolio', 30_000);
    expect(rollUpOf('MO')!.requirements.open).toEqual(expect.arrayContaining([ADDED, PERMISSION]));
    expect(rollUpOf('MO')!.reporting?.cadenceDays).toBe(30);
    const moMirror = mirrorOf('MO');
    if (moMirror.integrity !== 'verified') throw new Error(moMirror.reason);
    expect(moMirror.payload.catalogueChanges).toHaveLength(2);
    expect(moMirror.payload.cadence).toEqual({ N1: 182, N2: 30, N3: 30 });
    await app.forge.asyncEvents.settled();
    await waitIdle(service);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);
    // 5. Someone with project admin in Jira drops the board's versions from KITOS's mirror (to hide the open
    // items): the signature no longer matches, and the service's reconcile shows the product as tampered.
    const property = app.sim.site('os2').state.resolveProject('KITOS')!.properties;
    const forged = JSON.parse(JSON.stringify(property.get(GOVERNANCE_PROPERTY))) as {
      payload: { catalogueChanges?: unknown[] };
    };
    delete forged.payload.catalogueChanges;
    property.set(GOVERNANCE_PROPERTY, forged);
    expect(mirrorOf('KITOS').integrity).toBe('tampered');
    await service.reconcile();
    await waitIdle(service);
    await waitFor(() => rollUpOf('KITOS')?.integrity === 'tampered', 'KITOS flagged as tampered', 30_000);
    // The portfolio keeps the last verified figures: the hidden items are still open there.
    expect(rollUpOf('KITOS')!.requirements.open).toEqual(expect.arrayContaining([ADDED, PERMISSION]));
  }, 150_000);

  it('with the sync service down, the mirrors are rewritten all the same and the next reconcile counts the item', async () => {
    const app = await startForgeApp({ featureRequests: 1 });
    cleanup.add(() => app.close());
    const prefix = uniquePrefix();
    cleanup.add(() => cleanupPrefix(prefix));
    const config = configFor(app.sim, prefix);
    let service = await startService(config);
    cleanup.add(() => service.close());
    app.forge.kvs.handle('/api/v1/set', { key: 'cfg:sync', value: { url: `${service.address}/events` } });
    await service.reconcile();
    await waitIdle(service);
    await service.close();

    const added = await app.forge.invoke(
      'project-page',
      'changeCatalogue',
      {
        expectedVersion: 0,
        input: { change: { type: 'makeObligatory', id: PERMISSION }, reason: 'Bestyrelsesmøde 1/4' },
      },
      { accountId: BOARD, project: 'KITOS' },
    );
    expect(added.ok, JSON.stringify(added.error)).toBe(true);
    await app.forge.asyncEvents.settled();
    // Each project's event could not be delivered (retried, then dropped) but its mirror was rewritten first.
    const rewrites = app.forge.asyncEvents.deliveries.filter((d) => d.body.remirror === 'project');
    expect(new Set(rewrites.map((d) => d.body.projectId)).size).toBe(OS2_PRODUCTS.length);
    expect(rewrites.some((d) => d.outcome === 'dropped')).toBe(true);
    const kitos = readGovernanceMirror(
      app.sim.site('os2').state.resolveProject('KITOS')!.properties.get(GOVERNANCE_PROPERTY),
      SECRET,
    );
    expect(kitos.integrity === 'verified' && kitos.payload.catalogueChanges).toEqual([
      { type: 'makeObligatory', id: PERMISSION },
    ]);

    service = await startService(config);
    cleanup.add(() => service.close());
    await service.reconcile();
    await waitIdle(service);
    const stored = portfolioIssues(app.sim).find((i) => i.sourceKey === 'os2/10002')?.stored;
    expect(stored?.requirements.open).toContain(PERMISSION);
    await expectPortfolioCorrect(app.sim, OS2_PRODUCTS);
  }, 150_000);
});
