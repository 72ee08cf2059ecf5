/**
 * Which entity property paths Jira indexes for JQL: only those an app declares in a `jira:entityProperty`
 * module (developer.atlassian.com/platform/forge/manifest-reference/modules/jira-entity-property/), each with a
 * type and an optional `searchAlias`. The simulator reads the declarations from the app's own manifest.yml, so
 * the app and the simulator cannot drift apart.
 *
 * Types, as the module reference defines them: `number` (range ordering and searching), `string` (indexed as is,
 * exact phrase only), `text` (tokenized, words), `user` (an Atlassian account id) and `date` (date range
 * searching and ordering; ISO 8601).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

export type IndexedType = 'number' | 'string' | 'text' | 'user' | 'date';

export interface IndexedPath {
  entityType: 'issue' | 'project' | 'user';
  propertyKey: string;
  /** Dot-separated path inside the property value ('' is not allowed by Jira). */
  path: string;
  type: IndexedType;
  searchAlias?: string;
}

const ValueSchema = z.object({
  path: z.string().min(1),
  type: z
    .string()
    .transform((t) => t.toLowerCase())
    .pipe(z.enum(['number', 'string', 'text', 'user', 'date'])),
  searchAlias: z.string().min(1).optional(),
});

const ModuleSchema = z.object({
  key: z.string(),
  entityType: z.enum(['issue', 'project', 'user']).default('issue'),
  propertyKey: z.string().min(1),
  values: z.array(ValueSchema).min(1),
});

const ManifestSchema = z.object({
  modules: z.object({ 'jira:entityProperty': z.array(ModuleSchema).optional() }).loose(),
});

/** The declarations of a manifest's text (YAML). Throws on a malformed `jira:entityProperty` module. */
export function indexedPathsOf(manifestYaml: string): IndexedPath[] {
  const manifest = ManifestSchema.parse(parse(manifestYaml));
  return (manifest.modules['jira:entityProperty'] ?? []).flatMap((m) =>
    m.values.map((v) => ({
      entityType: m.entityType,
      propertyKey: m.propertyKey,
      path: v.path,
      type: v.type,
      ...(v.searchAlias ? { searchAlias: v.searchAlias } : {}),
    })),
  );
}

/** The app's manifest.yml at the repository root. */
export const APP_MANIFEST = fileURLToPath(new URL('../manifest.yml', import.meta.url));

let appPaths: IndexedPath[] | undefined;
/** The declarations of the app's own manifest.yml (read once). */
export function appIndexedPaths(): IndexedPath[] {
  appPaths ??= indexedPathsOf(readFileSync(APP_MANIFEST, 'utf8'));
  return appPaths;
}

/**
 * What a site indexes: 'manifest' (default) the app's declarations; 'all' every path of every issue property
 * as plain JSON values (the simulator's old behaviour, for tests about JQL itself); or a list of declarations
 * (the app's plus a test's own, for instance).
 */
export type IndexingOption = 'manifest' | 'all' | IndexedPath[];

export function resolveIndexing(option: IndexingOption | undefined): IndexedPath[] | 'all' {
  if (option === 'all') return 'all';
  if (option === undefined || option === 'manifest') return appIndexedPaths();
  return option;
}
