import type { z } from 'zod';
import { GovernanceRecordSchema } from '../src/domain/governance-record.js';
import { DecisionSchema } from '../src/domain/decision.js';
import { municipality } from '../src/domain/municipalities.js';
import { requirementsFor } from '../src/domain/catalogue.js';
import { OS2_2016 } from '../src/domain/catalogues/os2-2016.js';
import type { Decision } from '../src/domain/decision.js';
import type { GovernanceRecord, RequirementAnswer } from '../src/domain/governance-record.js';
import type { Level } from '../src/domain/level.js';
import type { Kommunekode, Municipality } from '../src/domain/municipality.js';
import type { Person } from '../src/domain/person.js';

/**
 * Realistic OS2 products for tests, the simulator's seed and the demo. The names are OS2's own products; the
 * people are invented (no real person's role is asserted). Every record parses with `GovernanceRecordSchema`
 * (checked at load) and breaks no governance rule (checked by test/demo/fixtures.test.ts).
 *
 * Demo data, not domain code: it lives outside src/ so neither the Forge app's bundles nor the sync service
 * carry it (test/forge-app/bundle-imports.test.ts walks their imports). Its users are the simulators (jira-sim's
 * seed, forge-sim), `npm start`, the benchmarks and the tests.
 */

export type FixtureRole = 'secretariat' | 'board' | 'project_admin' | 'municipality_member' | 'supplier';

export interface FixturePerson extends Person {
  email: string;
  /** Jira groups the simulator puts the user in (team-contracts.md "Municipality groups"). */
  groups: string[];
  roles: FixtureRole[];
  municipality?: Kommunekode;
  /** Keys of the fixture projects this user administers. */
  projectAdminOf: string[];
}

export interface FixtureProduct {
  site: 'os2' | 'supplier';
  record: GovernanceRecord;
  decisions: Decision[];
}

function person(
  accountId: string,
  displayName: string,
  roles: FixtureRole[],
  kommune?: Kommunekode,
  projectAdminOf: string[] = [],
): FixturePerson {
  const groups: string[] = [];
  if (roles.includes('secretariat')) groups.push('os2-sekretariat');
  if (roles.includes('board')) groups.push('os2-bestyrelse');
  if (kommune) groups.push(`kommune-${kommune}`);
  const local = displayName
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[^a-z]+/g, '.');
  const domain = roles.includes('secretariat')
    ? 'os2.eu'
    : kommune
      ? `kommune-${kommune}.example.dk`
      : 'example.dk';
  return {
    accountId,
    displayName,
    email: `${local}@${domain}`,
    groups,
    roles,
    ...(kommune ? { municipality: kommune } : {}),
    projectAdminOf,
  };
}

