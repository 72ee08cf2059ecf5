/** Groups and group members (api-group-groups). Group management needs Administer Jira. */
import { z } from 'zod';
import { JiraError, badRequest, intParam, notFound, ok, validateBody } from '../http.js';
import type { HandlerContext, Router } from '../http.js';
import { userRef } from '../state/represent.js';
import type { Group } from '../state/types.js';
import { requireGlobalAdmin } from './common.js';

const CreateGroupSchema = z.strictObject({ name: z.string() });
const AddUserSchema = z.strictObject({ accountId: z.string().optional(), name: z.string().optional() });

function findGroup(ctx: HandlerContext): Group {
  const groupname = ctx.query.get('groupname') ?? undefined;
  const groupId = ctx.query.get('groupId') ?? undefined;
  if (!groupname && !groupId) throw badRequest('You must specify a group name or group ID.');
  const g = ctx.site.findGroup({ groupname, groupId });
  if (!g) throw notFound(`Specified group does not exist.`);
  return g;
}

function groupJson(ctx: HandlerContext, g: Group): Record<string, unknown> {
  return {
    name: g.name,
    groupId: g.groupId,
    self: `${ctx.site.baseUrl}/rest/api/3/group?groupId=${g.groupId}`,
    users: { size: g.members.size, items: [], 'max-results': 50, 'start-index': 0, 'end-index': 0 },
    expand: 'users',
  };
}

export function register(r: Router): void {
  r.get('/rest/api/3/group/member', (ctx) => {
    const g = findGroup(ctx);
    const startAt = intParam(ctx.query, 'startAt', 0);
    const maxResults = Math.min(intParam(ctx.query, 'maxResults', 50), 50);
    const includeInactive = ctx.query.get('includeInactiveUsers') === 'true';
    const members = [...g.members]
      .map((id) => ctx.site.accounts.get(id))
      .filter((a) => a !== undefined && (includeInactive || a.active))
      .map((a) => userRef(ctx.site, a!));
    const values = members.slice(startAt, startAt + maxResults);
    const isLast = startAt + values.length >= members.length;
    const q = `groupId=${g.groupId}&includeInactiveUsers=${includeInactive}`;
    const body: Record<string, unknown> = {
      self: `${ctx.site.baseUrl}/rest/api/3/group/member?${q}&maxResults=${maxResults}&startAt=${startAt}`,
      maxResults,
      startAt,
      total: members.length,
      isLast,
      values,
    };
    if (!isLast)
      body.nextPage = `${ctx.site.baseUrl}/rest/api/3/group/member?${q}&maxResults=${maxResults}&startAt=${startAt + maxResults}`;
    return ok(body);
  });

  r.get('/rest/api/3/group/bulk', (ctx) => {
    const startAt = intParam(ctx.query, 'startAt', 0);
    const maxResults = Math.min(intParam(ctx.query, 'maxResults', 50), 50);
    const names = ctx.query.getAll('groupName').map((n) => n.toLowerCase());
    const ids = ctx.query.getAll('groupId');
    const all = [...ctx.site.groups.values()].filter(
      (g) =>
        (names.length === 0 && ids.length === 0) ||
        names.includes(g.name.toLowerCase()) ||
        ids.includes(g.groupId),
    );
    const values = all
      .slice(startAt, startAt + maxResults)
      .map((g) => ({ name: g.name, groupId: g.groupId }));
    return ok({
      maxResults,
      startAt,
      total: all.length,
      isLast: startAt + values.length >= all.length,
      values,
    });
  });

  r.get('/rest/api/3/groups/picker', (ctx) => {
    const q = (ctx.query.get('query') ?? '').toLowerCase();
    const max = intParam(ctx.query, 'maxResults', 20);
    const all = [...ctx.site.groups.values()]
      .filter((g) => g.name.toLowerCase().includes(q))
      .sort((a, b) => a.name.localeCompare(b.name));
    const shown = all.slice(0, max);
    return ok({
      header: `Showing ${shown.length} of ${all.length} matching groups`,
      total: all.length,
      groups: shown.map((g) => ({ name: g.name, html: g.name, labels: [], groupId: g.groupId })),
    });
  });

  r.post('/rest/api/3/group', (ctx) => {
    requireGlobalAdmin(ctx);
    const body = validateBody(CreateGroupSchema, ctx.body);
    if (body.name.trim() === '') throw badRequest('You must specify a valid group name.');
    if (ctx.site.groups.has(body.name.toLowerCase()))
      throw badRequest('A group with that name already exists.');
    const g = ctx.site.addGroup(body.name);
    return { status: 201, body: groupJson(ctx, g) };
  });

  r.delete('/rest/api/3/group', (ctx) => {
    requireGlobalAdmin(ctx);
    const g = findGroup(ctx);
    ctx.site.groups.delete(g.name.toLowerCase());
    ctx.site.touch();
    return { status: 200 };
  });

  r.post('/rest/api/3/group/user', (ctx) => {
    requireGlobalAdmin(ctx);
    const g = findGroup(ctx);
    const body = validateBody(AddUserSchema, ctx.body);
    if (!body.accountId) throw badRequest('You must specify the accountId of the user to add.');
    if (!ctx.site.accounts.has(body.accountId))
      throw badRequest(`User with account id '${body.accountId}' does not exist.`);
    if (g.members.has(body.accountId))
      throw badRequest(`Cannot add user. User is already a member of '${g.name}'.`);
    ctx.site.addToGroup(g.name, body.accountId);
    return { status: 201, body: groupJson(ctx, g) };
  });

  r.delete('/rest/api/3/group/user', (ctx) => {
    requireGlobalAdmin(ctx);
    const g = findGroup(ctx);
    const id = ctx.query.get('accountId');
    if (!id) throw badRequest('You must specify the accountId of the user to remove.');
    if (!g.members.delete(id)) throw new JiraError(404, ['The user is not a member of this group.']);
    ctx.site.touch();
    return { status: 200 };
  });
}
