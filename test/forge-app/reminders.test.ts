// Reminders through Jira's notify endpoint (issue 15, item 2), end to end: the scheduled trigger as Forge runs it,
// the app's real code, the Jira simulator's notify endpoint and mail queue. The right people get one mail each,
// in their own language; a second run sends nothing; a notification Jira refuses is retried, then reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT, BOARD, product } from './helpers.js';
import { mailbox, setOutgoingMail, PORTFOLIO_TYPE, FEATURE_REQUEST_TYPE } from '../../jira-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import type { LedgerEntry } from '../../src/app/notifications.js';
import type { ProjectPageData } from '../../src/resolvers/project-page.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
  // The products' portfolio issues, as the sync service writes them: the product-level reminders go there.
  const site = sim.site('os2');
  const auth = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
  for (const p of FIXTURE_PRODUCTS.filter((x) => x.site === 'os2')) {
    const r = rollUp({
      site: 'os2',
      record: p.record,
      decisions: p.decisions,
      integrity: 'verified',
      openRequests: 0,
      topRequests: [],
    });
    const res = await fetch(`${site.baseUrl}/rest/api/3/issue`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        fields: { project: { key: 'PORT' }, issuetype: { name: PORTFOLIO_TYPE }, summary: p.record.name },
        properties: [{ key: 'os2-rollup', value: { ...r, hash: rollUpHash(r) } }],
      }),
    });
    expect(res.status).toBe(201);
  }
  // Jira's search index trails writes (the simulator's index lag): the portfolio issues are found after it.
  await new Promise((r) => setTimeout(r, site.indexLagMs + 50));
});
afterAll(async () => close());

const members = (group: string) => [...sim.site('os2').state.groups.get(group)!.members];
const mails = () => mailbox(sim.site('os2').state);
const ledger = () => Object.values(forge.kvs.dump('notif:')) as LedgerEntry[];

function featureRequest(projectKey: string) {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  return [...state.issues.values()].find(
    (i) =>
      i.projectId === project.id && types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
  )!;
}