const P = {
  // The secretariat (forretningslederen and a colleague)
  mette: person('os2-sek-mette', 'Mette Søndergaard', ['secretariat']),
  jonas: person('os2-sek-jonas', 'Jonas Kragh', ['secretariat']),
  // The board (bestyrelsen), each from a member municipality
  lars: person('os2-bst-lars', 'Lars Bech Holm', ['board', 'municipality_member'], '751'),
  hanne: person('os2-bst-hanne', 'Hanne Dalgaard', ['board', 'municipality_member'], '147'),
  peter: person('os2-bst-peter', 'Peter Vestergaard', ['board', 'municipality_member'], '461'),
  anne: person('os2-bst-anne', 'Anne Mølgaard', ['board', 'municipality_member'], '851'),
  sofie: person('os2-bst-sofie', 'Sofie Lund Kristensen', ['board', 'municipality_member'], '101'),
  // Municipal members of steering and coordination groups
  karin: person('k751-karin', 'Karin Thomsen', ['municipality_member'], '751'),
  bo: person('k151-bo', 'Bo Frandsen', ['municipality_member'], '151'),
  gitte: person('k740-gitte', 'Gitte Ravn', ['municipality_member'], '740'),
  ole: person('k661-ole', 'Ole Krogh', ['municipality_member'], '661'),
  birgit: person('k706-birgit', 'Birgit Lauritsen', ['municipality_member'], '706'),
  soeren: person('k710-soeren', 'Søren Holmgaard', ['municipality_member'], '710'),
  henrik: person('k161-henrik', 'Henrik Bay', ['municipality_member'], '161'),
  camilla: person('k607-camilla', 'Camilla Friis', ['municipality_member'], '607'),
  morten: person('k330-morten', 'Morten Skov', ['municipality_member'], '330'),
  ida: person('k851-ida', 'Ida Nørgaard', ['municipality_member'], '851'),
  thomas: person('k157-thomas', 'Thomas Juul', ['municipality_member'], '157'),
  maria: person('k630-maria', 'Maria Bundgaard', ['municipality_member'], '630'),
  louise: person('k621-louise', 'Louise Vinther', ['municipality_member'], '621'),
  rikke: person('k540-rikke', 'Rikke Schmidt', ['municipality_member'], '540'),
  kasper: person('k101-kasper', 'Kasper Østergaard', ['municipality_member'], '101'),
  // Project leaders (project admins of their Jira project; not steering-group members)
  kristian: person('pl-mo-kristian', 'Kristian Dahl', ['project_admin', 'municipality_member'], '751', [
    'MO',
  ]),
  anja: person('pl-kitos-anja', 'Anja Rasmussen', ['project_admin'], undefined, ['KITOS']),
  frederik: person('pl-rolle-frederik', 'Frederik Brandt', ['project_admin', 'municipality_member'], '157', [
    'ROLLE',
  ]),
  julie: person('pl-sofd-julie', 'Julie Hedegaard', ['project_admin', 'supplier'], undefined, ['SOFD']),
  emil: person('pl-ford-emil', 'Emil Sand', ['project_admin', 'municipality_member'], '630', ['FORD']),
  nanna: person('pl-data-nanna', 'Nanna Kirk', ['project_admin', 'municipality_member'], '101', ['DATA']),
  jakob: person('pl-cpr-jakob', 'Jakob Lindberg', ['project_admin', 'municipality_member'], '101', ['CPR']),
  signe: person('pl-iot-signe', 'Signe Bak', ['project_admin', 'municipality_member'], '851', ['IOT']),
} as const;

/** Everyone the fixtures name, so the simulator can create the users and their groups. */
export const FIXTURE_PEOPLE: readonly FixturePerson[] = Object.freeze(Object.values(P));

function ref(p: FixturePerson): Person {
  return { accountId: p.accountId, displayName: p.displayName };
}

function kommuner(...codes: Kommunekode[]): Municipality[] {
  return codes.map((c) => municipality(c));
}

function member(p: FixturePerson, kommune: Kommunekode, boardMember = false) {
  return { person: ref(p), municipality: kommune, boardMember };
}

/**
 * Follow-or-explain answers for every requirement of `level`: met, except the ones listed as explained (with the
 * explanation) or open.
 */
function answers(
  level: Level,
  by: FixturePerson,
  at: string,
  explained: Record<string, string> = {},
  open: string[] = [],
): Record<string, RequirementAnswer> {
  const out: Record<string, RequirementAnswer> = {};
  for (const req of requirementsFor(OS2_2016, level)) {
    if (open.includes(req.id)) out[req.id] = { status: 'open' };
    else if (explained[req.id] !== undefined) {
      out[req.id] = { status: 'explained', explanation: explained[req.id]!, by: ref(by), at };
    } else out[req.id] = { status: 'met', by: ref(by), at };
  }
  return out;
}

type DecisionInput = z.input<typeof DecisionSchema>;
function decision(d: Omit<DecisionInput, 'decidedBy'> & { decidedBy: FixturePerson }): Decision {
  return DecisionSchema.parse({ ...d, decidedBy: ref(d.decidedBy) });
}

function record(r: z.input<typeof GovernanceRecordSchema>): GovernanceRecord {
  return GovernanceRecordSchema.parse(r);
}

