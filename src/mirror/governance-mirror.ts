import { z } from 'zod';
import { GovernanceRecordSchema } from '../domain/governance-record';
import { DecisionSchema } from '../domain/decision';
import {
  MAX_MIRRORED_VERSIONS,
  MirroredCatalogueChangeSchema,
  type MirroredCatalogueChange,
} from '../domain/catalogue-versions';
import { DEFAULT_CADENCE, ReportingCadenceSchema, type ReportingCadence } from '../domain/reporting';
import { signPayload, verifyPayload } from './signature';
import type { GovernanceRecord } from '../domain/governance-record';
import type { Decision } from '../domain/decision';
import type { MirrorIntegrity } from '../domain/rollup';

/** Jira project property key of the signed governance mirror. */
export const GOVERNANCE_PROPERTY = 'os2-governance';
/** How many of the newest decisions the mirror carries (the full log stays in Forge storage). */
export const MIRRORED_DECISIONS = 10;

/**
 * The app's settings the portfolio must count with to show what the project page shows (issue 14): the board's
 * versions of the record's catalogue (compact, oldest first) and the configured report cadence. Each is absent
 * when it is the default (no board version; the default cadence), so a mirror written before them, or without
 * them, parses, verifies and rolls up exactly as before. Signed with the record: an edited list is tampered.
 */
export const MirroredSettingsShape = {
  catalogueChanges: z.array(MirroredCatalogueChangeSchema).min(1).max(MAX_MIRRORED_VERSIONS).optional(),
  cadence: ReportingCadenceSchema.optional(),
  /**
   * When an admin last saved the cadence (epoch ms; p14s): what makes one signed cadence newer than another, so the
   * service can refuse to date reports by an older cadence put back in Jira (sync-worker/src/trust/site-settings.ts).
   * Carried whenever a cadence was ever saved, also when it is back at the default (then `cadence` is absent);
   * absent in mirrors written before it, which the service ranks as older than any that carries it.
   */
  cadenceSetAt: z.number().int().positive().optional(),
};
export interface MirroredSettings {
  catalogueChanges?: MirroredCatalogueChange[];
  cadence?: ReportingCadence;
  cadenceSetAt?: number;
}

/** The settings as carried: defaults left out (see {@link MirroredSettingsShape}). */
export function mirroredSettings(
  catalogueChanges: readonly MirroredCatalogueChange[],
  cadence: ReportingCadence,
  cadenceSetAt?: number,
): MirroredSettings {
  const isDefault = (Object.keys(DEFAULT_CADENCE) as (keyof ReportingCadence)[]).every(
    (l) => cadence[l] === DEFAULT_CADENCE[l],
  );
  return {
    ...(catalogueChanges.length
      ? { catalogueChanges: catalogueChanges.slice(0, MAX_MIRRORED_VERSIONS) }
      : {}),
    ...(isDefault ? {} : { cadence: { N1: cadence.N1, N2: cadence.N2, N3: cadence.N3 } }),
    ...(cadenceSetAt !== undefined ? { cadenceSetAt } : {}),
  };
}

export const GovernancePayloadSchema = z.strictObject({
  record: GovernanceRecordSchema,
  decisions: z.array(DecisionSchema).max(MIRRORED_DECISIONS),
  ...MirroredSettingsShape,
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
  settings: MirroredSettings = {},
): GovernanceMirror {
  const payload: GovernancePayload = {
    record,
    decisions: decisions.slice(-MIRRORED_DECISIONS),
    ...(settings.catalogueChanges?.length ? { catalogueChanges: settings.catalogueChanges } : {}),
    ...(settings.cadence ? { cadence: settings.cadence } : {}),
    ...(settings.cadenceSetAt !== undefined ? { cadenceSetAt: settings.cadenceSetAt } : {}),
  };
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
