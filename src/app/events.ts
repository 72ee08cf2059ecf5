/**
 * Change events (src/events/change-event.ts) to the sync service. A user's action only puts the event on Forge's
 * async events queue ({@link queueChangeEvent}: one platform call, no wait for the service); the queue's consumer
 * (src/consumers) sends it signed ({@link sendChangeEvent}) and asks Forge to retry while the service does not
 * answer. So the sync service being slow or down costs the user nothing, and a missed event is still healed by
 * the service's reconcile.
 */
import { fetch as forgeFetch } from '@forge/api';
import { Queue } from '@forge/events';
import { ChangeEventSchema, signedJsonHeaders, type ChangeEvent } from '../events/change-event';
import { loadSecret, loadSyncUrl } from './config';
import { appJira } from './jira';
import { buildPushedRollUp } from './push';

export type SendOutcome = 'sent' | 'not_configured' | 'failed';
export type QueueOutcome = 'queued' | 'failed';

/** The queue of manifest.yml's `consumer` os2-sync-events-consumer. */
export const SYNC_EVENTS_QUEUE = 'os2-sync-events';

/**
 * Puts a change event on the async events queue. Never throws: the action is already saved, and a lost event is
 * healed by reconcile. Nothing is read here (the consumer loads the address and secret), so the user's path pays
 * one push.
 */
export async function queueChangeEvent(
  event: Omit<ChangeEvent, 'occurredAt'> & { occurredAt?: string },
): Promise<QueueOutcome> {
  try {
    const body = ChangeEventSchema.parse({
      ...event,
      occurredAt: event.occurredAt ?? new Date().toISOString(),
    });
    await new Queue({ key: SYNC_EVENTS_QUEUE }).push({ body });
    return 'queued';
  } catch (e) {
    console.warn(
      `[os2] could not queue a ${event.kind} event: ${e instanceof Error ? e.message : String(e)}`,
    );
    return 'failed';
  }
}

/** The service's `/events` body limit is 64 KiB; a push that would not fit is left out (the service then reads). */
const MAX_PUSHED_BODY = 60 * 1024;

/**
 * Sends a change event, signed. With `push` (the queue's consumer, off the user's path) it carries the roll-up
 * input the app computes from its own storage (src/app/push.ts), so the service writes without reading the
 * source site; when that cannot be built (a storage or Jira error, an ungoverned project, too large), the event
 * goes without it and the service reads the product as before.
 */
export async function sendChangeEvent(
  event: Omit<ChangeEvent, 'occurredAt'> & { occurredAt?: string },
  timeoutMs = 3_000,
  opts: { push?: boolean } = {},
): Promise<SendOutcome> {
  try {
    const [url, secret] = await Promise.all([loadSyncUrl(), loadSecret()]);
    if (!url || !secret) return 'not_configured';
    const plain = ChangeEventSchema.parse({
      ...event,
      occurredAt: event.occurredAt ?? new Date().toISOString(),
    });
    let body = JSON.stringify(plain);
    if (opts.push) {
      try {
        const rollUp = await buildPushedRollUp(appJira(), plain.projectId, plain.siteUrl, secret, {
          ...(plain.issueId ? { issueId: plain.issueId } : {}),
          governedFirst: plain.kind === 'issue',
        });
        const pushed = rollUp ? JSON.stringify({ ...plain, rollUp }) : undefined;
        if (pushed && Buffer.byteLength(pushed) <= MAX_PUSHED_BODY) body = pushed;
      } catch (e) {
        console.warn(
          `[os2] sending the ${event.kind} event without its roll-up: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    const response = await forgeFetch(url, {
      method: 'POST',
      headers: signedJsonHeaders(body, secret),
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      console.warn(`[os2] sync service answered ${response.status} to a ${event.kind} event`);
      return 'failed';
    }
    return 'sent';
  } catch (e) {
    console.warn(`[os2] could not reach the sync service: ${e instanceof Error ? e.message : String(e)}`);
    return 'failed';
  }
}
