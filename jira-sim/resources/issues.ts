/**
 * Issues (api-group-issues, api-group-issue-votes): create (v3 with ADF, and v2 with a wiki-markup string, which
 * jira.js uses for string descriptions), get with fields/properties/expand, edit (fields and update operations),
 * delete, transitions list and perform, native votes.
 */
import { z } from 'zod';
import { JiraError, badRequest, forbidden, listParam, ok, validateBody } from '../http.js';
import type { HandlerContext, Router } from '../http.js';
import { issueJson, resolveFields, transitionJson, userRef } from '../state/represent.js';
import { PRIORITIES } from '../state/site-state.js';
import type { Issue, IssueType, Project } from '../state/types.js';
import { checkProperty, jsonLength, projectOf, requireIssue, splitList } from './common.js';

const RefSchema = z.looseObject({
  id: z.string().optional(),
  key: z.string().optional(),
  name: z.string().optional(),
});

const PropertyListSchema = z.array(z.strictObject({ key: z.string(), value: z.unknown() })).optional();

const CreateSchema = z.strictObject({
  fields: z.record(z.string(), z.unknown()).optional(),
  update: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).optional(),
  properties: PropertyListSchema,
  transition: z.looseObject({ id: z.string().optional() }).optional(),
  historyMetadata: z.unknown().optional(),
});

const EditSchema = CreateSchema;

const TransitionSchema = z.strictObject({
  transition: z.looseObject({ id: z.string().optional(), looped: z.boolean().optional() }).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  update: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).optional(),
  historyMetadata: z.unknown().optional(),
  properties: PropertyListSchema,
});

const SETTABLE = new Set([
  'project',
  'issuetype',
  'summary',
  'description',
  'labels',
  'reporter',
  'assignee',
  'priority',
  'parent',
]);

/** A wiki-markup (or plain) string as the ADF document Jira stores for it. */
export function textToAdf(text: string): unknown {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.length > 0);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })),
  };
}

function isAdf(v: unknown): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { type?: unknown }).type === 'doc' &&
    Array.isArray((v as { content?: unknown }).content)
  );
}

interface FieldChanges {
  summary?: string;
  description?: unknown;
  labels?: string[];
  reporterId?: string | null;
  assigneeId?: string | null;
  priorityId?: string;
  parentId?: number | null;
}

function accountField(
  ctx: HandlerContext,
  name: string,
  v: unknown,
  errors: Record<string, string>,
): string | null | undefined {
  if (v === null) return null;
  const id = typeof v === 'object' && v ? (v as { accountId?: unknown }).accountId : undefined;
  if (typeof id !== 'string' || !ctx.site.accounts.has(id)) {
    errors[name] = `Specify a valid value for ${name}`;
    return undefined;
  }
  return id;
}