const mo: FixtureProduct = {
  site: 'os2',
  record: record({
    name: 'OS2mo – medarbejder og organisation',
    project: { id: '10001', key: 'MO' },
    level: 'N3',
    state: 'product',
    projectDescriptionApproval: { by: ref(P.lars), at: '2017-11-02T10:00:00Z', body: 'steering_group' },
    catalogue: 'os2-2016',
    placedOnLevelAt: '2017-09-04T09:00:00Z',
    steeringGroup: {
      members: [
        member(P.lars, '751', true),
        member(P.hanne, '147', true),
        member(P.peter, '461', true),
        member(P.bo, '151'),
        member(P.gitte, '740'),
      ],
      chair: P.lars.accountId,
      approvedByBoardAt: '2017-11-21T14:00:00Z',
      appointedByBoard: true,
    },
    projectLeader: ref(P.kristian),
    coordinationGroup: {
      members: [
        { person: ref(P.anne), municipality: '851', boardMember: true },
        { person: ref(P.karin), municipality: '751' },
        { person: ref(P.bo), municipality: '151' },
        { person: ref(P.ole), municipality: '661' },
        { person: ref(P.gitte), municipality: '740' },
      ],
      chair: P.karin.accountId,
      supplierRun: false,
    },
    municipalities: kommuner('751', '151', '661', '740', '169', '101'),
    requirements: answers(
      'N3',
      P.kristian,
      '2019-03-12T10:00:00Z',
      {
        'N2-FORMAL-CERTIFIED-LEADER':
          'Projektlederen har 8 års erfaring med kommunale it-projekter; certificering (PRINCE2) er planlagt i 2020.',
      },
      ['N3-FORMAL-POLITICAL-COMMUNICATION-EXTERNAL'],
    ),
    statusReports: [
      {
        date: '2019-06-30',
        progress: 'MVP i drift i Aarhus og Ballerup; tilslutningsaftaler med fire kommuner underskrevet.',
        rag: 'amber',
        budgetDkk: 4_800_000,
        spentDkk: 3_950_000,
        forecastDkk: 5_100_000,
        reportedBy: ref(P.kristian),
      },
      {
        date: '2019-12-31',
        progress: 'Seks kommuner i drift; integration til KOMBITs FK Organisation leveret.',
        rag: 'green',
        budgetDkk: 5_100_000,
        spentDkk: 4_870_000,
        forecastDkk: 5_050_000,
        reportedBy: ref(P.kristian),
      },
    ],
    revision: 14,
    updatedAt: '2020-01-10T08:30:00Z',
  }),
  decisions: [
    decision({
      id: 'mo-0001',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2017-09-04T09:00:00Z',
      summary: 'Idéen om en fælles medarbejder- og organisationsdatabase indplaceret på N3',
      basis: 'Ophæng til KOMBITs monopolbrud (Fælleskommunalt Organisationssystem).',
      fromState: 'idea',
      toState: 'concept',
      toLevel: 'N3',
    }),
    decision({
      id: 'mo-0002',
      kind: 'submit_to_board',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2017-10-30T12:00:00Z',
      summary: 'Konceptet forelagt bestyrelsen',
      basis: 'Forretningslederens indstilling af 30. oktober 2017.',
      fromState: 'concept',
      toState: 'board_review',
    }),
    decision({
      id: 'mo-0003',
      kind: 'appoint_steering_group',
      body: 'board',
      decidedBy: P.sofie,
      decidedAt: '2017-11-21T14:00:00Z',
      summary: 'Bestyrelsen udpeger styregruppen med tre bestyrelsesmedlemmer af fem',
      basis: 'Bestyrelsesmøde 21. november 2017, punkt 4.',
    }),
    decision({
      id: 'mo-0004',
      kind: 'approve',
      body: 'board',
      decidedBy: P.sofie,
      decidedAt: '2017-11-21T14:05:00Z',
      summary: 'OS2mo godkendt som N3-projekt',
      basis: 'Bestyrelsesmøde 21. november 2017, punkt 4.',
      fromState: 'board_review',
      toState: 'approved',
      openRequirements: ['N2-FORMAL-CERTIFIED-LEADER', 'N3-FORMAL-POLITICAL-COMMUNICATION-EXTERNAL'],
    }),
    decision({
      id: 'mo-0005',
      kind: 'become_product',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2019-06-30T15:00:00Z',
      summary: 'OS2mo er i drift i de første kommuner og er nu et produkt; koordinationsgruppen er nedsat',
      basis: 'Driftsstart i Aarhus og Ballerup.',
      fromState: 'approved',
      toState: 'product',
      openRequirements: ['N3-FORMAL-POLITICAL-COMMUNICATION-EXTERNAL'],
    }),
  ],
};

