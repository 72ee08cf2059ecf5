import { z } from 'zod';

/** OS2 product levels (domain.md "Product levels N1, N2, N3"). Requirements are cumulative upwards. */
export const LevelSchema = z.enum(['N1', 'N2', 'N3'], {
  error: (issue) => `Ukendt niveau ${JSON.stringify(issue.input)}: forventede N1, N2 eller N3`,
});
export type Level = z.infer<typeof LevelSchema>;

export const LEVELS: readonly Level[] = LevelSchema.options;

/** 1 for N1, 2 for N2, 3 for N3: a requirement of level L applies to every level whose rank is at least L's. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level) + 1;
}

/** The four themes each level is described under. */
export const ThemeSchema = z.enum(['relevance', 'formal', 'governance', 'strategic_fit']);
export type Theme = z.infer<typeof ThemeSchema>;