describe('reminders (scheduled trigger → Jira notify)', () => {
  it('tells every board member once, on the portfolio issue, in their own Jira language', async () => {
    const board = members('os2-bestyrelse');
    expect(board.length).toBeGreaterThan(1);
    const english = board[0]!;
    sim.site('os2').state.accounts.get(english)!.locale = 'en_GB';

    const answer = await forge.scheduled('os2-reminders');
    expect(answer.statusCode).toBe(200);
    const iot = product('IOT').record;
    const toBoard = mails().filter((m) => m.subject.includes(iot.name));
    expect(toBoard.map((m) => m.to.accountId).sort()).toEqual([...board].sort());
    expect(toBoard.every((m) => m.issueKey.startsWith('PORT-'))).toBe(true);
    expect(toBoard.find((m) => m.to.accountId === english)!.subject).toBe(
      `OS2: ${iot.name} awaits the board`,
    );
    expect(toBoard.find((m) => m.to.accountId !== english)!.subject).toBe(
      `OS2: ${iot.name} afventer bestyrelsens behandling`,
    );
    // The ledger says who, what and when.
    const entries = ledger().filter((e) => e.kind === 'board_review');
    expect(entries).toHaveLength(board.length);
    expect(entries.every((e) => e.status === 'sent' && e.sentAt && e.issue?.startsWith('PORT-'))).toBe(true);

    // A second run sends nothing again.
    const before = mails().length;
    expect((await forge.scheduled('os2-reminders')).statusCode).toBe(200);
    expect(mails()).toHaveLength(before);
  });

  it('tells the municipalities of a new poll on its issue, and the secretariat of a red, over-budget report', async () => {
    const issue = featureRequest('KITOS');
    const opened = await forge.invoke(
      'issue-panel',
      'openPoll',
      {
        question: 'Skal KITOS have en ny rapport?',
        alternatives: ['Ja', 'Nej'],
        deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
      { accountId: SECRETARIAT, issue: issue.key },
    );
    expect(opened.ok).toBe(true);
    const rolle = (
      await forge.invoke<ProjectPageData>(
        'project-page',
        'load',
        {},
        { accountId: SECRETARIAT, project: 'ROLLE' },
      )
    ).data!.record!;
    const filed = await forge.invoke(
      'project-page',
      'edit',
      {
        kind: 'fileStatusReport',
        expectedRevision: rolle.revision,
        input: {
          progress: 'Leverandøren er forsinket',
          rag: 'red',
          budgetDkk: 950_000,
          spentDkk: 900_000,
          forecastDkk: 1_200_000,
        },
      },
      { accountId: SECRETARIAT, project: 'ROLLE' },
    );
    expect(filed.ok).toBe(true);

    const before = mails().length;
    expect((await forge.scheduled('os2-reminders')).statusCode).toBe(200);
    const sent = mails().slice(before);
    const poll = sent.filter((m) => m.issueKey === issue.key);
    // Every member of a municipality group that the poll asks (all 98 by default) and that can see the issue.
    const site = sim.site('os2').state;
    const project = site.projects.get(issue.projectId)!;
    const expected = [...site.groups.values()]
      .filter((g) => /^kommune-\d{3}$/.test(g.name))
      .flatMap((g) => [...g.members])
      .filter((id, i, all) => all.indexOf(id) === i && site.canBrowse(site.accounts.get(id)!, project));
    expect(poll.map((m) => m.to.accountId).sort()).toEqual(expected.sort());
    expect(new Set(poll.map((m) => m.to.accountId)).size).toBe(poll.length);
    expect(poll[0]!.textBody).toContain('Skal KITOS have en ny rapport?');

    const secretariat = members('os2-sekretariat');
    const name = product('ROLLE').record.name;
    const red = sent.filter(
      (m) => m.subject.includes(`${name} er rød`) || m.subject.includes(`${name} is red`),
    );
    const over = sent.filter((m) => /overstiger budgettet|exceeds its budget/.test(m.subject));
    expect(red.map((m) => m.to.accountId).sort()).toEqual([...secretariat].sort());
    expect(over.map((m) => m.to.accountId).sort()).toEqual([...secretariat].sort());
    expect(over[0]!.textBody).toMatch(/1\.200\.000 kr\.|DKK 1,200,000/);
  });

  it('retries a notification Jira refuses, then reports it; the user action it follows is never affected', async () => {
    const site = sim.site('os2');
    setOutgoingMail(site.state, false);
    try {
      const issue = featureRequest('MO');
      const opened = await forge.invoke(
        'issue-panel',
        'openPoll',
        {
          question: 'Hvilken dag passer?',
          alternatives: ['Mandag', 'Tirsdag'],
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
        { accountId: SECRETARIAT, issue: issue.key },
      );
      // Opening the poll (the user's action) succeeds although no mail can go out.
      expect(opened.ok).toBe(true);
      const before = mails().length;
      for (let run = 1; run <= 3; run++) {
        expect((await forge.scheduled('os2-reminders')).statusCode).toBe(200);
        const mine = ledger().filter((e) => e.issue === String(issue.id));
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.every((e) => e.attempts === run)).toBe(true);
        expect(mine.every((e) => e.status === (run < 3 ? 'retrying' : 'failed'))).toBe(true);
        expect(mine[0]!.lastError).toMatch(/^403 .*outgoing emails are disabled/);
      }
      expect(mails()).toHaveLength(before);
      // Reported: the admin page lists the failed ones.
      const admin = await forge.invoke<{ failed: LedgerEntry[] }>(
        'admin-page',
        'notifications',
        {},
        { accountId: site.admin.accountId },
      );
      expect(admin.ok).toBe(true);
      expect(admin.data!.failed.some((e) => e.issue === String(issue.id))).toBe(true);
      // The ledger is for Jira administrators only (the admin page's rule).
      const board = await forge.invoke('admin-page', 'notifications', {}, { accountId: BOARD });
      expect(board).toMatchObject({ ok: false, error: { code: 'ONLY_JIRA_ADMIN' } });
    } finally {
      setOutgoingMail(site.state, true);
    }
  });
});
