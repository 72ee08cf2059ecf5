/**
 * Web trigger `os2-import` (manifest `webtrigger`): the import of the existing portfolio for the sync service's
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

export async function onImport(request: unknown): Promise<WebTriggerResponse> {
  const req = WebTriggerRequestSchema.safeParse(request);
  if (!req.success) return answer(400, { error: 'BAD_REQUEST', message: 'Not a web trigger request' });
  if (req.data.method.toUpperCase() !== 'POST')
    return answer(405, { error: 'METHOD_NOT_ALLOWED', message: 'POST only' });
  const secret = await loadSecret();
  if (!secret)
    return answer(503, {
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
    return answer(401, {
      error: 'BAD_SIGNATURE',
      reason: check.reason,
      message: `Signaturen kan ikke bekræftes (${check.reason}) / The signature does not verify (${check.reason})`,
    });
  let json: unknown;
  try {
    json = JSON.parse(req.data.body);
  } catch {
    return answer(400, { error: 'BAD_REQUEST', message: 'Kroppen er ikke JSON / The body is not JSON' });
  }
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
