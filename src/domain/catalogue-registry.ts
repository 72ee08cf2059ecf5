import { CatalogueSchema } from './catalogue';
import type { Catalogue } from './catalogue';
import { OS2_2016 } from './catalogues/os2-2016';

/** A set of catalogues by id. A new catalogue is data: add it with `withCatalogue`, no code change needed. */
export type CatalogueRegistry = Readonly<Record<string, Catalogue>>;

export const DEFAULT_CATALOGUE_ID = 'os2-2016';

export const CATALOGUES: CatalogueRegistry = Object.freeze({ [OS2_2016.id]: OS2_2016 });

/** A registry with one more catalogue, validated (so a bad catalogue fails where it is added, not where it is used). */
export function withCatalogue(registry: CatalogueRegistry, catalogue: unknown): CatalogueRegistry {
  const parsed = CatalogueSchema.parse(catalogue);
  return Object.freeze({ ...registry, [parsed.id]: parsed });
}

export function findCatalogue(id: string, registry: CatalogueRegistry = CATALOGUES): Catalogue | undefined {
  return Object.prototype.hasOwnProperty.call(registry, id) ? registry[id] : undefined;
}
