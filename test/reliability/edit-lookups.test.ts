/**
 * Issue 13, item 9 and a low item: the project page's `edit` checks the caller's role and the input before it
 * looks up a single account as the app, answers the same for existing and unknown accounts, caps the lookups per
 * payload, and a deeply nested input gets a clean refusal. The app's real resolvers on the local Forge runtime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForgeApp } from './forge-harness.js';
import type { ForgeApp } from './forge-harness.js';
import { FIXTURE_PEOPLE, FIXTURE_PRODUCTS } from '../../demo/fixtures.js';

interface Answer {
  ok: boolean;
  error?: { code: string; message: string };
}

const KITOS = FIXTURE_PRODUCTS.find((p) => p.record.project.key === 'KITOS')!;
const USER_LOOKUP = 'GET /rest/api/3/user';

describe('edit: authorization before app lookups (issue 13, item 9)', () => {
  let app: ForgeApp;
  let noRole: string;
  beforeAll(async () => {
    app = await startForgeApp();
    noRole = app.voters.get('101')!; // a municipality member: no governance role
  });
  afterAll(async () => {
    await app?.close();
  });

  const edit = (accountId: string, expectedRevision: number, input: unknown) =>
    app.forge.invoke(
      'project-page',
      'edit',
      { kind: 'setSteeringGroup', expectedRevision, input },
      { accountId, project: 'KITOS' },
    ) as Promise<Answer>;
  const revision = async () =>
    (
      (await app.forge.invoke('project-page', 'load', {}, { accountId: noRole, project: 'KITOS' })) as {
        data: { record: { revision: number } };
      }
    ).data.record.revision;
  const members = (ids: string[]) =>
    ids.map((id) => ({ person: { accountId: id, displayName: 'X' }, municipality: '101' }));

  it('a user with no role gets one refusal, the same for existing and unknown accounts, and no lookup is made', async () => {
    const rev = await revision();
    const existing = FIXTURE_PEOPLE.slice(0, 40).map((p) => p.accountId);
    const unknown = existing.map((_, i) => `557058:${String(i).padStart(8, '0')}-dead-beef`);
    const before = app.sim.site('os2').callCount(USER_LOOKUP);
    const a = await edit(noRole, rev, { members: members(existing) });
    const b = await edit(noRole, rev, { members: members(unknown) });
    const big = await edit(noRole, rev, {
      members: members(Array.from({ length: 2000 }, (_, i) => `557058:${i}`)),
    });
    expect(app.sim.site('os2').callCount(USER_LOOKUP) - before).toBe(0);
    expect(a.ok).toBe(false);
    expect(b).toEqual(a);
    expect(big.ok).toBe(false);
    expect(big.error!.code).not.toBe('INTERNAL');
  });

  it('an input nested 4,000 deep gets a clean refusal, not INTERNAL, and no lookup', async () => {
    let deep: unknown = { accountId: 'x', displayName: 'y' };
    for (let i = 0; i < 4000; i++) deep = { person: deep };
    const before = app.sim.site('os2').callCount(USER_LOOKUP);
    const secretariat = FIXTURE_PEOPLE.find((p) => p.roles.includes('secretariat'))!.accountId;
    for (const who of [noRole, secretariat]) {
      const res = await edit(who, await revision(), { members: [deep] });
      expect(res.ok).toBe(false);
      expect(res.error!.code).not.toBe('INTERNAL');
    }
    expect(app.sim.site('os2').callCount(USER_LOOKUP) - before).toBe(0);
  });

  it('an allowed edit still resolves the name it names as the app (one lookup), never the name sent', async () => {
    // The steering group chooses the project leader (issue 14), so the allowed caller is one of KITOS's
    // steering members; the leader named is a municipal user outside the group (the leader is not a member).
    const steering = KITOS.record.steeringGroup!.members.map((m) => m.person.accountId);
    const chooser = steering[0]!;
    const leader = FIXTURE_PEOPLE.find(
      (p) =>
        p.roles.includes('municipality_member') &&
        !p.roles.includes('board') &&
        !steering.includes(p.accountId),
    )!;
    const before = app.sim.site('os2').callCount(USER_LOOKUP);
    const res = (await app.forge.invoke(
      'project-page',
      'edit',
      {
        kind: 'setProjectLeader',
        expectedRevision: await revision(),
        input: { projectLeader: { accountId: leader.accountId, displayName: 'Falsk navn' } },
      },
      { accountId: chooser, project: 'KITOS' },
    )) as Answer & { data?: { record: { projectLeader?: { displayName: string } } } };
    expect(res.ok, JSON.stringify(res.error)).toBe(true);
    expect(app.sim.site('os2').callCount(USER_LOOKUP) - before).toBe(1);
    expect(res.data!.record.projectLeader!.displayName).not.toBe('Falsk navn');
  });
});
