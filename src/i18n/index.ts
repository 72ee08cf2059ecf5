/**
 * The one message catalogue: every user-facing string of the Forge app, the portfolio page, the os2-sync CLI
 * and the `npm start` terminal, Danish by default and English when asked (a Jira locale `en_US`, the page's
 * `?lang=en`, `OS2_SYNC_LANG=en`). Everything uses `t(locale, key, vars)`, with plural forms chosen by
 * Intl.PluralRules, and `formatter(locale)` for numbers, kroner and Europe/Copenhagen times.
 *
 * Layout (docs/architecture.md "One message catalogue"): `da.ts`/`en.ts` the app's keys, `page.ts` the
 * portfolio page's and the names shared with the terminal (attention markers, decision log kinds),
 * `terminal.ts` the CLI's and `npm start`'s. Each English block is typed against its Danish one, so a missing
 * translation fails type checking. This module imports no Forge or React package: the worker-only install
 * (`npm ci --omit=dev`) loads it.
 */
import { da } from './da';
import { en } from './en';
import { pageDa, pageEn } from './page';
import { terminalDa, terminalEn } from './terminal';
import { formatter, LOCALE_TAG, TIME_ZONE } from './format';
import type { Locale } from './format';
import type { ApprovalState } from '../domain/approval-state';

export type { Locale, Formatter } from './format';
export { formatter, LOCALE_TAG, TIME_ZONE };

const daAll = { ...da, ...pageDa, ...terminalDa };
export type MessageKey = keyof typeof daAll;
export type Vars = Record<string, string | number>;

/** The whole catalogue, both languages, every surface. */
export const CATALOGUE: Record<Locale, Record<MessageKey, string>> = {
  da: daAll,
  en: { ...en, ...pageEn, ...terminalEn },
};
const TABLES = CATALOGUE;

/** Jira locales look like `da_DK`, `en_US`; browsers send `en-GB`. Anything not English is Danish. */
export function localeOf(raw: unknown): Locale {
  return typeof raw === 'string' && /^en([-_]|$)/i.test(raw) ? 'en' : 'da';
}

const PLURAL_RULES: Record<Locale, Intl.PluralRules> = {
  da: new Intl.PluralRules(LOCALE_TAG.da),
  en: new Intl.PluralRules(LOCALE_TAG.en),
};

const NUMBER: Record<Locale, Intl.NumberFormat> = {
  da: new Intl.NumberFormat(LOCALE_TAG.da, { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat(LOCALE_TAG.en, { maximumFractionDigits: 0 }),
};

/**
 * `{count, plural, one {# stemme} other {# stemmer}}`: the form the language's plural rules pick for the
 * number, and `#` the number in the language's format (`1.250 stemmer`, as ICU does). Danish and English
 * both have `one` and `other`; the rules, not the code, decide. The one plural helper of every surface.
 */
function plurals(locale: Locale, template: string, vars: Vars): string {
  return template.replace(
    /\{(\w+), plural, ((?:\w+ \{[^{}]*\}\s*)+)\}/g,
    (m: string, name: string, forms: string) => {
      const n = Number(vars[name]);
      if (!(name in vars) || Number.isNaN(n)) return m;
      const options = new Map([...forms.matchAll(/(\w+) \{([^{}]*)\}/g)].map((f) => [f[1]!, f[2]!]));
      const form = options.get(PLURAL_RULES[locale].select(n)) ?? options.get('other') ?? '';
      return form.replace(/#/g, NUMBER[locale].format(n));
    },
  );
}

export function t(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = TABLES[locale][key] ?? TABLES.da[key] ?? key;
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

/**
 * A date-time as `23. nov. 2026 17.20` / `23 Nov 2026, 17:20` in Europe/Copenhagen: the time OS2's people
 * live in, and the zone the portfolio page uses, so one decision shows one time everywhere (Forge functions
 * themselves run in UTC, hence the explicit zone).
 */
export function formatDateTime(locale: Locale, iso: string): string {
  return formatter(locale).dateTime(iso);
}

/** The governance states' names in one place: the app, the portfolio page and the terminal table use these. */
export function stateName(locale: Locale, state: ApprovalState): string {
  return t(locale, `state.${state}`);
}

export { da, en };
