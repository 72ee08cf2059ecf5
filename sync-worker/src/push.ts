/**
 * The push path (issue 18, item 1): a change event that carries the app's signed roll-up input is rolled up and
 * handed to the portfolio writer without reading the source site. The writer then makes one `PUT` to the issue
 * the portfolio index remembers (plus a transition when the state moved), or no call when the hash equals the
 * one it wrote. Events without a push, and the scheduled reconcile, keep the read path (product-source.ts), which
 * also heals a lost event.
 *
 * Trust: the push is signed by the app with the source site's secret over its subject (purpose, site, project,
 * governance revision, push time and the input; src/mirror/pushed-rollup.ts), and the service refuses a push older
 * than the newest it accepted for the product (a replayed or overtaken push) and one whose governance revision is
 * lower than the newest it accepted from either path (a rollback), each counted in
 * `os2_sync_pushed_rollups_total` and logged. A push whose catalogue versions or cadence are older than the newest
 * the service accepted from the site rolls up with the newest (trust/site-settings.ts), counted in
 * `os2_sync_settings_replaced_total`.
 */
import { rollUp, rollUpHash } from '../../src/domain/roll-up.js';
import { verifyPushedRollUp } from '../../src/mirror/pushed-rollup.js';
import { siteConfig } from './context.js';
import { storePending } from './jobs.js';
import { HighWater } from './trust/high-water.js';
import { SiteSettings, type SettingName } from './trust/site-settings.js';
import type { ServiceContext } from './context.js';
import type { SyncQueues } from './queues.js';

export type PushRefusal = 'malformed' | 'subject' | 'signature' | 'replayed' | 'rolled_back';

export type PushOutcome =
  | { status: 'queued'; jobId?: string; sourceKey: string; settingsReplaced?: SettingName[] }
  | { status: 'overtaken' | 'ignored'; reason: string }
  | { status: 'refused'; reason: PushRefusal; detail: string };

/** Where a push's outcome is logged (the request's logger). */
export interface PushLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** The push's part of a change event. */
export interface PushedEvent {
  siteUrl: string;
  projectId: string;
  rollUp: unknown;
}

export async function acceptPushedRollUp(
  ctx: ServiceContext,
  queues: SyncQueues,
  siteName: string,
  event: PushedEvent,
  log: PushLog,
): Promise<PushOutcome> {
  const outcome = await accept(ctx, queues, siteName, event);
  const label = outcome.status === 'refused' ? outcome.reason : outcome.status;
  ctx.metrics?.pushedRollUps.inc({ site: siteName, outcome: label });
  if (outcome.status === 'refused')
    log.warn({ reason: outcome.reason, detail: outcome.detail }, 'Skubbet roll-up afvist');
  else if (outcome.status === 'queued')
    log.info(
      {
        jobId: outcome.jobId,
        // Older catalogue versions or cadence than the site's newest: counted with the newest (site-settings.ts).
        ...(outcome.settingsReplaced ? { settingsReplaced: outcome.settingsReplaced } : {}),
      },
      'Skubbet roll-up modtaget',
    );
  else log.info({ reason: outcome.reason }, 'Skubbet roll-up ikke brugt');
  return outcome;
}

async function accept(
  ctx: ServiceContext,
  queues: SyncQueues,
  siteName: string,
  event: PushedEvent,
): Promise<PushOutcome> {
  const site = siteConfig(ctx, siteName);
  const check = verifyPushedRollUp(
    event.rollUp,
    { siteUrl: event.siteUrl, projectId: event.projectId },
    site.secrets,
  );
  if (!check.ok) return { status: 'refused', reason: check.reason, detail: check.detail };
  const { input, computedAt } = check.pushed;
  if (site.projects && !site.projects.includes(input.record.project.key))
    return { status: 'ignored', reason: 'Projektet er ikke på sitets projects-liste' };
  const marks = new HighWater(ctx.redis, ctx.keys);
  const [fresh] = await marks.accept(`push:${siteName}`, [
    { subject: event.projectId, revision: computedAt },
  ]);
  if (!fresh)
    return {
      status: 'refused',
      reason: 'replayed',
      detail: 'Et nyere skubbet roll-up for produktet er allerede modtaget',
    };
  // The same mark the read path keeps for os2-governance: a push cannot roll the product back either.
  const [current] = await marks.accept(`governance:${siteName}`, [
    { subject: event.projectId, revision: input.record.revision },
  ]);
  if (!current)
    return {
      status: 'refused',
      reason: 'rolled_back',
      detail: `Governance-revision ${input.record.revision} er ældre end den nyeste modtagne`,
    };
  const { catalogueChanges, cadence, cadenceSetAt } = input;
  const { settings, replaced } = await new SiteSettings(ctx.redis, ctx.keys, ctx.metrics).settle(
    siteName,
    input.record.catalogue,
    {
      ...(catalogueChanges ? { catalogueChanges } : {}),
      ...(cadence ? { cadence } : {}),
      ...(cadenceSetAt !== undefined ? { cadenceSetAt } : {}),
    },
  );
  const rolled = rollUp({
    site: siteName,
    record: input.record,
    decisions: input.decisions,
    integrity: 'verified',
    openRequests: input.openRequests,
    topRequests: input.topRequests,
    ...(input.skippedRequests ? { skippedRequests: input.skippedRequests } : {}),
    ...(settings.catalogueChanges ? { catalogueChanges: settings.catalogueChanges } : {}),
    ...(settings.cadence ? { cadence: settings.cadence } : {}),
  });
  const sourceKey = rolled.sourceKey;
  if (!(await storePending(ctx, sourceKey, computedAt, { rollUp: rolled, hash: rollUpHash(rolled) })))
    return { status: 'overtaken', reason: 'En nyere læsning af produktet er allerede givet videre' };
  const job = await queues.enqueuePortfolioWrite({ site: siteName, projectId: event.projectId, sourceKey });
  return {
    status: 'queued',
    sourceKey,
    ...(job.id ? { jobId: job.id } : {}),
    ...(replaced.length ? { settingsReplaced: replaced } : {}),
  };
}
