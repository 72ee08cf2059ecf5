// What each built part may reach through its imports, read from the sources (test/support/import-graph.ts):
// - a UI Kit resource (manifest.yml `resources`) runs in the browser. The Forge bundler's ts-loader loads every
//   module a resource names, type imports included, so a frontend that took a type from a resolver built the
//   resolvers' whole app layer, jira.js, @forge/api and @forge/kvs into each of the six UI builds (and ran them
//   close to Node's heap limit). The shapes both sides read are in src/shared (src/shared/README.md).
// - demo data (demo/fixtures.ts) is not domain code: no Forge function, UI resource or sync-service module
//   carries it, nor the simulators or the tests.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reachable, ROOT, type Reached } from '../support/import-graph.js';

type Manifest = {
  modules: { function: { key: string; handler: string }[] };
  resources: { key: string; path: string }[];
};
const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as Manifest;

/** The UI Kit resources: those whose path is a source file (the others are static assets). */
const UI_ENTRIES = manifest.resources.filter((r) => /\.tsx?$/.test(r.path));

/** What a UI Kit resource may load from node_modules: React, UI Kit, the bridge, and zod for its forms. */
const UI_PACKAGES = new Set(['react', '@forge/react', '@forge/bridge', 'zod']);

/** The Forge functions' side of src/: it talks to Jira and Forge storage, and never belongs in a UI bundle. */
const FUNCTION_SIDE = [
  'src/app/',
  'src/jira/',
  'src/resolvers/',
  'src/mirror/',
  'src/events/',
  'src/triggers/',
  'src/consumers/',
  'src/webtriggers/',
];

const isProjectFile = (module: string) => /\.tsx?$/.test(module);

/**
 * Everything an entry reaches that a UI resource may not: a package off the list, the functions' side of src/,
 * a file outside src/ (demo data, tests), an import that does not resolve. Each as its chain from the entry.
 */
function uiViolations(graph: Map<string, Reached>): string[] {
  return [...graph.values()]
    .filter(({ module, chain }) => {
      if (chain.length === 1) return false; // the entry itself
      if (module.startsWith('unresolved:')) return true;
      if (module.startsWith('src/')) return FUNCTION_SIDE.some((p) => module.startsWith(p));
      return isProjectFile(module) || !UI_PACKAGES.has(module);
    })
    .map((r) => r.chain.join(' → '));
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourcesUnder(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'os2-imports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the import walk', () => {
  it('follows type-only imports and import() types to what they pull in', () => {
    const typeOnly = join(tmp, 'type-only.ts');
    writeFileSync(
      typeOnly,
      `import type { ProjectPageData } from '${join(ROOT, 'src/resolvers/project-page')}';\nexport type X = ProjectPageData;\n`,
    );
    const importType = join(tmp, 'import-type.ts');
    writeFileSync(
      importType,
      `export type Y = import('${join(ROOT, 'src/app/config.js')}').DirectoryEntry;\n`,
    );
    const a = reachable([typeOnly]);
    expect(a.has('jira.js')).toBe(true);
    expect(a.has('@forge/api')).toBe(true);
    expect(uiViolations(a)).toContainEqual(expect.stringContaining('src/resolvers/project-page.ts'));
    const b = reachable([importType]);
    expect(b.has('src/app/config.ts')).toBe(true);
    expect(b.has('@forge/kvs')).toBe(true);
  });

  it('reports an import it cannot resolve rather than skipping it', () => {
    const broken = join(tmp, 'broken.ts');
    writeFileSync(broken, `import { nothing } from './not-here';\nexport const z = nothing;\n`);
    expect(uiViolations(reachable([broken]))).toEqual([expect.stringContaining('unresolved:')]);
  });
});

describe('UI Kit resources reach neither jira.js nor the Forge runtime nor the functions’ code', () => {
  it('lists the six UI Kit resources of manifest.yml', () => {
    expect(UI_ENTRIES.map((r) => r.key).sort()).toEqual([
      'admin-page',
      'global-page',
      'issue-glance',
      'issue-panel',
      'project-page',
      'settings-page',
    ]);
  });

  for (const resource of UI_ENTRIES) {
    it(`${resource.key} (${resource.path})`, () => {
      const graph = reachable([join(ROOT, resource.path)]);
      expect(uiViolations(graph)).toEqual([]);
      // The walk did read the resource's own code: its App and, through it, the message catalogue.
      const folder = resource.path.replace(/index\.tsx?$/, '');
      expect(graph.has(`${folder}App.tsx`)).toBe(true);
      expect(graph.has('src/i18n/index.ts')).toBe(true);
    });
  }
});

describe('the UI builds type-check only the frontends', () => {
  /** As the bundler's bare ts-loader finds it: the tsconfig.json nearest the resource, walking up. */
  function nearestTsconfig(file: string): string {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const candidate = join(dir, 'tsconfig.json');
      if (ts.sys.fileExists(candidate)) return candidate;
      if (dirname(dir) === dir) throw new Error(`no tsconfig.json above ${file}`);
    }
  }
  const parsed = (path: string) => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error(`cannot read ${path}`);
    return config;
  };

  it("each resource's tsconfig names only src/frontend files, with the app's compiler options", () => {
    const app = parsed(join(ROOT, 'tsconfig.json'));
    for (const resource of UI_ENTRIES) {
      const config = parsed(nearestTsconfig(join(ROOT, resource.path)));
      const files = config.fileNames.map((f) => relative(ROOT, f));
      expect(files).toContain(resource.path);
      // ts-loader loads every file the config names: all of src/ would bring back the resolvers and jira.js.
      expect(files.filter((f) => !f.startsWith('src/frontend/'))).toEqual([]);
      expect(config.options).toEqual({ ...app.options, configFilePath: config.options.configFilePath });
    }
  });
});

describe('demo data stays out of what is deployed', () => {
  const outside = (graph: Map<string, Reached>) =>
    [...graph.values()]
      .filter(
        ({ module }) =>
          /^(demo|test|jira-sim|forge-sim|bench|scripts)\//.test(module) || module.startsWith('unresolved:'),
      )
      .map((r) => r.chain.join(' → '));

  it('no Forge function or UI resource reaches demo/, the simulators or the tests', () => {
    const handlers = [...new Set(manifest.modules.function.map((f) => f.handler.split('.')[0]!))];
    expect(handlers.length).toBeGreaterThan(3);
    const entries = [
      ...handlers.map((h) => join(ROOT, 'src', `${h}.ts`)),
      ...UI_ENTRIES.map((r) => join(ROOT, r.path)),
    ];
    const graph = reachable(entries);
    expect(graph.has('src/resolvers/project-page.ts')).toBe(true);
    expect(outside(graph)).toEqual([]);
  });

  it('no module of the sync service reaches them', () => {
    const graph = reachable(sourcesUnder(join(ROOT, 'sync-worker/src')));
    expect(graph.has('src/domain/roll-up.ts')).toBe(true);
    expect(outside(graph)).toEqual([]);
  });
});
