/**
 * The app's web triggers (manifest `webtrigger`): `os2-import` (`onImport`) and `os2-app-data` (`onAppData`,
 * at the end of this file). Both check a request as {@link verified} does.
 *
 * Web trigger `os2-import`: the import of the existing portfolio for the sync service's
 * operator (`os2-sync import <file>`, docs/import.md). The sync service cannot write the app's Forge storage, so
 * its CLI sends the file here and the app runs the very import the global page runs (src/app/import.ts).
 *
 * Forge web trigger URLs carry no authentication of their own (forge-offline.md: "unauthenticated, check a
 * secret yourself"), so a request must be signed as the change events are (src/events/change-event.ts): HMAC-
 * SHA256 with the event secret the app and the service share over `<timestamp>.<body>`, within 5 minutes. The
 * body names its purpose (`os2-import/v1`), so no change event's signature can be replayed as an import. Who
 * holds the secret operates the service and is trusted as the secretariat for this one action; the decisions it
 * records name the import (`IMPORT_ACTOR`), not a person. A replayed apply changes nothing (the apply is
 * idempotent).
 *
 * Request (Forge's web trigger event): `{ method, headers: { name: string[] }, body: string, ... }`.
 * Body: `{ purpose: 'os2-import/v1', mode: 'dry-run' | 'apply', text, locale? }`.
 * Answer: 200 with the import report as JSON (as the global page shows it); 400 an unreadable request, 401 a
 * signature that does not verify, 405 not a POST, 503 no secret set on the admin page yet.
 */
import { z } from 'zod';
import { loadSecret } from '../app/config';
import { runImport } from '../app/import';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyEventSignature } from '../events/change-event';
import { localeOf } from '../i18n/index';
import { ImportRequestSchema } from '../import/wire';
import { APP_DATA_OPS } from '../app/app-data-ops';
import { AppDataEnvelopeSchema, inputOf, isAppDataOp, signAppDataAnswer } from '../events/app-data';
import type { Actor } from '../domain/actor';

/** Forge gives a web trigger 55 s; rows not reached by this are left for the next call, which the CLI makes. */
const WEBTRIGGER_BUDGET_MS = 40_000;

/** The one acting in an import through the web trigger: the secretariat's import, run by the service operator. */
export const IMPORT_ACTOR: Actor = {
  accountId: 'os2-import',
  displayName: 'OS2-import (driftsoperatør)',
  roles: ['secretariat'],
  municipalities: [],
};

const WebTriggerRequestSchema = z.looseObject({
  method: z.string(),
  headers: z.record(z.string(), z.array(z.string())).default({}),
  body: z.string().default(''),
});

interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

const answer = (statusCode: number, value: unknown): WebTriggerResponse => ({
  statusCode,
  headers: { 'Content-Type': ['application/json; charset=utf-8'] },
  body: JSON.stringify(value),
});

/** Header values by lower-case name (Forge passes them as the caller sent them). */
function header(headers: Record<string, string[]>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v[0];
  return undefined;
}

/**
 * What every web trigger checks first: a POST, the admin page's secret set, and the body signed with it within
 * 5 minutes. Answers the refusal, or the body and the secret.
 */
async function verified(
  request: unknown,
): Promise<{ ok: false; refusal: WebTriggerResponse } | { ok: true; json: unknown; secret: string }> {
  const refuse = (statusCode: number, value: unknown) => ({
    ok: false as const,
    refusal: answer(statusCode, value),
  });
  const req = WebTriggerRequestSchema.safeParse(request);
  if (!req.success) return refuse(400, { error: 'BAD_REQUEST', message: 'Not a web trigger request' });
  if (req.data.method.toUpperCase() !== 'POST')
    return refuse(405, { error: 'METHOD_NOT_ALLOWED', message: 'POST only' });
  const secret = await loadSecret();
  if (!secret)
    return refuse(503, {
      error: 'NO_SECRET',
      message:
        'Der er ingen hemmelighed på administrationssiden endnu / No secret is set on the admin page yet',
    });
  const check = verifyEventSignature(
    req.data.body,
    header(req.data.headers, TIMESTAMP_HEADER),
    header(req.data.headers, SIGNATURE_HEADER),
    secret,
  );
  if (!check.ok)
    return refuse(401, {
      error: 'BAD_SIGNATURE',
      reason: check.reason,
      message: `Signaturen kan ikke bekræftes (${check.reason}) / The signature does not verify (${check.reason})`,
    });
  try {
    return { ok: true, json: JSON.parse(req.data.body) as unknown, secret };
  } catch {
    return refuse(400, { error: 'BAD_REQUEST', message: 'Kroppen er ikke JSON / The body is not JSON' });
  }
}

