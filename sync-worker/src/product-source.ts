import { readGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import { readVotesMirrorRevision, VOTES_PROPERTY } from '../../src/mirror/votes-mirror.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { getProjectProperty } from '../../src/jira/project-properties.js';
import { approximateCount, searchPage } from '../../src/jira/search.js';
import { getProject } from '../../src/jira/projects.js';
import {
  openRequestsJql,
  TOP_REQUEST_PAGES,
  TOP_REQUESTS,
  topRequestsJql,
} from '../../src/jira/feature-requests.js';
import type { JiraClient } from '../../src/jira/client.js';
import type { FoundIssue } from '../../src/jira/search.js';
import type { HighWater } from './trust/high-water.js';
import type { SettingName, SiteSettings } from './trust/site-settings.js';
import type { MirroredSettings } from '../../src/mirror/governance-mirror.js';
import type { MirrorIntegrity, RollUp, TopRequest } from '../../src/domain/rollup.js';

export {
  FEATURE_REQUEST_TYPE,
  openRequestsJql,
  TOP_REQUEST_PAGES,
  TOP_REQUESTS,
  topRequestsJql,
} from '../../src/jira/feature-requests.js';

export interface ReadOptions {
  /** Revision high-water marks (Redis): an older signed mirror put back is refused as rolled back. */
  highWater?: HighWater;
  /**
   * The newest signed catalogue versions and cadence accepted from the site (Redis): a mirror carrying older ones
   * (an older mirror put back, or one not yet rewritten after a board change) rolls up with the newest.
   */
  siteSettings?: SiteSettings;
  /** Read the counts alongside the mirror (one round trip): for a product known to be governed (an event). */
  parallel?: boolean;
  /** Issues changed lately (from change events): the top-voted search reads them as they are now, not as indexed. */
  reconcileIssues?: number[];
}

export type SourceResult =
  | {
      kind: 'rolled-up';
      rollUp: RollUp;
      hash: string;
      integrity: MirrorIntegrity;
      reason?: string;
      /** The mirror's settings that were older than the site's newest accepted, and replaced by them. */
      settingsReplaced?: SettingName[];
    }
  | { kind: 'not-governed'; reason: string };

/**
 * Reads one product from its source site and rolls it up. A constant number of REST calls, whatever the
 * number of issues: the governance mirror (1), the approximate count of open feature requests (1) and one
 * enhanced JQL search for the top voted requests (1), plus the project itself (1) only when the mirror cannot
 * be trusted and so cannot name it. A project with no mirror is not governed: 1 call, nothing rolled up.
 */
export async function readProduct(
  jira: JiraClient,
  site: string,
  projectId: string,
  secret: string | readonly string[],
  opts: ReadOptions = {},
): Promise<SourceResult> {
  const counts = () =>
    Promise.all([
      approximateCount(jira, openRequestsJql(projectId)),
      topVoted(jira, site, projectId, secret, opts),
    ]);
  // An event (or a sync asked for by name) is about a product the app governs, so the counts are read alongside
  // the mirror (one round trip instead of two); a reconcile walks every project, many of them ungoverned, so it
  // reads the mirror first and spends 1 call, not 3, on each of those.
  const early = opts.parallel ? counts() : undefined;
  // Without this, a rejected early read would be unhandled when the mirror says "not governed".
  early?.catch(() => undefined);
  const raw = await getProjectProperty(jira, projectId, GOVERNANCE_PROPERTY);
  let mirror = readGovernanceMirror(raw, secret);
  if (mirror.integrity === 'missing')
    return { kind: 'not-governed', reason: 'Projektet har ingen os2-governance' };
  if (mirror.integrity === 'verified' && mirror.payload.record.project.id !== projectId) {
    // A validly signed mirror copied onto another project: signed, but not this project's.
    mirror = { integrity: 'tampered', reason: 'os2-governance tilhører et andet projekt' };
  }
  if (mirror.integrity === 'verified' && opts.highWater) {
    const [fresh] = await opts.highWater.accept(`governance:${site}`, [
      { subject: projectId, revision: mirror.payload.record.revision },
    ]);
    if (!fresh)
      mirror = { integrity: 'tampered', reason: 'os2-governance er rullet tilbage til en ældre revision' };
  }

  let settings: MirroredSettings = {};
  let settingsReplaced: SettingName[] = [];
  if (mirror.integrity === 'verified') {
    const { catalogueChanges, cadence, cadenceSetAt } = mirror.payload;
    settings = {
      ...(catalogueChanges ? { catalogueChanges } : {}),
      ...(cadence ? { cadence } : {}),
      ...(cadenceSetAt !== undefined ? { cadenceSetAt } : {}),
    };
    if (opts.siteSettings) {
      const settled = await opts.siteSettings.settle(site, mirror.payload.record.catalogue, settings);
      settings = settled.settings;
      settingsReplaced = settled.replaced;
    }
  }

  const [[openRequests, top], project] = await Promise.all([
    early ?? counts(),
    mirror.integrity === 'verified' ? Promise.resolve(undefined) : getProject(jira, projectId),
  ]);
  const { topRequests, skipped: skippedRequests } = top;

  const result =
    mirror.integrity === 'verified'
      ? rollUp({
          site,
          record: mirror.payload.record,
          decisions: mirror.payload.decisions,
          // The app's settings, signed with the record (or the site's newer ones the app signed): the portfolio
          // counts and dates as the project page does.
          ...(settings.catalogueChanges ? { catalogueChanges: settings.catalogueChanges } : {}),
          ...(settings.cadence ? { cadence: settings.cadence } : {}),
          integrity: 'verified',
          openRequests,
          topRequests,
          skippedRequests,
        })
      : rollUp({
          site,
          project: { id: projectId, key: project?.key ?? projectId },
          ...(project ? { name: project.name } : {}),
          decisions: [],
          integrity: mirror.integrity,
          openRequests,
          topRequests,
          skippedRequests,
        });
  return {
    kind: 'rolled-up',
    rollUp: result,
    hash: rollUpHash(result),
    integrity: mirror.integrity,
    ...(mirror.integrity !== 'verified' ? { reason: mirror.reason } : {}),
    ...(settingsReplaced.length ? { settingsReplaced } : {}),
  };
}

/**
 * The ten most voted open requests whose tally verifies: signed with the secret, for this issue of this project,
 * and not older than the newest tally accepted for the issue. One search call when nothing is forged; otherwise
 * it pages on (up to {@link TOP_REQUEST_PAGES}) past the requests it skips, and counts them.
 */
async function topVoted(
  jira: JiraClient,
  site: string,
  projectId: string,
  secret: string | readonly string[],
  opts: ReadOptions,
): Promise<{ topRequests: TopRequest[]; skipped: number }> {
  const topRequests: TopRequest[] = [];
  let skipped = 0;
  let token: string | undefined;
  for (let pages = 0; pages < TOP_REQUEST_PAGES && topRequests.length < TOP_REQUESTS; pages++) {
    const page = await searchPage(jira, topRequestsJql(projectId), {
      fields: ['summary'],
      properties: [VOTES_PROPERTY],
      maxResults: TOP_REQUESTS,
      ...(token ? { nextPageToken: token } : {}),
      // Jira wants the same reconcile list on every page of one search.
      ...(opts.reconcileIssues?.length ? { reconcileIssues: opts.reconcileIssues } : {}),
    });
    const read = page.issues.map((issue: FoundIssue) => ({
      issue,
      tally: readVotesMirrorRevision(issue.properties[VOTES_PROPERTY], secret, {
        projectId,
        issueId: issue.id,
      }),
    }));
    const signed = read.filter((r) => r.tally && r.tally.tally.count > 0);
    const fresh = opts.highWater
      ? await opts.highWater.accept(
          `votes:${site}/${projectId}`,
          signed.map((r) => ({ subject: r.issue.id, revision: r.tally!.revision })),
        )
      : signed.map(() => true);
    const accepted = new Set(signed.filter((_, i) => fresh[i]).map((r) => r.issue.id));
    for (const { issue, tally } of read) {
      if (!tally || !accepted.has(issue.id)) {
        // Unsigned, forged, copied from another request or an older tally put back: counts as no votes.
        skipped += 1;
        continue;
      }
      if (topRequests.length < TOP_REQUESTS)
        topRequests.push({
          key: issue.key,
          summary: String(issue.fields.summary ?? ''),
          votes: tally.tally.count,
          coFinanceWilling: tally.tally.coFinanceWilling,
          coFinanceTotalDkk: tally.tally.coFinanceTotalDkk,
        });
    }
    token = page.nextPageToken;
    if (!token) break;
  }
  topRequests.sort((a, b) => b.votes - a.votes);
  return { topRequests, skipped };
}
