/**
 * A worker-only server installs with `npm ci --omit=dev` (docs/sync-worker.md "Installing the worker alone"):
 * that holds only while every package the sync service loads is a production dependency and the Forge UI
 * stack (@forge/*, react and the 1.5 GB of @atlaskit under @forge/react) is not among them. This walks the
 * service's imports from its entry points, as Node would load them, and checks both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Packages loaded at run time from `entry`, following relative imports (static and dynamic, not type-only). */
function runtimePackages(entry: string): { packages: Set<string>; files: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const src = readFileSync(file, 'utf8');
    const specs = [
      ...src.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm),
      ...src.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
      ...src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1]!);
    for (const spec of specs) {
      if (spec.startsWith('.')) {
        const base = resolve(dirname(file), spec);
        const hit = [
          base.replace(/\.js$/, '.ts'),
          base,
          `${base}.ts`,
          `${base}.tsx`,
          `${base}/index.ts`,
        ].find((c) => existsSync(c) && /\.(ts|tsx|js)$/.test(c));
        if (hit) visit(hit);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
  };
  visit(resolve(entry));
  return { packages, files };
}

describe('the sync service installs without the Forge UI stack', () => {
  const bin = runtimePackages('sync-worker/bin/os2-sync.js');

  it('every package the os2-sync command loads is a production dependency', () => {
    expect(bin.files.size).toBeGreaterThan(30); // the walk followed the CLI into the service
    for (const p of bin.packages) expect(pkg.dependencies, `${p} is loaded by os2-sync`).toHaveProperty(p);
  });

  it('none of it is the Forge app (UI Kit, bridge, react): those are development dependencies', () => {
    for (const p of bin.packages) expect(p).not.toMatch(/^(@forge\/|@atlaskit\/|react$)/);
    for (const p of [
      '@forge/react',
      '@forge/bridge',
      '@forge/api',
      '@forge/resolver',
      '@forge/kvs',
      'react',
    ]) {
      expect(pkg.dependencies).not.toHaveProperty(p);
      expect(pkg.devDependencies).toHaveProperty(p);
    }
  });
});
