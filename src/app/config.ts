/**
 * The app's settings, kept by the admin page in Forge storage: the municipality directory (Jira group →
 * municipality), the secretariat and board groups, the requirement catalogue in force, the sync service's
 * address and the event secret. The secret is stored with `kvs.setSecret` and never returned to any UI.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { MunicipalitySchema } from '../domain/municipality';
import { DEFAULT_CADENCE, ReportingCadenceSchema, type ReportingCadence } from '../domain/reporting';
import { getJson, keys, putJson } from './storage';

export const GroupNameSchema = z.string().trim().min(1, 'Gruppenavnet mangler').max(255);

export const DirectoryEntrySchema = z.strictObject({
  group: GroupNameSchema,
  municipality: MunicipalitySchema,
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

export const DirectorySchema = z
  .array(DirectoryEntrySchema)
  .max(500)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.group))
        ctx.addIssue({ code: 'custom', path: [i, 'group'], message: `Gruppen ${e.group} står to gange` });
      seen.add(e.group);
    });
  });

export const RolesConfigSchema = z.strictObject({
  secretariatGroup: GroupNameSchema,
  boardGroup: GroupNameSchema,
});
export type RolesConfig = z.infer<typeof RolesConfigSchema>;

export const SyncConfigSchema = z.strictObject({
  /** The sync service's `/events` address; empty: no events are sent. */
  url: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]),
});

export const CatalogueConfigSchema = z.strictObject({ id: z.string().min(1).max(64) });

/** Defaults match the seed groups (team-contracts.md "Municipality groups"). */
export const DEFAULT_ROLES: RolesConfig = {
  secretariatGroup: 'os2-sekretariat',
  boardGroup: 'os2-bestyrelse',
};

export async function loadDirectory(): Promise<DirectoryEntry[]> {
  return (await getJson(keys.config('directory'), DirectorySchema)) ?? [];
}
export async function saveDirectory(entries: DirectoryEntry[]): Promise<void> {
  await putJson(keys.config('directory'), DirectorySchema, entries);
}
export async function loadRoles(): Promise<RolesConfig> {
  return (await getJson(keys.config('roles'), RolesConfigSchema)) ?? DEFAULT_ROLES;
}
export async function saveRoles(roles: RolesConfig): Promise<void> {
  await putJson(keys.config('roles'), RolesConfigSchema, roles);
}
export async function loadSyncUrl(): Promise<string> {
  return (await getJson(keys.config('sync'), SyncConfigSchema))?.url ?? '';
}
export async function saveSyncUrl(url: string): Promise<void> {
  await putJson(keys.config('sync'), SyncConfigSchema, { url });
}
export async function loadCatalogueId(): Promise<string | undefined> {
  return (await getJson(keys.config('catalogue'), CatalogueConfigSchema))?.id;
}
export async function saveCatalogueId(id: string): Promise<void> {
  await putJson(keys.config('catalogue'), CatalogueConfigSchema, { id });
}

export const SecretSchema = z.string().min(16, 'Hemmeligheden skal have mindst 16 tegn').max(512);

export async function loadSecret(): Promise<string | undefined> {
  const s = await kvs.getSecret<string>(keys.secret);
  return typeof s === 'string' && s.length > 0 ? s : undefined;
}
export async function saveSecret(secret: string): Promise<void> {
  await kvs.setSecret(keys.secret, SecretSchema.parse(secret));
}

/** Who may vote on a product's requests (src/domain/voting.ts): its participating municipalities (default) or every member. */
export const VotingSettingsSchema = z.strictObject({ eligibility: z.enum(['participating', 'members']) });
export type VotingSettings = z.infer<typeof VotingSettingsSchema>;
export async function loadVotingSettings(): Promise<VotingSettings> {
  return (await getJson(keys.config('voting'), VotingSettingsSchema)) ?? { eligibility: 'participating' };
}
export async function saveVotingSettings(v: VotingSettings): Promise<void> {
  await putJson(keys.config('voting'), VotingSettingsSchema, v);
}

/**
 * The stored cadence with when it was saved (`setAt`, epoch ms; absent when saved before p14s). The mirrors carry
 * `setAt` so the sync service can tell a newer signed cadence from an older one put back in Jira.
 */
const StoredCadenceSchema = ReportingCadenceSchema.extend({ setAt: z.number().int().positive().optional() });

/** Days between status reports per level (src/domain/reporting.ts); the defaults until an admin sets them. */
export async function loadReportingCadence(): Promise<ReportingCadence> {
  return (await loadReportingCadenceSetting()).cadence;
}
/** The cadence and when an admin saved it (`setAt` absent for the defaults or a cadence saved before p14s). */
export interface ReportingCadenceSetting {
  cadence: ReportingCadence;
  setAt?: number;
}
export async function loadReportingCadenceSetting(): Promise<ReportingCadenceSetting> {
  const stored = await getJson(keys.config('reporting'), StoredCadenceSchema);
  if (!stored) return { cadence: DEFAULT_CADENCE };
  const { setAt, N1, N2, N3 } = stored;
  return { cadence: { N1, N2, N3 }, ...(setAt !== undefined ? { setAt } : {}) };
}
export async function saveReportingCadence(cadence: ReportingCadence, setAt = Date.now()): Promise<void> {
  await putJson(keys.config('reporting'), StoredCadenceSchema, { ...cadence, setAt });
}
