/**
 * Consumer of Forge's async events queue `os2-sync-events` (manifest `consumer` os2-sync-events-consumer): sends
 * each change event a user's action queued (src/app/events.ts) to the sync service, signed, with the roll-up
 * input the app computes from its own storage (src/app/push.ts), so the service writes without reading Jira. Off the user's path,
 * so it may wait longer for the service than a click could; while the service does not answer, it asks Forge to
 * retry later (an InvocationError; Forge gives up after a few retries, and the service's reconcile heals the
 * event). It also carries the rewrite of every mirror after the board's catalogue or the cadence changed
 * (src/app/remirror.ts). An event that is neither a change event nor a rewrite, or an app without a configured service, is dropped: a retry
 * would not change either.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { ChangeEventSchema } from '../events/change-event';
import { sendChangeEvent } from '../app/events';
import { fanOutRemirror, remirrorProject, RemirrorMessageSchema } from '../app/remirror';

/** Seconds before Forge invokes the consumer again for an event the service did not take. */
export const RETRY_AFTER_SECONDS = 30;
/** Off the user's path: the service may take this long to answer. */
const SEND_TIMEOUT_MS = 10_000;

const retry = () =>
  new InvocationError({
    retryAfter: RETRY_AFTER_SECONDS,
    retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });

export async function onSyncEvent(event: { body?: unknown }): Promise<InvocationError | undefined> {
  // A setting the roll-up counts with changed (src/app/remirror.ts): fan out, or rewrite one project's mirror.
  const remirror = RemirrorMessageSchema.safeParse(event.body);
  if (remirror.success) {
    const m = remirror.data;
    try {
      if (m.remirror === 'all') {
        await fanOutRemirror(m.siteUrl);
        return undefined;
      }
      return (await remirrorProject(m.projectId, m.siteUrl, SEND_TIMEOUT_MS)) === 'failed'
        ? retry()
        : undefined;
    } catch (e) {
      console.warn(`[os2] mirror rewrite failed, retrying: ${e instanceof Error ? e.message : String(e)}`);
      return retry();
    }
  }
  const parsed = ChangeEventSchema.safeParse(event.body);
  if (!parsed.success) {
    console.warn('[os2] dropped a queued event that is not a change event');
    return undefined;
  }
  // Each attempt (and each retry) builds the roll-up from storage anew, so a retry never sends an old one.
  const outcome = await sendChangeEvent(parsed.data, SEND_TIMEOUT_MS, { push: true });
  return outcome === 'failed' ? retry() : undefined;
}
