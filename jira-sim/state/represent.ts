/** Jira's JSON shapes for the state objects (what GET answers contain). */
import { STATUS_CATEGORIES } from './types.js';
import { PRIORITIES } from './site-state.js';
import type { SiteState } from './site-state.js';
import type { Account, Issue, IssueType, Project, Status, StatusCategoryKey } from './types.js';

/** Jira's timestamp format: 2026-11-23T16:04:45.123+0000 (UTC here). */
export function jiraDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function avatarUrls(base: string): Record<string, string> {
  return {
    '48x48': `${base}?size=large`,
    '24x24': `${base}?size=small`,
    '16x16': `${base}?size=xsmall`,
    '32x32': `${base}?size=medium`,
  };
}

export function userRef(site: SiteState, a: Account): Record<string, unknown> {
  return {
    self: `${site.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(a.accountId)}`,
    accountId: a.accountId,
    emailAddress: a.emailAddress,
    avatarUrls: avatarUrls(`https://secure.gravatar.com/avatar/${a.accountId.slice(-24)}`),
    displayName: a.displayName,
    active: a.active,
    timeZone: a.timeZone,
    accountType: a.accountType,
  };
}

export function userFull(site: SiteState, a: Account, expand: string[] = []): Record<string, unknown> {
  const groups = site.groupsOf(a.accountId);
  const out: Record<string, unknown> = {
    ...userRef(site, a),
    locale: a.locale,
    groups: {
      size: groups.length,
      items: expand.includes('groups') ? groups.map((g) => groupName(site, g.name, g.groupId)) : [],
    },
    applicationRoles: { size: a.accountType === 'app' ? 0 : 1, items: [] },
    expand: 'groups,applicationRoles',
  };
  return out;
}

export function groupName(site: SiteState, name: string, groupId: string): Record<string, unknown> {
  return { name, groupId, self: `${site.baseUrl}/rest/api/3/group?groupId=${groupId}` };
}

export function statusCategoryJson(
  site: SiteState,
  key: StatusCategoryKey | 'undefined',
): Record<string, unknown> {
  const c = STATUS_CATEGORIES.find((x) => x.key === key)!;
  return {
    self: `${site.baseUrl}/rest/api/3/statuscategory/${c.id}`,
    id: c.id,
    key: c.key,
    colorName: c.colorName,
    name: c.name,
  };
}

export function statusJson(site: SiteState, s: Status): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: `${site.baseUrl}/rest/api/3/status/${s.id}`,
    description: s.description,
    iconUrl: `${site.baseUrl}/`,
    name: s.name,
    untranslatedName: s.name,
    id: s.id,
    statusCategory: statusCategoryJson(site, s.categoryKey),
  };
  if (s.scopeProjectId) out.scope = { type: 'PROJECT', project: { id: s.scopeProjectId } };
  return out;
}

export function issueTypeJson(site: SiteState, t: IssueType): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: `${site.baseUrl}/rest/api/3/issuetype/${t.id}`,
    id: t.id,
    description: t.description,
    iconUrl: `${site.baseUrl}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.avatarId}?size=medium`,
    name: t.name,
    untranslatedName: t.name,
    subtask: t.subtask,
    avatarId: t.avatarId,
    hierarchyLevel: t.hierarchyLevel,
  };
  if (t.scopeProjectId) out.scope = { type: 'PROJECT', project: { id: t.scopeProjectId } };
  return out;
}

export function projectRef(site: SiteState, p: Project): Record<string, unknown> {
  return {
    self: `${site.baseUrl}/rest/api/3/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: p.projectTypeKey,
    simplified: p.style === 'next-gen',
    avatarUrls: avatarUrls(`${site.baseUrl}/rest/api/3/universal_avatar/view/type/project/avatar/10400`),
  };
}

export function projectJson(
  site: SiteState,
  p: Project,
  viewer: Account,
  expand: string[] = [],
  properties: string[] = [],
): Record<string, unknown> {
  const lead = site.accounts.get(p.leadAccountId);
  const out: Record<string, unknown> = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${site.baseUrl}/rest/api/3/project/${p.id}`,
    id: p.id,
    key: p.key,
    description: p.description,
    lead: lead ? userRef(site, lead) : undefined,
    components: [],
    issueTypes: site.projectIssueTypes(p).map((t) => issueTypeJson(site, t)),
    assigneeType: 'UNASSIGNED',
    versions: [],
    name: p.name,
    roles: {},
    avatarUrls: avatarUrls(`${site.baseUrl}/rest/api/3/universal_avatar/view/type/project/avatar/10400`),
    projectTypeKey: p.projectTypeKey,
    simplified: p.style === 'next-gen',
    style: p.style,
    isPrivate: false,
    properties: {},
  };
  if (p.style === 'next-gen') out.entityId = `${site.cloudId.slice(0, 8)}-${p.id}`;
  if (expand.includes('permissions')) out.permissions = { canEdit: site.canAdminProject(viewer, p) };
  if (expand.includes('insight')) {
    const last = p.issues.length ? Math.max(...p.issues.slice(-50).map((i) => i.updated)) : p.created;
    out.insight = { totalIssueCount: p.issues.length, lastIssueUpdateTime: jiraDate(last) };
  }
  if (properties.length > 0) {
    const props: Record<string, unknown> = {};
    for (const k of properties) if (p.properties.has(k)) props[k] = p.properties.get(k);
    out.properties = props;
  }
  return out;
}

