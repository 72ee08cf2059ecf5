/**
 * A jira.js 6 `Client` over Forge's `requestJira`, so the app runs the same jira.js-based operations
 * (src/jira/<resource>.ts) as the sync worker. `asApp()` calls with the app's own identity; `asUser()` with the
 * user who invoked the resolver (Forge checks that user's permissions, so a 403 means the user may not).
 *
 * Errors are jira.js's own (`ApiError`, `ForbiddenError`, `NotFoundError`, `RateLimitError`, ...) so callers use
 * the same predicates (`isForbiddenError`, ...) in both places. Responses are validated against the jira.js schema
 * the operation carries; a mismatch is reported once (or thrown with `onSchemaMismatch: 'throw'`).
 */
import api, { assumeTrustedRoute, type RequestProductMethod } from '@forge/api';
import {
  ApiError,
  AuthError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  SchemaMismatchError,
  ServerError,
  type Client,
  type SendRequestOptions,
} from 'jira.js/core';
import { createCloudClient } from 'jira.js';
import type { JiraClient } from './client';

export type ForgeIdentity = 'app' | 'user';

export interface ForgeClientOptions {
  onSchemaMismatch?: 'warn' | 'throw' | 'silent';
}

function searchString(params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      // Jira repeats a parameter for each value (expand is comma-joined by jira.js itself).
      for (const v of value) sp.append(key, String(v));
    } else if (typeof value === 'object') {
      sp.append(key, JSON.stringify(value));
    } else {
      sp.append(key, String(value));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

function toError(
  status: number,
  statusText: string,
  text: string,
  header: (name: string) => string | null,
): ApiError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  const message = `Request failed: ${status} ${statusText}${text ? ` - ${text.slice(0, 500)}` : ''}`;
  if (status === 401) return new AuthError(message, statusText, body);
  if (status === 403) return new ForbiddenError(message, statusText, body);
  if (status === 404) return new NotFoundError(message, statusText, body);
  if (status === 429) {
    const retryAfter = Number(header('retry-after'));
    return new RateLimitError(message, statusText, body, {
      retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    });
  }
  if (status >= 500) return new ServerError(message, status, statusText, body);
  return new ApiError(message, status, statusText, body);
}

const reported = new Set<string>();

export function createForgeClient(identity: ForgeIdentity, options: ForgeClientOptions = {}): Client {
  const requestJira: RequestProductMethod =
    identity === 'app' ? (p, i) => api.asApp().requestJira(p, i) : (p, i) => api.asUser().requestJira(p, i);
  const onMismatch = options.onSchemaMismatch ?? 'warn';
  return {
    async sendRequest<T>(request: SendRequestOptions<T>): Promise<T> {
      const path =
        (request.url.startsWith('/') ? request.url : `/${request.url}`) + searchString(request.searchParams);
      const headers: Record<string, string> = { Accept: 'application/json', ...(request.headers ?? {}) };
      let body: string | undefined;
      if (request.body !== undefined && request.body !== null) {
        body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
        headers['Content-Type'] ??= 'application/json';
      }
      const response = await requestJira(assumeTrustedRoute(path), {
        method: request.method ?? 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = response.status === 204 ? '' : await response.text();
      if (!response.ok)
        throw toError(response.status, response.statusText, text, (n) => response.headers.get(n));
      if (!text) return undefined as T;
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        return text as T;
      }
      if (!request.schema) return data as T;
      const parsed = request.schema.safeParse(data);
      if (parsed.success) return parsed.data;
      const endpoint = `${request.method ?? 'GET'} ${request.url}`;
      const issues = parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        expected: i.code,
        received: i.message,
      }));
      if (onMismatch === 'throw') {
        throw new SchemaMismatchError(`Response did not match the schema for ${endpoint}`, {
          endpoint,
          issues,
        });
      }
      if (onMismatch === 'warn' && !reported.has(endpoint)) {
        reported.add(endpoint);
        console.warn(`[forge-transport] ${endpoint} answered outside the jira.js schema`, issues.slice(0, 5));
      }
      return data as T;
    },
  };
}

/** The app's client (the app's own identity). */
export const asAppClient = (options?: ForgeClientOptions): Client => createForgeClient('app', options);
/** The invoking user's client (that user's Jira permissions apply). */
export const asUserClient = (options?: ForgeClientOptions): Client => createForgeClient('user', options);

/** A jira.js cloud client (the shape the operation modules in src/jira take) over Forge's requestJira. */
export function forgeJira(identity: ForgeIdentity, options?: ForgeClientOptions): JiraClient {
  return createCloudClient(createForgeClient(identity, options));
}
