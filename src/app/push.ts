/**
 * The roll-up input the app pushes with a change event (issue 18, item 1; src/mirror/pushed-rollup.ts), built in
 * the async events consumer, off the user's path. Governance and decisions come from Forge storage (the source of
 * truth, not the mirror); the vote tallies of the top requests from the app's vote storage too. Which requests are
 * open, their summaries and their number are Jira's, read as the app with the same queries the sync service's
 * read path uses (2 calls; more pages only past requests whose indexed count storage does not back). So the sync
 * service reads nothing from the source site for a governance or vote change.
 */
import { approximateCount, searchPage } from '../jira/search';
import { openRequestsJql, TOP_REQUEST_PAGES, TOP_REQUESTS, topRequestsJql } from '../jira/feature-requests';
import { MIRRORED_DECISIONS } from '../mirror/governance-mirror';
import { signPushedRollUp, type PushedRollUp } from '../mirror/pushed-rollup';
import { tally } from '../domain/voting';
import type { TopRequest } from '../domain/rollup';
import type { JiraClient } from '../jira/client';
import { loadDecisions, loadGovernance, loadVotes } from './storage';
import { loadMirroredSettings } from './mirrors';

/** The top voted open requests, with tallies from storage; requests Jira ranks but storage has no votes for are skipped. */
async function topRequests(
  jira: JiraClient,
  projectId: string,
  reconcileIssues: number[] | undefined,
): Promise<{ topRequests: TopRequest[]; skipped: number }> {
  const top: TopRequest[] = [];
  let skipped = 0;
  let token: string | undefined;
  for (let pages = 0; pages < TOP_REQUEST_PAGES && top.length < TOP_REQUESTS; pages++) {
    const page = await searchPage(jira, topRequestsJql(projectId), {
      fields: ['summary'],
      maxResults: TOP_REQUESTS,
      ...(token ? { nextPageToken: token } : {}),
      // Jira wants the same reconcile list on every page of one search.
      ...(reconcileIssues ? { reconcileIssues } : {}),
    });
    // Jira ranks by the indexed count, which anyone who can edit the issue can write; the tally is storage's.
    const tallies = await Promise.all(page.issues.map(async (i) => tally(await loadVotes(i.id))));
    page.issues.forEach((issue, n) => {
      const t = tallies[n]!;
      if (t.count === 0) {
        skipped += 1;
        return;
      }
      if (top.length < TOP_REQUESTS)
        top.push({
          key: issue.key,
          summary: String(issue.fields.summary ?? ''),
          votes: t.count,
          coFinanceWilling: t.coFinanceWilling,
          coFinanceTotalDkk: t.coFinanceTotalDkk,
        });
    });
    token = page.nextPageToken;
    if (!token) break;
  }
  // The same order as the service's read path (stable by Jira's rank among equal counts).
  top.sort((a, b) => b.votes - a.votes);
  return { topRequests: top, skipped };
}

export interface PushOptions {
  /**
   * The issue the event is about (a vote, an issue created, edited or deleted). Jira's search trails writes by
   * seconds, and the event is sent within milliseconds of the change, so the top-voted search reads this issue as
   * it is now (`reconcileIssues`), as the service's read path does with the issues events named.
   */
  issueId?: string;
  /**
   * Read storage first and Jira only for a governed project. For the issue trigger, which fires for every issue
   * on the site, most of them in projects the app does not govern: those cost no Jira call. A user's action is on
   * a governed project, so its event reads everything at once (one round trip less).
   */
  governedFirst?: boolean;
}

/**
 * The signed pushed roll-up of a governed project, or undefined when the project is not governed. Throws on a
 * storage or Jira failure (the caller then sends the event without a push, and the service reads the product).
 */
export async function buildPushedRollUp(
  jira: JiraClient,
  projectId: string,
  siteUrl: string,
  secret: string,
  opts: PushOptions = {},
): Promise<PushedRollUp | undefined> {
  // Taken before anything is read: the service orders a product's pushes (and its own reads) by when they began.
  const computedAt = Date.now();
  const reconcile = opts.issueId ? [Number(opts.issueId)] : undefined;
  const governed = opts.governedFirst ? loadGovernance(projectId) : undefined;
  if (governed && !(await governed)) return undefined;
  const [record, decisions, openRequests, top] = await Promise.all([
    governed ?? loadGovernance(projectId),
    loadDecisions(projectId),
    approximateCount(jira, openRequestsJql(projectId)),
    topRequests(jira, projectId, reconcile),
  ]);
  if (!record) return undefined;
  // After the record: its catalogue names whose board versions count (issue 14).
  const settings = await loadMirroredSettings(record.catalogue);
  return signPushedRollUp(
    {
      record,
      decisions: decisions.slice(-MIRRORED_DECISIONS),
      openRequests,
      topRequests: top.topRequests,
      ...(top.skipped ? { skippedRequests: top.skipped } : {}),
      ...settings,
    },
    { siteUrl, projectId },
    secret,
    computedAt,
  );
}
