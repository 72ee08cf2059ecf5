/** Behaviour of the simulator itself: auth, permissions, bad input, limits, paging, faults, counters, admin API, webhooks. */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restrictProject, startJiraSim } from '../index.js';
import type { JiraSim, SimCredentials } from '../index.js';

let sim: JiraSim;
beforeAll(async () => {
  sim = await startJiraSim();
});
afterAll(async () => {
  await sim.close();
});

const auth = (c: { email: string; apiToken: string }) =>
  `Basic ${Buffer.from(`${c.email}:${c.apiToken}`).toString('base64')}`;

async function call(
  c: SimCredentials,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${c.host}${path}`, {
    method,
    headers: {
      authorization: auth(c),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

async function admin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('authentication and permissions', () => {
  it('answers 401 with Jira’s body for missing or wrong credentials', async () => {
    const os2 = sim.site('os2');
    const none = await fetch(`${os2.baseUrl}/rest/api/3/myself`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      errorMessages: ['Client must be authenticated to access this resource.'],
      errors: {},
    });
    const wrong = await call({ ...os2.admin, apiToken: 'nope' }, 'GET', '/rest/api/3/myself');
    expect(wrong.status).toBe(401);
    expect((await fetch(`${os2.baseUrl}/rest/api/3/serverInfo`)).status).toBe(200);
    expect(await (await fetch(`${os2.baseUrl}/_edge/tenant_info`)).json()).toEqual({ cloudId: os2.cloudId });
    // A wrong token on a route open to anonymous: served as anonymous (Jira Cloud), or 401 with the switch off.
    expect((await call({ ...os2.admin, apiToken: 'nope' }, 'GET', '/rest/api/3/serverInfo')).status).toBe(
      200,
    );
    os2.anonymousAccess = false;
    try {
      expect((await call({ ...os2.admin, apiToken: 'nope' }, 'GET', '/rest/api/3/serverInfo')).status).toBe(
        401,
      );
    } finally {
      os2.anonymousAccess = true;
    }
    const otherSite = await call(
      { ...os2.admin, host: sim.site('supplier').baseUrl },
      'GET',
      '/rest/api/3/myself',
    );
    expect(otherSite.status).toBe(401);
  });

  it('gives every account its own token; the app account is an app with Administer Jira', async () => {
    const os2 = sim.site('os2');
    const me = await call(os2.asApp(), 'GET', '/rest/api/3/myself');
    expect(me.body).toMatchObject({ accountType: 'app', displayName: 'OS2 Styring' });
    const perms = await call(os2.asApp(), 'GET', '/rest/api/3/mypermissions?permissions=ADMINISTER');
    expect(perms.body).toMatchObject({ permissions: { ADMINISTER: { havePermission: true } } });
    const karin = await call(
      os2.asUser('k751-karin'),
      'GET',
      '/rest/api/3/mypermissions?permissions=ADMINISTER,BROWSE_PROJECTS&projectKey=MO',
    );
    expect(karin.body).toMatchObject({
      permissions: { ADMINISTER: { havePermission: false }, BROWSE_PROJECTS: { havePermission: true } },
    });
    const groups = await call(os2.admin, 'GET', '/rest/api/3/user/groups?accountId=k751-karin');
    expect((groups.body as { name: string }[]).map((g) => g.name)).toContain('kommune-751');
  });

  it('hides projects the user cannot browse (404, and absent from search) and forbids admin operations (403)', async () => {
    const os2 = sim.site('os2');
    const outsider = os2.addUser({ displayName: 'Udenforstående', email: 'ude@example.dk' });
    const project = os2.state.resolveProject('ROLLE')!;
    restrictProject(project, ['kommune-157']);
    os2.state.touch();
    try {
      expect((await call(outsider, 'GET', '/rest/api/3/project/ROLLE')).status).toBe(404);
      expect((await call(outsider, 'GET', '/rest/api/3/issue/ROLLE-1')).status).toBe(404);
      const count = await call(outsider, 'POST', '/rest/api/3/search/approximate-count', {
        jql: 'project = ROLLE',
      });
      expect(count).toMatchObject({
        status: 400,
        body: { errorMessages: ["The value 'ROLLE' does not exist for the field 'project'."] },
      });
      const all = await call(outsider, 'POST', '/rest/api/3/search/jql', {
        jql: 'issuetype = Bug',
        maxResults: 5000,
      });
      const ids = (all.body as { issues: { id: string }[] }).issues.map((i) => Number(i.id));
      expect(ids.some((id) => os2.state.issues.get(id)!.projectId === project.id)).toBe(false);
      const put = await call(outsider, 'PUT', '/rest/api/3/project/MO/properties/x', { a: 1 });
      expect(put.status).toBe(403);
      expect((await call(outsider, 'POST', '/rest/api/3/group', { name: 'x' })).status).toBe(403);
      expect(
        (
          await call(outsider, 'POST', '/rest/api/3/webhook', {
            url: 'http://127.0.0.1:1/x',
            webhooks: [{ events: ['jira:issue_created'], jqlFilter: 'project = MO' }],
          })
        ).status,
      ).toBe(403);
    } finally {
      restrictProject(project, null);
      os2.state.touch();
    }
  });
});

describe('bad input never crashes the simulator', () => {
  it('answers invalid JSON, unknown fields, wrong types and wrong media types with 400/415', async () => {
    const c = sim.site('os2').admin;
    const bad = await call(c, 'POST', '/rest/api/3/search/jql', '{"jql": ');
    expect(bad.status).toBe(400);
    expect((bad.body as { errorMessages: string[] }).errorMessages[0]).toMatch(/Unexpected end-of-input/);
    const bad2 = await call(c, 'PUT', '/rest/api/3/issue/MO-1/properties/x', '{x}');
    expect(bad2.status).toBe(400);
    const unknown = await call(c, 'POST', '/rest/api/3/search/jql', { jql: 'project = MO', bogus: 1 });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { errorMessages: string[] }).errorMessages[0]).toMatch(
      /Unrecognized field "bogus"/,
    );
    const wrongType = await call(c, 'POST', '/rest/api/3/search/jql', {
      jql: 'project = MO',
      maxResults: 'many',
    });
    expect(wrongType).toMatchObject({ status: 400, body: { errors: { maxResults: expect.any(String) } } });
    const notJson = await call(c, 'POST', '/rest/api/3/issue', 'summary=x', { 'content-type': 'text/plain' });
    expect(notJson.status).toBe(415);
    const badFields = await call(c, 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'MO' },
        issuetype: { name: 'Bug' },
        summary: 42,
        description: 'not ADF',
        labels: ['a b'],
        foo: 1,
      },
    });
    expect(badFields).toMatchObject({
      status: 400,
      body: {
        errorMessages: [],
        errors: {
          summary: 'You must specify a summary of the issue.',
          description: expect.stringMatching(/Atlassian Document/),
          labels: "The label 'a b' contains spaces which is invalid.",
          foo: "Field 'foo' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      },
    });
    expect((await call(c, 'GET', '/rest/api/3/search/jql?jql=project%3DMO&maxResults=abc')).status).toBe(400);
    expect((await call(c, 'GET', '/rest/api/3/nope')).status).toBe(404);
    expect((await call(c, 'PATCH', '/rest/api/3/myself')).status).toBe(405);
    expect((await call(c, 'GET', '/rest/api/3/myself')).status).toBe(200);
  });

  it('enforces the entity property limits (32,768 characters per value, 255 per key)', async () => {
    const c = sim.site('os2').admin;
    const fits = 'x'.repeat(32_768 - 2); // a JSON string: 2 quotes + content
    expect((await call(c, 'PUT', '/rest/api/3/issue/MO-1/properties/big', JSON.stringify(fits))).status).toBe(
      201,
    );
    const tooBig = await call(c, 'PUT', '/rest/api/3/issue/MO-1/properties/big', JSON.stringify(fits + 'x'));
    expect(tooBig).toMatchObject({
      status: 400,
      body: { errorMessages: ['The property value cannot be longer than 32768 characters.'] },
    });
    expect(
      (await call(c, 'PUT', `/rest/api/3/project/MO/properties/${'k'.repeat(255)}`, { a: 1 })).status,
    ).toBe(201);
    const longKey = await call(c, 'PUT', `/rest/api/3/project/MO/properties/${'k'.repeat(256)}`, { a: 1 });
    expect(longKey).toMatchObject({
      status: 400,
      body: { errorMessages: ['The property key cannot be longer than 255 characters.'] },
    });
    expect(
      (await call(c, 'PUT', '/rest/api/3/issue/MO-1/properties/big', JSON.stringify('small'))).status,
    ).toBe(200);
  });
});

describe('concurrency', () => {
  it('answers 200 parallel calls (reads and writes) correctly', async () => {
    const c = sim.site('os2').admin;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        n % 2 === 0
          ? call(c, 'POST', '/rest/api/3/search/jql', {
              jql: 'project = MO ORDER BY issue.property[os2-votes].count DESC',
              maxResults: 10,
            })
          : call(c, 'PUT', `/rest/api/3/issue/MO-${1 + (n % 20)}/properties/parallel-${n}`, { n }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(sim.site('os2').state.resolveIssue('MO-2')!.properties!.get('parallel-1')).toEqual({ n: 1 });
    await admin('POST', '/__sim/reset');
  });
});

describe('enhanced search paging', () => {
  it('pages with nextPageToken through exactly the issues approximate-count counts, in order', async () => {
    const c = sim.site('os2').admin;
    const jql = 'project = MO ORDER BY issue.property[os2-votes].count DESC';
    const count = (await call(c, 'POST', '/rest/api/3/search/approximate-count', { jql: 'project = MO' }))
      .body as { count: number };
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await call(c, 'POST', '/rest/api/3/search/jql', {
        jql,
        maxResults: 7,
        nextPageToken: token,
        fields: ['summary'],
      });
      const b = r.body as { issues: { key: string }[]; nextPageToken?: string; isLast: boolean };
      seen.push(...b.issues.map((i) => i.key));
      token = b.nextPageToken;
      expect(b.isLast).toBe(token === undefined);
      pages++;
    } while (token);
    expect(seen.length).toBe(count.count);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(count.count / 7));
  });

  it('caps maxResults at 100 with fields and 5000 with ids only; rejects a foreign token', async () => {
    const c = sim.site('os2').admin;
    const withFields = await call(c, 'POST', '/rest/api/3/search/jql', {
      jql: 'project IN (MO, KITOS, ROLLE, FORD, DATA, CPR, IOT)',
      maxResults: 500,
      fields: ['summary'],
    });
    expect((withFields.body as { issues: unknown[] }).issues.length).toBe(100);
    const ids = await call(c, 'POST', '/rest/api/3/search/jql', {
      jql: 'project IN (MO, KITOS, ROLLE, FORD, DATA, CPR, IOT)',
      maxResults: 500,
    });
    expect((ids.body as { issues: unknown[] }).issues.length).toBe(210);
    expect((ids.body as { issues: Record<string, unknown>[] }).issues[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
    });
    const tok = (withFields.body as { nextPageToken: string }).nextPageToken;
    const foreign = await call(c, 'POST', '/rest/api/3/search/jql', {
      jql: 'project = MO',
      nextPageToken: tok,
    });
    expect(foreign.status).toBe(400);
  });
});

describe('fault injection and call counters', () => {
  it('injects N 429s with Jira’s rate-limit headers, then recovers; counts every call per route template', async () => {
    const os2 = sim.site('os2');
    await admin('DELETE', '/__sim/calls');
    const f = await admin('POST', '/__sim/faults', {
      site: 'os2',
      route: 'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}',
      status: 429,
      count: 2,
      retryAfterSeconds: 5,
      reason: 'jira-quota-global-based',
    });
    expect(f.status).toBe(201);
    const path = '/rest/api/3/project/MO/properties/os2-governance';
    const r1 = await call(os2.admin, 'GET', path);
    expect(r1.status).toBe(429);
    expect(r1.headers.get('retry-after')).toBe('5');
    expect(r1.headers.get('ratelimit-reason')).toBe('jira-quota-global-based');
    expect(Date.parse(r1.headers.get('x-ratelimit-reset')!)).toBeGreaterThan(Date.now() + 3000);
    expect((await call(os2.admin, 'GET', path)).status).toBe(429);
    expect((await call(os2.admin, 'GET', path)).status).toBe(200);
    expect((await call(os2.admin, 'GET', '/rest/api/3/project/KITOS/properties/os2-governance')).status).toBe(
      200,
    );
    const calls = await admin('GET', '/__sim/calls?site=os2');
    expect(calls.body).toEqual({ 'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}': 4 });
    expect(os2.callCount('GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}')).toBe(4);
    expect((await admin('GET', '/__sim/calls?site=supplier')).body).toEqual({});
  });

  it('injects 5xx by path prefix, by fraction, and latency; per site', async () => {
    const os2 = sim.site('os2');
    os2.injectFault({ route: '/rest/api/3/search', status: 500, count: 1 });
    expect(
      (await call(os2.admin, 'POST', '/rest/api/3/search/approximate-count', { jql: 'project = MO' })).status,
    ).toBe(500);
    expect(
      (await call(os2.admin, 'POST', '/rest/api/3/search/approximate-count', { jql: 'project = MO' })).status,
    ).toBe(200);
    os2.injectFault({ status: 503, fraction: 0.5 });
    let failures = 0;
    for (let i = 0; i < 40; i++)
      if ((await call(os2.admin, 'GET', '/rest/api/3/serverInfo')).status === 503) failures++;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    const sup = sim.site('supplier');
    expect((await call(sup.admin, 'GET', '/rest/api/3/serverInfo')).status).toBe(200);
    expect((await admin('DELETE', '/__sim/faults')).status).toBe(204);
    sup.injectFault({ latencyMs: 150 });
    const t0 = Date.now();
    expect((await call(sup.admin, 'GET', '/rest/api/3/serverInfo')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    sup.clearFaults();
  });

  it('validates admin requests', async () => {
    expect((await admin('POST', '/__sim/faults', { site: 'os2', status: 418 })).status).toBe(400);
    expect((await admin('POST', '/__sim/faults', { site: 'nope', status: 429 })).status).toBe(404);
    expect((await admin('GET', '/__sim/nothing')).status).toBe(404);
    // A prefix matches at path-segment boundaries only: '/rest/api/3/issue' must not catch '/rest/api/3/issuetype'.
    const os2 = sim.site('os2');
    os2.injectFault({ route: '/rest/api/3/issue', status: 500 });
    expect((await call(os2.admin, 'GET', '/rest/api/3/issuetype')).status).toBe(200);
    expect((await call(os2.admin, 'GET', '/rest/api/3/issue/MO-1')).status).toBe(500);
    os2.clearFaults();
  });
});

describe('reset and seed', () => {
  it('reset restores the seeded state; seed re-seeds one site with another size', async () => {
    const os2 = sim.site('os2');
    const before = os2.state.issues.size;
    await call(os2.admin, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'MO' }, issuetype: { name: 'Bug' }, summary: 'x' },
    });
    expect(sim.site('os2').state.issues.size).toBe(before + 1);
    expect((await admin('POST', '/__sim/reset')).status).toBe(204);
    expect(sim.site('os2').state.issues.size).toBe(before);
    const seeded = await admin('POST', '/__sim/seed', { site: 'supplier', featureRequestsPerProduct: 100 });
    expect(seeded.body).toMatchObject({ sites: [{ name: 'supplier', issues: 150 }] });
    const sup = sim.site('supplier');
    // Credentials survive a re-seed.
    const count = await call(sup.admin, 'POST', '/rest/api/3/search/approximate-count', {
      jql: 'project = SOFD AND issuetype = Udviklingsønske',
    });
    expect(count.body).toEqual({ count: 100 });
    sup.seed({ featureRequestsPerProduct: 3 });
    expect(sim.site('supplier').state.issues.size).toBe(7);
    sup.seed(false);
    expect(sim.site('supplier').state.projects.size).toBe(0);
    await admin('POST', '/__sim/reset');
  });

  it('the supplier site is team-managed: project-scoped issue types and statuses', async () => {
    const sup = sim.site('supplier');
    const p = await call(sup.admin, 'GET', '/rest/api/3/project/SOFD');
    expect(p.body).toMatchObject({ style: 'next-gen', simplified: true });
    const types = (p.body as { issueTypes: { name: string; scope?: unknown }[] }).issueTypes;
    expect(types.map((t) => t.name)).toContain('Udviklingsønske');
    expect(types.every((t) => t.scope !== undefined)).toBe(true);
  });

  it('the portfolio project PORT has the approval-state workflow with transitions between all statuses', async () => {
    const os2 = sim.site('os2');
    const created = await call(os2.asApp(), 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'PORT' }, issuetype: { name: 'Produkt' }, summary: 'OS2mo' },
    });
    expect(created.status).toBe(201);
    const key = (created.body as { key: string }).key;
    const t = await call(os2.asApp(), 'GET', `/rest/api/3/issue/${key}/transitions`);
    const names = (t.body as { transitions: { name: string; id: string }[] }).transitions.map((x) => x.name);
    expect(names).toEqual([
      'Idé',
      'Koncept',
      'Bestyrelsesbehandling',
      'Godkendt',
      'Produkt',
      'Udfaset',
      'Afvist',
    ]);
    const godkendt = (t.body as { transitions: { name: string; id: string }[] }).transitions.find(
      (x) => x.name === 'Godkendt',
    )!;
    expect(
      (
        await call(os2.asApp(), 'POST', `/rest/api/3/issue/${key}/transitions`, {
          transition: { id: godkendt.id },
        })
      ).status,
    ).toBe(204);
    const issue = await call(os2.asApp(), 'GET', `/rest/api/3/issue/${key}?fields=status`);
    expect(issue.body).toMatchObject({
      fields: { status: { name: 'Godkendt', statusCategory: { key: 'indeterminate' } } },
    });
    await admin('POST', '/__sim/reset');
  });
});

describe('webhooks', () => {
  it('delivers issue and project events to the registered URL, filtered by JQL', async () => {
    const received: { event: string; key?: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const b = JSON.parse(body) as {
          webhookEvent: string;
          issue?: { key: string };
          project?: { key: string };
        };
        received.push({ event: b.webhookEvent, key: b.issue?.key ?? b.project?.key });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const os2 = sim.site('os2');
      const app = os2.asApp();
      const reg = await call(app, 'POST', '/rest/api/3/webhook', {
        url,
        webhooks: [
          {
            events: ['jira:issue_created', 'jira:issue_updated', 'issue_property_set'],
            jqlFilter: 'project = MO AND issuetype = Udviklingsønske',
          },
          { events: ['project_updated'], jqlFilter: 'project = KITOS' },
          { events: ['jira:issue_created'], jqlFilter: 'project = ' },
        ],
      });
      const results = (
        reg.body as { webhookRegistrationResult: { createdWebhookId?: number; errors?: string[] }[] }
      ).webhookRegistrationResult;
      expect(results[0]!.createdWebhookId).toBeGreaterThan(0);
      expect(results[2]!.errors?.[0]).toMatch(/JQL/);
      const karin = os2.asUser('k751-karin');
      const mo = await call(karin, 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'MO' }, issuetype: { name: 'Udviklingsønske' }, summary: 'Ny' },
      });
      await call(karin, 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'KITOS' }, issuetype: { name: 'Udviklingsønske' }, summary: 'Anden' },
      });
      await call(karin, 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'MO' }, issuetype: { name: 'Bug' }, summary: 'Fejl' },
      });
      const key = (mo.body as { key: string }).key;
      await call(karin, 'PUT', `/rest/api/3/issue/${key}/properties/os2-votes`, { count: 1 });
      await call(os2.admin, 'PUT', '/rest/api/3/project/KITOS/properties/os2-governance', { level: 'N2' });
      await call(os2.admin, 'PUT', '/rest/api/3/project/MO/properties/os2-governance', { level: 'N2' });
      for (let i = 0; i < 50 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      expect(received).toEqual([
        { event: 'jira:issue_created', key },
        { event: 'issue_property_set', key },
        { event: 'project_updated', key: 'KITOS' },
      ]);
      expect(os2.deliveries.length).toBe(3);
      const viaAdmin = await admin('GET', '/__sim/deliveries?site=os2');
      expect((viaAdmin.body as { event: string }[]).map((d) => d.event)).toEqual([
        'jira:issue_created',
        'issue_property_set',
        'project_updated',
      ]);
    } finally {
      receiver.close();
      await admin('POST', '/__sim/reset');
    }
  });
});

describe('sites routed by Host on one port', () => {
  it('serves several sites on one port, chosen by the Host header', async () => {
    const hs = await startJiraSim({ routing: 'host', seed: false });
    try {
      const os2 = hs.site('os2');
      expect(os2.baseUrl).toMatch(/^http:\/\/os2\.localhost:\d+$/);
      const port = Number(new URL(os2.baseUrl).port);
      const get = (host: string, c: SimCredentials) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              path: '/rest/api/3/myself',
              headers: { host, authorization: auth(c) },
            },
            (res) => {
              let body = '';
              res.on('data', (d: Buffer) => (body += d.toString()));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          req.on('error', reject);
          req.end();
        });
      const a = await get(`os2.localhost:${port}`, os2.admin);
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toMatchObject({ emailAddress: 'admin@os2.example.test' });
      expect((await get(`supplier.localhost:${port}`, os2.admin)).status).toBe(401);
      expect((await get(`supplier.localhost:${port}`, hs.site('supplier').admin)).status).toBe(200);
    } finally {
      await hs.close();
    }
  });
});

describe('npm run sim', () => {
  it('prints the sites and admin URL as one JSON line with --json', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'jira-sim/cli.ts', '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(line) as {
        sites: { name: string; baseUrl: string; email: string; apiToken: string }[];
        adminUrl: string;
      };
      expect(info.sites.map((s) => s.name)).toEqual(['os2', 'supplier']);
      expect(Object.keys(info.sites[0]!).sort()).toEqual(['apiToken', 'baseUrl', 'email', 'name']);
      const me = await fetch(`${info.sites[0]!.baseUrl}/rest/api/3/myself`, {
        headers: { authorization: auth(info.sites[0]!) },
      });
      expect(me.status).toBe(200);
      expect(info.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
