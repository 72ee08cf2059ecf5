import { createHash } from 'node:crypto';
import type { IndexedPath } from '../indexing.js';
import { defaultProjectPermissions, holdsProjectPermission } from './permissions.js';
import type { ProjectPermissionKey } from './permissions.js';
import type {
  Account,
  AccountType,
  Group,
  Issue,
  IssueType,
  IssueTypeScheme,
  Project,
  Status,
  StatusCategoryKey,
  Transition,
  Webhook,
  Workflow,
} from './types.js';

export interface SiteEvent {
  webhookEvent: string;
  issue?: Issue;
  project?: Project;
  propertyKey?: string;
  changedFields?: string[];
  user?: Account;
  timestamp: number;
}

export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
] as const;

export const LICENSED_USERS_GROUP = 'jira-software-users';
export const ADMIN_GROUPS = ['site-admins', 'jira-admins'] as const;

function hex(input: string, len: number): string {
  return createHash('sha256').update(input).digest('hex').slice(0, len);
}

/** The whole state of one simulated site. Mutations go through these methods so indexes stay right. */
/** The account id the dispatcher gives a request served as the anonymous user. */
export const ANONYMOUS_ACCOUNT_ID = '';

export class SiteState {
  baseUrl = '';
  readonly cloudId: string;
  readonly accounts = new Map<string, Account>();
  readonly accountsByEmail = new Map<string, Account>();
  readonly groups = new Map<string, Group>();
  readonly statuses = new Map<string, Status>();
  readonly issueTypes = new Map<string, IssueType>();
  readonly issueTypeSchemes = new Map<string, IssueTypeScheme>();
  readonly projects = new Map<string, Project>();
  readonly projectsByKey = new Map<string, Project>();
  readonly issues = new Map<number, Issue>();
  readonly issuesByKey = new Map<string, Issue>();
  readonly webhooks = new Map<number, Webhook>();
  /** Bumped on every mutation that can change a search result; search caches key on it. */
  version = 0;
  private nextProjectId = 10000;
  private nextIssueId = 10000;
  private nextIssueTypeId = 10100;
  private nextStatusId = 10100;
  private nextSchemeId = 10100;
  private nextWebhookId = 1;
  private readonly listeners: ((e: SiteEvent) => void)[] = [];
  /** Clock, replaceable in tests. */
  now: () => number = () => Date.now();

  constructor(
    readonly name: string,
    readonly tokenSecret: string,
  ) {
    const h = hex(`cloud:${name}`, 32);
    this.cloudId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    this.addGroup(LICENSED_USERS_GROUP);
    for (const g of ADMIN_GROUPS) this.addGroup(g);
  }

  /**
   * Marks the site changed in an unknown way (use after mutating `state` directly): every search cache and
   * sort index is invalidated.
   */
  touch(): void {
    this.version++;
    this.epoch++;
  }

  /**
   * A change that property sort indexes do not depend on (an issue's status, fields or votes, groups, ...):
   * invalidates cached search results only.
   */
  changed(): void {
    this.version++;
  }

  /**
   * Bumped by touch() and whenever issues are created or deleted; sort indexes over a property also key on
   * `propertyVersion(key)`, so writing one property does not invalidate an index over another.
   */
  epoch = 0;
  private readonly propertyVersions = new Map<string, number>();
  propertyVersion(key: string): number {
    return this.propertyVersions.get(key) ?? 0;
  }
  private propertyChanged(key: string): void {
    this.version++;
    this.propertyVersions.set(key, this.propertyVersion(key) + 1);
  }

  /**
   * The entity property paths JQL can search and sort on: the app's `jira:entityProperty` declarations (set by
   * startJiraSim from manifest.yml), or 'all' (every path, untyped) for a bare state.
   */
  indexedPaths: IndexedPath[] | 'all' = 'all';

  // ---- anonymous access and revoked tokens (docs/jira-sim.md "Anonymous access") ---------------

