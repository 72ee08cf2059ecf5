/** Which field a resolver's refusal is about, so a form shows it under that field (issue 17 item 11). */
import type { AppError } from './resolver';

/** Refusals that are about one field as a whole, not an issue with a path (the domain's rule codes). */
const FIELD_OF_CODE: Record<string, string> = { POLL_ALTERNATIVES: 'alternatives' };

/**
 * The message of the refusal's issue about one of `fields` (by the last part of its path), or the refusal's own
 * message when its rule is about one of them.
 */
export function issueAt(error: AppError | null, ...fields: string[]): string | undefined {
  if (!error) return undefined;
  const code = FIELD_OF_CODE[error.code];
  if (code && fields.includes(code)) return error.message;
  return error.issues?.find((i) => fields.includes(String(i.path[i.path.length - 1] ?? '')))?.message;
}
