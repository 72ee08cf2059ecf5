/**
 * Sends a signed change event (src/events/change-event.ts) to the sync service. Best effort by design: the
 * user's action has already been saved, and the service's reconcile heals a missed event, so a failure to reach
 * the service is logged and never fails the action. Short timeout, so a slow service never makes a resolver slow.
 */
import { fetch as forgeFetch } from '@forge/api';
import {
  ChangeEventSchema,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signEventBody,
  type ChangeEvent,
} from '../events/change-event';
import { loadSecret, loadSyncUrl } from './config';

export type SendOutcome = 'sent' | 'not_configured' | 'failed';

export async function sendChangeEvent(
  event: Omit<ChangeEvent, 'occurredAt'> & { occurredAt?: string },
  timeoutMs = 3_000,
): Promise<SendOutcome> {
  try {
    const [url, secret] = await Promise.all([loadSyncUrl(), loadSecret()]);
    if (!url || !secret) return 'not_configured';
    const body = JSON.stringify(
      ChangeEventSchema.parse({ ...event, occurredAt: event.occurredAt ?? new Date().toISOString() }),
    );
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await forgeFetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signEventBody(body, timestamp, secret),
      },
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
