/**
 * Entity properties of projects and issues (api-group-project-properties, api-group-issue-properties),
 * including the bulk issue property operations. Limits as Jira: keys up to 255 characters, values up to
 * 32,768 characters of JSON.
 */
import { z } from 'zod';
import { INVALID_PAYLOAD, JiraError, badRequest, notFound, ok, validateBody } from '../http.js';
import type { HandlerContext, Router } from '../http.js';
import { checkProperty, jsonLength, requireIssue, requireProject, requireProjectAdmin } from './common.js';
import type { Issue } from '../state/types.js';

function propertyBody(ctx: HandlerContext): unknown {
  return checkProperty(ctx.params.propertyKey!, ctx.body, jsonLength(ctx.body));
}

/** OpenAPI for issue property writes: "Browse projects and Edit issues" in the issue's project. */
function canEditIssue(ctx: HandlerContext, issue: Issue): boolean {
  const p = ctx.site.projects.get(issue.projectId)!;
  return ctx.site.canBrowse(ctx.user, p) && ctx.site.can(ctx.user, p, 'EDIT_ISSUES');
}

const BulkByIssueSchema = z.strictObject({
  issues: z
    .array(
      z.strictObject({
        issueID: z.number().int(),
        properties: z.record(z.string(), z.unknown()),
      }),
    )
    .max(1000),
});

const BulkListSchema = z.strictObject({
  entitiesIds: z.array(z.number().int()).max(10_000),
  properties: z.record(z.string(), z.unknown()),
});

const BulkSetOneSchema = z.strictObject({
  value: z.unknown().optional(),
  expression: z.string().optional(),
  filter: z
    .strictObject({
      entityIds: z.array(z.number().int()).optional(),
      currentValue: z.unknown().optional(),
      hasProperty: z.boolean().optional(),
    })
    .optional(),
});

const BulkDeleteSchema = z.strictObject({
  currentValue: z.unknown().optional(),
  entityIds: z.array(z.number().int()).optional(),
});

let taskSeq = 10000;

/** Jira runs bulk property writes as an async task: 303 See Other to the task, which fetch follows. */
function taskRedirect(ctx: HandlerContext): { status: number; headers: Record<string, string> } {
  const id = String(taskSeq++);
  completedTasks.set(id, ctx.site.now());
  return { status: 303, headers: { location: `${ctx.site.baseUrl}/rest/api/3/task/${id}` } };
}
const completedTasks = new Map<string, number>();

