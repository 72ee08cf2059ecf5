// Finding 10 of issue 14 through the issue panel's real resolver: a colleague's vote no longer silently replaces
// the municipality's pledge; the earlier pledge is kept with who gave it and when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from './helpers.js';
import { FEATURE_REQUEST_TYPE } from '../../jira-sim/index.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import type { Vote } from '../../src/domain/vote.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

describe('finding 10: pledge history', () => {
  it('two colleagues from Aarhus vote in turn; the second vote carries the first pledge', async () => {
    const state = sim.site('os2').state;
    const project = state.resolveProject('MO')!;
    const types = state.projectIssueTypes(project);
    const issue = [...state.issues.values()].find(
      (i) =>
        i.projectId === project.id &&
        types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
    )!;
    const first = await forge.invoke<{ vote: Vote }>(
      'issue-panel',
      'vote',
      { municipality: '751', coFinance: { willing: true, amountDkk: 75_000 } },
      { accountId: 'k751-karin', issue: issue.key },
    );
    expect(first.ok).toBe(true);
    const second = await forge.invoke<{ vote: Vote }>(
      'issue-panel',
      'vote',
      { municipality: '751', coFinance: { willing: false } },
      { accountId: 'pl-mo-kristian', issue: issue.key },
    );
    expect(second.ok).toBe(true);
    expect(second.data!.vote.history).toEqual([
      expect.objectContaining({
        castBy: expect.objectContaining({ accountId: 'k751-karin' }),
        coFinance: { willing: true, amountDkk: 75_000 },
      }),
    ]);
  });
});
