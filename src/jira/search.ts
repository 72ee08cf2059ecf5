import type { JiraClient } from './client';

/** One issue as the enhanced search returns it: id, key, the fields asked for and the properties asked for. */
export interface FoundIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  properties: Record<string, unknown>;
}

export interface SearchPage {
  issues: FoundIssue[];
  nextPageToken?: string;
}

export interface SearchOptions {
  fields?: string[];
  properties?: string[];
  maxResults?: number;
  nextPageToken?: string;
  /** Issue ids whose latest state must be reflected (read-after-write consistency on Jira Cloud). */
  reconcileIssues?: number[];
}

/** One page of the enhanced JQL search (`GET /rest/api/3/search/jql`): exactly one REST call. */
export async function searchPage(
  jira: JiraClient,
  jql: string,
  opts: SearchOptions = {},
): Promise<SearchPage> {
  const page = await jira.issueSearch.searchAndReconsileIssuesUsingJql({
    jql,
    fields: opts.fields ?? ['summary'],
    properties: opts.properties,
    maxResults: opts.maxResults ?? 50,
    nextPageToken: opts.nextPageToken,
    reconcileIssues: opts.reconcileIssues,
  });
  const issues: FoundIssue[] = (page.issues ?? []).map((issue) => ({
    id: String(issue.id ?? ''),
    key: String(issue.key ?? ''),
    fields: (issue.fields ?? {}) as Record<string, unknown>,
    properties: (issue.properties ?? {}) as Record<string, unknown>,
  }));
  return { issues, nextPageToken: page.nextPageToken ?? undefined };
}

/** Every issue matching the JQL, following `nextPageToken`. One call per page of `maxResults`. */
export async function searchAll(
  jira: JiraClient,
  jql: string,
  opts: Omit<SearchOptions, 'nextPageToken'> = {},
  limit = 10_000,
): Promise<FoundIssue[]> {
  const out: FoundIssue[] = [];
  let token: string | undefined;
  do {
    const page = await searchPage(jira, jql, {
      ...opts,
      maxResults: opts.maxResults ?? 100,
      nextPageToken: token,
    });
    out.push(...page.issues);
    token = page.nextPageToken;
  } while (token && out.length < limit);
  return out;
}

/** Approximate number of issues matching the JQL (`POST /rest/api/3/search/approximate-count`): one call. */
export async function approximateCount(jira: JiraClient, jql: string): Promise<number> {
  const result = await jira.issueSearch.countIssues({ jql });
  return result.count ?? 0;
}

/** Quote a value for a JQL string literal. */
export function jqlString(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}
