import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * A change event sent by the Forge app (or a Jira webhook relay) to the sync service's `POST /events`
 * (design.md "The sync service", step 1). Forge's outbound calls carry no authentication of their own,
 * so the body is signed: `x-os2-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` and
 * `x-os2-timestamp: <unix seconds>`, accepted within a 5-minute window.
 */
export const ChangeEventSchema = z.strictObject({
  kind: z.enum(['governance', 'votes', 'issue', 'project']),
  /** The source site's base URL, e.g. https://os2.atlassian.net; the worker maps it to a configured site. */
  siteUrl: z.url(),
  projectId: z.string().regex(/^\d{1,18}$/, 'projectId er et tal (højst 18 cifre)'),
  issueId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  occurredAt: z.iso.datetime(),
  /**
   * The app's signed roll-up input (`PushedRollUp`, src/mirror/pushed-rollup.ts), so the service writes without
   * reading the source site. Checked by the service with its own zod schema and signature, so that a bad push
   * is refused with its own reason (and counted) rather than as a malformed event.
   */
  rollUp: z.unknown().optional(),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;

export const SIGNATURE_HEADER = 'x-os2-signature';
export const TIMESTAMP_HEADER = 'x-os2-timestamp';
export const REPLAY_WINDOW_SECONDS = 300;

export function signEventBody(body: string, timestamp: number, secret: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The headers of a signed JSON POST (change events, the test event, the service's requests to the app's web
 * triggers): content type, the timestamp and the signature over `<timestamp>.<body>`.
 */
export function signedJsonHeaders(
  body: string,
  secret: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signEventBody(body, timestamp, secret),
  };
}

export type EventSignatureCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifyEventSignature(
  body: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  secret: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): EventSignatureCheck {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestampHeader) || !/^sha256=[0-9a-f]{64}$/.test(signatureHeader)) {
    return { ok: false, reason: 'malformed' };
  }
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowSeconds - timestamp) > REPLAY_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signEventBody(body, timestamp, secret));
  const given = Buffer.from(signatureHeader);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}
