/**
 * The app's sources use no zod form that webpack 5.113 miscompiles. Zod 4 exports namespaces (`z.iso`,
 * `z.coerce`) whose members share names with top-level exports (`date`, `time`, `number`, `string`, `boolean`,
 * `bigint`); bundled with webpack 5.113, `z.iso.date()` and `z.coerce.date()` became `z.date()` (so a date string
 * was refused and the project page answered INVALID_INPUT). The project pins webpack 5.99.9 as the Forge CLI's
 * shrinkwrap does, so its own build would not show a regression; a deployer's CLI may still resolve 5.113. The
 * release suite replays the built bundles; this guard keeps the forms out of src/ on every test run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const COLLIDING = /\bz\.(iso|coerce)\.(date|time|number|string|boolean|bigint)\s*\(/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('zod forms in src/', () => {
  it('none that webpack 5.113 bundles as another schema (z.iso.date(), z.coerce.date() ...)', () => {
    const found = sources(join(ROOT, 'src')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && COLLIDING.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('the guard recognises the forms', () => {
    expect(COLLIDING.test('date: z.iso.date(),')).toBe(true);
    expect(COLLIDING.test('n: z.coerce.number().int()')).toBe(true);
    expect(COLLIDING.test('at: z.iso.datetime(),')).toBe(false);
    expect(COLLIDING.test('date: z.string().date(),')).toBe(false);
  });
});
