/**
 * Issue types, issue type schemes, statuses and status categories (api-group-issue-types,
 * api-group-issue-type-schemes, api-group-workflow-statuses, api-group-workflow-status-categories).
 * Company-managed projects get their types from a scheme; team-managed projects own project-scoped types.
 */
import { z } from 'zod';
import { JiraError, badRequest, intParam, listParam, notFound, ok, validateBody } from '../http.js';
import type { HandlerContext, Router } from '../http.js';
import { issueTypeJson, statusCategoryJson, statusJson } from '../state/represent.js';
import { STATUS_CATEGORIES } from '../state/types.js';
import type { IssueTypeScheme } from '../state/types.js';
import { requireGlobalAdmin, requireProject } from './common.js';

const CreateIssueTypeSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  hierarchyLevel: z.number().int().optional(),
  type: z.enum(['subtask', 'standard']).optional(),
});

const CreateSchemeSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  defaultIssueTypeId: z.string().optional(),
  issueTypeIds: z.array(z.string()),
});

const AssignSchema = z.strictObject({ issueTypeSchemeId: z.string(), projectId: z.string() });
const AddTypesSchema = z.strictObject({ issueTypeIds: z.array(z.string()) });

function page<T>(ctx: HandlerContext, items: T[], dflt = 50, max = 50): Record<string, unknown> {
  const startAt = intParam(ctx.query, 'startAt', 0);
  const maxResults = Math.min(intParam(ctx.query, 'maxResults', dflt), max);
  const values = items.slice(startAt, startAt + maxResults);
  return {
    maxResults,
    startAt,
    total: items.length,
    isLast: startAt + values.length >= items.length,
    values,
  };
}

function schemeJson(s: IssueTypeScheme): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    description: s.description,
    isDefault: s.isDefault,
  };
  if (s.defaultIssueTypeId) out.defaultIssueTypeId = s.defaultIssueTypeId;
  return out;
}

function visibleTypes(ctx: HandlerContext) {
  return [...ctx.site.issueTypes.values()].filter((t) => {
    if (!t.scopeProjectId) return true;
    const p = ctx.site.projects.get(t.scopeProjectId);
    return p !== undefined && ctx.site.canBrowse(ctx.user, p);
  });
}