export async function onImport(request: unknown): Promise<WebTriggerResponse> {
  const v = await verified(request);
  if (!v.ok) return v.refusal;
  const json = v.json;
  const body = ImportRequestSchema.safeParse(json);
  if (!body.success)
    return answer(400, {
      error: 'BAD_REQUEST',
      message: 'Ugyldig importanmodning / Invalid import request',
      issues: body.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  try {
    const report = await runImport({
      text: body.data.text,
      mode: body.data.mode,
      locale: localeOf(body.data.locale),
      actor: IMPORT_ACTOR,
      by: { accountId: IMPORT_ACTOR.accountId, displayName: IMPORT_ACTOR.displayName },
      deadlineMs: Date.now() + WEBTRIGGER_BUDGET_MS,
    });
    return answer(200, report);
  } catch (e) {
    console.error('[os2] import web trigger failed', e);
    return answer(500, { error: 'INTERNAL', message: 'Importen fejlede / The import failed' });
  }
}

/**
 * Web trigger `os2-app-data`: data only the app holds, for the sync service's portfolio page (a product's
 * history; src/app/app-data-ops.ts has the ops). Signed as `os2-import` is, bound to its own purpose
 * (`os2-app-data/v1`, src/events/app-data.ts), so neither a change event's nor an import's signature passes for
 * it. The answer is signed with the same secret over `{ purpose, op, input, nonce, computedAt, data }`, so the
 * service can tell it from one forged or replayed on the way.
 *
 * Body: `{ purpose: 'os2-app-data/v1', op, nonce, ...input }`. Answer: 200 the signed answer; 400 an unreadable
 * request, an unknown op or an input its op refuses; 401 a signature that does not verify; 405 not a POST; 503
 * no secret set on the admin page yet; 500 the op failed (logged).
 */
export async function onAppData(request: unknown): Promise<WebTriggerResponse> {
  const v = await verified(request);
  if (!v.ok) return v.refusal;
  const envelope = AppDataEnvelopeSchema.safeParse(v.json);
  if (!envelope.success)
    return answer(400, {
      error: 'BAD_REQUEST',
      message: 'Ugyldig dataanmodning / Invalid data request',
      issues: envelope.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  const { op, nonce } = envelope.data;
  if (!isAppDataOp(op))
    return answer(400, {
      error: 'UNKNOWN_OP',
      message: `Appen kender ikke "${op}" / The app does not know "${op}"`,
    });
  // One op's entry: its schema parses exactly the input its answer takes. TypeScript cannot pair the two across
  // the registry's union of ops (with more than one op it asks for an input valid for all), hence the widening.
  const entry = APP_DATA_OPS[op] as unknown as {
    input: z.ZodType<Record<string, unknown>>;
    answer: (input: Record<string, unknown>) => Promise<unknown>;
  };
  const input = entry.input.safeParse(inputOf(envelope.data));
  if (!input.success)
    return answer(400, {
      error: 'BAD_REQUEST',
      message: `Ugyldigt input til "${op}" / Invalid input for "${op}"`,
      issues: input.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  try {
    // computedAt is taken before the read: the data is at least as new as that instant.
    const computedAt = Date.now();
    const data = await entry.answer(input.data);
    return answer(200, signAppDataAnswer({ op, input: input.data, nonce, data }, v.secret, computedAt));
  } catch (e) {
    console.error(`[os2] app-data web trigger failed (${op})`, e);
    return answer(500, { error: 'INTERNAL', message: 'Appen kunne ikke svare / The app could not answer' });
  }
}
