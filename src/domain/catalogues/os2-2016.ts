import { CatalogueSchema } from '../catalogue';
import type { Catalogue, Requirement } from '../catalogue';
import type { Level, Theme } from '../level';

/**
 * The requirements of "OS2 organisering, Rapport version 1.0" (2016), sections 5.3–5.5, as digested in
 * domain.md "Product levels N1, N2, N3". One entry per item of the digest's lists; where one digest item names
 * two things that the report's tables list separately (e.g. "assists with the formal requirements and decides
 * the level"), they are two requirements, because each can be met or explained on its own.
 * Some N1 entries are conditions rather than duties ("funding cannot come through OS2"): they are still
 * answered met or explained, so that a project that does differ says why.
 */
function r(
  level: Level,
  theme: Theme,
  id: string,
  da: string,
  en: string,
  extra: Pick<Requirement, 'until' | 'kind' | 'check'> = {},
): Requirement {
  return { id: `${level}-${id}`, level, theme, da, en, ...extra };
}
/** N1's own conditions and permissions, which N2 replaces (seed 003 5.3 vs 5.4). */
const N1_ONLY = { until: 'N1' } as const;
const N1_PERMISSION = { until: 'N1', kind: 'permission' } as const;

const N1: Requirement[] = [
  // Relevance (5.3.1): "Ideen", "Værdi (lokal)", "Værdi for andre"
  r('N1', 'relevance', 'RELEVANCE-IDEA', 'Idéen er beskrevet', 'The idea is described'),
  r(
    'N1',
    'relevance',
    'RELEVANCE-LOCAL-VALUE',
    'Den lokale værdi er beskrevet',
    'The local value is described',
  ),
  r(
    'N1',
    'relevance',
    'RELEVANCE-VALUE-FOR-OTHERS',
    'Værdien kan overføres til andre kommuner',
    'The value can transfer to other municipalities',
  ),
  // Formal (5.3.2)
  r(
    'N1',
    'formal',
    'FORMAL-SOURCE-SHARED',
    'Kildekoden deles på et officielt delingssite (fx GitHub)',
    'Source code is shared on an official site (e.g. GitHub)',
  ),
  r('N1', 'formal', 'FORMAL-LICENCE', 'OS2s licenskriterier er overholdt', 'OS2 licence criteria are met'),
  r('N1', 'formal', 'FORMAL-PROCUREMENT', 'Udbudsreglerne er overholdt', 'Procurement rules are met'),
  r('N1', 'formal', 'FORMAL-LEGALITY', 'Almindelig lovformlighed er overholdt', 'General legality is met'),
  r(
    'N1',
    'formal',
    'FORMAL-SECURITY',
    'Sikkerhed er tænkt ind i løsningen',
    'Security is designed into the solution',
  ),
  r(
    'N1',
    'formal',
    'FORMAL-DATA-PROCESSING',
    'Databehandleraftaler er på plads',
    'Data processing agreements are in place',
  ),
  r(
    'N1',
    'formal',
    'FORMAL-DOCUMENTATION',
    'Løsningen er dokumenteret (formål, løsningsbeskrivelse, snitflader)',
    'The solution is documented (purpose, solution description, interfaces)',
  ),
  r(
    'N1',
    'formal',
    'FORMAL-OPERATING-REQUIREMENTS',
    'Driftskrav er udformet (ingen krav til drifts-setup)',
    'Operating requirements are written (no set-up required)',
  ),
  r('N1', 'formal', 'FORMAL-TRAINING', 'Uddannelsesmateriale er udarbejdet', 'Training material is written'),
  r(
    'N1',
    'formal',
    'FORMAL-STANDARDS',
    'Følg eller forklar i forhold til fællesoffentlige standarder og rammearkitekturen',
    'Follow or explain against common public standards and the reference architecture',
  ),
  // Governance (5.3.3)
  r(
    'N1',
    'governance',
    'GOVERNANCE-MUNICIPALITIES',
    'Én eller flere deltagende kommuner (+1)',
    'One or more participating municipalities (+1)',
    { check: 'participating_municipality' },
  ),
  r(
    'N1',
    'governance',
    'GOVERNANCE-LOCAL-FUNDING',
    'Funding sker ikke via OS2 (lokale midler)',
    'Funding does not come through OS2 (local funds)',
    N1_ONLY,
  ),
  // Seed 003 4.1.4: the steering group (or a small project's owner) approves the project description.
  r(
    'N1',
    'governance',
    'GOVERNANCE-DESCRIPTION-APPROVED',
    'Projektbeskrivelsen er godkendt af styregruppen (eller projektejeren)',
    'The project description is approved by the steering group (or the project owner)',
    { check: 'project_description_approved' },
  ),
  r(
    'N1',
    'governance',
    'GOVERNANCE-FORMAL-ASSISTANCE',
    'Forretningslederen assisterer ved formkravene',
    'The business manager assists with the formal requirements',
  ),
  r(
    'N1',
    'governance',
    'GOVERNANCE-LEVEL-PLACEMENT',
    'Forretningslederen afgør produktniveauet',
    'The business manager decides the product level',
    N1_ONLY,
  ),
  r(
    'N1',
    'governance',
    'GOVERNANCE-DIALOGUE',
    'Løbende dialog med forretningslederen',
    'Ongoing dialogue with the business manager',
  ),
  r(
    'N1',
    'governance',
    'GOVERNANCE-PROJECT-MODEL-OPTIONAL',
    'OS2s projektmodel er ikke et krav',
    'The OS2 project model is not required',
    N1_PERMISSION,
  ),
  r(
    'N1',
    'governance',
    'GOVERNANCE-BOARD-INFORMED',
    'Bestyrelsen orienteres via forretningslederen',
    'The board is informed through the business manager',
    N1_ONLY,
  ),
  // Strategic fit (5.3.4)
  r(
    'N1',
    'strategic_fit',
    'STRATEGIC-NO-TIGHT-TIE',
    'Ingen tæt kobling til OS2s strategi kræves',
    'No tight tie to OS2 strategy is required',
    N1_PERMISSION,
  ),
  r('N1', 'strategic_fit', 'STRATEGIC-INNOVATION', 'Understøtter innovation', 'Supports innovation'),
  r(
    'N1',
    'strategic_fit',
    'STRATEGIC-LOCAL-DYNAMICS',
    'Understøtter den lokale kommunale dynamik',
    'Supports local municipal dynamics',
  ),
  r('N1', 'strategic_fit', 'STRATEGIC-OPEN-SOURCE', 'Er open source', 'Is open source'),
];

