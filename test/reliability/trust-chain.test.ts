/**
 * Issue 13: attacks on the trust chain around the signatures, each made as the attacker would, through Jira's
 * REST API with the attacker's own credentials, against the simulator, the real sync service and real Redis.
 * Each asserts that the attack is refused or visibly flagged, that nothing shown is wrong, and that a reconcile
 * heals what it can detect.
 *
 * Actors: a plain municipality user (`k751-karin`: browses every project, so in Jira may write issue
 * properties of the portfolio issues), a project admin (`pl-mo-kristian`: MO), the secretariat (`os2-sek-jonas`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JiraSim } from '../../jira-sim/index.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import {
  buildGovernanceMirror,
  GOVERNANCE_PROPERTY,
  readGovernanceMirror,
} from '../../src/mirror/governance-mirror.js';
import { parseConfig } from '../../sync-worker/src/config.js';
import { ROLLUP_PROPERTY, readRollUp } from '../../src/mirror/rollup-mirror.js';
import { buildVotesMirror, readVotesMirrorRevision, VOTES_PROPERTY } from '../../src/mirror/votes-mirror.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { signPushedRollUp } from '../../src/mirror/pushed-rollup.js';
import type { PushedInput } from '../../src/mirror/pushed-rollup.js';
import type { RollUp } from '../../src/domain/rollup.js';
import {
  bumpGovernance,
  changeEvent,
  cleanupPrefix,
  configFor,
  configParts,
  postEvent,
  expectPortfolioCorrect,
  portfolioIssues,
  SECRET,
  startService,
  startSim,
  uniquePrefix,
  waitIdle,
} from './harness.js';

const MO = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'MO')!;
const KITOS = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'KITOS')!;
const MO_KEY = `os2/${MO.record.project.id}`;
const KITOS_KEY = `os2/${KITOS.record.project.id}`;

const MUNICIPALITY_USER = 'k751-karin';
const MO_ADMIN = 'pl-mo-kristian';
const KITOS_ADMIN = 'pl-kitos-anja';
const SECRETARIAT = 'os2-sek-jonas';

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

function issueOf(sim: JiraSim, sourceKey: string) {
  const mine = portfolioIssues(sim).filter((i) => i.sourceKey === sourceKey);
  expect(mine, `portfolio issues of ${sourceKey}`).toHaveLength(1);
  return mine[0]!;
}

async function rollUpProperty(sim: JiraSim, user: string, issueId: string) {
  const res = await asUser(sim, user, 'GET', `/rest/api/3/issue/${issueId}/properties/${ROLLUP_PROPERTY}`);
  expect(res.status).toBe(200);
  return res.json!.value as RollUp & { hash: string; signature: string };
}

describe('trust chain (issue 13)', () => {
  let sim: JiraSim;
  let service: SyncService;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    sim = await startSim();
    // Read-after-write on purpose: these tests are about what the service does with forged data once it sees
    // it. Under Jira's search lag it would only see an attacker's write seconds later (and until then shows the
    // last verified data); that path is tested in sync-worker/test/portfolio-index.test.ts and jira-sim/test.
    sim.site('os2').indexLagMs = 0;
    service = await startService(configFor(sim, prefix), {
      plugins: [{ plugin: portfolioPagePlugin, options: { cacheMs: 0, refreshMs: 0 } }],
    });
    await service.reconcile();
    await waitIdle(service);
    await expectPortfolioCorrect(sim);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(prefix);
  });

  it('item 1: a portfolio issue rewritten by a municipality user (hash and signature kept) and an invented product are never shown as verified, and a reconcile heals the forgery', async () => {
    const mo = issueOf(sim, MO_KEY);
    const original = await rollUpProperty(sim, MUNICIPALITY_USER, mo.id);
    expect(original.integrity).toBe('verified');
    const forged = {
      ...original,
      name: 'MO (nedlagt)',
      level: 'N1',
      state: 'retired',
      topRequests: [
        { key: 'MO-1', summary: 'Falsk', votes: 97, coFinanceWilling: 97, coFinanceTotalDkk: 9e8 },
      ],
    };
    const put = await asUser(
      sim,
      MUNICIPALITY_USER,
      'PUT',
      `/rest/api/3/issue/${mo.id}/properties/${ROLLUP_PROPERTY}`,
      forged,
    );
    expect(put.status).toBe(200);
    // An invented product, with the signature of a real one copied along.
    const fake = {
      ...original,
      sourceKey: 'os2/10999',
      project: { id: '10999', key: 'FAKE' },
      name: 'Falsk',
    };
    const created = await asUser(sim, MUNICIPALITY_USER, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'PORT' }, issuetype: { name: 'Produkt' }, summary: 'Falsk produkt' },
      properties: [{ key: ROLLUP_PROPERTY, value: fake }],
    });
    expect(created.status).toBe(201);

    // Every reader: listRollUps (page, JSON, CSV all read through it).
    const list = await service.listRollUps();
    const moShown = list.find((r) => r.sourceKey === MO_KEY)!;
    expect(moShown.integrity).toBe('tampered');
    expect(moShown.name).not.toBe('MO (nedlagt)');
    expect(moShown.level).toBeUndefined();
    expect(moShown.topRequests).toEqual([]);
    const fakeShown = list.find((r) => r.sourceKey === 'os2/10999')!;
    expect(fakeShown.integrity).toBe('tampered');
    expect(fakeShown.name).not.toBe('Falsk');
    expect(list.filter((r) => r.integrity === 'verified')).toHaveLength(list.length - 2);

    const api = (await fetch(`${service.address}/api/portfolio`).then((r) => r.json())) as {
      products?: RollUp[];
    };
    const apiText = JSON.stringify(api);
    expect(apiText).not.toContain('MO (nedlagt)');
    expect(apiText).not.toContain('"Falsk"');
    const csv = await fetch(`${service.address}/portfolio.csv`).then((r) => r.text());
    expect(csv).not.toContain('MO (nedlagt)');
    expect(csv).not.toContain('900000000');

    // A scheduled reconcile rewrites the forged issue (the writer verifies and compares in full).
    await service.reconcile();
    await waitIdle(service);
    const healed = issueOf(sim, MO_KEY);
    expect(healed.id).toBe(mo.id);
    expect(readRollUp(healed.stored, { portfolioProject: 'PORT' }, [SECRET]).ok).toBe(true);
    expect(healed.stored!.name).toBe(MO.record.name);
    expect((await service.listRollUps()).find((r) => r.sourceKey === MO_KEY)!.integrity).toBe('verified');
    // The invented product is not the service's: it stays flagged, and is not deleted on the user's behalf.
    expect(portfolioIssues(sim).some((i) => i.sourceKey === 'os2/10999')).toBe(true);
    expect((await service.listRollUps()).find((r) => r.sourceKey === 'os2/10999')!.integrity).toBe(
      'tampered',
    );
    // Leave the portfolio as the oracle wants it for the next tests.
    await asUser(sim, SECRETARIAT, 'DELETE', `/rest/api/3/issue/${String(created.json!.id)}`);
    await expectPortfolioCorrect(sim);
  });

  it('item 3: a project admin who puts an older signed governance mirror back is flagged as rolled back, and the newer values stay', async () => {
    const path = `/rest/api/3/project/${MO.record.project.id}/properties/${GOVERNANCE_PROPERTY}`;
    const old = await asUser(sim, MO_ADMIN, 'GET', path);
    expect(old.status).toBe(200);
    // The board retires MO (as the app saves it: a new signed revision).
    const revision = bumpGovernance(sim, MO.record.project.id, () => ({ state: 'retired' }));
    await service.enqueueSync('os2', MO.record.project.id);
    await waitIdle(service);
    expect(issueOf(sim, MO_KEY).stored!.state).toBe('retired');
    expect(issueOf(sim, MO_KEY).stored!.revision).toBe(revision);

    // The project admin puts the previous, validly signed revision back.
    expect((await asUser(sim, MO_ADMIN, 'PUT', path, old.json!.value)).status).toBe(200);
    for (const run of ['event', 'reconcile'] as const) {
      if (run === 'event') await service.enqueueSync('os2', MO.record.project.id);
      else await service.reconcile();
      await waitIdle(service);
      const stored = issueOf(sim, MO_KEY).stored!;
      expect(stored.integrity, run).toBe('tampered');
      expect(stored.state, run).toBe('retired');
      expect(stored.revision, run).toBe(revision);
      const shown = (await service.listRollUps()).find((r) => r.sourceKey === MO_KEY)!;
      expect(shown.integrity).toBe('tampered');
      expect(shown.state).toBe('retired');
    }
    // The app's next save (a newer revision) clears the flag.
    bumpGovernance(sim, MO.record.project.id, () => ({ state: 'retired' }));
    await service.enqueueSync('os2', MO.record.project.id);
    await waitIdle(service);
    await expectPortfolioCorrect(sim);
  });

  it("item 7: a user who tags the secretariat's issue with a product's sourceKey (even with a copied signed roll-up) does not get it deleted or rewritten", async () => {
    const kitos = issueOf(sim, KITOS_KEY);
    const signed = await rollUpProperty(sim, MUNICIPALITY_USER, kitos.id);
    const notes = await asUser(sim, SECRETARIAT, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'PORT' }, issuetype: { name: 'Produkt' }, summary: 'Sekretariatets noter' },
    });
    expect(notes.status).toBe(201);
    const notesId = String(notes.json!.id);
    const tag = await asUser(
      sim,
      MUNICIPALITY_USER,
      'PUT',
      `/rest/api/3/issue/${notesId}/properties/${ROLLUP_PROPERTY}`,
      signed,
    );
    expect([200, 201]).toContain(tag.status);

    bumpGovernance(sim, KITOS.record.project.id);
    await service.enqueueSync('os2', KITOS.record.project.id);
    await service.reconcile();
    await waitIdle(service);

    const state = sim.site('os2').state;
    const survivor = [...state.issues.values()].find((i) => String(i.id) === notesId);
    expect(survivor?.deleted ?? false).toBe(false);
    expect(survivor?.summary).toBe('Sekretariatets noter');
    // The product's own issue is the one kept up to date.
    const ours = portfolioIssues(sim).filter((i) => i.sourceKey === KITOS_KEY);
    expect(ours.map((i) => i.id).sort()).toEqual([kitos.id, notesId].sort());
    expect(
      readRollUp(ours.find((i) => i.id === kitos.id)!.stored, { portfolioProject: 'PORT' }, [SECRET]).ok,
    ).toBe(true);
    await asUser(sim, SECRETARIAT, 'DELETE', `/rest/api/3/issue/${notesId}`);
    await expectPortfolioCorrect(sim);
  });

  /** A new feature request made through REST by `user` (any project member may create one). */
  async function newRequest(user: string, projectKey: string, summary: string) {
    const res = await asUser(sim, user, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: projectKey }, issuetype: { name: 'Udviklingsønske' }, summary },
    });
    expect(res.status).toBe(201);
    return { id: String(res.json!.id), key: String(res.json!.key) };
  }

  /** Open feature requests of a project on the os2 site, with their stored os2-votes. */
  function requestsOf(projectId: string) {
    const state = sim.site('os2').state;
    return [...state.issues.values()]
      .filter(
        (i) =>
          i.projectId === projectId &&
          !i.deleted &&
          state.issueTypes.get(i.issueTypeId)?.name === 'Udviklingsønske' &&
          state.statuses.get(i.statusId)?.categoryKey !== 'done',
      )
      .map((i) => ({ id: String(i.id), key: i.key, votes: i.properties?.get(VOTES_PROPERTY) }));
  }

  it('item 2: a signed tally copied onto other requests (same project, other project) gives them no votes, and an older tally put back is refused', async () => {
    const kitosIssue = issueOf(sim, KITOS_KEY).stored!;
    const best = kitosIssue.topRequests[0]!;
    const kitosRequests = requestsOf(KITOS.record.project.id);
    const source = kitosRequests.find((r) => r.key === best.key)!;
    const copy = source.votes as { count: number };
    // KITOS's admin copies the best tally onto an unvoted request of KITOS; MO's admin onto one of MO.
    const unvotedKitos = await newRequest(KITOS_ADMIN, 'KITOS', 'Kopieret stemmetal');
    const unvotedMo = await newRequest(MO_ADMIN, 'MO', 'Kopieret stemmetal');
    for (const [user, target] of [
      [KITOS_ADMIN, unvotedKitos],
      [MO_ADMIN, unvotedMo],
    ] as const) {
      const res = await asUser(
        sim,
        user,
        'PUT',
        `/rest/api/3/issue/${target.id}/properties/${VOTES_PROPERTY}`,
        copy,
      );
      expect([200, 201]).toContain(res.status);
    }
    await service.enqueueSync('os2', KITOS.record.project.id);
    await service.enqueueSync('os2', MO.record.project.id);
    await waitIdle(service);
    const kitosAfter = issueOf(sim, KITOS_KEY).stored!;
    const moAfter = issueOf(sim, MO_KEY).stored!;
    expect(kitosAfter.topRequests.map((r) => r.key)).not.toContain(unvotedKitos.key);
    expect(moAfter.topRequests.map((r) => r.key)).not.toContain(unvotedMo.key);
    expect(kitosAfter.topRequests.filter((r) => r.votes === best.votes).length).toBe(
      kitosIssue.topRequests.filter((r) => r.votes === best.votes).length,
    );
    expect(kitosAfter.skippedRequests).toBeGreaterThanOrEqual(1);
    expect(moAfter.skippedRequests).toBeGreaterThanOrEqual(1);

    // An older tally of the same request put back: first a newer one is signed (as the app does after a
    // vote), the service accepts it, then the old one is restored through REST.
    const state = sim.site('os2').state;
    const issue = [...state.issues.values()].find((i) => String(i.id) === source.id)!;
    const older = issue.properties!.get(VOTES_PROPERTY) as { tally: { count: number } };
    const { buildVotesMirror } = await import('../../src/mirror/votes-mirror.js');
    const newer = { ...older.tally, count: older.tally.count - 1 } as never as Parameters<
      typeof buildVotesMirror
    >[0];
    newer.municipalities = newer.municipalities.slice(1);
    state.setIssueProperty(
      issue,
      VOTES_PROPERTY,
      buildVotesMirror(newer, SECRET, { projectId: KITOS.record.project.id, issueId: source.id }),
    );
    await service.enqueueSync('os2', KITOS.record.project.id);
    await waitIdle(service);
    expect(issueOf(sim, KITOS_KEY).stored!.topRequests.find((r) => r.key === best.key)?.votes).toBe(
      newer.count,
    );
    const restore = await asUser(
      sim,
      KITOS_ADMIN,
      'PUT',
      `/rest/api/3/issue/${source.id}/properties/${VOTES_PROPERTY}`,
      older,
    );
    expect(restore.status).toBe(200);
    await service.enqueueSync('os2', KITOS.record.project.id);
    await waitIdle(service);
    const afterRestore = issueOf(sim, KITOS_KEY).stored!;
    expect(afterRestore.topRequests.find((r) => r.key === best.key)).toBeUndefined();
    expect(afterRestore.topRequests.every((r) => r.votes <= best.votes)).toBe(true);
  });

  it('item 6: ten requests with a forged indexed count of 9999 do not empty the top list; it pages on and counts them', async () => {
    const before = issueOf(sim, MO_KEY).stored!;
    expect(before.topRequests.length).toBeGreaterThan(0);
    const victims = [];
    for (let n = 0; n < 10; n++) victims.push(await newRequest(MO_ADMIN, 'MO', `Falsk ønske ${n}`));
    for (const v of victims) {
      const res = await asUser(
        sim,
        MO_ADMIN,
        'PUT',
        `/rest/api/3/issue/${v.id}/properties/${VOTES_PROPERTY}`,
        {
          count: 9999,
          coFinanceTotalDkk: 0,
        },
      );
      expect([200, 201]).toContain(res.status);
    }
    await service.enqueueSync('os2', MO.record.project.id);
    await waitIdle(service);
    const after = issueOf(sim, MO_KEY).stored!;
    expect(after.topRequests.map((r) => r.key)).toEqual(before.topRequests.map((r) => r.key));
    expect(after.skippedRequests).toBeGreaterThanOrEqual(10);
    expect(after.integrity).toBe('verified');
  });

  it('low: a product whose governance mirror a project admin deletes is flagged missing, keeping its last verified values', async () => {
    const before = issueOf(sim, MO_KEY).stored!;
    const path = `/rest/api/3/project/${MO.record.project.id}/properties/${GOVERNANCE_PROPERTY}`;
    const del = await asUser(sim, MO_ADMIN, 'DELETE', path);
    expect([200, 204]).toContain(del.status);
    await service.enqueueSync('os2', MO.record.project.id);
    await waitIdle(service);
    const after = issueOf(sim, MO_KEY).stored!;
    expect(after.integrity).toBe('missing');
    expect(after.level).toBe(before.level);
    expect(after.name).toBe(before.name);
    expect((await service.listRollUps()).find((r) => r.sourceKey === MO_KEY)!.integrity).toBe('missing');
  });
});

