/**
 * `forge lint` (and the lint `forge deploy` runs first), offline, exactly as the Forge CLI runs it: the CLI's own
 * @forge/lint (the version @forge/bundler, i.e. @forge/cli 13.3.0, depends on), the file list of the CLI's
 * LintService (every file under ./src and the UI Kit resource folders, minus .gitignore'd ones), the manifest as
 * the CLI's ConfigFile reads it, the client-side linters. Lint then keeps only the .ts/.tsx files that the
 * app's tsconfig.json `include` globs to, so an `include` of plain folder names lints no TypeScript at all while
 * reporting no problem; hence the count of parsed files is asserted, and a mutation (a handler export renamed)
 * must fail.
 *
 * The permission linter reads Atlassian's Jira platform REST spec; offline it takes a local copy
 * (USE_LOCAL_SWAGGER / LOCAL_JIRA_SWAGGER): JIRA_OPENAPI, .forge-lint-home/swagger/jira-platform.json or the
 * shared copy ../shared/openapi/ (see docs/forge-app.md). The other products' specs are empty: the app calls
 * none of them.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const LINT_HOME = join(ROOT, '.forge-lint-home');
const require = createRequire(import.meta.url);
const bundlerDir = dirname(require.resolve('@forge/bundler/package.json'));
const fromBundler = (id: string) => require(require.resolve(id, { paths: [bundlerDir] })) as unknown;

interface LintProblem {
  line: number;
  column: number;
  message: string;
  reference?: string;
}
interface LintResult {
  file: string;
  errors: LintProblem[];
  warnings: LintProblem[];
}
type ParseFn = (file: string, parser: unknown) => Promise<unknown>;
interface ForgeLint {
  lint(
    files: string[],
    manifest: unknown,
    env: string,
    logger: unknown,
    statsig: unknown,
    config: { linter: { mode: 'client-side' }; parseFunction?: ParseFn },
  ): Promise<LintResult[]>;
  parseSourceFile: ParseFn;
}
interface CliShared {
  FileSystemReader: new () => { recursiveReadDir(dir: string, exclude: string[]): Promise<string[]> };
  FileSystemWriter: new () => unknown;
  ConfigFile: new (
    r: unknown,
    w: unknown,
  ) => { readConfig(): Promise<unknown>; getResources(types: string[]): Promise<{ path: string }[]> };
  listGitIgnoreFiles(reader: unknown): Promise<string[]>;
}

/** The Jira platform spec to lint scopes against, or undefined (then the scope check runs on an empty spec). */
function jiraSpec(): string | undefined {
  const candidates = [
    process.env.JIRA_OPENAPI,
    join(LINT_HOME, 'swagger', 'jira-platform.json'),
    resolve(ROOT, '../shared/openapi/jira-platform-swagger-v3.v3.json'),
    '/work/shared/openapi/jira-platform-swagger-v3.v3.json',
  ];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

function useLocalSpecs(): string | undefined {
  const swagger = join(LINT_HOME, 'swagger');
  mkdirSync(swagger, { recursive: true });
  const empty = join(swagger, 'empty.json');
  if (!existsSync(empty)) writeFileSync(empty, '{"paths":{}}');
  const jira = jiraSpec();
  Object.assign(process.env, {
    HOME: LINT_HOME,
    XDG_CONFIG_HOME: LINT_HOME,
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: jira ?? empty,
    LOCAL_JSW_SWAGGER: empty,
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_CONF_SWAGGER: empty,
    LOCAL_CONF_V2_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  });
  return jira;
}

/** Runs the CLI's lint in `appDir` (it reads ./tsconfig.json and ./manifest.yml from the working directory). */
async function lintLikeTheCli(appDir: string): Promise<{ parsed: string[]; problems: string[] }> {
  const cliShared = fromBundler('@forge/cli-shared') as CliShared;
  const forgeLint = fromBundler('@forge/lint') as ForgeLint;
  const cwd = process.cwd();
  process.chdir(appDir);
  try {
    const reader = new cliShared.FileSystemReader();
    const config = new cliShared.ConfigFile(reader, new cliShared.FileSystemWriter());
    const exclude = [...(await cliShared.listGitIgnoreFiles(reader)), '.git', 'node_modules'];
    const uiDirs = (await config.getResources(['nativeUI'])).map((r) => dirname(r.path));
    const lists = await Promise.all([
      reader.recursiveReadDir('./src', exclude),
      ...uiDirs.map((d) => reader.recursiveReadDir(d, exclude)),
    ]);
    const files = [...new Set(lists.flat())];
    const parsed: string[] = [];
    const logger = {
      info: () => undefined,
      debug: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      trace: () => undefined,
    };
    const results = await forgeLint.lint(
      files,
      await config.readConfig(),
      'development',
      logger,
      { getDeprecatedRuntimes: async () => [] },
      {
        linter: { mode: 'client-side' },
        parseFunction: (file, parser) => {
          parsed.push(resolve(file));
          return forgeLint.parseSourceFile(file, parser);
        },
      },
    );
    const problems = results.flatMap((r) =>
      [...r.errors, ...r.warnings].map(
        (p) => `${relative(appDir, resolve(r.file))}:${p.line} ${p.message} (${p.reference ?? ''})`,
      ),
    );
    return { parsed, problems };
  } finally {
    process.chdir(cwd);
  }
}

function appSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...appSources(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

describe('forge lint, as the Forge CLI runs it', () => {
  it('parses every .ts/.tsx file of src/ and finds no problem', { timeout: 600_000 }, async () => {
    const spec = useLocalSpecs();
    const { parsed, problems } = await lintLikeTheCli(ROOT);
    const sources = appSources(join(ROOT, 'src'));
    expect(sources.length).toBeGreaterThan(50);
    expect(parsed.sort()).toEqual(sources.sort());
    expect(problems).toEqual([]);
    if (!spec)
      console.warn('[forge-lint.test] no Jira platform spec found: scopes were linted against an empty spec');
  });

  it('fails when a handler export named in manifest.yml does not exist', { timeout: 600_000 }, async () => {
    useLocalSpecs();
    const app = mkdtempSync(join(tmpdir(), 'os2-forge-lint-'));
    scratch.push(app);
    for (const f of ['manifest.yml', 'tsconfig.json', 'package.json', '.gitignore'])
      cpSync(join(ROOT, f), join(app, f));
    cpSync(join(ROOT, 'src'), join(app, 'src'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    const index = join(app, 'src/resolvers/index.ts');
    const source = readFileSync(index, 'utf8');
    const renamed = source.replace(
      "export { projectPage } from './project-page';",
      "export { projectPage as projectPageRenamed } from './project-page';",
    );
    expect(renamed).not.toBe(source);
    writeFileSync(index, renamed);
    const { parsed, problems } = await lintLikeTheCli(app);
    expect(parsed.length).toBe(appSources(join(app, 'src')).length);
    expect(problems.join('\n')).toMatch(/projectPage/);
    expect(problems.some((p) => p.startsWith('manifest.yml') || p.includes('resolvers/index'))).toBe(true);
  });
});
