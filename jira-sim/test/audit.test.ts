/**
 * Schema-drift audit: with AUDIT_SCHEMAS=true jira.js builds strict schemas and records every key the simulator
 * sends that Jira's specification does not document (getCollectedSchemaDrift). The simulator must send none.
 * jira.js reads the variable when its schema modules load, so it is imported only after the variable is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim } from '../index.js';
import type { JiraSim } from '../index.js';
import { exerciseAll } from '../exercise.js';

let sim: JiraSim;
const previous = process.env.AUDIT_SCHEMAS;
beforeAll(async () => {
  process.env.AUDIT_SCHEMAS = 'true';
  sim = await startJiraSim();
});
afterAll(async () => {
  await sim.close();
  if (previous === undefined) delete process.env.AUDIT_SCHEMAS;
  else process.env.AUDIT_SCHEMAS = previous;
});

describe('schema audit (AUDIT_SCHEMAS=true)', () => {
  it('jira.js records zero drift over every endpoint', async () => {
    const { createCloudClient } = await import('jira.js');
    // jira.js keeps the collection under a global Symbol.for key (core/schemaAudit.ts: getCollectedSchemaDrift),
    // which its public entry points do not re-export; reading the same global is what that function does.
    const getCollectedSchemaDrift = (): readonly unknown[] =>
      (globalThis as Record<symbol, unknown[] | undefined>)[Symbol.for('apis-code-gen.schemaAudit')] ?? [];
    const before = getCollectedSchemaDrift().length;
    const make = (c: { host: string; email: string; apiToken: string }) =>
      createCloudClient({ host: c.host, auth: { type: 'basic', email: c.email, apiToken: c.apiToken } });
    const { steps } = await exerciseAll(sim, make);
    expect(steps.length).toBeGreaterThan(60);
    const drift = getCollectedSchemaDrift().slice(before);
    expect(drift).toEqual([]);
  });
});
