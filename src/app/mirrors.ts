/**
 * Writes the signed mirrors (src/mirror) to Jira as the app: `os2-governance` on the project after every
 * governance save, `os2-votes` on the issue after every vote. Jira's entity-property index (manifest
 * `jira:entityProperty`) makes `level`, `state`, `count` and `coFinanceTotalDkk` searchable and sortable in JQL.
 */
import { buildGovernanceMirror, GOVERNANCE_PROPERTY } from '../mirror/governance-mirror';
import { buildVotesMirror, VOTES_PROPERTY } from '../mirror/votes-mirror';
import type { GovernanceRecord } from '../domain/governance-record';
import type { Decision } from '../domain/decision';
import type { VoteTally } from '../domain/vote';
import { setProjectProperty } from '../jira/project-properties';
import { setIssueProperty } from '../jira/issue-properties';
import { appJira } from './jira';

export async function writeGovernanceMirror(
  record: GovernanceRecord,
  decisions: readonly Decision[],
  secret: string,
): Promise<void> {
  const mirror = buildGovernanceMirror(record, decisions, secret);
  await setProjectProperty(
    appJira(),
    record.project.id,
    GOVERNANCE_PROPERTY,
    mirror as unknown as Record<string, unknown>,
  );
}

/** Signed for this issue of this project, so the tally cannot be copied onto another request (issue 13). */
export async function writeVotesMirror(
  issueId: string,
  projectId: string,
  tally: VoteTally,
  secret: string,
): Promise<void> {
  const mirror = buildVotesMirror(tally, secret, { projectId, issueId });
  await setIssueProperty(appJira(), issueId, VOTES_PROPERTY, mirror as unknown as Record<string, unknown>);
}
