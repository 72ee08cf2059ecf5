import { ApprovalStateSchema } from '../../../src/domain/approval-state.js';
import type { ApprovalState } from '../../../src/domain/approval-state.js';
import type { DecisionBody, DecisionKind } from '../../../src/domain/decision.js';
import type { Rag } from '../../../src/domain/governance-record.js';
import type { MirrorIntegrity } from '../../../src/domain/rollup.js';
import { stateName } from '../../../src/i18n/index.js';

const STATES: readonly ApprovalState[] = ApprovalStateSchema.options;

/** The states' names come from the app's catalogue: the page, the app and the terminal say the same. */
function stateNames(lang: 'da' | 'en'): Record<ApprovalState, string> {
  return Object.fromEntries(STATES.map((s) => [s, stateName(lang, s)])) as Record<ApprovalState, string>;
}

/** The portfolio page speaks Danish by default; `?lang=en` switches to English. */
export type Lang = 'da' | 'en';
export const LANGS: readonly Lang[] = ['da', 'en'];

export function parseLang(value: unknown): Lang {
  return value === 'en' ? 'en' : 'da';
}

type SteeringKind = 'steering_group' | 'project_owner' | 'none';

export interface Strings {
  locale: string;
  title: string;
  subtitle: string;
  skipToContent: string;
  switchLanguage: string;
  switchLanguageLabel: string;
  filters: string;
  filterLevel: string;
  filterState: string;
  filterSite: string;
  search: string;
  searchPlaceholder: string;
  all: string;
  apply: string;
  reset: string;
  exportCsv: string;
  exportJson: string;
  tableCaption: (shown: number, total: number) => string;
  /** The pager under the table: rows `from`–`to` of `total`, and its links. */
  pageRange: (from: number, to: number, total: number) => string;
  pagePrevious: string;
  pageNext: string;
  summaryHeading: string;
  summaryProducts: string;
  summaryOpenRequests: string;
  summaryCoFinance: string;
  summaryRag: string;
  summaryVotes: string;
  col: {
    product: string;
    site: string;
    level: string;
    state: string;
    steering: string;
    municipalities: string;
    status: string;
    openRequests: string;
    topRequests: string;
    lastDecision: string;
  };
  sortBy: (column: string) => string;
  sortedAscending: string;
  sortedDescending: string;
  none: string;
  noProducts: string;
  /** When the next sync fills it (undefined: none scheduled) and how to run one now. */
  noProductsHint: (next: string | undefined) => string;
  noProductsFiltered: string;
  chair: string;
  membersLabel: string;
  members: (n: number, board: number) => string;
  municipalitiesCount: (n: number) => string;
  votes: (n: number) => string;
  coFinanceWilling: (n: number) => string;
  moreRequests: (n: number) => string;
  integrity: Record<MirrorIntegrity, string>;
  integrityExplain: Record<Exclude<MirrorIntegrity, 'verified'>, string>;
  integrityBanner: (n: number) => string;
  /** A site whose API token is invalid or revoked (site-identity.ts): its figures are the last good ones. */
  identityLostBanner: (site: string, since: string) => string;
  notCurrent: string;
  states: Record<ApprovalState, string>;
  rag: Record<Rag, string>;
  noStatus: string;
  steeringKind: Record<SteeringKind, string>;
  decisionKind: Record<DecisionKind, string>;
  decisionBody: Record<DecisionBody, string>;
  chartHeading: string;
  chartCaption: string;
  chartVotes: string;
  chartCoFinance: string;
  chartDesc: (products: number) => string;
  chartEmpty: string;
  backToPortfolio: string;
  detailOverview: string;
  detailSteering: string;
  detailProjectLeader: string;
  detailMunicipalities: string;
  detailStatus: string;
  detailStatusDate: string;
  detailProgress: string;
  detailBudget: string;
  detailSpent: string;
  detailForecast: string;
  detailRequirements: string;
  requirementsSummary: (met: number, explained: number, open: number, total: number) => string;
  ruleViolations: string;
  staleStatus: string;
  overrun: (amount: string) => string;
  requirementsMet: string;
  requirementsExplained: string;
  requirementsOpen: string;
  requirementsOpenList: string;
  requirementsAllAnswered: string;
  detailTopRequests: string;
  detailTopRequestsCaption: string;
  detailDecisions: string;
  detailDecisionsCaption: string;
  decisionDate: string;
  decisionBodyCol: string;
  decisionKindCol: string;
  decisionBy: string;
  decisionSummary: string;
  noDecisions: string;
  noTopRequests: string;
  requestKey: string;
  requestSummary: string;
  requestVotes: string;
  requestCoFinanceWilling: string;
  requestCoFinanceTotal: string;
  project: string;
  revision: string;
  notFound: string;
  notFoundBody: string;
  unavailable: string;
  unavailableBody: string;
  updatedAt: (time: string) => string;
  liveUpdated: (time: string) => string;
  openInJira: string;
  footer: string;
  csv: {
    product: string;
    projectKey: string;
    site: string;
    level: string;
    state: string;
    integrity: string;
    steeringKind: string;
    chair: string;
    steeringMembers: string;
    boardMembers: string;
    projectLeader: string;
    municipalitiesCount: string;
    municipalities: string;
    rag: string;
    statusDate: string;
    progress: string;
    budget: string;
    spent: string;
    forecast: string;
    requirementsMet: string;
    requirementsExplained: string;
    requirementsOpen: string;
    openRequests: string;
    topRequest: string;
    topRequestVotes: string;
    topRequestCoFinanceWilling: string;
    topRequestCoFinanceDkk: string;
    votesTotal: string;
    coFinanceTotal: string;
    lastDecisionDate: string;
    lastDecision: string;
  };
}