const kitos: FixtureProduct = {
  site: 'os2',
  record: record({
    name: 'OS2kitos – kommunernes it-overblik',
    project: { id: '10002', key: 'KITOS' },
    level: 'N2',
    state: 'product',
    projectDescriptionApproval: { by: ref(P.birgit), at: '2016-10-04T10:00:00Z', body: 'steering_group' },
    placedOnLevelAt: '2016-03-01T09:00:00Z',
    steeringGroup: {
      members: [
        member(P.birgit, '706'),
        member(P.soeren, '710'),
        member(P.henrik, '161'),
        member(P.camilla, '607'),
        member(P.morten, '330'),
      ],
      chair: P.birgit.accountId,
      approvedByBoardAt: '2016-09-13T13:00:00Z',
    },
    projectLeader: ref(P.anja),
    coordinationGroup: {
      members: [
        { person: ref(P.soeren), municipality: '710' },
        { person: ref(P.birgit), municipality: '706' },
        { person: ref(P.camilla), municipality: '607' },
        { person: ref(P.maria), municipality: '630' },
      ],
      chair: P.soeren.accountId,
      supplierRun: false,
    },
    // The coordination group's development frame, approved by the board with the product's economy (4.1.5).
    developmentFrame: {
      amountDkk: 400_000,
      setBy: ref(P.soeren),
      setAt: '2018-01-15T10:00:00Z',
      body: 'coordination_group',
      boardApproval: { by: ref(P.hanne), at: '2018-02-06T14:00:00Z' },
    },
    municipalities: kommuner(
      '706',
      '710',
      '161',
      '607',
      '330',
      '630',
      '621',
      '751',
      '157',
      '169',
      '461',
      '540',
    ),
    requirements: answers(
      'N2',
      P.anja,
      '2017-02-01T10:00:00Z',
      {
        'N2-FORMAL-PROJECT-MODEL':
          'KITOS følger sekretariatets egen agile model med kvartalsvise udviklingsplaner; forskellene er beskrevet i projektbeskrivelsen.',
      },
      ['N2-FORMAL-BEST-PRACTICE'],
    ),
    statusReports: [
      {
        date: '2018-06-30',
        progress:
          'Kontraktmodulet udvidet; projektmodulets retning afklares via afstemning blandt kommunerne.',
        rag: 'green',
        budgetDkk: 1_200_000,
        spentDkk: 640_000,
        forecastDkk: 1_150_000,
        reportedBy: ref(P.anja),
      },
    ],
    revision: 31,
    updatedAt: '2018-09-20T11:00:00Z',
  }),
  decisions: [
    decision({
      id: 'kitos-0001',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2016-03-01T09:00:00Z',
      summary: 'KITOS indplaceret på N1',
      basis: 'Startet af få kommuner med lokal finansiering.',
      fromState: 'idea',
      toState: 'concept',
      toLevel: 'N1',
    }),
    decision({
      id: 'kitos-0002',
      kind: 'change_level',
      body: 'board',
      decidedBy: P.sofie,
      decidedAt: '2016-06-14T13:00:00Z',
      summary: 'KITOS flyttes fra N1 til N2',
      basis: 'Fælleskommunal værdi: over 40 kommuner har meldt interesse. Indstillet af forretningslederen.',
      fromLevel: 'N1',
      toLevel: 'N2',
    }),
    decision({
      id: 'kitos-0003',
      kind: 'submit_to_board',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2016-08-30T09:00:00Z',
      summary: 'Konceptet forelagt bestyrelsen',
      basis: 'Forretningslederens indstilling.',
      fromState: 'concept',
      toState: 'board_review',
    }),
    decision({
      id: 'kitos-0004',
      kind: 'approve',
      body: 'board',
      decidedBy: P.sofie,
      decidedAt: '2016-09-13T13:00:00Z',
      summary: 'KITOS godkendt som N2-projekt; styregruppen godkendt i samme beslutning',
      basis: 'Bestyrelsesmøde 13. september 2016.',
      fromState: 'board_review',
      toState: 'approved',
      openRequirements: ['N2-FORMAL-BEST-PRACTICE'],
    }),
    decision({
      id: 'kitos-0005',
      kind: 'become_product',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2017-01-15T10:00:00Z',
      summary: 'KITOS er i drift og er nu et produkt',
      basis: 'Idriftsat i de første kommuner; koordinationsgruppe nedsat.',
      fromState: 'approved',
      toState: 'product',
      openRequirements: ['N2-FORMAL-BEST-PRACTICE'],
    }),
    decision({
      id: 'kitos-0006',
      kind: 'poll_closed',
      body: 'secretariat',
      decidedBy: P.jonas,
      decidedAt: '2018-09-20T11:00:00Z',
      summary: 'Projektmodulet: 14 kommuner foretrækker et overbliksværktøj, 9 vil medfinansiere',
      basis: 'Afstemning "Input til OS2kitos projektmodul", svarfrist 14. september 2018.',
    }),
  ],
};

