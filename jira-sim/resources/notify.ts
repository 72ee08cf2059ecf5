/**
 * Issue notifications (api-group-issues, `POST /rest/api/3/issue/{issueIdOrKey}/notify`, operation `notify`).
 *
 * As Jira documents it: the caller needs Browse Projects on the issue's project (else 404, as for any issue the
 * caller cannot see); the body is a `Notification` (subject, textBody, htmlBody, `to`, `restrict`); the answer is
 * 204 when the mail is queued. 400 when the body is malformed, a named user or group does not exist, a recipient
 * is invalid (the assignee of an unassigned issue), or no recipient is left once the calling user is taken out
 * (Jira never mails the caller about their own action); 403 when outgoing mail is disabled on the site.
 * Recipients who cannot browse the issue, inactive users and those outside `restrict` are dropped silently,
 * as Jira drops them; each remaining user gets one mail however many ways they were named.
 *
 * The mail queue is kept beside the site state (not in it, so the state model stays the simulator's own):
 * `mailbox(site)` lists what was queued, `setOutgoingMail(site, false)` turns outgoing mail off.
 * Watchers: the simulator keeps no watcher lists; the reporter and the assignee are the watchers, as Jira
 * makes them by default.
 */
import { z } from 'zod';
import { JiraError, badRequest, validateBody } from '../http.js';
import type { Router } from '../http.js';
import type { Account } from '../state/types.js';
import type { SiteState } from '../state/site-state.js';
import { requireIssue } from './common.js';

export interface QueuedMail {
  issueId: string;
  issueKey: string;
  to: { accountId: string; emailAddress: string; locale: string };
  /** The account that asked Jira to send it. */
  from: string;
  subject: string;
  textBody?: string;
  htmlBody?: string;
  queuedAt: string;
}

interface MailState {
  enabled: boolean;
  queue: QueuedMail[];
}
const mail = new WeakMap<SiteState, MailState>();
function stateOf(site: SiteState): MailState {
  let s = mail.get(site);
  if (!s) {
    s = { enabled: true, queue: [] };
    mail.set(site, s);
  }
  return s;
}

/** Every mail queued on the site, oldest first. */
export function mailbox(site: SiteState): readonly QueuedMail[] {
  return stateOf(site).queue;
}
/** Turns outgoing mail on or off (off: the notify endpoint answers 403, as Jira does). */
export function setOutgoingMail(site: SiteState, enabled: boolean): void {
  stateOf(site).enabled = enabled;
}

const GroupNameSchema = z.object({ name: z.string().optional(), groupId: z.string().nullable().optional() });
const UserDetailsSchema = z.looseObject({ accountId: z.string().max(128).optional() });

// `Notification` and `NotificationRecipients` allow additional properties; the restrictions object does not.
const NotificationSchema = z.looseObject({
  subject: z.string().optional(),
  textBody: z.string().optional(),
  htmlBody: z.string().optional(),
  to: z
    .looseObject({
      reporter: z.boolean().optional(),
      assignee: z.boolean().optional(),
      watchers: z.boolean().optional(),
      voters: z.boolean().optional(),
      users: z.array(UserDetailsSchema).optional(),
      groups: z.array(GroupNameSchema).optional(),
      groupIds: z.array(z.string()).optional(),
    })
    .optional(),
  restrict: z
    .strictObject({
      groups: z.array(GroupNameSchema).optional(),
      groupIds: z.array(z.string()).optional(),
      permissions: z
        .array(z.looseObject({ id: z.string().optional(), key: z.string().optional() }))
        .optional(),
    })
    .optional(),
});

export function register(r: Router): void {
  r.post('/rest/api/3/issue/{issueIdOrKey}/notify', (ctx) => {
    const issue = requireIssue(ctx, ctx.params.issueIdOrKey!);
    const body = validateBody(NotificationSchema, ctx.body ?? {});
    const site = ctx.site;
    const project = site.projects.get(issue.projectId)!;

    const named = new Set<string>();
    const to = body.to ?? {};
    if (to.reporter && issue.reporterId) named.add(issue.reporterId);
    if (to.assignee) {
      if (!issue.assigneeId)
        throw badRequest('The recipient is invalid: the issue has no assignee to notify.');
      named.add(issue.assigneeId);
    }
    if (to.watchers) for (const id of [issue.reporterId, issue.assigneeId]) if (id) named.add(id);
    if (to.voters) for (const id of issue.voters ?? []) named.add(id);
    for (const u of to.users ?? []) {
      if (!u.accountId) throw badRequest('A user recipient must have an accountId.');
      if (!site.accounts.has(u.accountId))
        throw badRequest(`User with accountId '${u.accountId}' does not exist.`);
      named.add(u.accountId);
    }
    const groupByRef = (g: { name?: string; groupId?: string | null }) => {
      const found = site.findGroup({ groupname: g.name, groupId: g.groupId ?? undefined });
      if (!found) throw badRequest(`Group '${g.name ?? g.groupId ?? ''}' does not exist.`);
      return found;
    };
    for (const g of to.groups ?? []) for (const id of groupByRef(g).members) named.add(id);
    for (const id of to.groupIds ?? []) for (const m of groupByRef({ groupId: id }).members) named.add(m);

    const restrictGroups = [
      ...(body.restrict?.groups ?? []).map(groupByRef),
      ...(body.restrict?.groupIds ?? []).map((id) => groupByRef({ groupId: id })),
    ];
    for (const p of body.restrict?.permissions ?? []) {
      const key = (p.key ?? p.id ?? '').toUpperCase();
      if (key !== 'BROWSE' && key !== 'BROWSE_PROJECTS' && key !== '10')
        throw badRequest(`The permission '${p.key ?? p.id ?? ''}' is not supported by the simulator.`);
    }
    const receives = (a: Account) =>
      a.active &&
      a.accountType === 'atlassian' &&
      site.canBrowse(a, project) &&
      restrictGroups.every((g) => g.members.has(a.accountId));

    named.delete(ctx.user.accountId);
    if (named.size === 0) throw badRequest('No recipients were defined for notification.');
    const state = stateOf(site);
    if (!state.enabled)
      throw new JiraError(403, ['Notifications cannot be sent: outgoing emails are disabled on this site.']);
    const now = new Date(site.now()).toISOString();
    for (const id of named) {
      const a = site.accounts.get(id);
      if (!a || !receives(a)) continue;
      state.queue.push({
        issueId: String(issue.id),
        issueKey: issue.key,
        to: { accountId: a.accountId, emailAddress: a.emailAddress, locale: a.locale },
        from: ctx.user.accountId,
        subject: body.subject ?? `${issue.key}: ${issue.summary}`,
        ...(body.textBody !== undefined ? { textBody: body.textBody } : {}),
        ...(body.htmlBody !== undefined ? { htmlBody: body.htmlBody } : {}),
        queuedAt: now,
      });
    }
    return { status: 204 };
  });
}
