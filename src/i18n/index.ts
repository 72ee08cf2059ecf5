/**
 * Every user-facing string of the Forge app, Danish by default and English when the user's Jira locale is
 * English (`en_US`, `en_GB`, ...). Resolvers and UI Kit components both use `t(locale, key, vars)`.
 * The English table is typed against the Danish one, so a missing translation fails type checking.
 */
import { da } from './da';
import { en } from './en';
import type { ApprovalState } from '../domain/approval-state';

export type Locale = 'da' | 'en';
export type MessageKey = keyof typeof da;
export type Vars = Record<string, string | number>;

const TABLES: Record<Locale, Record<MessageKey, string>> = { da, en };

/** Jira locales look like `da_DK`, `en_US`; browsers send `en-GB`. Anything not English is Danish. */
export function localeOf(raw: unknown): Locale {
  return typeof raw === 'string' && /^en([-_]|$)/i.test(raw) ? 'en' : 'da';
}

const PLURAL_RULES: Record<Locale, Intl.PluralRules> = {
  da: new Intl.PluralRules('da-DK'),
  en: new Intl.PluralRules('en-GB'),
};

/**
 * `{count, plural, one {# stemme} other {# stemmer}}`: the form the language's plural rules pick for the
 * number (`#` is the number). Danish and English both have `one` and `other`; the rules, not the code, decide.
 */
function plurals(locale: Locale, template: string, vars: Vars): string {
  return template.replace(
    /\{(\w+), plural, ((?:\w+ \{[^{}]*\}\s*)+)\}/g,
    (m: string, name: string, forms: string) => {
      const n = Number(vars[name]);
      if (!(name in vars) || Number.isNaN(n)) return m;
      const options = new Map([...forms.matchAll(/(\w+) \{([^{}]*)\}/g)].map((f) => [f[1]!, f[2]!]));
      const form = options.get(PLURAL_RULES[locale].select(n)) ?? options.get('other') ?? '';
      return form.replace(/#/g, String(vars[name]));
    },
  );
}

export function t(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = TABLES[locale][key] ?? da[key] ?? key;
  if (!vars) return template;
  return plurals(locale, template, vars).replace(/\{(\w+)\}/g, (m: string, name: string) =>
    name in vars ? String(vars[name]) : m,
  );
}

/** A bound translator, for components and resolvers that use one locale throughout. */
export function translator(locale: Locale): (key: MessageKey, vars?: Vars) => string {
  return (key, vars) => t(locale, key, vars);
}

/** Whole kroner in the locale's format, e.g. `1.250.000 kr.` / `DKK 1,250,000`. */
export function formatDkk(locale: Locale, amount: number): string {
  return locale === 'da' ? `${amount.toLocaleString('da-DK')} kr.` : `DKK ${amount.toLocaleString('en-GB')}`;
}

/** Every time shown to people, in the app, on the portfolio page and in the terminal: Danish time. */
export const TIME_ZONE = 'Europe/Copenhagen';

/**
 * A date-time as `23. nov. 2026 17.20` / `23 Nov 2026, 17:20` in Europe/Copenhagen: the time OS2's people
 * live in, and the zone the portfolio page uses, so one decision shows one time everywhere (Forge functions
 * themselves run in UTC, hence the explicit zone).
 */
export function formatDateTime(locale: Locale, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  });
}

/** The governance states' names in one place: the app, the portfolio page and the terminal table use these. */
export function stateName(locale: Locale, state: ApprovalState): string {
  return t(locale, `state.${state}`);
}

export { da, en };
