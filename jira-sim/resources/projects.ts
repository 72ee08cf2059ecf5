/** Projects (api-group-projects): search with paging, get, list, statuses per issue type. */
import { badRequest, intParam, listParam, ok } from '../http.js';
import type { Router } from '../http.js';
import { issueTypeJson, projectJson, statusJson } from '../state/represent.js';
import { requireProject, splitList } from './common.js';

const ORDER_FIELDS = new Set([
  'category',
  'issueCount',
  'key',
  'lastIssueUpdatedDate',
  'name',
  'owner',
  'archivedDate',
  'deletedDate',
]);

export function register(r: Router): void {
  r.get('/rest/api/3/project/search', ({ site, user, query }) => {
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = intParam(query, 'maxResults', 50);
    if (startAt < 0) throw badRequest("'startAt' must be a positive integer.");
    if (maxResults < 0) throw badRequest("'maxResults' must be a positive integer.");
    const cap = Math.min(maxResults, 100);
    const orderByRaw = query.get('orderBy') ?? 'key';
    const desc = orderByRaw.startsWith('-');
    const orderBy = orderByRaw.replace(/^[-+]/, '');
    if (!ORDER_FIELDS.has(orderBy)) throw badRequest(`Invalid orderBy value: '${orderByRaw}'.`);
    const q = (query.get('query') ?? '').toLowerCase();
    const keys = listParam(query, 'keys');
    const ids = listParam(query, 'id');
    const typeKey = listParam(query, 'typeKey');
    let projects = [...site.projects.values()].filter((p) => site.canBrowse(user, p));
    if (q)
      projects = projects.filter((p) => p.key.toLowerCase().includes(q) || p.name.toLowerCase().includes(q));
    if (keys) projects = projects.filter((p) => keys.some((k) => k.toUpperCase() === p.key));
    if (ids) projects = projects.filter((p) => ids.includes(p.id));
    if (typeKey) projects = projects.filter((p) => typeKey.includes(p.projectTypeKey));
    const key = (p: (typeof projects)[number]): string | number =>
      orderBy === 'name' ? p.name.toLowerCase() : orderBy === 'issueCount' ? p.issues.length : p.key;
    projects.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return desc ? -c : c;
    });
    const page = projects.slice(startAt, startAt + cap);
    const isLast = startAt + page.length >= projects.length;
    const expand = splitList(query.get('expand'));
    const properties = listParam(query, 'properties') ?? [];
    const self = `${site.baseUrl}/rest/api/3/project/search?maxResults=${cap}&startAt=${startAt}`;
    const body: Record<string, unknown> = {
      self,
      maxResults: cap,
      startAt,
      total: projects.length,
      isLast,
      values: page.map((p) => projectJson(site, p, user, expand, properties)),
    };
    if (!isLast)
      body.nextPage = `${site.baseUrl}/rest/api/3/project/search?maxResults=${cap}&startAt=${startAt + cap}`;
    return ok(body);
  });

  r.get('/rest/api/3/project', ({ site, user, query }) => {
    const expand = splitList(query.get('expand'));
    const properties = listParam(query, 'properties') ?? [];
    return ok(
      [...site.projects.values()]
        .filter((p) => site.canBrowse(user, p))
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((p) => projectJson(site, p, user, expand, properties)),
    );
  });

  r.get('/rest/api/3/project/{projectIdOrKey}', (ctx) => {
    const p = requireProject(ctx, ctx.params.projectIdOrKey!);
    return ok(
      projectJson(
        ctx.site,
        p,
        ctx.user,
        splitList(ctx.query.get('expand')),
        listParam(ctx.query, 'properties') ?? [],
      ),
    );
  });

  r.get('/rest/api/3/project/{projectIdOrKey}/statuses', (ctx) => {
    const p = requireProject(ctx, ctx.params.projectIdOrKey!);
    const statuses = p.workflow.statusIds.map((id) => statusJson(ctx.site, ctx.site.statuses.get(id)!));
    return ok(
      ctx.site.projectIssueTypes(p).map((t) => ({
        self: issueTypeJson(ctx.site, t).self,
        id: t.id,
        name: t.name,
        subtask: t.subtask,
        statuses,
      })),
    );
  });
}
