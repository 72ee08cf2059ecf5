/**
 * The app-data web trigger's wire (`os2-app-data`, src/webtriggers/index.ts `onAppData`): how the sync service
 * asks a site's app for data only the app holds (a product's governance history; later the portfolio lists),
 * and how the app's answer proves it came from the app. Shared by both ends; pure (zod and node:crypto only), so
 * the sync worker imports it without Forge's modules.
 *
 * Request: POST body `{ purpose: 'os2-app-data/v1', op, nonce, ...input }`, signed exactly as the import's
 * (`x-os2-timestamp`, `x-os2-signature` = HMAC-SHA256 of `<ts>.<body>` with the site's event secret, 5 minutes).
 * The purpose binds the signature to this use: no change event's or import's signature verifies as an app-data
 * request. `op` names an entry of the app's registry (src/app/app-data-ops.ts); the rest of the body is that
 * op's input, checked by the op's own strict schema ({@link APP_DATA_WIRE}).
 *
 * Answer (200): `{ purpose: 'os2-app-data-answer/v1', op, input, nonce, computedAt, data, signature }`, the
 * signature HMAC-SHA256 with the same secret over the canonical JSON of everything but itself. The service
 * checks it and that op, input and nonce are the ones it sent: an answer forged by whoever can reach the
 * service's address, or one recorded earlier (a replay, another product's, another op's), is refused. The nonce
 * is the service's, fresh per request, so a replay is refused whatever the two clocks say.
 */
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json';
import { DecisionBodySchema, DecisionKindSchema } from '../domain/decision';
import { signPayload, verifyPayload } from '../mirror/signature';
import { ListsInputSchema, PortfolioListsAnswerSchema } from '../app/lists-answer';

export const APP_DATA_PURPOSE = 'os2-app-data/v1';
export const APP_DATA_ANSWER_PURPOSE = 'os2-app-data-answer/v1';

/** What every request carries besides its op's input. */
export const AppDataEnvelopeSchema = z.looseObject({
  purpose: z.literal(APP_DATA_PURPOSE),
  op: z.string().regex(/^[a-z][a-zA-Z0-9-]{0,39}$/),
  nonce: z.string().regex(/^[0-9a-f]{32}$/),
});

/** The request body's op input: everything but the envelope's own fields. */
export function inputOf(body: Record<string, unknown>): Record<string, unknown> {
  const { purpose: _p, op: _o, nonce: _n, ...input } = body;
  return input;
}

const ProjectIdSchema = z.string().regex(/^\d{1,18}$/);
const TextSchema = z.strictObject({ da: z.string(), en: z.string() });

/**
 * One entry of a product's history as the app's project page builds it (src/app/history.ts), in both
 * languages: the portfolio page shows the same words as the app, from the app's own catalogue and its board's
 * requirement texts.
 */
export const HistoryWireEntrySchema = z.strictObject({
  kind: z.enum(['revision', 'decision', 'vote']),
  at: z.iso.datetime({ offset: true }),
  /** Who (display name); null for revisions saved before the history recorded it. */
  by: z.string().max(255).nullable(),
  revision: z.number().int().positive().optional(),
  first: z.boolean().optional(),
  title: TextSchema,
  /** What changed, field by field (a revision), or the decision's summary, basis and import note, or the vote. */
  lines: z.strictObject({ da: z.array(z.string()), en: z.array(z.string()) }),
  /** A decision's kind and body, so the portfolio page names it as its decision log does (`decided.*`). */
  decision: z.strictObject({ kind: DecisionKindSchema, body: DecisionBodySchema }).optional(),
  /** A decision taken before the app and stated at the product's admission (src/domain/admission.ts). */
  imported: z.boolean().optional(),
  /** The board meeting a decision was recorded for (issue 15 item 4). */
  // The minutes link becomes an href on the portfolio page: http(s) only, as the app stores it. Not z.iso.date()
  // (webpack bundles it as z.date(), docs/forge-app.md).
  meeting: z
    .strictObject({ date: z.string().date(), minutesUrl: z.url({ protocol: /^https?$/ }).max(2000) })
    .optional(),
});
export type HistoryWireEntry = z.infer<typeof HistoryWireEntrySchema>;

