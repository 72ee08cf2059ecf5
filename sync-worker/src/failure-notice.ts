/**
 * Tells the secretariat when the sync service gives a job up (issue 15 item 2: "the secretariat when ... the
 * sync service has failed jobs"). The Forge app cannot see the worker's queues; the worker can. A job that has
 * used its attempts (or was refused for good, e.g. a permission missing on the portfolio project) sends one
 * Jira notification (`POST /rest/api/3/issue/{id}/notify`) to the configured secretariat group, on the portfolio
 * issue of the product concerned, or, for a job about a whole site, on `portfolio.noticeIssue` or the oldest
 * portfolio issue. Jira's own mail and each member's notification settings then apply.
 *
 * Once per cause: a ledger key in Redis (a hash of queue, job, product or site, and reason) is set before the
 * notice goes, so the same failure again, or on another worker process, sends nothing. The notice is in Danish
 * with the English below it (one mail to a group, whose members' languages the service does not know).
 *
 * Never blocks: the notice runs beside the worker (the failed-job handler does not wait for it); a refused or
 * failed notify is retried a few times and then logged, and its ledger key is released, so the next failure of
 * the same cause tries again.
 */
import { createHash } from 'node:crypto';
import { describeJiraError } from '../../src/jira/client.js';
import { notifyIssue } from '../../src/jira/notify.js';
import { searchPage } from '../../src/jira/search.js';
import { t } from '../../src/i18n/index.js';
import { PortfolioIndex } from './portfolio-index.js';
import type { ServiceContext } from './context.js';

export const DEFAULT_SECRETARIAT_GROUP = 'os2-sekretariat';

/** How long a cause stays announced: a failure that comes back a month later is news again. */
const LEDGER_TTL_S = 30 * 24 * 3600;

export interface FailedJob {
  queue: string;
  job: string;
  /** The source site the job was about (every sync job has one). */
  site?: string;
  /** The product, when the job was about one (sync-product, portfolio-write). */
  projectId?: string;
  /** The reason the job failed with (its last error message). */
  reason: string;
}

export interface FailureNoticeOptions {
  /** Notify attempts before giving up (default 3). */
  attempts?: number;
  /** Wait before the second attempt, doubled for each further one (default 2,000 ms). */
  retryDelayMs?: number;
}

export type NoticeOutcome = 'sent' | 'already_sent' | 'failed';

/** The failure cause a notice is sent once for. Digits runs are kept: a 403 and a 404 are different causes. */
export function failureCause(f: FailedJob): string {
  const subject = f.projectId ? `${f.site}/${f.projectId}` : (f.site ?? '-');
  return createHash('sha256')
    .update([f.queue, f.job, subject, f.reason.slice(0, 500)].join('\n'))
    .digest('hex');
}

/** Subject and text of the notice: Danish, then English. */
export function failureNoticeText(f: FailedJob): { subject: string; textBody: string } {
  const what = (lang: 'da' | 'en') =>
    f.projectId
      ? t(lang, 'failure.product', { product: `${f.site}/${f.projectId}` })
      : t(lang, 'failure.site', { site: f.site ?? '-' });
  const body = (lang: 'da' | 'en') =>
    t(lang, 'failure.body', { what: what(lang), queue: f.queue, job: f.job, reason: f.reason });
  return {
    subject: `${t('da', 'failure.subject', { what: what('da') })} / ${t('en', 'failure.subject', { what: what('en') })}`,
    textBody: `${body('da')}\n\n----- English -----\n\n${body('en')}`,
  };
}

/** The portfolio issue the notice goes on: the product's, else the configured one, else the oldest. */
async function noticeIssue(ctx: ServiceContext, f: FailedJob): Promise<string | undefined> {
  if (f.site && f.projectId) {
    const id = await new PortfolioIndex(ctx.redis, ctx.keys).get(`${f.site}/${f.projectId}`);
    if (id) return id;
  }
  if (ctx.config.portfolio.noticeIssue) return ctx.config.portfolio.noticeIssue;
  const page = await searchPage(
    ctx.portfolio.jira,
    `project = "${ctx.config.portfolio.projectKey}" ORDER BY created ASC`,
    { maxResults: 1, fields: ['summary'] },
  );
  return page.issues[0]?.id;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Sends the notice for one failed job unless its cause was announced already. Resolves with what happened;
 * never rejects (a failure is logged).
 */
export async function noticeFailedJob(
  ctx: ServiceContext,
  f: FailedJob,
  opts: FailureNoticeOptions = {},
): Promise<NoticeOutcome> {
  const group = ctx.config.portfolio.secretariatGroup ?? DEFAULT_SECRETARIAT_GROUP;
  const key = ctx.keys.failureNotice(failureCause(f));
  const log = ctx.logger.child({ queue: f.queue, job: f.job, site: f.site, project: f.projectId, group });
  try {
    const claimed = await ctx.redis.set(key, new Date().toISOString(), 'EX', LEDGER_TTL_S, 'NX');
    if (claimed !== 'OK') return 'already_sent';
  } catch (err) {
    log.warn({ err }, 'Kunne ikke læse loggen over sendte fejlbeskeder; sekretariatet får ingen besked nu');
    return 'failed';
  }
  const attempts = Math.max(1, opts.attempts ?? 3);
  const text = failureNoticeText(f);
  let last = '';
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep((opts.retryDelayMs ?? 2000) * 2 ** (i - 1));
    try {
      const issue = await noticeIssue(ctx, f);
      if (!issue) {
        last = `porteføljeprojektet ${ctx.config.portfolio.projectKey} har ingen sag at sende beskeden på`;
        continue;
      }
      await notifyIssue(ctx.portfolio.jira, issue, { ...text, accountIds: [], groups: [group] });
      log.info({ issue }, 'Sekretariatet har fået besked om det opgivne job');
      return 'sent';
    } catch (err) {
      last = describeJiraError(err);
      log.warn({ attempt: i + 1, reason: last }, 'Jira afviste beskeden til sekretariatet; prøver igen');
    }
  }
  // Released, so the next failure of the same cause tries again.
  await ctx.redis.del(key).catch(() => undefined);
  log.error({ reason: last }, 'Sekretariatet kunne ikke få besked om det opgivne job');
  return 'failed';
}
