/**
 * Asks a site's app for data only it holds, through its `os2-app-data` web trigger (the site's `appDataUrl`;
 * src/events/app-data.ts has the wire). The request is signed with the site's secret (as `os2-sync import`'s, the
 * same code: signed-post.ts); the answer must be signed by the app with that secret over what was asked, a fresh
 * nonce included, so a forged answer, an altered one or one replayed from an earlier request is refused, and the
 * data is checked against the op's schema before anyone uses it.
 *
 * Never throws: a failure is a result with its reason and a text from the one catalogue (`appData.err.*`).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  APP_DATA_PURPOSE,
  APP_DATA_WIRE,
  verifyAppDataAnswer,
  type AppDataInput,
  type AppDataOp,
  type AppDataOutput,
} from '../../src/events/app-data.js';
import { t, type Locale, type MessageKey } from '../../src/i18n/index.js';
import { postSigned } from './signed-post.js';
import type { SyncConfig } from './config.js';

/** A page waits this long for the app (a Forge function's cold start included) before it shows the rest. */
export const APP_DATA_TIMEOUT_MS = 10_000;

export type AppDataFailureReason =
  'not_configured' | 'unknown_site' | 'no_answer' | 'not_json' | 'refused' | 'untrusted' | 'malformed';

/** What went wrong, for the catalogue's text: the HTTP status, the app's message, the check that failed. */
export interface AppDataFailureDetail {
  site: string;
  status?: number;
  message?: string;
  error?: string;
}
export interface AppDataFailure {
  ok: false;
  reason: AppDataFailureReason;
  detail: AppDataFailureDetail;
}

export type AppDataResult<Op extends AppDataOp> =
  { ok: true; data: AppDataOutput<Op>; computedAt: number } | AppDataFailure;

export interface AppDataOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

export async function requestAppData<Op extends AppDataOp>(
  ctx: { config: Pick<SyncConfig, 'sites'> },
  siteName: string,
  op: Op,
  input: AppDataInput<Op>,
  opts: AppDataOptions = {},
): Promise<AppDataResult<Op>> {
  const fail = (
    reason: AppDataFailureReason,
    more: Omit<AppDataFailureDetail, 'site'> = {},
  ): AppDataFailure => ({
    ok: false,
    reason,
    detail: { site: siteName, ...more },
  });
  const site = ctx.config.sites.find((s) => s.name === siteName);
  if (!site) return fail('unknown_site');
  if (!site.appDataUrl) return fail('not_configured');
  const wire = APP_DATA_WIRE[op];
  const checked = wire.input.parse(input) as Record<string, unknown>;
  const nonce = randomBytes(16).toString('hex');
  const body = JSON.stringify({ ...checked, purpose: APP_DATA_PURPOSE, op, nonce });
  const posted = await postSigned(site.appDataUrl, body, site.secrets[0]!, {
    ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
    timeoutMs: opts.timeoutMs ?? APP_DATA_TIMEOUT_MS,
  });
  if (!posted.ok)
    return posted.kind === 'no_answer'
      ? fail('no_answer', { error: posted.error })
      : fail('not_json', { status: posted.status });
  if (posted.status !== 200) {
    const m = z.looseObject({ message: z.string() }).safeParse(posted.json);
    return fail('refused', {
      status: posted.status,
      message: m.success ? m.data.message : posted.raw.slice(0, 200),
    });
  }
  const verified = verifyAppDataAnswer(posted.json, { op, input: checked, nonce }, site.secrets);
  if (!verified.ok) return fail('untrusted', { error: verified.reason });
  const data = wire.data.safeParse(verified.data);
  if (!data.success) return fail('malformed');
  return { ok: true, data: data.data as AppDataOutput<Op>, computedAt: verified.computedAt };
}

const FAILURE_KEY: Record<AppDataFailureReason, MessageKey> = {
  not_configured: 'appData.err.notConfigured',
  unknown_site: 'appData.err.unknownSite',
  no_answer: 'appData.err.noAnswer',
  not_json: 'appData.err.notJson',
  refused: 'appData.err.refused',
  untrusted: 'appData.err.untrusted',
  malformed: 'appData.err.malformed',
};

/** A failure in words (Danish or English), for the page and the log. */
export function appDataFailureText(
  failure: Pick<AppDataFailure, 'reason' | 'detail'>,
  locale: Locale,
): string {
  const d = failure.detail;
  return t(locale, FAILURE_KEY[failure.reason], {
    site: d.site,
    status: d.status ?? '',
    message: d.message ?? '',
    error: d.error ?? '',
    reason: d.error ?? '',
  });
}
