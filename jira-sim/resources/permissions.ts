/** Permissions (api-group-permissions): mypermissions, all permissions, bulk check, permitted projects. */
import { z } from 'zod';
import { badRequest, notFound, ok, validateBody } from '../http.js';
import type { HandlerContext, Router } from '../http.js';
import type { Account, Project } from '../state/types.js';
import type { SiteState } from '../state/site-state.js';
import { requireGlobalAdmin } from './common.js';
import { isModelledPermission } from '../state/permissions.js';

interface PermDef {
  id: string;
  key: string;
  name: string;
  type: 'GLOBAL' | 'PROJECT';
  description: string;
}

export const PERMISSIONS: readonly PermDef[] = [
  {
    id: '0',
    key: 'ADMINISTER',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description:
      'Create and administer projects, issue types, fields, workflows, and schemes for all projects. Users with this permission can perform most administration tasks, except: managing users, importing data, and editing system email settings.',
  },
  {
    id: '44',
    key: 'SYSTEM_ADMIN',
    name: 'Jira System Administrator',
    type: 'GLOBAL',
    description:
      'Ability to perform all administration functions. There must be at least one group with this permission.',
  },
  {
    id: '27',
    key: 'USER_PICKER',
    name: 'Browse users and groups',
    type: 'GLOBAL',
    description:
      'View and select users or groups from the user picker, and share issues. Users with this permission can see the names of all users and groups on your site.',
  },
  {
    id: '22',
    key: 'CREATE_SHARED_OBJECTS',
    name: 'Share dashboards and filters',
    type: 'GLOBAL',
    description: 'Share dashboards and filters with other users.',
  },
  {
    id: '33',
    key: 'BULK_CHANGE',
    name: 'Make bulk changes',
    type: 'GLOBAL',
    description: 'Modify collections of issues at once. For example, resolve multiple issues in one step.',
  },
  {
    id: '10',
    key: 'BROWSE_PROJECTS',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects and the issues within them.',
  },
  {
    id: '23',
    key: 'ADMINISTER_PROJECTS',
    name: 'Administer Projects',
    type: 'PROJECT',
    description: 'Ability to administer a project in Jira.',
  },
  {
    id: '11',
    key: 'CREATE_ISSUES',
    name: 'Create Issues',
    type: 'PROJECT',
    description: 'Ability to create issues.',
  },
  {
    id: '12',
    key: 'EDIT_ISSUES',
    name: 'Edit Issues',
    type: 'PROJECT',
    description: 'Ability to edit issues.',
  },
  {
    id: '46',
    key: 'TRANSITION_ISSUES',
    name: 'Transition Issues',
    type: 'PROJECT',
    description: 'Ability to transition issues.',
  },
  {
    id: '16',
    key: 'DELETE_ISSUES',
    name: 'Delete Issues',
    type: 'PROJECT',
    description: 'Ability to delete issues.',
  },
  {
    id: '13',
    key: 'ASSIGN_ISSUES',
    name: 'Assign Issues',
    type: 'PROJECT',
    description: 'Ability to assign issues to other people.',
  },
  {
    id: '15',
    key: 'ADD_COMMENTS',
    name: 'Add Comments',
    type: 'PROJECT',
    description: 'Ability to comment on issues.',
  },
];

/**
 * Whether `a` holds `key`, globally or (for project permissions) in project `p` (any project when undefined).
 * Project permissions come from the same model the operations enforce (state/permissions.ts), so what
 * mypermissions and the permission checks answer is what a write will meet.
 */
export function hasPermission(site: SiteState, a: Account, key: string, p?: Project): boolean {
  const def = PERMISSIONS.find((x) => x.key === key);
  if (!def) return false;
  if (def.type === 'GLOBAL') {
    if (key === 'USER_PICKER' || key === 'CREATE_SHARED_OBJECTS' || key === 'BULK_CHANGE')
      return a.accountType === 'app' || site.canBrowseAny(a);
    return site.isGlobalAdmin(a);
  }
  const projects = p ? [p] : [...site.projects.values()];
  return projects.some((proj) => {
    // Browse projects is a precondition of every other project permission (Jira hides what one cannot see).
    if (!site.canBrowse(a, proj)) return false;
    // Permissions the simulator does not model separately (Assign issues, Add comments) follow Browse.
    return isModelledPermission(key) ? site.can(a, proj, key) : true;
  });
}