export function register(r: Router): void {
  // ---- project properties ----
  r.get('/rest/api/3/project/{projectIdOrKey}/properties', (ctx) => {
    const p = requireProject(ctx, ctx.params.projectIdOrKey!);
    return ok({
      keys: [...p.properties.keys()].map((key) => ({
        self: `${ctx.site.baseUrl}/rest/api/3/project/${p.id}/properties/${encodeURIComponent(key)}`,
        key,
      })),
    });
  });
  r.get('/rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}', (ctx) => {
    const p = requireProject(ctx, ctx.params.projectIdOrKey!);
    const key = ctx.params.propertyKey!;
    if (!p.properties.has(key)) throw notFound(`The property with key '${key}' does not exist.`);
    return ok({ key, value: p.properties.get(key) });
  });
  r.put('/rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}', (ctx) => {
    const p = requireProject(ctx, ctx.params.projectIdOrKey!);
    requireProjectAdmin(ctx, p, 'edit the properties of this project');
    const value = propertyBody(ctx);
    const key = ctx.params.propertyKey!;
    const existed = p.properties.has(key);
    p.properties.set(key, value);
    ctx.site.touch();
    ctx.site.emit({
      webhookEvent: 'project_updated',
      project: p,
      propertyKey: key,
      user: ctx.user,
      timestamp: ctx.site.now(),
    });
    return { status: existed ? 200 : 201 };
  });
  r.delete('/rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}', (ctx) => {
    const p = requireProject(ctx, ctx.params.projectIdOrKey!);
    requireProjectAdmin(ctx, p, 'edit the properties of this project');
    const key = ctx.params.propertyKey!;
    if (!p.properties.delete(key)) throw notFound(`The property with key '${key}' does not exist.`);
    ctx.site.touch();
    return { status: 204 };
  });

  // ---- issue properties ----
  r.get('/rest/api/3/issue/{issueIdOrKey}/properties', (ctx) => {
    const i = requireIssue(ctx, ctx.params.issueIdOrKey!);
    return ok({
      keys: [...(i.properties?.keys() ?? [])].map((key) => ({
        self: `${ctx.site.baseUrl}/rest/api/3/issue/${i.id}/properties/${encodeURIComponent(key)}`,
        key,
      })),
    });
  });
  r.get('/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (ctx) => {
    const i = requireIssue(ctx, ctx.params.issueIdOrKey!);
    const key = ctx.params.propertyKey!;
    if (!i.properties?.has(key)) throw notFound(`The property with key '${key}' does not exist.`);
    return ok({ key, value: i.properties.get(key) });
  });
  r.put('/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (ctx) => {
    const i = requireIssue(ctx, ctx.params.issueIdOrKey!);
    if (!canEditIssue(ctx, i)) throw new JiraError(403, ['You do not have permission to edit this issue.']);
    const value = propertyBody(ctx);
    const key = ctx.params.propertyKey!;
    const existed = ctx.site.setIssueProperty(i, key, value);
    ctx.site.emit({
      webhookEvent: 'issue_property_set',
      issue: i,
      propertyKey: key,
      user: ctx.user,
      timestamp: ctx.site.now(),
    });
    return { status: existed ? 200 : 201 };
  });
  r.delete('/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (ctx) => {
    const i = requireIssue(ctx, ctx.params.issueIdOrKey!);
    // OpenAPI: 404 "if the issue or property is not found, or the user does not have permission to edit the issue".
    if (!canEditIssue(ctx, i)) throw notFound('You do not have permission to edit this issue.');
    const key = ctx.params.propertyKey!;
    if (!ctx.site.deleteIssueProperty(i, key))
      throw notFound(`The property with key '${key}' does not exist.`);
    ctx.site.emit({
      webhookEvent: 'issue_property_deleted',
      issue: i,
      propertyKey: key,
      user: ctx.user,
      timestamp: ctx.site.now(),
    });
    return { status: 204 };
  });

  // ---- bulk ----
  const validateProps = (props: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(props)) checkProperty(k, v, jsonLength(v));
  };
  // The bulk operations are non-transactional (OpenAPI): issues the caller may not edit are skipped.
  const visible = (ctx: HandlerContext, id: number): Issue | undefined => {
    const i = ctx.site.issues.get(id);
    return i && canEditIssue(ctx, i) ? i : undefined;
  };

  r.post('/rest/api/3/issue/properties/multi', (ctx) => {
    const body = validateBody(BulkByIssueSchema, ctx.body);
    for (const e of body.issues) validateProps(e.properties);
    for (const e of body.issues) {
      const i = visible(ctx, e.issueID);
      if (!i) continue;
      for (const [k, v] of Object.entries(e.properties)) ctx.site.setIssueProperty(i, k, v);
    }
    return taskRedirect(ctx);
  });
  r.post('/rest/api/3/issue/properties', (ctx) => {
    const body = validateBody(BulkListSchema, ctx.body);
    validateProps(body.properties);
    for (const id of body.entitiesIds) {
      const i = visible(ctx, id);
      if (!i) continue;
      for (const [k, v] of Object.entries(body.properties)) ctx.site.setIssueProperty(i, k, v);
    }
    return taskRedirect(ctx);
  });
  r.put('/rest/api/3/issue/properties/{propertyKey}', (ctx) => {
    const body = validateBody(BulkSetOneSchema, ctx.body ?? {});
    if (body.expression !== undefined)
      throw badRequest('Jira expressions are not supported by the simulator.');
    if (body.value === undefined) throw badRequest(INVALID_PAYLOAD);
    const key = ctx.params.propertyKey!;
    checkProperty(key, body.value, jsonLength(body.value));
    const ids = body.filter?.entityIds ?? [...ctx.site.issues.keys()];
    for (const id of ids) {
      const i = visible(ctx, id);
      if (!i) continue;
      const cur = i.properties?.get(key);
      if (body.filter?.hasProperty !== undefined && (cur !== undefined) !== body.filter.hasProperty) continue;
      if (
        body.filter?.currentValue !== undefined &&
        JSON.stringify(cur) !== JSON.stringify(body.filter.currentValue)
      )
        continue;
      ctx.site.setIssueProperty(i, key, body.value);
    }
    return taskRedirect(ctx);
  });
  r.delete('/rest/api/3/issue/properties/{propertyKey}', (ctx) => {
    const body = validateBody(BulkDeleteSchema, ctx.body ?? {});
    const key = ctx.params.propertyKey!;
    const ids = body.entityIds ?? [...ctx.site.issues.keys()];
    for (const id of ids) {
      const i = visible(ctx, id);
      if (!i) continue;
      if (
        body.currentValue !== undefined &&
        JSON.stringify(i.properties?.get(key)) !== JSON.stringify(body.currentValue)
      )
        continue;
      ctx.site.deleteIssueProperty(i, key);
    }
    return taskRedirect(ctx);
  });

  r.get('/rest/api/3/task/{taskId}', (ctx) => {
    const id = ctx.params.taskId!;
    const at = completedTasks.get(id);
    if (at === undefined) throw notFound(`Task with id ${id} does not exist.`);
    return ok({
      self: `${ctx.site.baseUrl}/rest/api/3/task/${id}`,
      id,
      description: 'Bulk entity property set',
      status: 'COMPLETE',
      result: null,
      submittedBy: 0,
      progress: 100,
      elapsedRuntime: 1,
      submitted: at,
      started: at,
      finished: at,
      lastUpdate: at,
    });
  });
}
