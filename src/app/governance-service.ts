/**
 * What follows every save of governance data: the signed `os2-governance` mirror on the project and a change
 * event to the sync service. The save itself is already durable in Forge storage when this runs; a failure to
 * mirror is reported back (and healed by the next save), a failure to reach the sync service is only logged.
 */
import type { GovernanceRecord } from '../domain/governance-record';
import { loadSecret } from './config';
import { sendChangeEvent } from './events';
import { siteUrl as resolveSiteUrl } from './site';

/** The site URL from Forge's context, or Jira's own (never fails the save: an empty URL makes the event invalid and unsent). */
async function siteUrlOf(hint: string | undefined): Promise<string> {
  try {
    return await resolveSiteUrl(hint);
  } catch {
    return '';
  }
}
import { writeGovernanceMirror, writeVotesMirror } from './mirrors';
import { loadDecisions, loadVotes } from './storage';
import type { VoteTally } from '../domain/vote';
import { tally as domainTally } from '../domain/voting';

export interface AfterSave {
  mirrored: boolean;
  event: 'sent' | 'not_configured' | 'failed';
}

export async function afterGovernanceSave(
  record: GovernanceRecord,
  siteUrl: string | undefined,
): Promise<AfterSave> {
  let mirrored = false;
  const secret = await loadSecret();
  if (secret) {
    try {
      await writeGovernanceMirror(record, await loadDecisions(record.project.id), secret);
      mirrored = true;
    } catch (e) {
      console.error('[os2] could not write the os2-governance mirror', e);
    }
  }
  const event = await sendChangeEvent({
    kind: 'governance',
    siteUrl: await siteUrlOf(siteUrl),
    projectId: record.project.id,
  });
  return { mirrored, event };
}

/**
 * Writes the `os2-votes` mirror from the stored votes, then reads the votes again: if a concurrent vote landed
 * after our read, the mirror is written again, so the last writer always leaves the mirror matching storage.
 */
export async function syncVotesMirror(
  issueId: string,
  projectId: string,
  siteUrl: string | undefined,
  tally: (votes: Awaited<ReturnType<typeof loadVotes>>) => VoteTally = domainTally,
): Promise<AfterSave & { tally: VoteTally }> {
  const secret = await loadSecret();
  let current = tally(await loadVotes(issueId));
  let mirrored = false;
  if (secret) {
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        await writeVotesMirror(issueId, projectId, current, secret);
        const again = tally(await loadVotes(issueId));
        if (JSON.stringify(again) === JSON.stringify(current)) break;
        current = again;
      }
      mirrored = true;
    } catch (e) {
      console.error('[os2] could not write the os2-votes mirror', e);
    }
  }
  const event = await sendChangeEvent({
    kind: 'votes',
    siteUrl: await siteUrlOf(siteUrl),
    projectId,
    issueId,
  });
  return { mirrored, event, tally: current };
}