const rolle: FixtureProduct = {
  site: 'os2',
  record: record({
    name: 'OS2rollekatalog',
    project: { id: '10003', key: 'ROLLE' },
    level: 'N2',
    state: 'approved',
    projectDescriptionApproval: { by: ref(P.thomas), at: '2019-03-12T10:00:00Z', body: 'steering_group' },
    placedOnLevelAt: '2018-01-08T09:00:00Z',
    steeringGroup: {
      members: [member(P.thomas, '157'), member(P.louise, '621'), member(P.rikke, '540')],
      chair: P.thomas.accountId,
      approvedByBoardAt: '2018-04-10T13:00:00Z',
    },
    projectLeader: ref(P.frederik),
    municipalities: kommuner('157', '621', '540', '147'),
    requirements: answers(
      'N2',
      P.frederik,
      '2018-03-20T10:00:00Z',
      {
        'N1-FORMAL-TRAINING':
          'Uddannelsesmateriale udarbejdes i implementeringsfasen; en vejledning til administratorer findes.',
      },
      ['N2-FORMAL-BEST-PRACTICE', 'N2-GOVERNANCE-COORDINATION-GROUP'],
    ),
    statusReports: [
      {
        date: '2018-09-30',
        progress: 'Integration til AD og KOMBITs støttesystemer i test hos Gentofte.',
        rag: 'green',
        budgetDkk: 950_000,
        spentDkk: 410_000,
        forecastDkk: 930_000,
        reportedBy: ref(P.frederik),
      },
    ],
    revision: 7,
    updatedAt: '2018-10-02T09:15:00Z',
  }),
  decisions: [
    decision({
      id: 'rolle-0001',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2018-01-08T09:00:00Z',
      summary: 'Rollekataloget indplaceret på N2',
      basis: 'Relevant for alle kommuner, der skal tilslutte sig KOMBITs støttesystemer.',
      fromState: 'idea',
      toState: 'concept',
      toLevel: 'N2',
    }),
    decision({
      id: 'rolle-0002',
      kind: 'submit_to_board',
      body: 'secretariat',
      decidedBy: P.jonas,
      decidedAt: '2018-03-27T09:00:00Z',
      summary: 'Konceptet forelagt bestyrelsen',
      basis: 'Indstilling fra forretningslederen med Gentofte, Kolding og Sønderborg.',
      fromState: 'concept',
      toState: 'board_review',
    }),
    decision({
      id: 'rolle-0003',
      kind: 'approve',
      body: 'board',
      decidedBy: P.sofie,
      decidedAt: '2018-04-10T13:00:00Z',
      summary: 'OS2rollekatalog godkendt som N2-projekt; styregruppen godkendt',
      basis: 'Bestyrelsesmøde 10. april 2018.',
      fromState: 'board_review',
      toState: 'approved',
      openRequirements: ['N2-FORMAL-BEST-PRACTICE', 'N2-GOVERNANCE-COORDINATION-GROUP'],
    }),
  ],
};

