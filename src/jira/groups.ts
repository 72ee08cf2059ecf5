import type { JiraClient } from './client';

/**
 * The accountIds of a group's active members (`GET /rest/api/3/group/member`, 50 per page, followed to the end).
 */
export async function groupMemberIds(jira: JiraClient, groupname: string): Promise<string[]> {
  const ids: string[] = [];
  for (let startAt = 0; ;) {
    const page = await jira.groups.getUsersFromGroup({ groupname, startAt, maxResults: 50 });
    const values = page.values ?? [];
    for (const u of values) if (u.accountId) ids.push(String(u.accountId));
    if (page.isLast !== false || values.length === 0) return ids;
    startAt += values.length;
  }
}
