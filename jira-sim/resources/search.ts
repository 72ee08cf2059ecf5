/**
 * Issue search as Jira Cloud has it today (api-group-issue-search): enhanced search GET/POST
 * /rest/api/3/search/jql with nextPageToken paging, approximate count, JQL parse errors as 400, and the removed
 * /rest/api/{2,3}/search answering 410 Gone.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { JiraError, badRequest, listParam, ok, validateBody } from '../http.js';
import type { HandlerContext, Router } from '../http.js';
import { JqlSyntaxError } from '../jql/lexer.js';
import { JqlValidationError, compileJql, countQuery, runQuery } from '../jql/evaluate.js';
import type { CompiledQuery } from '../jql/evaluate.js';
import { FIELD_META, issueJson, resolveFields } from '../state/represent.js';
import type { SiteState } from '../state/site-state.js';
import type { Account, Issue } from '../state/types.js';
import { splitList } from './common.js';

export const DEFAULT_MAX_RESULTS = 50;
/** Jira's page caps: up to 5000 when only ids/keys are requested, otherwise 100. */
export const MAX_RESULTS_IDS = 5000;
export const MAX_RESULTS_FIELDS = 100;

const UNBOUNDED =
  'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
const REMOVED =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

const SearchBodySchema = z.strictObject({
  jql: z.string().optional(),
  nextPageToken: z.string().nullish(),
  maxResults: z.number().int().optional(),
  fields: z.array(z.string()).optional(),
  expand: z.string().optional(),
  properties: z.array(z.string()).max(5).optional(),
  fieldsByKeys: z.boolean().optional(),
  failFast: z.boolean().optional(),
  reconcileIssues: z.array(z.number().int()).optional(),
});

/** Jira's documented cap on `reconcileIssues` ("Accepts max 50 ids"). */
export const MAX_RECONCILE_ISSUES = 50;

function reconcileSet(ids: number[] | undefined): ReadonlySet<number> | undefined {
  if (!ids || ids.length === 0) return undefined;
  if (ids.length > MAX_RECONCILE_ISSUES)
    throw badRequest(`The 'reconcileIssues' parameter accepts at most ${MAX_RECONCILE_ISSUES} issue ids.`);
  return new Set(ids);
}

const CountBodySchema = z.strictObject({ jql: z.string().optional() });

interface CacheEntry {
  version: number;
  indexGeneration: number;
  issues: Issue[];
}

/** Per-site cache of ordered results, keyed by viewer and JQL, invalidated by any mutation of the site. */
const caches = new WeakMap<SiteState, Map<string, CacheEntry>>();
const CACHE_SIZE = 32;

function compile(
  site: SiteState,
  user: Account,
  jql: string,
  reconcile?: ReadonlySet<number>,
): CompiledQuery {
  try {
    return compileJql(jql, site, user, reconcile);
  } catch (e) {
    if (e instanceof JqlSyntaxError) throw badRequest(e.message);
    if (e instanceof JqlValidationError) throw badRequest(e.messages);
    throw e;
  }
}

function ordered(
  site: SiteState,
  user: Account,
  jql: string,
  q: CompiledQuery,
  reconcile: ReadonlySet<number> | undefined,
): Issue[] {
  // A reconciled read differs from the plain one only while its ids are outside the index: not worth caching.
  if (reconcile && site.indexLagging) return runQuery(q);
  let cache = caches.get(site);
  if (!cache) caches.set(site, (cache = new Map()));
  const key = `${user.accountId}\u0000${jql}`;
  const hit = cache.get(key);
  if (hit && hit.version === site.version && hit.indexGeneration === site.indexGeneration) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.issues;
  }
  const issues = runQuery(q);
  cache.set(key, { version: site.version, indexGeneration: site.indexGeneration, issues });
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return issues;
}

function jqlHash(jql: string): string {
  return createHash('sha256').update(jql).digest('base64url').slice(0, 12);
}

function encodeToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, h: jqlHash(jql) })).toString('base64url');
}

function decodeToken(token: string, jql: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; h?: unknown };
    if (typeof t.o === 'number' && Number.isInteger(t.o) && t.o >= 0 && t.h === jqlHash(jql)) return t.o;
  } catch {
    // fall through
  }
  throw badRequest('The provided next page token is invalid or expired.');
}

