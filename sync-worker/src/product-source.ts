import { readGovernanceMirror, GOVERNANCE_PROPERTY } from '../../src/mirror/governance-mirror.js';
import { readVotesMirror, VOTES_PROPERTY } from '../../src/mirror/votes-mirror.js';
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { getProjectProperty } from '../../src/jira/project-properties.js';
import { approximateCount, searchPage } from '../../src/jira/search.js';
import { getProject } from '../../src/jira/projects.js';
import type { JiraClient } from '../../src/jira/client.js';
import type { MirrorIntegrity, RollUp, TopRequest } from '../../src/domain/rollup.js';

/** The OS2 standard feature-request issue type (team-contracts.md "Feature requests"). */
export const FEATURE_REQUEST_TYPE = 'Udviklingsønske';
export const TOP_REQUESTS = 10;

export type SourceResult =
  | { kind: 'rolled-up'; rollUp: RollUp; hash: string; integrity: MirrorIntegrity; reason?: string }
  | { kind: 'not-governed'; reason: string };

export function openRequestsJql(projectId: string): string {
  return `project = ${projectId} AND issuetype = "${FEATURE_REQUEST_TYPE}" AND statusCategory != Done`;
}

/**
 * Only requests with at least one vote: Jira sorts issues that lack the property first in a DESC order, so
 * without the condition a fresh, unvoted request would top the list.
 */
export function topRequestsJql(projectId: string): string {
  const votes = `issue.property[${VOTES_PROPERTY}].count`;
  return `${openRequestsJql(projectId)} AND ${votes} > 0 ORDER BY ${votes} DESC`;
}

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
  secret: string,
  opts: { parallel?: boolean } = {},
): Promise<SourceResult> {
  const counts = () =>
    Promise.all([
      approximateCount(jira, openRequestsJql(projectId)),
      searchPage(jira, topRequestsJql(projectId), {
        fields: ['summary'],
        properties: [VOTES_PROPERTY],
        maxResults: TOP_REQUESTS,
      }),
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

  const [[openRequests, top], project] = await Promise.all([
    early ?? counts(),
    mirror.integrity === 'verified' ? Promise.resolve(undefined) : getProject(jira, projectId),
  ]);

  const topRequests: TopRequest[] = top.issues
    .map((issue) => {
      const tally = readVotesMirror(issue.properties[VOTES_PROPERTY], secret);
      return {
        key: issue.key,
        summary: String(issue.fields.summary ?? ''),
        // An unsigned or forged tally counts as no votes.
        votes: tally?.count ?? 0,
        coFinanceWilling: tally?.coFinanceWilling ?? 0,
        coFinanceTotalDkk: tally?.coFinanceTotalDkk ?? 0,
      };
    })
    // A request whose tally does not verify is not among the top voted, whatever its property claims.
    .filter((r) => r.votes > 0)
    .sort((a, b) => b.votes - a.votes);

  const result =
    mirror.integrity === 'verified'
      ? rollUp({
          site,
          record: mirror.payload.record,
          decisions: mirror.payload.decisions,
          integrity: 'verified',
          openRequests,
          topRequests,
        })
      : rollUp({
          site,
          project: { id: projectId, key: project?.key ?? projectId },
          ...(project ? { name: project.name } : {}),
          decisions: [],
          integrity: mirror.integrity,
          openRequests,
          topRequests,
        });
  return {
    kind: 'rolled-up',
    rollUp: result,
    hash: rollUpHash(result),
    integrity: mirror.integrity,
    ...(mirror.integrity !== 'verified' ? { reason: mirror.reason } : {}),
  };
}
