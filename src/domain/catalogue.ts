import { z } from 'zod';
import { LevelSchema, ThemeSchema, levelRank } from './level';
import type { Level, Theme } from './level';

/**
 * Requirement catalogues are versioned data, not code: OS2 may revise the 2016 requirements, and a record
 * names the catalogue it is assessed against (`GovernanceRecord.catalogue`), so old answers keep their meaning.
 */
export const RequirementIdSchema = z
  .string()
  .max(64)
  .regex(
    /^N[123]-[A-Z0-9]+(?:-[A-Z0-9]+)*$/,
    'Krav-id skal have formen N1-TEMA-NAVN, fx N1-FORMAL-SOURCE-SHARED',
  );

/**
 * A requirement the app reads off the record instead of taking an answer for it (finding 1 of issue 14: "board
 * majority: met" was accepted on a project with no board member). Only explaining it is left to people.
 */
export const RecordCheckSchema = z.enum([
  'participating_municipality',
  'board_approved',
  'steering_group_approved_by_board',
  'steering_group_appointed_by_board',
  'board_majority',
  'coordination_group',
  'board_in_coordination_group',
  'project_description_approved',
]);
export type RecordCheck = z.infer<typeof RecordCheckSchema>;

export const RequirementSchema = z.strictObject({
  id: RequirementIdSchema,
  theme: ThemeSchema,
  /** The level that introduces the requirement; it applies to that level and every level above it. */
  level: LevelSchema,
  /**
   * The highest level it applies to, when a higher level replaces it (seed 003 5.4: N2 "builds on" N1 but turns
   * N1's permissions into duties, e.g. "OS2's project model is not required" becomes "follow or explain it").
   */
  until: LevelSchema.optional(),
  /** `permission`: what the level allows, not a duty; shown, never answered, never counted. */
  kind: z.enum(['requirement', 'permission']).optional(),
  check: RecordCheckSchema.optional(),
  /** Danish first: the text the secretariat and the projects read. */
  da: z.string().trim().min(1).max(500),
  en: z.string().trim().min(1).max(500),
});
export type Requirement = z.infer<typeof RequirementSchema>;

export const CatalogueSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'Katalog-id skal være små bogstaver, tal og bindestreg'),
    title: z.strictObject({ da: z.string().min(1).max(255), en: z.string().min(1).max(255) }),
    requirements: z.array(RequirementSchema).min(1),
    /**
     * The board's version this catalogue is at (catalogue-versions.ts `catalogueAt`); absent on the code's own
     * catalogue, which is version 0.
     */
    version: z.number().int().nonnegative().optional(),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.requirements.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requirements', i, 'id'],
          message: `Krav-id ${r.id} findes to gange`,
        });
      }
      seen.add(r.id);
      if (r.until !== undefined && levelRank(r.until) < levelRank(r.level)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requirements', i, 'until'],
          message: `Krav ${r.id} kan ikke ophøre under sit eget niveau`,
        });
      }
      // The id carries the level so that an id alone tells a reader where the requirement belongs.
      if (!r.id.startsWith(`${r.level}-`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requirements', i, 'id'],
          message: `Krav-id ${r.id} skal begynde med niveauet ${r.level}`,
        });
      }
    });
  });
export type Catalogue = z.infer<typeof CatalogueSchema>;

/**
 * What applies to a product on `level`: cumulative (domain.md "Product levels": "N2 includes all of N1, N3 all
 * of N2"), except items a higher level replaces (`until`), in catalogue order. Permissions included.
 */
export function itemsFor(catalogue: Catalogue, level: Level): Requirement[] {
  const rank = levelRank(level);
  return catalogue.requirements.filter(
    (r) => levelRank(r.level) <= rank && (r.until === undefined || rank <= levelRank(r.until)),
  );
}

/** The requirements a product on `level` must meet or explain: what applies, without the permissions. */
export function requirementsFor(catalogue: Catalogue, level: Level): Requirement[] {
  return itemsFor(catalogue, level).filter((r) => r.kind !== 'permission');
}

/** Requirements grouped by theme, for the UI's four columns. */
export function requirementsByTheme(catalogue: Catalogue, level: Level): Record<Theme, Requirement[]> {
  const out: Record<Theme, Requirement[]> = { relevance: [], formal: [], governance: [], strategic_fit: [] };
  for (const r of requirementsFor(catalogue, level)) out[r.theme].push(r);
  return out;
}
