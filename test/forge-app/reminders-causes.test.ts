// The reminder causes added with the board meeting (issue 15, item 2), end to end: the scheduled trigger as Forge
// runs it, the app's real code, the Jira simulator's notify endpoint and mail queue. A steering group hears of its
// overdue report, the board of its coming meeting, the secretariat of a flagged mirror: each person once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT, product } from './helpers.js';
import { mailbox, PORTFOLIO_TYPE } from '../../jira-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { copenhagenDate } from '../../src/domain/reporting.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
const portfolioIssue = new Map<string, string>();

beforeAll(async () => {
  ({ sim, forge, close } = await startApp({ featureRequests: 0 }));
  const site = sim.site('os2');
  const auth = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
  for (const p of FIXTURE_PRODUCTS.filter((x) => x.site === 'os2')) {
    // OS2mo's mirror did not verify at the sync service: its roll-up says so.
    const integrity = p.record.project.key === 'MO' ? 'tampered' : 'verified';
    const r = rollUp({
      site: 'os2',
      record: p.record,
      decisions: p.decisions,
      integrity,
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
    portfolioIssue.set(p.record.project.key, ((await res.json()) as { key: string }).key);
  }
  await new Promise((r) => setTimeout(r, site.indexLagMs + 50));
});
afterAll(async () => close());

const members = (group: string) => [...sim.site('os2').state.groups.get(group)!.members];
const mails = () => mailbox(sim.site('os2').state);
const to = (subject: string) =>
  mails()
    .filter((m) => m.subject === subject)
    .map((m) => m.to.accountId)
    .sort();

describe('reminders: reports, the board meeting, flagged mirrors', () => {
  it('each goes to the right people once, on the product’s portfolio issue, and a second run sends nothing', async () => {
    const inThreeDays = copenhagenDate(new Date(Date.now() + 3 * 86_400_000).toISOString());
    const planned = await forge.invoke(
      'global-page',
      'meetingPlan',
      { date: inThreeDays },
      { accountId: SECRETARIAT },
    );
    expect(planned.ok).toBe(true);

    expect((await forge.scheduled('os2-reminders')).statusCode).toBe(200);

    // OS2mo last reported in 2019: every member of its steering group hears of it, once.
    const mo = product('MO').record;
    const steering = [...new Set(mo.steeringGroup!.members.map((m) => m.person.accountId))].sort();
    expect(to(`OS2: statusrapporten for ${mo.name} er forsinket`)).toEqual(steering);
    expect(
      mails()
        .filter((m) => m.subject.includes('er forsinket') && m.subject.includes(mo.name))
        .every((m) => m.issueKey === portfolioIssue.get('MO')),
    ).toBe(true);

    // The board, of the meeting in three days, on the portfolio issue of the first item awaiting it (OS2iot).
    const board = members('os2-bestyrelse').sort();
    expect(to(`OS2: bestyrelsesmøde ${inThreeDays}`)).toEqual(board);
    const meetingMail = mails().find((m) => m.subject === `OS2: bestyrelsesmøde ${inThreeDays}`)!;
    expect(meetingMail.issueKey).toBe(portfolioIssue.get('IOT'));

    // The secretariat, of OS2mo's flagged mirror; nobody of the verified ones.
    const secretariat = members('os2-sekretariat').sort();
    expect(to(`OS2: governance-spejlet for ${mo.name} er markeret`)).toEqual(secretariat);
    expect(mails().filter((m) => m.subject.includes('governance-spejlet'))).toHaveLength(secretariat.length);

    const before = mails().length;
    expect((await forge.scheduled('os2-reminders')).statusCode).toBe(200);
    expect(mails()).toHaveLength(before);
  });
  it('tells the steering group of a report due within 14 days, once, after a report filed under a short cadence', async () => {
    // N2 every 7 days: ROLLE's report filed today is due in a week, inside the 14-day window.
    const admin = sim.site('os2').admin.accountId;
    const cadence = await forge.invoke(
      'admin-page',
      'saveReportingCadence',
      { N1: 182, N2: 7, N3: 30 },
      { accountId: admin },
    );
    expect(cadence.ok).toBe(true);
    const load = await forge.invoke<{ record: { revision: number } }>(
      'project-page',
      'load',
      {},
      { accountId: SECRETARIAT, project: 'ROLLE' },
    );
    const filed = await forge.invoke(
      'project-page',
      'edit',
      {
        kind: 'fileStatusReport',
        expectedRevision: load.data!.record.revision,
        input: {
          progress: 'Efter planen',
          rag: 'green',
          budgetDkk: 950_000,
          spentDkk: 400_000,
          forecastDkk: 900_000,
        },
      },
      { accountId: SECRETARIAT, project: 'ROLLE' },
    );
    expect(filed.ok).toBe(true);
    const rolle = product('ROLLE').record;
    const due = copenhagenDate(new Date(Date.now() + 7 * 86_400_000).toISOString());
    expect((await forge.scheduled('os2-reminders')).statusCode).toBe(200);
    const steering = [...new Set(rolle.steeringGroup!.members.map((m) => m.person.accountId))].sort();
    expect(to(`OS2: statusrapport for ${rolle.name} senest ${due}`)).toEqual(steering);
    const before = mails().length;
    expect((await forge.scheduled('os2-reminders')).statusCode).toBe(200);
    expect(mails()).toHaveLength(before);
  });
});