const CheckSchema = z.strictObject({
  accountId: z.string().optional(),
  globalPermissions: z.array(z.string()).optional(),
  projectPermissions: z
    .array(
      z.strictObject({
        permissions: z.array(z.string()),
        projects: z.array(z.number().int()).optional(),
        issues: z.array(z.number().int()).optional(),
      }),
    )
    .optional(),
});

const PermittedSchema = z.strictObject({ permissions: z.array(z.string()) });

function permJson(def: PermDef, have: boolean): Record<string, unknown> {
  return {
    id: def.id,
    key: def.key,
    name: def.name,
    type: def.type,
    description: def.description,
    havePermission: have,
  };
}

function checkKeys(keys: string[]): PermDef[] {
  return keys.map((k) => {
    const def = PERMISSIONS.find((x) => x.key === k);
    if (!def) throw badRequest(`Invalid permission key: ${k}`);
    return def;
  });
}

function scopeProject(ctx: HandlerContext): Project | undefined {
  const q = ctx.query;
  const projectKey = q.get('projectKey') ?? q.get('projectId');
  const issueKey = q.get('issueKey') ?? q.get('issueId');
  if (projectKey) {
    const p = ctx.site.resolveProject(projectKey);
    if (!p || !ctx.site.canBrowse(ctx.user, p))
      throw notFound(`No project could be found with ${q.get('projectKey') ? 'key' : 'id'} '${projectKey}'.`);
    return p;
  }
  if (issueKey) {
    const i = ctx.site.resolveIssue(issueKey);
    const p = i ? ctx.site.projects.get(i.projectId) : undefined;
    if (!p || !ctx.site.canBrowse(ctx.user, p))
      throw notFound('Issue does not exist or you do not have permission to see it.');
    return p;
  }
  return undefined;
}

export function register(r: Router): void {
  r.get('/rest/api/3/mypermissions', (ctx) => {
    const raw = ctx.query.get('permissions');
    if (!raw) throw badRequest("The 'permissions' query parameter is required.");
    const defs = checkKeys(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    const p = scopeProject(ctx);
    const out: Record<string, unknown> = {};
    for (const d of defs) out[d.key] = permJson(d, hasPermission(ctx.site, ctx.user, d.key, p));
    return ok({ permissions: out });
  });

  r.get('/rest/api/3/permissions', (ctx) => {
    requireGlobalAdmin(ctx);
    return ok({
      permissions: Object.fromEntries(
        PERMISSIONS.map((d) => [
          d.key,
          { key: d.key, name: d.name, type: d.type, description: d.description },
        ]),
      ),
    });
  });

  r.post('/rest/api/3/permissions/check', (ctx) => {
    const body = validateBody(CheckSchema, ctx.body ?? {});
    let who = ctx.user;
    if (body.accountId && body.accountId !== ctx.user.accountId) {
      requireGlobalAdmin(ctx);
      const a = ctx.site.accounts.get(body.accountId);
      if (!a) throw badRequest(`The user with accountId '${body.accountId}' does not exist.`);
      who = a;
    }
    const globalPermissions = checkKeys(body.globalPermissions ?? [])
      .filter((d) => hasPermission(ctx.site, who, d.key))
      .map((d) => d.key);
    const projectPermissions = (body.projectPermissions ?? []).flatMap((pp) =>
      checkKeys(pp.permissions).map((d) => ({
        permission: d.key,
        projects: (pp.projects ?? []).filter((id) => {
          const p = ctx.site.projects.get(String(id));
          return p !== undefined && hasPermission(ctx.site, who, d.key, p);
        }),
        issues: (pp.issues ?? []).filter((id) => {
          const i = ctx.site.issues.get(id);
          const p = i ? ctx.site.projects.get(i.projectId) : undefined;
          return p !== undefined && hasPermission(ctx.site, who, d.key, p);
        }),
      })),
    );
    return ok({ globalPermissions, projectPermissions });
  });

  r.post('/rest/api/3/permissions/project', (ctx) => {
    const body = validateBody(PermittedSchema, ctx.body ?? {});
    const defs = checkKeys(body.permissions);
    const projects = [...ctx.site.projects.values()].filter((p) =>
      defs.every((d) => hasPermission(ctx.site, ctx.user, d.key, p)),
    );
    return ok({ projects: projects.map((p) => ({ id: Number(p.id), key: p.key })) });
  });
}
