/**
 * The baseline: a competent poller, not a straw man. Every 5 minutes it reads every product with the same three
 * calls the worker uses (the governance mirror, the approximate count of open feature requests, and the ten
 * top-voted requests by the indexed `os2-votes` count), all three at once, in plain jira.js with no helpers from
 * src/ or sync-worker/; it then writes the roll-up only when it changed (the same writes as ours). What it cannot
 * do is know when something changed: it pays the three reads for every product every round, and a change waits
 * for the next round (bench/poller.ts measures both).
 *
 * It produces the same roll-up as the worker's readProduct (bench/calls-per-sync.ts checks that), so the
 * comparison is fair: same answer, different moment of asking.
 */
import { createCloudClient, isNotFoundError } from 'jira.js';
import { createClient } from 'jira.js/core';
import type { CloudClient } from 'jira.js';
import { readGovernanceMirror, GOVERNANCE_PROPERTY } from '../src/mirror/governance-mirror.js';
import { readVotesMirror, VOTES_PROPERTY } from '../src/mirror/votes-mirror.js';
import { rollUp, rollUpHash } from '../src/domain/roll-up.js';
import type { RollUp, TopRequest } from '../src/domain/rollup.js';

const FEATURE_REQUEST_TYPE = 'Udviklingsønske';
/** The poller's interval: 5 minutes. */
export const POLL_INTERVAL_S = 300;

export function pollerClient(baseUrl: string, email: string, apiToken: string): CloudClient {
  return createCloudClient(
    createClient({
      host: baseUrl,
      auth: { type: 'basic', email, apiToken },
      retry: { maxAttempts: 1 },
      onSchemaMismatch: 'silent',
    }),
  );
}

export interface PollerResult {
  rollUp: RollUp;
  hash: string;
  /** Read calls made: always 3. */
  reads: number;
}

export async function pollerReadProduct(
  jira: CloudClient,
  site: string,
  projectId: string,
  secret: string,
): Promise<PollerResult> {
  const open = `project = ${projectId} AND issuetype = "${FEATURE_REQUEST_TYPE}" AND statusCategory != Done`;
  const votes = `issue.property[${VOTES_PROPERTY}].count`;
  const [raw, count, top] = await Promise.all([
    jira.projectProperties
      .getProjectProperty({ projectIdOrKey: projectId, propertyKey: GOVERNANCE_PROPERTY })
      .then(
        (p) => p.value as unknown,
        (err: unknown) => {
          if (isNotFoundError(err)) return undefined;
          throw err;
        },
      ),
    jira.issueSearch.countIssues({ jql: open }),
    jira.issueSearch.searchAndReconsileIssuesUsingJql({
      jql: `${open} AND ${votes} > 0 ORDER BY ${votes} DESC`,
      fields: ['summary'],
      properties: [VOTES_PROPERTY],
      maxResults: 10,
    }),
  ]);
  const mirror = readGovernanceMirror(raw, secret);
  if (mirror.integrity !== 'verified')
    throw new Error(`poller: mirror of ${projectId} is ${mirror.integrity}`);
  const topRequests: TopRequest[] = [];
  for (const issue of top.issues ?? []) {
    const tally = readVotesMirror(
      (issue.properties as Record<string, unknown> | undefined)?.[VOTES_PROPERTY],
      secret,
      { projectId, issueId: String(issue.id) },
    );
    if (!tally) continue;
    topRequests.push({
      key: String(issue.key ?? ''),
      summary: String((issue.fields as { summary?: string } | undefined)?.summary ?? ''),
      votes: tally.count,
      coFinanceWilling: tally.coFinanceWilling,
      coFinanceTotalDkk: tally.coFinanceTotalDkk,
    });
  }
  const result = rollUp({
    site,
    record: mirror.payload.record,
    decisions: mirror.payload.decisions,
    integrity: 'verified',
    openRequests: count.count ?? 0,
    topRequests,
  });
  return { rollUp: result, hash: rollUpHash(result), reads: 3 };
}
