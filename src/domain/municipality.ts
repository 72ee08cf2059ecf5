import { z } from 'zod';

/** A kommunekode: the three-digit municipality code of Danmarks Statistik (e.g. 101 København, 751 Aarhus). */
export const KommunekodeSchema = z.string().regex(/^\d{3}$/, 'Kommunekoden skal være tre cifre, fx 751');
export type Kommunekode = z.infer<typeof KommunekodeSchema>;

export const MunicipalitySchema = z.strictObject({
  name: z.string().trim().min(1, 'Kommunen skal have et navn').max(100),
  code: KommunekodeSchema,
});
export type Municipality = z.infer<typeof MunicipalitySchema>;
