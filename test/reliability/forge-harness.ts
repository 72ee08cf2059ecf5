/**
 * The Forge side of the reliability suite: the app's real resolvers on the local Forge runtime (forge-sim)
 * against a simulator site, with one voter account for each of the 98 municipalities.
 */
import { startJiraSim } from '../../jira-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';
import { startForgeRuntime } from '../../forge-sim/index.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import { SECRET } from './harness.js';

export interface ForgeApp {
  sim: JiraSim;
  forge: ForgeRuntime;
  /** kommunekode → accountId of a user who is in that municipality's group and no other. */
  voters: Map<string, string>;
  close(): Promise<void>;
}

export async function startForgeApp(
  opts: { syncUrl?: string; featureRequests?: number; eligibility?: 'members' | 'participating' } = {},
): Promise<ForgeApp> {
  const sim = await startJiraSim({
    sites: [{ name: 'os2' }],
    secret: SECRET,
    seed: {
      featureRequestsPerProduct: opts.featureRequests ?? 4,
      bugsPerProduct: 1,
      tasksPerProduct: 1,
      randomSeed: 7,
    },
  });
  const site = sim.site('os2');
  const voters = new Map<string, string>();
  for (const m of MUNICIPALITIES) {
    site.state.addGroup(`kommune-${m.code}`);
    const u = site.addUser({
      displayName: `Stemmeansvarlig, ${m.name}`,
      email: `stemme@kommune-${m.code}.rel.example`,
      groups: [`kommune-${m.code}`],
    });
    voters.set(m.code, u.accountId);
  }
  // Every group exists before the runtime starts, so the directory it configures maps all 98.
  const forge = await startForgeRuntime({
    jiraSim: sim,
    siteName: 'os2',
    secret: SECRET,
    syncUrl: opts.syncUrl,
    // An async event's retryAfter of 30 s takes 30 ms here, so a lost event is given up on in well under a second.
    asyncEventSecondMs: 1,
  });
  if (opts.eligibility)
    forge.kvs.handle('/api/v1/set', { key: 'cfg:voting', value: { eligibility: opts.eligibility } });
  return {
    sim,
    forge,
    voters,
    async close() {
      await forge.close();
      await sim.close();
    },
  };
}

/** Feature requests (issue type Udviklingsønske) of a project on the simulator. */
export function featureRequests(sim: JiraSim, projectKey: string) {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  return [...state.issues.values()].filter(
    (i) =>
      i.projectId === project.id &&
      !i.deleted &&
      types.find((t) => t.id === i.issueTypeId)?.name === 'Udviklingsønske',
  );
}

/**
 * The board adds an obligatory N2 item to the catalogue through the project page's resolver, as the board's UI does
 * (the first board version, so `expectedVersion` 0).
 */
export function boardAddsN2Item(forge: ForgeRuntime, id: string, board: string, project: string) {
  return forge.invoke<{ version: { version: number }; mirrors: string }>(
    'project-page',
    'changeCatalogue',
    {
      expectedVersion: 0,
      input: {
        change: {
          type: 'add',
          id,
          theme: 'formal',
          level: 'N2',
          da: 'OS2s arkitekturprincipper følges',
          en: "OS2's architecture principles are followed",
        },
        reason: 'Bestyrelsesmøde 4/3',
      },
    },
    { accountId: board, project },
  );
}
