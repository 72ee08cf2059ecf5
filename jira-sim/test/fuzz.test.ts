/** Property-based robustness: random bodies and random JQL never make the simulator answer 5xx or crash. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim } from '../index.js';
import type { JiraSim } from '../index.js';
import { parseJql } from '../jql/parser.js';
import { JqlSyntaxError } from '../jql/lexer.js';
import { JqlValidationError, compileJql, runQuery } from '../jql/evaluate.js';

let sim: JiraSim;
beforeAll(async () => {
  sim = await startJiraSim({ seed: { featureRequestsPerProduct: 5 } });
});
afterAll(async () => {
  await sim.close();
});

const ROUTES: [string, string][] = [
  ['POST', '/rest/api/3/search/jql'],
  ['POST', '/rest/api/3/search/approximate-count'],
  ['POST', '/rest/api/3/issue'],
  ['PUT', '/rest/api/3/issue/MO-1'],
  ['POST', '/rest/api/3/issue/MO-1/transitions'],
  ['PUT', '/rest/api/3/issue/MO-1/properties/fuzz'],
  ['PUT', '/rest/api/3/project/MO/properties/fuzz'],
  ['POST', '/rest/api/3/issue/properties/multi'],
  ['POST', '/rest/api/3/webhook'],
  ['POST', '/rest/api/3/issuetype'],
  ['POST', '/rest/api/3/group'],
  ['POST', '/rest/api/3/permissions/check'],
];

describe('fuzzing', () => {
  it('random JSON bodies get a 2xx or a 4xx with Jira’s error body, never a 5xx', async () => {
    const os2 = sim.site('os2');
    const authz = `Basic ${Buffer.from(`${os2.admin.email}:${os2.admin.apiToken}`).toString('base64')}`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.oneof(fc.json(), fc.string()),
        async ([method, path], body) => {
          const res = await fetch(`${os2.baseUrl}${path}`, {
            method,
            headers: { authorization: authz, 'content-type': 'application/json' },
            body,
            redirect: 'manual',
          });
          expect(res.status).toBeLessThan(500);
          const text = await res.text();
          if (res.status >= 400) {
            const b = JSON.parse(text) as { errorMessages: unknown; errors: unknown };
            expect(Array.isArray(b.errorMessages)).toBe(true);
            expect(typeof b.errors).toBe('object');
          }
        },
      ),
      { numRuns: 300 },
    );
    await fetch(`${sim.adminUrl}/__sim/reset`, { method: 'POST' });
  });

  it('random JQL only ever fails with Jira’s JQL errors', () => {
    const os2 = sim.site('os2');
    const words = fc.constantFrom(
      'project',
      '=',
      'MO',
      'AND',
      'OR',
      'NOT',
      '(',
      ')',
      'IN',
      'issuetype',
      '"Udviklingsønske"',
      'status',
      '!=',
      'Done',
      'ORDER',
      'BY',
      'DESC',
      'issue.property[os2-votes].count',
      '>',
      '3',
      'labels',
      'IS',
      'EMPTY',
      ',',
      'text',
      '~',
      '"x',
      'created',
      '-7d',
      'statusCategory',
      'now()',
      '[',
      ']',
      '<=',
      'key',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(words, { maxLength: 12 }).map((w) => w.join(' ')),
          fc.string(),
        ),
        (jql) => {
          try {
            parseJql(jql);
            runQuery(compileJql(jql, os2.state, os2.state.accountsByEmail.get(os2.admin.email)!));
          } catch (e) {
            if (!(e instanceof JqlSyntaxError || e instanceof JqlValidationError)) throw e;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
