/**
 * Seeds a site directly in memory (no HTTP): accounts, groups, issue types and schemes, the OS2 products from
 * the domain fixtures as projects with their signed `os2-governance` property, feature requests with signed
 * `os2-votes` properties from deterministic pseudo-random municipal votes, bugs and tasks, and on the os2 site the
 * portfolio project PORT. 50,000 issues seed in well under a second or two; descriptions and label arrays are
 * shared between issues to keep memory low.
 */
import type { RateLimitOptions } from './rate-limits.js';
import { FIXTURE_PEOPLE, FIXTURE_PRODUCTS } from '../demo/fixtures.js';
import type { FixtureProduct } from '../demo/fixtures.js';
import { GOVERNANCE_PROPERTY, buildGovernanceMirror } from '../src/mirror/governance-mirror.js';
import { VOTES_PROPERTY, buildVotesMirror } from '../src/mirror/votes-mirror.js';
import type { VoteTally } from '../src/domain/vote.js';
import { SiteState } from './state/site-state.js';
import type { Account, IssueType, Project, StatusCategoryKey } from './state/types.js';

export const FEATURE_REQUEST_TYPE = 'Udviklingsønske';
export const PORTFOLIO_KEY = 'PORT';
export const PORTFOLIO_TYPE = 'Produkt';
export const PORTFOLIO_STATUSES: readonly { name: string; category: StatusCategoryKey; state: string }[] = [
  { name: 'Idé', category: 'new', state: 'idea' },
  { name: 'Koncept', category: 'new', state: 'concept' },
  { name: 'Bestyrelsesbehandling', category: 'indeterminate', state: 'board_review' },
  { name: 'Godkendt', category: 'indeterminate', state: 'approved' },
  { name: 'Produkt', category: 'done', state: 'product' },
  { name: 'Udfaset', category: 'done', state: 'retired' },
  { name: 'Afvist', category: 'done', state: 'rejected' },
];

export interface SiteSeedOptions {
  /** Site name; 'os2' and 'supplier' get the fixture products of that site by default. */
  name: string;
  /** Products (projects) on this site; default: the fixtures whose `site` is this name. */
  products?: readonly FixtureProduct[];
  /** Feature requests per product (overrides SeedOptions). */
  featureRequestsPerProduct?: number;
  bugsPerProduct?: number;
  tasksPerProduct?: number;
  /** Create the portfolio project PORT here (default: on the site named 'os2'). */
  portfolio?: boolean;
  /** Company-managed ('classic', default on os2) or team-managed ('next-gen', default elsewhere) product projects. */
  projectStyle?: 'classic' | 'next-gen';
  /** Search index lag of this site in ms (overrides `StartOptions.indexLagMs`). */
  indexLagMs?: number;
  /** Rate limits of this site (merged over `StartOptions.rateLimits`). */
  rateLimits?: RateLimitOptions;
  /** Anonymous access on this site (overrides `StartOptions.anonymousAccess`; default on, as Jira Cloud). */
  anonymousAccess?: boolean;
  /** Keys of the projects the anonymous user may browse (default none). */
  anonymousBrowse?: string[];
}

export interface SeedOptions {
  /** Feature requests per product; default 20. Up to 50,000 issues per site are fine. */
  featureRequestsPerProduct?: number;
  /** Bugs per product; default a quarter of the feature requests, at least 2. */
  bugsPerProduct?: number;
  /** Tasks per product; default a quarter of the feature requests, at least 2. */
  tasksPerProduct?: number;
  /** Seed of the pseudo-random votes, statuses and dates. */
  randomSeed?: number;
  /** "Now" for the seed's timestamps (ms); issues are spread over the year before it. */
  now?: number;
}

