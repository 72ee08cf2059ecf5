import { z } from 'zod';
import { GovernanceRecordSchema } from '../domain/governance-record';
import { DecisionSchema } from '../domain/decision';
import { TopRequestSchema } from '../domain/rollup';
import { signPayload, verifyPayload } from './signature';
import { MIRRORED_DECISIONS, MirroredSettingsShape } from './governance-mirror';

/** What a pushed roll-up signature is for; part of the signed subject so no other signed value can pass for one. */
export const PUSH_PURPOSE = 'os2-push/v1';

/**
 * The roll-up input the app computes from its own storage and sends in a change event (issue 18, item 1), so the
 * sync service rolls up and writes without reading the source site. The same fields the service would otherwise
 * read: the governance record and its newest decisions (Forge storage), the open feature requests and the top
 * voted ones (tallies from the app's vote storage), and the settings the roll-up counts with (catalogue versions,
 * report cadence; absent when default).
 */
export const PushedInputSchema = z.strictObject({
  record: GovernanceRecordSchema,
  decisions: z.array(DecisionSchema).max(MIRRORED_DECISIONS),
  openRequests: z.number().int().nonnegative(),
  topRequests: z.array(TopRequestSchema).max(10),
  skippedRequests: z.number().int().positive().optional(),
  /** The board's catalogue versions and the configured cadence, as the governance mirror carries them. */
  ...MirroredSettingsShape,
});
export type PushedInput = z.infer<typeof PushedInputSchema>;

/**
 * A signed pushed roll-up input. `computedAt` (epoch ms when the app read its storage) orders pushes of one
 * product: the service keeps the highest it accepted per product and refuses a lower one (a replayed or
 * overtaken push), as it does for mirror revisions.
 */
export const PushedRollUpSchema = z.strictObject({
  input: PushedInputSchema,
  computedAt: z.number().int().positive(),
  signature: z.string().regex(/^[0-9a-f]{64}$/, 'signature er 64 hex-tegn'),
});
export type PushedRollUp = z.infer<typeof PushedRollUpSchema>;

/** Where a push belongs: the event's source site (as the app names it) and project. */
export interface PushSubject {
  siteUrl: string;
  projectId: string;
}

/**
 * The signed subject: purpose, site, project (id and key), the governance revision and the push time, with the
 * input itself. A push copied into an event for another project or site, or an input edited in transit, does
 * not verify; the site is also bound by the key (each site signs with its own secret).
 */
function signed(subject: PushSubject, pushed: Omit<PushedRollUp, 'signature'>) {
  return {
    purpose: PUSH_PURPOSE,
    siteUrl: subject.siteUrl,
    projectId: subject.projectId,
    projectKey: pushed.input.record.project.key,
    revision: pushed.input.record.revision,
    computedAt: pushed.computedAt,
    input: pushed.input,
  };
}

export function signPushedRollUp(
  input: PushedInput,
  subject: PushSubject,
  secret: string,
  computedAt: number = Date.now(),
): PushedRollUp {
  const unsigned = { input, computedAt };
  return { ...unsigned, signature: signPayload(signed(subject, unsigned), secret) };
}

export type PushCheck =
  | { ok: true; pushed: PushedRollUp }
  | { ok: false; reason: 'malformed' | 'subject' | 'signature'; detail: string };

/**
 * Verifies a pushed roll-up against the event it came in. Never throws. `secrets`: the site's current secret and,
 * during a rotation, the previous one. The revision high-water check is the caller's (it needs Redis).
 */
export function verifyPushedRollUp(
  value: unknown,
  subject: PushSubject,
  secrets: readonly string[],
): PushCheck {
  const parsed = PushedRollUpSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: 'malformed',
      detail: `rollUp er ugyldig: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`,
    };
  }
  const pushed = parsed.data;
  if (pushed.input.record.project.id !== subject.projectId)
    return { ok: false, reason: 'subject', detail: 'rollUp tilhører et andet projekt end hændelsen' };
  const payload = signed(subject, pushed);
  if (!secrets.some((s) => s && verifyPayload(payload, pushed.signature, s)))
    return { ok: false, reason: 'signature', detail: 'Signaturen på rollUp passer ikke' };
  return { ok: true, pushed };
}
