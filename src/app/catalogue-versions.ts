/**
 * The board's catalogue versions (src/domain/catalogue-versions.ts) in Forge storage: one key per version,
 * `catver:<catalogueId>:<version, 10 digits>`, written once with FAIL_IF_EXISTS, so versions are append-only and
 * of two board members saving at the same time exactly one gets the next number (the other is refused as stale).
 */
import { kvs } from '@forge/kvs';
import { CATALOGUES, type CatalogueRegistry } from '../domain/catalogue-registry';
import {
  CatalogueVersionSchema,
  withBoardVersions,
  type CatalogueVersion,
} from '../domain/catalogue-versions';
import { queryAll } from './storage';

const prefix = (catalogueId: string) => `catver:${catalogueId}:`;
const key = (catalogueId: string, version: number) =>
  `${prefix(catalogueId)}${String(version).padStart(10, '0')}`;

export async function loadCatalogueVersions(catalogueId: string): Promise<CatalogueVersion[]> {
  const rows = await queryAll<unknown>(prefix(catalogueId));
  return rows.map((r) => CatalogueVersionSchema.parse(r.value)).sort((a, b) => a.version - b.version);
}

/** Stores a new version; false when that version number is already taken (someone saved first). */
export async function appendCatalogueVersion(
  catalogueId: string,
  version: CatalogueVersion,
): Promise<boolean> {
  try {
    await kvs.set(key(catalogueId, version.version), CatalogueVersionSchema.parse(version), {
      keyPolicy: 'FAIL_IF_EXISTS',
    });
    return true;
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === 'KEY_CONFLICT') return false;
    throw e;
  }
}

/** The board's versions of every catalogue in code, by catalogue id (one storage query each, side by side). */
export async function loadAllCatalogueVersions(): Promise<Record<string, CatalogueVersion[]>> {
  const ids = Object.keys(CATALOGUES);
  const versions = await Promise.all(ids.map((id) => loadCatalogueVersions(id)));
  return Object.fromEntries(ids.map((id, i) => [id, versions[i]!]));
}

/** Every catalogue at its newest version, from versions already read. */
export function catalogueRegistryOf(versions: Record<string, CatalogueVersion[]>): CatalogueRegistry {
  return withBoardVersions(CATALOGUES, versions);
}

/** Every catalogue at its newest version: what records are assessed against. */
export async function loadCatalogueRegistry(): Promise<CatalogueRegistry> {
  return catalogueRegistryOf(await loadAllCatalogueVersions());
}
