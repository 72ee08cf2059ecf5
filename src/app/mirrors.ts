/**
 * Writes the signed mirrors (src/mirror) to Jira as the app: `os2-governance` on the project after every
 * governance save, `os2-votes` on the issue after every vote. Jira's entity-property index (manifest
 * `jira:entityProperty`) makes `level`, `state`, `count` and `coFinanceTotalDkk` searchable and sortable in JQL.
 */
import {
  buildGovernanceMirror,
  GOVERNANCE_PROPERTY,
  mirroredSettings,
  type MirroredSettings,
} from '../mirror/governance-mirror';
import { mirroredChanges } from '../domain/catalogue-versions';
import { buildVotesMirror, VOTES_PROPERTY } from '../mirror/votes-mirror';
import type { GovernanceRecord } from '../domain/governance-record';
import type { Decision } from '../domain/decision';
import type { VoteTally } from '../domain/vote';
import { setProjectProperty } from '../jira/project-properties';
import { setIssueProperty } from '../jira/issue-properties';
import { appJira } from './jira';
import { loadCatalogueVersions } from './catalogue-versions';
import { loadReportingCadenceSetting, type ReportingCadenceSetting } from './config';
import type { CatalogueVersion } from '../domain/catalogue-versions';

/**
 * What the mirror and the pushed roll-up carry besides the record (issue 14): the board's versions of the record's
 * catalogue and the configured cadence (with when it was saved, so the service can rank it), so the portfolio
 * counts and dates as the project page does. Two storage reads, side by side.
 */
export async function loadMirroredSettings(
  catalogueId: string,
  preloaded?: { versions: Record<string, CatalogueVersion[]>; cadence: ReportingCadenceSetting },
): Promise<MirroredSettings> {
  const [versions, cadence] = await Promise.all([
    preloaded?.versions[catalogueId] ?? loadCatalogueVersions(catalogueId),
    preloaded?.cadence ?? loadReportingCadenceSetting(),
  ]);
  return mirroredSettings(mirroredChanges(versions), cadence.cadence, cadence.setAt);
}

export async function writeGovernanceMirror(
  record: GovernanceRecord,
  decisions: readonly Decision[],
  secret: string,
  settings: MirroredSettings,
): Promise<void> {
  const mirror = buildGovernanceMirror(record, decisions, secret, settings);
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
