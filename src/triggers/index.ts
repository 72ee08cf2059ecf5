/**
 * Product-event trigger (manifest `trigger` os2-issue-events): issue created, updated or deleted. An event that can
 * change a product's roll-up (a feature request's, or an issue whose type or project changed) goes on Forge's async
 * events queue, like a user's action (src/app/events.ts); the queue's consumer (src/consumers) builds the roll-up
 * input from the app's own storage and two Jira reads as the app (src/app/push.ts), signs it and sends it with the
 * event, so the sync service writes the portfolio without reading the source site (issue 18). The consumer
 * retries while the service does not answer; a lost event is healed by the service's scheduled reconcile, so
 * nothing is thrown here. Events from the portfolio project itself are skipped (the sync service writes it; no
 * loops).
 */
import { z } from 'zod';
import { queueChangeEvent, type QueueOutcome } from '../app/events';
import { siteUrl } from '../app/site';
import { FEATURE_REQUEST_TYPE } from '../jira/feature-requests';

const PORTFOLIO_KEY = 'PORT';

const IssueEventSchema = z.looseObject({
  eventType: z.string(),
  issue: z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    key: z.string().optional(),
    fields: z
      .looseObject({
        project: z
          .looseObject({
            id: z.union([z.string(), z.number()]).transform(String),
            key: z.string().optional(),
          })
          .optional(),
        issuetype: z.looseObject({ name: z.string().optional() }).nullish(),
      })
      .optional(),
  }),
  // Forge's issue updated event: what changed (`field` / `fieldId` per item).
  changelog: z
    .looseObject({
      items: z
        .array(z.looseObject({ field: z.string().nullish(), fieldId: z.string().nullish() }))
        .optional(),
    })
    .nullish(),
});
type IssueEvent = z.infer<typeof IssueEventSchema>;

/**
 * Whether the event can change a roll-up: only feature requests are counted and ranked, so a bug or task being
 * edited changes nothing, unless its type or project changed (it may have been a feature request, or moved from
 * a product). An event that does not name the type is forwarded: better one event too many than a missed change.
 */
function concernsRollUp(event: IssueEvent): boolean {
  const type = event.issue.fields?.issuetype?.name;
  if (type === undefined || type === FEATURE_REQUEST_TYPE) return true;
  return (event.changelog?.items ?? []).some((item) =>
    [item.field, item.fieldId].some((f) => f === 'issuetype' || f === 'project'),
  );
}

export async function onIssueEvent(
  event: unknown,
  context?: unknown,
): Promise<{ outcome: QueueOutcome | 'skipped' }> {
  const parsed = IssueEventSchema.safeParse(event);
  if (!parsed.success) return { outcome: 'skipped' };
  const { issue } = parsed.data;
  const project = issue.fields?.project;
  if (!project || project.key === PORTFOLIO_KEY || issue.key?.startsWith(`${PORTFOLIO_KEY}-`))
    return { outcome: 'skipped' };
  if (!concernsRollUp(parsed.data)) return { outcome: 'skipped' };
  try {
    const ctx = (context ?? {}) as { siteUrl?: unknown };
    const evt = (event ?? {}) as { context?: { siteUrl?: unknown } };
    const url = await siteUrl(ctx.siteUrl ?? evt.context?.siteUrl);
    // One platform call: the consumer reads, builds the pushed roll-up and sends it (and retries).
    const outcome = await queueChangeEvent({
      kind: 'issue',
      siteUrl: url,
      projectId: project.id,
      issueId: issue.id,
    });
    return { outcome };
  } catch (e) {
    console.warn(`[os2] issue event not forwarded: ${e instanceof Error ? e.message : String(e)}`);
    return { outcome: 'failed' };
  }
}
export { onSchedule } from './reminders';
