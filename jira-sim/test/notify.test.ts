// The simulator's issue notify endpoint (POST /rest/api/3/issue/{issueIdOrKey}/notify), driven by jira.js as the
// app drives it: the body, the errors and the permission rules of Jira's documentation (docs/jira-sim.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient, isApiError } from 'jira.js';
import { startJiraSim, mailbox, setOutgoingMail } from '../index.js';
import type { JiraSim, SimCredentials } from '../index.js';

let sim: JiraSim;
beforeAll(async () => {
  sim = await startJiraSim({ sites: [{ name: 'os2' }] });
});
afterAll(async () => sim.close());

const client = (c: SimCredentials) =>
  createCloudClient({ host: c.host, auth: { type: 'basic', email: c.email, apiToken: c.apiToken } });

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 204;
  } catch (e) {
    if (isApiError(e)) return e.status;
    throw e;
  }
}

describe('POST /rest/api/3/issue/{issueIdOrKey}/notify', () => {
  it('queues one mail per recipient, named as user, group or both; the caller is never mailed', async () => {
    const site = sim.site('os2');
    const app = client(site.asApp());
    const board = [...site.state.groups.get('os2-bestyrelse')!.members];
    const before = mailbox(site.state).length;
    await app.issues.notify({
      issueIdOrKey: 'MO-1',
      subject: 'Emne',
      textBody: 'Tekst',
      to: {
        users: [{ accountId: board[0]! }, { accountId: site.asApp().accountId }],
        groups: [{ name: 'os2-bestyrelse' }],
      },
    });
    const queued = mailbox(site.state).slice(before);
    expect(queued.map((m) => m.to.accountId).sort()).toEqual([...board].sort());
    expect(queued.every((m) => m.subject === 'Emne' && m.textBody === 'Tekst' && m.issueKey === 'MO-1')).toBe(
      true,
    );
  });

  it('defaults the subject to the issue key and summary', async () => {
    const site = sim.site('os2');
    const issue = site.state.resolveIssue('MO-1')!;
    const before = mailbox(site.state).length;
    await client(site.asApp()).issues.notify({
      issueIdOrKey: String(issue.id),
      to: { groups: [{ name: 'os2-sekretariat' }] },
    });
    expect(mailbox(site.state)[before]!.subject).toBe(`MO-1: ${issue.summary}`);
  });

  it('answers Jira errors: 400 bad body, unknown user or group, no recipient, unassigned assignee; 404 unseen issue; 403 mail off', async () => {
    const site = sim.site('os2');
    const app = client(site.asApp());
    const member = [...site.state.groups.get('os2-bestyrelse')!.members][0]!;
    expect(
      await status(
        app.issues.notify({
          issueIdOrKey: 'MO-1',
          subject: 7 as never,
          to: { users: [{ accountId: member }] },
        }),
      ),
    ).toBe(400);
    expect(
      await status(app.issues.notify({ issueIdOrKey: 'MO-1', to: { users: [{ accountId: 'nobody' }] } })),
    ).toBe(400);
    expect(
      await status(app.issues.notify({ issueIdOrKey: 'MO-1', to: { groups: [{ name: 'no-such-group' }] } })),
    ).toBe(400);
    expect(
      await status(
        app.issues.notify({ issueIdOrKey: 'MO-1', to: { users: [{ accountId: site.asApp().accountId }] } }),
      ),
    ).toBe(400);
    const unassigned = [...site.state.issues.values()].find((i) => !i.assigneeId)!;
    expect(await status(app.issues.notify({ issueIdOrKey: unassigned.key, to: { assignee: true } }))).toBe(
      400,
    );
    expect(
      await status(app.issues.notify({ issueIdOrKey: 'NOPE-1', to: { users: [{ accountId: member }] } })),
    ).toBe(404);
    // The restriction object allows no other fields.
    expect(
      await status(
        app.issues.notify({
          issueIdOrKey: 'MO-1',
          to: { users: [{ accountId: member }] },
          restrict: { extra: 1 } as never,
        }),
      ),
    ).toBe(400);
    setOutgoingMail(site.state, false);
    try {
      expect(
        await status(app.issues.notify({ issueIdOrKey: 'MO-1', to: { users: [{ accountId: member }] } })),
      ).toBe(403);
    } finally {
      setOutgoingMail(site.state, true);
    }
  });

  it('drops recipients outside `restrict` and those who cannot browse the project, silently', async () => {
    const site = sim.site('os2');
    const before = mailbox(site.state).length;
    const board = [...site.state.groups.get('os2-bestyrelse')!.members];
    const secretariat = [...site.state.groups.get('os2-sekretariat')!.members];
    await client(site.asApp()).issues.notify({
      issueIdOrKey: 'MO-1',
      to: { groups: [{ name: 'os2-bestyrelse' }, { name: 'os2-sekretariat' }] },
      restrict: { groups: [{ name: 'os2-sekretariat' }], permissions: [{ key: 'BROWSE' }] },
    });
    const to = mailbox(site.state)
      .slice(before)
      .map((m) => m.to.accountId);
    expect(to.sort()).toEqual(secretariat.filter((id) => id !== site.asApp().accountId).sort());
    expect(to.some((id) => board.includes(id) && !secretariat.includes(id))).toBe(false);
  });
});
