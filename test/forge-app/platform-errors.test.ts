/**
 * Forge platform errors reach Forge. When the runtime answers an `asUser()` call with NEEDS_AUTHENTICATION_ERR
 * (the user has not yet allowed the app to act for them), the resolver must throw that error on: Forge turns it
 * into Jira's "Allow access" prompt. Answered as `{ ok: false, code: 'INTERNAL' }` instead, the user would see
 * "Noget gik galt" on every page and never be asked for consent.
 *
 * The local Forge runtime (forge-sim) answers a user call it has no credentials for exactly as Forge's proxy
 * does: a `forge-proxy-error: NEEDS_AUTHENTICATION_ERR` response, which @forge/api raises as its own
 * NeedsAuthenticationError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isForgePlatformError } from '@forge/api';

// @forge/api's own name for the error (api/errors: NEEDS_AUTHENTICATION_ERR; not re-exported by its index).
const NEEDS_AUTHENTICATION_ERR = 'NEEDS_AUTHENTICATION_ERR';
import { startApp, SECRETARIAT } from './helpers.js';
import type { ForgeRuntime } from '../../forge-sim/index.js';
import type { JiraSim } from '../../jira-sim/index.js';

let sim: JiraSim;
let forge: ForgeRuntime;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, forge, close } = await startApp({ featureRequests: 1 }));
});
afterAll(async () => close());

// An account Forge has no user token for: every asUser() call is answered NEEDS_AUTHENTICATION_ERR.
const NOT_CONSENTED = 'user-who-has-not-allowed-access';

describe('platform errors propagate to Forge', () => {
  it.each([
    ['project page', 'project-page', { project: 'MO' }],
    ['issue panel', 'issue-panel', { issue: 'MO-1' }],
    ['global page', 'global-page', {}],
    ['admin page', 'admin-page', {}],
  ] as const)('%s load: the consent error is thrown, not answered', async (_name, module, where) => {
    const error = await forge.invoke(module, 'load', {}, { accountId: NOT_CONSENTED, ...where }).then(
      (answer) => answer,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: NEEDS_AUTHENTICATION_ERR });
    expect(isForgePlatformError(error as Error)).toBe(true);
  });

  it('a vote by a user who has not consented is not half-done: nothing is stored', async () => {
    const before = forge.kvs.dump();
    const call = forge.invoke(
      'issue-panel',
      'vote',
      { coFinance: { willing: false } },
      { accountId: NOT_CONSENTED, issue: 'MO-1' },
    );
    await expect(call).rejects.toMatchObject({ name: NEEDS_AUTHENTICATION_ERR });
    expect(forge.kvs.dump()).toEqual(before);
  });

  it('a user who has consented still gets answers', async () => {
    const ok = await forge.invoke('project-page', 'load', {}, { accountId: SECRETARIAT, project: 'MO' });
    expect(ok.ok).toBe(true);
    const admin = sim.site('os2').admin.accountId;
    expect((await forge.invoke('admin-page', 'load', {}, { accountId: admin })).ok).toBe(true);
  });
});
