import { z } from 'zod';

/**
 * A test event (issue 17 item 2): the admin page's "send test event" posts it to the same `POST /events`
 * address, signed exactly like a change event (src/events/change-event.ts), so the sync service checks the app's
 * secret from its side. It is a separate shape, not a new `ChangeEvent` kind, so no consumer of change events can
 * take it for a product change: the service answers it and enqueues nothing.
 *
 * `nonce` makes every test event's signature unique, so two tests within the same second are not refused as a
 * replay of each other.
 */
export const TestEventSchema = z.strictObject({
  kind: z.literal('test'),
  /** The app's site, so the service can say whether it knows the site the secret belongs to. */
  siteUrl: z.url(),
  nonce: z.string().regex(/^[0-9a-f]{16,64}$/, 'nonce er 16-64 hex-tegn'),
  sentAt: z.iso.datetime(),
});
export type TestEvent = z.infer<typeof TestEventSchema>;

/** The service's answer to a test event whose signature it verified (HTTP 200). */
export const TestEventAnswerSchema = z.object({
  status: z.literal('test_ok'),
  /** Whether the service has the event's site among its configured source sites (it signs with that site's secret). */
  siteKnown: z.boolean(),
});
export type TestEventAnswer = z.infer<typeof TestEventAnswerSchema>;

/** True when an (already signature-checked) body claims to be a test event; it is then parsed by TestEventSchema. */
export function isTestEventBody(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'test';
}
