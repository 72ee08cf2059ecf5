/**
 * What every resolver shares: the answer shape, context parsing, locale, and turning failures into answers.
 *
 * Every function answers `{ ok: true, data }` or `{ ok: false, error: { code, message, issues? } }`. A refused
 * action is an answer, not an exception: the UI shows `message` (in the user's language) and, for a rule of the
 * governance model, the rule's own text. Unexpected failures are logged and answered as `INTERNAL`.
 *
 * Forge platform errors are the exception: they are thrown on, never answered. `NEEDS_AUTHENTICATION_ERR` (the
 * user has not yet allowed the app to act for them, on an `asUser()` call) is how Forge knows to show Jira's
 * "Allow access" prompt; caught and answered INTERNAL, the user would only ever see "Noget gik galt".
 */
import { z, ZodError } from 'zod';
import { isForgePlatformError } from '@forge/api';
import { isForbiddenError, isNotFoundError } from 'jira.js';
import { localeOf, t, type Locale, type MessageKey } from '../i18n/index';
import type { GovernanceRuleError } from '../domain/rule-error';

export interface AppError {
  code: string;
  message: string;
  issues?: { path: (string | number)[]; message: string }[];
}
export type Answer<T> = { ok: true; data: T } | { ok: false; error: AppError };

export class Refusal extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export function refuse(
  locale: Locale,
  code: string,
  key: MessageKey,
  vars?: Record<string, string | number>,
): never {
  throw new Refusal({ code, message: t(locale, key, vars) });
}

/** A rule of the governance model (src/domain/rule-error.ts), in the user's language. */
export function ruleRefusal(locale: Locale, error: GovernanceRuleError): Refusal {
  return new Refusal({
    code: error.code,
    message: locale === 'en' ? error.en : error.da,
    ...(error.issues ? { issues: error.issues } : {}),
  });
}

/** The parts of Forge's resolver context the app reads. `extension` is set by Forge, never by the frontend. */
export const ForgeContextSchema = z.looseObject({
  accountId: z.string().optional(),
  cloudId: z.string().optional(),
  siteUrl: z.string().optional(),
  moduleKey: z.string().optional(),
  locale: z.string().optional(),
  extension: z
    .looseObject({
      type: z.string().optional(),
      project: z
        .looseObject({ id: z.union([z.string(), z.number()]).transform(String), key: z.string().optional() })
        .optional(),
      issue: z
        .looseObject({
          id: z.union([z.string(), z.number()]).transform(String),
          key: z.string().optional(),
          type: z.string().optional(),
          typeId: z.union([z.string(), z.number()]).transform(String).optional(),
        })
        .optional(),
    })
    .optional(),
});
export type ForgeContext = z.infer<typeof ForgeContextSchema>;

export interface Request<P> {
  payload: P;
  context: ForgeContext;
  locale: Locale;
  accountId: string;
}

/** Payloads carry the UI's locale (from view.getContext()); Forge's context may carry one too. */
const LocalePayload = z.looseObject({ locale: z.string().optional() });

/**
 * Wraps a resolver function: parses the payload with `schema`, resolves the locale, requires a user,
 * and turns refusals, validation errors and Jira permission errors into answers.
 */
export function resolver<S extends z.ZodType, T>(
  schema: S,
  fn: (req: Request<z.infer<S>>) => Promise<T>,
): (req: { payload: unknown; context: unknown }) => Promise<Answer<T>> {
  return async ({ payload, context }) => {
    const ctx = ForgeContextSchema.safeParse(context ?? {});
    const rawLocale = LocalePayload.safeParse(payload ?? {});
    const locale = localeOf(
      (rawLocale.success ? rawLocale.data.locale : undefined) ?? (ctx.success ? ctx.data.locale : undefined),
    );
    try {
      if (!ctx.success || !ctx.data.accountId)
        throw new Refusal({ code: 'NOT_LOGGED_IN', message: t(locale, 'error.notLoggedIn') });
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) {
        return {
          ok: false,
          error: {
            code: 'INVALID_INPUT',
            message: t(locale, 'error.invalidInput'),
            issues: parsed.error.issues.map((i) => ({
              path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
              message: i.message,
            })),
          },
        };
      }
      const data = await fn({
        payload: parsed.data,
        context: ctx.data,
        locale,
        accountId: ctx.data.accountId,
      });
      return { ok: true, data };
    } catch (e) {
      // Forge's own errors (consent, egress, proxy) must reach Forge, which acts on them (see the header).
      if (e instanceof Error && isForgePlatformError(e)) throw e;
      if (e instanceof Refusal) return { ok: false, error: e.error };
      if (e instanceof ZodError) {
        return {
          ok: false,
          error: {
            code: 'INVALID_INPUT',
            message: t(locale, 'error.invalidInput'),
            issues: e.issues.map((i) => ({
              path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
              message: i.message,
            })),
          },
        };
      }
      if (isForbiddenError(e))
        return { ok: false, error: { code: 'FORBIDDEN', message: t(locale, 'error.forbidden') } };
      if (isNotFoundError(e))
        return { ok: false, error: { code: 'NOT_FOUND', message: t(locale, 'error.notFound') } };
      console.error('[os2] resolver failed', e);
      return { ok: false, error: { code: 'INTERNAL', message: t(locale, 'error.internal') } };
    }
  };
}

export function projectIdOf(req: Request<unknown>): string {
  const id = req.context.extension?.project?.id;
  if (!id || !/^\d+$/.test(id)) refuse(req.locale, 'NO_PROJECT', 'error.noProject');
  return id;
}

export function issueOf(req: Request<unknown>): {
  id: string;
  key?: string;
  typeId?: string;
  projectId: string;
} {
  const issue = req.context.extension?.issue;
  const projectId = req.context.extension?.project?.id;
  if (!issue || !/^\d+$/.test(issue.id) || !projectId) refuse(req.locale, 'NO_ISSUE', 'error.noIssue');
  return { id: issue.id, key: issue.key, typeId: issue.typeId, projectId };
}
