/**
 * Anonymous answers to bad tokens (issue 16, item 2). Jira Cloud serves a request whose API token is bad, expired
 * or revoked as the anonymous user wherever Atlassian's OpenAPI description allows anonymous access, and answers
 * 401 only elsewhere (`/myself` among them). Driven through jira.js with `onSchemaMismatch: 'throw'`, so the
 * anonymous answers keep Jira's shapes; the list of anonymous operations is checked against the description.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudClient, isAuthError, isNotFoundError } from 'jira.js';
import { z } from 'zod';
import { startJiraSim } from '../index.js';
import { ANONYMOUS_OPERATIONS } from '../anonymous.js';
import { buildRouter } from '../server.js';
import type { JiraSim } from '../index.js';

const OPENAPI = '/work/shared/openapi/jira-platform-swagger-v3.v3.json';

let sim: JiraSim;
beforeAll(async () => {
  sim = await startJiraSim({ sites: [{ name: 'os2' }], seed: { featureRequestsPerProduct: 3 } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  const os2 = sim.site('os2');
  os2.anonymousAccess = true;
  os2.anonymousBrowse = [];
  os2.restoreToken(os2.admin.accountId);
  os2.reset();
});

const client = (apiToken: string) =>
  createCloudClient({
    host: sim.site('os2').baseUrl,
    auth: { type: 'basic', email: sim.site('os2').admin.email, apiToken },
    onSchemaMismatch: 'throw',
  });
const admin = () => client(sim.site('os2').admin.apiToken);
const sample = () => {
  const st = sim.site('os2').state;
  const project = [...st.projects.values()].find((p) => p.key !== 'PORT')!;
  const issue = [...st.issues.values()].find((i) => i.projectId === project.id)!;
  return { project, issue };
};

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('the anonymous operations match the OpenAPI description', () => {
  it('every simulated operation is anonymous exactly when its security allows {}', () => {
    const spec = z
      .object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) })
      .parse(JSON.parse(readFileSync(OPENAPI, 'utf8')));
    const Op = z.object({ security: z.array(z.record(z.string(), z.unknown())).optional() });
    const routes = (buildRouter() as unknown as { routes: { method: string; template: string }[] }).routes;
    let described = 0;
    const mismatches: string[] = [];
    for (const r of routes) {
      const raw = spec.paths[r.template]?.[r.method.toLowerCase()];
      if (!raw) continue; // /_edge/tenant_info, the v2 routes and the removed search: not in the v3 description
      described += 1;
      const anonymous = (Op.parse(raw).security ?? []).some((s) => Object.keys(s).length === 0);
      if (anonymous !== ANONYMOUS_OPERATIONS.has(`${r.method} ${r.template}`))
        mismatches.push(`${r.method} ${r.template}`);
    }
    expect(described).toBeGreaterThan(60);
    expect(mismatches).toEqual([]);
    expect(ANONYMOUS_OPERATIONS.has('GET /rest/api/3/myself')).toBe(false);
    expect(ANONYMOUS_OPERATIONS.has('GET /rest/api/3/search/jql')).toBe(true);
  });
});

describe('a revoked token is served as the anonymous user (anonymousAccess on, the default)', () => {
  it('myself is 401; searches are empty, counts 0; issues and properties 404; writes refused', async () => {
    const os2 = sim.site('os2');
    const { project, issue } = sample();
    const before = await admin().issueSearch.countIssues({ jql: 'issuetype = "Udviklingsønske"' });
    expect(before.count).toBeGreaterThan(0);

    os2.revokeToken(os2.admin.email);
    const jira = admin();
    expect(isAuthError(await caught(jira.myself.getCurrentUser()))).toBe(true);

    const page = await jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql: 'issuetype = "Udviklingsønske" ORDER BY created DESC',
      fields: ['summary'],
    });
    expect(page.issues ?? []).toEqual([]);
    expect((await jira.issueSearch.countIssues({ jql: 'issuetype = "Udviklingsønske"' })).count).toBe(0);
    const projects = await jira.projects.searchProjects({});
    expect(projects.values).toEqual([]);
    expect(isNotFoundError(await caught(jira.issues.getIssue({ issueIdOrKey: issue.key })))).toBe(true);
    expect(
      isNotFoundError(
        await caught(
          jira.projectProperties.getProjectProperty({
            projectIdOrKey: project.id,
            propertyKey: 'os2-governance',
          }),
        ),
      ),
    ).toBe(true);
    expect(
      isNotFoundError(
        await caught(
          jira.issueProperties.setIssueProperty({
            issueIdOrKey: issue.key,
            propertyKey: 'x',
            body: { a: 1 },
          }),
        ),
      ),
    ).toBe(true);
    expect(
      isAuthError(
        await caught(
          jira.issues.createIssue({
            fields: { project: { key: 'PORT' }, issuetype: { name: 'Produkt' }, summary: 'anonym' },
          }),
        ),
      ),
    ).toBe(true);
    // Serverinfo stays public; nothing was written.
    expect((await jira.serverInfo.getServerInfo()).baseUrl).toBe(os2.baseUrl);
    expect(os2.state.issues.get(issue.id)?.properties?.has('x') ?? false).toBe(false);

    os2.restoreToken(os2.admin.email);
    expect((await admin().myself.getCurrentUser()).accountId).toBe(os2.admin.accountId);
    expect((await admin().issueSearch.countIssues({ jql: 'issuetype = "Udviklingsønske"' })).count).toBe(
      before.count,
    );
  });

  it('anonymous sees the projects it may browse, and only reads them', async () => {
    const os2 = sim.site('os2');
    const { project, issue } = sample();
    os2.anonymousBrowse = [project.key];
    const jira = client('not-a-token');
    const seen = await jira.projects.searchProjects({});
    expect((seen.values ?? []).map((p) => p.key)).toEqual([project.key]);
    expect((await jira.issues.getIssue({ issueIdOrKey: issue.key })).key).toBe(issue.key);
    expect(
      isAuthError(
        await caught(
          jira.issueProperties.setIssueProperty({
            issueIdOrKey: issue.key,
            propertyKey: 'x',
            body: { a: 1 },
          }),
        ),
      ),
    ).toBe(true);
  });

  it('a revocation survives reset, and POST /__sim/behaviour revokes and restores', async () => {
    const os2 = sim.site('os2');
    const post = (body: unknown) =>
      fetch(`${sim.adminUrl}/__sim/behaviour`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const r = await post({ site: 'os2', revokeTokens: [os2.admin.email] });
    expect(r.status).toBe(200);
    expect(((await r.json()) as Record<string, { revokedTokens: string[] }>).os2!.revokedTokens).toEqual([
      os2.admin.accountId,
    ]);
    os2.reset();
    expect(isAuthError(await caught(admin().myself.getCurrentUser()))).toBe(true);
    expect((await post({ site: 'os2', revokeTokens: ['nobody@example.invalid'] })).status).toBe(404);
    expect((await post({ site: 'os2', restoreTokens: [os2.admin.accountId] })).status).toBe(200);
    expect((await admin().myself.getCurrentUser()).accountId).toBe(os2.admin.accountId);
  });
});

describe('anonymousAccess off: 401 everywhere', () => {
  it('a bad token is refused on every operation; no credentials only on serverInfo', async () => {
    const os2 = sim.site('os2');
    os2.anonymousAccess = false;
    const jira = client('not-a-token');
    expect(
      isAuthError(await caught(jira.issueSearch.countIssues({ jql: 'issuetype = "Udviklingsønske"' }))),
    ).toBe(true);
    expect(isAuthError(await caught(jira.serverInfo.getServerInfo()))).toBe(true);
    expect((await fetch(`${os2.baseUrl}/rest/api/3/serverInfo`)).status).toBe(200);
    expect((await fetch(`${os2.baseUrl}/rest/api/3/search/jql?jql=order%20by%20key`)).status).toBe(401);
  });
});
