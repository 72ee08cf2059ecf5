/**
 * The permission matrix: every resolver action by every role, through the app's real resolvers, with roles that
 * come from Jira (groups, project administration) and the admin page's directory, never from the payload.
 *
 * Roles (each a user holding that role and no other):
 *   anonymous · member of another (non-participating) municipality · member of a participating municipality ·
 *   project admin · secretariat · board
 * plus a Jira site administrator as the control for the admin page (the site's admin groups are in every
 * project's Administrators role, which holds Administer projects, so it may also do what project admins do).
 * "Project admin" is Jira's Administer projects, held through the project's Administrators role
 * (jira-sim/state/permissions.ts), and read by the app with mypermissions, as in Jira.
 *
 * Expected (domain.md, design.md "Authorization is decided in resolvers"): the secretariat places on a level,
 * starts N1 implementation and declares products, registers projects and opens polls; only the board approves,
 * sends back, changes level and retires; the secretariat and project admins answer requirements and file status
 * reports; only members of a participating municipality vote and withdraw for it; only Jira administrators use
 * the admin page; every logged-in user may read. Each cell runs on the same stored state (restored after the
 * cell), and a refused cell must leave Forge storage exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import type { Answer, InvokeOptions, ModuleResolverKey } from '../../forge-sim/index.js';
import { featureRequests, startForgeApp } from './forge-harness.js';
import { ADMINISTRATORS_ROLE, addRoleMember } from '../../jira-sim/index.js';
import type { ForgeApp } from './forge-harness.js';

const ROLES = [
  'anonymous',
  'otherMunicipality',
  'participating',
  'projectAdmin',
  'secretariat',
  'board',
] as const;
type Role = (typeof ROLES)[number] | 'jiraAdmin';

let app: ForgeApp;
const users = new Map<Role, string>();
const fixture = (key: string) => FIXTURE_PRODUCTS.find((p) => p.record.project.key === key)!;

beforeAll(async () => {
  app = await startForgeApp({ featureRequests: 3 });
  const site = app.sim.site('os2');
  // Pure role holders.
  users.set(
    'secretariat',
    site.addUser({ displayName: 'Sekretariat R', email: 'sek@rel.example', groups: ['os2-sekretariat'] })
      .accountId,
  );
  users.set(
    'board',
    site.addUser({ displayName: 'Bestyrelse R', email: 'bst@rel.example', groups: ['os2-bestyrelse'] })
      .accountId,
  );
  site.state.addGroup('rel-project-admins');
  users.set(
    'projectAdmin',
    site.addUser({ displayName: 'Projektadmin R', email: 'pa@rel.example', groups: ['rel-project-admins'] })
      .accountId,
  );
  // Administer projects through the project's Administrators role, as a Jira admin would grant it.
  for (const p of site.state.projects.values())
    addRoleMember(p, ADMINISTRATORS_ROLE, { group: 'rel-project-admins' });
  users.set('jiraAdmin', site.admin.accountId);
  users.set('anonymous', '');
}, 60_000);
afterAll(() => app?.close());

/** Member of a municipality that takes part in the product, and of one that does not. */
function municipalityUsers(projectKey: string) {
  const codes = new Set(fixture(projectKey).record.municipalities.map((m) => m.code));
  const inCode = [...codes][0]!;
  const outCode = [...app.voters.keys()].find((c) => !codes.has(c))!;
  return { participating: app.voters.get(inCode)!, otherMunicipality: app.voters.get(outCode)!, inCode };
}

function userFor(role: Role, projectKey: string): string {
  if (role === 'participating' || role === 'otherMunicipality') return municipalityUsers(projectKey)[role];
  return users.get(role)!;
}

function restore(snapshot: Record<string, unknown>) {
  const kvs = app.forge.kvs;
  for (const key of Object.keys(kvs.dump())) if (!(key in snapshot)) kvs.handle('/api/v1/delete', { key });
  for (const [key, value] of Object.entries(snapshot)) kvs.handle('/api/v1/set', { key, value });
}

async function revisionOf(projectKey: string): Promise<number> {
  const head = app.forge.kvs.dump(`gov:${fixture(projectKey).record.project.id}`)[
    `gov:${fixture(projectKey).record.project.id}`
  ] as { revision: number };
  return head.revision;
}

