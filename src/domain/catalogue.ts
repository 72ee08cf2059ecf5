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

export const RequirementSchema = z.strictObject({
  id: RequirementIdSchema,
  theme: ThemeSchema,
  /** The level that introduces the requirement; it applies to that level and every level above it. */
  level: LevelSchema,
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
 * The requirements a product on `level` must meet or explain: cumulative (domain.md "Product levels":
 * "N2 includes all of N1, N3 all of N2"), in catalogue order.
 */
export function requirementsFor(catalogue: Catalogue, level: Level): Requirement[] {
  const rank = levelRank(level);
  return catalogue.requirements.filter((r) => levelRank(r.level) <= rank);
}

/** Requirements grouped by theme, for the UI's four columns. */
export function requirementsByTheme(catalogue: Catalogue, level: Level): Record<Theme, Requirement[]> {
  const out: Record<Theme, Requirement[]> = { relevance: [], formal: [], governance: [], strategic_fit: [] };
  for (const r of requirementsFor(catalogue, level)) out[r.theme].push(r);
  return out;
}
