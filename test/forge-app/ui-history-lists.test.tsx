// Render tests of the history section of the project page and the lists tab of the global page (issue 15,
// items 5 and 6), through the real resolvers and the Jira simulator.
import './setup/bridge.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { GlobalPage } from '../../src/frontend/global-page/App.js';
import { render, viewAs, textOf, click } from './setup/ui.js';
import { startApp, SECRETARIAT, BOARD, product } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import { FEATURE_REQUEST_TYPE, type JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp());
});
afterAll(async () => close());

describe('project page history (UI Kit)', () => {
  it('shows the timeline when asked, in Danish and in English', async () => {
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'MO' });
    const r = await render(<ProjectPage />);
    expect(textOf(r)).toContain('Vis historik');
    expect(textOf(r)).toContain('Mest efterspurgte udviklingsønsker');
    expect(textOf(r)).toMatch(/vil medfinansiere, i alt/);
    expect(textOf(r)).not.toContain('Ældste gemte udgave');
    await click(r, 'Vis historik');
    const text = textOf(r);
    expect(text).toContain('Ældste gemte udgave');
    expect(text).toContain(product('MO').decisions[0]!.summary);
    viewAs({ forge, module: 'project-page', accountId: BOARD, project: 'MO', locale: 'en_GB' });
    const en = await render(<ProjectPage />);
    await click(en, 'Show history');
    expect(textOf(en)).toContain('Oldest stored version');
  });
});

describe('global page lists (UI Kit)', () => {
  it('shows the four lists and a list as CSV', async () => {
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT });
    const r = await render(<GlobalPage />);
    const text = textOf(r);
    for (const heading of [
      'Åbne afstemninger',
      'Ændringsønsker efter tilstand og prioritet',
      'Projekter uden governance',
    ])
      expect(text).toContain(heading);
    expect(text).toContain('Ingen åbne afstemninger');
  });

  it('writes a poll deadline as every other date in the app, on the Copenhagen day', async () => {
    const state = sim.site('os2').state;
    const mo = state.resolveProject('MO')!;
    const types = state.projectIssueTypes(mo);
    const issue = [...state.issues.values()].find(
      (i) =>
        i.projectId === mo.id &&
        !i.deleted &&
        types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
    )!;
    // 23.30 UTC on 15 January is 00.30 on 16 January in Copenhagen: the day the secretariat means.
    const opened = await forge.invoke(
      'issue-panel',
      'openPoll',
      {
        question: 'Skal MO have et nyt API?',
        alternatives: ['Ja', 'Nej'],
        deadline: '2027-01-15T23:30:00.000Z',
      },
      { accountId: SECRETARIAT, issue: issue.key },
    );
    expect(opened.ok).toBe(true);
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT });
    const da = textOf(await render(<GlobalPage />));
    expect(da).toContain('Skal MO have et nyt API?');
    expect(da).toContain('16. jan. 2027');
    expect(da).not.toContain('2027-01-1');
    viewAs({ forge, module: 'global-page', accountId: SECRETARIAT, locale: 'en_GB' });
    const en = textOf(await render(<GlobalPage />));
    expect(en).toContain('16 Jan 2027');
  });
});
