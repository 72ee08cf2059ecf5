/**
 * The portfolio page's texts, as the renderer uses them: every one comes from the one message catalogue
 * (src/i18n, keys `page.*` and the names shared with the app: `state.*`, `rag.*`, `body.*`, `integrity.*`,
 * `decided.*`); nothing is spelled here. Counts take their plural form from Intl.PluralRules there.
 */
import { ApprovalStateSchema } from '../../../src/domain/approval-state.js';
import type { ApprovalState } from '../../../src/domain/approval-state.js';
import { DecisionBodySchema, DecisionKindSchema } from '../../../src/domain/decision.js';
import type { DecisionBody, DecisionKind } from '../../../src/domain/decision.js';
import type { Rag } from '../../../src/domain/governance-record.js';
import type { MirrorIntegrity } from '../../../src/domain/rollup.js';
import { LOCALE_TAG, stateName, t } from '../../../src/i18n/index.js';
import type { MessageKey } from '../../../src/i18n/index.js';

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
  /** The link to the Lister tab (lists across the portfolio). */
  listsLink: string;
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
  frame: string;
  frameApproved: string;
  frameNotApproved: string;
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
    reportDue: string;
    frame: string;
    frameApproved: string;
    attention: string;
  };
}

function build(lang: Lang): Strings {
  const m = (key: MessageKey, vars?: Record<string, string | number>): string => t(lang, key, vars);
  const each = <K extends string>(keys: readonly K[], name: (k: K) => string): Record<K, string> =>
    Object.fromEntries(keys.map((k) => [k, name(k)])) as Record<K, string>;
  const INTEGRITY = ['verified', 'tampered', 'unsigned', 'missing'] as const;
  const CSV = [
    'product',
    'projectKey',
    'site',
    'level',
    'state',
    'integrity',
    'steeringKind',
    'chair',
    'steeringMembers',
    'boardMembers',
    'projectLeader',
    'municipalitiesCount',
    'municipalities',
    'rag',
    'statusDate',
    'progress',
    'budget',
    'spent',
    'forecast',
    'frame',
    'frameApproved',
    'requirementsMet',
    'requirementsExplained',
    'requirementsOpen',
    'openRequests',
    'topRequest',
    'topRequestVotes',
    'topRequestCoFinanceWilling',
    'topRequestCoFinanceDkk',
    'votesTotal',
    'coFinanceTotal',
    'lastDecisionDate',
    'lastDecision',
    'reportDue',
    'attention',
  ] as const satisfies readonly (keyof Strings['csv'])[];
  const COLS = [
    'product',
    'site',
    'level',
    'state',
    'steering',
    'municipalities',
    'status',
    'openRequests',
    'topRequests',
    'lastDecision',
  ] as const satisfies readonly (keyof Strings['col'])[];
  return {
    locale: LOCALE_TAG[lang],
    title: m('page.title'),
    subtitle: m('page.subtitle'),
    skipToContent: m('page.skipToContent'),
    switchLanguage: m('page.switchLanguage'),
    switchLanguageLabel: m('page.switchLanguageLabel'),
    filters: m('page.filters'),
    filterLevel: m('page.filterLevel'),
    filterState: m('page.filterState'),
    filterSite: m('page.filterSite'),
    search: m('page.search'),
    searchPlaceholder: m('page.searchPlaceholder'),
    all: m('page.all'),
    apply: m('page.apply'),
    reset: m('page.reset'),
    exportCsv: m('page.exportCsv'),
    exportJson: m('page.exportJson'),
    listsLink: m('page.lists.link'),
    tableCaption: (shown, total) =>
      shown === total ? m('page.tableCaption', { total }) : m('page.tableCaptionFiltered', { shown, total }),
    pageRange: (from, to, total) => m('page.pageRange', { from, to, total }),
    pagePrevious: m('page.pagePrevious'),
    pageNext: m('page.pageNext'),
    summaryHeading: m('page.summaryHeading'),
    summaryProducts: m('page.summaryProducts'),
    summaryOpenRequests: m('page.summaryOpenRequests'),
    summaryCoFinance: m('page.summaryCoFinance'),
    summaryRag: m('page.summaryRag'),
    summaryVotes: m('page.summaryVotes'),
    col: each(COLS, (k) => m(`page.col.${k}`)),
    sortBy: (column) => m('page.sortBy', { column }),
    sortedAscending: m('page.sortedAscending'),
    sortedDescending: m('page.sortedDescending'),
    none: m('page.none'),
    noProducts: m('page.noProducts'),
    noProductsHint: (next) =>
      `${next ? m('page.noProductsNext', { next }) : m('page.noProductsNoSchedule')} ${m('page.noProductsRunNow')}`,
    noProductsFiltered: m('page.noProductsFiltered'),
    chair: m('page.chair'),
    membersLabel: m('page.membersLabel'),
    members: (count, board) =>
      board > 0 ? m('page.membersWithBoard', { count, board }) : m('page.members', { count }),
    municipalitiesCount: (count) => m('page.municipalitiesCount', { count }),
    votes: (count) => m('page.votes', { count }),
    coFinanceWilling: (count) => m('page.coFinanceWilling', { count }),
    moreRequests: (count) => m('page.moreRequests', { count }),
    integrity: each(INTEGRITY, (k) => m(`integrity.${k}`)),
    integrityExplain: each(['tampered', 'unsigned', 'missing'] as const, (k) =>
      m(`page.integrityExplain.${k}`),
    ),
    integrityBanner: (count) => m('page.integrityBanner', { count }),
    identityLostBanner: (site, since) => m('page.identityLostBanner', { site, since }),
    notCurrent: m('page.notCurrent'),
    states: each(ApprovalStateSchema.options, (k) => stateName(lang, k)),
    rag: each(['green', 'amber', 'red'] as const, (k) => m(`rag.${k}`)),
    noStatus: m('page.noStatus'),
    steeringKind: each(['steering_group', 'project_owner', 'none'] as const, (k) =>
      m(`page.steeringKind.${k}`),
    ),
    decisionKind: each(DecisionKindSchema.options, (k) => m(`decided.${k}`)),
    decisionBody: each(DecisionBodySchema.options, (k) => m(`body.${k}`)),
    chartHeading: m('page.chartHeading'),
    chartCaption: m('page.chartCaption'),
    chartVotes: m('page.chartVotes'),
    chartCoFinance: m('page.chartCoFinance'),
    chartDesc: (count) => m('page.chartDesc', { count }),
    chartEmpty: m('page.chartEmpty'),
    backToPortfolio: m('page.backToPortfolio'),
    detailOverview: m('page.detailOverview'),
    detailSteering: m('page.detailSteering'),
    detailProjectLeader: m('page.detailProjectLeader'),
    detailMunicipalities: m('page.detailMunicipalities'),
    detailStatus: m('page.detailStatus'),
    detailStatusDate: m('page.detailStatusDate'),
    detailProgress: m('page.detailProgress'),
    detailBudget: m('page.detailBudget'),
    detailSpent: m('page.detailSpent'),
    detailForecast: m('page.detailForecast'),
    frame: m('page.frame'),
    frameApproved: m('page.frameApproved'),
    frameNotApproved: m('page.frameNotApproved'),
    detailRequirements: m('page.detailRequirements'),
    ruleViolations: m('page.ruleViolations'),
    staleStatus: m('page.staleStatus'),
    overrun: (amount) => m('page.overrun', { amount }),
    requirementsSummary: (met, explained, open, total) =>
      m('page.requirementsSummary', { met, explained, open, total }),
    requirementsMet: m('page.requirementsMet'),
    requirementsExplained: m('page.requirementsExplained'),
    requirementsOpen: m('page.requirementsOpen'),
    requirementsOpenList: m('page.requirementsOpenList'),
    requirementsAllAnswered: m('page.requirementsAllAnswered'),
    detailTopRequests: m('page.detailTopRequests'),
    detailTopRequestsCaption: m('page.detailTopRequestsCaption'),
    detailDecisions: m('page.detailDecisions'),
    detailDecisionsCaption: m('page.detailDecisionsCaption'),
    decisionDate: m('page.decisionDate'),
    decisionBodyCol: m('page.decisionBodyCol'),
    decisionKindCol: m('page.decisionKindCol'),
    decisionBy: m('page.decisionBy'),
    decisionSummary: m('page.decisionSummary'),
    noDecisions: m('page.noDecisions'),
    noTopRequests: m('page.noTopRequests'),
    requestKey: m('page.requestKey'),
    requestSummary: m('page.requestSummary'),
    requestVotes: m('page.requestVotes'),
    requestCoFinanceWilling: m('page.requestCoFinanceWilling'),
    requestCoFinanceTotal: m('page.requestCoFinanceTotal'),
    project: m('page.project'),
    revision: m('page.revision'),
    notFound: m('page.notFound'),
    notFoundBody: m('page.notFoundBody'),
    unavailable: m('page.unavailable'),
    unavailableBody: m('page.unavailableBody'),
    updatedAt: (time) => m('page.updatedAt', { time }),
    liveUpdated: (time) => m('page.liveUpdated', { time }),
    openInJira: m('page.openInJira'),
    footer: m('page.footer'),
    csv: each(CSV, (k) => m(`page.csv.${k}`)),
  };
}

export const STRINGS: Record<Lang, Strings> = { da: build('da'), en: build('en') };

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}
