// The __forge_fetch__ seam and the jira.js transport over requestJira: calls as the app and as a user reach the
// simulator with the right credentials, Jira's permission answers come back as jira.js errors, several
// installations run side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import api, { route } from '@forge/api';
import { isForbiddenError, isNotFoundError } from 'jira.js';
import { restrictProject, startJiraSim, type JiraSim } from '../../jira-sim/index.js';
import { startForgeRuntime, type ForgeRuntime } from '../index.js';
import { forgeJira } from '../../src/jira/forge-transport.js';
import { getIssueBasics } from '../../src/jira/issues.js';

let sim: JiraSim;
let os2: ForgeRuntime;
let supplier: ForgeRuntime;

beforeAll(async () => {
  sim = await startJiraSim({ seed: { featureRequestsPerProduct: 2, bugsPerProduct: 1, tasksPerProduct: 1 } });
  os2 = await startForgeRuntime({ jiraSim: sim, siteName: 'os2' });
  supplier = await startForgeRuntime({ jiraSim: sim, siteName: 'supplier' });
});
afterAll(async () => {
  await os2.close();
  await supplier.close();
  await sim.close();
});

describe('local Forge runtime', () => {
  it('routes requestJira as the app and as the invoking user to the installation’s own site', async () => {
    const appMe = await os2.run(undefined, async () =>
      (await api.asApp().requestJira(route`/rest/api/3/myself`)).json(),
    );
    expect(appMe).toMatchObject({ accountId: sim.site('os2').asApp().accountId });
    const userMe = await os2.run('os2-sek-mette', async () =>
      (await api.asUser().requestJira(route`/rest/api/3/myself`)).json(),
    );
    expect(userMe).toMatchObject({ accountId: 'os2-sek-mette' });
    const supplierProjects = await supplier.run(undefined, async () =>
      (await api.asApp().requestJira(route`/rest/api/3/project/search`)).json(),
    );
    const keys = (supplierProjects as { values: { key: string }[] }).values.map((p) => p.key);
    expect(keys).toContain('SOFD');
    expect(keys).not.toContain('MO');
    expect(os2.jiraCalls.some((c) => c.provider === 'user' && c.accountId === 'os2-sek-mette')).toBe(true);
  });

  it('answers a call as an unknown user with Forge’s authentication error', async () => {
    await expect(
      os2.run('nobody', async () => api.asUser().requestJira(route`/rest/api/3/myself`)),
    ).rejects.toThrow(/Authentication Required/);
  });

  it('turns Jira’s 403 and 404 into jira.js errors through the Forge transport', async () => {
    const site = sim.site('os2');
    // a user who may not browse a restricted project gets 404 for its issue (Jira hides what one cannot see)
    const project = site.state.resolveProject('MO')!;
    restrictProject(project, ['os2-sekretariat']);
    try {
      const issue = [...site.state.issues.values()].find((i) => i.projectId === project.id)!;
      const hidden = await os2.run('k151-bo', () => getIssueBasics(forgeJira('user'), issue.key));
      expect(hidden).toBeUndefined();
      const seen = await os2.run('os2-sek-mette', () => getIssueBasics(forgeJira('user'), issue.key));
      expect(seen?.key).toBe(issue.key);
      const err = await os2
        .run('k151-bo', () => forgeJira('user').issueTypeSchemes.getAllIssueTypeSchemes())
        .catch((e: unknown) => e);
      expect(isForbiddenError(err) || isNotFoundError(err)).toBe(true);
    } finally {
      restrictProject(project, null);
    }
  });
});
