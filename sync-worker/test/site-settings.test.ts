/**
 * p14s: the newest signed catalogue versions and cadence per site (real Redis). A mirror or push carrying older
 * settings rolls up with the newest the service accepted for the site; newer ones raise the mark; other sites and
 * catalogues are apart; losing Redis starts the marks again from the next mirror.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import fc from 'fast-check';
import { Keys } from '../src/keys.js';
import { SiteSettings } from '../src/trust/site-settings.js';
import { deletePrefix } from '../../test/support/redis-prefix.js';
import { REDIS_URL, uniquePrefix } from './helpers.js';
import type { MirroredCatalogueChange } from '../../src/domain/catalogue-versions.js';
import type { RedisClient } from '../src/redis.js';

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await deletePrefix(REDIS_URL, p);
  redis.disconnect();
});

function fresh(): { settings: SiteSettings; keys: Keys } {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const keys = new Keys(prefix);
  return { settings: new SiteSettings(redis as unknown as RedisClient, keys), keys };
}

const VERSIONS: MirroredCatalogueChange[] = [
  { type: 'add', id: 'N2-FORMAL-ARCHITECTURE-PRINCIPLES', theme: 'formal', level: 'N2' },
  { type: 'makeObligatory', id: 'N2-GOVERNANCE-OS2-FUNDING' },
  { type: 'add', id: 'N3-GOVERNANCE-RUNBOOK', theme: 'governance', level: 'N3' },
];
const upTo = (n: number) => ({ ...(n ? { catalogueChanges: VERSIONS.slice(0, n) } : {}) });

describe('SiteSettings', () => {
  it('an older catalogue or cadence rolls up with the newest accepted; the mirror’s own when it is the newest', async () => {
    const { settings } = fresh();
    const newest = await settings.settle('os2', 'os2-2016', {
      ...upTo(2),
      cadence: { N1: 182, N2: 30, N3: 30 },
      cadenceSetAt: 2_000,
    });
    expect(newest).toEqual({
      settings: { ...upTo(2), cadence: { N1: 182, N2: 30, N3: 30 }, cadenceSetAt: 2_000 },
      replaced: [],
    });
    // The mirror from before the board's second version and the cadence change (put back, or not yet rewritten).
    const older = await settings.settle('os2', 'os2-2016', { ...upTo(1) });
    expect(older).toEqual({
      settings: { ...upTo(2), cadence: { N1: 182, N2: 30, N3: 30 }, cadenceSetAt: 2_000 },
      replaced: ['catalogue', 'cadence'],
    });
    // A cadence set back to the default later is newer, though the mirror then carries no cadence.
    const backToDefault = await settings.settle('os2', 'os2-2016', { ...upTo(2), cadenceSetAt: 3_000 });
    expect(backToDefault.replaced).toEqual([]);
    const stale = await settings.settle('os2', 'os2-2016', {
      ...upTo(2),
      cadence: { N1: 182, N2: 30, N3: 30 },
      cadenceSetAt: 2_000,
    });
    expect(stale).toEqual({ settings: { ...upTo(2), cadenceSetAt: 3_000 }, replaced: ['cadence'] });
  });

  it('keeps sites and catalogues apart', async () => {
    const { settings } = fresh();
    await settings.settle('os2', 'os2-2016', {
      ...upTo(3),
      cadence: { N1: 100, N2: 50, N3: 20 },
      cadenceSetAt: 9,
    });
    expect((await settings.settle('other', 'os2-2016', {})).replaced).toEqual([]);
    expect((await settings.settle('os2', 'another-catalogue', { cadenceSetAt: 9 })).replaced).toEqual([]);
  });

  it('after Redis is lost the marks start again from the next mirror and rise with the next newer one', async () => {
    const { settings, keys } = fresh();
    await settings.settle('os2', 'os2-2016', upTo(2));
    await redis.del(keys.siteSettings('os2'));
    expect((await settings.settle('os2', 'os2-2016', upTo(1))).replaced).toEqual([]);
    expect((await settings.settle('os2', 'os2-2016', upTo(2))).replaced).toEqual([]);
    expect(await settings.settle('os2', 'os2-2016', upTo(1))).toEqual({
      settings: upTo(2),
      replaced: ['catalogue'],
    });
  });

  it('whatever order mirrors arrive in, each rolls up with the most versions and the latest cadence seen so far', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ n: fc.integer({ min: 0, max: 3 }), setAt: fc.option(fc.integer({ min: 1, max: 5 })) }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        async (arrivals) => {
          const { settings } = fresh();
          let most = 0;
          let latest = 0;
          for (const { n, setAt } of arrivals) {
            const cadence = setAt ? { N1: 100 + setAt, N2: 50, N3: 20 } : undefined;
            const got = await settings.settle('os2', 'os2-2016', {
              ...upTo(n),
              ...(cadence ? { cadence } : {}),
              ...(setAt ? { cadenceSetAt: setAt } : {}),
            });
            most = Math.max(most, n);
            latest = Math.max(latest, setAt ?? 0);
            expect(got.settings.catalogueChanges ?? []).toEqual(VERSIONS.slice(0, most));
            expect(got.settings.cadenceSetAt ?? 0).toBe(latest);
            if (latest) expect(got.settings.cadence?.N1).toBe(100 + latest);
            expect(got.replaced.includes('catalogue')).toBe(n < most);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
