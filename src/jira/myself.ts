import type { JiraClient } from './client';

/** The account the credentials belong to. One call; a 401 means the email or API token is wrong. */
export async function getCurrentUser(
  jira: JiraClient,
): Promise<{ accountId: string; displayName: string; emailAddress?: string }> {
  const me = await jira.myself.getCurrentUser();
  return {
    accountId: String(me.accountId ?? ''),
    displayName: String(me.displayName ?? ''),
    emailAddress: me.emailAddress ?? undefined,
  };
}

/** The caller with the names of the groups they belong to, and their locale (`GET /rest/api/3/myself?expand=groups`). One call. */
export async function getCurrentUserWithGroups(
  jira: JiraClient,
): Promise<{ accountId: string; displayName: string; locale?: string; groups: string[] }> {
  const me = await jira.myself.getCurrentUser({ expand: 'groups' });
  const items = (me.groups as { items?: { name?: string | null }[] } | undefined)?.items ?? [];
  return {
    accountId: String(me.accountId ?? ''),
    displayName: String(me.displayName ?? ''),
    locale: me.locale ?? undefined,
    groups: items.map((g) => String(g.name ?? '')).filter((n) => n !== ''),
  };
}
