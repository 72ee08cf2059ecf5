/**
 * Rewriting every governed project's mirror after a setting the roll-up counts with changed (issue 14): the board's
 * catalogue versions (src/app/catalogue-versions.ts) or the reporting cadence (src/app/config.ts). The mirror and
 * the pushed roll-up carry both (src/mirror/governance-mirror.ts), so until each project's mirror is rewritten and
 * pushed, the portfolio would count an item the board added as absent, or date reports by the old cadence.
 *
 * Never in the click: the board's (or admin's) action only puts one message on the async events queue
 * ({@link queueRemirrorAll}); the consumer (src/consumers) fans it out, one message per governed project (50 per
 * queue push, each delayed past any save still in flight), and each of those rewrites that project's mirror and
 * sends its change event with the pushed roll-up ({@link remirrorProject}), retried by Forge on failure like any
 * change event.
 */
import { z } from 'zod';
import { Queue } from '@forge/events';
import { loadAllRecords } from './lists';
import { loadMirroredSettings, writeGovernanceMirror } from './mirrors';
import { loadSecret } from './config';
import { loadDecisions, loadGovernance } from './storage';
import { sendChangeEvent, SYNC_EVENTS_QUEUE, type SendOutcome } from './events';
import { siteUrl as resolveSiteUrl } from './site';

const SiteUrlSchema = z.url().optional();

export const RemirrorMessageSchema = z.discriminatedUnion('remirror', [
  /** Every governed project: queued by the click that changed the setting. */
  z.strictObject({
    remirror: z.literal('all'),
    reason: z.enum(['catalogue', 'cadence']),
    siteUrl: SiteUrlSchema,
  }),
  /** One project: queued by the fan-out. */
  z.strictObject({
    remirror: z.literal('project'),
    projectId: z.string().regex(/^\d{1,18}$/),
    siteUrl: SiteUrlSchema,
  }),
]);
export type RemirrorMessage = z.infer<typeof RemirrorMessageSchema>;

/** Forge's limit of events per queue push. */
const EVENTS_PER_PUSH = 50;
/**
 * How long each project's rewrite waits after the fan-out. A save that read the settings just before the change
 * writes its mirror (without the new version) within its own invocation, at most Forge's 25-second limit after it
 * began; rewriting after that means the rewrite, with the new settings, is the last mirror written.
 */
export const REMIRROR_DELAY_SECONDS = 60;

/**
 * Queues the rewrite of every governed project's mirror: one platform call on the user's path. Never throws (the
 * setting is saved; a lost rewrite leaves the portfolio on the old setting until each project's next save), and
 * says whether it was queued.
 */
export async function queueRemirrorAll(
  reason: 'catalogue' | 'cadence',
  siteUrl: string | undefined,
): Promise<'queued' | 'failed'> {
  try {
    const body = RemirrorMessageSchema.parse({
      remirror: 'all',
      reason,
      ...(siteUrl && /^https?:\/\//.test(siteUrl) ? { siteUrl } : {}),
    });
    await new Queue({ key: SYNC_EVENTS_QUEUE }).push({ body });
    return 'queued';
  } catch (e) {
    console.warn(
      `[os2] could not queue the mirror rewrite (${reason}): ${e instanceof Error ? e.message : String(e)}`,
    );
    return 'failed';
  }
}

/** The fan-out: one message per governed project, pushed 50 at a time. Throws on a storage or queue failure (retried). */
export async function fanOutRemirror(siteUrl: string | undefined): Promise<number> {
  const records = await loadAllRecords();
  const queue = new Queue({ key: SYNC_EVENTS_QUEUE });
  for (let i = 0; i < records.length; i += EVENTS_PER_PUSH) {
    await queue.push(
      records.slice(i, i + EVENTS_PER_PUSH).map((r) => ({
        body: RemirrorMessageSchema.parse({
          remirror: 'project',
          projectId: r.project.id,
          ...(siteUrl ? { siteUrl } : {}),
        }),
        delayInSeconds: REMIRROR_DELAY_SECONDS,
      })),
    );
  }
  return records.length;
}

/**
 * Rewrites one project's mirror with the settings as they are now and sends its change event with the pushed
 * roll-up. A save that lands meanwhile may write its own mirror in between; so the record is read again after the
 * write, and the mirror written again when it moved on (up to three times), so this rewrite never leaves an older
 * revision in Jira than the one in storage (the service would refuse that as a rollback).
 */
export async function remirrorProject(
  projectId: string,
  siteUrlHint: string | undefined,
  timeoutMs: number,
): Promise<SendOutcome | 'not_governed'> {
  const [secret, url] = await Promise.all([loadSecret(), resolveSiteUrl(siteUrlHint)]);
  if (!secret) return 'not_configured';
  let record = await loadGovernance(projectId);
  if (!record) return 'not_governed';
  for (let attempt = 0; attempt < 3; attempt++) {
    const [decisions, settings] = await Promise.all([
      loadDecisions(projectId),
      loadMirroredSettings(record.catalogue),
    ]);
    await writeGovernanceMirror(record, decisions, secret, settings);
    const again = await loadGovernance(projectId);
    if (!again || again.revision === record.revision) break;
    record = again;
  }
  return sendChangeEvent({ kind: 'governance', siteUrl: url, projectId }, timeoutMs, { push: true });
}
