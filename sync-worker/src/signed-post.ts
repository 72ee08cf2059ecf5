/**
 * A POST to one of the app's web triggers (`os2-import`, `os2-app-data`), signed as change events are: the
 * headers `x-os2-timestamp` and `x-os2-signature` (HMAC-SHA256 with the site's secret over `<ts>.<body>`,
 * src/events/change-event.ts). A Forge web trigger URL has no authentication of its own; the app checks this.
 */
import { signedJsonHeaders } from '../../src/events/change-event.js';

export type SignedPostResult =
  | { ok: true; status: number; json: unknown; raw: string }
  /** No answer (network, timeout), or an answer that is not JSON. */
  | { ok: false; kind: 'no_answer'; error: string }
  | { ok: false; kind: 'not_json'; status: number; raw: string };

export async function postSigned(
  url: string,
  body: string,
  secret: string,
  opts: { fetchImpl?: typeof fetch; timeoutMs: number },
): Promise<SignedPostResult> {
  let res: Response;
  let raw: string;
  try {
    res = await (opts.fetchImpl ?? fetch)(url, {
      method: 'POST',
      headers: signedJsonHeaders(body, secret),
      body,
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    raw = await res.text();
  } catch (e) {
    return { ok: false, kind: 'no_answer', error: e instanceof Error ? e.message : String(e) };
  }
  try {
    return { ok: true, status: res.status, json: JSON.parse(raw) as unknown, raw };
  } catch {
    return { ok: false, kind: 'not_json', status: res.status, raw };
  }
}
