import type { JiraClient } from './client';

/** An issue type as the app needs it. `scopeProjectId` is set for a team-managed project's own types. */
export interface IssueTypeInfo {
  id: string;
  name: string;
  hierarchyLevel: number;
  scopeProjectId?: string;
}

type RawType = {
  id?: string;
  name?: string;
  hierarchyLevel?: number;
  subtask?: boolean;
  scope?: { project?: { id?: string } };
};
const toInfo = (t: RawType): IssueTypeInfo => ({
  id: String(t.id ?? ''),
  name: String(t.name ?? ''),
  hierarchyLevel: t.hierarchyLevel ?? (t.subtask ? -1 : 0),
  ...(t.scope?.project?.id ? { scopeProjectId: String(t.scope.project.id) } : {}),
});

/** Every issue type the caller can see (`GET /rest/api/3/issuetype`). One call. */
export async function listIssueTypes(jira: JiraClient): Promise<IssueTypeInfo[]> {
  return ((await jira.issueTypes.getIssueAllTypes()) as RawType[]).map(toInfo);
}

/** A project's style (classic = company-managed, next-gen = team-managed) and its issue types (`GET /rest/api/3/project/{id}`). One call. */
export async function projectIssueTypes(
  jira: JiraClient,
  projectIdOrKey: string,
): Promise<{ id: string; key: string; style: 'classic' | 'next-gen'; issueTypes: IssueTypeInfo[] }> {
  const p = await jira.projects.getProject({ projectIdOrKey, expand: 'issueTypes' });
  return {
    id: String(p.id),
    key: String(p.key),
    style: p.style === 'next-gen' ? 'next-gen' : 'classic',
    issueTypes: ((p.issueTypes ?? []) as RawType[]).map(toInfo),
  };
}

/** Creates a global issue type (hierarchy 0 standard, -1 subtask). One call. */
export async function createIssueType(
  jira: JiraClient,
  input: { name: string; description?: string; hierarchyLevel: 0 | -1 },
): Promise<IssueTypeInfo> {
  return toInfo((await jira.issueTypes.createIssueType(input)) as RawType);
}

export interface SchemeOfProject {
  id: string;
  name: string;
  isDefault: boolean;
}

/** The issue type scheme of a company-managed project, or undefined (team-managed). One call. */
export async function issueTypeSchemeOfProject(
  jira: JiraClient,
  projectId: string,
): Promise<SchemeOfProject | undefined> {
  const page = await jira.issueTypeSchemes.getIssueTypeSchemeForProjects({ projectId: [Number(projectId)] });
  const row = (page.values ?? [])[0];
  const s = row?.issueTypeScheme;
  return s ? { id: String(s.id), name: String(s.name ?? ''), isDefault: Boolean(s.isDefault) } : undefined;
}

/** Creates an issue type scheme; returns its id. One call. */
export async function createIssueTypeScheme(
  jira: JiraClient,
  input: { name: string; description?: string; issueTypeIds: string[]; defaultIssueTypeId?: string },
): Promise<string> {
  const created = await jira.issueTypeSchemes.createIssueTypeScheme(input);
  return String(created.issueTypeSchemeId);
}

/** Assigns a scheme to a company-managed project. One call. */
export async function assignIssueTypeScheme(
  jira: JiraClient,
  schemeId: string,
  projectId: string,
): Promise<void> {
  await jira.issueTypeSchemes.assignIssueTypeSchemeToProject({ issueTypeSchemeId: schemeId, projectId });
}

/** Adds issue types to a scheme (types already in it are left as they are). One call. */
export async function addIssueTypesToScheme(
  jira: JiraClient,
  schemeId: string,
  issueTypeIds: string[],
): Promise<void> {
  await jira.issueTypeSchemes.addIssueTypesToIssueTypeScheme({
    issueTypeSchemeId: Number(schemeId),
    issueTypeIds,
  });
}