export function priorityJson(site: SiteState, id: string): Record<string, unknown> {
  const pr = PRIORITIES.find((x) => x.id === id) ?? PRIORITIES[2];
  return {
    self: `${site.baseUrl}/rest/api/3/priority/${pr.id}`,
    iconUrl: `${site.baseUrl}/images/icons/priorities/${pr.name.toLowerCase()}.svg`,
    name: pr.name,
    id: pr.id,
  };
}

/** Every field the simulator knows, with Jira's display names and schemas (for `names`/`schema` expansions). */
export const FIELD_META: Record<
  string,
  { name: string; schema: Record<string, unknown>; navigable: boolean }
> = {
  summary: { name: 'Summary', schema: { type: 'string', system: 'summary' }, navigable: true },
  description: { name: 'Description', schema: { type: 'string', system: 'description' }, navigable: true },
  issuetype: { name: 'Issue Type', schema: { type: 'issuetype', system: 'issuetype' }, navigable: true },
  project: { name: 'Project', schema: { type: 'project', system: 'project' }, navigable: true },
  status: { name: 'Status', schema: { type: 'status', system: 'status' }, navigable: true },
  statuscategorychangedate: {
    name: 'Status Category Changed',
    schema: { type: 'datetime', system: 'statuscategorychangedate' },
    navigable: true,
  },
  labels: { name: 'Labels', schema: { type: 'array', items: 'string', system: 'labels' }, navigable: true },
  created: { name: 'Created', schema: { type: 'datetime', system: 'created' }, navigable: true },
  updated: { name: 'Updated', schema: { type: 'datetime', system: 'updated' }, navigable: true },
  reporter: { name: 'Reporter', schema: { type: 'user', system: 'reporter' }, navigable: true },
  creator: { name: 'Creator', schema: { type: 'user', system: 'creator' }, navigable: true },
  assignee: { name: 'Assignee', schema: { type: 'user', system: 'assignee' }, navigable: true },
  priority: { name: 'Priority', schema: { type: 'priority', system: 'priority' }, navigable: true },
  resolution: { name: 'Resolution', schema: { type: 'resolution', system: 'resolution' }, navigable: true },
  resolutiondate: {
    name: 'Resolved',
    schema: { type: 'datetime', system: 'resolutiondate' },
    navigable: true,
  },
  votes: { name: 'Votes', schema: { type: 'votes', system: 'votes' }, navigable: true },
  watches: { name: 'Watchers', schema: { type: 'watches', system: 'watches' }, navigable: true },
  parent: { name: 'Parent', schema: { type: 'issuelink', system: 'parent' }, navigable: true },
  lastViewed: { name: 'Last Viewed', schema: { type: 'datetime', system: 'lastViewed' }, navigable: true },
};

export const ALL_FIELDS = Object.keys(FIELD_META);

/** Resolves a `fields` parameter (`*all`, `*navigable`, names, `-name` exclusions) to a list of field ids. */
export function resolveFields(fields: string[] | undefined, dflt: '*all' | '*navigable' | 'id'): string[] {
  const list = fields && fields.length > 0 ? fields : [dflt];
  const out = new Set<string>();
  for (const f of list) {
    if (f === '*all' || f === '*navigable') for (const k of ALL_FIELDS) out.add(k);
    else if (f === 'id' || f === 'key' || f === '*none') continue;
    else if (!f.startsWith('-')) out.add(f === 'type' ? 'issuetype' : f);
  }
  for (const f of list) if (f.startsWith('-')) out.delete(f.slice(1));
  return [...out];
}

export interface IssueJsonOptions {
  fields: string[];
  properties?: string[];
  expand?: string[];
  viewer: Account;
}

