// The issue panel's resolver: municipal votes (one key per municipality, signed os2-votes mirror, JQL ordering),
// polls (seed 000) and the change-request assessment (seed 001), through the real handler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRET, SECRETARIAT, BOARD, product, membersOf } from './helpers.js';
import { readVotesMirror, VOTES_PROPERTY } from '../../src/mirror/votes-mirror.js';
import type { IssuePanelData } from '../../src/resolvers/issue-panel.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import { FEATURE_REQUEST_TYPE } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

function issuesOf(projectKey: string, typeName: string) {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  return [...state.issues.values()].filter(
    (i) =>
      i.projectId === project.id &&
      !i.deleted &&
      types.find((t) => t.id === i.issueTypeId)?.name === typeName,
  );
}
function tallyOf(issueId: number) {
  const issue = sim.site('os2').state.resolveIssue(String(issueId))!;
  return readVotesMirror(issue.properties?.get(VOTES_PROPERTY), SECRET, {
    projectId: issue.projectId,
    issueId: String(issue.id),
  });
}

describe('issue panel: votes', () => {
  it('lets members of two participating municipalities vote at the same time; neither vote is lost', async () => {
    const codes = product('MO').record.municipalities.map((m) => m.code);
    const voters = codes
      .map((c) => membersOf(c)[0])
      .filter((p) => p !== undefined)
      .slice(0, 2);
    expect(voters).toHaveLength(2);
    const issue = issuesOf('MO', FEATURE_REQUEST_TYPE)[0]!;
    const before = (
      await forge.invoke<IssuePanelData>(
        'issue-panel',
        'load',
        {},
        { accountId: voters[0]!.accountId, issue: issue.key },
      )
    ).data!;
    expect(before.issue.isFeatureRequest).toBe(true);
    expect(before.canVote).toBe(true);
    const beforeCodes = new Set(before.votes.map((v) => v.municipality));
    const results = await Promise.all(
      voters.map((v, i) =>
        forge.invoke(
          'issue-panel',
          'vote',
          { coFinance: i === 0 ? { willing: true, amountDkk: 50_000 } : { willing: false } },
          { accountId: v.accountId, issue: issue.key },
        ),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const after = (
      await forge.invoke<IssuePanelData>(
        'issue-panel',
        'load',
        {},
        { accountId: voters[0]!.accountId, issue: issue.key },
      )
    ).data!;
    for (const v of voters) expect(after.votes.map((x) => x.municipality)).toContain(v.municipality);
    const expectedCount = new Set([...beforeCodes, ...voters.map((v) => v.municipality!)]).size;
    expect(after.tally.count).toBe(expectedCount);
    // the signed mirror matches storage, and a vote key per municipality exists
    expect(tallyOf(issue.id)).toEqual(after.tally);
    const keys = Object.keys(forge.kvs.dump(`vote:${issue.id}:`));
    expect(keys).toHaveLength(expectedCount);
    expect(after.votes.find((v) => v.municipality === voters[0]!.municipality)?.coFinance).toEqual({
      willing: true,
      amountDkk: 50_000,
    });
  });

  it('changes and withdraws a municipality vote', async () => {
    const code = product('MO').record.municipalities[0]!.code;
    const voter = membersOf(code)[0]!;
    const issue = issuesOf('MO', FEATURE_REQUEST_TYPE)[1]!;
    await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: false } },
      { accountId: voter.accountId, issue: issue.key },
    );
    const changed = await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: true, amountDkk: 10_000 } },
      { accountId: voter.accountId, issue: issue.key },
    );
    expect(changed.ok).toBe(true);
    expect(tallyOf(issue.id)!.municipalities).toContain(code);
    const withdrawn = await forge.invoke(
      'issue-panel',
      'withdraw',
      {},
      { accountId: voter.accountId, issue: issue.key },
    );
    expect(withdrawn.ok).toBe(true);
    expect(tallyOf(issue.id)!.municipalities).not.toContain(code);
    const again = await forge.invoke(
      'issue-panel',
      'withdraw',
      {},
      { accountId: voter.accountId, issue: issue.key },
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'NO_VOTE_TO_CHANGE' } });
  });

  it('refuses votes from users outside the municipality, for another municipality, and on non-feature-requests', async () => {
    const issue = issuesOf('MO', FEATURE_REQUEST_TYPE)[2]!;
    const noGroup = await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: false } },
      { accountId: SECRETARIAT, issue: issue.key },
    );
    expect(noGroup).toMatchObject({ ok: false, error: { code: 'NOT_IN_MUNICIPALITY_GROUP' } });
    const code = product('MO').record.municipalities[0]!.code;
    const other = product('MO').record.municipalities[1]!.code;
    const voter = membersOf(code)[0]!;
    const forOther = await forge.invoke(
      'issue-panel',
      'vote',
      { municipality: other, coFinance: { willing: false } },
      { accountId: voter.accountId, issue: issue.key },
    );
    expect(forOther).toMatchObject({ ok: false, error: { code: 'NOT_IN_MUNICIPALITY_GROUP' } });
    const bug = issuesOf('MO', 'Bug')[0]!;
    const onBug = await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: false } },
      { accountId: voter.accountId, issue: bug.key },
    );
    expect(onBug).toMatchObject({ ok: false, error: { code: 'NOT_FEATURE_REQUEST' } });
    const badAmount = await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: false, amountDkk: 5 } },
      { accountId: voter.accountId, issue: issue.key },
    );
    expect(badAmount).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses a municipality that does not take part in the product', async () => {
    const participating = new Set(product('MO').record.municipalities.map((m) => m.code));
    const outsider = ['151', '740', '661', '706', '710', '161', '607', '330', '157', '630', '621', '540']
      .filter((c) => !participating.has(c))
      .map((c) => membersOf(c)[0])
      .find((p) => p && sim.site('os2').state.groups.has(`kommune-${p.municipality}`));
    if (!outsider) return; // every fixture municipality takes part in MO on this seed
    const issue = issuesOf('MO', FEATURE_REQUEST_TYPE)[2]!;
    const answer = await forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: false } },
      { accountId: outsider.accountId, issue: issue.key },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'MUNICIPALITY_NOT_ELIGIBLE' } });
  });

  it('orders feature requests by the indexed vote count in JQL', async () => {
    const site = sim.site('os2');
    const app = site.asApp();
    const jql = `project = MO AND issuetype = "${FEATURE_REQUEST_TYPE}" ORDER BY issue.property[os2-votes].count DESC`;
    const res = await fetch(
      `${site.baseUrl}/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&properties=os2-votes&fields=summary`,
      {
        headers: { Authorization: `Basic ${Buffer.from(`${app.email}:${app.apiToken}`).toString('base64')}` },
      },
    );
    const body = (await res.json()) as { issues: { properties?: Record<string, { count: number }> }[] };
    const counts = body.issues.map((i) => i.properties?.['os2-votes']?.count ?? 0);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('shows the vote count in the glance', async () => {
    const issue = issuesOf('MO', FEATURE_REQUEST_TYPE)[0]!;
    const glance = await forge.invoke<{ count: number }>(
      'issue-panel',
      'glance',
      {},
      { accountId: BOARD, issue: issue.key },
    );
    expect(glance.data!.count).toBe(tallyOf(issue.id)!.count);
  });
});