/** Applies `fields` (and `update` operations) to a change set, collecting Jira's per-field errors. */
function readFields(
  ctx: HandlerContext,
  fields: Record<string, unknown>,
  update: Record<string, Record<string, unknown>[]> | undefined,
  v2: boolean,
  current: Issue | undefined,
  errors: Record<string, string>,
): FieldChanges {
  const out: FieldChanges = {};
  for (const [name, v] of Object.entries(fields)) {
    if (name === 'project' || name === 'issuetype') continue;
    if (!SETTABLE.has(name)) {
      errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    switch (name) {
      case 'summary':
        if (typeof v !== 'string' || v.trim() === '')
          errors.summary = 'You must specify a summary of the issue.';
        else if (v.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else if (/[\r\n]/.test(v))
          errors.summary = 'The summary is invalid because it contains newline characters.';
        else out.summary = v;
        break;
      case 'description':
        if (v === null) out.description = null;
        else if (v2 && typeof v === 'string') out.description = v === '' ? null : textToAdf(v);
        else if (!v2 && isAdf(v)) {
          if (jsonLength(v) > 32_767)
            errors.description =
              'The entered text is too long. It exceeds the allowed limit of 32,767 characters.';
          else out.description = v;
        } else
          errors.description = v2
            ? 'Operation value must be a string'
            : 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
        break;
      case 'labels':
        if (!Array.isArray(v) || v.some((l) => typeof l !== 'string'))
          errors.labels = 'Operation value must be a string';
        else {
          const bad = (v as string[]).find((l) => /\s/.test(l));
          if (bad !== undefined) errors.labels = `The label '${bad}' contains spaces which is invalid.`;
          else if ((v as string[]).some((l) => l.length > 255))
            errors.labels = 'The label must not exceed 255 characters.';
          else out.labels = [...new Set(v as string[])];
        }
        break;
      case 'reporter':
      case 'assignee': {
        const id = accountField(ctx, name, v, errors);
        if (id !== undefined) {
          if (name === 'reporter') out.reporterId = id;
          else out.assigneeId = id;
        }
        break;
      }
      case 'priority': {
        const ref = RefSchema.safeParse(v);
        const pr = ref.success
          ? PRIORITIES.find((p) => p.id === ref.data.id || p.name === ref.data.name)
          : undefined;
        if (!pr) errors.priority = 'Specify the Priority (id or name) in the string format';
        else out.priorityId = pr.id;
        break;
      }
      case 'parent': {
        if (v === null) {
          out.parentId = null;
          break;
        }
        const ref = RefSchema.safeParse(v);
        const parent = ref.success ? ctx.site.resolveIssue(ref.data.key ?? ref.data.id ?? '') : undefined;
        if (!parent) errors.parent = 'Could not find issue by id or key.';
        else out.parentId = parent.id;
        break;
      }
    }
  }
  for (const [name, ops] of Object.entries(update ?? {})) {
    if (name === 'labels') {
      let labels = out.labels ?? [...(current?.labels ?? [])];
      for (const op of ops) {
        if (typeof op.add === 'string') {
          if (/\s/.test(op.add)) errors.labels = `The label '${op.add}' contains spaces which is invalid.`;
          else if (!labels.includes(op.add)) labels.push(op.add);
        } else if (typeof op.remove === 'string') labels = labels.filter((l) => l !== op.remove);
        else if (Array.isArray(op.set))
          labels = [...new Set(op.set.filter((x): x is string => typeof x === 'string'))];
        else errors.labels = 'Operation value must be a string';
      }
      out.labels = labels;
    } else if (name === 'summary' || name === 'description') {
      const setOp = ops.find((o) => 'set' in o);
      if (setOp) Object.assign(out, readFields(ctx, { [name]: setOp.set }, undefined, v2, current, errors));
    } else {
      errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
  }
  return out;
}

function resolveIssueType(ctx: HandlerContext, project: Project, v: unknown): IssueType | undefined {
  const ref = RefSchema.safeParse(v);
  if (!ref.success) return undefined;
  return ctx.site
    .projectIssueTypes(project)
    .find(
      (t) =>
        (ref.data.id !== undefined && t.id === ref.data.id) ||
        (ref.data.name !== undefined && t.name === ref.data.name),
    );
}

function applyProperties(
  ctx: HandlerContext,
  issue: Issue,
  props: { key: string; value: unknown }[] | undefined,
): void {
  for (const p of props ?? []) ctx.site.setIssueProperty(issue, p.key, p.value);
}

function checkProperties(props: { key: string; value: unknown }[] | undefined): void {
  for (const p of props ?? []) checkProperty(p.key, p.value, jsonLength(p.value));
}

function applyChanges(issue: Issue, c: FieldChanges): string[] {
  const changed: string[] = [];
  if (c.summary !== undefined && c.summary !== issue.summary) {
    issue.summary = c.summary;
    changed.push('summary');
  }
  if (c.description !== undefined) {
    issue.description = c.description;
    changed.push('description');
  }
  if (c.labels !== undefined) {
    issue.labels = c.labels;
    changed.push('labels');
  }
  if (c.reporterId !== undefined) {
    issue.reporterId = c.reporterId;
    changed.push('reporter');
  }
  if (c.assigneeId !== undefined) {
    issue.assigneeId = c.assigneeId;
    changed.push('assignee');
  }
  if (c.priorityId !== undefined) {
    issue.priorityId = c.priorityId;
    changed.push('priority');
  }
  if (c.parentId !== undefined) {
    issue.parentId = c.parentId;
    changed.push('parent');
  }
  return changed;
}

function createIssue(ctx: HandlerContext, v2: boolean) {
  const body = validateBody(CreateSchema, ctx.body ?? {});
  const fields = body.fields ?? {};
  const errors: Record<string, string> = {};
  const pref = RefSchema.safeParse(fields.project);
  const project = pref.success ? ctx.site.resolveProject(pref.data.id ?? pref.data.key ?? '') : undefined;
  if (!project || !ctx.site.canBrowse(ctx.user, project)) {
    errors.project = 'Specify a valid project ID or key';
    throw new JiraError(400, [], errors);
  }
  // OpenAPI: "Browse projects and Create issues"; 403 "if the user does not have the necessary permission".
  if (!ctx.site.can(ctx.user, project, 'CREATE_ISSUES'))
    throw forbidden('You do not have permission to create issues in this project.');
  const issueType =
    fields.issuetype === undefined ? undefined : resolveIssueType(ctx, project, fields.issuetype);
  if (fields.issuetype === undefined) errors.issuetype = 'Specify an issue type';
  else if (!issueType) errors.issuetype = 'Specify a valid issue type';
  if (fields.summary === undefined && !body.update?.summary)
    errors.summary = 'You must specify a summary of the issue.';
  const changes = readFields(ctx, fields, body.update, v2, undefined, errors);
  checkProperties(body.properties);
  if (issueType?.subtask && changes.parentId === undefined)
    errors.parent = 'Given parent issue does not belong to appropriate hierarchy.';
  if (Object.keys(errors).length > 0 || !issueType) throw new JiraError(400, [], errors);
  let statusId: string | undefined;
  if (body.transition?.id) {
    const t = project.workflow.transitions.find((x) => x.id === body.transition!.id);
    if (!t) throw badRequest(`Transition id '${body.transition.id}' is not valid for this issue.`);
    statusId = t.toStatusId;
  }
  const issue = ctx.site.createIssue(project, {
    issueTypeId: issueType.id,
    summary: changes.summary ?? '',
    description: changes.description ?? null,
    labels: changes.labels ?? [],
    reporterId: changes.reporterId ?? ctx.user.accountId,
    assigneeId: changes.assigneeId ?? null,
    priorityId: changes.priorityId,
    parentId: changes.parentId ?? null,
    statusId,
  });
  issue.creatorId = ctx.user.accountId;
  applyProperties(ctx, issue, body.properties);
  ctx.site.emit({ webhookEvent: 'jira:issue_created', issue, user: ctx.user, timestamp: ctx.site.now() });
  return {
    status: 201,
    body: {
      id: String(issue.id),
      key: issue.key,
      self: `${ctx.site.baseUrl}/rest/api/${v2 ? 2 : 3}/issue/${issue.id}`,
    },
  };
}

/**
 * OpenAPI for edit and transition: "Browse projects and Edit (Transition) issues"; a user without the permission
 * is listed under 400, not 403.
 */
function requireIssuePermission(
  ctx: HandlerContext,
  issue: Issue,
  key: 'EDIT_ISSUES' | 'TRANSITION_ISSUES',
): void {
  if (ctx.site.can(ctx.user, projectOf(ctx, issue), key)) return;
  throw badRequest(
    key === 'EDIT_ISSUES'
      ? 'You do not have permission to edit issues in this project.'
      : 'You do not have permission to transition this issue.',
  );
}

function editIssue(ctx: HandlerContext, v2: boolean) {
  const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
  requireIssuePermission(ctx, issue, 'EDIT_ISSUES');
  const body = validateBody(EditSchema, ctx.body ?? {});
  const errors: Record<string, string> = {};
  const fields = { ...(body.fields ?? {}) };
  for (const f of ['project', 'issuetype'] as const) {
    if (f in fields)
      errors[f] = `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`;
  }
  const changes = readFields(ctx, fields, body.update, v2, issue, errors);
  checkProperties(body.properties);
  if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);
  ctx.site.indexWrite(issue);
  const changed = applyChanges(issue, changes);
  applyProperties(ctx, issue, body.properties);
  issue.updated = ctx.site.now();
  ctx.site.changed();
  ctx.site.emit({
    webhookEvent: 'jira:issue_updated',
    issue,
    changedFields: changed,
    user: ctx.user,
    timestamp: ctx.site.now(),
  });
  if (ctx.query.get('returnIssue') === 'true') {
    return ok(
      issueJson(ctx.site, issue, {
        fields: resolveFields(undefined, '*all'),
        viewer: ctx.user,
        expand: splitList(ctx.query.get('expand')),
      }),
    );
  }
  return { status: 204 };
}

export function register(r: Router): void {
  r.post('/rest/api/3/issue', (ctx) => createIssue(ctx, false));
  r.post('/rest/api/2/issue', (ctx) => createIssue(ctx, true));
  r.put('/rest/api/3/issue/{issueIdOrKey}', (ctx) => editIssue(ctx, false));
  r.put('/rest/api/2/issue/{issueIdOrKey}', (ctx) => editIssue(ctx, true));

  r.get('/rest/api/3/issue/{issueIdOrKey}', (ctx) => {
    const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
    const fields = resolveFields(listParam(ctx.query, 'fields'), '*all');
    return ok(
      issueJson(ctx.site, issue, {
        fields,
        properties: listParam(ctx.query, 'properties'),
        expand: splitList(ctx.query.get('expand')),
        viewer: ctx.user,
      }),
    );
  });

  r.delete('/rest/api/3/issue/{issueIdOrKey}', (ctx) => {
    const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
    // OpenAPI: "Browse projects and Delete issues"; 403 "if the user does not have permission to delete".
    if (!ctx.site.can(ctx.user, projectOf(ctx, issue), 'DELETE_ISSUES'))
      throw forbidden('You do not have permission to delete issues in this project.');
    const subtasks = [...ctx.site.issues.values()].filter(
      (i) => i.parentId === issue.id && ctx.site.issueTypes.get(i.issueTypeId)?.subtask,
    );
    if (subtasks.length > 0 && ctx.query.get('deleteSubtasks') !== 'true') {
      throw badRequest(`The issue has subtasks. To delete, set deleteSubtasks=true.`);
    }
    for (const s of subtasks) ctx.site.deleteIssue(s);
    ctx.site.deleteIssue(issue);
    ctx.site.emit({ webhookEvent: 'jira:issue_deleted', issue, user: ctx.user, timestamp: ctx.site.now() });
    return { status: 204 };
  });

  r.get('/rest/api/3/issue/{issueIdOrKey}/transitions', (ctx) => {
    const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
    // Jira lists only the transitions the caller may perform: none without Transition issues.
    let ts = ctx.site.can(ctx.user, projectOf(ctx, issue), 'TRANSITION_ISSUES')
      ? ctx.site.availableTransitions(issue)
      : [];
    const tid = ctx.query.get('transitionId');
    if (tid) ts = ts.filter((t) => t.id === tid);
    return ok({ expand: 'transitions', transitions: ts.map((t) => transitionJson(ctx.site, t)) });
  });

  r.post('/rest/api/3/issue/{issueIdOrKey}/transitions', (ctx) => {
    const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
    requireIssuePermission(ctx, issue, 'TRANSITION_ISSUES');
    const body = validateBody(TransitionSchema, ctx.body ?? {});
    const id = body.transition?.id;
    if (!id) throw badRequest('Missing transition id.');
    const t = ctx.site.availableTransitions(issue).find((x) => x.id === id);
    if (!t) throw badRequest(`Transition id '${id}' is not valid for this issue.`);
    const errors: Record<string, string> = {};
    const changes = readFields(ctx, body.fields ?? {}, body.update, false, issue, errors);
    checkProperties(body.properties);
    if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);
    applyChanges(issue, changes);
    applyProperties(ctx, issue, body.properties);
    ctx.site.setIssueStatus(issue, t.toStatusId);
    ctx.site.emit({
      webhookEvent: 'jira:issue_updated',
      issue,
      changedFields: ['status'],
      user: ctx.user,
      timestamp: ctx.site.now(),
    });
    return { status: 204 };
  });

  r.get('/rest/api/3/issue/{issueIdOrKey}/votes', (ctx) => {
    const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
    const voters = issue.voters ?? [];
    return ok({
      self: `${ctx.site.baseUrl}/rest/api/3/issue/${issue.key}/votes`,
      votes: voters.length,
      hasVoted: voters.includes(ctx.user.accountId),
      voters: voters
        .map((id) => ctx.site.accounts.get(id))
        .filter((a) => a !== undefined)
        .map((a) => userRef(ctx.site, a)),
    });
  });
  r.post('/rest/api/3/issue/{issueIdOrKey}/votes', (ctx) => {
    const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
    if (issue.resolutionDate !== null) throw forbidden('You cannot vote for a resolved issue.');
    ctx.site.indexWrite(issue);
    issue.voters ??= [];
    if (!issue.voters.includes(ctx.user.accountId)) issue.voters = [...issue.voters, ctx.user.accountId];
    ctx.site.changed();
    return { status: 204 };
  });
  r.delete('/rest/api/3/issue/{issueIdOrKey}/votes', (ctx) => {
    const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
    ctx.site.indexWrite(issue);
    if (issue.voters) issue.voters = issue.voters.filter((v) => v !== ctx.user.accountId);
    if (issue.voters?.length === 0) issue.voters = null;
    ctx.site.changed();
    return { status: 204 };
  });
}
