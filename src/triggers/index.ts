/**
 * Product-event trigger (manifest `trigger` os2-issue-events): issue created, updated or deleted. Each event
 * becomes a signed change event to the sync service (src/events/change-event.ts), so a product's roll-up follows
 * its feature requests. Events from the portfolio project itself are skipped (the sync service writes it; no
 * loops). Forge retries a failed trigger, but a sync service that cannot be reached is not a failure of the
 * app: the service's scheduled reconcile heals a missed event, so nothing is thrown.
 */
import { z } from 'zod';
import { sendChangeEvent, type SendOutcome } from '../app/events';
import { siteUrl } from '../app/site';

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
      })
      .optional(),
  }),
});

export async function onIssueEvent(
  event: unknown,
  context?: unknown,
): Promise<{ outcome: SendOutcome | 'skipped' }> {
  const parsed = IssueEventSchema.safeParse(event);
  if (!parsed.success) return { outcome: 'skipped' };
  const { issue } = parsed.data;
  const project = issue.fields?.project;
  if (!project || project.key === PORTFOLIO_KEY || issue.key?.startsWith(`${PORTFOLIO_KEY}-`))
    return { outcome: 'skipped' };
  try {
    const ctx = (context ?? {}) as { siteUrl?: unknown };
    const evt = (event ?? {}) as { context?: { siteUrl?: unknown } };
    const url = await siteUrl(ctx.siteUrl ?? evt.context?.siteUrl);
    const outcome = await sendChangeEvent({
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
