/**
 * The naive way a sync tool reads a product, the baseline of bench/calls-per-sync.ts: read the governance
 * mirror, then page through EVERY issue of the project with the enhanced search (`/rest/api/3/search/jql`, 100 a
 * page, the most Jira returns with fields), and count open feature requests and votes client-side. It produces
 * the same roll-up as the worker's readProduct (the benchmark checks that), so the comparison is fair: same
 * answer, different way of asking. Plain jira.js, no helpers from src/jira.
 */
import { createCloudClient, isNotFoundError } from 'jira.js';
import { createClient } from 'jira.js/core';
import type { CloudClient } from 'jira.js';
import { readGovernanceMirror, GOVERNANCE_PROPERTY } from '../src/mirror/governance-mirror.js';
import { readVotesMirror, VOTES_PROPERTY } from '../src/mirror/votes-mirror.js';
import { rollUp, rollUpHash } from '../src/domain/roll-up.js';
import type { RollUp, TopRequest } from '../src/domain/rollup.js';

const FEATURE_REQUEST_TYPE = 'Udviklingsønske';
const PAGE = 100;

export function naiveClient(baseUrl: string, email: string, apiToken: string): CloudClient {
  return createCloudClient(
    createClient({
      host: baseUrl,
      auth: { type: 'basic', email, apiToken },
      retry: { maxAttempts: 1 },
      onSchemaMismatch: 'silent',
    }),
  );
}

export interface NaiveResult {
  rollUp: RollUp;
  hash: string;
  pages: number;
  issuesRead: number;
}

export async function naiveReadProduct(
  jira: CloudClient,
  site: string,
  projectId: string,
  secret: string,
): Promise<NaiveResult> {
  let raw: unknown;
  try {
    raw = (
      await jira.projectProperties.getProjectProperty({
        projectIdOrKey: projectId,
        propertyKey: GOVERNANCE_PROPERTY,
      })
    ).value;
  } catch (err) {
    if (!isNotFoundError(err)) throw err;
  }
  const mirror = readGovernanceMirror(raw, secret);
  if (mirror.integrity !== 'verified')
    throw new Error(`naive: mirror of ${projectId} is ${mirror.integrity}`);

  let openRequests = 0;
  const candidates: (TopRequest & { id: number })[] = [];
  let token: string | undefined;
  let pages = 0;
  let issuesRead = 0;
  do {
    const page = await jira.issueSearch.searchAndReconsileIssuesUsingJql({
      jql: `project = ${projectId}`,
      fields: ['summary', 'status', 'issuetype', 'votes'],
      properties: [VOTES_PROPERTY],
      maxResults: PAGE,
      nextPageToken: token,
    });
    pages += 1;
    for (const issue of page.issues ?? []) {
      issuesRead += 1;
      const f = (issue.fields ?? {}) as {
        summary?: string;
        issuetype?: { name?: string };
        status?: { statusCategory?: { key?: string } };
      };
      if (f.issuetype?.name !== FEATURE_REQUEST_TYPE || f.status?.statusCategory?.key === 'done') continue;
      openRequests += 1;
      const tally = readVotesMirror(
        (issue.properties as Record<string, unknown> | undefined)?.[VOTES_PROPERTY],
        secret,
        { projectId, issueId: String(issue.id) },
      );
      candidates.push({
        id: Number(issue.id),
        key: String(issue.key ?? ''),
        summary: String(f.summary ?? ''),
        votes: tally?.count ?? 0,
        coFinanceWilling: tally?.coFinanceWilling ?? 0,
        coFinanceTotalDkk: tally?.coFinanceTotalDkk ?? 0,
      });
    }
    token = page.nextPageToken ?? undefined;
  } while (token);

  // Same rule as the worker's top-voted search: only requests with at least one vote.
  const topRequests = candidates
    .filter((c) => c.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.id - b.id)
    .slice(0, 10)
    .map(({ id: _id, ...t }) => t);
  const result = rollUp({
    site,
    record: mirror.payload.record,
    decisions: mirror.payload.decisions,
    integrity: 'verified',
    openRequests,
    topRequests,
  });
  return { rollUp: result, hash: rollUpHash(result), pages, issuesRead };
}
