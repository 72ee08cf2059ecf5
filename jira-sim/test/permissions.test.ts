/**
 * Project permissions modelled separately (issue 16): Browse projects, Create issues, Edit issues, Transition
 * issues, Delete issues and Administer projects, each held through the project's permission scheme (groups,
 * project roles, the project lead, any licensed user), each enforced on the operations whose OpenAPI text names
 * it, and `mypermissions`, `permissions/check` and `permissions/project` answering from the same model. Every
 * test takes one permission away (or gives one) and shows the operations that need it change, and nothing else.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudClient, isForbiddenError } from 'jira.js';
import {
  ADMINISTRATORS_ROLE,
  APP_ROLE,
  addRoleMember,
  grant,
  removeRoleMember,
  revoke,
  startJiraSim,
} from '../index.js';
import type { JiraSim, SimCredentials } from '../index.js';
import type { Project } from '../state/types.js';

let sim: JiraSim;
let user: SimCredentials;
beforeAll(async () => {
  sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    seed: { featureRequestsPerProduct: 4 },
    indexLagMs: 0,
  });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.site('os2').reset();
  // A licensed user with no group or role of note: what the default scheme gives any user.
  user = sim.site('os2').addUser({ displayName: 'Almindelig Bruger', email: 'bruger@perm.example' });
});

const mo = (): Project => sim.site('os2').state.resolveProject('MO')!;
const anyUser = (h: { type: string }) => h.type === 'anyLicensedUser';

async function call(who: SimCredentials, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.site('os2').baseUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      authorization: `Basic ${Buffer.from(`${who.email}:${who.apiToken}`).toString('base64')}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function mine(who: SimCredentials, keys: string[], project = 'MO'): Promise<Record<string, boolean>> {
  const r = await call(
    who,
    'GET',
    `/rest/api/3/mypermissions?projectKey=${project}&permissions=${keys.join(',')}`,
  );
  expect(r.status).toBe(200);
  const perms = (r.body as { permissions: Record<string, { havePermission: boolean }> }).permissions;
  return Object.fromEntries(keys.map((k) => [k, perms[k]!.havePermission]));
}

async function checked(who: SimCredentials, key: string, projectId: string): Promise<boolean> {
  const r = await call(who, 'POST', '/rest/api/3/permissions/check', {
    projectPermissions: [{ permissions: [key], projects: [Number(projectId)] }],
  });
  expect(r.status).toBe(200);
  const pp = (r.body as { projectPermissions: { permission: string; projects: number[] }[] })
    .projectPermissions;
  return pp[0]!.projects.includes(Number(projectId));
}

const firstIssue = (p: Project) => p.issues[0]!;

describe('the default scheme', () => {
  it('gives any licensed user Browse, Create, Edit and Transition, and not Delete or Administer projects', async () => {
    expect(
      await mine(user, [
        'BROWSE_PROJECTS',
        'CREATE_ISSUES',
        'EDIT_ISSUES',
        'TRANSITION_ISSUES',
        'DELETE_ISSUES',
        'ADMINISTER_PROJECTS',
      ]),
    ).toEqual({
      BROWSE_PROJECTS: true,
      CREATE_ISSUES: true,
      EDIT_ISSUES: true,
      TRANSITION_ISSUES: true,
      DELETE_ISSUES: false,
      ADMINISTER_PROJECTS: false,
    });
    // The project lead and the site administrator (the Administrators role) hold all six.
    const os2 = sim.site('os2');
    const lead = os2.asUser(mo().leadAccountId);
    for (const who of [lead, os2.admin])
      expect(Object.values(await mine(who, ['DELETE_ISSUES', 'ADMINISTER_PROJECTS']))).toEqual([true, true]);
  });
});

describe('each permission on its own', () => {
  it('Browse projects: without it the project and its issues do not exist for the user (404), with it they do', async () => {
    const p = mo();
    revoke(p, 'BROWSE_PROJECTS', anyUser);
    const key = firstIssue(p).key;
    expect((await call(user, 'GET', `/rest/api/3/issue/${key}`)).status).toBe(404);
    expect(
      (await call(user, 'GET', '/rest/api/3/mypermissions?projectKey=MO&permissions=BROWSE_PROJECTS')).status,
    ).toBe(404);
    expect(await checked(user, 'BROWSE_PROJECTS', p.id)).toBe(false);
    // Edit is still granted to any user, but nothing can be edited that cannot be seen.
    expect((await call(user, 'PUT', `/rest/api/3/issue/${key}/properties/x`, { a: 1 })).status).toBe(404);
    grant(p, 'BROWSE_PROJECTS', { type: 'anyLicensedUser' });
    expect((await call(user, 'GET', `/rest/api/3/issue/${key}`)).status).toBe(200);
  });

  it('Edit issues: a user with Browse but not Edit reads an issue property and cannot write one', async () => {
    const p = mo();
    revoke(p, 'EDIT_ISSUES', anyUser);
    const issue = firstIssue(p);
    sim.site('os2').state.setIssueProperty(issue, 'x', { v: 1 });
    expect(await mine(user, ['BROWSE_PROJECTS', 'EDIT_ISSUES'])).toEqual({
      BROWSE_PROJECTS: true,
      EDIT_ISSUES: false,
    });
    expect(await checked(user, 'EDIT_ISSUES', p.id)).toBe(false);
    expect((await call(user, 'GET', `/rest/api/3/issue/${issue.key}/properties/x`)).body).toEqual({
      key: 'x',
      value: { v: 1 },
    });
    const put = await call(user, 'PUT', `/rest/api/3/issue/${issue.key}/properties/x`, { v: 2 });
    expect(put).toMatchObject({
      status: 403,
      body: { errorMessages: ['You do not have permission to edit this issue.'] },
    });
    // OpenAPI: deleting answers 404 when "the user does not have permission to edit the issue".
    expect((await call(user, 'DELETE', `/rest/api/3/issue/${issue.key}/properties/x`)).status).toBe(404);
    const edit = await call(user, 'PUT', `/rest/api/3/issue/${issue.key}`, { fields: { summary: 'Ændret' } });
    expect(edit.status).toBe(400);
    // The bulk write is non-transactional: it answers 303 and skips the issue it may not edit.
    const bulk = await call(user, 'POST', '/rest/api/3/issue/properties/multi', {
      issues: [{ issueID: issue.id, properties: { x: { v: 3 } } }],
    });
    expect(bulk.status).toBe(303);
    expect(issue.properties?.get('x')).toEqual({ v: 1 });
    expect(issue.summary).not.toBe('Ændret');
    // Voting needs Browse only (OpenAPI), so it still works.
    expect((await call(user, 'POST', `/rest/api/3/issue/${issue.key}/votes`)).status).toBe(204);

    // Granted through a group, the same calls succeed.
    sim.site('os2').state.addGroup('redaktører');
    sim.site('os2').state.addToGroup('redaktører', user.accountId);
    grant(p, 'EDIT_ISSUES', { type: 'group', group: 'redaktører' });
    expect(await checked(user, 'EDIT_ISSUES', p.id)).toBe(true);
    expect((await call(user, 'PUT', `/rest/api/3/issue/${issue.key}/properties/x`, { v: 2 })).status).toBe(
      200,
    );
    expect(issue.properties?.get('x')).toEqual({ v: 2 });
  });

  it('Create issues: without it the create answers 403 and nothing is created; a project role grants it', async () => {
    const p = mo();
    revoke(p, 'CREATE_ISSUES', anyUser);
    const before = p.issues.length;
    const body = { fields: { project: { key: 'MO' }, issuetype: { name: 'Task' }, summary: 'Ny opgave' } };
    const refused = await call(user, 'POST', '/rest/api/3/issue', body);
    expect(refused).toMatchObject({
      status: 403,
      body: { errorMessages: ['You do not have permission to create issues in this project.'] },
    });
    expect(p.issues.length).toBe(before);
    expect(await mine(user, ['CREATE_ISSUES', 'EDIT_ISSUES'])).toEqual({
      CREATE_ISSUES: false,
      EDIT_ISSUES: true,
    });
    // jira.js surfaces it as a ForbiddenError, which the worker reports instead of retrying.
    const jira = createCloudClient({
      host: sim.site('os2').baseUrl,
      auth: { type: 'basic', email: user.email, apiToken: user.apiToken },
      onSchemaMismatch: 'throw',
    });
    const err = await jira.issues.createIssue(body).catch((e: unknown) => e);
    expect(isForbiddenError(err)).toBe(true);

    addRoleMember(p, 'Developers', { accountId: user.accountId });
    grant(p, 'CREATE_ISSUES', { type: 'projectRole', role: 'Developers' });
    expect((await call(user, 'POST', '/rest/api/3/issue', body)).status).toBe(201);
    expect(p.issues.length).toBe(before + 1);
  });

  it('Transition issues: without it no transition is offered and performing one answers 400', async () => {
    const p = mo();
    revoke(p, 'TRANSITION_ISSUES', anyUser);
    const issue = firstIssue(p);
    const list = await call(user, 'GET', `/rest/api/3/issue/${issue.key}/transitions`);
    expect((list.body as { transitions: unknown[] }).transitions).toEqual([]);
    const expanded = await call(user, 'GET', `/rest/api/3/issue/${issue.key}?expand=transitions`);
    expect((expanded.body as { transitions: unknown[] }).transitions).toEqual([]);
    const done = p.workflow.transitions.at(-1)!;
    const status = issue.statusId;
    const refused = await call(user, 'POST', `/rest/api/3/issue/${issue.key}/transitions`, {
      transition: { id: done.id },
    });
    expect(refused.status).toBe(400);
    expect(issue.statusId).toBe(status);
    grant(p, 'TRANSITION_ISSUES', { type: 'anyLicensedUser' });
    const again = await call(user, 'GET', `/rest/api/3/issue/${issue.key}/transitions`);
    expect((again.body as { transitions: unknown[] }).transitions.length).toBe(p.workflow.transitions.length);
    expect(
      (
        await call(user, 'POST', `/rest/api/3/issue/${issue.key}/transitions`, {
          transition: { id: done.id },
        })
      ).status,
    ).toBe(204);
    expect(issue.statusId).toBe(done.toStatusId);
  });

  it('Delete issues: a user without it gets 403 and the issue stays; the Administrators role may delete', async () => {
    const p = mo();
    const issue = firstIssue(p);
    expect((await call(user, 'DELETE', `/rest/api/3/issue/${issue.key}`)).status).toBe(403);
    expect(sim.site('os2').state.resolveIssue(issue.key)).toBeDefined();
    addRoleMember(p, ADMINISTRATORS_ROLE, { accountId: user.accountId });
    expect(await mine(user, ['DELETE_ISSUES'])).toEqual({ DELETE_ISSUES: true });
    expect((await call(user, 'DELETE', `/rest/api/3/issue/${issue.key}`)).status).toBe(204);
    expect(sim.site('os2').state.resolveIssue(issue.key)).toBeUndefined();
  });

  it('Delete issues is separate from Administer projects: taking Delete away leaves project administration', async () => {
    const p = mo();
    const lead = sim.site('os2').asUser(p.leadAccountId);
    revoke(p, 'DELETE_ISSUES', (h) => h.type === 'projectLead');
    expect(await mine(lead, ['DELETE_ISSUES', 'ADMINISTER_PROJECTS'])).toEqual({
      DELETE_ISSUES: false,
      ADMINISTER_PROJECTS: true,
    });
    expect((await call(lead, 'DELETE', `/rest/api/3/issue/${firstIssue(p).key}`)).status).toBe(403);
    expect((await call(lead, 'PUT', '/rest/api/3/project/MO/properties/x', { a: 1 })).status).toBe(201);
  });

  it('Administer projects: project properties need it (or Administer Jira), through a group in the Administrators role', async () => {
    const p = mo();
    expect((await call(user, 'PUT', '/rest/api/3/project/MO/properties/x', { a: 1 })).status).toBe(403);
    expect(p.properties.has('x')).toBe(false);
    sim.site('os2').state.addGroup('projektledere');
    sim.site('os2').state.addToGroup('projektledere', user.accountId);
    addRoleMember(p, ADMINISTRATORS_ROLE, { group: 'projektledere' });
    expect(await mine(user, ['ADMINISTER_PROJECTS'])).toEqual({ ADMINISTER_PROJECTS: true });
    expect((await call(user, 'PUT', '/rest/api/3/project/MO/properties/x', { a: 1 })).status).toBe(201);
    // OpenAPI: "Administer Jira global permission or Administer Projects": a site admin outside the role may too.
    revoke(p, 'ADMINISTER_PROJECTS');
    expect(await mine(sim.site('os2').admin, ['ADMINISTER_PROJECTS'])).toEqual({
      ADMINISTER_PROJECTS: false,
    });
    expect(
      (await call(sim.site('os2').admin, 'PUT', '/rest/api/3/project/MO/properties/x', { a: 2 })).status,
    ).toBe(200);
    expect((await call(user, 'PUT', '/rest/api/3/project/MO/properties/x', { a: 3 })).status).toBe(403);
  });

  it("the app user's project role: the app sees and writes a project only through it", async () => {
    const os2 = sim.site('os2');
    const app = os2.asApp();
    const p = os2.state.resolveProject('PORT')!;
    const body = {
      fields: { project: { key: 'PORT' }, issuetype: { name: 'Produkt' }, summary: 'Produkt X' },
    };
    expect(await mine(app, ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'DELETE_ISSUES'], 'PORT')).toEqual({
      BROWSE_PROJECTS: true,
      CREATE_ISSUES: true,
      DELETE_ISSUES: true,
    });
    expect((await call(app, 'POST', '/rest/api/3/issue', body)).status).toBe(201);
    // The app account holds no product licence, so outside the role it cannot even see the project.
    removeRoleMember(p, APP_ROLE, { accountId: app.accountId });
    expect((await call(app, 'GET', '/rest/api/3/project/PORT')).status).toBe(404);
    expect((await call(app, 'POST', '/rest/api/3/issue', body)).status).toBe(400);
    // Back in the role, with Create issues taken from the role only: it sees the project and may not create.
    addRoleMember(p, APP_ROLE, { accountId: app.accountId });
    revoke(p, 'CREATE_ISSUES', (h) => h.type === 'projectRole' && h.role === APP_ROLE);
    expect(await mine(app, ['BROWSE_PROJECTS', 'CREATE_ISSUES'], 'PORT')).toEqual({
      BROWSE_PROJECTS: true,
      CREATE_ISSUES: false,
    });
    expect((await call(app, 'POST', '/rest/api/3/issue', body)).status).toBe(403);
  });

  it('permitted projects (POST /permissions/project) answer from the same model', async () => {
    const p = mo();
    revoke(p, 'EDIT_ISSUES', anyUser);
    const r = await call(user, 'POST', '/rest/api/3/permissions/project', { permissions: ['EDIT_ISSUES'] });
    const keys = (r.body as { projects: { key: string }[] }).projects.map((x) => x.key);
    expect(keys).not.toContain('MO');
    expect(keys).toContain('KITOS');
  });
});
