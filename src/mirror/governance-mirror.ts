import { z } from 'zod';
import { GovernanceRecordSchema } from '../domain/governance-record';
import { DecisionSchema } from '../domain/decision';
import { signPayload, verifyPayload } from './signature';
import type { GovernanceRecord } from '../domain/governance-record';
import type { Decision } from '../domain/decision';
import type { MirrorIntegrity } from '../domain/rollup';

/** Jira project property key of the signed governance mirror. */
export const GOVERNANCE_PROPERTY = 'os2-governance';
/** How many of the newest decisions the mirror carries (the full log stays in Forge storage). */
export const MIRRORED_DECISIONS = 10;

export const GovernancePayloadSchema = z.strictObject({
  record: GovernanceRecordSchema,
  decisions: z.array(DecisionSchema).max(MIRRORED_DECISIONS),
});
export type GovernancePayload = z.infer<typeof GovernancePayloadSchema>;

/**
 * What is stored in `os2-governance`. `level` and `state` are repeated at the top so that the app's
 * `jira:entityProperty` module can index them for JQL (indexed paths must be simple).
 */
export const GovernanceMirrorSchema = z.strictObject({
  level: z.string(),
  state: z.string(),
  revision: z.number().int().nonnegative(),
  payload: GovernancePayloadSchema,
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type GovernanceMirror = z.infer<typeof GovernanceMirrorSchema>;

export function buildGovernanceMirror(
  record: GovernanceRecord,
  decisions: readonly Decision[],
  secret: string,
): GovernanceMirror {
  const payload: GovernancePayload = { record, decisions: decisions.slice(-MIRRORED_DECISIONS) };
  return {
    level: record.level,
    state: record.state,
    revision: record.revision,
    payload,
    signature: signPayload(payload, secret),
  };
}

export type ReadGovernanceMirror =
  | { integrity: 'verified'; payload: GovernancePayload }
  | { integrity: Exclude<MirrorIntegrity, 'verified'>; reason: string };

/**
 * Parses and verifies a mirror read from Jira. Never throws: a missing, malformed or unsigned mirror, or one
 * whose signature or indexed copies disagree with its payload, is reported as such and not trusted.
 */
export function readGovernanceMirror(
  value: unknown,
  secrets: string | readonly string[],
): ReadGovernanceMirror {
  if (value === undefined || value === null) return { integrity: 'missing', reason: 'Ingen os2-governance' };
  const raw = value as { signature?: unknown };
  if (typeof raw === 'object' && (raw.signature === undefined || raw.signature === '')) {
    return { integrity: 'unsigned', reason: 'os2-governance har ingen signatur' };
  }
  const parsed = GovernanceMirrorSchema.safeParse(value);
  if (!parsed.success) {
    return {
      integrity: 'tampered',
      reason: `os2-governance er ugyldig: ${parsed.error.issues[0]?.message ?? ''}`,
    };
  }
  const mirror = parsed.data;
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  if (!keys.some((k) => k && verifyPayload(mirror.payload, mirror.signature, k))) {
    return { integrity: 'tampered', reason: 'Signaturen på os2-governance passer ikke' };
  }
  const { record } = mirror.payload;
  if (mirror.level !== record.level || mirror.state !== record.state || mirror.revision !== record.revision) {
    return {
      integrity: 'tampered',
      reason: 'De indekserede felter i os2-governance passer ikke med indholdet',
    };
  }
  return { integrity: 'verified', payload: mirror.payload };
}
