/**
 * The board's catalogue versions on the project page (finding 5 of issue 14; seed 003 4.1.6). Defined on the
 * project page's resolver:
 * - `catalogueVersions` {} → the catalogue the project answers, its version, every version with who, when, why,
 *   whether the user (a member of the board's Jira group) may change it, and the permissions it may make obligatory;
 *   the version the record's answers were given under (`answeredVersion`, null when not known) and the requirements
 *   demanded since (`newSince`, each with its status now)
 * - `changeCatalogue` { expectedVersion, input: { change, reason } } → the board adds an obligatory item or makes
 *   a permission obligatory; a new version, append-only; a save at an older version is refused as stale
 */
import { z } from 'zod';
import { CATALOGUES, DEFAULT_CATALOGUE_ID, findCatalogue } from '../domain/catalogue-registry';
import { catalogueAt, changeCatalogue, newSince, type CatalogueVersion } from '../domain/catalogue-versions';
import { requirementStatus } from '../domain/requirements';
import { withBoardRoster } from '../domain/board-roster';
import { loadBoardRoster } from '../app/board';
import type { Catalogue } from '../domain/catalogue';
import type { GovernanceRecord } from '../domain/governance-record';
import { actingUser } from '../app/actor';
import { loadCatalogueId } from '../app/config';
import { appendCatalogueVersion, loadCatalogueVersions } from '../app/catalogue-versions';
import { loadGovernance } from '../app/storage';
import { queueRemirrorAll } from '../app/remirror';
import { projectIdOf, refuse, resolver, ruleRefusal, Refusal, type Request } from './common';
import { t, type Locale } from '../i18n/index';
import type { Resolver } from './forge-resolver';
import type { CatalogueVersionsData } from '../shared/catalogue-work-data';

// The answer's shape is src/shared's: the page's UI bundle reads it without loading this module's imports.
export type { CatalogueVersionsData } from '../shared/catalogue-work-data';

/** The catalogue the project answers (its record's), else the one in force for new records. */
async function catalogueOfProject(req: Request<unknown>) {
  const projectId = projectIdOf(req);
  const record = await loadGovernance(projectId);
  const id = record?.catalogue ?? (await loadCatalogueId()) ?? DEFAULT_CATALOGUE_ID;
  const base = findCatalogue(id, CATALOGUES);
  if (!base) refuse(req.locale, 'UNKNOWN_CATALOGUE', 'error.notFound');
  return { projectId, base, record };
}

/**
 * Which version the record's answers were given under, and the requirements the board has demanded since, with
 * how each stands now (the record is counted against the newest version: `catalogueFor`).
 */
async function answeredUnder(
  record: GovernanceRecord | undefined,
  base: Catalogue,
  versions: readonly CatalogueVersion[],
  locale: Locale,
) {
  if (!record) return { answeredVersion: null, hasAnswers: false, newSince: [] };
  const answeredVersion = record.catalogueVersion ?? null;
  const since = answeredVersion === null ? [] : newSince(base, versions, answeredVersion, record.level);
  // Board membership from the board's Jira group, as the rules read it, for an item the record itself shows.
  const rostered = since.length ? withBoardRoster(record, await loadBoardRoster()) : record;
  return {
    answeredVersion,
    hasAnswers: Object.values(record.requirements).some((a) => a.status !== 'open'),
    newSince: since.map((r) => ({
      id: r.id,
      text: locale === 'en' ? r.en : r.da,
      status: requirementStatus(rostered, r),
    })),
  };
}

async function loadCatalogueVersionsView(req: Request<unknown>): Promise<CatalogueVersionsData> {
  const { projectId, base, record } = await catalogueOfProject(req);
  const [versions, user] = await Promise.all([loadCatalogueVersions(base.id), actingUser({ projectId })]);
  return {
    id: base.id,
    title: req.locale === 'en' ? base.title.en : base.title.da,
    version: versions.length,
    ...(await answeredUnder(record, base, versions, req.locale)),
    versions: [...versions].reverse(),
    canChange: user.actor.roles.includes('board'),
    /** The newest version's permissions: what the board may make obligatory (a choice, not a typed id). */
    permissions: catalogueAt(base, versions)
      .requirements.filter((r) => r.kind === 'permission')
      .map((r) => ({ id: r.id, level: r.level, text: req.locale === 'en' ? r.en : r.da })),
  };
}

export function withCatalogueWork<R extends InstanceType<typeof Resolver>>(r: R): R {
  r.define(
    'catalogueVersions',
    resolver(z.object({ locale: z.string().optional() }), (req) => loadCatalogueVersionsView(req)),
  );
  r.define(
    'changeCatalogue',
    resolver(
      z.object({
        locale: z.string().optional(),
        expectedVersion: z.number().int().nonnegative(),
        input: z.unknown(),
      }),
      async (req) => {
        const { projectId, base } = await catalogueOfProject(req);
        const [versions, user] = await Promise.all([
          loadCatalogueVersions(base.id),
          actingUser({ projectId }),
        ]);
        const stale = (current: number) =>
          new Refusal({
            code: 'STALE_REVISION',
            message: t(req.locale, 'error.stale', { expected: req.payload.expectedVersion, current }),
          });
        if (versions.length !== req.payload.expectedVersion) throw stale(versions.length);
        const result = changeCatalogue(
          base,
          versions,
          user.actor,
          req.payload.input as never,
          new Date().toISOString(),
        );
        if (!result.ok) throw ruleRefusal(req.locale, result.error);
        if (!(await appendCatalogueVersion(base.id, result.version))) throw stale(versions.length + 1);
        // Every governed project's mirror carries the board's versions (the portfolio counts with them): rewritten
        // by the events consumer, never in this click, which pays one queue push.
        const mirrors = await queueRemirrorAll('catalogue', req.context.siteUrl);
        return { version: result.version, mirrors };
      },
    ),
  );
  return r;
}
