/** In-memory model of one simulated Jira Cloud site. Plain data; behaviour lives in site-state.ts. */
import type { ProjectPermissions } from './permissions.js';

export type AccountType = 'atlassian' | 'app';

export interface Account {
  accountId: string;
  displayName: string;
  emailAddress: string;
  apiToken: string;
  accountType: AccountType;
  active: boolean;
  timeZone: string;
  locale: string;
}

export interface Group {
  groupId: string;
  name: string;
  members: Set<string>;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface StatusCategoryDef {
  id: number;
  key: StatusCategoryKey | 'undefined';
  name: string;
  colorName: string;
}

export interface Status {
  id: string;
  name: string;
  description: string;
  categoryKey: StatusCategoryKey;
  /** Set for statuses of team-managed projects. */
  scopeProjectId?: string;
}

export interface IssueType {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  hierarchyLevel: number;
  avatarId: number;
  /** Set for the project-scoped issue types of team-managed (next-gen) projects. */
  scopeProjectId?: string;
}

export interface IssueTypeScheme {
  id: string;
  name: string;
  description: string;
  defaultIssueTypeId?: string;
  issueTypeIds: string[];
  isDefault: boolean;
}

export interface Transition {
  id: string;
  name: string;
  toStatusId: string;
  /** null: a global transition (available from every status). */
  fromStatusIds: string[] | null;
}

export interface Workflow {
  name: string;
  statusIds: string[];
  initialStatusId: string;
  transitions: Transition[];
}

export interface Project {
  id: string;
  key: string;
  name: string;
  description: string;
  style: 'classic' | 'next-gen';
  projectTypeKey: 'software' | 'business';
  leadAccountId: string;
  /** Company-managed projects take their issue types from a scheme. */
  issueTypeSchemeId?: string;
  /** Team-managed projects own their (scoped) issue types. */
  scopedIssueTypeIds: string[];
  workflow: Workflow;
  properties: Map<string, unknown>;
  /** The project's permission scheme and project roles (permissions.ts). */
  permissions: ProjectPermissions;
  nextIssueNumber: number;
  issues: Issue[];
  created: number;
}

export interface Issue {
  id: number;
  key: string;
  projectId: string;
  issueTypeId: string;
  statusId: string;
  summary: string;
  /** ADF document or null. */
  description: unknown;
  labels: string[];
  created: number;
  updated: number;
  statusCategoryChanged: number;
  resolutionDate: number | null;
  reporterId: string | null;
  creatorId: string | null;
  assigneeId: string | null;
  priorityId: string;
  parentId: number | null;
  voters: string[] | null;
  properties: Map<string, unknown> | null;
  deleted: boolean;
}

export interface Webhook {
  id: number;
  /** Account that registered it (Jira: the app). */
  ownerAccountId: string;
  url: string;
  events: string[];
  jqlFilter: string;
  fieldIdsFilter?: string[];
  issuePropertyKeysFilter?: string[];
  expirationDate: number;
}

export const STATUS_CATEGORIES: readonly StatusCategoryDef[] = [
  { id: 1, key: 'undefined', name: 'No Category', colorName: 'medium-gray' },
  { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  { id: 3, key: 'done', name: 'Done', colorName: 'green' },
];
