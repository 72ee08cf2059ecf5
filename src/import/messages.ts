/** A problem of the import in the user's language, from the one catalogue (src/i18n). */
import { t, type Locale, type MessageKey } from '../i18n/index';
import type { ImportProblem } from './format';

export function problemText(locale: Locale, p: ImportProblem): string {
  const text = t(locale, `import.problem.${p.code}` as MessageKey, { value: p.value ?? '' });
  return p.detail ? `${text}: ${locale === 'en' ? p.detail.en : p.detail.da}` : text;
}

/** Where: `række 7, kolonne Kommuner (G)`, or `filen` for the file as a whole. */
export function problemPlace(locale: Locale, p: ImportProblem): string {
  if (p.row === 0 && !p.column) return t(locale, 'import.atFile');
  return t(locale, 'import.at', { row: p.row, column: p.column || '–' });
}

/** One line per problem: `række 7, kolonne Kommuner (G): Ukendt kommunekode "999"`. */
export function problemLine(locale: Locale, p: ImportProblem): string {
  return `${problemPlace(locale, p)}: ${problemText(locale, p)}`;
}
