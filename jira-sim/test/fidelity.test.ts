/**
 * Proof of fidelity: jira.js v6 with onSchemaMismatch: 'throw' drives every endpoint; any shape the simulator
 * gets wrong fails with SchemaMismatchError. Error answers are checked for Jira's {errorMessages, errors} body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient, isRateLimitError } from 'jira.js';
import { startJiraSim } from '../index.js';
import type { JiraSim } from '../index.js';
import { exerciseAll } from '../exercise.js';

let sim: JiraSim;
beforeAll(async () => {
  sim = await startJiraSim();
});
afterAll(async () => {
  await sim.close();
});

const make = (c: { host: string; email: string; apiToken: string }) =>
  createCloudClient({
    host: c.host,
    auth: { type: 'basic', email: c.email, apiToken: c.apiToken },
    onSchemaMismatch: 'throw',
  });

describe('jira.js v6 against the simulator', () => {
  it('every endpoint answers in the shape jira.js validates, and errors in Jira’s body', async () => {
    const { steps, errors } = await exerciseAll(sim, make);
    expect(steps.length).toBeGreaterThan(60);
    for (const e of errors) {
      expect(e.body, e.step).toMatchObject({ errorMessages: expect.any(Array), errors: expect.any(Object) });
    }
    expect(errors.map((e) => e.status)).toEqual([
      401, 403, 403, 404, 404, 404, 400, 400, 400, 400, 400, 400, 400, 400, 429, 503,
    ]);
  });

  it('a 429 surfaces as jira.js RateLimitError with retryAfterMs', async () => {
    const os2 = sim.site('os2');
    os2.injectFault({ route: 'POST /rest/api/3/search/jql', status: 429, count: 1, retryAfterSeconds: 3 });
    const jira = make(os2.admin);
    const err = await jira.issueSearch
      .searchAndReconsileIssuesUsingJqlPost({ jql: 'project = MO' })
      .catch((e: unknown) => e);
    expect(isRateLimitError(err)).toBe(true);
    expect((err as { retryAfterMs?: number }).retryAfterMs).toBe(3000);
    await expect(
      jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql: 'project = MO' }),
    ).resolves.toBeDefined();
  });

  it('the JQL error message is Jira’s', async () => {
    const jira = make(sim.site('os2').admin);
    const err = (await jira.issueSearch.countIssues({ jql: 'project = ' }).catch((e: unknown) => e)) as {
      body: unknown;
    };
    expect(err.body).toEqual({
      errorMessages: [
        'Error in the JQL Query: Expecting either a value, list or function before the end of the query.',
      ],
      errors: {},
    });
    const err2 = (await jira.issueSearch.countIssues({ jql: 'project = NOPE' }).catch((e: unknown) => e)) as {
      body: unknown;
    };
    expect(err2.body).toEqual({
      errorMessages: ["The value 'NOPE' does not exist for the field 'project'."],
      errors: {},
    });
  });

  it('the removed /rest/api/3/search answers 410 Gone', async () => {
    const os2 = sim.site('os2');
    const res = await fetch(`${os2.baseUrl}/rest/api/3/search?jql=project%3DMO`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${os2.admin.email}:${os2.admin.apiToken}`).toString('base64')}`,
      },
    });
    expect(res.status).toBe(410);
    expect(((await res.json()) as { errorMessages: string[] }).errorMessages[0]).toMatch(/search\/jql/);
  });
});
