/**
 * The admin page's "send test event" (issue 17 item 2): a signed test event (src/events/test-event.ts) to the
 * stored sync address, so the admin sees whether the sync service verifies the app's secret. Unlike a change event
 * it is sent directly, not through the async events queue: the admin waits for the answer.
 */
import { randomBytes } from 'node:crypto';
import { fetch as forgeFetch } from '@forge/api';
import { signedJsonHeaders } from '../events/change-event';
import { TestEventAnswerSchema, TestEventSchema } from '../events/test-event';
import { loadSecret, loadSyncUrl } from './config';
import type { SyncTestResult } from '../shared/sync-test-result';

// The answer's shape is src/shared's: the admin page's UI reads it without loading this module (@forge/api).
export type { SyncTestResult } from '../shared/sync-test-result';

export const SYNC_TEST_TIMEOUT_MS = 5_000;

export async function sendTestEvent(
  siteUrl: string,
  timeoutMs: number = SYNC_TEST_TIMEOUT_MS,
): Promise<SyncTestResult> {
  const [url, secret] = await Promise.all([loadSyncUrl(), loadSecret()]);
  const missing = [...(url ? [] : ['url' as const]), ...(secret ? [] : ['secret' as const])];
  if (!url || !secret) return { result: 'not_configured', missing };
  const body = JSON.stringify(
    TestEventSchema.parse({
      kind: 'test',
      siteUrl,
      nonce: randomBytes(16).toString('hex'),
      sentAt: new Date().toISOString(),
    }),
  );
  const start = Date.now();
  let response: Awaited<ReturnType<typeof forgeFetch>>;
  try {
    response = await forgeFetch(url, {
      method: 'POST',
      headers: signedJsonHeaders(body, secret),
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { result: 'timeout', timeoutMs };
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : '';
    return { result: 'unreachable', detail: cause || (e instanceof Error ? e.message : String(e)) };
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (response.status === 401) {
    const reason = (json as { reason?: unknown } | undefined)?.reason;
    return { result: 'signature_refused', reason: typeof reason === 'string' ? reason : 'unknown' };
  }
  const answer = TestEventAnswerSchema.safeParse(json);
  if (response.status === 200 && answer.success) {
    return { result: 'ok', siteKnown: answer.data.siteKnown, ms: Date.now() - start };
  }
  return { result: 'unexpected', status: response.status };
}