const sofd: FixtureProduct = {
  site: 'supplier',
  record: record({
    name: 'OS2sofd – fælles organisationsdata',
    project: { id: '10004', key: 'SOFD' },
    level: 'N2',
    state: 'product',
    projectDescriptionApproval: { by: ref(P.ida), at: '2018-05-02T10:00:00Z', body: 'steering_group' },
    placedOnLevelAt: '2018-05-02T09:00:00Z',
    steeringGroup: {
      members: [member(P.ida, '851'), member(P.maria, '630'), member(P.kasper, '101')],
      chair: P.ida.accountId,
      approvedByBoardAt: '2018-06-12T13:00:00Z',
    },
    projectLeader: ref(P.julie),
    coordinationGroup: {
      members: [
        { person: ref(P.julie) },
        { person: ref(P.ida), municipality: '851' },
        { person: ref(P.maria), municipality: '630' },
      ],
      chair: P.ida.accountId,
      supplierRun: true,
    },
    municipalities: kommuner('851', '630', '101', '810'),
    requirements: answers('N2', P.julie, '2018-11-01T10:00:00Z', {
      'N2-FORMAL-SINGLE-CORE':
        'Én corekode; kommunespecifikke integrationer ligger i separate moduler uden for core.',
    }),
    statusReports: [
      {
        date: '2019-03-31',
        progress: 'I drift i fire kommuner; leverandøren driver løsningen under SLA.',
        rag: 'green',
        budgetDkk: 1_600_000,
        spentDkk: 1_480_000,
        forecastDkk: 1_590_000,
        reportedBy: ref(P.julie),
      },
    ],
    revision: 9,
    updatedAt: '2019-04-03T07:45:00Z',
  }),
  decisions: [
    decision({
      id: 'sofd-0001',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2018-05-02T09:00:00Z',
      summary: 'SOFD indplaceret på N2',
      basis: 'Et produkt udviklet uden for OS2, der ønskes optaget på samme krav.',
      fromState: 'idea',
      toState: 'concept',
      toLevel: 'N2',
    }),
    decision({
      id: 'sofd-0002',
      kind: 'submit_to_board',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2018-05-29T09:00:00Z',
      summary: 'Konceptet forelagt bestyrelsen',
      basis: 'Forretningslederens indstilling.',
      fromState: 'concept',
      toState: 'board_review',
    }),
    decision({
      id: 'sofd-0003',
      kind: 'approve',
      body: 'board',
      decidedBy: P.sofie,
      decidedAt: '2018-06-12T13:00:00Z',
      summary: 'SOFD godkendt som N2; styregruppen godkendt',
      basis: 'Bestyrelsesmøde 12. juni 2018.',
      fromState: 'board_review',
      toState: 'approved',
    }),
    decision({
      id: 'sofd-0004',
      kind: 'become_product',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2018-11-01T10:00:00Z',
      summary: 'SOFD er et produkt; koordinationsgruppen drives af leverandøren',
      basis: 'I drift i Aalborg og Vejle.',
      fromState: 'approved',
      toState: 'product',
    }),
  ],
};

const fordeling: FixtureProduct = {
  site: 'os2',
  record: record({
    name: 'OS2fordeling – fordeling af post og opgaver',
    project: { id: '10005', key: 'FORD' },
    level: 'N1',
    state: 'concept',
    placedOnLevelAt: '2020-02-03T09:00:00Z',
    projectOwner: ref(P.maria),
    projectLeader: ref(P.emil),
    municipalities: kommuner('630'),
    requirements: {
      'N1-RELEVANCE-IDEA': { status: 'met', by: ref(P.emil), at: '2020-02-10T10:00:00Z' },
      'N1-RELEVANCE-LOCAL-VALUE': { status: 'met', by: ref(P.emil), at: '2020-02-10T10:00:00Z' },
      'N1-FORMAL-SOURCE-SHARED': {
        status: 'met',
        by: ref(P.emil),
        at: '2020-02-10T10:00:00Z',
        note: 'github.com/OS2fordeling',
      },
      'N1-FORMAL-TRAINING': {
        status: 'explained',
        explanation: 'Løsningen har ingen brugerflade; driftsvejledningen dækker behovet for uddannelse.',
        by: ref(P.emil),
        at: '2020-02-10T10:00:00Z',
      },
      'N1-FORMAL-DATA-PROCESSING': { status: 'open' },
    },
    revision: 3,
    updatedAt: '2020-02-10T10:00:00Z',
  }),
  decisions: [
    decision({
      id: 'ford-0001',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: P.jonas,
      decidedAt: '2020-02-03T09:00:00Z',
      summary: 'OS2fordeling indplaceret på N1',
      basis: 'Lokalt behov i Vejle, lokal finansiering; værdien kan overføres til andre kommuner.',
      fromState: 'idea',
      toState: 'concept',
      toLevel: 'N1',
    }),
  ],
};

