// Admin page, project settings page (OS2 standard issue types), global portfolio page and the issue trigger,
// through the real handlers in the local Forge runtime.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, eventReceiver, SECRET, SECRETARIAT, BOARD, product } from './helpers.js';
import { rollUp } from '../../src/domain/roll-up.js';
import { signRollUp } from '../../src/mirror/rollup-mirror.js';
import { PORTFOLIO_TYPE } from '../../jira-sim/index.js';
import type { AdminPageData } from '../../src/resolvers/admin-page.js';
import type { SettingsPageData } from '../../src/resolvers/settings-page.js';
import type { GlobalPageData } from '../../src/resolvers/global-page.js';
import { GOVERNANCE_PROPERTY, readGovernanceMirror } from '../../src/mirror/governance-mirror.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let receiver: Awaited<ReturnType<typeof eventReceiver>>;
let close: () => Promise<void>;
let admin: string;

beforeAll(async () => {
  receiver = await eventReceiver();
  ({ sim, forge, close } = await startApp({ syncUrl: receiver.url }));
  admin = sim.site('os2').admin.accountId;
});
afterAll(async () => {
  await close();
  await receiver.close();
});

describe('admin page', () => {
  it('is for Jira administrators only', async () => {
    const refused = await forge.invoke('admin-page', 'load', {}, { accountId: SECRETARIAT });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ONLY_JIRA_ADMIN' } });
    const ok = await forge.invoke<AdminPageData>('admin-page', 'load', {}, { accountId: admin });
    expect(ok.data!.municipalities).toHaveLength(98);
    expect(ok.data!.directory.length).toBeGreaterThan(0);
    expect(ok.data!.roles).toEqual({ secretariatGroup: 'os2-sekretariat', boardGroup: 'os2-bestyrelse' });
  });

  it('stores the secret write-only: it is never returned', async () => {
    const saved = await forge.invoke(
      'admin-page',
      'saveSecret',
      { secret: 'a-brand-new-secret-of-length' },
      { accountId: admin },
    );
    expect(saved).toEqual({ ok: true, data: { secretSet: true } });
    const page = await forge.invoke<AdminPageData>('admin-page', 'load', {}, { accountId: admin });
    expect(page.data!.secretSet).toBe(true);
    expect(JSON.stringify(page)).not.toContain('a-brand-new-secret-of-length');
    const short = await forge.invoke('admin-page', 'saveSecret', { secret: 'short' }, { accountId: admin });
    expect(short).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // mirrors written from now on are signed with the new secret
    const before = (
      await forge.invoke<{ record: { revision: number } }>(
        'project-page',
        'load',
        {},
        { accountId: BOARD, project: 'DATA' },
      )
    ).data!;
    await forge.invoke(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: before.record.revision,
        input: { level: 'N3', reason: 'KL-strategi' },
      },
      { accountId: BOARD, project: 'DATA' },
    );
    const prop = sim.site('os2').state.resolveProject('DATA')!.properties.get(GOVERNANCE_PROPERTY);
    expect(readGovernanceMirror(prop, 'a-brand-new-secret-of-length').integrity).toBe('verified');
    await forge.invoke('admin-page', 'saveSecret', { secret: SECRET }, { accountId: admin });
  });

  it('validates the directory, roles, catalogue and sync address', async () => {
    const bad = await forge.invoke(
      'admin-page',
      'saveDirectory',
      { entries: [{ group: 'kommune-999', municipality: { name: 'Nowhere', code: '999' } }] },
      { accountId: admin },
    );
    expect(bad.ok).toBe(false);
    const dup = await forge.invoke(
      'admin-page',
      'saveDirectory',
      {
        entries: [
          { group: 'g', municipality: { name: 'Aarhus', code: '751' } },
          { group: 'g', municipality: { name: 'København', code: '101' } },
        ],
      },
      { accountId: admin },
    );
    expect(dup).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await forge.invoke('admin-page', 'saveCatalogue', { id: 'nope' }, { accountId: admin })).ok).toBe(
      false,
    );
    expect((await forge.invoke('admin-page', 'saveSync', { url: 'ftp://x' }, { accountId: admin })).ok).toBe(
      false,
    );
    expect(
      (
        await forge.invoke(
          'admin-page',
          'saveRoles',
          { secretariatGroup: 'os2-sekretariat', boardGroup: 'os2-bestyrelse' },
          { accountId: admin },
        )
      ).ok,
    ).toBe(true);
  });
});