export interface SiteCredentials {
  accountId: string;
  email: string;
  apiToken: string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const paragraph = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

const FR_TEMPLATES = [
  'Eksport af {x} til CSV',
  'Bedre søgning i {x}',
  'Integration af {x} med KOMBITs støttesystemer',
  'Tilgængelighed (WCAG 2.1) i {x}',
  'Notifikationer ved ændringer i {x}',
  'Masseredigering af {x}',
  'Rapport over {x} pr. forvaltning',
  'Historik og versionering af {x}',
  'Rollebaseret adgang til {x}',
  'API-adgang til {x}',
];
const BUG_TEMPLATES = [
  'Fejl ved gem af {x}',
  'Forkert sortering af {x}',
  'Timeout ved indlæsning af {x}',
  'Dato vises forkert i {x}',
];
const TASK_TEMPLATES = [
  'Opdatér afhængigheder for {x}',
  'Dokumentér drift af {x}',
  'Testmiljø til {x}',
  'Sikkerhedsgennemgang af {x}',
];
const SUBJECTS = [
  'organisationsdata',
  'brugere',
  'sager',
  'dokumenter',
  'enheder',
  'rapporter',
  'adresser',
  'kontrakter',
];
const DESCRIPTIONS = [
  paragraph('Som kommune ønsker vi denne funktion, så sagsbehandlerne sparer tid i det daglige arbejde.'),
  paragraph('Flere kommuner har efterspurgt dette i koordinationsgruppen. Se referat fra seneste møde.'),
  paragraph('Beskrivelse af behovet følger. Løsningen skal følge OS2s fælles retningslinjer.'),
  paragraph('Fejlen kan genskabes i testmiljøet. Den rammer alle brugere med standardrollen.'),
];
const LABEL_SETS: readonly string[][] = [
  [],
  [],
  ['brugervenlighed'],
  ['integration'],
  ['sikkerhed'],
  ['rapportering', 'brugervenlighed'],
  ['tilgaengelighed'],
  ['ydelse'],
];

/** Accounts and configuration every site has, seeded or not. */
export function baseSite(
  name: string,
  tokenSecret: string,
): { state: SiteState; admin: Account; app: Account } {
  const state = new SiteState(name, tokenSecret);
  const admin = state.addAccount({
    displayName: `${name} Administrator`,
    emailAddress: `admin@${name}.example.test`,
    groups: ['site-admins', 'jira-admins'],
  });
  const app = state.addAccount({
    displayName: 'OS2 Styring',
    emailAddress: `app@${name}.apps.example.test`,
    accountType: 'app',
  });
  state.addStatus('To Do', 'new', { id: '10000' });
  state.addStatus('In Progress', 'indeterminate', { id: '3' });
  state.addStatus('Done', 'done', { id: '10001' });
  const types = [
    state.addIssueType({
      id: '10000',
      name: 'Epic',
      description: 'Epics track collections of related bugs, stories, and tasks.',
      hierarchyLevel: 1,
    }),
    state.addIssueType({
      id: '10001',
      name: 'Task',
      description: 'Tasks track small, distinct pieces of work.',
    }),
    state.addIssueType({
      id: '10002',
      name: 'Subtask',
      description: 'Subtasks track small pieces of work that are part of a larger task.',
      hierarchyLevel: -1,
    }),
    state.addIssueType({ id: '10003', name: 'Bug', description: 'Bugs track problems or errors.' }),
    state.addIssueType({
      id: '10004',
      name: 'Story',
      description: 'Stories track functionality or features expressed as user goals.',
    }),
    state.addIssueType({
      id: '10005',
      name: FEATURE_REQUEST_TYPE,
      description: 'Et udviklingsønske fra en eller flere kommuner.',
    }),
    state.addIssueType({ id: '10006', name: PORTFOLIO_TYPE, description: 'Et OS2-produkt i porteføljen.' }),
  ];
  state.addIssueTypeScheme({
    id: '10000',
    name: 'Default Issue Type Scheme',
    description:
      'Default issue type scheme is the list of global issue types. All newly created issue types will automatically be added to this scheme.',
    issueTypeIds: types.map((t) => t.id),
    isDefault: true,
  });
  state.addIssueTypeScheme({
    id: '10100',
    name: 'OS2 produkt',
    description: 'Issue types of OS2 product projects',
    issueTypeIds: ['10005', '10003', '10001', '10000', '10002'],
    defaultIssueTypeId: '10005',
  });
  state.addIssueTypeScheme({
    id: '10101',
    name: 'OS2 portefølje',
    description: 'The portfolio project: one issue per product',
    issueTypeIds: ['10006'],
    defaultIssueTypeId: '10006',
  });
  return { state, admin, app };
}

export function fixtureProductsFor(site: string): FixtureProduct[] {
  return FIXTURE_PRODUCTS.filter((p) => p.site === site);
}

/** Seeds one site; returns the state. */
export function seedSite(
  state: SiteState,
  admin: Account,
  site: SiteSeedOptions,
  opts: SeedOptions,
  secret: string,
): void {
  const now = opts.now ?? Date.now();
  const products = site.products ?? fixtureProductsFor(site.name);
  const style = site.projectStyle ?? (site.name === 'os2' ? 'classic' : 'next-gen');
  const frCount = site.featureRequestsPerProduct ?? opts.featureRequestsPerProduct ?? 20;
  const bugCount = site.bugsPerProduct ?? opts.bugsPerProduct ?? Math.max(2, Math.floor(frCount / 4));
  const taskCount = site.tasksPerProduct ?? opts.tasksPerProduct ?? Math.max(2, Math.floor(frCount / 4));
  const rnd = mulberry32((opts.randomSeed ?? 2026) ^ hashString(site.name));

  // People from the fixtures and their groups; one user per participating municipality without one.
  for (const p of FIXTURE_PEOPLE) {
    state.addAccount({
      accountId: p.accountId,
      displayName: p.displayName,
      emailAddress: p.email,
      groups: p.groups,
    });
  }
  state.addGroup('os2-sekretariat');
  state.addGroup('os2-bestyrelse');
  const munis = new Map<string, string>();
  for (const prod of products) for (const m of prod.record.municipalities) munis.set(m.code, m.name);
  for (const [code, mname] of munis) {
    const g = state.addGroup(`kommune-${code}`);
    if (g.members.size === 0) {
      state.addAccount({
        displayName: `${mname} Kommune (bruger)`,
        emailAddress: `bruger@kommune-${code}.example.dk`,
        groups: [`kommune-${code}`],
      });
    }
  }
  const membersOf = (code: string): string[] => [...(state.groups.get(`kommune-${code}`)?.members ?? [])];

  for (const prod of products) {
    const rec = prod.record;
    const leadPerson = FIXTURE_PEOPLE.find((p) => p.projectAdminOf.includes(rec.project.key));
    const project = state.addProject({
      id: rec.project.id,
      key: rec.project.key,
      name: rec.name,
      description: `${rec.name} (OS2-produkt på niveau ${rec.level})`,
      style,
      leadAccountId: leadPerson?.accountId ?? admin.accountId,
      issueTypeSchemeId: '10100',
      scopedIssueTypes: [
        { name: FEATURE_REQUEST_TYPE, description: 'Et udviklingsønske fra en eller flere kommuner.' },
        { name: 'Bug', description: 'Bugs track problems or errors.' },
        { name: 'Task', description: 'Tasks track small, distinct pieces of work.' },
      ],
      created: now - 3 * 365 * 86_400_000,
    });
    project.properties.set(GOVERNANCE_PROPERTY, buildGovernanceMirror(rec, prod.decisions, secret));
    const types = state.projectIssueTypes(project);
    const typeNamed = (n: string): IssueType => types.find((t) => t.name === n)!;
    const codes = rec.municipalities.map((m) => m.code);
    const short = rec.project.key;
    seedIssues(state, project, {
      count: frCount,
      type: typeNamed(FEATURE_REQUEST_TYPE),
      templates: FR_TEMPLATES,
      short,
      now,
      rnd,
      codes,
      membersOf,
      admin,
      secret,
      votes: true,
    });
    seedIssues(state, project, {
      count: bugCount,
      type: typeNamed('Bug'),
      templates: BUG_TEMPLATES,
      short,
      now,
      rnd,
      codes,
      membersOf,
      admin,
      secret,
      votes: false,
    });
    seedIssues(state, project, {
      count: taskCount,
      type: typeNamed('Task'),
      templates: TASK_TEMPLATES,
      short,
      now,
      rnd,
      codes,
      membersOf,
      admin,
      secret,
      votes: false,
    });
  }

  if (site.portfolio ?? site.name === 'os2') {
    const sek = FIXTURE_PEOPLE.find((p) => p.roles.includes('secretariat'));
    state.addProject({
      id: '10100',
      key: PORTFOLIO_KEY,
      name: 'OS2 Portefølje',
      description: 'Porteføljen: ét issue pr. OS2-produkt, skrevet af synkroniseringstjenesten.',
      style: 'classic',
      leadAccountId: sek?.accountId ?? admin.accountId,
      issueTypeSchemeId: '10101',
      workflow: {
        name: 'OS2 godkendelsesforløb',
        statuses: PORTFOLIO_STATUSES.map((s) => ({ name: s.name, category: s.category })),
      },
      adminGroups: ['os2-sekretariat'],
      created: now - 365 * 86_400_000,
    });
  }
  state.touch();
}

interface IssueSeed {
  count: number;
  type: IssueType;
  templates: string[];
  short: string;
  now: number;
  rnd: () => number;
  codes: string[];
  membersOf: (code: string) => string[];
  admin: Account;
  secret: string;
  votes: boolean;
}

function seedIssues(state: SiteState, project: Project, s: IssueSeed): void {
  const wf = project.workflow.statusIds;
  const [todo, progress, done] = [wf[0]!, wf[1] ?? wf[0]!, wf[wf.length - 1]!];
  const span = 365 * 86_400_000;
  const start = s.now - span;
  for (let n = 0; n < s.count; n++) {
    const r = s.rnd();
    const created = Math.floor(start + ((n + s.rnd()) / Math.max(1, s.count)) * span * 0.98);
    const statusId = r < 0.65 ? todo : r < 0.85 ? progress : done;
    const code = s.codes.length ? s.codes[Math.floor(s.rnd() * s.codes.length)]! : undefined;
    const reporters = code ? s.membersOf(code) : [];
    const reporterId = reporters.length
      ? reporters[Math.floor(s.rnd() * reporters.length)]!
      : s.admin.accountId;
    const template = s.templates[n % s.templates.length]!;
    const subject = SUBJECTS[Math.floor(s.rnd() * SUBJECTS.length)]!;
    const summary = `${template.replace('{x}', subject)} (${s.short} ${n + 1})`;
    let properties: Map<string, unknown> | null = null;
    if (s.votes) {
      // Skewed: most requests have few votes, some many.
      const max = s.codes.length;
      const k = Math.min(max, Math.floor(s.rnd() * s.rnd() * (max + 1)));
      const chosen = [...s.codes]
        .sort(() => s.rnd() - 0.5)
        .slice(0, k)
        .sort();
      let willing = 0;
      let total = 0;
      for (let v = 0; v < chosen.length; v++) {
        if (s.rnd() < 0.3) {
          willing++;
          total += 25_000 * (1 + Math.floor(s.rnd() * 20));
        }
      }
      const tally: VoteTally = {
        count: chosen.length,
        municipalities: chosen,
        coFinanceWilling: willing,
        coFinanceTotalDkk: total,
      };
      // Signed below, once the issue has its id (the signature binds the tally to its issue).
      properties = new Map<string, unknown>([[VOTES_PROPERTY, tally]]);
    }
    const issue = state.createIssue(project, {
      issueTypeId: s.type.id,
      summary,
      description: DESCRIPTIONS[n % DESCRIPTIONS.length],
      labels: LABEL_SETS[Math.floor(s.rnd() * LABEL_SETS.length)],
      reporterId,
      priorityId: String(2 + Math.floor(s.rnd() * 3)),
      statusId,
      created,
      properties,
    });
    const tally = properties?.get(VOTES_PROPERTY) as VoteTally | undefined;
    if (tally) {
      properties!.set(
        VOTES_PROPERTY,
        buildVotesMirror(tally, s.secret, { projectId: project.id, issueId: String(issue.id) }, created),
      );
    }
    if (statusId !== todo) {
      issue.updated = Math.min(s.now, created + Math.floor(s.rnd() * 30 * 86_400_000));
      issue.statusCategoryChanged = issue.updated;
      if (statusId === done) issue.resolutionDate = issue.updated;
    }
  }
}
