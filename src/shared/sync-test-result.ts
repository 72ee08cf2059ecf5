/**
 * What the admin page's "send test event" answers (src/app/sync-test.ts `sendTestEvent`). Here so the admin
 * page's UI bundle does not load the sender (src/shared/README.md).
 */
export type SyncTestResult =
  | { result: 'ok'; siteKnown: boolean; ms: number }
  /** The service refused the signature: `mismatch` means the secrets differ; `stale` that the clocks differ. */
  | { result: 'signature_refused'; reason: string }
  | { result: 'unreachable'; detail: string }
  | { result: 'timeout'; timeoutMs: number }
  /** An answer that is not the service's (another server at the address, a proxy's error page). */
  | { result: 'unexpected'; status: number }
  | { result: 'not_configured'; missing: ('url' | 'secret')[] };
