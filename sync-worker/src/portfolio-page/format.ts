import type { Lang } from './i18n.js';
import { strings } from './i18n.js';

/** Number, money and date formatting per page language (Danish: `1.250.000 kr.`, English: `DKK 1,250,000`). */
export interface Formatter {
  number(n: number): string;
  dkk(n: number): string;
  dkkCompact(n: number): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  time(d: Date): string;
}

const TIME_ZONE = 'Europe/Copenhagen';
const cache = new Map<Lang, Formatter>();

export function formatter(lang: Lang): Formatter {
  const cached = cache.get(lang);
  if (cached) return cached;
  const locale = strings(lang).locale;
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dkk = new Intl.NumberFormat(locale, { style: 'currency', currency: 'DKK', maximumFractionDigits: 0 });
  const dkkCompact = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'DKK',
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE });
  const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone: TIME_ZONE });
  const f: Formatter = {
    number: (n) => num.format(n),
    dkk: (n) => dkk.format(n),
    dkkCompact: (n) => (n < 1_000_000 ? dkk.format(n) : dkkCompact.format(n)),
    // A bare date (`2026-05-01`) is a calendar day, not an instant: format it in UTC so it never shifts.
    date: (iso) => {
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
      if (Number.isNaN(d.getTime())) return iso;
      return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? dateOnly.format(d) : date.format(d);
    },
    dateTime: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
    },
    time: (d) => time.format(d),
  };
  cache.set(lang, f);
  return f;
}