const da: Strings = {
  locale: 'da-DK',
  title: 'OS2-porteføljen',
  subtitle:
    'Alle OS2-projekter og -produkter: niveau, tilstand, styring, status og kommunernes udviklingsønsker.',
  skipToContent: 'Spring til indholdet',
  switchLanguage: 'English',
  switchLanguageLabel: 'Switch to English',
  filters: 'Filtre',
  filterLevel: 'Niveau',
  filterState: 'Tilstand',
  filterSite: 'Jira-site',
  search: 'Søg',
  searchPlaceholder: 'Produktnavn eller nøgle',
  all: 'Alle',
  apply: 'Anvend filtre',
  reset: 'Nulstil',
  exportCsv: 'Eksportér CSV (til bestyrelsesmøder)',
  exportJson: 'JSON',
  tableCaption: (shown, total) =>
    shown === total ? `Porteføljen: ${total} produkter` : `Porteføljen: ${shown} af ${total} produkter`,
  pageRange: (from, to, total) => `Viser ${from}–${to} af ${total}`,
  pagePrevious: 'Forrige side',
  pageNext: 'Næste side',
  summaryHeading: 'Overblik',
  summaryProducts: 'Produkter',
  summaryOpenRequests: 'Åbne udviklingsønsker',
  summaryCoFinance: 'Tilsagn om medfinansiering',
  summaryRag: 'Status (grøn / gul / rød)',
  summaryVotes: 'Kommunestemmer på topønsker',
  col: {
    product: 'Produkt',
    site: 'Site',
    level: 'Niveau',
    state: 'Tilstand',
    steering: 'Styregruppe',
    municipalities: 'Kommuner',
    status: 'Status',
    openRequests: 'Åbne ønsker',
    topRequests: 'Mest efterspurgte ønsker',
    lastDecision: 'Seneste beslutning',
  },
  sortBy: (column) => `Sortér efter ${column}`,
  sortedAscending: 'sorteret stigende',
  sortedDescending: 'sorteret faldende',
  none: '–',
  noProducts: 'Porteføljen er tom: ingen produkter er synkroniseret endnu.',
  noProductsHint: (next) =>
    `${next ? `Næste planlagte synkronisering: ${next}.` : 'Ingen planlagt synkronisering fundet.'} Kør en nu med «os2-sync reconcile» på serveren.`,
  noProductsFiltered: 'Ingen produkter passer til filtrene.',
  chair: 'Formand',
  membersLabel: 'Styregruppe',
  members: (n, board) => `${n} medlemmer${board > 0 ? `, heraf ${board} fra bestyrelsen` : ''}`,
  municipalitiesCount: (n) => (n === 1 ? '1 kommune' : `${n} kommuner`),
  votes: (n) => (n === 1 ? '1 stemme' : `${n} stemmer`),
  coFinanceWilling: (n) => (n === 1 ? '1 kommune vil medfinansiere' : `${n} kommuner vil medfinansiere`),
  moreRequests: (n) => `+ ${n} flere`,
  integrity: {
    verified: 'Verificeret',
    tampered: 'Kan ikke verificeres',
    unsigned: 'Usigneret',
    missing: 'Mangler styringsdata',
  },
  integrityExplain: {
    tampered:
      'Styringsdataene i Jira kan ikke verificeres (ændret uden om appen, eller sync-tjenestens hemmelighed er en anden end appens): signaturen passer ikke. De bruges ikke; de seneste verificerede værdier vises, hvis der er nogen.',
    unsigned:
      'Styringsdataene i Jira har ingen signatur og er ikke skrevet af appen. De bruges ikke; de seneste verificerede værdier vises, hvis der er nogen.',
    missing: 'Projektet har ingen styringsdata endnu.',
  },
  integrityBanner: (n) =>
    n === 1
      ? '1 produkt har styringsdata, der ikke kan verificeres. Det er markeret i tabellen.'
      : `${n} produkter har styringsdata, der ikke kan verificeres. De er markeret i tabellen.`,
  identityLostBanner: (site, since) =>
    `Sync-tjenesten kan ikke længere logge ind på Jira-sitet ${site} (API-tokenet er ugyldigt eller tilbagekaldt siden ${since}). Tallene for sitets produkter er de seneste gode og ikke aktuelle, indtil tokenet er fornyet.`,
  notCurrent: 'ikke aktuelle',
  states: stateNames('da'),
  rag: { green: 'Grøn', amber: 'Gul', red: 'Rød' },
  noStatus: 'Ingen statusrapport',
  steeringKind: {
    steering_group: 'Styregruppe',
    project_owner: 'Projektejer',
    none: 'Ingen styregruppe',
  },
  decisionKind: {
    place_on_level: 'Placeret på niveau',
    submit_to_board: 'Indstillet til bestyrelsen',
    approve: 'Godkendt',
    send_back: 'Sendt tilbage (tilbageløb)',
    loop_back: 'Taget tilbage til idéfasen (tilbageløb)',
    start_implementation: 'Implementering startet',
    become_product: 'Blev produkt',
    retire: 'Udfaset',
    change_level: 'Niveauskift',
    approve_steering_group: 'Styregruppe godkendt',
    appoint_steering_group: 'Styregruppe udpeget',
    poll_closed: 'Afstemning lukket',
    change_request: 'Ændringsønske',
    admit: 'Optaget i OS2',
    confirm_admission: 'Optagelse bekræftet af bestyrelsen',
    reject: 'Afvist',
    approve_budget: 'Budget godkendt',
    elect_chair: 'Formand valgt',
    approve_project_description: 'Projektbeskrivelse godkendt',
    set_development_frame: 'Udviklingsramme fastsat',
    choose_project_leader: 'Projektleder valgt',
  },
  decisionBody: {
    board: 'Bestyrelsen',
    secretariat: 'Sekretariatet',
    steering_group: 'Styregruppen',
    coordination_group: 'Koordinationsgruppen',
    working_group: 'Arbejdsgruppen',
    project_owner: 'Projektejeren',
  },
  chartHeading: 'Stemmer og medfinansiering pr. produkt',
  chartCaption:
    'Kommunestemmer og tilsagn om medfinansiering (kr.) summeret over hvert produkts mest efterspurgte udviklingsønsker.',
  chartVotes: 'Stemmer',
  chartCoFinance: 'Medfinansiering',
  chartDesc: (n) => `Søjlediagram med ${n} produkter. De samme tal står i tabellen ovenfor.`,
  chartEmpty: 'Ingen stemmer endnu.',
  backToPortfolio: 'Tilbage til porteføljen',
  detailOverview: 'Overblik',
  detailSteering: 'Styring',
  detailProjectLeader: 'Projektleder',
  detailMunicipalities: 'Deltagende kommuner',
  detailStatus: 'Seneste statusrapport',
  detailStatusDate: 'Dato',
  detailProgress: 'Fremdrift',
  detailBudget: 'Budget',
  detailSpent: 'Forbrugt',
  detailForecast: 'Prognose',
  detailRequirements: 'Krav (følg eller forklar)',
  ruleViolations: 'Produktet overholder ikke styringsreglerne:',
  staleStatus: 'Forældet: ingen ny statusrapport inden for niveauets frist',
  overrun: (amount) => `Overskridelse: ${amount} over budget`,
  requirementsSummary: (met, explained, open, total) =>
    `${met} fulgt, ${explained} forklaret, ${open} åbne af ${total} krav`,
  requirementsMet: 'Fulgt',
  requirementsExplained: 'Forklaret',
  requirementsOpen: 'Åbne',
  requirementsOpenList: 'Åbne krav',
  requirementsAllAnswered: 'Alle krav er besvaret.',
  detailTopRequests: 'Mest efterspurgte udviklingsønsker',
  detailTopRequestsCaption: 'Åbne udviklingsønsker med flest kommunestemmer',
  detailDecisions: 'Beslutningslog',
  detailDecisionsCaption: 'De seneste beslutninger, nyeste først',
  decisionDate: 'Dato',
  decisionBodyCol: 'Organ',
  decisionKindCol: 'Beslutning',
  decisionBy: 'Truffet af',
  decisionSummary: 'Resumé',
  noDecisions: 'Ingen beslutninger registreret.',
  noTopRequests: 'Ingen åbne udviklingsønsker med stemmer.',
  requestKey: 'Nøgle',
  requestSummary: 'Ønske',
  requestVotes: 'Stemmer',
  requestCoFinanceWilling: 'Vil medfinansiere',
  requestCoFinanceTotal: 'Medfinansiering',
  project: 'Jira-projekt',
  revision: 'Revision',
  notFound: 'Produktet findes ikke',
  notFoundBody: 'Der er intet produkt med denne nøgle i porteføljen.',
  unavailable: 'Porteføljen kan ikke hentes lige nu',
  unavailableBody: 'Porteføljeprojektet i Jira svarede ikke. Prøv igen om lidt.',
  updatedAt: (t) => `Hentet fra porteføljeprojektet i Jira kl. ${t}`,
  liveUpdated: (t) => `Porteføljen blev opdateret kl. ${t}`,
  openInJira: 'Åbn i Jira',
  footer: 'OS2 – Offentligt digitaliseringsfællesskab. Data læses fra porteføljeprojektet i Jira.',
  csv: {
    product: 'Produkt',
    projectKey: 'Projektnøgle',
    site: 'Site',
    level: 'Niveau',
    state: 'Tilstand',
    integrity: 'Styringsdata',
    steeringKind: 'Styring',
    chair: 'Formand/projektejer',
    steeringMembers: 'Styregruppemedlemmer',
    boardMembers: 'Heraf fra bestyrelsen',
    projectLeader: 'Projektleder',
    municipalitiesCount: 'Antal kommuner',
    municipalities: 'Kommuner',
    rag: 'Status',
    statusDate: 'Statusdato',
    progress: 'Fremdrift',
    budget: 'Budget (kr.)',
    spent: 'Forbrugt (kr.)',
    forecast: 'Prognose (kr.)',
    requirementsMet: 'Krav fulgt',
    requirementsExplained: 'Krav forklaret',
    requirementsOpen: 'Åbne krav',
    openRequests: 'Åbne udviklingsønsker',
    topRequest: 'Topønske',
    topRequestVotes: 'Topønske stemmer',
    topRequestCoFinanceWilling: 'Topønske medfinansierende kommuner',
    topRequestCoFinanceDkk: 'Topønske medfinansiering (kr.)',
    votesTotal: 'Stemmer i alt (topønsker)',
    coFinanceTotal: 'Medfinansiering i alt (kr.)',
    lastDecisionDate: 'Seneste beslutning dato',
    lastDecision: 'Seneste beslutning',
  },
};

