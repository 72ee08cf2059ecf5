/**
 * Consumer of Forge's async events queue `os2-sync-events` (manifest `consumer` os2-sync-events-consumer): sends
 * each change event a user's action queued (src/app/events.ts) to the sync service, signed, with the roll-up
 * input the app computes from its own storage (src/app/push.ts), so the service writes without reading Jira. Off the user's path,
 * so it may wait longer for the service than a click could; while the service does not answer, it asks Forge to
 * retry later (an InvocationError; Forge gives up after a few retries, and the service's reconcile heals the
 * event). An event that is not a valid change event, or an app without a configured service, is dropped: a retry
 * would not change either.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { ChangeEventSchema } from '../events/change-event';
import { sendChangeEvent } from '../app/events';

/** Seconds before Forge invokes the consumer again for an event the service did not take. */
export const RETRY_AFTER_SECONDS = 30;
/** Off the user's path: the service may take this long to answer. */
const SEND_TIMEOUT_MS = 10_000;

export async function onSyncEvent(event: { body?: unknown }): Promise<InvocationError | undefined> {
  const parsed = ChangeEventSchema.safeParse(event.body);
  if (!parsed.success) {
    console.warn('[os2] dropped a queued event that is not a change event');
    return undefined;
  }
  // Each attempt (and each retry) builds the roll-up from storage anew, so a retry never sends an old one.
  const outcome = await sendChangeEvent(parsed.data, SEND_TIMEOUT_MS, { push: true });
  if (outcome !== 'failed') return undefined;
  return new InvocationError({
    retryAfter: RETRY_AFTER_SECONDS,
    retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}