interface Cell {
  action: string;
  module: ModuleResolverKey;
  fn: string;
  where: { project?: string; issue?: () => string };
  /** The product whose municipalities decide "participating". */
  product: string;
  payload: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  allowed: readonly Role[];
  /** Runs first, as part of the cell (e.g. a vote to withdraw). */
  before?: () => Promise<void>;
  /** An allowed role may still be refused for a reason other than its role (e.g. already governed). */
  allowedCode?: string;
}

const KITOS_FR = () => featureRequests(app.sim, 'KITOS')[0]!.key;
const EVERYONE: readonly Role[] = [
  'otherMunicipality',
  'participating',
  'projectAdmin',
  'secretariat',
  'board',
  'jiraAdmin',
];

const CELLS: Cell[] = [
  {
    action: 'read the project page',
    module: 'project-page',
    fn: 'load',
    where: { project: 'KITOS' },
    product: 'KITOS',
    payload: () => ({}),
    allowed: EVERYONE,
  },
  {
    action: 'register a project',
    module: 'project-page',
    fn: 'register',
    where: { project: 'KITOS' },
    product: 'KITOS',
    payload: () => ({ name: 'Nyt projekt' }),
    allowed: ['secretariat'],
    allowedCode: 'ALREADY_GOVERNED',
  },
  {
    action: 'place an idea on a level',
    module: 'project-page',
    fn: 'transition',
    where: { project: 'DATA' },
    product: 'DATA',
    payload: async () => ({
      action: 'placeOnLevel',
      expectedRevision: await revisionOf('DATA'),
      input: { level: 'N2', basis: 'b' },
    }),
    allowed: ['secretariat'],
  },
  {
    action: 'start an N1 implementation',
    module: 'project-page',
    fn: 'transition',
    where: { project: 'FORD' },
    product: 'FORD',
    payload: async () => ({
      action: 'startImplementation',
      expectedRevision: await revisionOf('FORD'),
      input: { basis: 'b' },
    }),
    allowed: ['secretariat'],
  },
  {
    action: 'approve an N2 project',
    module: 'project-page',
    fn: 'transition',
    where: { project: 'IOT' },
    product: 'IOT',
    payload: async () => ({
      action: 'approve',
      expectedRevision: await revisionOf('IOT'),
      input: { basis: 'b', approveSteeringGroup: true },
    }),
    allowed: ['board'],
  },
  {
    action: 'send back to ideation',
    module: 'project-page',
    fn: 'transition',
    where: { project: 'IOT' },
    product: 'IOT',
    payload: async () => ({
      action: 'sendBack',
      expectedRevision: await revisionOf('IOT'),
      input: { reason: 'r' },
    }),
    allowed: ['board'],
  },
  {
    action: 'change the level',
    module: 'project-page',
    fn: 'transition',
    where: { project: 'KITOS' },
    product: 'KITOS',
    payload: async () => ({
      action: 'changeLevel',
      expectedRevision: await revisionOf('KITOS'),
      input: { level: 'N1', reason: 'r' },
    }),
    allowed: ['board'],
  },
  {
    action: 'retire a product',
    module: 'project-page',
    fn: 'transition',
    where: { project: 'KITOS' },
    product: 'KITOS',
    payload: async () => ({
      action: 'retire',
      expectedRevision: await revisionOf('KITOS'),
      input: { reason: 'r' },
    }),
    allowed: ['board'],
  },
  {
    action: 'answer a requirement',
    module: 'project-page',
    fn: 'edit',
    where: { project: 'KITOS' },
    product: 'KITOS',
    payload: async () => ({
      kind: 'answerRequirement',
      expectedRevision: await revisionOf('KITOS'),
      input: {
        requirementId: Object.keys(fixture('KITOS').record.requirements)[0]!,
        status: 'explained',
        explanation: 'e',
      },
    }),
    // A Jira administrator administers every project (Jira's ADMINISTER_PROJECTS), so is a project admin here.
    allowed: ['projectAdmin', 'secretariat', 'jiraAdmin'],
  },
  {
    action: 'file a status report',
    module: 'project-page',
    fn: 'edit',
    where: { project: 'KITOS' },
    product: 'KITOS',
    payload: async () => ({
      kind: 'fileStatusReport',
      expectedRevision: await revisionOf('KITOS'),
      input: { progress: 'p', rag: 'green', budgetDkk: 100, spentDkk: 50, forecastDkk: 100 },
    }),
    // A Jira administrator administers every project (Jira's ADMINISTER_PROJECTS), so is a project admin here.
    allowed: ['projectAdmin', 'secretariat', 'jiraAdmin'],
  },
  {
    action: 'read the issue panel',
    module: 'issue-panel',
    fn: 'load',
    where: { issue: KITOS_FR },
    product: 'KITOS',
    payload: () => ({}),
    allowed: EVERYONE,
  },
  {
    action: 'vote for a municipality',
    module: 'issue-panel',
    fn: 'vote',
    where: { issue: KITOS_FR },
    product: 'KITOS',
    payload: () => ({ coFinance: { willing: false } }),
    allowed: ['participating'],
  },
  {
    action: 'withdraw a municipality vote',
    module: 'issue-panel',
    fn: 'withdraw',
    where: { issue: KITOS_FR },
    product: 'KITOS',
    before: async () => {
      const { participating } = municipalityUsers('KITOS');
      const a = await app.forge.invoke(
        'issue-panel',
        'vote',
        { coFinance: { willing: false } },
        { accountId: participating, issue: KITOS_FR() },
      );
      expect(a.ok).toBe(true);
    },
    payload: () => ({}),
    allowed: ['participating'],
  },
  {
    action: 'open a poll',
    module: 'issue-panel',
    fn: 'openPoll',
    where: { issue: KITOS_FR },
    product: 'KITOS',
    payload: () => ({ question: 'Hvilken retning?', alternatives: ['A', 'B'], deadline: '2099-01-01' }),
    allowed: ['secretariat'],
  },
  {
    action: 'read the portfolio (global page)',
    module: 'global-page',
    fn: 'load',
    where: {},
    product: 'KITOS',
    payload: () => ({}),
    allowed: EVERYONE,
  },
  {
    action: 'read the admin page',
    module: 'admin-page',
    fn: 'load',
    where: {},
    product: 'KITOS',
    payload: () => ({}),
    allowed: ['jiraAdmin'],
  },
  {
    action: 'change the sync address (admin page)',
    module: 'admin-page',
    fn: 'saveSync',
    where: {},
    product: 'KITOS',
    payload: () => ({ url: 'https://evil.example.com/events' }),
    allowed: ['jiraAdmin'],
  },
];

