/** Lookups with Jira's not-found and permission answers, shared by the resource modules. */
import { JiraError, badRequest, forbidden, notFound } from '../http.js';
import type { HandlerContext } from '../http.js';
import type { Issue, Project } from '../state/types.js';

export const MAX_PROPERTY_KEY = 255;
export const MAX_PROPERTY_VALUE = 32_768;

export function requireProject(ctx: HandlerContext, idOrKey: string): Project {
  const p = ctx.site.resolveProject(idOrKey);
  if (!p || !ctx.site.canBrowse(ctx.user, p)) {
    throw notFound(`No project could be found with ${/^\d+$/.test(idOrKey) ? 'id' : 'key'} '${idOrKey}'.`);
  }
  return p;
}

/** "Administer Jira global permission or Administer Projects project permission" (project properties). */
export function requireProjectAdmin(ctx: HandlerContext, p: Project, what = 'administer this project'): void {
  if (!ctx.site.isGlobalAdmin(ctx.user) && !ctx.site.canAdminProject(ctx.user, p))
    throw forbidden(`You do not have permission to ${what}.`);
}

/** The project of an issue the caller can already see (requireIssue first). */
export function projectOf(ctx: HandlerContext, issue: Issue): Project {
  return ctx.site.projects.get(issue.projectId)!;
}

export function requireIssue(ctx: HandlerContext, idOrKey: string): Issue {
  const i = ctx.site.resolveIssue(idOrKey);
  if (!i || !ctx.site.canBrowse(ctx.user, ctx.site.projects.get(i.projectId)!)) {
    throw notFound('Issue does not exist or you do not have permission to see it.');
  }
  return i;
}

export function requireGlobalAdmin(ctx: HandlerContext): void {
  if (!ctx.site.isGlobalAdmin(ctx.user)) {
    throw forbidden(
      'You do not have permission to perform this operation. Administer Jira global permission is required.',
    );
  }
}

/** Validates an entity property key and value as Jira does; returns the value. */
export function checkProperty(key: string, body: unknown, rawLength: number): unknown {
  if (key.length > MAX_PROPERTY_KEY) {
    throw badRequest(`The property key cannot be longer than ${MAX_PROPERTY_KEY} characters.`);
  }
  if (key.trim() === '') throw badRequest('The property key cannot be empty.');
  if (body === undefined) throw badRequest('The property value cannot be empty.');
  if (rawLength > MAX_PROPERTY_VALUE) {
    throw badRequest(`The property value cannot be longer than ${MAX_PROPERTY_VALUE} characters.`);
  }
  return body;
}

export function jsonLength(v: unknown): number {
  return JSON.stringify(v)?.length ?? 0;
}

export function splitList(v: string | null): string[] {
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

export { JiraError };