describe('issue panel: polls', () => {
  it('lets the secretariat open a poll, municipalities answer once each, and closing records a decision', async () => {
    const issue = issuesOf('KITOS', 'Task')[0] ?? issuesOf('KITOS', FEATURE_REQUEST_TYPE)[0]!;
    const refused = await forge.invoke(
      'issue-panel',
      'openPoll',
      {
        question: 'Hvilken retning?',
        alternatives: ['Overblik', 'Projektstyring'],
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
      },
      { accountId: BOARD, issue: issue.key },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'ONLY_SECRETARIAT_OPENS_POLLS' } });
    const tooFew = await forge.invoke(
      'issue-panel',
      'openPoll',
      {
        question: 'Hvilken retning?',
        alternatives: ['Kun én'],
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
      },
      { accountId: SECRETARIAT, issue: issue.key },
    );
    expect(tooFew).toMatchObject({ ok: false, error: { code: 'POLL_ALTERNATIVES' } });
    const opened = await forge.invoke<{ id: string; alternatives: { id: string }[] }>(
      'issue-panel',
      'openPoll',
      {
        question: 'Hvilken retning skal projektmodulet tage?',
        alternatives: ['Overbliksværktøj', 'Projektstyringsværktøj', 'Integration til andet værktøj'],
        deadline: new Date(Date.now() + 1_500).toISOString(),
      },
      { accountId: SECRETARIAT, issue: issue.key },
    );
    expect(opened.ok).toBe(true);
    const poll = opened.data!;
    const [a1, a2] = poll.alternatives;
    const voters = ['k751-karin', 'k151-bo', 'k740-gitte'];
    const answers = await Promise.all(
      voters.map((accountId, i) =>
        forge.invoke(
          'issue-panel',
          'answerPoll',
          {
            pollId: poll.id,
            option: i < 2 ? a1!.id : a2!.id,
            coFinance: { willing: i !== 1, amountDkk: i !== 1 ? 25_000 : undefined },
          },
          { accountId, issue: issue.key },
        ),
      ),
    );
    expect(answers.map((a) => a.ok)).toEqual([true, true, true]);
    const early = await forge.invoke(
      'issue-panel',
      'closePoll',
      { pollId: poll.id },
      { accountId: SECRETARIAT, issue: issue.key },
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'POLL_STILL_OPEN' } });
    await new Promise((r) => setTimeout(r, 1_600));
    const late = await forge.invoke(
      'issue-panel',
      'answerPoll',
      { pollId: poll.id, option: a2!.id, coFinance: { willing: false } },
      { accountId: 'k661-ole', issue: issue.key },
    );
    expect(late).toMatchObject({ ok: false, error: { code: 'POLL_CLOSED' } });
    const closed = await forge.invoke<{
      result: { leading?: string; options: { option: string; answers: number; willingToFinance: number }[] };
    }>('issue-panel', 'closePoll', { pollId: poll.id }, { accountId: SECRETARIAT, issue: issue.key });
    expect(closed.ok).toBe(true);
    expect(closed.data!.result.leading).toBe(a1!.id);
    expect(closed.data!.result.options.find((o) => o.option === a1!.id)).toMatchObject({
      answers: 2,
      willingToFinance: 1,
    });
    const page = await forge.invoke<{ decisions: { kind: string }[] }>(
      'project-page',
      'load',
      {},
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    expect(page.data!.decisions[0]!.kind).toBe('poll_closed');
    const panel = (
      await forge.invoke<IssuePanelData>(
        'issue-panel',
        'load',
        {},
        { accountId: SECRETARIAT, issue: issue.key },
      )
    ).data!;
    expect(panel.polls[0]).toMatchObject({ open: false });
  });
});

