import { z } from 'zod';

/** An amount in Danish kroner: whole kroner, never negative. */
export const DkkSchema = z
  .number({ error: 'Beløbet skal være et tal (DKK)' })
  .int('Beløbet skal være hele kroner')
  .nonnegative('Beløbet må ikke være negativt')
  .max(10_000_000_000, 'Beløbet er urealistisk stort');
export type Dkk = z.infer<typeof DkkSchema>;