export const HistoryAnswerSchema = z.strictObject({
  /** The governance record's revision the history was read at (0: the project is not governed). */
  revision: z.number().int().nonnegative(),
  entries: z.array(HistoryWireEntrySchema),
});
export type HistoryAnswer = z.infer<typeof HistoryAnswerSchema>;

/**
 * Every op: its input (strict, the body less the envelope) and the shape of its answer's `data`. The app's
 * registry (src/app/app-data-ops.ts) answers each; the service (sync-worker/src/app-data-client.ts) checks each
 * answer against it. A new op is added here and there.
 */
export const APP_DATA_WIRE = {
  history: {
    input: z.strictObject({ projectId: ProjectIdSchema }),
    data: HistoryAnswerSchema,
  },
  /** The site's cross-portfolio lists (issue 15 item 6; src/app/lists-answer.ts), for the portfolio page's Lister tab. */
  lists: {
    input: ListsInputSchema,
    data: PortfolioListsAnswerSchema,
  },
} as const;
export type AppDataOp = keyof typeof APP_DATA_WIRE;
export type AppDataInput<Op extends AppDataOp> = z.infer<(typeof APP_DATA_WIRE)[Op]['input']>;
export type AppDataOutput<Op extends AppDataOp> = z.infer<(typeof APP_DATA_WIRE)[Op]['data']>;

export function isAppDataOp(op: string): op is AppDataOp {
  return Object.hasOwn(APP_DATA_WIRE, op);
}

export const AppDataAnswerSchema = z.strictObject({
  purpose: z.literal(APP_DATA_ANSWER_PURPOSE),
  op: z.string(),
  input: z.record(z.string(), z.unknown()),
  nonce: z.string(),
  computedAt: z.number().int().positive(),
  data: z.unknown(),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AppDataAnswer = z.infer<typeof AppDataAnswerSchema>;

/** The app signs its answer; `data` is taken as JSON carries it (no undefined), which is what the service reads. */
export function signAppDataAnswer(
  subject: { op: string; input: Record<string, unknown>; nonce: string; data: unknown },
  secret: string,
  computedAt: number = Date.now(),
): AppDataAnswer {
  const unsigned = {
    purpose: APP_DATA_ANSWER_PURPOSE,
    op: subject.op,
    input: JSON.parse(JSON.stringify(subject.input)) as Record<string, unknown>,
    nonce: subject.nonce,
    computedAt,
    data: JSON.parse(JSON.stringify(subject.data ?? null)) as unknown,
  } as const;
  return { ...unsigned, signature: signPayload(unsigned, secret) };
}

export type AppDataAnswerCheck =
  | { ok: true; data: unknown; computedAt: number }
  | { ok: false; reason: 'malformed' | 'subject' | 'signature' };

/**
 * Checks an answer against what was asked (op, input, nonce) and the site's secrets (the current one first, a
 * previous one during a rotation). `subject`: the answer is for another request (a replay, or another product's
 * answer); `signature`: not signed with the site's secret (forged or altered).
 */
export function verifyAppDataAnswer(
  value: unknown,
  asked: { op: string; input: Record<string, unknown>; nonce: string },
  secrets: readonly string[],
): AppDataAnswerCheck {
  const parsed = AppDataAnswerSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const a = parsed.data;
  if (
    a.op !== asked.op ||
    a.nonce !== asked.nonce ||
    canonicalJson(a.input) !== canonicalJson(JSON.parse(JSON.stringify(asked.input)))
  )
    return { ok: false, reason: 'subject' };
  const { signature, ...unsigned } = a;
  if (!secrets.some((s) => verifyPayload(unsigned, signature, s))) return { ok: false, reason: 'signature' };
  return { ok: true, data: a.data, computedAt: a.computedAt };
}