describe('issue panel: change requests (seed 001, the domain process)', () => {
  it('registers a request, refuses a step by the wrong person, and logs the secretariat decision of a small one', async () => {
    const issue = issuesOf('KITOS', FEATURE_REQUEST_TYPE)[0]!;
    const submitted = await forge.invoke<{ request: { state: string; title: string } }>(
      'issue-panel',
      'changeRequest',
      { action: 'submit', input: { size: 'small' }, expectedRevision: 0 },
      { accountId: 'k151-bo', issue: issue.key },
    );
    expect(submitted.ok).toBe(true);
    expect(submitted.data!.request).toMatchObject({ state: 'submitted', title: issue.summary });
    const byMember = await forge.invoke(
      'issue-panel',
      'changeRequest',
      { action: 'decideSmall', input: { approve: true }, expectedRevision: 1 },
      { accountId: 'k151-bo', issue: issue.key },
    );
    expect(byMember.ok).toBe(false);
    expect(byMember.error!.code).toMatch(/^[A-Z_]+$/);
    const decided = await forge.invoke<{ request: { state: string } }>(
      'issue-panel',
      'changeRequest',
      { action: 'decideSmall', input: { approve: true, reason: 'En ny kontraktrolle' }, expectedRevision: 1 },
      { accountId: SECRETARIAT, issue: issue.key },
    );
    expect(decided.ok).toBe(true);
    expect(decided.data!.request.state).toBe('approved');
    const page = await forge.invoke<{ decisions: { kind: string }[] }>(
      'project-page',
      'load',
      {},
      { accountId: SECRETARIAT, project: 'KITOS' },
    );
    expect(page.data!.decisions[0]!.kind).toBe('change_request');
    const bad = await forge.invoke(
      'issue-panel',
      'changeRequest',
      { action: 'explode', input: {}, expectedRevision: 2 },
      { accountId: SECRETARIAT, issue: issue.key },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
