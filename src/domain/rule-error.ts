/**
 * Typed refusals. Every rule of the governance model that can refuse an action has a stable code (for
 * tests, logs and the UI's i18n), a Danish message (shown first) and an English one. Codes are a closed union so
 * a UI switch over them is checked by the compiler.
 */
export const GOVERNANCE_RULE_CODES = [
  // generic
  'ILLEGAL_TRANSITION',
  'REASON_REQUIRED',
  'INVALID_INPUT',
  'UNKNOWN_CATALOGUE',
  // who may act
  'ONLY_SECRETARIAT_PLACES_ON_LEVEL',
  'ONLY_SECRETARIAT_OR_PROJECT_ADMIN',
  'ONLY_SECRETARIAT_STARTS_IMPLEMENTATION',
  'ONLY_SECRETARIAT_DECLARES_PRODUCT',
  'ONLY_BOARD_APPROVES',
  'ONLY_BOARD_SENDS_BACK',
  'ONLY_SECRETARIAT_LOOPS_BACK',
  'ONLY_BOARD_DECIDES_LEVEL',
  'ONLY_BOARD_APPROVES_STEERING_GROUP',
  'ONLY_BOARD_RETIRES',
  'ONLY_BOARD_REJECTS',
  // the path through the states
  'N1_SKIPS_BOARD',
  'N2_N3_NEEDS_BOARD',
  'LEVEL_UNCHANGED',
  // steering
  'STEERING_GROUP_MISSING',
  'STEERING_GROUP_EMPTY',
  'STEERING_GROUP_DUPLICATE_MEMBER',
  'CHAIR_NOT_A_MEMBER',
  'PROJECT_LEADER_IS_NOT_A_MEMBER',
  'STEERING_MEMBER_NOT_PARTICIPATING',
  'NEEDS_STEERING_GROUP_OR_PROJECT_OWNER',
  'PROJECT_OWNER_ONLY_FOR_N1',
  'N2_STEERING_GROUP_NOT_APPROVED',
  'N3_STEERING_GROUP_NOT_APPOINTED',
  'N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY',
  // product
  'PRODUCT_NEEDS_COORDINATION_GROUP',
  'N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER',
  'NO_PARTICIPATING_MUNICIPALITY',
  'UNKNOWN_MUNICIPALITY',
  // requirements
  'UNKNOWN_REQUIREMENT',
  'EXPLANATION_REQUIRED',
  'REQUIREMENT_NOT_SHOWN_BY_RECORD',
  'REPORT_NOT_IN_THIS_STATE',
  // economy
  'N1_FUNDING_IS_LOCAL',
  'ONLY_STEERING_GROUP_APPROVES_BUDGET',
  'ONLY_BOARD_APPROVES_BUDGET',
  'ONLY_COORDINATION_GROUP_OR_BOARD_SETS_FRAME',
  'NO_DEVELOPMENT_FRAME',
  'NEEDS_COORDINATION_GROUP_REFERRAL',
  'REPORT_BUDGET_IS_BASELINE',
  // group decisions
  'CHAIR_ELECTED_BY_GROUP',
  'ONLY_STEERING_GROUP_PROPOSES_CHANGE',
  'ONLY_GROUP_ELECTS_CHAIR',
  'ONLY_STEERING_GROUP_APPROVES_DESCRIPTION',
  'GROUP_VOTED_AGAINST',
  'TIE_DECIDED_BY_CHAIR',
  'TALLY_EXCEEDS_MEMBERS',
  // voting and polls
  'NOT_IN_MUNICIPALITY_GROUP',
  'MUNICIPALITY_NOT_ELIGIBLE',
  'NO_VOTE_TO_CHANGE',
  'ONLY_SECRETARIAT_OPENS_POLLS',
  'POLL_ALTERNATIVES',
  'POLL_CLOSED',
  'POLL_STILL_OPEN',
  'UNKNOWN_POLL_OPTION',
  'POLL_SINGLE_CHOICE',
  // change requests
  'CHANGE_REQUEST_WRONG_BODY',
  'CHANGE_REQUEST_OUTSIDE_FRAME',
  'CHANGE_REQUEST_OUTSIDE_ECONOMY',
  'NOT_MEMBER_OF_BODY',
  'CHANGE_REQUEST_EXISTS',
  'ONLY_SECRETARIAT_REOPENS',
  // working groups and the priority order (working-group.ts, priority-order.ts)
  'ONLY_SECRETARIAT_ORGANISES_WORKING_GROUPS',
  'UNKNOWN_WORKING_GROUP',
  'WORKING_GROUP_NAME_TAKEN',
  'WORKING_GROUP_DUPLICATE_MEMBER',
  'CONVENOR_NOT_A_MEMBER',
  'CHANGE_REQUEST_NOT_PRIORITISED',
  // the board's catalogue versions (catalogue-versions.ts)
  'ONLY_BOARD_CHANGES_CATALOGUE',
  // roles
  'ONLY_SECRETARIAT_RECOMMENDS',
  'NEEDS_SECRETARIAT_RECOMMENDATION',
  'ONLY_STEERING_GROUP_CHOOSES_PROJECT_LEADER',
  // admission of existing products
  'ONLY_SECRETARIAT_ADMITS',
  'ONLY_BOARD_CONFIRMS_ADMISSION',
  'ADMISSION_AWAITS_BOARD',
  'IMPORTED_DECISION_IN_FUTURE',
] as const;
export type GovernanceRuleCode = (typeof GOVERNANCE_RULE_CODES)[number];

