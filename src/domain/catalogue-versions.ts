import { z } from 'zod';
import {
  CatalogueSchema,
  RequirementIdSchema,
  requirementsFor,
  type Catalogue,
  type Requirement,
} from './catalogue';
import { ThemeSchema, LevelSchema, type Level } from './level';
import { PersonSchema } from './person';
import { checkClock, isBoard, parseInput, refuse } from './transition-kit';
import { invalidInput } from './rule-error';
import { personOf, type Actor } from './actor';
import type { CatalogueRegistry } from './catalogue-registry';
import type { GovernanceRuleError } from './rule-error';
import type { GovernanceRecord } from './governance-record';

/**
 * The board's own changes to a requirement catalogue (finding 5 of issue 14; seed 003 4.1.6: the board "may
 * decide to make parts of the materials obligatory, e.g. architecture principles or operating requirements").
 * The catalogue in code (catalogues/os2-2016.ts) is version 0; every change the board makes is a new version,
 * stored in app storage with who, when and why, so no code change is needed. Ids never change and items are
 * only added or made obligatory, so every answer stored against an earlier version keeps its meaning; the page
 * shows which version a project answers. Records keep naming the catalogue by its base id.
 */

export const CatalogueChangeSchema = z.discriminatedUnion('type', [
  /** A new obligatory item on a level (and the levels above it, as every item). */
  z.strictObject({
    type: z.literal('add'),
    id: RequirementIdSchema,
    theme: ThemeSchema,
    level: LevelSchema,
    da: z.string().trim().min(1, 'Kravet skal have en dansk tekst').max(500),
    en: z.string().trim().min(1, 'Kravet skal have en engelsk tekst').max(500),
  }),
  /** An item the catalogue lists as allowed (a permission) becomes a requirement to meet or explain. */
  z.strictObject({ type: z.literal('makeObligatory'), id: RequirementIdSchema }),
]);
export type CatalogueChange = z.infer<typeof CatalogueChangeSchema>;

export const CatalogueVersionSchema = z.strictObject({
  version: z.number().int().min(1),
  change: CatalogueChangeSchema,
  by: PersonSchema,
  at: z.iso.datetime(),
  reason: z.string().trim().min(1).max(4000),
});
export type CatalogueVersion = z.infer<typeof CatalogueVersionSchema>;

/** What is stored per catalogue (`catver:<catalogueId>`): its versions, oldest first. */
export const CatalogueVersionsSchema = z.strictObject({
  catalogue: z.string().min(1).max(64),
  versions: z.array(CatalogueVersionSchema).max(500),
});
export type CatalogueVersions = z.infer<typeof CatalogueVersionsSchema>;

function apply(catalogue: Catalogue, change: CatalogueChange): Catalogue | GovernanceRuleError {
  if (change.type === 'add') {
    const { type: _t, ...requirement } = change;
    const next = CatalogueSchema.safeParse({
      ...catalogue,
      requirements: [...catalogue.requirements, requirement],
    });
    return next.success
      ? next.data
      : invalidInput(next.error.issues.map((i) => ({ ...i, path: i.path.slice(2) })));
  }
  const item = catalogue.requirements.find((r) => r.id === change.id);
  if (!item) return invalidInput([{ path: ['id'], message: `Kataloget har intet punkt ${change.id}` }]);
  if (item.kind !== 'permission')
    return invalidInput([{ path: ['id'], message: `${change.id} er allerede et krav` }]);
  return {
    ...catalogue,
    requirements: catalogue.requirements.map((r) => {
      if (r.id !== change.id) return r;
      const { kind: _k, ...rest } = r;
      return rest;
    }),
  };
}

/**
 * The catalogue as of `version` (default: the newest): the code's catalogue with the board's changes applied,
 * carrying the version it is at (`version`; the code's own catalogue, version 0, is returned as it is).
 */
export function catalogueAt(
  base: Catalogue,
  versions: readonly Pick<CatalogueVersion, 'change'>[],
  version = versions.length,
): Catalogue {
  const at = Math.max(0, Math.min(version, versions.length));
  if (at === 0) return base;
  let c = base;
  for (const v of versions.slice(0, at)) {
    const next = apply(c, v.change);
    // A stored version was valid when it was saved; one that no longer applies is skipped, never fatal to reads.
    if (!('code' in next)) c = next;
  }
  return { ...c, version: at };
}

/** The board's version a catalogue is at (0: the code's own). */
export const versionOf = (catalogue: Catalogue): number => catalogue.version ?? 0;

/**
 * The catalogue a record is assessed and counted against, given the board's versions of its catalogue — the one
 * place this choice is made (the project page, the rules, and the roll-up's counts call it).
 *
 * The choice (issue 14, seed 003 4.1.6): every record answers the newest version, not the version in force when it
 * was admitted or approved. The seed gives the board the power to "make parts of the materials obligatory, e.g.
 * architecture principles or operating requirements for projects of particular strategic importance" — aimed at
 * the projects and products that exist, and it exempts none; a version pinned at approval would let every running
 * product ignore the board's decision until it next came before the board. So an item the board adds shows as
 * open on a project (and in the portfolio's counts) until the project meets or explains it. What is pinned is the
 * evidence: each answer records the version it was given under, and the record the version its answers were last
 * assessed against (`record.catalogueVersion`), so the page can say "answered under version N of M" and list what
 * is new since (`newSince`). Were the choice ever reversed, it is this function that changes:
 * `catalogueAt(base, versions, record.catalogueVersion ?? versions.length)`.
 */
