import { t } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/index.js';

/**
 * "Did you mean": the candidate nearest to a mistyped word (a command, an option, a configuration key), or
 * undefined when nothing is close enough to be a plausible typo. Case is ignored, so `baseURL` finds `baseUrl`.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const d = distance(w, name.toLowerCase());
    if (!best || d < best.d) best = { name, d };
  }
  // A third of the word may differ (at least one edit): `stauts` → status, but `foo` suggests nothing.
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return best && best.d <= allowed ? best.name : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * node:util parseArgs' English errors as one line in the terminal's language (the catalogue's `args.*`),
 * naming the option, with a suggestion for a near miss.
 */
export function describeArgError(err: Error, options: readonly string[], locale: Locale = 'da'): string {
  const code = (err as { code?: string }).code;
  // "Unknown option '--bogus'…" / "Option '-c, --config <value>' argument missing": the long name if any.
  const option = /(--[\w-]+)/.exec(err.message)?.[1] ?? /'(-\w)/.exec(err.message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const hint = closest(option.replace(/^-+/, ''), options);
    return t(locale, 'args.unknownOption', {
      option,
      hint: hint ? t(locale, 'args.didYouMean', { hint }) : '',
    });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return t(locale, 'args.missingValue', { option });
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return t(locale, 'args.unexpected', { argument: /'([^']+)'/.exec(err.message)?.[1] ?? err.message });
  }
  return err.message;
}