function fieldValue(site: SiteState, issue: Issue, f: string, viewer: Account): unknown {
  switch (f) {
    case 'summary':
      return issue.summary;
    case 'description':
      return issue.description;
    case 'issuetype': {
      const t = site.issueTypes.get(issue.issueTypeId);
      return t ? issueTypeJson(site, t) : null;
    }
    case 'project':
      return projectRef(site, site.projects.get(issue.projectId)!);
    case 'status': {
      const s = site.statuses.get(issue.statusId);
      return s ? statusJson(site, s) : null;
    }
    case 'statuscategorychangedate':
      return jiraDate(issue.statusCategoryChanged);
    case 'labels':
      return issue.labels;
    case 'created':
      return jiraDate(issue.created);
    case 'updated':
      return jiraDate(issue.updated);
    case 'reporter':
    case 'creator':
    case 'assignee': {
      const id = f === 'reporter' ? issue.reporterId : f === 'creator' ? issue.creatorId : issue.assigneeId;
      const a = id ? site.accounts.get(id) : undefined;
      return a ? userRef(site, a) : null;
    }
    case 'priority':
      return priorityJson(site, issue.priorityId);
    case 'resolution':
      return issue.resolutionDate === null
        ? null
        : {
            self: `${site.baseUrl}/rest/api/3/resolution/10000`,
            id: '10000',
            description: 'Work has been done',
            name: 'Done',
          };
    case 'resolutiondate':
      return issue.resolutionDate === null ? null : jiraDate(issue.resolutionDate);
    case 'votes':
      return {
        self: `${site.baseUrl}/rest/api/3/issue/${issue.key}/votes`,
        votes: issue.voters?.length ?? 0,
        hasVoted: issue.voters?.includes(viewer.accountId) ?? false,
      };
    case 'watches':
      return {
        self: `${site.baseUrl}/rest/api/3/issue/${issue.key}/watchers`,
        watchCount: 1,
        isWatching: false,
      };
    case 'lastViewed':
      return null;
    case 'parent': {
      if (issue.parentId === null) return undefined;
      const parent = site.issues.get(issue.parentId);
      if (!parent) return undefined;
      return {
        id: String(parent.id),
        key: parent.key,
        self: `${site.baseUrl}/rest/api/3/issue/${parent.id}`,
        fields: {
          summary: parent.summary,
          status: statusJson(site, site.statuses.get(parent.statusId)!),
          priority: priorityJson(site, parent.priorityId),
          issuetype: issueTypeJson(site, site.issueTypes.get(parent.issueTypeId)!),
        },
      };
    }
    default:
      return undefined;
  }
}

export function transitionJson(
  site: SiteState,
  t: { id: string; name: string; toStatusId: string; fromStatusIds: string[] | null },
): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    to: statusJson(site, site.statuses.get(t.toStatusId)!),
    hasScreen: false,
    isGlobal: t.fromStatusIds === null,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    looped: false,
  };
}

/** Renders ADF (the subset we produce) to HTML for `renderedFields`. */
function adfToHtml(doc: unknown): string {
  const walk = (n: unknown): string => {
    if (!n || typeof n !== 'object') return '';
    const node = n as { type?: string; text?: string; content?: unknown[] };
    const inner = (node.content ?? []).map(walk).join('');
    if (node.type === 'text') return (node.text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;');
    if (node.type === 'paragraph') return `<p>${inner}</p>`;
    return inner;
  };
  return walk(doc);
}

export function issueJson(site: SiteState, issue: Issue, opts: IssueJsonOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const f of opts.fields) {
    const v = fieldValue(site, issue, f, opts.viewer);
    if (v !== undefined) fields[f] = v;
  }
  const out: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(issue.id),
    self: `${site.baseUrl}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
  };
  const expand = opts.expand ?? [];
  if (expand.includes('renderedFields')) {
    const rendered: Record<string, unknown> = {};
    for (const f of opts.fields) {
      if (f === 'description') rendered[f] = issue.description ? adfToHtml(issue.description) : null;
      else if (f === 'created' || f === 'updated')
        rendered[f] = new Date(f === 'created' ? issue.created : issue.updated).toUTCString();
      else if (f in fields) rendered[f] = null;
    }
    out.renderedFields = rendered;
  }
  if (expand.includes('names')) {
    out.names = Object.fromEntries(Object.keys(fields).map((f) => [f, FIELD_META[f]?.name ?? f]));
  }
  if (expand.includes('schema')) {
    out.schema = Object.fromEntries(
      Object.keys(fields).map((f) => [f, FIELD_META[f]?.schema ?? { type: 'any' }]),
    );
  }
  if (expand.includes('transitions')) {
    // As GET /transitions: only the transitions the viewer may perform.
    const p = site.projects.get(issue.projectId);
    const may = p !== undefined && site.can(opts.viewer, p, 'TRANSITION_ISSUES');
    out.transitions = may ? site.availableTransitions(issue).map((t) => transitionJson(site, t)) : [];
  }
  if (expand.includes('changelog')) out.changelog = { startAt: 0, maxResults: 0, total: 0, histories: [] };
  if (expand.includes('operations')) out.operations = { linkGroups: [] };
  if (expand.includes('editmeta')) out.editmeta = { fields: {} };
  if (opts.properties && opts.properties.length > 0) {
    const props: Record<string, unknown> = {};
    const wanted = opts.properties.includes('*all') ? [...(issue.properties?.keys() ?? [])] : opts.properties;
    for (const k of wanted) if (issue.properties?.has(k)) props[k] = issue.properties.get(k);
    out.properties = props;
  }
  out.fields = fields;
  return out;
}