describe('project settings page: OS2 standard issue types', () => {
  it('shows what is missing and extra; only project admins apply; a second run changes nothing', async () => {
    const page = await forge.invoke<SettingsPageData>(
      'settings-page',
      'load',
      {},
      { accountId: 'pl-mo-kristian', project: 'MO' },
    );
    expect(page.ok).toBe(true);
    expect(page.data!.project.style).toBe('classic');
    expect(page.data!.present.map((p) => p.standard)).toContain('Udviklingsønske');
    const refused = await forge.invoke('settings-page', 'apply', {}, { accountId: 'k151-bo', project: 'MO' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ONLY_PROJECT_ADMIN' } });
    const missingBefore = page.data!.missing;
    const applied = await forge.invoke<{ created: string[]; added: string[] }>(
      'settings-page',
      'apply',
      {},
      { accountId: 'pl-mo-kristian', project: 'MO' },
    );
    expect(applied.ok).toBe(true);
    const after = (
      await forge.invoke<SettingsPageData>(
        'settings-page',
        'load',
        {},
        { accountId: 'pl-mo-kristian', project: 'MO' },
      )
    ).data!;
    expect(after.missing.filter((m) => m !== 'Epic' || !missingBefore.includes('Epic'))).toEqual([]);
    const callsBefore = forge.jiraCalls.length;
    const second = await forge.invoke<{ created: string[]; added: string[] }>(
      'settings-page',
      'apply',
      {},
      { accountId: 'pl-mo-kristian', project: 'MO' },
    );
    expect(second.data!.created).toEqual([]);
    expect(second.data!.added).toEqual([]);
    const writes = forge.jiraCalls.slice(callsBefore).filter((c) => c.method !== 'GET');
    expect(writes).toEqual([]);
  });
});

describe('project settings page: a company-managed project missing standard types', () => {
  it('adds the missing types to a scheme of its own and is idempotent', async () => {
    const state = sim.site('os2').state;
    const task = state.globalIssueTypeByName('Task')!;
    state.addIssueTypeScheme({
      id: '10900',
      name: 'Kun opgaver',
      description: '',
      issueTypeIds: [task.id],
      isDefault: false,
    });
    state.addProject({
      id: '10950',
      key: 'THIN',
      name: 'Tyndt projekt',
      leadAccountId: 'pl-mo-kristian',
      style: 'classic',
      issueTypeSchemeId: '10900',
    });
    const before = (
      await forge.invoke<SettingsPageData>(
        'settings-page',
        'load',
        {},
        { accountId: 'pl-mo-kristian', project: 'THIN' },
      )
    ).data!;
    expect(before.missing).toEqual(expect.arrayContaining(['Udviklingsønske', 'Fejl', 'Underopgave']));
    const applied = await forge.invoke<{ created: string[]; added: string[] }>(
      'settings-page',
      'apply',
      {},
      { accountId: 'pl-mo-kristian', project: 'THIN' },
    );
    expect(applied.ok).toBe(true);
    expect(applied.data!.added).toEqual(expect.arrayContaining(['Udviklingsønske', 'Bug', 'Subtask']));
    const after = (
      await forge.invoke<SettingsPageData>(
        'settings-page',
        'load',
        {},
        { accountId: 'pl-mo-kristian', project: 'THIN' },
      )
    ).data!;
    expect(after.missing).toEqual([]);
    const calls = forge.jiraCalls.length;
    const again = await forge.invoke<{ created: string[]; added: string[] }>(
      'settings-page',
      'apply',
      {},
      { accountId: 'pl-mo-kristian', project: 'THIN' },
    );
    expect(again.data).toMatchObject({ created: [], added: [] });
    expect(forge.jiraCalls.slice(calls).filter((c) => c.method !== 'GET')).toEqual([]);
  });
});

describe('project settings page: a team-managed project', () => {
  it('names the missing project-scoped types and the manual step when Jira refuses to create them', async () => {
    const state = sim.site('os2').state;
    state.addProject({
      id: '10951',
      key: 'TEAM',
      name: 'Teamstyret',
      leadAccountId: 'pl-mo-kristian',
      style: 'next-gen',
      scopedIssueTypes: [{ name: 'Task' }],
    });
    const page = (
      await forge.invoke<SettingsPageData>(
        'settings-page',
        'load',
        {},
        { accountId: 'pl-mo-kristian', project: 'TEAM' },
      )
    ).data!;
    expect(page.project.style).toBe('next-gen');
    expect(page.missing).toEqual(expect.arrayContaining(['Udviklingsønske', 'Fejl', 'Underopgave']));
    const applied = await forge.invoke(
      'settings-page',
      'apply',
      {},
      { accountId: 'pl-mo-kristian', project: 'TEAM' },
    );
    if (applied.ok) {
      const after = (
        await forge.invoke<SettingsPageData>(
          'settings-page',
          'load',
          {},
          { accountId: 'pl-mo-kristian', project: 'TEAM' },
        )
      ).data!;
      expect(after.missing.filter((m) => m !== 'Epic')).toEqual([]);
    } else {
      expect(applied.error).toMatchObject({ code: 'TEAM_MANAGED_MANUAL' });
      expect(applied.error!.message).toContain('Udviklingsønske');
    }
  });
});

describe('global page: the portfolio', () => {
  it('lists the roll-ups of the portfolio project (empty until the sync service has written some)', async () => {
    const page = await forge.invoke<GlobalPageData>('global-page', 'load', {}, { accountId: SECRETARIAT });
    expect(page.ok).toBe(true);
    expect(page.data!.portfolioKey).toBe('PORT');
    expect(Array.isArray(page.data!.products)).toBe(true);
  });
});

describe('global page with roll-ups', () => {
  it('lists the products the sync service wrote to PORT, verified and sorted by level', async () => {
    const site = sim.site('os2');
    const auth = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
    for (const key of ['MO', 'FORD']) {
      const p = product(key);
      const r = rollUp({
        site: 'os2',
        record: p.record,
        decisions: p.decisions,
        integrity: 'verified',
        openRequests: 3,
        topRequests: [],
      });
      const res = await fetch(`${site.baseUrl}/rest/api/3/issue`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          fields: { project: { key: 'PORT' }, issuetype: { name: PORTFOLIO_TYPE }, summary: p.record.name },
          properties: [{ key: 'os2-rollup', value: signRollUp(r, { portfolioProject: 'PORT' }, SECRET) }],
        }),
      });
      expect(res.status).toBe(201);
    }
    // The page reads PORT through Jira's search, which trails writes by the index lag (the simulator lags as
    // Jira does): opened after the index has caught up, it lists them.
    await new Promise((r) => setTimeout(r, site.indexLagMs + 50));
    const page = await forge.invoke<GlobalPageData>('global-page', 'load', {}, { accountId: SECRETARIAT });
    const keys = page.data!.products.map((p) => p.project.key);
    expect(keys).toEqual(expect.arrayContaining(['MO', 'FORD']));
    const levels = page.data!.products.map((p) => p.level ?? '');
    expect(levels).toEqual([...levels].sort());
    expect(page.data!.products.find((p) => p.project.key === 'MO')!.integrity).toBe('verified');
  });

  it('shows a roll-up a portfolio editor rewrote (hash and signature kept) as tampered, without its figures', async () => {
    const site = sim.site('os2');
    const auth = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
    const p = product('KITOS');
    const r = rollUp({
      site: 'os2',
      record: p.record,
      decisions: p.decisions,
      integrity: 'verified',
      openRequests: 3,
      topRequests: [],
    });
    const signed = signRollUp(r, { portfolioProject: 'PORT' }, SECRET);
    const res = await fetch(`${site.baseUrl}/rest/api/3/issue`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        fields: { project: { key: 'PORT' }, issuetype: { name: PORTFOLIO_TYPE }, summary: p.record.name },
        properties: [{ key: 'os2-rollup', value: { ...signed, name: 'KITOS (nedlagt)', level: 'N1' } }],
      }),
    });
    expect(res.status).toBe(201);
    // The page reads PORT through Jira's search, which trails writes by the index lag (as in Jira).
    await new Promise((r) => setTimeout(r, site.indexLagMs + 50));
    const page = await forge.invoke<GlobalPageData>('global-page', 'load', {}, { accountId: SECRETARIAT });
    const kitos = page.data!.products.find((x) => x.project.key === 'KITOS')!;
    expect(kitos.integrity).toBe('tampered');
    expect(kitos.name).not.toBe('KITOS (nedlagt)');
    expect(kitos.level).toBeUndefined();
  });
});