const matrix: string[] = [];
afterAll(() => {
  if (matrix.length)
    console.info(`[reliability] permission matrix (${matrix.length} cells):\n${matrix.join('\n')}`);
});

describe('permission matrix: every resolver action by every role', () => {
  it.each(CELLS.map((c) => [c.action, c] as const))(
    '%s',
    async (_a, cell) => {
      const roles: Role[] = [...ROLES, 'jiraAdmin'];
      const row: string[] = [];
      for (const role of roles) {
        const start = app.forge.kvs.dump();
        try {
          if (cell.before) await cell.before();
          const afterSetup = app.forge.kvs.dump();
          const accountId = userFor(role, cell.product);
          const opts: InvokeOptions = { accountId };
          if (cell.where.project) opts.project = cell.where.project;
          if (cell.where.issue) opts.issue = cell.where.issue();
          const answer: Answer = await app.forge.invoke(cell.module, cell.fn, await cell.payload(), opts);
          const allowed = cell.allowed.includes(role);
          const label = `${role}: ${answer.ok ? 'ok' : answer.error!.code}`;
          row.push(label);
          if (allowed && cell.allowedCode && !answer.ok) {
            expect(answer.error!.code, label).toBe(cell.allowedCode);
          } else if (allowed) {
            expect(answer.ok, `${cell.action} by ${label} ${answer.error?.message ?? ''}`).toBe(true);
          } else {
            expect(answer.ok, `${cell.action} by ${role} must be refused`).toBe(false);
            expect(['INTERNAL', 'INVALID_INPUT']).not.toContain(answer.error!.code);
            expect(answer.error!.message.length).toBeGreaterThan(0);
            expect(app.forge.kvs.dump(), `${cell.action} by ${role} changed storage`).toEqual(afterSetup);
            if (role === 'anonymous') expect(answer.error!.code).toBe('NOT_LOGGED_IN');
          }
        } finally {
          restore(start);
        }
      }
      matrix.push(`  ${cell.action.padEnd(40)} ${row.join(' | ')}`);
    },
    120_000,
  );
});
