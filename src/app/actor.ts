/**
 * Who is acting, decided from Jira and the admin settings, never from what the frontend sends
 * (design.md: "Authorization is decided in resolvers"). The user's groups are read as that user
 * (`myself?expand=groups`), project administration through `mypermissions` as that user.
 */
import type { Actor, Role } from '../domain/actor';
import type { Municipality } from '../domain/municipality';
import { getCurrentUserWithGroups } from '../jira/myself';
import { myPermissions } from '../jira/permissions';
import { loadDirectory, loadRoles } from './config';
import { userJira } from './jira';

export interface ActingUser {
  actor: Actor;
  /** The municipalities the user may act for (from the directory), with names. */
  municipalities: Municipality[];
  groups: string[];
  locale?: string;
  isProjectAdmin: boolean;
  isJiraAdmin: boolean;
}

export async function actingUser(
  opts: { projectId?: string; checkJiraAdmin?: boolean } = {},
): Promise<ActingUser> {
  const jira = userJira();
  const wanted = [
    ...(opts.projectId ? ['ADMINISTER_PROJECTS'] : []),
    ...(opts.checkJiraAdmin ? ['ADMINISTER'] : []),
  ];
  // Four independent reads, one round trip: the permissions depend on the project, not on who the user is.
  const [me, directory, roles, perms] = await Promise.all([
    getCurrentUserWithGroups(jira),
    loadDirectory(),
    loadRoles(),
    wanted.length
      ? myPermissions(jira, wanted, opts.projectId ? { projectId: opts.projectId } : undefined)
      : Promise.resolve({} as Awaited<ReturnType<typeof myPermissions>>),
  ]);
  const groups = new Set(me.groups);
  const municipalities: Municipality[] = [];
  for (const entry of directory) {
    if (groups.has(entry.group) && !municipalities.some((m) => m.code === entry.municipality.code)) {
      municipalities.push(entry.municipality);
    }
  }
  const roleList: Role[] = [];
  if (groups.has(roles.secretariatGroup)) roleList.push('secretariat');
  if (groups.has(roles.boardGroup)) roleList.push('board');
  if (perms.ADMINISTER_PROJECTS) roleList.push('project_admin');
  if (municipalities.length > 0) roleList.push('municipality_member');
  return {
    actor: {
      accountId: me.accountId,
      displayName: me.displayName || me.accountId,
      roles: roleList,
      municipalities: municipalities.map((m) => m.code),
    },
    municipalities,
    groups: me.groups,
    locale: me.locale,
    isProjectAdmin: Boolean(perms.ADMINISTER_PROJECTS),
    isJiraAdmin: Boolean(perms.ADMINISTER),
  };
}
