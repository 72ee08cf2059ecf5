/**
 * Issue 13, item 4: a change request is never reset by a second submit, and every change-request action is
 * saved at the revision the user saw (stale refused, nothing lost), through the app's real resolvers on the
 * local Forge runtime against the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForgeApp, featureRequests } from './forge-harness.js';
import type { ForgeApp } from './forge-harness.js';

const SECRETARIAT = 'os2-sek-mette';
const MEMBER = 'k151-bo';

interface Answer<T = unknown> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}
interface Cr {
  state: string;
  title: string;
  size: string;
  revision: number;
  workingGroup?: { name: string };
  assessment?: { purpose: string };
}

describe('change requests (issue 13, item 4)', () => {
  let app: ForgeApp;
  beforeAll(async () => {
    app = await startForgeApp();
    // Requests go to the product's working groups (issue 14, finding 9): the secretariat creates them first.
    let revision = 0;
    for (const name of ['Arbejdsgruppe KITOS', 'Gruppe']) {
      const saved = (await app.forge.invoke(
        'project-page',
        'saveWorkingGroup',
        { expectedRevision: revision, input: { name, members: [] } },
        { accountId: SECRETARIAT, project: 'KITOS' },
      )) as Answer<{ revision: number }>;
      revision = saved.data!.revision;
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  const act = (issue: string, accountId: string, payload: Record<string, unknown>) =>
    app.forge.invoke('issue-panel', 'changeRequest', payload, { accountId, issue }) as Promise<
      Answer<{
        request: Cr;
      }>
    >;
  const stored = async (issue: string) =>
    (
      (await app.forge.invoke('issue-panel', 'load', {}, { accountId: SECRETARIAT, issue })) as Answer<{
        changeRequest: Cr | null;
      }>
    ).data!.changeRequest;
  const decisionsOf = async (project: string) =>
    (
      (await app.forge.invoke('project-page', 'load', {}, { accountId: SECRETARIAT, project })) as Answer<{
        decisions: { kind: string; summary: string }[];
      }>
    ).data!.decisions.filter((d) => d.kind === 'change_request');

  it('a second submit (any role, any state) does not reset the request; only the secretariat reopens a decided one', async () => {
    const issue = featureRequests(app.sim, 'KITOS')[1]!.key;
    const submitted = await act(issue, MEMBER, {
      action: 'submit',
      input: { size: 'large' },
      expectedRevision: 0,
    });
    expect(submitted.ok).toBe(true);
    const r1 = submitted.data!.request.revision;
    const grouped = await act(issue, SECRETARIAT, {
      action: 'assignWorkingGroup',
      input: { name: 'Arbejdsgruppe KITOS' },
      expectedRevision: r1,
    });
    expect(grouped.ok, JSON.stringify(grouped.error)).toBe(true);
    const before = await stored(issue);
    expect(before!.workingGroup?.name).toBe('Arbejdsgruppe KITOS');

    // The attack: a municipality user, and then the secretariat, submit again with a new title and size.
    for (const who of [MEMBER, SECRETARIAT]) {
      for (const expectedRevision of [0, before!.revision]) {
        const again = await act(issue, who, {
          action: 'submit',
          input: { size: 'small', title: 'Nulstillet' },
          expectedRevision,
        });
        expect(again.ok).toBe(false);
        expect(['CHANGE_REQUEST_EXISTS', 'STALE_REVISION']).toContain(again.error!.code);
      }
    }
    expect(await stored(issue)).toEqual(before);

    // Rejected (decided): a member still cannot reopen it; the secretariat can, as a new submission.
    const rejected = await act(issue, SECRETARIAT, {
      action: 'reject',
      input: { body: 'working_group', reason: 'Ligger uden for produktet' },
      expectedRevision: before!.revision,
    });
    expect(rejected.ok, JSON.stringify(rejected.error)).toBe(true);
    const rev = rejected.data!.request.revision;
    const byMember = await act(issue, MEMBER, {
      action: 'submit',
      input: { size: 'small' },
      expectedRevision: rev,
    });
    expect(byMember.error?.code).toBe('ONLY_SECRETARIAT_REOPENS');
    const reopened = await act(issue, SECRETARIAT, {
      action: 'submit',
      input: { size: 'small' },
      expectedRevision: rev,
    });
    expect(reopened.ok).toBe(true);
    expect(reopened.data!.request).toMatchObject({ state: 'submitted', size: 'small', revision: rev + 1 });
  });

  it('two actions at the same revision: exactly one is saved, the other is refused as stale and changes nothing', async () => {
    const issue = featureRequests(app.sim, 'KITOS')[2]!.key;
    const s = await act(issue, MEMBER, { action: 'submit', input: { size: 'large' }, expectedRevision: 0 });
    const g = await act(issue, SECRETARIAT, {
      action: 'assignWorkingGroup',
      input: { name: 'Gruppe' },
      expectedRevision: s.data!.request.revision,
    });
    const rev = g.data!.request.revision;
    const decisionsBefore = (await decisionsOf('KITOS')).length;
    // Ten concurrent assessments by the secretariat, each with its own text, all at the revision they saw.
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        act(issue, SECRETARIAT, {
          action: 'assess',
          input: { purpose: `Formål ${n}`, businessValue: `Værdi ${n}` },
          expectedRevision: rev,
        }),
      ),
    );
    const won = answers.filter((a) => a.ok);
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => !x.ok)) expect(a.error!.code).toBe('STALE_REVISION');
    const after = await stored(issue);
    expect(after!.revision).toBe(rev + 1);
    expect(after!.assessment?.purpose).toBe(won[0]!.data!.request.assessment?.purpose);
    // A stale decision (at an old revision) is refused and logs nothing.
    const stale = await act(issue, SECRETARIAT, {
      action: 'reject',
      input: { body: 'working_group', reason: 'For sent' },
      expectedRevision: rev,
    });
    expect(stale.error?.code).toBe('STALE_REVISION');
    expect((await stored(issue))!.state).toBe('assessed');
    expect((await decisionsOf('KITOS')).length).toBe(decisionsBefore);
  });
});