const datavejviser: FixtureProduct = {
  site: 'os2',
  record: record({
    name: 'OS2datavejviser',
    project: { id: '10006', key: 'DATA' },
    level: 'N2',
    state: 'idea',
    placedOnLevelAt: '2019-08-19T09:00:00Z',
    steeringGroup: {
      members: [member(P.kasper, '101'), member(P.hanne, '147')],
      chair: P.kasper.accountId,
    },
    projectLeader: ref(P.nanna),
    municipalities: kommuner('101', '147'),
    requirements: {
      'N1-RELEVANCE-IDEA': { status: 'met', by: ref(P.nanna), at: '2019-09-01T10:00:00Z' },
      'N1-FORMAL-SOURCE-SHARED': { status: 'met', by: ref(P.nanna), at: '2019-09-01T10:00:00Z' },
      'N2-RELEVANCE-GLOBAL-VALUE': {
        status: 'explained',
        explanation: 'Værdien er foreløbig påvist i to kommuner; flere er inviteret.',
        by: ref(P.nanna),
        at: '2019-09-01T10:00:00Z',
      },
      'N2-STRATEGIC-VISION': { status: 'open' },
    },
    revision: 5,
    updatedAt: '2019-10-08T14:00:00Z',
  }),
  decisions: [
    decision({
      id: 'data-0001',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2019-08-19T09:00:00Z',
      summary: 'Datavejviseren indplaceret på N2',
      basis: 'Tænkt til alle kommuner fra start.',
      fromState: 'idea',
      toState: 'concept',
      toLevel: 'N2',
    }),
    decision({
      id: 'data-0002',
      kind: 'submit_to_board',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2019-09-24T09:00:00Z',
      summary: 'Konceptet forelagt bestyrelsen',
      basis: 'Indstilling fra København og Frederiksberg.',
      fromState: 'concept',
      toState: 'board_review',
    }),
    decision({
      id: 'data-0003',
      kind: 'send_back',
      body: 'board',
      decidedBy: P.sofie,
      decidedAt: '2019-10-08T14:00:00Z',
      summary: 'Sendt tilbage til idégenerering (tilbageløb), ikke afvist',
      basis:
        'Manglende strategisk fit: sammenhængen med OS2s vision og med de øvrige produkter (bl.a. OS2mo) er ikke beskrevet.',
      fromState: 'board_review',
      toState: 'idea',
      openRequirements: ['N2-STRATEGIC-VISION', 'N2-STRATEGIC-PORTFOLIO'],
    }),
  ],
};

