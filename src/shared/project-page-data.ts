/**
 * What the project page's resolver answers (src/resolvers/project-page.ts): `load`, `history`, `topVoted`. Here,
 * not in the resolver, so the page's UI Kit bundle reads these shapes without loading the resolver's imports
 * (src/shared/README.md).
 */
import type { TransitionName } from '../domain/approval';
import type { Role } from '../domain/actor';
import type { Decision, DecisionBody, DecisionKind, MeetingRef } from '../domain/decision';
import type { GovernanceRecord, RequirementAnswer } from '../domain/governance-record';
import type { Level, Theme } from '../domain/level';
import type { Municipality } from '../domain/municipality';
import type { ReportingStatus } from '../domain/reporting';
import type { GovernanceRuleCode } from '../domain/rule-error';

export interface Step {
  action: TransitionName;
  allowed: boolean;
  /** Why not, when refused: the rule's code and text in the user's language. */
  rule?: { code: GovernanceRuleCode; message: string };
  /** An allowed `approve` that must also approve (N2) or appoint (N3) the proposed steering group. */
  approvesSteeringGroup?: boolean;
  /** An allowed `approveBudget` the steering group gives: the dialog offers the group's vote. */
  groupVotes?: boolean;
}

/** One requirement of the record's level, as the page lists it under its theme. */
export interface RequirementItem {
  id: string;
  level: Level;
  /** In the user's language. */
  text: string;
  answer: RequirementAnswer;
  /** As it counts: a checked requirement is read from the record, whatever was answered. */
  status: RequirementAnswer['status'];
  checked: boolean;
}

export interface RequirementTheme {
  theme: Theme;
  items: RequirementItem[];
  /** What the level allows rather than requires (catalogue `permission`): shown, not answered. */
  permissions: { id: string; text: string }[];
}

export interface ProjectPageData {
  /** From Forge's context. */
  project: { id: string; key: string | undefined };
  /** With board membership from the board's Jira group; null when the project is not governed yet. */
  record: GovernanceRecord | null;
  /** The decision log, newest first. */
  decisions: Decision[];
  catalogue: { id: string; title: string } | null;
  requirements: RequirementTheme[];
  actor: { accountId: string; displayName: string; roles: Role[] };
  steps: Step[];
  /** The groups' own decisions (chair, project description, frame): their own section (GroupDecisions). */
  groupSteps: Step[];
  violations: { code: GovernanceRuleCode; message: string }[];
  /** Due, overdue, stale and overrun, by the level's cadence, on today's date in Copenhagen. */
  reporting: ReportingStatus | null;
  can: {
    register: boolean;
    admit: boolean;
    editOrganisation: boolean;
    answerRequirements: boolean;
    chooseProjectLeader: boolean;
    proposeSteeringChange: boolean;
    fileStatusReport: boolean;
  };
  municipalities: readonly Municipality[];
}

/**
 * One entry of the timeline as the page shows it: every line already in the user's language. Built by
 * src/app/history.ts, for the project page and the portfolio page's app-data web trigger alike.
 */
export interface HistoryLine {
  kind: 'revision' | 'decision' | 'vote';
  at: string;
  /** Who: display name; null for revisions saved before the history recorded it. */
  by: string | null;
  revision?: number;
  first?: boolean;
  title: string;
  lines: string[];
  /** The names of the fields a revision changed. */
  fields: string[];
  /** A decision's kind and body. */
  decision?: { kind: DecisionKind; body: DecisionBody };
  /** A decision taken before the app, stated at the product's admission. */
  imported?: boolean;
  /** The board meeting a decision was recorded for. */
  meeting?: MeetingRef;
}
export type HistoryData = HistoryLine[];

export interface TopVotedRequest {
  key: string;
  summary: string;
  votes: number;
  municipalities: string[];
  coFinanceWilling: number;
  coFinanceTotalDkk: number;
}

export interface TopVotedData {
  /** False without the secret: no tally can be verified, so none is shown. */
  configured: boolean;
  jql: string;
  requests: TopVotedRequest[];
}
