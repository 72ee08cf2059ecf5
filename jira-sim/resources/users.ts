/** Myself and users (api-group-myself, api-group-users, api-group-user-search). */
import { badRequest, intParam, notFound, ok } from '../http.js';
import type { Router } from '../http.js';
import { groupName, userFull, userRef } from '../state/represent.js';
import { splitList } from './common.js';

export function register(r: Router): void {
  r.get('/rest/api/3/myself', ({ site, user, query }) =>
    ok(userFull(site, user, splitList(query.get('expand')))),
  );

  r.get('/rest/api/3/user', ({ site, query }) => {
    const id = query.get('accountId');
    if (!id) throw badRequest('The accountId query parameter needs to be provided.');
    const a = site.accounts.get(id);
    if (!a) throw notFound(`Specified user does not exist or you do not have required permissions`);
    return ok(userFull(site, a, splitList(query.get('expand'))));
  });

  r.get('/rest/api/3/user/groups', ({ site, query }) => {
    const id = query.get('accountId');
    if (!id) throw badRequest('The accountId query parameter needs to be provided.');
    const a = site.accounts.get(id);
    if (!a) throw notFound(`Specified user does not exist or you do not have required permissions`);
    return ok(site.groupsOf(a.accountId).map((g) => groupName(site, g.name, g.groupId)));
  });

  const list = ({ site, query }: Parameters<Parameters<Router['get']>[1]>[0]) => {
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = Math.min(intParam(query, 'maxResults', 50), 1000);
    const all = [...site.accounts.values()];
    return ok(all.slice(startAt, startAt + maxResults).map((a) => userRef(site, a)));
  };
  r.get('/rest/api/3/users', list);
  r.get('/rest/api/3/users/search', list);

  r.get('/rest/api/3/user/search', ({ site, query }) => {
    const q = (query.get('query') ?? '').toLowerCase();
    const accountId = query.get('accountId');
    if (!q && !accountId)
      throw badRequest("One of 'query' or 'accountId' query parameters must be provided.");
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = Math.min(intParam(query, 'maxResults', 50), 1000);
    const found = [...site.accounts.values()].filter((a) =>
      accountId
        ? a.accountId === accountId
        : a.displayName.toLowerCase().includes(q) || a.emailAddress.toLowerCase().startsWith(q),
    );
    return ok(found.slice(startAt, startAt + maxResults).map((a) => userRef(site, a)));
  });
}
