/**
 * The cross-portfolio lists of this site (issue 15, item 6), read from Forge storage (polls, change requests,
 * governance records) and from Jira (the projects the user can browse), shaped by src/domain/portfolio-lists.ts.
 * Projects are listed as the user, so nobody learns of a project they cannot see in Jira.
 */
import { z } from 'zod';
import { GovernanceRecordSchema, type GovernanceRecord } from '../domain/governance-record';
import { ChangeRequestSchema } from '../domain/change-request';
import {
  changeRequestRows,
  openPollRows,
  publishedOutcomeRows,
  ungovernedProjectRows,
  type PortfolioLists,
  type ProductRef,
} from '../domain/portfolio-lists';
import { listProjects } from '../jira/projects';
import { StoredPollSchema, withAnswers } from './polls';
import { queryAll } from './storage';
import { loadAllPriorityOrders, withCurrentPlaces } from './working-groups';
import { userJira } from './jira';
import type { JiraClient } from '../jira/client';

const HEAD_KEY = /^gov:(\d+)$/;
const CR_HEAD_KEY = /^cr:\d+$/;

/** Every governed project's current record (head keys only; revision keys share the prefix and are skipped). */
export async function loadAllRecords(): Promise<GovernanceRecord[]> {
  const rows = await queryAll<unknown>('gov:');
  return rows.filter((r) => HEAD_KEY.test(r.key)).map((r) => GovernanceRecordSchema.parse(r.value));
}

/**
 * `jira` lists the projects: the user's (default; the global page) or the app's (the `lists` app-data op for the
 * sync service, src/app/lists-answer.ts, which has no user and shows the portfolio page's readers every project).
 */
export async function loadPortfolioLists(
  site: string,
  now: string,
  exclude: ReadonlySet<string>,
  jira: JiraClient = userJira(),
): Promise<PortfolioLists> {
  const [records, pollRows, crRows, projects, orders] = await Promise.all([
    loadAllRecords(),
    queryAll<unknown>('poll:'),
    queryAll<unknown>('cr:'),
    listProjects(jira),
    loadAllPriorityOrders(),
  ]);
  const visible = new Set(projects.map((p) => p.id));
  const byId = new Map(records.map((r) => [r.project.id, r]));
  const byKey = new Map(records.map((r) => [r.project.key, r]));
  const ref = (r: GovernanceRecord): ProductRef => ({ site, projectKey: r.project.key, name: r.name });
  const keyOfIssue = (issueKey: string | undefined) => issueKey?.replace(/-\d+$/, '');

  const polls = [];
  for (const row of pollRows) {
    const stored = StoredPollSchema.safeParse(row.value);
    if (!stored.success || stored.data.poll.closedAt) continue;
    const record = byId.get(stored.data.projectId);
    if (!record || !visible.has(record.project.id)) continue;
    polls.push({ product: ref(record), poll: await withAnswers(stored.data.poll) });
  }

  const requests = [];
  for (const row of crRows) {
    // Heads only: each save's commit (`cr:<issueId>:rev:<n>`) shares the prefix.
    if (!CR_HEAD_KEY.test(row.key)) continue;
    const cr = ChangeRequestSchema.safeParse(row.value);
    if (!cr.success) continue;
    const record = byKey.get(keyOfIssue(cr.data.issueKey) ?? '');
    if (!record || !visible.has(record.project.id)) continue;
    requests.push({
      product: ref(record),
      request: cr.data,
      projectId: record.project.id,
      issueId: row.key.slice('cr:'.length),
    });
  }
  // Priority is each product's order now (finding 9, src/app/working-groups.ts), not the number once given.
  const placed = withCurrentPlaces(requests, orders);

  return {
    polls: openPollRows(polls, now),
    changeRequests: changeRequestRows(placed),
    outcomes: publishedOutcomeRows(placed),
    ungoverned: ungovernedProjectRows(
      projects.map((p) => ({ site, projectId: p.id, projectKey: p.key, name: p.name })),
      new Set(records.map((r) => `${site}/${r.project.id}`)),
      exclude,
    ),
  };
}

export const ListsPayloadSchema = z.object({ locale: z.string().optional() });