export function register(r: Router): void {
  r.get('/rest/api/3/issuetype', (ctx) => ok(visibleTypes(ctx).map((t) => issueTypeJson(ctx.site, t))));

  r.post('/rest/api/3/issuetype', (ctx) => {
    requireGlobalAdmin(ctx);
    const body = validateBody(CreateIssueTypeSchema, ctx.body);
    if (body.name.trim() === '')
      throw new JiraError(400, [], { name: 'The issue type name must not be empty.' });
    if (body.name.length > 60)
      throw new JiraError(400, [], {
        name: 'The entered issue type name is too long. It cannot exceed 60 characters.',
      });
    if (ctx.site.globalIssueTypeByName(body.name))
      throw new JiraError(409, ['An issue type with this name already exists.']);
    const level = body.hierarchyLevel ?? (body.type === 'subtask' ? -1 : 0);
    if (level !== 0 && level !== -1)
      throw badRequest('Only issue types with hierarchyLevel 0 or -1 can be created.');
    const t = ctx.site.addIssueType({
      name: body.name,
      description: body.description,
      hierarchyLevel: level,
    });
    const def = ctx.site.defaultScheme();
    if (def) def.issueTypeIds.push(t.id);
    return { status: 201, body: issueTypeJson(ctx.site, t) };
  });

  r.get('/rest/api/3/issuetype/project', (ctx) => {
    const id = ctx.query.get('projectId');
    if (!id) throw badRequest('The projectId query parameter is required.');
    const p = requireProject(ctx, id);
    return ok(ctx.site.projectIssueTypes(p).map((t) => issueTypeJson(ctx.site, t)));
  });

  r.get('/rest/api/3/issuetype/{id}', (ctx) => {
    const t = visibleTypes(ctx).find((x) => x.id === ctx.params.id);
    if (!t)
      throw notFound(
        "The issue type with id '" +
          ctx.params.id +
          "' does not exist or you do not have permission to view it.",
      );
    return ok(issueTypeJson(ctx.site, t));
  });

  // ---- issue type schemes (company-managed projects) ----
  r.get('/rest/api/3/issuetypescheme', (ctx) => {
    requireGlobalAdmin(ctx);
    const ids = listParam(ctx.query, 'id');
    const all = [...ctx.site.issueTypeSchemes.values()].filter((s) => !ids || ids.includes(s.id));
    return ok(page(ctx, all.map(schemeJson)));
  });

  r.post('/rest/api/3/issuetypescheme', (ctx) => {
    requireGlobalAdmin(ctx);
    const body = validateBody(CreateSchemeSchema, ctx.body);
    for (const id of body.issueTypeIds) {
      const t = ctx.site.issueTypes.get(id);
      if (!t || t.scopeProjectId) throw badRequest(`The issue type with ID ${id} doesn't exist.`);
    }
    if (body.defaultIssueTypeId && !body.issueTypeIds.includes(body.defaultIssueTypeId)) {
      throw badRequest('The default issue type must be one of the issue types of the scheme.');
    }
    const s = ctx.site.addIssueTypeScheme(body);
    return { status: 201, body: { issueTypeSchemeId: s.id } };
  });

  r.get('/rest/api/3/issuetypescheme/mapping', (ctx) => {
    requireGlobalAdmin(ctx);
    const ids = listParam(ctx.query, 'issueTypeSchemeId');
    const rows = [...ctx.site.issueTypeSchemes.values()]
      .filter((s) => !ids || ids.includes(s.id))
      .flatMap((s) => s.issueTypeIds.map((issueTypeId) => ({ issueTypeSchemeId: s.id, issueTypeId })));
    return ok(page(ctx, rows));
  });

  r.get('/rest/api/3/issuetypescheme/project', (ctx) => {
    requireGlobalAdmin(ctx);
    const ids = listParam(ctx.query, 'projectId');
    if (!ids) throw badRequest('The projectId query parameter is required.');
    const bySchemeId = new Map<string, string[]>();
    for (const id of ids) {
      const p = ctx.site.projects.get(id);
      if (!p || p.style !== 'classic') continue;
      const sid = p.issueTypeSchemeId ?? ctx.site.defaultScheme()?.id;
      if (!sid) continue;
      bySchemeId.set(sid, [...(bySchemeId.get(sid) ?? []), id]);
    }
    const rows = [...bySchemeId.entries()].map(([sid, projectIds]) => ({
      issueTypeScheme: schemeJson(ctx.site.issueTypeSchemes.get(sid)!),
      projectIds,
    }));
    return ok(page(ctx, rows));
  });

  r.put('/rest/api/3/issuetypescheme/project', (ctx) => {
    requireGlobalAdmin(ctx);
    const body = validateBody(AssignSchema, ctx.body);
    const s = ctx.site.issueTypeSchemes.get(body.issueTypeSchemeId);
    if (!s) throw notFound(`The issue type scheme with ID ${body.issueTypeSchemeId} doesn't exist.`);
    const p = ctx.site.projects.get(body.projectId);
    if (!p) throw notFound(`The project with ID ${body.projectId} doesn't exist.`);
    if (p.style !== 'classic')
      throw badRequest("Team-managed projects can't be associated with an issue type scheme.");
    // Jira: "If any issues in the project are assigned issue types not present in the new scheme, the operation will fail."
    const allowed = new Set(s.issueTypeIds);
    if (p.issues.some((i) => !allowed.has(i.issueTypeId))) {
      throw badRequest(
        "The issue type scheme can't be assigned to the project, because the project has issues of issue types that aren't in the scheme.",
      );
    }
    p.issueTypeSchemeId = s.id;
    ctx.site.touch();
    return { status: 204 };
  });

  r.put('/rest/api/3/issuetypescheme/{issueTypeSchemeId}/issuetype', (ctx) => {
    requireGlobalAdmin(ctx);
    const s = ctx.site.issueTypeSchemes.get(ctx.params.issueTypeSchemeId!);
    if (!s) throw notFound(`The issue type scheme with ID ${ctx.params.issueTypeSchemeId} doesn't exist.`);
    const body = validateBody(AddTypesSchema, ctx.body);
    for (const id of body.issueTypeIds) {
      const t = ctx.site.issueTypes.get(id);
      if (!t || t.scopeProjectId) throw badRequest(`The issue type with ID ${id} doesn't exist.`);
      if (!s.issueTypeIds.includes(id)) s.issueTypeIds.push(id);
    }
    ctx.site.touch();
    return { status: 204 };
  });

  // ---- statuses ----
  const visibleStatuses = (ctx: HandlerContext) =>
    [...ctx.site.statuses.values()].filter((s) => {
      if (!s.scopeProjectId) return true;
      const p = ctx.site.projects.get(s.scopeProjectId);
      return p !== undefined && ctx.site.canBrowse(ctx.user, p);
    });
  r.get('/rest/api/3/status', (ctx) => ok(visibleStatuses(ctx).map((s) => statusJson(ctx.site, s))));
  r.get('/rest/api/3/status/{idOrName}', (ctx) => {
    const v = ctx.params.idOrName!;
    const s = visibleStatuses(ctx).find((x) => x.id === v || x.name.toLowerCase() === v.toLowerCase());
    if (!s) throw notFound(`The status with ID or name '${v}' does not exist.`);
    return ok(statusJson(ctx.site, s));
  });
  r.get('/rest/api/3/statuscategory', (ctx) =>
    ok(STATUS_CATEGORIES.map((c) => statusCategoryJson(ctx.site, c.key))),
  );
  r.get('/rest/api/3/statuscategory/{idOrKey}', (ctx) => {
    const v = ctx.params.idOrKey!;
    const c = STATUS_CATEGORIES.find((x) => String(x.id) === v || x.key === v);
    if (!c) throw notFound(`The status category with ID or key '${v}' does not exist.`);
    return ok(statusCategoryJson(ctx.site, c.key));
  });
}
