import { localeOf } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/index.js';

/**
 * Exit codes, the same for every command (docs/sync-worker.md "Exit codes"): scripts and systemd can tell a
 * typo from a broken Redis from a check that found something to fix.
 */
export const EXIT = {
  ok: 0,
  /** The command ran and found or met a problem (doctor's checks, a failed sync). */
  failed: 1,
  /** Usage or configuration: unknown command or option, missing argument, invalid configuration. */
  usage: 2,
  /** Redis does not answer (REDIS_URL / redis.url). */
  redis: 3,
} as const;

/** The terminal's language: Danish, or English with `OS2_SYNC_LANG=en` (texts from the one catalogue). */
export function cliLocale(env: Record<string, string | undefined>): Locale {
  return env.OS2_SYNC_LANG ? localeOf(env.OS2_SYNC_LANG) : 'da';
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}