const N2: Requirement[] = [
  // Relevance (5.4.1)
  r(
    'N2',
    'relevance',
    'RELEVANCE-GLOBAL-VALUE',
    'Værdi for mange eller alle kommuner (fælleskommunal værdi)',
    'Value for many or all municipalities (global municipal value)',
  ),
  r(
    'N2',
    'relevance',
    'RELEVANCE-LINE-MANAGEMENT',
    'Accept fra den lokale linjeledelse i de deltagende kommuner',
    'Acceptance by local line management in the participating municipalities',
  ),
  // Formal (5.4.2)
  r(
    'N2',
    'formal',
    'FORMAL-PROJECT-MODEL',
    'Følg eller forklar OS2s projektmodel',
    'Follow or explain the OS2 project model',
  ),
  r(
    'N2',
    'formal',
    'FORMAL-CERTIFIED-LEADER',
    'Projektlederen er certificeret eller dokumenteret',
    'The project leader is certified or documented',
  ),
  r(
    'N2',
    'formal',
    'FORMAL-STRATEGIC-COMMUNICATION',
    'Kommunikationsmateriale til det strategiske niveau',
    'Communication material for the strategic level',
  ),
  r('N2', 'formal', 'FORMAL-PRESENTATION', 'Præsentationsmateriale', 'Presentation material'),
  r('N2', 'formal', 'FORMAL-SINGLE-CORE', 'Kun én version af corekoden', 'Only one version of the core code'),
  r(
    'N2',
    'formal',
    'FORMAL-BEST-PRACTICE',
    'Best practice dokumenteres ved hver implementering',
    'Best practice is documented at each implementation',
  ),
  r(
    'N2',
    'formal',
    'FORMAL-OPERATIONS-SETUP',
    'Drifts-setup er beskrevet (driftsform, support, vedligehold)',
    'Operations set-up is described (form of operation, support, maintenance)',
  ),
  // Governance (5.4.3)
  r(
    'N2',
    'governance',
    'GOVERNANCE-BOARD-APPROVES',
    'Bestyrelsen godkender projektet (på forretningslederens indstilling)',
    "The board approves the project (on the business manager's recommendation)",
    { check: 'board_approved' },
  ),
  r(
    'N2',
    'governance',
    'GOVERNANCE-STEERING-GROUP',
    'Der nedsættes en styregruppe, som bestyrelsen formelt godkender',
    'A steering group is set up and formally approved by the board',
    { check: 'steering_group_approved_by_board' },
  ),
  r(
    'N2',
    'governance',
    'GOVERNANCE-COORDINATION-GROUP',
    'Der dannes en koordinationsgruppe ved idriftsættelse',
    'A coordination group is formed when the product goes into operation',
    { check: 'coordination_group' },
  ),
  r('N2', 'governance', 'GOVERNANCE-OS2-FUNDING', 'OS2-funding er mulig', 'OS2 funding is possible', {
    kind: 'permission',
  }),
  // Strategic fit (5.4.4)
  r(
    'N2',
    'strategic_fit',
    'STRATEGIC-VISION',
    'Strategisk overensstemmelse med OS2s vision og strategi er beskrevet',
    "Alignment with OS2's vision and strategy is described",
  ),
  r(
    'N2',
    'strategic_fit',
    'STRATEGIC-PORTFOLIO',
    'Sammenhæng og snitflader til øvrige OS2-projekter og -produkter er beskrevet',
    'Alignment and interfaces with the other OS2 projects and products are described',
  ),
];

