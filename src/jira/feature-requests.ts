import { VOTES_PROPERTY } from '../mirror/votes-mirror';

/** The OS2 standard feature-request issue type (team-contracts.md "Feature requests"). */
export const FEATURE_REQUEST_TYPE = 'Udviklingsønske';
/** How many top voted requests a roll-up carries. */
export const TOP_REQUESTS = 10;
/**
 * How many pages of candidates the top list reads at most. Jira orders by the indexed (unsigned) count, so
 * forged tallies come first; the list pages on past them until it has ten that verify, up to this bound.
 */
export const TOP_REQUEST_PAGES = 10;

/** A product's open feature requests. Shared by the sync service's read path and the app's pushed roll-up. */
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
