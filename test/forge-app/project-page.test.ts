// The project page's resolver, called through its real handler (getDefinitions()) in the local Forge runtime,
// against the Jira simulator: roles from Jira groups, domain rules, revision-guarded saves, signed mirror, events.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, eventReceiver, SECRET, SECRETARIAT, BOARD, product } from './helpers.js';
import { readGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import type { ProjectPageData, SaveAnswer } from '../../src/resolvers/project-page.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let receiver: Awaited<ReturnType<typeof eventReceiver>>;
let close: () => Promise<void>;

beforeAll(async () => {
  receiver = await eventReceiver();
  ({ sim, forge, close } = await startApp({ syncUrl: receiver.url }));
});
afterAll(async () => {
  await close();
  await receiver.close();
});

const load = (accountId: string, project: string, locale?: string) =>
  forge.invoke<ProjectPageData>(
    'project-page',
    'load',
    {},
    { accountId, project, ...(locale ? { locale } : {}) },
  );

function mirrorOf(projectKey: string) {
  const p = sim.site('os2').state.resolveProject(projectKey)!;
  return readGovernanceMirror(p.properties.get(GOVERNANCE_PROPERTY), SECRET);
}

describe('project page resolver', () => {
  it('shows the record, the decision log, the requirements and the roles from Jira groups', async () => {
    const page = await load(BOARD, 'MO');
    expect(page.ok).toBe(true);
    const data = page.data!;
    expect(data.record?.name).toBe(product('MO').record.name);
    expect(data.actor.roles).toContain('board');
    expect(data.decisions.length).toBe(product('MO').decisions.length);
    expect(data.requirements.map((g) => g.theme)).toEqual([
      'relevance',
      'formal',
      'governance',
      'strategic_fit',
    ]);
    expect(data.requirements.flatMap((g) => g.items).length).toBeGreaterThan(10);
    // Danish by default, English for an English locale
    const da = data.requirements[0]!.items[0]!.text;
    const en = (await load(BOARD, 'MO', 'en_US')).data!.requirements[0]!.items[0]!.text;
    expect(da).not.toBe(en);
  });

  it('refuses a level change by the secretariat with the rule, and changes nothing', async () => {
    const before = (await load(SECRETARIAT, 'FORD')).data!.record!;
    const step = (await load(SECRETARIAT, 'FORD')).data!.steps.find((s) => s.action === 'changeLevel');
    expect(step).toMatchObject({ allowed: false, rule: { code: 'ONLY_BOARD_DECIDES_LEVEL' } });
    const answer = await forge.invoke(
      'project-page',
      'transition',
      { action: 'changeLevel', expectedRevision: before.revision, input: { level: 'N2', reason: 'Vokset' } },
      { accountId: SECRETARIAT, project: 'FORD' },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'ONLY_BOARD_DECIDES_LEVEL' } });
    expect(answer.error!.message).toMatch(/bestyrelsen/i);
    const en = await forge.invoke(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: before.revision,
        input: { level: 'N2', reason: 'Grown' },
        locale: 'en_GB',
      },
      { accountId: SECRETARIAT, project: 'FORD' },
    );
    expect(en.error!.message).toMatch(/only the board/i);
    expect((await load(SECRETARIAT, 'FORD')).data!.record!.revision).toBe(before.revision);
  });

  it('lets the board change the level: new revision, decision logged, signed mirror written, event sent', async () => {
    const before = (await load(BOARD, 'FORD')).data!.record!;
    receiver.events.length = 0;
    const answer = await forge.invoke<SaveAnswer>(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: before.revision,
        input: { level: 'N2', reason: 'Flere kommuner vil bruge den' },
      },
      { accountId: BOARD, project: 'FORD' },
    );
    expect(answer.ok).toBe(true);
    expect(answer.data!.record.level).toBe('N2');
    expect(answer.data!.record.revision).toBe(before.revision + 1);
    expect(answer.data!.mirrored).toBe(true);
    // The event leaves the user's path on Forge's async events queue; the consumer sends it signed.
    expect(answer.data!.event).toBe('queued');
    await forge.asyncEvents.settled();
    const mirror = mirrorOf('FORD');
    expect(mirror.integrity).toBe('verified');
    if (mirror.integrity === 'verified') {
      expect(mirror.payload.record.level).toBe('N2');
      expect(mirror.payload.decisions.at(-1)?.kind).toBe('change_level');
    }
    const page = (await load(BOARD, 'FORD')).data!;
    expect(page.decisions[0]).toMatchObject({
      kind: 'change_level',
      body: 'board',
      decidedBy: { accountId: BOARD },
    });
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0]).toMatchObject({
      verified: true,
      body: { kind: 'governance', projectId: '10005' },
    });
  });

  it('refuses a stale save with a clear message and overwrites nothing', async () => {
    const before = (await load(BOARD, 'FORD')).data!.record!;
    const first = await forge.invoke(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: before.revision,
        input: { level: 'N3', reason: 'Strategisk' },
      },
      { accountId: BOARD, project: 'FORD' },
    );
    expect(first.ok).toBe(true);
    const stale = await forge.invoke(
      'project-page',
      'transition',
      {
        action: 'changeLevel',
        expectedRevision: before.revision,
        input: { level: 'N1', reason: 'Fortrudt' },
      },
      { accountId: BOARD, project: 'FORD' },
    );
    expect(stale).toMatchObject({ ok: false, error: { code: 'STALE_REVISION' } });
    expect(stale.error!.message).toContain(String(before.revision + 1));
    expect((await load(BOARD, 'FORD')).data!.record!.level).toBe('N3');
  });

  it('lets exactly one of two concurrent saves at the same revision win', async () => {
    const before = (await load(BOARD, 'FORD')).data!.record!;
    const results = await Promise.all(
      (['N1', 'N2'] as const).map((level) =>
        forge.invoke(
          'project-page',
          'transition',
          {
            action: 'changeLevel',
            expectedRevision: before.revision,
            input: { level, reason: `Til ${level}` },
          },
          { accountId: BOARD, project: 'FORD' },
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)[0]).toMatchObject({ error: { code: 'STALE_REVISION' } });
    const after = (await load(BOARD, 'FORD')).data!.record!;
    expect(after.revision).toBe(before.revision + 1);
    const mirror = mirrorOf('FORD');
    expect(mirror.integrity === 'verified' && mirror.payload.record.revision).toBe(after.revision);
  });

  it('lets project admins answer requirements (follow or explain) but not a municipality member', async () => {
    const adminId = 'pl-ford-emil';
    const page = (await load(adminId, 'FORD')).data!;
    expect(page.actor.roles).toContain('project_admin');
    const req = page.requirements.flatMap((g) => g.items).find((r) => r.answer.status === 'open')!;
    const explained = await forge.invoke<SaveAnswer>(
      'project-page',
      'edit',
      {
        kind: 'answerRequirement',
        expectedRevision: page.record!.revision,
        input: {
          requirementId: req.id,
          status: 'explained',
          explanation: 'Ikke relevant for en lokal løsning',
        },
      },
      { accountId: adminId, project: 'FORD' },
    );
    expect(explained.ok).toBe(true);
    expect(explained.data!.record.requirements[req.id]).toMatchObject({
      status: 'explained',
      by: { accountId: adminId },
    });
    const member = await forge.invoke(
      'project-page',
      'edit',
      {
        kind: 'answerRequirement',
        expectedRevision: explained.data!.record.revision,
        input: { requirementId: req.id, status: 'met' },
      },
      { accountId: 'k151-bo', project: 'FORD' },
    );
    expect(member).toMatchObject({ ok: false, error: { code: 'ONLY_SECRETARIAT_OR_PROJECT_ADMIN' } });
  });

  it('parses every payload: an unknown action or a bad revision is invalid input', async () => {
    const bad = await forge.invoke(
      'project-page',
      'transition',
      { action: 'launchRocket', expectedRevision: -1 },
      { accountId: BOARD, project: 'FORD' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(bad.error!.issues!.length).toBeGreaterThan(0);
  });

  it('a sync service that never answers adds nothing to the action; the queued event is retried until it arrives', async () => {
    // A service that takes the connection and never answers (the worst case for a caller with a timeout).
    let reached = 0;
    const silent = createServer(() => {
      reached += 1;
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const admin = sim.site('os2').admin.accountId;
    await forge.invoke(
      'admin-page',
      'saveSync',
      { url: `http://127.0.0.1:${port}/events` },
      { accountId: admin },
    );
    try {
      const before = (await load(BOARD, 'FORD')).data!.record!;
      receiver.events.length = 0;
      const t0 = performance.now();
      const answer = await forge.invoke<SaveAnswer>(
        'project-page',
        'transition',
        {
          action: 'changeLevel',
          expectedRevision: before.revision,
          input: { level: 'N2', reason: 'Tilbage til N2' },
        },
        { accountId: BOARD, project: 'FORD' },
      );
      const ms = performance.now() - t0;
      expect(answer.ok).toBe(true);
      expect(answer.data!.event).toBe('queued');
      expect(answer.data!.mirrored).toBe(true);
      // The click did not wait for the service (the consumer's own timeout is 10 s).
      expect(ms).toBeLessThan(1_500);
      expect(forge.asyncEvents.pushes.at(-1)).toMatchObject({ queueName: 'os2-sync-events', events: 1 });
      // Meanwhile the consumer is waiting on the silent service.
      for (let i = 0; i < 200 && reached === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(reached).toBe(1);
    } finally {
      await forge.invoke('admin-page', 'saveSync', { url: receiver.url }, { accountId: admin });
      silent.closeAllConnections();
      silent.close();
    }
    // The consumer's send timed out and asked Forge to retry; the retry reaches the service, now answering.
    await forge.asyncEvents.settled();
    const outcomes = forge.asyncEvents.deliveries
      .filter((d) => d.body.kind === 'governance' && d.body.projectId === '10005')
      .map((d) => d.outcome);
    expect(outcomes.at(-1)).toBe('done');
    expect(outcomes).toContain('retry');
    expect(receiver.events.filter((e) => e.verified && e.body.projectId === '10005')).toHaveLength(1);
  });

  it('registers an ungoverned project as an idea (secretariat only)', async () => {
    const site = sim.site('os2');
    const p = site.state.addProject({
      id: '10900',
      key: 'NEWP',
      name: 'Ny idé',
      description: '',
      style: 'classic',
      leadAccountId: site.admin.accountId,
      issueTypeSchemeId: '10100',
      scopedIssueTypes: [],
      created: Date.now(),
    });
    expect(p.key).toBe('NEWP');
    const page = (await load(BOARD, 'NEWP')).data!;
    expect(page.record).toBeNull();
    expect(page.can.register).toBe(false);
    const refused = await forge.invoke(
      'project-page',
      'register',
      { name: 'Ny idé' },
      { accountId: BOARD, project: 'NEWP' },
    );
    expect(refused.ok).toBe(false);
    const ok = await forge.invoke<SaveAnswer>(
      'project-page',
      'register',
      { name: 'Ny idé' },
      { accountId: SECRETARIAT, project: 'NEWP' },
    );
    expect(ok.data!.record).toMatchObject({ state: 'idea', revision: 1, project: { key: 'NEWP' } });
    const place = await forge.invoke<SaveAnswer>(
      'project-page',
      'transition',
      { action: 'placeOnLevel', expectedRevision: 1, input: { level: 'N1', basis: 'Lokal værdi' } },
      { accountId: SECRETARIAT, project: 'NEWP' },
    );
    expect(place.data!.record).toMatchObject({ state: 'concept', level: 'N1', revision: 2 });
  });
});
