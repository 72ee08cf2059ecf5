import type { JiraClient } from './client';

/**
 * Which of the given project permissions the caller holds (`GET /rest/api/3/mypermissions`). One call.
 * Without a project, global/any-project answers are returned.
 */
export async function myPermissions(
  jira: JiraClient,
  permissions: string[],
  project?: { projectKey?: string; projectId?: string },
): Promise<Record<string, boolean>> {
  const result = await jira.permissions.getMyPermissions({
    permissions: permissions.join(','),
    ...(project ?? {}),
  });
  const out: Record<string, boolean> = {};
  for (const p of permissions) out[p] = Boolean(result.permissions?.[p]?.havePermission);
  return out;
}
