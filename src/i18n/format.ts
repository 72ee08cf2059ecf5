/**
 * The one number, money and time formatter of every surface: the app, the portfolio page, its CSV and the
 * terminal. Times are always Europe/Copenhagen (OS2's people live there; Forge functions and servers run in
 * UTC), so one decision shows one time everywhere.
 */
export type Locale = 'da' | 'en';

/** Every time shown to people, in the app, on the portfolio page and in the terminal: Danish time. */
export const TIME_ZONE = 'Europe/Copenhagen';

/** The BCP 47 tag each language formats with (the page's `<html lang>`, Intl's locale, plural rules). */
export const LOCALE_TAG: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

export interface Formatter {
  /** Whole numbers: `1.250` / `1,250`. */
  number(n: number): string;
  /** Whole kroner: `1.250.000 kr.` / `DKK 1,250,000`. */
  dkk(n: number): string;
  /** Kroner, compact from a million: `1,3 mio. kr.` / `DKK 1.3M`. */
  dkkCompact(n: number): string;
  /** A calendar day (`2026-05-01`, never shifted) or an instant's day in Copenhagen. */
  date(iso: string): string;
  /** `23. nov. 2026 17.20` / `23 Nov 2026, 17:20`, in Copenhagen. */
  dateTime(iso: string): string;
  /** `17.20.05` / `17:20:05`, in Copenhagen. */
  time(d: Date): string;
}

const cache = new Map<Locale, Formatter>();

export function formatter(locale: Locale): Formatter {
  const cached = cache.get(locale);
  if (cached) return cached;
  const tag = LOCALE_TAG[locale];
  const num = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const dkk = new Intl.NumberFormat(tag, { style: 'currency', currency: 'DKK', maximumFractionDigits: 0 });
  const dkkCompact = new Intl.NumberFormat(tag, {
    style: 'currency',
    currency: 'DKK',
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: TIME_ZONE });
  const dateOnly = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(tag, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  });
  const time = new Intl.DateTimeFormat(tag, { timeStyle: 'medium', timeZone: TIME_ZONE });
  const f: Formatter = {
    number: (n) => num.format(n),
    dkk: (n) => dkk.format(n),
    dkkCompact: (n) => (n < 1_000_000 ? dkk.format(n) : dkkCompact.format(n)),
    // A bare date (`2026-05-01`) is a calendar day, not an instant: format it in UTC so it never shifts.
    date: (iso) => {
      const bare = /^\d{4}-\d{2}-\d{2}$/.test(iso);
      const d = new Date(bare ? `${iso}T00:00:00Z` : iso);
      if (Number.isNaN(d.getTime())) return iso;
      return bare ? dateOnly.format(d) : date.format(d);
    },
    dateTime: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
    },
    time: (d) => time.format(d),
  };
  cache.set(locale, f);
  return f;
}