  /**
   * Whether requests without valid credentials are served as the anonymous user where Atlassian's OpenAPI
   * description allows anonymous access (an empty `{}` entry in the operation's `security`). Jira Cloud does this
   * for a bad, expired or revoked API token too: the request is answered as anonymous, not refused.
   */
  anonymousAccess = true;
  /** Keys of the projects the anonymous user may browse ("Browse projects" granted to "Anyone on the web"). */
  anonymousBrowse = new Set<string>();
  /** Account ids whose API token has been revoked (it then authenticates nobody). */
  revokedTokens = new Set<string>();

  // ---- search index lag ----------------------------------------------------------------------

  /**
   * How far Jira's search index trails writes, in ms (0: read-after-write). Jira Cloud's enhanced search is
   * eventually consistent: "the delay might vary from a few seconds to minutes ... the majority of modifications
   * are shown within seconds" (developer.atlassian.com/cloud/jira/platform/search-and-reconcile). With a lag,
   * JQL matches, orders and answers with each issue as it was `indexLagMs` ago (a new issue is not found at all),
   * except for the ids named in `reconcileIssues`, which are read as they are now.
   */
  indexLagMs = 0;
  /**
   * Issues written within the lag window: per write its time and the issue as it was just before it (null: the
   * write created it). The indexed state is the `before` of the first write newer than now - lag, or the live
   * issue once every write is older than that.
   */
  private readonly unindexed = new Map<number, { at: number; before: Issue | null }[]>();
  /** Bumped whenever the indexed view changes without a write (a write leaving the lag window). */
  indexGeneration = 0;

  /** Records a write to a searchable part of `issue`; call before mutating it (with `created` after creating). */
  indexWrite(issue: Issue, created = false): void {
    if (this.indexLagMs <= 0) return;
    let list = this.unindexed.get(issue.id);
    if (!list) this.unindexed.set(issue.id, (list = []));
    list.push({
      at: this.now(),
      before: created ? null : { ...issue, properties: issue.properties ? new Map(issue.properties) : null },
    });
  }

  /** Moves writes older than the lag into the index. Search calls it once before evaluating a query. */
  drainIndex(): void {
    if (this.unindexed.size === 0) return;
    const cut = this.now() - this.indexLagMs;
    for (const [id, list] of this.unindexed) {
      let k = 0;
      while (k < list.length && list[k]!.at <= cut) k++;
      if (k === 0) continue;
      this.indexGeneration++;
      if (k === list.length) this.unindexed.delete(id);
      else list.splice(0, k);
    }
  }

  /** Whether some write is still outside the index (searches then skip the sort indexes). */
  get indexLagging(): boolean {
    return this.unindexed.size > 0;
  }

  /** `issue` as the search index has it (null: not indexed yet); `reconcile` ids are read live. */
  indexedView(issue: Issue, reconcile?: ReadonlySet<number>): Issue | null {
    const list = this.unindexed.get(issue.id);
    if (!list || reconcile?.has(issue.id)) return issue;
    return list[0]!.before;
  }

