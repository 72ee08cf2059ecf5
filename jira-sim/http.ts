/**
 * The HTTP plumbing shared by every resource: a small router that knows each route's template (for the call
 * counter and fault injection), Jira's error bodies, JSON body parsing and zod validation with Jira's 400s.
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import type { SiteState } from './state/site-state.js';
import type { Account } from './state/types.js';

export interface JiraErrorBody {
  errorMessages: string[];
  errors: Record<string, string>;
  warningMessages?: string[];
}

/** A Jira error answer: status plus `{errorMessages, errors}`. Throw it from a handler. */
export class JiraError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[],
    readonly errors: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(errorMessages[0] ?? Object.values(errors)[0] ?? `HTTP ${status}`);
  }
  body(): JiraErrorBody {
    return { errorMessages: this.errorMessages, errors: this.errors };
  }
}

export const badRequest = (msg: string | string[], errors: Record<string, string> = {}): JiraError =>
  new JiraError(400, Array.isArray(msg) ? msg : [msg], errors);
export const notFound = (msg: string): JiraError => new JiraError(404, [msg]);
export const forbidden = (msg: string): JiraError => new JiraError(403, [msg]);

export const INVALID_PAYLOAD = 'Invalid request payload. Refer to the REST API documentation and try again.';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HandlerContext {
  site: SiteState;
  /** The authenticated account (every /rest route requires one). */
  user: Account;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  method: string;
  req: IncomingMessage;
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

export interface RouteDef {
  method: string;
  template: string;
  handler: Handler;
  /** Routes that answer without credentials (none in the product's set; kept for completeness). */
  anonymous?: boolean;
}

interface CompiledRoute extends RouteDef {
  segments: string[];
  literalCount: number;
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(method: string, template: string, handler: Handler, opts: { anonymous?: boolean } = {}): void {
    const segments = template.split('/').filter(Boolean);
    this.routes.push({
      method,
      template,
      handler,
      anonymous: opts.anonymous,
      segments,
      literalCount: segments.filter((s) => !s.startsWith('{')).length,
    });
  }
  get(t: string, h: Handler): void {
    this.add('GET', t, h);
  }
  post(t: string, h: Handler): void {
    this.add('POST', t, h);
  }
  put(t: string, h: Handler): void {
    this.add('PUT', t, h);
  }
  delete(t: string, h: Handler): void {
    this.add('DELETE', t, h);
  }

  /** Finds the route; `methodMismatch` when the path exists for another method. */
  match(method: string, path: string): RouteMatch | { methodMismatch: boolean; template?: string } {
    const parts = path.split('/').filter(Boolean);
    let best: { r: CompiledRoute; params: Record<string, string> } | undefined;
    let otherMethod: CompiledRoute | undefined;
    for (const r of this.routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = r.segments[i]!;
        if (seg.startsWith('{')) {
          let v: string;
          try {
            v = decodeURIComponent(parts[i]!);
          } catch {
            v = parts[i]!;
          }
          params[seg.slice(1, -1)] = v;
        } else if (seg !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (r.method !== method) {
        if (!otherMethod || r.literalCount > otherMethod.literalCount) otherMethod = r;
        continue;
      }
      if (
        !best ||
        r.literalCount > best.r.literalCount ||
        (r.literalCount === best.r.literalCount && this.morePrefixLiteral(r, best.r))
      )
        best = { r, params };
    }
    if (best) return { route: best.r, params: best.params };
    return { methodMismatch: otherMethod !== undefined, template: otherMethod?.template };
  }

  private morePrefixLiteral(a: CompiledRoute, b: CompiledRoute): boolean {
    for (let i = 0; i < a.segments.length; i++) {
      const al = !a.segments[i]!.startsWith('{');
      const bl = !b.segments[i]!.startsWith('{');
      if (al !== bl) return al;
    }
    return false;
  }
}

/** Reads the request body (limit 10 MB, as a sanity bound). */
export async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new JiraError(413, ['The request body is too large.']);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON.parse with Jira's (Jackson's) style of message on failure. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = String((e as Error).message);
    const m = /position (\d+)/.exec(msg);
    const pos = /end of JSON input/i.test(msg) ? text.length : m ? Number(m[1]) : 0;
    const ch = text[pos] ?? '';
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    const what = ch ? `Unexpected character ('${ch}' (code ${ch.charCodeAt(0)}))` : 'Unexpected end-of-input';
    throw new JiraError(400, [
      `${what}: expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: REDACTED; line: ${line}, column: ${column}]`,
    ]);
  }
}

/** Validates a body with zod; a failure is Jira's 400 with the offending field in `errors`. */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data as z.infer<S>;
  const errors: Record<string, string> = {};
  const messages: string[] = [];
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        messages.push(
          `Unrecognized field "${path ? path + '.' : ''}${k}", not marked as ignorable. ${INVALID_PAYLOAD}`,
        );
      }
    } else if (path) {
      errors[path] = issue.message;
    } else {
      messages.push(INVALID_PAYLOAD);
    }
  }
  if (messages.length === 0 && Object.keys(errors).length === 0) messages.push(INVALID_PAYLOAD);
  throw new JiraError(400, [...new Set(messages)], errors);
}

/** `maxResults`/`startAt` style integer query parameters with Jira's 400 on junk. */
export function intParam(query: URLSearchParams, name: string, dflt: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return dflt;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`The value '${raw}' is invalid for parameter '${name}'.`);
  return Number(raw);
}

export function boolParam(query: URLSearchParams, name: string, dflt: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return dflt;
  return raw.toLowerCase() === 'true';
}

/** Comma-separated or repeated list parameter (`fields=a,b&fields=c`). */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const all = query.getAll(name);
  if (all.length === 0) return undefined;
  return all
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });
