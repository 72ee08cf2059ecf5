/**
 * The HTTP side of the simulator: one Node http server per site (or one shared server that routes by Host),
 * request dispatch with call counting, fault injection, basic auth and Jira's error answers.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JiraError, Router, parseJsonBody, readBody } from './http.js';
import type { HandlerContext, Reply } from './http.js';
import type { CallCounter, FaultInjector } from './faults.js';
import type { RateLimiter } from './rate-limits.js';
import { ANONYMOUS_ACCOUNT_ID } from './state/site-state.js';
import type { SiteState } from './state/site-state.js';
import { allowsAnonymous, isAnonymousWrite } from './anonymous.js';
import type { Account } from './state/types.js';
import * as serverInfo from './resources/server-info.js';
import * as users from './resources/users.js';
import * as projects from './resources/projects.js';
import * as properties from './resources/properties.js';
import * as issues from './resources/issues.js';
import * as search from './resources/search.js';
import * as issueTypes from './resources/issue-types.js';
import * as groups from './resources/groups.js';
import * as permissions from './resources/permissions.js';
import * as webhooks from './resources/webhooks.js';
import * as notify from './resources/notify.js';

export function buildRouter(): Router {
  const r = new Router();
  for (const m of [
    serverInfo,
    users,
    projects,
    properties,
    issues,
    search,
    issueTypes,
    groups,
    permissions,
    webhooks,
    notify,
  ])
    m.register(r);
  return r;
}

export interface SiteRuntime {
  state: SiteState;
  counter: CallCounter;
  /** Points accounting and Jira's rate limits (rate-limits.ts). */
  limiter?: RateLimiter;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const h: Record<string, string> = { 'x-arequestid': randomUUID(), ...headers };
  if (body === undefined) {
    res.writeHead(status, h);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...h,
    'content-type': JSON_TYPE,
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function authenticate(state: SiteState, header: string | undefined): Account | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+(\S+)$/i.exec(header.trim());
  if (!m) return undefined;
  let decoded: string;
  try {
    decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return state.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
}

/**
 * A write by the anonymous user: what it cannot see answers 404 as for any user who lacks Browse projects
 * (Jira does not reveal that it exists); anything else 401, the description's answer for "authentication
 * credentials are incorrect or missing" (no OS2 site grants anonymous users create, edit or admin rights).
 */
function anonymousWriteRefusal(state: SiteState, params: Record<string, string>): JiraError {
  const anon = { accountId: ANONYMOUS_ACCOUNT_ID } as Account;
  if (params.issueIdOrKey !== undefined) {
    const i = state.resolveIssue(params.issueIdOrKey);
    if (!i || !state.canBrowse(anon, state.projects.get(i.projectId)!))
      return new JiraError(404, ['Issue does not exist or you do not have permission to see it.']);
  } else if (params.projectIdOrKey !== undefined) {
    const p = state.resolveProject(params.projectIdOrKey);
    if (!p || !state.canBrowse(anon, p)) {
      const by = /^\d+$/.test(params.projectIdOrKey) ? 'id' : 'key';
      return new JiraError(404, [`No project could be found with ${by} '${params.projectIdOrKey}'.`]);
    }
  }
  return new JiraError(
    401,
    UNAUTHORIZED.errorMessages,
    {},
    { 'www-authenticate': 'Basic realm="protected-area"' },
  );
}

const UNAUTHORIZED = { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} };

export class Dispatcher {
  readonly router = buildRouter();
  constructor(
    readonly faults: FaultInjector,
    private readonly runtime: (name: string) => SiteRuntime | undefined,
  ) {}