const cpr: FixtureProduct = {
  site: 'os2',
  record: record({
    name: 'OS2 CPR Broker',
    project: { id: '10007', key: 'CPR' },
    level: 'N1',
    state: 'product',
    projectDescriptionApproval: { by: ref(P.kasper), at: '2015-06-01T10:00:00Z', body: 'project_owner' },
    placedOnLevelAt: '2016-04-04T09:00:00Z',
    projectOwner: ref(P.kasper),
    projectLeader: ref(P.jakob),
    coordinationGroup: {
      members: [
        { person: ref(P.kasper), municipality: '101' },
        { person: ref(P.thomas), municipality: '157' },
      ],
      chair: P.kasper.accountId,
      supplierRun: false,
    },
    municipalities: kommuner('101', '157'),
    requirements: answers('N1', P.jakob, '2016-05-01T10:00:00Z', {
      'N1-FORMAL-STANDARDS':
        'Følger CPR-kontorets snitflader; afviger fra rammearkitekturens servicemønstre, begrundet i projektbeskrivelsen.',
    }),
    statusReports: [
      {
        date: '2016-12-31',
        progress: 'I drift i København og Gentofte.',
        rag: 'green',
        budgetDkk: 300_000,
        spentDkk: 285_000,
        forecastDkk: 300_000,
        reportedBy: ref(P.jakob),
      },
    ],
    revision: 6,
    updatedAt: '2017-01-05T09:00:00Z',
  }),
  decisions: [
    decision({
      id: 'cpr-0001',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2016-04-04T09:00:00Z',
      summary: 'CPR Broker indplaceret på N1',
      basis: 'Lokalt drevet af København med lokal finansiering.',
      fromState: 'idea',
      toState: 'concept',
      toLevel: 'N1',
    }),
    decision({
      id: 'cpr-0002',
      kind: 'start_implementation',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2016-04-18T09:00:00Z',
      summary: 'N1-projektet sættes i gang; bestyrelsen orienteres',
      basis: 'Projektejer udpeget i København.',
      fromState: 'concept',
      toState: 'approved',
    }),
    decision({
      id: 'cpr-0003',
      kind: 'become_product',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2016-12-31T12:00:00Z',
      summary: 'CPR Broker er et produkt',
      basis: 'I drift i to kommuner.',
      fromState: 'approved',
      toState: 'product',
    }),
  ],
};

const iot: FixtureProduct = {
  site: 'os2',
  record: record({
    name: 'OS2iot',
    project: { id: '10008', key: 'IOT' },
    level: 'N2',
    state: 'board_review',
    placedOnLevelAt: '2020-01-13T09:00:00Z',
    // The secretariat's recommendation, as its decision iot-0002 records it.
    recommendation: {
      by: ref(P.mette),
      at: '2020-02-25T09:00:00Z',
      basis: 'Indstilling fra Aalborg, Aarhus og Sønderborg.',
    },
    steeringGroup: {
      members: [member(P.ida, '851'), member(P.karin, '751'), member(P.rikke, '540')],
      chair: P.ida.accountId,
    },
    projectLeader: ref(P.signe),
    municipalities: kommuner('851', '751', '540', '461'),
    requirements: answers('N2', P.signe, '2020-02-20T10:00:00Z', {}, [
      'N2-FORMAL-BEST-PRACTICE',
      'N2-GOVERNANCE-COORDINATION-GROUP',
      'N1-FORMAL-TRAINING',
    ]),
    revision: 4,
    updatedAt: '2020-02-25T09:00:00Z',
  }),
  decisions: [
    decision({
      id: 'iot-0001',
      kind: 'place_on_level',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2020-01-13T09:00:00Z',
      summary: 'OS2iot indplaceret på N2',
      basis: 'Fælles IoT-platform for alle kommuner.',
      fromState: 'idea',
      toState: 'concept',
      toLevel: 'N2',
    }),
    decision({
      id: 'iot-0002',
      kind: 'submit_to_board',
      body: 'secretariat',
      decidedBy: P.mette,
      decidedAt: '2020-02-25T09:00:00Z',
      summary: 'Konceptet forelagt bestyrelsen med forslag til styregruppe',
      basis: 'Indstilling fra Aalborg, Aarhus og Sønderborg.',
      fromState: 'concept',
      toState: 'board_review',
      openRequirements: ['N1-FORMAL-TRAINING', 'N2-FORMAL-BEST-PRACTICE', 'N2-GOVERNANCE-COORDINATION-GROUP'],
    }),
  ],
};

/** The products, OS2mo first. Project ids are unique across both sites. */
export const FIXTURE_PRODUCTS: readonly FixtureProduct[] = Object.freeze([
  mo,
  kitos,
  rolle,
  sofd,
  fordeling,
  datavejviser,
  cpr,
  iot,
]);

/** A fixture by its Jira project key (tests and the demo script). */
export function fixtureByKey(key: string): FixtureProduct {
  const found = FIXTURE_PRODUCTS.find((f) => f.record.project.key === key);
  if (!found) throw new Error(`Ingen fixture med nøglen ${key}`);
  return found;
}