  onEvent(listener: (e: SiteEvent) => void): void {
    this.listeners.push(listener);
  }
  emit(e: SiteEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ---- accounts and groups -------------------------------------------------------------------

  addAccount(input: {
    displayName: string;
    emailAddress: string;
    accountType?: AccountType;
    accountId?: string;
    apiToken?: string;
    groups?: string[];
  }): Account {
    const existing = this.accountsByEmail.get(input.emailAddress.toLowerCase());
    if (existing) return existing;
    const accountType = input.accountType ?? 'atlassian';
    const accountId =
      input.accountId ??
      (accountType === 'app'
        ? `557058:${hex(`${this.name}:${input.emailAddress}`, 24)}`
        : hex(`${this.name}:${input.emailAddress}`, 24));
    const account: Account = {
      accountId,
      displayName: input.displayName,
      emailAddress: input.emailAddress,
      apiToken:
        input.apiToken ?? `ATATT3x${hex(`${this.tokenSecret}:${this.name}:${input.emailAddress}`, 40)}`,
      accountType,
      active: true,
      timeZone: 'Europe/Copenhagen',
      locale: 'da_DK',
    };
    this.accounts.set(accountId, account);
    this.accountsByEmail.set(input.emailAddress.toLowerCase(), account);
    if (accountType === 'atlassian') this.addToGroup(LICENSED_USERS_GROUP, accountId);
    for (const g of input.groups ?? []) this.addToGroup(g, accountId);
    return account;
  }

  addGroup(name: string): Group {
    const existing = this.groups.get(name.toLowerCase());
    if (existing) return existing;
    const h = hex(`group:${this.name}:${name.toLowerCase()}`, 32);
    const group: Group = {
      groupId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`,
      name,
      members: new Set(),
    };
    this.groups.set(name.toLowerCase(), group);
    return group;
  }

  findGroup(nameOrId: { groupname?: string | undefined; groupId?: string | undefined }): Group | undefined {
    if (nameOrId.groupId) {
      for (const g of this.groups.values()) if (g.groupId === nameOrId.groupId) return g;
      return undefined;
    }
    if (nameOrId.groupname) return this.groups.get(nameOrId.groupname.toLowerCase());
    return undefined;
  }

  addToGroup(groupName: string, accountId: string): void {
    this.addGroup(groupName).members.add(accountId);
    this.changed();
  }

  groupsOf(accountId: string): Group[] {
    return [...this.groups.values()].filter((g) => g.members.has(accountId));
  }

  authenticate(email: string, token: string): Account | undefined {
    const a = this.accountsByEmail.get(email.toLowerCase());
    if (!a || !a.active || a.apiToken !== token || this.revokedTokens.has(a.accountId)) return undefined;
    return a;
  }

  // ---- permissions ---------------------------------------------------------------------------

  isGlobalAdmin(a: Account): boolean {
    if (a.accountType === 'app') return true;
    return ADMIN_GROUPS.some((g) => this.groups.get(g)?.members.has(a.accountId) ?? false);
  }

  /** Project permission `key` in `p`, from the project's permission scheme and roles (permissions.ts). */
  can(a: Account, p: Project, key: ProjectPermissionKey): boolean {
    return holdsProjectPermission(this, a, p, key);
  }

  canBrowse(a: Account, p: Project): boolean {
    // "Anyone on the web" in Jira's terms: the projects the site lets anonymous callers browse.
    if (a.accountId === ANONYMOUS_ACCOUNT_ID) return this.anonymousBrowse.has(p.key);
    return this.can(a, p, 'BROWSE_PROJECTS');
  }

  canBrowseAny(a: Account): boolean {
    if (a.accountId === ANONYMOUS_ACCOUNT_ID) return this.anonymousBrowse.size > 0;
    for (const p of this.projects.values()) if (this.canBrowse(a, p)) return true;
    return this.groups.get(LICENSED_USERS_GROUP)?.members.has(a.accountId) ?? false;
  }

  canAdminProject(a: Account, p: Project): boolean {
    return this.can(a, p, 'ADMINISTER_PROJECTS');
  }

  // ---- statuses, issue types, schemes --------------------------------------------------------

  addStatus(
    name: string,
    categoryKey: StatusCategoryKey,
    opts: { id?: string; scopeProjectId?: string } = {},
  ): Status {
    if (!opts.scopeProjectId) {
      for (const s of this.statuses.values())
        if (!s.scopeProjectId && s.name.toLowerCase() === name.toLowerCase()) return s;
    }
    const id = opts.id ?? String(this.nextStatusId++);
    if (Number(id) >= this.nextStatusId) this.nextStatusId = Number(id) + 1;
    const status: Status = { id, name, description: '', categoryKey, scopeProjectId: opts.scopeProjectId };
    this.statuses.set(id, status);
    return status;
  }

  addIssueType(input: {
    name: string;
    description?: string;
    hierarchyLevel?: number;
    subtask?: boolean;
    id?: string;
    scopeProjectId?: string;
  }): IssueType {
    const id = input.id ?? String(this.nextIssueTypeId++);
    if (Number(id) >= this.nextIssueTypeId) this.nextIssueTypeId = Number(id) + 1;
    const subtask = input.subtask ?? (input.hierarchyLevel ?? 0) < 0;
    const t: IssueType = {
      id,
      name: input.name,
      description: input.description ?? '',
      subtask,
      hierarchyLevel: input.hierarchyLevel ?? (subtask ? -1 : 0),
      avatarId: 10300 + (Number(id) % 20),
      scopeProjectId: input.scopeProjectId,
    };
    this.issueTypes.set(id, t);
    this.touch();
    return t;
  }

  globalIssueTypeByName(name: string): IssueType | undefined {
    for (const t of this.issueTypes.values())
      if (!t.scopeProjectId && t.name.toLowerCase() === name.toLowerCase()) return t;
    return undefined;
  }

  addIssueTypeScheme(input: {
    name: string;
    description?: string;
    issueTypeIds: string[];
    defaultIssueTypeId?: string;
    isDefault?: boolean;
    id?: string;
  }): IssueTypeScheme {
    const id = input.id ?? String(this.nextSchemeId++);
    if (Number(id) >= this.nextSchemeId) this.nextSchemeId = Number(id) + 1;
    const s: IssueTypeScheme = {
      id,
      name: input.name,
      description: input.description ?? '',
      issueTypeIds: [...input.issueTypeIds],
      defaultIssueTypeId: input.defaultIssueTypeId,
      isDefault: input.isDefault ?? false,
    };
    this.issueTypeSchemes.set(id, s);
    return s;
  }

  defaultScheme(): IssueTypeScheme | undefined {
    for (const s of this.issueTypeSchemes.values()) if (s.isDefault) return s;
    return undefined;
  }

  /** The issue types usable in a project (scheme members, or the project's scoped types). */
  projectIssueTypes(p: Project): IssueType[] {
    if (p.style === 'next-gen')
      return p.scopedIssueTypeIds.map((id) => this.issueTypes.get(id)!).filter(Boolean);
    const scheme =
      (p.issueTypeSchemeId && this.issueTypeSchemes.get(p.issueTypeSchemeId)) || this.defaultScheme();
    return (scheme?.issueTypeIds ?? []).map((id) => this.issueTypes.get(id)!).filter(Boolean);
  }

  // ---- projects ------------------------------------------------------------------------------

  addProject(input: {
    key: string;
    name: string;
    id?: string;
    description?: string;
    style?: 'classic' | 'next-gen';
    leadAccountId: string;
    issueTypeSchemeId?: string;
    scopedIssueTypes?: { name: string; description?: string; hierarchyLevel?: number }[];
    workflow?: { name: string; statuses: { name: string; category: StatusCategoryKey }[] };
    browseGroups?: string[] | null;
    adminGroups?: string[];
    created?: number;
  }): Project {
    const id = input.id ?? String(this.nextProjectId++);
    if (Number(id) >= this.nextProjectId) this.nextProjectId = Number(id) + 1;
    const style = input.style ?? 'classic';
    const wfDef = input.workflow ?? {
      name: 'Software Simplified Workflow',
      statuses: [
        { name: 'To Do', category: 'new' as const },
        { name: 'In Progress', category: 'indeterminate' as const },
        { name: 'Done', category: 'done' as const },
      ],
    };
    const statusIds = wfDef.statuses.map(
      (s) => this.addStatus(s.name, s.category, style === 'next-gen' ? { scopeProjectId: id } : {}).id,
    );
    const transitions: Transition[] = statusIds.map((sid, i) => ({
      id: String(11 + i * 10),
      name: this.statuses.get(sid)!.name,
      toStatusId: sid,
      fromStatusIds: null,
    }));
    const workflow: Workflow = { name: wfDef.name, statusIds, initialStatusId: statusIds[0]!, transitions };
    const project: Project = {
      id,
      key: input.key,
      name: input.name,
      description: input.description ?? '',
      style,
      projectTypeKey: 'software',
      leadAccountId: input.leadAccountId,
      issueTypeSchemeId: style === 'classic' ? input.issueTypeSchemeId : undefined,
      scopedIssueTypeIds: [],
      workflow,
      properties: new Map(),
      // The app's user joins the app role of every project, as Jira does when an app is installed.
      permissions: defaultProjectPermissions({
        adminGroups: input.adminGroups,
        browseGroups: input.browseGroups,
        appAccountIds: [...this.accounts.values()]
          .filter((a) => a.accountType === 'app')
          .map((a) => a.accountId),
      }),
      nextIssueNumber: 1,
      issues: [],
      created: input.created ?? this.now(),
    };
    if (style === 'next-gen') {
      for (const t of input.scopedIssueTypes ?? [{ name: 'Task' }, { name: 'Bug' }]) {
        project.scopedIssueTypeIds.push(this.addIssueType({ ...t, scopeProjectId: id }).id);
      }
    }
    this.projects.set(id, project);
    this.projectsByKey.set(input.key.toUpperCase(), project);
    this.touch();
    return project;
  }

  resolveProject(idOrKey: string): Project | undefined {
    return /^\d+$/.test(idOrKey) ? this.projects.get(idOrKey) : this.projectsByKey.get(idOrKey.toUpperCase());
  }

  // ---- issues --------------------------------------------------------------------------------

  resolveIssue(idOrKey: string): Issue | undefined {
    const i = /^\d+$/.test(idOrKey)
      ? this.issues.get(Number(idOrKey))
      : this.issuesByKey.get(idOrKey.toUpperCase());
    return i && !i.deleted ? i : undefined;
  }

  createIssue(
    project: Project,
    input: {
      issueTypeId: string;
      summary: string;
      description?: unknown;
      labels?: string[];
      reporterId?: string | null;
      assigneeId?: string | null;
      priorityId?: string;
      statusId?: string;
      created?: number;
      parentId?: number | null;
      properties?: Map<string, unknown> | null;
    },
  ): Issue {
    const id = this.nextIssueId++;
    const num = project.nextIssueNumber++;
    const created = input.created ?? this.now();
    const statusId = input.statusId ?? project.workflow.initialStatusId;
    const done = this.statuses.get(statusId)?.categoryKey === 'done';
    const issue: Issue = {
      id,
      key: `${project.key}-${num}`,
      projectId: project.id,
      issueTypeId: input.issueTypeId,
      statusId,
      summary: input.summary,
      description: input.description ?? null,
      labels: input.labels ?? [],
      created,
      updated: created,
      statusCategoryChanged: created,
      resolutionDate: done ? created : null,
      reporterId: input.reporterId ?? null,
      creatorId: input.reporterId ?? null,
      assigneeId: input.assigneeId ?? null,
      priorityId: input.priorityId ?? '3',
      parentId: input.parentId ?? null,
      voters: null,
      properties: input.properties && input.properties.size > 0 ? input.properties : null,
      deleted: false,
    };
    project.issues.push(issue);
    this.issues.set(id, issue);
    this.issuesByKey.set(issue.key, issue);
    this.indexWrite(issue, true);
    this.touch();
    return issue;
  }

  deleteIssue(issue: Issue): void {
    issue.deleted = true;
    this.issues.delete(issue.id);
    this.issuesByKey.delete(issue.key);
    const p = this.projects.get(issue.projectId);
    if (p) p.issues = p.issues.filter((i) => i !== issue);
    this.touch();
  }

  setIssueStatus(issue: Issue, statusId: string): void {
    const before = this.statuses.get(issue.statusId)?.categoryKey;
    const after = this.statuses.get(statusId)?.categoryKey;
    this.indexWrite(issue);
    issue.statusId = statusId;
    const t = this.now();
    issue.updated = t;
    if (before !== after) issue.statusCategoryChanged = t;
    issue.resolutionDate = after === 'done' ? (issue.resolutionDate ?? t) : null;
    this.changed();
  }

  setIssueProperty(issue: Issue, key: string, value: unknown): boolean {
    this.indexWrite(issue);
    issue.properties ??= new Map();
    const existed = issue.properties.has(key);
    issue.properties.set(key, value);
    this.propertyChanged(key);
    return existed;
  }

  deleteIssueProperty(issue: Issue, key: string): boolean {
    if (issue.properties?.has(key)) this.indexWrite(issue);
    const had = issue.properties?.delete(key) ?? false;
    if (issue.properties && issue.properties.size === 0) issue.properties = null;
    if (had) this.propertyChanged(key);
    return had;
  }

  availableTransitions(issue: Issue): Transition[] {
    const p = this.projects.get(issue.projectId)!;
    return p.workflow.transitions.filter(
      (t) => t.fromStatusIds === null || t.fromStatusIds.includes(issue.statusId),
    );
  }

  addWebhook(w: Omit<Webhook, 'id'>): Webhook {
    const webhook: Webhook = { ...w, id: this.nextWebhookId++ };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }
}
