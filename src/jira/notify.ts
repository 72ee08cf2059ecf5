import type { JiraClient } from './client';

/**
 * Sends an issue notification through Jira (`POST /rest/api/3/issue/{id}/notify`), so Jira's own mail and the
 * recipients' notification settings apply. One call; Jira answers 204 when the mail is queued.
 */
export async function notifyIssue(
  jira: JiraClient,
  issueIdOrKey: string,
  n: {
    subject: string;
    textBody: string;
    htmlBody?: string;
    accountIds: readonly string[];
    /** Groups by name: Jira expands them to their members (the sync service names the secretariat this way). */
    groups?: readonly string[];
  },
): Promise<void> {
  await jira.issues.notify({
    issueIdOrKey,
    subject: n.subject,
    textBody: n.textBody,
    ...(n.htmlBody ? { htmlBody: n.htmlBody } : {}),
    to: {
      users: n.accountIds.map((accountId) => ({ accountId })),
      ...(n.groups?.length ? { groups: n.groups.map((name) => ({ name })) } : {}),
    },
  });
}

/** Active members of a group, following pages of 50. One call per page. */
export async function groupMembers(jira: JiraClient, groupname: string): Promise<string[]> {
  const out: string[] = [];
  let startAt = 0;
  for (;;) {
    const page = await jira.groups.getUsersFromGroup({ groupname, startAt, maxResults: 50 });
    const values = page.values ?? [];
    for (const u of values) if (u.accountId && u.active !== false) out.push(u.accountId);
    if (page.isLast !== false || values.length === 0) break;
    startAt += values.length;
  }
  return out;
}

/** A user's Jira locale (e.g. `en_US`), or undefined when Jira does not say. One call. */
export async function userLocale(jira: JiraClient, accountId: string): Promise<string | undefined> {
  const user = await jira.users.getUser({ accountId });
  return typeof user.locale === 'string' ? user.locale : undefined;
}
