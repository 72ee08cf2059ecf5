/**
 * The page formats numbers, kroner and times with the one formatter of every surface (src/i18n/format.ts):
 * Europe/Copenhagen times, the same as the app and the terminal.
 */
export { formatter } from '../../../src/i18n/format.js';
export type { Formatter } from '../../../src/i18n/format.js';