export interface GovernanceRuleIssue {
  path: (string | number)[];
  message: string;
}

export interface GovernanceRuleError {
  code: GovernanceRuleCode;
  da: string;
  en: string;
  /** Field-level detail for INVALID_INPUT (zod issue paths). */
  issues?: GovernanceRuleIssue[];
}

const MESSAGES: Record<GovernanceRuleCode, { da: string; en: string }> = {
  ILLEGAL_TRANSITION: {
    da: 'Handlingen er ikke mulig i projektets nuværende tilstand',
    en: "The action is not possible in the project's current state",
  },
  REASON_REQUIRED: { da: 'En begrundelse er påkrævet', en: 'A reason is required' },
  INVALID_INPUT: { da: 'Ugyldige oplysninger', en: 'Invalid input' },
  UNKNOWN_CATALOGUE: { da: 'Ukendt kravkatalog', en: 'Unknown requirement catalogue' },
  ONLY_SECRETARIAT_PLACES_ON_LEVEL: {
    da: 'Kun sekretariatet (forretningslederen) indplacerer en idé på et niveau',
    en: 'Only the secretariat (business manager) places an idea on a level',
  },
  ONLY_SECRETARIAT_OR_PROJECT_ADMIN: {
    da: 'Kun sekretariatet eller projektets administratorer kan gøre dette',
    en: "Only the secretariat or the project's administrators can do this",
  },
  ONLY_SECRETARIAT_STARTS_IMPLEMENTATION: {
    da: 'Kun sekretariatet sætter et N1-projekt i gang',
    en: 'Only the secretariat starts an N1 project',
  },
  ONLY_SECRETARIAT_DECLARES_PRODUCT: {
    da: 'Kun sekretariatet eller bestyrelsen erklærer et projekt for et produkt',
    en: 'Only the secretariat or the board declares a project a product',
  },
  ONLY_BOARD_APPROVES: {
    da: 'Kun bestyrelsen godkender N2- og N3-projekter',
    en: 'Only the board approves N2 and N3 projects',
  },
  ONLY_SECRETARIAT_LOOPS_BACK: {
    da: 'Kun sekretariatet sender et koncept tilbage til idéfasen (tilbageløb)',
    en: 'Only the secretariat loops a concept back to the idea stage',
  },
  ONLY_BOARD_SENDS_BACK: {
    da: 'Kun bestyrelsen sender et projekt tilbage til idégenerering',
    en: 'Only the board sends a project back to ideation',
  },
  ONLY_BOARD_DECIDES_LEVEL: {
    da: 'Kun bestyrelsen beslutter et skift af niveau',
    en: 'Only the board decides a change of level',
  },
  ONLY_BOARD_APPROVES_STEERING_GROUP: {
    da: 'Kun bestyrelsen godkender eller udpeger en styregruppe',
    en: 'Only the board approves or appoints a steering group',
  },
  ONLY_BOARD_RETIRES: {
    da: 'Kun bestyrelsen lukker (udfaser) et projekt eller produkt',
    en: 'Only the board closes (retires) a project or product',
  },
  ONLY_BOARD_REJECTS: {
    da: 'Kun bestyrelsen afviser et projekt eller produkt',
    en: 'Only the board rejects a project or product',
  },
  N1_SKIPS_BOARD: {
    da: 'Et N1-koncept går direkte til implementering og forelægges ikke bestyrelsen',
    en: 'An N1 concept goes straight to implementation and is not put to the board',
  },
  N2_N3_NEEDS_BOARD: {
    da: 'Et N2- eller N3-koncept skal godkendes af bestyrelsen',
    en: 'An N2 or N3 concept must be approved by the board',
  },
  LEVEL_UNCHANGED: {
    da: 'Projektet er allerede på dette niveau',
    en: 'The project is already on this level',
  },
  STEERING_GROUP_MISSING: { da: 'Projektet har ingen styregruppe', en: 'The project has no steering group' },
  STEERING_GROUP_EMPTY: { da: 'Styregruppen har ingen medlemmer', en: 'The steering group has no members' },
  STEERING_GROUP_DUPLICATE_MEMBER: {
    da: 'Den samme person står to gange i styregruppen',
    en: 'The same person is listed twice in the steering group',
  },
  CHAIR_NOT_A_MEMBER: {
    da: 'Styregruppeformanden skal være medlem af styregruppen',
    en: 'The chair must be a member of the steering group',
  },
  PROJECT_LEADER_IS_NOT_A_MEMBER: {
    da: 'Projektlederen er sekretær for styregruppen og må ikke være medlem',
    en: 'The project leader is the steering group’s secretary and must not be a member',
  },
  STEERING_MEMBER_NOT_PARTICIPATING: {
    da: 'Styregruppens medlemmer udpeges blandt de deltagende kommuner',
    en: 'Steering group members come from the participating municipalities',
  },
  NEEDS_STEERING_GROUP_OR_PROJECT_OWNER: {
    da: 'Et projekt i gang skal have en styregruppe eller (små N1-projekter) en projektejer',
    en: 'A running project needs a steering group or (small N1 projects) a project owner',
  },
  PROJECT_OWNER_ONLY_FOR_N1: {
    da: 'Kun små N1-projekter kan have en projektejer i stedet for en styregruppe',
    en: 'Only small N1 projects may have a project owner instead of a steering group',
  },
  N2_STEERING_GROUP_NOT_APPROVED: {
    da: 'Et N2-projekts styregruppe skal være formelt godkendt af bestyrelsen',
    en: "An N2 project's steering group must be formally approved by the board",
  },
  N3_STEERING_GROUP_NOT_APPOINTED: {
    da: 'Et N3-projekts styregruppe skal være udpeget af bestyrelsen',
    en: "An N3 project's steering group must be appointed by the board",
  },
  N3_STEERING_GROUP_NEEDS_BOARD_MAJORITY: {
    da: 'Bestyrelsen skal have stemmemajoriteten i et N3-projekts styregruppe',
    en: "The board must hold the voting majority in an N3 project's steering group",
  },
  PRODUCT_NEEDS_COORDINATION_GROUP: {
    da: 'Et produkt skal have en koordinationsgruppe',
    en: 'A product needs a coordination group',
  },
  N3_COORDINATION_GROUP_NEEDS_BOARD_MEMBER: {
    da: 'Mindst ét bestyrelsesmedlem skal sidde i et N3-produkts koordinationsgruppe',
    en: "At least one board member must sit in an N3 product's coordination group",
  },
  NO_PARTICIPATING_MUNICIPALITY: {
    da: 'Projektet skal have mindst én deltagende kommune',
    en: 'The project needs at least one participating municipality',
  },
  UNKNOWN_MUNICIPALITY: { da: 'Ukendt kommunekode', en: 'Unknown municipality code' },
  UNKNOWN_REQUIREMENT: {
    da: 'Kravet findes ikke i kravkataloget for projektets niveau',
    en: "The requirement is not in the catalogue for the project's level",
  },
  EXPLANATION_REQUIRED: {
    da: 'Følg eller forklar: en forklaring skal have tekst',
    en: 'Follow or explain: an explanation needs text',
  },
  NOT_IN_MUNICIPALITY_GROUP: {
    da: 'Du kan kun stemme for en kommune, hvis gruppe du er med i',
    en: 'You can only vote for a municipality whose group you are in',
  },
  MUNICIPALITY_NOT_ELIGIBLE: {
    da: 'Kommunen kan ikke stemme på dette produkt',
    en: 'The municipality cannot vote on this product',
  },
  NO_VOTE_TO_CHANGE: {
    da: 'Kommunen har ingen stemme at ændre',
    en: 'The municipality has no vote to change',
  },
  ONLY_SECRETARIAT_OPENS_POLLS: {
    da: 'Kun sekretariatet åbner og lukker en afstemning',
    en: 'Only the secretariat opens and closes a poll',
  },
  POLL_ALTERNATIVES: {
    da: 'En afstemning skal have mellem 2 og 10 forskellige svarmuligheder',
    en: 'A poll needs between 2 and 10 distinct alternatives',
  },
  POLL_CLOSED: { da: 'Afstemningen er lukket', en: 'The poll is closed' },
  POLL_STILL_OPEN: {
    da: 'Afstemningen kan først lukkes efter svarfristen',
    en: 'The poll can only be closed after its deadline',
  },
  UNKNOWN_POLL_OPTION: { da: 'Ukendt svarmulighed', en: 'Unknown alternative' },
  POLL_SINGLE_CHOICE: {
    da: 'Afstemningen tillader kun ét svar pr. kommune',
    en: 'The poll allows only one answer per municipality',
  },
  CHANGE_REQUEST_WRONG_BODY: {
    da: 'Dette ændringsønske skal afgøres af et andet organ',
    en: 'This change request must be decided by another body',
  },
  CHANGE_REQUEST_OUTSIDE_FRAME: {
    da: 'Ønsket ligger uden for produktets økonomiske ramme og skal afgøres højere oppe',
    en: "The request is outside the product's economic frame and must be decided higher up",
  },
  CHANGE_REQUEST_OUTSIDE_ECONOMY: {
    da: 'Udvikling uden for produktets økonomi skal besluttes af bestyrelsen',
    en: "Development outside the product's economy must be decided by the board",
  },
  CHANGE_REQUEST_EXISTS: {
    da: 'Ønsket er allerede indsendt; det kan kun genåbnes, når det er afvist eller offentliggjort',
    en: 'The request has already been submitted; it can only be reopened once rejected or published',
  },
  ONLY_SECRETARIAT_REOPENS: {
    da: 'Kun sekretariatet kan genåbne et afgjort ændringsønske',
    en: 'Only the secretariat can reopen a decided change request',
  },
  ONLY_SECRETARIAT_ORGANISES_WORKING_GROUPS: {
    da: 'Kun sekretariatet opretter og ændrer arbejdsgrupper',
    en: 'Only the secretariat creates and changes working groups',
  },
  UNKNOWN_WORKING_GROUP: {
    da: 'Arbejdsgruppen findes ikke for dette produkt',
    en: 'The working group does not exist for this product',
  },
  WORKING_GROUP_NAME_TAKEN: {
    da: 'Produktet har allerede en arbejdsgruppe med det navn',
    en: 'The product already has a working group with that name',
  },
  WORKING_GROUP_DUPLICATE_MEMBER: {
    da: 'Samme person står to gange i arbejdsgruppen',
    en: 'The same person is listed twice in the working group',
  },
  CONVENOR_NOT_A_MEMBER: {
    da: 'Tovholderen skal være med i arbejdsgruppen',
    en: 'The convenor must be a member of the working group',
  },
  CHANGE_REQUEST_NOT_PRIORITISED: {
    da: 'Ønsket er ikke prioriteret og har ingen plads i rækkefølgen',
    en: 'The request is not prioritised and has no place in the order',
  },
  ONLY_BOARD_CHANGES_CATALOGUE: {
    da: 'Kun bestyrelsen tilføjer krav til kataloget eller gør punkter obligatoriske',
    en: 'Only the board adds requirements to the catalogue or makes items obligatory',
  },
  NOT_MEMBER_OF_BODY: {
    da: 'Du er ikke medlem af det organ, der træffer beslutningen',
    en: 'You are not a member of the body that takes the decision',
  },
  REQUIREMENT_NOT_SHOWN_BY_RECORD: {
    da: 'Kravet aflæses af projektets data (grupper fra Jira, bestyrelsens beslutninger) og er ikke opfyldt; det kan kun forklares',
    en: "The requirement is read from the project's data (groups from Jira, the board's decisions) and is not met; it can only be explained",
  },
  ONLY_SECRETARIAT_RECOMMENDS: {
    da: 'Kun sekretariatet (forretningslederen) indstiller et N2- eller N3-koncept til bestyrelsen',
    en: 'Only the secretariat (business manager) recommends an N2 or N3 concept to the board',
  },
  NEEDS_SECRETARIAT_RECOMMENDATION: {
    da: 'Bestyrelsen godkender på grundlag af forretningslederens indstilling, og der er ingen indstilling',
    en: "The board approves on the business manager's recommendation, and there is none",
  },
  ONLY_STEERING_GROUP_CHOOSES_PROJECT_LEADER: {
    da: 'Styregruppen vælger projektlederen (eller projektejeren, hvor der ingen styregruppe er)',
    en: 'The steering group chooses the project leader (or the project owner where there is no steering group)',
  },
  REPORT_NOT_IN_THIS_STATE: {
    da: 'Statusrapporter indsendes kun for et godkendt projekt i implementering eller et produkt',
    en: 'Status reports are filed only for an approved project in implementation or a product',
  },
  N1_FUNDING_IS_LOCAL: {
    da: 'Et N1-projekt finansieres af lokale midler, ikke via OS2',
    en: 'An N1 project is funded locally, not through OS2',
  },
  ONLY_STEERING_GROUP_APPROVES_BUDGET: {
    da: 'Styregruppen godkender budgettet (eller projektejeren, hvor der ingen styregruppe er)',
    en: 'The steering group approves the budget (or the project owner where there is no steering group)',
  },
  ONLY_BOARD_APPROVES_BUDGET: {
    da: 'For N2- og N3-projekter godkender bestyrelsen også budgettet',
    en: 'For N2 and N3 projects the board approves the budget too',
  },
  ONLY_COORDINATION_GROUP_OR_BOARD_SETS_FRAME: {
    da: 'Produktets udviklingsramme fastsættes af koordinationsgruppen og, for N2 og N3, godkendes af bestyrelsen',
    en: "The product's development frame is set by the coordination group and, for N2 and N3, approved by the board",
  },
  NO_DEVELOPMENT_FRAME: {
    da: 'Produktet har ingen godkendt udviklingsramme; ønsket skal indstilles til bestyrelsen',
    en: 'The product has no approved development frame; the request must be recommended to the board',
  },
  NEEDS_COORDINATION_GROUP_REFERRAL: {
    da: 'Udvikling uden for produktets ramme indstilles af koordinationsgruppen til bestyrelsen, og der er ingen indstilling',
    en: "Development outside the product's frame is recommended to the board by the coordination group, and there is no recommendation",
  },
  REPORT_BUDGET_IS_BASELINE: {
    da: 'Statusrapporten måles mod det godkendte budget; et andet beløb kræver et nyt budget, som godkendes igen',
    en: 'The status report is measured against the approved budget; another amount needs a new budget, approved again',
  },
  ONLY_STEERING_GROUP_PROPOSES_CHANGE: {
    da: 'En kørende N2-styregruppes ændringer foreslås af styregruppen selv og godkendes formelt af bestyrelsen',
    en: 'Changes to a running N2 steering group are proposed by the group itself and formally approved by the board',
  },
  CHAIR_ELECTED_BY_GROUP: {
    da: 'Formanden vælges af gruppen selv; en ændring af medlemmerne kan ikke udpege en ny formand',
    en: 'The chair is elected by the group itself; changing the members cannot appoint a new chair',
  },
  ONLY_GROUP_ELECTS_CHAIR: {
    da: 'Kun gruppens egne medlemmer vælger dens formand',
    en: "Only the group's own members elect its chair",
  },
  ONLY_STEERING_GROUP_APPROVES_DESCRIPTION: {
    da: 'Styregruppen godkender projektbeskrivelsen (eller projektejeren, hvor der ingen styregruppe er)',
    en: 'The steering group approves the project description (or the project owner where there is no steering group)',
  },
  GROUP_VOTED_AGAINST: {
    da: 'Flertallet stemte imod; beslutningen er ikke truffet',
    en: 'The majority voted against; the decision is not taken',
  },
  TIE_DECIDED_BY_CHAIR: {
    da: 'Ved stemmelighed træffer formanden den endelige beslutning; kun formanden kan registrere den',
    en: 'On a tie the chair takes the final decision; only the chair can record it',
  },
  TALLY_EXCEEDS_MEMBERS: {
    da: 'Der er afgivet flere stemmer, end gruppen har medlemmer',
    en: 'More votes were cast than the group has members',
  },
  ONLY_SECRETARIAT_ADMITS: {
    da: 'Kun sekretariatet optager et eksisterende produkt i OS2',
    en: 'Only the secretariat admits an existing product into OS2',
  },
  ONLY_BOARD_CONFIRMS_ADMISSION: {
    da: 'Kun bestyrelsen bekræfter optagelsen af et N2- eller N3-projekt eller -produkt',
    en: 'Only the board confirms the admission of an N2 or N3 project or product',
  },
  ADMISSION_AWAITS_BOARD: {
    da: 'Optaget af sekretariatet; bestyrelsen har endnu ikke bekræftet optagelsen på N2/N3',
    en: 'Admitted by the secretariat; the board has not yet confirmed the admission on N2/N3',
  },
  IMPORTED_DECISION_IN_FUTURE: {
    da: 'En importeret beslutning kan ikke være dateret ud i fremtiden',
    en: 'An imported decision cannot be dated in the future',
  },
};

export function ruleError(code: GovernanceRuleCode, issues?: GovernanceRuleIssue[]): GovernanceRuleError {
  const m = MESSAGES[code];
  return issues ? { code, da: m.da, en: m.en, issues } : { code, da: m.da, en: m.en };
}

/** Danish and English text of a code, for the UI's explanations of refused steps. */
export function ruleMessage(code: GovernanceRuleCode): { da: string; en: string } {
  return MESSAGES[code];
}

/** Turns zod issues into a typed INVALID_INPUT error that keeps each issue's field path. */
export function invalidInput(
  issues: readonly { path: PropertyKey[]; message: string }[],
): GovernanceRuleError {
  return ruleError(
    'INVALID_INPUT',
    issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
      message: i.message,
    })),
  );
}
