/**
 * Resolver of the admin page (jira:adminPage): the municipality directory, the secretariat and board groups, the
 * requirement catalogue in force, the sync service's address and the event secret. Only Jira administrators
 * (checked as the user: `ADMINISTER`) read or change these. The secret is write-only: `load` says whether one is
 * stored, never what it is.
 *
 * - `load` {} → { directory, roles, catalogue, catalogues, syncUrl, secretSet, municipalities }
 * - `saveDirectory` { entries: [{ group, municipality: { name, code } }] }
 * - `saveRoles` { secretariatGroup, boardGroup }
 * - `saveCatalogue` { id }
 * - `saveSync` { url }
 * - `saveSecret` { secret }
 * - `notifications` {} → the reminder ledger (src/app/notifications.ts): { failed, retrying, sent } newest first,
 *   sent at most 200; what Jira refused MAX_ATTEMPTS times is reported here
 * - `saveReportingCadence` { N1, N2, N3 } → days between status reports per level (src/domain/reporting.ts); a
 *   change queues the rewrite of every governed project's mirror (src/app/remirror.ts)
 * - `matchGroups` { pattern } → { entries, missing }: the 98 municipalities' Jira groups by a naming pattern
 *   (`kommune-{kode}`, `{navn} kommune`; `{code}`/`{name}` too), only groups that exist in Jira, for the
 *   directory form to fill in one step (saved with `saveDirectory`)
 * - `testSync` {} → src/app/sync-test.ts `SyncTestResult`: a signed test event to the stored sync address
 */
import { Resolver } from './forge-resolver';
import { z } from 'zod';
import { MUNICIPALITIES, isKommunekode } from '../domain/municipalities';
import { CATALOGUES, DEFAULT_CATALOGUE_ID, findCatalogue } from '../domain/catalogue-registry';
import { actingUser } from '../app/actor';
import {
  DirectorySchema,
  RolesConfigSchema,
  SecretSchema,
  SyncConfigSchema,
  loadCatalogueId,
  loadDirectory,
  loadRoles,
  loadSecret,
  loadSyncUrl,
  saveCatalogueId,
  saveDirectory,
  saveRoles,
  saveSecret,
  saveSyncUrl,
  saveReportingCadence,
  loadReportingCadence,
} from '../app/config';
import { ReportingCadenceSchema } from '../domain/reporting';
import { resolver, refuse, type Request } from './common';
import { loadLedger } from '../app/notifications';
import { sendTestEvent } from '../app/sync-test';
import { siteUrl } from '../app/site';
import { queueRemirrorAll } from '../app/remirror';
import { userJira } from '../app/jira';
import { matchMunicipalityGroups, GroupPatternSchema } from '../app/municipality-groups';
import type { AdminPageData } from '../shared/admin-page-data';

// The answer's shape is src/shared's: the page's UI bundle reads it without loading this module's imports.
export type { AdminPageData } from '../shared/admin-page-data';

const L = { locale: z.string().optional() };

async function requireAdmin(req: Request<unknown>): Promise<void> {
  const user = await actingUser({ checkJiraAdmin: true });
  if (!user.isJiraAdmin) refuse(req.locale, 'ONLY_JIRA_ADMIN', 'error.onlyJiraAdmin');
}

async function load(req: Request<unknown>): Promise<AdminPageData> {
  await requireAdmin(req);
  const [directory, roles, catalogueId, syncUrl, secret] = await Promise.all([
    loadDirectory(),
    loadRoles(),
    loadCatalogueId(),
    loadSyncUrl(),
    loadSecret(),
  ]);
  return {
    directory,
    roles,
    catalogue: catalogueId ?? DEFAULT_CATALOGUE_ID,
    catalogues: Object.values(CATALOGUES).map((c) => ({
      id: c.id,
      title: req.locale === 'en' ? c.title.en : c.title.da,
    })),
    syncUrl,
    secretSet: secret !== undefined,
    municipalities: MUNICIPALITIES,
  };
}

export const adminPageResolver = new Resolver()
  .define(
    'load',
    resolver(z.object(L), (req) => load(req)),
  )
  .define(
    'saveDirectory',
    resolver(z.object({ ...L, entries: DirectorySchema }), async (req) => {
      await requireAdmin(req);
      if (req.payload.entries.some((e) => !isKommunekode(e.municipality.code))) {
        return refuse(req.locale, 'UNKNOWN_MUNICIPALITY', 'error.invalidInput');
      }
      await saveDirectory(req.payload.entries);
      return { saved: req.payload.entries.length };
    }),
  )
  .define(
    'saveReportingCadence',
    resolver(ReportingCadenceSchema.extend(L), async (req) => {
      await requireAdmin(req);
      const { N1, N2, N3 } = req.payload;
      const before = await loadReportingCadence();
      // Every mirror and pushed roll-up carries the cadence (the portfolio dates reports by it): rewritten off the
      // click, by the events consumer, and only when it changed. Saved only then too: the save stamps when it was
      // set, and the sync service ranks mirrors by that stamp (an unchanged save would outrank every mirror).
      const changed = before.N1 !== N1 || before.N2 !== N2 || before.N3 !== N3;
      if (changed) await saveReportingCadence({ N1, N2, N3 });
      const mirrors = changed ? await queueRemirrorAll('cadence', req.context.siteUrl) : 'unchanged';
      return { saved: true, mirrors };
    }),
  )
  .define(
    'saveRoles',
    resolver(RolesConfigSchema.extend(L), async (req) => {
      await requireAdmin(req);
      await saveRoles({ secretariatGroup: req.payload.secretariatGroup, boardGroup: req.payload.boardGroup });
      return { saved: true };
    }),
  )
  .define(
    'saveCatalogue',
    resolver(z.object({ ...L, id: z.string().min(1).max(64) }), async (req) => {
      await requireAdmin(req);
      if (!findCatalogue(req.payload.id))
        return refuse(req.locale, 'UNKNOWN_CATALOGUE', 'error.invalidInput');
      await saveCatalogueId(req.payload.id);
      return { saved: true };
    }),
  )
  .define(
    'saveSync',
    resolver(SyncConfigSchema.extend(L), async (req) => {
      await requireAdmin(req);
      await saveSyncUrl(req.payload.url);
      return { saved: true };
    }),
  )
  .define(
    'notifications',
    resolver(z.object(L), async (req) => {
      await requireAdmin(req);
      const ledger = await loadLedger();
      return {
        failed: ledger.filter((e) => e.status === 'failed'),
        retrying: ledger.filter((e) => e.status === 'retrying'),
        sent: ledger.filter((e) => e.status === 'sent').slice(0, 200),
      };
    }),
  )
  .define(
    'matchGroups',
    resolver(z.object({ ...L, pattern: GroupPatternSchema }), async (req) => {
      await requireAdmin(req);
      // As the admin: Jira shows group names to whoever may browse users and groups.
      return matchMunicipalityGroups(userJira(), req.payload.pattern);
    }),
  )
  .define(
    'testSync',
    resolver(z.object(L), async (req) => {
      await requireAdmin(req);
      return sendTestEvent(await siteUrl(req.context.siteUrl));
    }),
  )
  .define(
    'saveSecret',
    resolver(z.object({ ...L, secret: SecretSchema }), async (req) => {
      await requireAdmin(req);
      await saveSecret(req.payload.secret);
      return { secretSet: true };
    }),
  );

export const adminPage = adminPageResolver.getDefinitions();
