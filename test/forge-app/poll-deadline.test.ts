// Finding 10 of issue 14 through the issue panel's real resolver: a poll deadline given as a date ends when
// that day ends in Copenhagen, not at 23:59:59 UTC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT } from './helpers.js';
import { FEATURE_REQUEST_TYPE } from '../../jira-sim/index.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

describe('finding 10: poll deadlines in Europe/Copenhagen', () => {
  it('a summer date closes at 21:59:59 UTC, a winter date at 22:59:59 UTC', async () => {
    const state = sim.site('os2').state;
    const project = state.resolveProject('KITOS')!;
    const types = state.projectIssueTypes(project);
    const issue = [...state.issues.values()].find(
      (i) =>
        i.projectId === project.id &&
        types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
    )!;
    for (const [day, end] of [
      ['2099-07-01', '2099-07-01T21:59:59.000Z'],
      ['2099-12-01', '2099-12-01T22:59:59.000Z'],
    ] as const) {
      const opened = await forge.invoke<{ deadline: string }>(
        'issue-panel',
        'openPoll',
        { question: 'Hvilken retning?', alternatives: ['A', 'B'], deadline: day },
        { accountId: SECRETARIAT, issue: issue.key },
      );
      expect(opened.ok).toBe(true);
      expect(opened.data!.deadline).toBe(end);
    }
  });
});