  async handle(siteName: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rt = this.runtime(siteName);
    if (!rt) return send(res, 404, { errorMessages: ['Site not found'], errors: {} });
    const { state, counter } = rt;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const m = this.router.match(method, path);
    const template = 'route' in m ? m.route.template : path;
    counter.record(method, template);
    counter.enter();
    res.once('close', () => counter.leave());

    const decision = this.faults.decide(state.name, method, template, path, state.now());
    if (decision) {
      if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
      if (decision.status !== undefined) {
        req.resume();
        return send(res, decision.status, decision.body, decision.headers);
      }
    }

    if (!('route' in m)) {
      req.resume();
      if (m.methodMismatch) return send(res, 405, undefined, {});
      return send(res, 404, {
        errorMessages: [`null for uri: ${state.baseUrl}${url.pathname}${url.search}`],
        errors: {},
      });
    }

    const user = authenticate(state, req.headers.authorization);
    if (!user) {
      // With anonymous access on (Jira Cloud's behaviour), missing, bad, expired and revoked credentials alike
      // are served as the anonymous user wherever the OpenAPI description allows anonymous access; off, wrong
      // credentials are refused everywhere and none are accepted only on the always-public routes.
      const anonymous = state.anonymousAccess
        ? m.route.anonymous || allowsAnonymous(method, m.route.template)
        : req.headers.authorization === undefined && m.route.anonymous;
      if (!anonymous) {
        req.resume();
        return send(res, 401, UNAUTHORIZED, { 'www-authenticate': 'Basic realm="protected-area"' });
      }
      if (isAnonymousWrite(method, m.route.template)) {
        req.resume();
        const refusal = anonymousWriteRefusal(state, m.params);
        return send(res, refusal.status, refusal.body(), refusal.headers);
      }
    }

    const account = user?.accountId || 'anonymous';
    const limit = rt.limiter?.admit(account, method, template, m.params.issueIdOrKey, state.now());
    if (limit?.status) {
      req.resume();
      return send(res, limit.status, { errorMessages: ['Rate limit exceeded.'], errors: {} }, limit.headers);
    }
    const charge = (status: number, body: unknown) =>
      rt.limiter?.charge(account, method, template, status, body, state.now());

    try {
      const text = await readBody(req);
      let body: unknown;
      if (text.trim() !== '') {
        const ct = String(req.headers['content-type'] ?? '');
        if (!/json/i.test(ct)) {
          throw new JiraError(415, ['Unsupported Media Type: the request body must be application/json.']);
        }
        body = parseJsonBody(text);
      }
      const ctx: HandlerContext = {
        site: state,
        user: user ?? ({ accountId: ANONYMOUS_ACCOUNT_ID, displayName: 'Anonymous' } as Account),
        params: m.params,
        query: url.searchParams,
        body,
        method,
        req,
      };
      const reply: Reply = await m.route.handler(ctx);
      const headers = { ...(reply.headers ?? {}), ...(limit?.headers ?? {}) };
      if (user) headers['x-aaccountid'] = encodeURIComponent(user.accountId);
      charge(reply.status, reply.body);
      send(res, reply.status, reply.body, headers);
    } catch (e) {
      if (e instanceof JiraError) {
        charge(e.status, undefined);
        return send(res, e.status, e.body(), { ...(limit?.headers ?? {}), ...e.headers });
      }
      console.error('[jira-sim] internal error', e);
      send(res, 500, { errorMessages: ['Internal server error'], errors: {} });
    }
  }
}

export async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export function siteServer(dispatcher: Dispatcher, siteName: string): Server {
  const s = createServer((req, res) => {
    dispatcher.handle(siteName, req, res).catch((e: unknown) => {
      console.error('[jira-sim] dispatch failed', e);
      if (!res.headersSent) send(res, 500, { errorMessages: ['Internal server error'], errors: {} });
    });
  });
  s.keepAliveTimeout = 5000;
  return s;
}

/** One server for every site; the site is chosen by the Host header's first label (`os2.localhost:PORT`). */
export function hostRoutedServer(dispatcher: Dispatcher, siteNames: () => string[]): Server {
  return createServer((req, res) => {
    const host = String(req.headers.host ?? '')
      .split(':')[0]!
      .toLowerCase();
    const name = siteNames().find((n) => host === n.toLowerCase() || host.startsWith(`${n.toLowerCase()}.`));
    if (!name)
      return send(res, 404, { errorMessages: [`No simulated site for host '${host}'.`], errors: {} });
    dispatcher.handle(name, req, res).catch((e: unknown) => {
      console.error('[jira-sim] dispatch failed', e);
      if (!res.headersSent) send(res, 500, { errorMessages: ['Internal server error'], errors: {} });
    });
  });
}

export { send };