describe('per-site secrets (issue 13, item 5)', () => {
  const SUPPLIER_SECRET = 'supplier-own-secret-77aa';
  let sim: JiraSim;
  let service: SyncService;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    sim = await startSim();
    // The supplier's Forge app holds the supplier's own secret: its mirrors are signed with it.
    const state = sim.site('supplier').state;
    for (const project of state.projects.values()) {
      const read = readGovernanceMirror(project.properties.get(GOVERNANCE_PROPERTY), SECRET);
      if (read.integrity !== 'verified') continue;
      project.properties.set(
        GOVERNANCE_PROPERTY,
        buildGovernanceMirror(read.payload.record, read.payload.decisions, SUPPLIER_SECRET),
      );
    }
    for (const issue of state.issues.values()) {
      const read = readVotesMirrorRevision(issue.properties?.get(VOTES_PROPERTY), SECRET, 'unbound');
      if (!read) continue;
      issue.properties!.set(
        VOTES_PROPERTY,
        buildVotesMirror(
          read.tally,
          SUPPLIER_SECRET,
          { projectId: issue.projectId, issueId: String(issue.id) },
          read.revision,
        ),
      );
    }
    state.touch();
    const { file, env } = configParts(sim, prefix);
    file.sites = file.sites.map((s) =>
      s.name === 'supplier' ? { ...s, secretEnv: 'OS2REL_SUPPLIER_SECRET' } : s,
    );
    env.OS2REL_SUPPLIER_SECRET = SUPPLIER_SECRET;
    service = await startService(parseConfig(file, env));
    await service.reconcile();
    await waitIdle(service);
  });
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await cleanupPrefix(prefix);
  });

  it("a supplier site's admin who copies OS2's signed mirror onto a project with the same id gets it flagged, not a second verified MO", async () => {
    const before = await service.listRollUps();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((r) => r.integrity === 'verified')).toBe(true);

    const supplier = sim.site('supplier');
    // Jira numbers projects per site from 10000: the supplier's site can have a project 10001 too.
    supplier.state.addProject({
      id: MO.record.project.id,
      key: 'MOX',
      name: 'MO-kopi',
      leadAccountId: supplier.admin.accountId,
    });
    const os2Mirror = await asUser(
      sim,
      MO_ADMIN,
      'GET',
      `/rest/api/3/project/${MO.record.project.id}/properties/${GOVERNANCE_PROPERTY}`,
    );
    const res = await fetch(
      `${supplier.baseUrl}/rest/api/3/project/${MO.record.project.id}/properties/${GOVERNANCE_PROPERTY}`,
      {
        method: 'PUT',
        headers: {
          Authorization: `Basic ${Buffer.from(`${supplier.admin.email}:${supplier.admin.apiToken}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(os2Mirror.json!.value),
      },
    );
    expect([200, 201]).toContain(res.status);
    await service.enqueueSync('supplier', MO.record.project.id);
    await waitIdle(service);

    const after = await service.listRollUps();
    const copies = after.filter((r) => r.project.id === MO.record.project.id);
    expect(copies.map((r) => `${r.sourceKey}:${r.integrity}`).sort()).toEqual([
      `os2/${MO.record.project.id}:verified`,
      `supplier/${MO.record.project.id}:tampered`,
    ]);
    expect(after.filter((r) => r.integrity === 'verified' && r.name === MO.record.name)).toHaveLength(1);
  });

  it("an event signed with the supplier's secret is not accepted for the OS2 site", async () => {
    const forged = await postEvent(
      service.address!,
      changeEvent(sim.site('os2').baseUrl, MO.record.project.id),
      { secret: SUPPLIER_SECRET },
    );
    expect(forged.status).toBe(401);
    const own = await postEvent(service.address!, changeEvent(sim.site('supplier').baseUrl, '10004'), {
      secret: SUPPLIER_SECRET,
    });
    expect(own.status).toBe(202);
  });

  /** MO's governance as the app holds it (the signed mirror in the simulator stands in for Forge storage). */
  function moInput(openRequests = 2): PushedInput {
    const read = readGovernanceMirror(
      sim.site('os2').state.projects.get(MO.record.project.id)!.properties.get(GOVERNANCE_PROPERTY),
      SECRET,
    );
    if (read.integrity !== 'verified') throw new Error('MO has no verified mirror');
    return { ...read.payload, openRequests, topRequests: [] };
  }
  const os2Url = () => sim.site('os2').baseUrl + '/';
  const pushEvent = (projectId: string, rollUp: unknown) =>
    changeEvent(os2Url(), projectId, { occurredAt: new Date().toISOString(), rollUp });
  const refused = async (reason: string) =>
    (await service.metrics.pushedRollUps.get()).values.find(
      (v) => v.labels.site === 'os2' && v.labels.outcome === reason,
    )?.value ?? 0;

  it('issue 18: a forged pushed roll-up is refused (input edited, copied to another project, signed with another key) and writes nothing', async () => {
    const before = issueOf(sim, MO_KEY).stored!;
    const revision = bumpGovernance(sim, MO.record.project.id);
    const input = moInput();
    const pushed = signPushedRollUp(input, { siteUrl: os2Url(), projectId: MO.record.project.id }, SECRET);
    const signatureRefusals = await refused('signature');
    // Edited after signing (a name the attacker wants shown), in an event whose own signature is valid.
    const edited = {
      ...pushed,
      input: { ...pushed.input, record: { ...pushed.input.record, name: 'MO (nedlagt)' } },
    };
    const a = await postEvent(service.address!, pushEvent(MO.record.project.id, edited));
    expect(a.status).toBe(401);
    expect(a.json).toMatchObject({ error: 'push_refused', reason: 'signature' });
    // Signed with the supplier's key.
    const otherKey = signPushedRollUp(
      input,
      { siteUrl: os2Url(), projectId: MO.record.project.id },
      'supplier-own-secret-77aa',
    );
    expect((await postEvent(service.address!, pushEvent(MO.record.project.id, otherKey))).status).toBe(401);
    expect(await refused('signature')).toBe(signatureRefusals + 2);
    // MO's valid push put into an event about KITOS.
    const moved = await postEvent(service.address!, pushEvent(KITOS.record.project.id, pushed));
    expect(moved.status).toBe(401);
    expect(moved.json).toMatchObject({ reason: 'subject' });
    // Not a push at all.
    const junk = await postEvent(service.address!, pushEvent(MO.record.project.id, { input: 'x' }));
    expect(junk.status).toBe(400);
    expect(junk.json).toMatchObject({ reason: 'malformed' });
    await waitIdle(service);
    expect(issueOf(sim, MO_KEY).stored).toEqual(before);
    expect(issueOf(sim, KITOS_KEY).stored!.name).toBe(KITOS.record.name);

    // The genuine push is taken, with no read of the source site.
    sim.site('os2').resetCalls();
    expect((await postEvent(service.address!, pushEvent(MO.record.project.id, pushed))).status).toBe(202);
    await waitIdle(service);
    expect(issueOf(sim, MO_KEY).stored!.revision).toBe(revision);
    expect(issueOf(sim, MO_KEY).stored!.integrity).toBe('verified');
    expect(
      Object.keys(sim.site('os2').calls()).filter(
        (r) => r.includes('/project/') || r.includes('approximate'),
      ),
    ).toEqual([]);
  });

  it('issue 18: a replayed or overtaken pushed roll-up is refused, and an older governance revision pushed anew too', async () => {
    const subject = { siteUrl: os2Url(), projectId: MO.record.project.id };
    const r1 = bumpGovernance(sim, MO.record.project.id, () => ({ state: 'retired' }));
    const older = signPushedRollUp(moInput(), subject, SECRET, Date.now() - 1_000);
    const r2 = bumpGovernance(sim, MO.record.project.id, () => ({ state: 'product' }));
    const newer = signPushedRollUp(moInput(), subject, SECRET);
    const first = await postEvent(service.address!, pushEvent(MO.record.project.id, newer));
    expect(first.status).toBe(202);
    await waitIdle(service);
    expect(issueOf(sim, MO_KEY).stored!.revision).toBe(r2);
    // The same request again: the event's signature was used.
    const again = await postEvent(service.address!, {}, { body: first.body, timestamp: first.timestamp });
    expect(again.status).toBe(401);
    // The older push in a fresh event (a captured one resent, or a retry that arrives late).
    const replayed = await refused('replayed');
    const late = await postEvent(service.address!, pushEvent(MO.record.project.id, older));
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ reason: 'replayed' });
    expect(await refused('replayed')).toBe(replayed + 1);
    // Signed now, but with the older governance revision: refused as a rollback.
    const stale = signPushedRollUp(
      { ...moInput(), record: { ...moInput().record, revision: r1 } },
      subject,
      SECRET,
    );
    const back = await postEvent(service.address!, pushEvent(MO.record.project.id, stale));
    expect(back.status).toBe(409);
    expect(back.json).toMatchObject({ reason: 'rolled_back' });
    await waitIdle(service);
    const stored = issueOf(sim, MO_KEY).stored!;
    expect(stored.revision).toBe(r2);
    expect(stored.state).toBe('product');
    expect(stored.integrity).toBe('verified');
  });

  it('issue 18: a lost push (the change saved, its event never delivered) is healed by the reconcile, although the portfolio index remembers the old hash', async () => {
    const subject = { siteUrl: os2Url(), projectId: MO.record.project.id };
    bumpGovernance(sim, MO.record.project.id);
    expect(
      (
        await postEvent(
          service.address!,
          pushEvent(MO.record.project.id, signPushedRollUp(moInput(), subject, SECRET)),
        )
      ).status,
    ).toBe(202);
    await waitIdle(service);
    const lost = bumpGovernance(sim, MO.record.project.id, (r) => ({ name: `${r.name} (tabt)` }));
    // No event. The scheduled reconcile reads every product and finds the change.
    await service.reconcile();
    await waitIdle(service);
    const stored = issueOf(sim, MO_KEY).stored!;
    expect(stored.revision).toBe(lost);
    expect(stored.name).toContain('(tabt)');
    expect(readRollUp(stored, { portfolioProject: 'PORT' }, [SECRET]).ok).toBe(true);
  });
});
