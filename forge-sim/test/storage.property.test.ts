// Property tests of the app's storage layout (src/app/storage.ts) on the local Forge storage service: revision
// commits never lose or overwrite a save, an interrupted save is completed by the next reader, and votes of
// different municipalities never collide.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KvsService } from '../kvs-service.js';
import { runInvocation, type ForgeInstallation } from '../runtime.js';
import {
  keys,
  loadDecisions,
  loadGovernance,
  loadVotes,
  loadVoteEvents,
  putVoteWithEvent,
  saveGovernance,
} from '../../src/app/storage.js';
import { FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import type { Decision } from '../../src/domain/decision.js';

const base = FIXTURE_PRODUCTS[0]!.record;

function installation(kvs: KvsService): ForgeInstallation {
  return {
    jiraBaseUrl: 'http://127.0.0.1:1',
    cloudId: 'c',
    installationId: 'i',
    kvs,
    jiraAuth: () => undefined,
    jiraCalls: [],
  };
}

const decision = (n: number, at: string): Decision => ({
  id: `d-${n}`,
  kind: 'change_level',
  body: 'board',
  decidedBy: { accountId: 'b', displayName: 'B' },
  decidedAt: at,
  summary: `save ${n}`,
  basis: '',
  openRequirements: [],
});

describe('governance storage', () => {
  it('of any number of concurrent saves at one revision exactly one wins, and the log has exactly its decision', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        async (writers, rounds) => {
          const kvs = new KvsService();
          await runInvocation(installation(kvs), undefined, async () => {
            let revision = 0;
            for (let round = 0; round < rounds; round++) {
              const at = new Date(Date.UTC(2026, 0, 1, 0, round)).toISOString();
              const results = await Promise.all(
                Array.from({ length: writers }, (_, w) =>
                  saveGovernance(base.project.id, revision, { ...base, name: `w${w}`, updatedAt: at }, [
                    decision(round * 100 + w, at),
                  ]),
                ),
              );
              const winners = results.filter((r) => r.ok);
              expect(winners).toHaveLength(1);
              revision += 1;
              const head = await loadGovernance(base.project.id);
              expect(head?.revision).toBe(revision);
              expect(head?.name).toBe(winners[0]!.ok && winners[0]!.record.name);
            }
            expect(await loadDecisions(base.project.id)).toHaveLength(rounds);
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('completes a save interrupted between its commit and its head', async () => {
    const kvs = new KvsService();
    await runInvocation(installation(kvs), undefined, async () => {
      await saveGovernance(base.project.id, 0, base, []);
      // a commit at revision 2 exists, but the head still says 1 (the transaction after the commit never ran)
      const at = '2026-02-01T00:00:00.000Z';
      kvs.handle('/api/v1/set', {
        key: keys.revision(base.project.id, 2),
        value: { record: { ...base, name: 'interrupted', revision: 2 }, decisions: [decision(7, at)] },
      });
      const head = await loadGovernance(base.project.id);
      expect(head).toMatchObject({ revision: 2, name: 'interrupted' });
      expect((await loadDecisions(base.project.id)).map((d) => d.id)).toEqual(['d-7']);
      // and a save based on revision 1 is now stale
      expect((await saveGovernance(base.project.id, 1, base, [])).ok).toBe(false);
    });
  });

  it('keeps every municipality’s vote when they vote at the same time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 101, max: 999 }), { minLength: 1, maxLength: 40 }),
        async (codes) => {
          const kvs = new KvsService();
          await runInvocation(installation(kvs), undefined, async () => {
            await Promise.all(
              codes.map((c) =>
                putVoteWithEvent(
                  {
                    issueId: '10001',
                    municipality: String(c),
                    castBy: { accountId: `u${c}`, displayName: `U${c}` },
                    castAt: '2026-01-01T00:00:00.000Z',
                    coFinance: { willing: false },
                  },
                  '10000',
                  {
                    issueId: '10001',
                    municipality: String(c),
                    action: 'cast',
                    coFinance: { willing: false },
                    by: { accountId: `u${c}`, displayName: `U${c}` },
                    at: '2026-01-01T00:00:00.000Z',
                  },
                ),
              ),
            );
            const votes = await loadVotes('10001');
            expect(votes.map((v) => v.municipality).sort()).toEqual(codes.map(String).sort());
            // Each vote's history entry was stored with it, in the same transaction.
            const history = await loadVoteEvents('10000');
            expect(history.map((e) => e.municipality).sort()).toEqual(codes.map(String).sort());
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
