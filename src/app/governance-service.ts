/**
 * What follows every save of governance data: the signed `os2-governance` mirror on the project and a change
 * event to the sync service. The save itself is already durable in Forge storage when this runs; a failure to
 * mirror is reported back (and healed by the next save). The event only goes on Forge's async events queue
 * (src/app/events.ts), after the mirror is written (the service reads the mirror when the event arrives).
 */
import type { GovernanceRecord } from '../domain/governance-record';
import type { Decision } from '../domain/decision';
import { loadReportingCadenceSetting, loadSecret, type ReportingCadenceSetting } from './config';
import { loadAllCatalogueVersions } from './catalogue-versions';
import type { CatalogueVersion } from '../domain/catalogue-versions';
import { queueChangeEvent, type QueueOutcome } from './events';
import { siteUrl as resolveSiteUrl } from './site';

/** The site URL from Forge's context, or Jira's own (never fails the save: an empty URL makes the event invalid and unsent). */
async function siteUrlOf(hint: string | undefined): Promise<string> {
  try {
    return await resolveSiteUrl(hint);
  } catch {
    return '';
  }
}
import { loadMirroredSettings, writeGovernanceMirror, writeVotesMirror } from './mirrors';
import { loadDecisions, loadVotes } from './storage';
import type { Vote, VoteTally } from '../domain/vote';
import { tally as domainTally } from '../domain/voting';

export interface AfterSave {
  mirrored: boolean;
  event: QueueOutcome;
}

/** What a save's follow-up reads: started with the action's own reads, so they cost the user no extra step. */
export interface AfterSaveReads {
  secret: string | undefined;
  decisions: Decision[];
  url: string;
  /** What the mirror carries besides the record (issue 14): the board's catalogue versions and the cadence. */
  versions: Record<string, CatalogueVersion[]>;
  cadence: ReportingCadenceSetting;
}

/**
 * Starts the reads {@link afterGovernanceSave} needs (secret, decision log, site URL). An action calls this beside
 * its own first reads and hands the promise on; a failed read surfaces where it is awaited.
 */
export function startAfterSaveReads(
  projectId: string,
  siteUrl: string | undefined,
  /** The board's catalogue versions when the action reads them itself (its rules need them too). */
  catalogueVersions: Promise<Record<string, CatalogueVersion[]>> = loadAllCatalogueVersions(),
): Promise<AfterSaveReads> {
  const reads = Promise.all([
    loadSecret(),
    loadDecisions(projectId),
    siteUrlOf(siteUrl),
    catalogueVersions,
    loadReportingCadenceSetting(),
  ]).then(([secret, decisions, url, versions, cadence]) => ({ secret, decisions, url, versions, cadence }));
  // Awaited later (or never, when the action is refused first): not an unhandled rejection meanwhile.
  reads.catch(() => undefined);
  return reads;
}

export async function afterGovernanceSave(
  record: GovernanceRecord,
  siteUrl: string | undefined,
  options: {
    /** Reads started earlier by {@link startAfterSaveReads}; read now when absent. */
    reads?: Promise<AfterSaveReads>;
    /** Decisions this save added, which a log read before the save cannot hold. */
    added?: readonly Decision[];
  } = {},
): Promise<AfterSave> {
  let mirrored = false;
  // The settings the mirror carries (catalogue versions, cadence) were read with the action's own reads, so the
  // mirror costs the user no storage step after the commit (issue 18 item 3).
  const {
    secret,
    decisions: logged,
    url,
    versions,
    cadence,
  } = await (options.reads ?? startAfterSaveReads(record.project.id, siteUrl));
  const settings = loadMirroredSettings(record.catalogue, { versions, cadence });
  settings.catch(() => undefined);
  const seen = new Set(logged.map((d) => d.id));
  const decisions = [...logged, ...(options.added ?? []).filter((d) => !seen.has(d.id))].sort((a, b) =>
    a.decidedAt.localeCompare(b.decidedAt),
  );
  if (secret) {
    try {
      await writeGovernanceMirror(record, decisions, secret, await settings);
      mirrored = true;
    } catch (e) {
      console.error('[os2] could not write the os2-governance mirror', e);
    }
  }
  const event = await queueChangeEvent({ kind: 'governance', siteUrl: url, projectId: record.project.id });
  return { mirrored, event };
}

/** The secret and site URL a vote's follow-up needs, started with the action's own reads. */
export function startVoteReads(
  siteUrl: string | undefined,
): Promise<{ secret: string | undefined; url: string }> {
  const reads = Promise.all([loadSecret(), siteUrlOf(siteUrl)]).then(([secret, url]) => ({ secret, url }));
  reads.catch(() => undefined);
  return reads;
}

/**
 * Writes the `os2-votes` mirror from the votes (the stored ones, or `options.votes`: what the action just read and
 * wrote), then reads the stored votes again: if a concurrent vote landed meanwhile, the mirror is written again,
 * so the last writer always leaves the mirror matching storage. The change event is queued alongside that check
 * (the mirror it announces is written by then); a rewrite is announced again, so the service's last read of the
 * mirror follows its last write.
 */
export async function syncVotesMirror(
  issueId: string,
  projectId: string,
  siteUrl: string | undefined,
  tally: (votes: Vote[]) => VoteTally = domainTally,
  options: {
    votes?: Vote[];
    reads?: Promise<{ secret: string | undefined; url: string }>;
  } = {},
): Promise<AfterSave & { tally: VoteTally }> {
  const [{ secret, url }, votes] = await Promise.all([
    options.reads ?? startVoteReads(siteUrl),
    options.votes ?? loadVotes(issueId),
  ]);
  const announce = () => queueChangeEvent({ kind: 'votes', siteUrl: url, projectId, issueId });
  let current = tally(votes);
  let mirrored = false;
  let event: Promise<QueueOutcome> | undefined;
  if (secret) {
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        await writeVotesMirror(issueId, projectId, current, secret);
        const rewritten = event !== undefined;
        if (rewritten) await event;
        event = announce();
        const again = tally(await loadVotes(issueId));
        if (JSON.stringify(again) === JSON.stringify(current)) break;
        current = again;
      }
      mirrored = true;
    } catch (e) {
      console.error('[os2] could not write the os2-votes mirror', e);
    }
  }
  return { mirrored, event: await (event ?? announce()), tally: current };
}