export function catalogueFor(
  record: Pick<GovernanceRecord, 'catalogue' | 'catalogueVersion'>,
  base: Catalogue,
  versions: readonly CatalogueVersion[],
): Catalogue {
  // The versions are those of the record's own catalogue; another's would count the record against the wrong list.
  if (record.catalogue !== base.id) return base;
  return catalogueAt(base, versions);
}

/**
 * The requirements of `level` that the newest version demands and version `since` did not: the items the board
 * added, or made obligatory, after a project's answers were given. Empty when `since` is the newest.
 */
export function newSince(
  base: Catalogue,
  versions: readonly CatalogueVersion[],
  since: number,
  level: Level,
): Requirement[] {
  const before = new Set(requirementsFor(catalogueAt(base, versions, since), level).map((r) => r.id));
  return requirementsFor(catalogueAt(base, versions), level).filter((r) => !before.has(r.id));
}

/**
 * Most board versions a governance mirror and a pushed roll-up input carry (issue 14: the portfolio counts what
 * the app counts). Measured (test/domain/roll-up-settings.test.ts): the largest demo record with ten decisions of
 * the longest summary is about 18,500 characters; 100 compact versions with ids of the longest allowed length add
 * about 11,000, which keeps the mirror under Jira's 32,768-character property limit; 200 did not (43,000). Past
 * 100 versions the portfolio counts against version 100 while the project page counts against the newest.
 */
export const MAX_MIRRORED_VERSIONS = 100;

/**
 * A board version as the mirror carries it: only what counting needs (the item's id, theme and level, or which
 * permission became obligatory), not its texts or who, when and why, so 200 of them fit the property. Entry n of
 * the list is version n + 1.
 */
export const MirroredCatalogueChangeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('add'), id: RequirementIdSchema, theme: ThemeSchema, level: LevelSchema }),
  z.strictObject({ type: z.literal('makeObligatory'), id: RequirementIdSchema }),
]);
export type MirroredCatalogueChange = z.infer<typeof MirroredCatalogueChangeSchema>;

/** The board's versions, oldest first, as a mirror carries them (at most {@link MAX_MIRRORED_VERSIONS}). */
export function mirroredChanges(versions: readonly CatalogueVersion[]): MirroredCatalogueChange[] {
  return versions
    .slice(0, MAX_MIRRORED_VERSIONS)
    .map(({ change }) =>
      change.type === 'add'
        ? { type: 'add', id: change.id, theme: change.theme, level: change.level }
        : { type: 'makeObligatory', id: change.id },
    );
}

/**
 * The catalogue the portfolio counts with: `base` with the mirrored changes applied. An added item's texts are its
 * id (the mirror carries none; counting and the roll-up's open list use ids only).
 */
export function catalogueWithChanges(
  base: Catalogue,
  changes: readonly MirroredCatalogueChange[],
): Catalogue {
  if (changes.length === 0) return base;
  return catalogueAt(
    base,
    changes.map((c) => ({ change: c.type === 'add' ? { ...c, da: c.id, en: c.id } : c })),
  );
}

export const ChangeCatalogueInputSchema = z.strictObject({
  change: CatalogueChangeSchema,
  reason: z.string().trim().min(1, 'Bestyrelsen skal begrunde ændringen').max(4000),
});
export type ChangeCatalogueInput = z.input<typeof ChangeCatalogueInputSchema>;

export type ChangeCatalogueResult =
  | { ok: true; versions: CatalogueVersion[]; catalogue: Catalogue; version: CatalogueVersion }
  | { ok: false; error: GovernanceRuleError };

/** The board adds an item or makes one obligatory: a new version, with who, when and why. */
export function changeCatalogue(
  base: Catalogue,
  versions: readonly CatalogueVersion[],
  actor: Actor,
  input: ChangeCatalogueInput,
  now: string,
): ChangeCatalogueResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(ChangeCatalogueInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isBoard(actor)) return refuse('ONLY_BOARD_CHANGES_CATALOGUE');
  const next = apply(catalogueAt(base, versions), parsed.value.change);
  if ('code' in next) return { ok: false, error: next };
  const version: CatalogueVersion = {
    version: versions.length + 1,
    change: parsed.value.change,
    by: personOf(actor),
    at: now,
    reason: parsed.value.reason,
  };
  return {
    ok: true,
    versions: [...versions, version],
    catalogue: { ...next, version: version.version },
    version,
  };
}

/** The registry with each catalogue at its newest version: what the rules assess records against. */
export function withBoardVersions(
  registry: CatalogueRegistry,
  stored: Readonly<Record<string, readonly CatalogueVersion[]>>,
): CatalogueRegistry {
  const out: Record<string, Catalogue> = { ...registry };
  for (const [id, versions] of Object.entries(stored)) {
    const base = registry[id];
    if (base && versions.length) out[id] = catalogueAt(base, versions);
  }
  return Object.freeze(out);
}
