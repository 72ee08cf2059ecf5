/**
 * The newest signed app settings accepted per site (p14s): the board's versions of each requirement catalogue and
 * the report cadence, which the governance mirror and the pushed roll-up carry signed with the record (issue 14).
 *
 * Why: a signature proves the app wrote a mirror, not that it is the newest. Anyone who may edit a Jira project can
 * put back an older, validly signed `os2-governance` of the same record revision (the revision high-water mark in
 * high-water.ts does not move when only a setting changed), to hide an item the board made obligatory from the
 * portfolio's counts, or to date reports by an older, longer cadence so an overdue report looks on time.
 *
 * These settings are site-wide facts, not the project's: every record answers the newest catalogue version
 * (`catalogueFor` in src/domain/catalogue-versions.ts) and every project reports by the one cadence. And they only
 * move forward in a known order: board versions are append-only and numbered (more versions = newer), and each
 * saved cadence carries when it was saved (`cadenceSetAt`). So the service remembers the newest it has accepted
 * from any verified mirror or push of the site, and a mirror or push carrying older settings is rolled up with
 * the newest instead (counted in `os2_sync_settings_replaced_total`), not flagged: after a board change the app
 * rewrites each project's mirror 60 s later (src/app/remirror.ts), so older-but-honest mirrors are normal for a
 * while, and the figure with the newest settings is exactly what the project page shows — no false figure and no
 * false alarm. A put-back older mirror thus changes nothing on the portfolio.
 *
 * Redis lost: the marks start again from the first verified mirror or push read, and rise with the next newer one
 * (any governed project's rewritten mirror carries the newest settings, so one reconcile pass restores them). Until
 * then a put-back older mirror read first in that pass counts with its own settings, as before p14s; the next pass
 * or event corrects it. Equal ranks keep the mirror's own settings (equal length with other contents happens only
 * when the app's storage was reset, and then the mirror is the app's current word).
 */
import { z } from 'zod';
import { MirroredCatalogueChangeSchema } from '../../../src/domain/catalogue-versions.js';
import { ReportingCadenceSchema } from '../../../src/domain/reporting.js';
import type { MirroredSettings } from '../../../src/mirror/governance-mirror.js';
import type { RedisClient } from '../redis.js';
import type { Keys } from '../keys.js';
import type { SyncMetrics } from '../metrics.js';

/**
 * For each (name, rank, value): when the stored rank is higher, answers the stored value; otherwise stores the
 * given rank and value (when higher or first) and answers false. One round trip, atomic per site.
 */
const SETTLE = `
local out = {}
for i = 1, #ARGV, 3 do
  local name = ARGV[i]
  local cur = redis.call('HGET', KEYS[1], name .. ':rank')
  if cur and tonumber(cur) > tonumber(ARGV[i + 1]) then
    out[#out + 1] = redis.call('HGET', KEYS[1], name .. ':value') or false
  else
    if (not cur) or tonumber(cur) < tonumber(ARGV[i + 1]) then
      redis.call('HSET', KEYS[1], name .. ':rank', ARGV[i + 1], name .. ':value', ARGV[i + 2])
    end
    out[#out + 1] = false
  end
end
return out`;

const StoredCatalogueSchema = z.array(MirroredCatalogueChangeSchema);
/** `null`: the default cadence (the mirror leaves it out). */
const StoredCadenceSchema = z.strictObject({
  cadence: ReportingCadenceSchema.nullable(),
  setAt: z.number().int().positive().optional(),
});

export type SettingName = 'catalogue' | 'cadence';

export interface Settled {
  /** The settings to roll up with: the mirror's own, or the newest accepted for the site where the mirror's are older. */
  settings: MirroredSettings;
  /** Which of the mirror's settings were older and replaced (empty when it carried the newest). */
  replaced: SettingName[];
}

export class SiteSettings {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly metrics?: SyncMetrics,
  ) {}

  /**
   * Compares a verified mirror's (or push's) settings with the newest accepted for the site, raises the marks when
   * they are newer, and answers what to roll up with. `catalogueId` is the record's catalogue, whose versions the
   * mirror carries.
   */
  async settle(site: string, catalogueId: string, own: MirroredSettings): Promise<Settled> {
    const changes = own.catalogueChanges ?? [];
    const args = [
      `catalogue:${catalogueId}`,
      String(changes.length),
      JSON.stringify(changes),
      'cadence',
      String(own.cadenceSetAt ?? 0),
      JSON.stringify({
        cadence: own.cadence ?? null,
        ...(own.cadenceSetAt !== undefined ? { setAt: own.cadenceSetAt } : {}),
      }),
    ];
    const [catalogue, cadence] = (await this.redis.eval(
      SETTLE,
      1,
      this.keys.siteSettings(site),
      ...args,
    )) as (string | null)[];
    // The stored values came from verified mirrors, so they parse; one that does not (a hand-edited Redis) is
    // ignored and the mirror's own settings count, as before p14s, rather than failing every read of the site.
    const settings: MirroredSettings = { ...own };
    const replaced: SettingName[] = [];
    const newerCatalogue = catalogue ? StoredCatalogueSchema.safeParse(JSON.parse(catalogue)) : undefined;
    if (newerCatalogue?.success) {
      settings.catalogueChanges = newerCatalogue.data;
      replaced.push('catalogue');
    }
    const newerCadence = cadence ? StoredCadenceSchema.safeParse(JSON.parse(cadence)) : undefined;
    if (newerCadence?.success) {
      const { cadence: stored, setAt } = newerCadence.data;
      delete settings.cadence;
      if (stored) settings.cadence = stored;
      delete settings.cadenceSetAt;
      if (setAt !== undefined) settings.cadenceSetAt = setAt;
      replaced.push('cadence');
    }
    for (const setting of replaced) this.metrics?.settingsReplaced.inc({ site, setting });
    return { settings, replaced };
  }
}
