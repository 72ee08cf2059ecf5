// manifest.yml validated offline: @forge/manifest's full validation and its product-trigger (scope) validation,
// (see docs/forge-app.md "Validation"); @forge/lint runs in forge-lint.test.ts.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProcessorBuilder, ValidationTypes, validate } from '@forge/manifest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

const ROOT = resolve(import.meta.dirname, '../..');
const MANIFEST = join(ROOT, 'manifest.yml');
const LINT_HOME = join(ROOT, '.forge-lint-home');
const SWAGGER = join(LINT_HOME, 'swagger');

type Manifest = {
  modules: Record<string, { key: string; values?: unknown[] }[]>;
  permissions: { scopes: string[] };
};

/**
 * Every Jira REST operation the app calls (src/jira/*.ts through src/jira/forge-transport.ts), with the OAuth
 * scope Atlassian's REST reference gives it (the "OAuth scopes required" of each operation's page; the
 * `x-atlassian-oauth2-scopes` of the Jira platform spec). Kept here so the check runs on every machine; when a
 * copy of the spec is present in .forge-lint-home/swagger, the table itself is checked against it.
 */
const APP_JIRA_OPERATIONS: [method: string, path: string, scopes: string[]][] = [
  ['get', '/rest/api/3/myself', ['read:jira-user']],
  ['get', '/rest/api/3/mypermissions', []],
  ['get', '/rest/api/3/user', ['read:jira-user']],
  ['get', '/rest/api/3/serverInfo', []],
  ['get', '/rest/api/3/issue/{issueIdOrKey}', ['read:jira-work']],
  ['put', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', ['write:jira-work']],
  ['put', '/rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}', ['manage:jira-project']],
  ['get', '/rest/api/3/project/{projectIdOrKey}', ['read:jira-work']],
  ['get', '/rest/api/3/issuetype', ['read:jira-work']],
  ['post', '/rest/api/3/issuetype', ['manage:jira-configuration']],
  ['get', '/rest/api/3/issuetypescheme/project', ['manage:jira-configuration']],
  ['post', '/rest/api/3/issuetypescheme', ['manage:jira-configuration']],
  ['put', '/rest/api/3/issuetypescheme/project', ['manage:jira-configuration']],
  ['put', '/rest/api/3/issuetypescheme/{issueTypeSchemeId}/issuetype', ['manage:jira-configuration']],
  // The enhanced search is newer than the spec snapshots; it takes the scope of the search it replaces.
  ['get', '/rest/api/3/search/jql', ['read:jira-work']],
];

describe('manifest.yml', () => {
  it('passes @forge/manifest full validation (schema, references, handler files, translations)', async () => {
    const result = await validate(false, MANIFEST);
    const errors = result.errors?.filter((e) => e.level === 'error') ?? [];
    expect(errors).toEqual([]);
    expect(result.success).toBe(true);
    const warnings = result.errors?.filter((e) => e.level === 'warning') ?? [];
    expect(warnings).toEqual([]);
  });

  it('passes the product-trigger validation (the trigger events are covered by the scopes)', async () => {
    const result = await ProcessorBuilder.instance()
      .withValidation(ValidationTypes.PRODUCT_TRIGGER)
      .build()
      .process(MANIFEST);
    expect(result.errors?.filter((e) => e.level === 'error') ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('indexes at most 30 values across its entity properties and asks for exactly the scopes it uses', () => {
    const manifest = parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    const indexed = (manifest.modules['jira:entityProperty'] ?? []).reduce(
      (n, m) => n + (m.values?.length ?? 0),
      0,
    );
    expect(indexed).toBeLessThanOrEqual(30);
    expect(manifest.permissions.scopes.sort()).toEqual(
      [
        'manage:jira-configuration',
        'manage:jira-project',
        'read:jira-user',
        'read:jira-work',
        'storage:app',
        'write:jira-work',
      ].sort(),
    );
  });

  it('asks for every scope the Jira operations it calls need, and for no other', () => {
    const manifest = parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    const granted = new Set(manifest.permissions.scopes);
    const needed = new Set(APP_JIRA_OPERATIONS.flatMap(([, , scopes]) => scopes));
    const missing = APP_JIRA_OPERATIONS.flatMap(([method, path, scopes]) =>
      scopes.filter((s) => !granted.has(s)).map((s) => `${method.toUpperCase()} ${path} needs ${s}`),
    );
    expect(missing).toEqual([]);
    // least privilege: every granted Jira scope is needed by some operation (storage:app is Forge storage)
    expect([...granted].filter((g) => g !== 'storage:app' && !needed.has(g))).toEqual([]);

    // Where a copy of the Jira platform REST spec is at hand, the table itself is checked against it.
    const spec = join(SWAGGER, 'jira-platform.json');
    if (existsSync(spec)) {
      type Op = { 'x-atlassian-oauth2-scopes'?: { state: string; scopes: string[] }[] };
      const paths = (JSON.parse(readFileSync(spec, 'utf8')) as { paths: Record<string, Record<string, Op>> })
        .paths;
      for (const [method, path, scopes] of APP_JIRA_OPERATIONS) {
        const op = paths[path]?.[method];
        if (!op) continue; // newer than the snapshot (the enhanced search)
        const current = op['x-atlassian-oauth2-scopes']?.find((s) => s.state === 'Current')?.scopes ?? [];
        expect(current, `${method} ${path}`).toEqual(scopes);
      }
    }
  });
  // @forge/lint, as the Forge CLI runs it: test/forge-app/forge-lint.test.ts.
});
