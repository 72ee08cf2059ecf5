import type { JiraClient } from './client';

export interface ProjectSummary {
  id: string;
  key: string;
  name: string;
}

/** Every project the caller can browse, following pagination (one call per 50 projects). */
export async function listProjects(
  jira: JiraClient,
  opts: { keys?: string[] } = {},
): Promise<ProjectSummary[]> {
  const out: ProjectSummary[] = [];
  let startAt = 0;
  for (;;) {
    const page = await jira.projects.searchProjects({
      startAt,
      maxResults: 50,
      ...(opts.keys && opts.keys.length > 0 ? { keys: opts.keys } : {}),
    });
    const values = page.values ?? [];
    for (const p of values) out.push({ id: String(p.id), key: String(p.key), name: String(p.name ?? p.key) });
    if (page.isLast || values.length === 0) break;
    startAt += values.length;
  }
  return out;
}

/** One project by id or key. One call. */
export async function getProject(jira: JiraClient, projectIdOrKey: string): Promise<ProjectSummary> {
  const p = await jira.projects.getProject({ projectIdOrKey });
  return { id: String(p.id), key: String(p.key), name: String(p.name ?? p.key) };
}

export interface ProjectIssueTypeStatuses {
  issueType: string;
  statuses: { id: string; name: string }[];
}

/** The statuses of each issue type in a project (`GET /rest/api/3/project/{key}/statuses`). One call. */
export async function getProjectStatuses(
  jira: JiraClient,
  projectIdOrKey: string,
): Promise<ProjectIssueTypeStatuses[]> {
  const types = await jira.projects.getAllStatuses({ projectIdOrKey });
  return types.map((t) => ({
    issueType: String(t.name ?? ''),
    statuses: (t.statuses ?? []).map((s) => ({ id: String(s.id ?? ''), name: String(s.name ?? '') })),
  }));
}
