/**
 * Project permissions as Jira Cloud models them: each project has a permission scheme that grants every project
 * permission to holders (a group, a project role, the project lead, or any logged-in licensed user), and project
 * roles whose members are users and groups. Sources: the OpenAPI description's "Permissions required" text for
 * each operation (see docs/jira-sim.md, Permissions), and Jira's permission scheme holder types
 * (api-group-permission-schemes: `group`, `projectRole`, `projectLead`, `applicationRole`).
 *
 * Five permissions are modelled separately, because the product's operations need them separately: Browse
 * projects, Create issues, Edit issues, Transition issues, Delete issues, and Administer projects. Every other
 * project permission (Assign issues, Add comments) follows Browse projects.
 */
import type { Account, Project } from './types.js';

export const PROJECT_PERMISSION_KEYS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'TRANSITION_ISSUES',
  'DELETE_ISSUES',
  'ADMINISTER_PROJECTS',
] as const;
export type ProjectPermissionKey = (typeof PROJECT_PERMISSION_KEYS)[number];

export function isModelledPermission(key: string): key is ProjectPermissionKey {
  return (PROJECT_PERMISSION_KEYS as readonly string[]).includes(key);
}

/** Who a grant names (Jira's permission scheme holder types). */
export type PermissionHolder =
  /** `applicationRole` without a parameter: any logged-in user with product access (`jira-software-users`). */
  | { type: 'anyLicensedUser' }
  | { type: 'group'; group: string }
  | { type: 'projectRole'; role: string }
  | { type: 'projectLead' };

/** The project role Jira gives administrators; its default members are the admin groups. */
export const ADMINISTRATORS_ROLE = 'Administrators';
/** The project role Jira puts every installed app's user in ("atlassian-addons-project-access"). */
export const APP_ROLE = 'atlassian-addons-project-access';

export interface ProjectRole {
  users: Set<string>;
  groups: Set<string>;
}

export interface ProjectPermissions {
  roles: Map<string, ProjectRole>;
  grants: Map<ProjectPermissionKey, PermissionHolder[]>;
}

/** What a permission check needs to know of the site (SiteState provides it). */
export interface PermissionSite {
  groups: ReadonlyMap<string, { members: Set<string> }>;
}

const LICENSED = 'jira-software-users';

/**
 * The scheme every project starts with, after Jira Cloud's default software scheme: Browse, Create, Edit and
 * Transition to any licensed user (or only to `browseGroups` when given: a restricted project), Delete issues
 * and Administer projects to the Administrators role; every permission to the Administrators role, the app
 * role and the project lead.
 */
export function defaultProjectPermissions(input: {
  /** Groups in the Administrators role besides `site-admins` and `jira-admins`. */
  adminGroups?: readonly string[];
  /** Accounts in the app role (the site's app accounts). */
  appAccountIds?: readonly string[];
  /** Restrict Browse, Create, Edit and Transition to these groups (null/undefined: any licensed user). */
  browseGroups?: readonly string[] | null;
}): ProjectPermissions {
  const roles = new Map<string, ProjectRole>([
    [
      ADMINISTRATORS_ROLE,
      { users: new Set(), groups: new Set(['site-admins', 'jira-admins', ...(input.adminGroups ?? [])]) },
    ],
    [APP_ROLE, { users: new Set(input.appAccountIds ?? []), groups: new Set() }],
  ]);
  const always: PermissionHolder[] = [
    { type: 'projectRole', role: ADMINISTRATORS_ROLE },
    { type: 'projectRole', role: APP_ROLE },
    { type: 'projectLead' },
  ];
  const users: PermissionHolder[] = input.browseGroups
    ? input.browseGroups.map((group) => ({ type: 'group', group }))
    : [{ type: 'anyLicensedUser' }];
  const grants = new Map<ProjectPermissionKey, PermissionHolder[]>();
  for (const key of ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'TRANSITION_ISSUES'] as const)
    grants.set(key, [...users, ...always]);
  for (const key of ['DELETE_ISSUES', 'ADMINISTER_PROJECTS'] as const) grants.set(key, [...always]);
  return { roles, grants };
}

function inGroup(site: PermissionSite, group: string, accountId: string): boolean {
  return site.groups.get(group.toLowerCase())?.members.has(accountId) ?? false;
}

function holderMatches(site: PermissionSite, a: Account, p: Project, h: PermissionHolder): boolean {
  switch (h.type) {
    case 'anyLicensedUser':
      return inGroup(site, LICENSED, a.accountId);
    case 'group':
      return inGroup(site, h.group, a.accountId);
    case 'projectLead':
      return p.leadAccountId === a.accountId;
    case 'projectRole': {
      const role = p.permissions.roles.get(h.role);
      if (!role) return false;
      if (role.users.has(a.accountId)) return true;
      for (const g of role.groups) if (inGroup(site, g, a.accountId)) return true;
      return false;
    }
  }
}

/** Whether `a` holds project permission `key` in `p`, by the project's scheme and roles. */
export function holdsProjectPermission(
  site: PermissionSite,
  a: Account,
  p: Project,
  key: ProjectPermissionKey,
): boolean {
  // A deactivated account holds nothing (the anonymous caller has no `active` flag; its grants decide).
  if (a.active === false) return false;
  return (p.permissions.grants.get(key) ?? []).some((h) => holderMatches(site, a, p, h));
}

// ---- changing a scheme (tests and the seed; Jira does this in its admin UI) ----------------------

/**
 * Restricts Browse, Create, Edit and Transition in `p` to `groups` (null: any licensed user again), keeping the
 * Administrators role, the app role and the lead, as a restricted project's scheme does.
 */
export function restrictProject(p: Project, groups: readonly string[] | null): void {
  const fresh = defaultProjectPermissions({ browseGroups: groups });
  for (const key of ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'TRANSITION_ISSUES'] as const)
    p.permissions.grants.set(key, fresh.grants.get(key)!);
}

/** Replaces the holders of one permission in a project. */
export function setHolders(p: Project, key: ProjectPermissionKey, holders: PermissionHolder[]): void {
  p.permissions.grants.set(key, [...holders]);
}

/** Adds a holder to one permission in a project. */
export function grant(p: Project, key: ProjectPermissionKey, holder: PermissionHolder): void {
  p.permissions.grants.set(key, [...(p.permissions.grants.get(key) ?? []), holder]);
}

/** Takes a permission from the holders `match` selects (every holder when left out). */
export function revoke(
  p: Project,
  key: ProjectPermissionKey,
  match: (h: PermissionHolder) => boolean = () => true,
): void {
  p.permissions.grants.set(
    key,
    (p.permissions.grants.get(key) ?? []).filter((h) => !match(h)),
  );
}

/** Adds a user or a group to a project role (the role is created if the project has none of that name). */
export function addRoleMember(
  p: Project,
  role: string,
  member: { accountId: string } | { group: string },
): void {
  let r = p.permissions.roles.get(role);
  if (!r) p.permissions.roles.set(role, (r = { users: new Set(), groups: new Set() }));
  if ('accountId' in member) r.users.add(member.accountId);
  else r.groups.add(member.group);
}

/** Removes a user or a group from a project role. */
export function removeRoleMember(
  p: Project,
  role: string,
  member: { accountId: string } | { group: string },
): void {
  const r = p.permissions.roles.get(role);
  if (!r) return;
  if ('accountId' in member) r.users.delete(member.accountId);
  else r.groups.delete(member.group);
}
