/**
 * What the sync service's CLI sends the app's `os2-import` web trigger (src/webtriggers/index.ts), signed as
 * change events are. Shared by both ends; pure, so the sync worker can import it without Forge's modules.
 */
import { z } from 'zod';

/** Binds a signature to this use: no change event's signature verifies as an import request. */
export const IMPORT_PURPOSE = 'os2-import/v1';

export const ImportRequestSchema = z.strictObject({
  purpose: z.literal(IMPORT_PURPOSE),
  mode: z.enum(['dry-run', 'apply']),
  text: z.string().min(1).max(1_000_000),
  locale: z.string().max(16).optional(),
});
export type ImportRequest = z.infer<typeof ImportRequestSchema>;
