/**
 * Every user-facing string of the Forge app, Danish by default and English when the user's Jira locale is
 * English (`en_US`, `en_GB`, ...). Resolvers and UI Kit components both use `t(locale, key, vars)`.
 * The English table is typed against the Danish one, so a missing translation fails type checking.
 */
import { da } from './da';
import { en } from './en';

export type Locale = 'da' | 'en';
export type MessageKey = keyof typeof da;
export type Vars = Record<string, string | number>;

const TABLES: Record<Locale, Record<MessageKey, string>> = { da, en };

/** Jira locales look like `da_DK`, `en_US`; browsers send `en-GB`. Anything not English is Danish. */
export function localeOf(raw: unknown): Locale {
  return typeof raw === 'string' && /^en([-_]|$)/i.test(raw) ? 'en' : 'da';
}

export function t(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = TABLES[locale][key] ?? da[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m: string, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A bound translator, for components and resolvers that use one locale throughout. */
export function translator(locale: Locale): (key: MessageKey, vars?: Vars) => string {
  return (key, vars) => t(locale, key, vars);
}

/** Whole kroner in the locale's format, e.g. `1.250.000 kr.` / `DKK 1,250,000`. */
export function formatDkk(locale: Locale, amount: number): string {
  return locale === 'da' ? `${amount.toLocaleString('da-DK')} kr.` : `DKK ${amount.toLocaleString('en-GB')}`;
}

/** A date-time as `23.11.2026 16:20` / `23 Nov 2026, 16:20` in UTC (Forge functions run in UTC). */
export function formatDateTime(locale: Locale, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
}

export { da, en };
