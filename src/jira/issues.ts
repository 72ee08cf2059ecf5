import { isNotFoundError } from 'jira.js';
import type { JiraClient } from './client';

export interface NewIssue {
  projectKey: string;
  issueTypeName: string;
  summary: string;
  labels?: string[];
  /** An Atlassian Document Format document. */
  description?: unknown;
  /** Entity properties set atomically with the issue (so the issue is never findable without them). */
  properties?: { key: string; value: unknown }[];
  /**
   * A transition to take as part of the create (Jira's `IssueUpdateDetails.transition`): the issue starts in its
   * target status without a second call. It must be a transition out of the workflow's initial status.
   */
  transitionId?: string;
}

/** Creates an issue; returns its id and key. One call. */
export async function createIssue(jira: JiraClient, issue: NewIssue): Promise<{ id: string; key: string }> {
  const created = await jira.issues.createIssue({
    fields: {
      project: { key: issue.projectKey },
      issuetype: { name: issue.issueTypeName },
      summary: issue.summary,
      ...(issue.labels ? { labels: issue.labels } : {}),
      ...(issue.description !== undefined ? { description: issue.description } : {}),
    },
    ...(issue.properties ? { properties: issue.properties } : {}),
    ...(issue.transitionId ? { transition: { id: issue.transitionId } } : {}),
  });
  return { id: String(created.id), key: String(created.key) };
}

/** Sets fields of an issue (summary, labels, description, ...). One call; no notifications are sent. */
export async function editIssueFields(
  jira: JiraClient,
  issueIdOrKey: string,
  fields: Record<string, unknown>,
): Promise<void> {
  await jira.issues.editIssue({ issueIdOrKey, fields, notifyUsers: false });
}

/**
 * Sets fields and entity properties of an issue in one call (`IssueUpdateDetails.properties`: "Issue properties
 * may be updated as part of the edit"), so a writer never pays a second request for the property. No
 * notifications are sent.
 */
export async function editIssueWithProperties(
  jira: JiraClient,
  issueIdOrKey: string,
  fields: Record<string, unknown>,
  properties: { key: string; value: unknown }[],
): Promise<void> {
  await jira.issues.editIssue({ issueIdOrKey, fields, properties, notifyUsers: false });
}

/** Deletes an issue; a 404 (already deleted, e.g. by a racing worker) counts as done. One call. */
export async function deleteIssue(jira: JiraClient, issueIdOrKey: string): Promise<void> {
  try {
    await jira.issues.deleteIssue({ issueIdOrKey });
  } catch (err) {
    if (!isNotFoundError(err)) throw err;
  }
}

export interface AvailableTransition {
  id: string;
  name: string;
  toStatusId?: string;
  toStatusName?: string;
}

/** The transitions the caller may perform on the issue now. One call. */
export async function getTransitions(jira: JiraClient, issueIdOrKey: string): Promise<AvailableTransition[]> {
  const result = await jira.issues.getTransitions({ issueIdOrKey });
  return (result.transitions ?? []).map((t) => ({
    id: String(t.id ?? ''),
    name: String(t.name ?? ''),
    toStatusId: t.to?.id ?? undefined,
    toStatusName: t.to?.name ?? undefined,
  }));
}

export async function doTransition(
  jira: JiraClient,
  issueIdOrKey: string,
  transitionId: string,
): Promise<void> {
  await jira.issues.doTransition({ issueIdOrKey, transition: { id: transitionId } });
}

/**
 * Moves an issue to the status named `statusName` if a transition leads there. Returns whether it moved.
 * Two calls (transitions, then the transition), or one when no transition leads to the status.
 */
export async function transitionToStatus(
  jira: JiraClient,
  issueIdOrKey: string,
  statusName: string,
): Promise<boolean> {
  return (await transitionToStatusVia(jira, issueIdOrKey, statusName)) !== undefined;
}

/** As {@link transitionToStatus}, returning the id of the transition taken (for a caller that caches it). */
export async function transitionToStatusVia(
  jira: JiraClient,
  issueIdOrKey: string,
  statusName: string,
): Promise<string | undefined> {
  const transitions = await getTransitions(jira, issueIdOrKey);
  const wanted = statusName.toLocaleLowerCase('da');
  const match =
    transitions.find((t) => t.toStatusName?.toLocaleLowerCase('da') === wanted) ??
    transitions.find((t) => t.name.toLocaleLowerCase('da') === wanted);
  if (!match) return undefined;
  await doTransition(jira, issueIdOrKey, match.id);
  return match.id;
}

export interface IssueBasics {
  id: string;
  key: string;
  summary: string;
  projectId: string;
  projectKey: string;
  issueTypeId: string;
  issueTypeName: string;
}

/** An issue's id, key, summary, project and type; a 404 (missing, or not visible to the caller) is undefined. One call. */
export async function getIssueBasics(
  jira: JiraClient,
  issueIdOrKey: string,
): Promise<IssueBasics | undefined> {
  try {
    const issue = await jira.issues.getIssue({ issueIdOrKey, fields: ['summary', 'issuetype', 'project'] });
    const f = (issue.fields ?? {}) as {
      summary?: string;
      issuetype?: { id?: string; name?: string };
      project?: { id?: string; key?: string };
    };
    return {
      id: String(issue.id),
      key: String(issue.key),
      summary: String(f.summary ?? ''),
      projectId: String(f.project?.id ?? ''),
      projectKey: String(f.project?.key ?? ''),
      issueTypeId: String(f.issuetype?.id ?? ''),
      issueTypeName: String(f.issuetype?.name ?? ''),
    };
  } catch (err) {
    if (isNotFoundError(err)) return undefined;
    throw err;
  }
}
