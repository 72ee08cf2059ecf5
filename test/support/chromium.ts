import { existsSync } from 'node:fs';

/**
 * Where Chromium (or Chrome) usually lives: Debian/Ubuntu packages, Fedora/Arch, snap, Homebrew casks and the
 * macOS applications. playwright-core downloads no browser of its own, so the tests drive the system's.
 */
export const KNOWN_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * The browser for the browser tests: `CHROMIUM_PATH` when set (it must exist: a wrong path is a mistake to
 * report, not a reason to skip quietly), else the first known location that exists, else undefined.
 */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} findes ikke (does not exist)`);
    }
    return env.CHROMIUM_PATH;
  }
  return KNOWN_CHROMIUM_PATHS.find((p) => existsSync(p));
}

/** The title suffix of a browser suite that is skipped, so the skip is visible in every reporter. */
export const NO_CHROMIUM =
  ' [SPRUNGET OVER: ingen Chromium fundet; installér chromium eller sæt CHROMIUM_PATH / skipped: no Chromium]';