describe('issue trigger', () => {
  it('queues a change event for an issue event; the consumer sends it signed with the pushed roll-up; skips the portfolio project', async () => {
    receiver.events.length = 0;
    const queued = await forge.trigger({
      eventType: 'avi:jira:updated:issue',
      issue: { id: '10001', key: 'MO-1', fields: { project: { id: '10001', key: 'MO' } } },
    });
    // One platform call in the trigger; the consumer reads, builds the push and sends (and retries).
    expect(queued).toEqual({ outcome: 'queued' });
    await forge.asyncEvents.settled();
    expect(receiver.events[0]).toMatchObject({
      verified: true,
      body: { kind: 'issue', projectId: '10001', issueId: '10001' },
    });
    // The roll-up input the app computed, so the service reads nothing from this site.
    expect(receiver.events[0]!.body.rollUp).toMatchObject({ input: { record: { project: { key: 'MO' } } } });
    const skipped = await forge.trigger({
      eventType: 'avi:jira:updated:issue',
      issue: { id: '20001', key: 'PORT-1', fields: { project: { id: '10100', key: 'PORT' } } },
    });
    expect(skipped).toEqual({ outcome: 'skipped' });
  });

  it('skips issues other than feature requests, unless their type or project changed', async () => {
    const event = (type: string, changed?: string) => ({
      eventType: 'avi:jira:updated:issue',
      issue: {
        id: '10005',
        key: 'MO-5',
        fields: { project: { id: '10001', key: 'MO' }, issuetype: { name: type } },
      },
      ...(changed ? { changelog: { items: [{ field: changed, fieldId: changed }] } } : {}),
    });
    expect(await forge.trigger(event('Bug', 'summary'))).toEqual({ outcome: 'skipped' });
    expect(await forge.trigger(event('Task'))).toEqual({ outcome: 'skipped' });
    expect(await forge.trigger(event('Bug', 'issuetype'))).toEqual({ outcome: 'queued' });
    expect(await forge.trigger(event('Task', 'project'))).toEqual({ outcome: 'queued' });
    expect(await forge.trigger(event('Udviklingsønske', 'summary'))).toEqual({ outcome: 'queued' });
    await forge.asyncEvents.settled();
  });

  it('an ungoverned project: the event goes without a push, and the app reads nothing from Jira for it', async () => {
    const state = sim.site('os2').state;
    state.addProject({
      id: '10961',
      key: 'FRIT',
      name: 'Ustyret projekt',
      leadAccountId: 'pl-mo-kristian',
      style: 'next-gen',
      scopedIssueTypes: [{ name: 'Udviklingsønske' }],
    });
    receiver.events.length = 0;
    const calls = forge.jiraCalls.length;
    expect(
      await forge.trigger({
        eventType: 'avi:jira:created:issue',
        issue: {
          id: '30001',
          key: 'FRIT-1',
          fields: { project: { id: '10961', key: 'FRIT' }, issuetype: { name: 'Udviklingsønske' } },
        },
      }),
    ).toEqual({ outcome: 'queued' });
    await forge.asyncEvents.settled();
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0]).toMatchObject({ verified: true, body: { kind: 'issue', projectId: '10961' } });
    expect(receiver.events[0]!.body.rollUp).toBeUndefined();
    expect(forge.jiraCalls.slice(calls)).toEqual([]);
  });

  it('finds the site URL from Jira when the event carries none', async () => {
    receiver.events.length = 0;
    const { onIssueEvent } = await import('../../src/triggers/index.js');
    const out = await forge.run(undefined, () =>
      onIssueEvent(
        {
          eventType: 'avi:jira:created:issue',
          issue: { id: '10002', fields: { project: { id: '10001', key: 'MO' } } },
        },
        {},
      ),
    );
    expect(out).toEqual({ outcome: 'queued' });
    await forge.asyncEvents.settled();
    expect(receiver.events[0]!.body.siteUrl).toBe(sim.site('os2').baseUrl);
  });
});
