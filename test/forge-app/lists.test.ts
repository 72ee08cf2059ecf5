// The cross-portfolio lists of the global page (issue 15, item 6) through the real resolvers: a poll opened on
// an issue, change requests taken through the domain's process and published, and a new project nobody has
// registered yet all show up, as tables and as Danish-Excel CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, SECRETARIAT, product } from './helpers.js';
import type { ListsData } from '../../src/resolvers/global-page.js';
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

function featureRequests(projectKey: string) {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  return [...state.issues.values()].filter(
    (i) =>
      i.projectId === project.id &&
      !i.deleted &&
      types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
  );
}

// Each step is saved at the request's revision the user saw (0 before it exists, then one per step).
const cr = (
  issueKey: string,
  action: string,
  input: Record<string, unknown>,
  expectedRevision: number,
  accountId = SECRETARIAT,
) =>
  forge.invoke(
    'issue-panel',
    'changeRequest',
    { action, input, expectedRevision },
    { accountId, issue: issueKey },
  );

describe('global page lists', () => {
  it('lists open polls, change requests, published outcomes and ungoverned projects, with CSV', async () => {
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    const mo = featureRequests('MO')[0]!;
    const opened = await forge.invoke(
      'issue-panel',
      'openPoll',
      { question: 'Skal MO have et nyt API?', alternatives: ['Ja', 'Nej'], deadline },
      { accountId: SECRETARIAT, issue: mo.key },
    );
    expect(opened.ok).toBe(true);

    const [first, second] = featureRequests('KITOS');
    expect((await cr(first!.key, 'submit', { size: 'small' }, 0, 'k151-bo')).ok).toBe(true);
    expect(
      (await cr(first!.key, 'decideSmall', { approve: true, reason: 'En ny kontraktrolle' }, 1)).ok,
    ).toBe(true);
    expect((await cr(first!.key, 'publish', {}, 2)).ok).toBe(true);
    expect((await cr(second!.key, 'submit', { size: 'large' }, 0, 'k151-bo')).ok).toBe(true);

    const site = sim.site('os2');
    site.state.addProject({
      id: '10960',
      key: 'NYT',
      name: 'Nyt projekt uden governance',
      description: '',
      style: 'classic',
      leadAccountId: site.admin.accountId,
      issueTypeSchemeId: '10100',
      scopedIssueTypes: [],
      created: Date.now(),
    });

    const answer = await forge.invoke<ListsData>('global-page', 'lists', {}, { accountId: SECRETARIAT });
    expect(answer.ok).toBe(true);
    const d = answer.data!;
    expect(d.polls).toContainEqual(
      expect.objectContaining({
        question: 'Skal MO have et nyt API?',
        status: 'open',
        deadline,
        product: expect.objectContaining({ projectKey: 'MO', name: product('MO').record.name }),
      }),
    );
    // Ours among whatever the site already holds: by state in process order within the product.
    const ours = d.changeRequests.filter((c) => c.issueKey === first!.key || c.issueKey === second!.key);
    expect(ours.map((c) => [c.issueKey, c.state])).toEqual([
      [second!.key, 'submitted'],
      [first!.key, 'published'],
    ]);
    expect(d.outcomes).toContainEqual(
      expect.objectContaining({ issueKey: first!.key, approved: true, reason: 'En ny kontraktrolle' }),
    );
    const ungoverned = d.ungoverned.map((u) => u.projectKey);
    expect(ungoverned).toContain('NYT');
    expect(ungoverned).not.toContain('PORT');
    expect(ungoverned).not.toContain('MO');

    // CSV as Danish Excel opens it: BOM, semicolons, CRLF, Danish headers; English on request.
    expect(
      d.csv.changeRequests.startsWith('\uFEFFProdukt;Projektnøgle;Site;Sag;Titel;Størrelse;Tilstand'),
    ).toBe(true);
    expect(d.csv.changeRequests).toContain(';Offentliggjort;');
    expect(d.csv.polls.split('\r\n')).toHaveLength(d.polls.length + 2);
    const en = (
      await forge.invoke<ListsData>('global-page', 'lists', { locale: 'en_GB' }, { accountId: SECRETARIAT })
    ).data!;
    expect(en.csv.outcomes.startsWith('\uFEFFProduct;Project key;Site;Issue;Title;Outcome')).toBe(true);
  });
});