const N3: Requirement[] = [
  // Relevance (5.5.1)
  r(
    'N3',
    'relevance',
    'RELEVANCE-NATIONAL-STRATEGY',
    'Ophæng til nationale strategier (fx KOMBITs initiativer)',
    "Tied to national strategies (e.g. KOMBIT's initiatives)",
  ),
  // Formal (5.5.2): the table lists local and outward political communication separately
  r(
    'N3',
    'formal',
    'FORMAL-POLITICAL-COMMUNICATION-LOCAL',
    'Politisk og strategisk kommunikation lokalt',
    'Political and strategic communication locally',
  ),
  r(
    'N3',
    'formal',
    'FORMAL-POLITICAL-COMMUNICATION-EXTERNAL',
    'Politisk og strategisk kommunikation over for KOMBIT, KL, Digitaliseringsstyrelsen m.fl.',
    'Political and strategic communication towards KOMBIT, KL, the Agency for Digitisation and others',
  ),
  r(
    'N3',
    'formal',
    'FORMAL-COMMUNICATION-COORDINATED',
    'Kommunikationen koordineres med bestyrelsen',
    'Communication is coordinated with the board',
  ),
  r(
    'N3',
    'formal',
    'FORMAL-PROCESS-PLAN',
    'Procesplan med procesansvar for overgang til drift (minikogebog)',
    'Process plan with process responsibility for the transition to operation ("mini cookbook")',
  ),
  // Governance (5.5.3)
  r(
    'N3',
    'governance',
    'GOVERNANCE-BOARD-APPROVES',
    'Bestyrelsen godkender projektet',
    'The board approves the project',
    { check: 'board_approved' },
  ),
  r(
    'N3',
    'governance',
    'GOVERNANCE-BOARD-APPOINTS',
    'Bestyrelsen udpeger styregruppen',
    'The board appoints the steering group',
    { check: 'steering_group_appointed_by_board' },
  ),
  r(
    'N3',
    'governance',
    'GOVERNANCE-BOARD-MAJORITY',
    'Bestyrelsen har stemmemajoriteten i styregruppen',
    'The board holds the voting majority in the steering group',
    { check: 'board_majority' },
  ),
  r(
    'N3',
    'governance',
    'GOVERNANCE-BOARD-IN-COORDINATION',
    'Mindst ét bestyrelsesmedlem i koordinationsgruppen',
    'At least one board member sits in the coordination group',
    { check: 'board_in_coordination_group' },
  ),
  // Strategic fit (5.5.4)
  r(
    'N3',
    'strategic_fit',
    'STRATEGIC-VISION',
    'Overensstemmelse med OS2s vision og strategi',
    "Alignment with OS2's vision and strategy",
  ),
  r(
    'N3',
    'strategic_fit',
    'STRATEGIC-NATIONAL',
    'Sammenhæng med initiativer i KL, KOMBIT og/eller Digitaliseringsstyrelsen',
    'Alignment with initiatives of KL, KOMBIT and/or the Agency for Digitisation',
  ),
];

/** The 2016 catalogue, validated at load so a typo in an id fails every test at once. */
export const OS2_2016: Catalogue = CatalogueSchema.parse({
  id: 'os2-2016',
  title: {
    da: 'OS2 organisering, rapport version 1.0 (2016): krav til N1, N2 og N3',
    en: 'OS2 organisation, report version 1.0 (2016): requirements for N1, N2 and N3',
  },
  requirements: [...N1, ...N2, ...N3],
});
