/**
 * The built bundles (dist/, `npm run package`) hold what manifest.yml points at: every `function.handler`
 * `<module>.<export>` is a function exported by dist/functions/<module>.cjs, and every UI Kit resource has its
 * index.html and script. Runs in the release suite (`npm run test:release`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkHandlerExports } from '../../scripts/forge-checks.js';

const ROOT = process.cwd();
const MANIFEST = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');

describe('the built bundles hold what the manifest names', () => {
  it('every function handler is an exported function of its bundle', () => {
    const findings = checkHandlerExports(MANIFEST, join(ROOT, 'dist', 'functions'));
    // Every function the manifest declares, whatever module uses it (resolvers, triggers, the consumer, the
    // import's and the app-data web triggers).
    expect(findings.length).toBe(10);
    for (const key of [
      'issue-event-trigger',
      'sync-events-consumer',
      'reminders-trigger',
      'import-webtrigger',
      'app-data-webtrigger',
    ])
      expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(new RegExp(`^${key}: `)));
    expect(findings.filter((f) => !f.ok)).toEqual([]);
  });

  it('a handler renamed in the manifest is found missing in the bundle', () => {
    const renamed = MANIFEST.replace(
      'handler: resolvers/index.globalPage',
      'handler: resolvers/index.portfolioPage',
    );
    const bad = checkHandlerExports(renamed, join(ROOT, 'dist', 'functions')).filter((f) => !f.ok);
    expect(bad.map((f) => f.message)).toEqual([expect.stringContaining('exports no function portfolioPage')]);
  });

  it('every UI Kit resource was bundled with an index.html that loads its script', () => {
    const manifest = parse(MANIFEST) as { resources: { key: string; path: string }[] };
    const uiKit = manifest.resources.filter((r) => r.path.endsWith('.tsx'));
    expect(uiKit.length).toBe(6);
    for (const r of uiKit) {
      const html = join(ROOT, 'dist', 'ui', r.key, 'index.html');
      expect(existsSync(html), html).toBe(true);
      expect(readFileSync(html, 'utf8')).toContain(`${r.key}.js`);
      expect(existsSync(join(ROOT, 'dist', 'ui', r.key, `${r.key}.js`))).toBe(true);
    }
  });
});