interface SearchInput {
  jql: string;
  nextPageToken?: string | null;
  maxResults?: number;
  fields?: string[];
  expand: string[];
  properties?: string[];
  reconcileIssues?: number[];
}

export function search(ctx: HandlerContext, input: SearchInput): Record<string, unknown> {
  const { site, user } = ctx;
  const reconcile = reconcileSet(input.reconcileIssues);
  const q = compile(site, user, input.jql, reconcile);
  if (!q.bounded) throw badRequest(UNBOUNDED);
  const requested = input.fields;
  const idsOnly = !requested || requested.every((f) => f === 'id' || f === 'key');
  const cap = idsOnly && !input.properties?.length ? MAX_RESULTS_IDS : MAX_RESULTS_FIELDS;
  const wanted = input.maxResults ?? DEFAULT_MAX_RESULTS;
  if (wanted < 0) throw badRequest("The 'maxResults' parameter must be a positive number.");
  const pageSize = Math.min(wanted, cap);
  const offset = input.nextPageToken ? decodeToken(input.nextPageToken, input.jql) : 0;
  const all = ordered(site, user, input.jql, q, reconcile);
  const page = all.slice(offset, offset + pageSize);
  const fields = resolveFields(requested, 'id');
  const minimal = !requested && !input.properties?.length && input.expand.length === 0;
  const issues = page.map((i) =>
    minimal
      ? { id: String(i.id) }
      : issueJson(site, i, { fields, properties: input.properties, expand: input.expand, viewer: user }),
  );
  const isLast = offset + page.length >= all.length;
  const body: Record<string, unknown> = { issues, isLast };
  if (!isLast) body.nextPageToken = encodeToken(offset + page.length, input.jql);
  if (input.expand.includes('names')) {
    body.names = Object.fromEntries(fields.map((f) => [f, FIELD_META[f]?.name ?? f]));
  }
  if (input.expand.includes('schema')) {
    body.schema = Object.fromEntries(fields.map((f) => [f, FIELD_META[f]?.schema ?? { type: 'any' }]));
  }
  return body;
}

/** `reconcileIssues` in a query string: repeated and/or comma-separated int64 ids. */
function reconcileParam(query: URLSearchParams): number[] | undefined {
  const raw = query.getAll('reconcileIssues').flatMap((v) => v.split(','));
  const ids = raw.map((v) => v.trim()).filter((v) => v !== '');
  if (ids.length === 0) return undefined;
  for (const v of ids)
    if (!/^-?\d+$/.test(v)) throw badRequest(`The value '${v}' is invalid for parameter 'reconcileIssues'.`);
  return ids.map(Number);
}

export function register(r: Router): void {
  r.get('/rest/api/3/search/jql', (ctx) => {
    const mr = ctx.query.get('maxResults');
    if (mr !== null && !/^-?\d+$/.test(mr))
      throw badRequest(`The value '${mr}' is invalid for parameter 'maxResults'.`);
    return ok(
      search(ctx, {
        jql: ctx.query.get('jql') ?? '',
        nextPageToken: ctx.query.get('nextPageToken'),
        maxResults: mr === null ? undefined : Number(mr),
        fields: listParam(ctx.query, 'fields'),
        expand: splitList(ctx.query.get('expand')),
        properties: listParam(ctx.query, 'properties'),
        reconcileIssues: reconcileParam(ctx.query),
      }),
    );
  });
  r.post('/rest/api/3/search/jql', (ctx) => {
    const body = validateBody(SearchBodySchema, ctx.body ?? {});
    return ok(
      search(ctx, {
        jql: body.jql ?? '',
        nextPageToken: body.nextPageToken,
        maxResults: body.maxResults,
        fields: body.fields,
        expand: splitList(body.expand ?? null),
        properties: body.properties,
        reconcileIssues: body.reconcileIssues,
      }),
    );
  });
  r.post('/rest/api/3/search/approximate-count', (ctx) => {
    const body = validateBody(CountBodySchema, ctx.body ?? {});
    const q = compile(ctx.site, ctx.user, body.jql ?? '');
    if (!q.bounded) throw badRequest(UNBOUNDED);
    return ok({ count: countQuery(q) });
  });
  for (const v of ['2', '3']) {
    for (const m of ['GET', 'POST']) {
      r.add(m, `/rest/api/${v}/search`, () => {
        throw new JiraError(410, [REMOVED]);
      });
    }
  }
}