const en: Strings = {
  locale: 'en-GB',
  title: 'The OS2 portfolio',
  subtitle:
    'Every OS2 project and product: level, state, governance, status and the municipalities’ feature requests.',
  skipToContent: 'Skip to content',
  switchLanguage: 'Dansk',
  switchLanguageLabel: 'Skift til dansk',
  filters: 'Filters',
  filterLevel: 'Level',
  filterState: 'State',
  filterSite: 'Jira site',
  search: 'Search',
  searchPlaceholder: 'Product name or key',
  all: 'All',
  apply: 'Apply filters',
  reset: 'Reset',
  exportCsv: 'Export CSV (for board meetings)',
  exportJson: 'JSON',
  tableCaption: (shown, total) =>
    shown === total ? `The portfolio: ${total} products` : `The portfolio: ${shown} of ${total} products`,
  pageRange: (from, to, total) => `Showing ${from}–${to} of ${total}`,
  pagePrevious: 'Previous page',
  pageNext: 'Next page',
  summaryHeading: 'Overview',
  summaryProducts: 'Products',
  summaryOpenRequests: 'Open feature requests',
  summaryCoFinance: 'Co-finance pledged',
  summaryRag: 'Status (green / amber / red)',
  summaryVotes: 'Municipality votes on top requests',
  col: {
    product: 'Product',
    site: 'Site',
    level: 'Level',
    state: 'State',
    steering: 'Steering group',
    municipalities: 'Municipalities',
    status: 'Status',
    openRequests: 'Open requests',
    topRequests: 'Top requests',
    lastDecision: 'Last decision',
  },
  sortBy: (column) => `Sort by ${column}`,
  sortedAscending: 'sorted ascending',
  sortedDescending: 'sorted descending',
  none: '–',
  noProducts: 'The portfolio is empty: no products have been synced yet.',
  noProductsHint: (next) =>
    `${next ? `Next scheduled sync: ${next}.` : 'No scheduled sync found.'} Run one now with «os2-sync reconcile» on the server.`,
  noProductsFiltered: 'No products match the filters.',
  chair: 'Chair',
  membersLabel: 'Steering group',
  members: (n, board) => `${n} members${board > 0 ? `, ${board} from the board` : ''}`,
  municipalitiesCount: (n) => (n === 1 ? '1 municipality' : `${n} municipalities`),
  votes: (n) => (n === 1 ? '1 vote' : `${n} votes`),
  coFinanceWilling: (n) =>
    n === 1 ? '1 municipality will co-finance' : `${n} municipalities will co-finance`,
  moreRequests: (n) => `+ ${n} more`,
  integrity: {
    verified: 'Verified',
    tampered: 'Cannot be verified',
    unsigned: 'Unsigned',
    missing: 'No governance data',
  },
  integrityExplain: {
    tampered:
      "The governance data in Jira cannot be verified (changed outside the app, or the service's secret differs from the app's): its signature does not match. It is not used; the last verified values are shown, if there are any.",
    unsigned:
      'The governance data in Jira carries no signature and was not written by the app. It is not used; the last verified values are shown, if there are any.',
    missing: 'The project has no governance data yet.',
  },
  integrityBanner: (n) =>
    n === 1
      ? '1 product has governance data that cannot be verified. It is flagged in the table.'
      : `${n} products have governance data that cannot be verified. They are flagged in the table.`,
  identityLostBanner: (site, since) =>
    `The sync service can no longer sign in to the Jira site ${site} (its API token has been invalid or revoked since ${since}). The figures of that site's products are the last good ones and not current until the token is renewed.`,
  notCurrent: 'not current',
  states: stateNames('en'),
  rag: { green: 'Green', amber: 'Amber', red: 'Red' },
  noStatus: 'No status report',
  steeringKind: {
    steering_group: 'Steering group',
    project_owner: 'Project owner',
    none: 'No steering group',
  },
  decisionKind: {
    place_on_level: 'Placed on level',
    submit_to_board: 'Submitted to the board',
    approve: 'Approved',
    send_back: 'Sent back to ideation',
    loop_back: 'Looped back to the idea stage',
    start_implementation: 'Implementation started',
    become_product: 'Became a product',
    retire: 'Retired',
    change_level: 'Level change',
    approve_steering_group: 'Steering group approved',
    appoint_steering_group: 'Steering group appointed',
    poll_closed: 'Poll closed',
    change_request: 'Change request',
    admit: 'Admitted to OS2',
    confirm_admission: 'Admission confirmed by the board',
    reject: 'Rejected',
    approve_budget: 'Budget approved',
    elect_chair: 'Chair elected',
    approve_project_description: 'Project description approved',
    set_development_frame: 'Development frame set',
    choose_project_leader: 'Project leader chosen',
  },
  decisionBody: {
    board: 'The board',
    secretariat: 'The secretariat',
    steering_group: 'The steering group',
    coordination_group: 'The coordination group',
    working_group: 'The working group',
    project_owner: 'The project owner',
  },
  chartHeading: 'Votes and co-finance per product',
  chartCaption:
    'Municipality votes and co-finance pledged (DKK), summed over each product’s most requested feature requests.',
  chartVotes: 'Votes',
  chartCoFinance: 'Co-finance',
  chartDesc: (n) => `Bar chart of ${n} products. The same figures are in the table above.`,
  chartEmpty: 'No votes yet.',
  backToPortfolio: 'Back to the portfolio',
  detailOverview: 'Overview',
  detailSteering: 'Governance',
  detailProjectLeader: 'Project leader',
  detailMunicipalities: 'Participating municipalities',
  detailStatus: 'Latest status report',
  detailStatusDate: 'Date',
  detailProgress: 'Progress',
  detailBudget: 'Budget',
  detailSpent: 'Spent',
  detailForecast: 'Forecast',
  detailRequirements: 'Requirements (follow or explain)',
  ruleViolations: 'The product breaks governance rules:',
  staleStatus: "Stale: no new status report within the level's cadence",
  overrun: (amount) => `Overrun: ${amount} above budget`,
  requirementsSummary: (met, explained, open, total) =>
    `${met} met, ${explained} explained, ${open} open of ${total} requirements`,
  requirementsMet: 'Met',
  requirementsExplained: 'Explained',
  requirementsOpen: 'Open',
  requirementsOpenList: 'Open requirements',
  requirementsAllAnswered: 'Every requirement is answered.',
  detailTopRequests: 'Most requested feature requests',
  detailTopRequestsCaption: 'Open feature requests with the most municipality votes',
  detailDecisions: 'Decision log',
  detailDecisionsCaption: 'The latest decisions, newest first',
  decisionDate: 'Date',
  decisionBodyCol: 'Body',
  decisionKindCol: 'Decision',
  decisionBy: 'Decided by',
  decisionSummary: 'Summary',
  noDecisions: 'No decisions recorded.',
  noTopRequests: 'No open feature requests with votes.',
  requestKey: 'Key',
  requestSummary: 'Request',
  requestVotes: 'Votes',
  requestCoFinanceWilling: 'Will co-finance',
  requestCoFinanceTotal: 'Co-finance',
  project: 'Jira project',
  revision: 'Revision',
  notFound: 'No such product',
  notFoundBody: 'The portfolio has no product with this key.',
  unavailable: 'The portfolio cannot be read right now',
  unavailableBody: 'The portfolio project in Jira did not answer. Please try again shortly.',
  updatedAt: (t) => `Read from the portfolio project in Jira at ${t}`,
  liveUpdated: (t) => `The portfolio was updated at ${t}`,
  openInJira: 'Open in Jira',
  footer:
    'OS2 – the Danish public sector’s open source community. Data is read from the portfolio project in Jira.',
  csv: {
    product: 'Product',
    projectKey: 'Project key',
    site: 'Site',
    level: 'Level',
    state: 'State',
    integrity: 'Governance data',
    steeringKind: 'Governance',
    chair: 'Chair/project owner',
    steeringMembers: 'Steering group members',
    boardMembers: 'Of whom board members',
    projectLeader: 'Project leader',
    municipalitiesCount: 'Municipalities (count)',
    municipalities: 'Municipalities',
    rag: 'Status',
    statusDate: 'Status date',
    progress: 'Progress',
    budget: 'Budget (DKK)',
    spent: 'Spent (DKK)',
    forecast: 'Forecast (DKK)',
    requirementsMet: 'Requirements met',
    requirementsExplained: 'Requirements explained',
    requirementsOpen: 'Open requirements',
    openRequests: 'Open feature requests',
    topRequest: 'Top request',
    topRequestVotes: 'Top request votes',
    topRequestCoFinanceWilling: 'Top request co-financing municipalities',
    topRequestCoFinanceDkk: 'Top request co-finance (DKK)',
    votesTotal: 'Votes total (top requests)',
    coFinanceTotal: 'Co-finance total (DKK)',
    lastDecisionDate: 'Last decision date',
    lastDecision: 'Last decision',
  },
};

export const STRINGS: Record<Lang, Strings> = { da, en };

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}
