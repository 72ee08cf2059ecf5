/**
 * Dynamic webhooks (api-group-webhooks): register, list, delete, refresh, failed; and delivery of issue and
 * project events to the registered URL, filtered by the webhook's JQL. Jira allows this API to Connect and
 * OAuth 2.0 apps only; the simulator also allows accounts with Administer Jira (see docs/jira-sim.md).
 */
import { z } from 'zod';
import { badRequest, forbidden, intParam, ok, validateBody } from '../http.js';
import type { HandlerContext, Router } from '../http.js';
import { compileJql } from '../jql/evaluate.js';
import { issueJson, projectRef, resolveFields, userRef } from '../state/represent.js';
import type { SiteEvent, SiteState } from '../state/site-state.js';
import type { Webhook } from '../state/types.js';

export const ISSUE_EVENTS = [
  'jira:issue_created',
  'jira:issue_updated',
  'jira:issue_deleted',
  'issue_property_set',
  'issue_property_deleted',
] as const;
export const PROJECT_EVENTS = ['project_created', 'project_updated', 'project_deleted'] as const;
const KNOWN_EVENTS = new Set<string>([
  ...ISSUE_EVENTS,
  ...PROJECT_EVENTS,
  'comment_created',
  'comment_updated',
  'comment_deleted',
]);

const THIRTY_DAYS = 30 * 86_400_000;

const RegisterSchema = z.strictObject({
  url: z.string().url(),
  webhooks: z
    .array(
      z.strictObject({
        events: z.array(z.string()).min(1),
        jqlFilter: z.string(),
        fieldIdsFilter: z.array(z.string()).optional(),
        issuePropertyKeysFilter: z.array(z.string()).optional(),
      }),
    )
    .min(1)
    .max(100),
});
const IdsSchema = z.strictObject({ webhookIds: z.array(z.number().int()).min(1).max(100) });

export interface WebhookDelivery {
  webhookId: number;
  url: string;
  event: string;
  body: Record<string, unknown>;
  status?: number;
  error?: string;
  at: number;
}

function requireWebhookRights(ctx: HandlerContext): void {
  if (!ctx.site.isGlobalAdmin(ctx.user)) {
    throw forbidden('Only Connect and OAuth 2.0 apps can use this operation.');
  }
}

function webhookJson(w: Webhook): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: w.id,
    jqlFilter: w.jqlFilter,
    events: w.events,
    expirationDate: w.expirationDate,
    url: w.url,
  };
  if (w.fieldIdsFilter) out.fieldIdsFilter = w.fieldIdsFilter;
  if (w.issuePropertyKeysFilter) out.issuePropertyKeysFilter = w.issuePropertyKeysFilter;
  return out;
}

export function register(r: Router): void {
  r.post('/rest/api/3/webhook', (ctx) => {
    requireWebhookRights(ctx);
    const body = validateBody(RegisterSchema, ctx.body);
    const results = body.webhooks.map((w) => {
      const errors: string[] = [];
      for (const e of w.events) if (!KNOWN_EVENTS.has(e)) errors.push(`Event '${e}' is not supported.`);
      try {
        const q = compileJql(w.jqlFilter, ctx.site, ctx.user);
        if (q.query.orderBy.length > 0) errors.push('The JQL filter must not contain an ORDER BY clause.');
      } catch (e) {
        errors.push(`The JQL filter is invalid: ${(e as Error).message}`);
      }
      if (errors.length > 0) return { errors };
      const created = ctx.site.addWebhook({
        ownerAccountId: ctx.user.accountId,
        url: body.url,
        events: w.events,
        jqlFilter: w.jqlFilter,
        fieldIdsFilter: w.fieldIdsFilter,
        issuePropertyKeysFilter: w.issuePropertyKeysFilter,
        expirationDate: ctx.site.now() + THIRTY_DAYS,
      });
      return { createdWebhookId: created.id };
    });
    return ok({ webhookRegistrationResult: results });
  });

  r.get('/rest/api/3/webhook', (ctx) => {
    requireWebhookRights(ctx);
    const startAt = intParam(ctx.query, 'startAt', 0);
    const maxResults = Math.min(intParam(ctx.query, 'maxResults', 100), 100);
    const mine = [...ctx.site.webhooks.values()].filter((w) => w.ownerAccountId === ctx.user.accountId);
    const values = mine.slice(startAt, startAt + maxResults).map(webhookJson);
    return ok({
      maxResults,
      startAt,
      total: mine.length,
      isLast: startAt + values.length >= mine.length,
      values,
    });
  });

  r.delete('/rest/api/3/webhook', (ctx) => {
    requireWebhookRights(ctx);
    const body = validateBody(IdsSchema, ctx.body);
    for (const id of body.webhookIds) {
      const w = ctx.site.webhooks.get(id);
      if (w && w.ownerAccountId === ctx.user.accountId) ctx.site.webhooks.delete(id);
    }
    return { status: 202 };
  });

  r.put('/rest/api/3/webhook/refresh', (ctx) => {
    requireWebhookRights(ctx);
    const body = validateBody(IdsSchema, ctx.body);
    const expirationDate = ctx.site.now() + THIRTY_DAYS;
    for (const id of body.webhookIds) {
      const w = ctx.site.webhooks.get(id);
      if (w && w.ownerAccountId === ctx.user.accountId) w.expirationDate = expirationDate;
    }
    return ok({ expirationDate });
  });

  r.get('/rest/api/3/webhook/failed', (ctx) => {
    requireWebhookRights(ctx);
    const maxResults = Math.min(intParam(ctx.query, 'maxResults', 100), 100);
    if (maxResults < 0) throw badRequest('maxResults must be positive.');
    return ok({ values: [], maxResults });
  });
}

function matches(site: SiteState, w: Webhook, e: SiteEvent): boolean {
  if (!w.events.includes(e.webhookEvent)) return false;
  if (w.expirationDate < site.now()) return false;
  const owner = site.accounts.get(w.ownerAccountId);
  if (!owner) return false;
  let q;
  try {
    q = compileJql(w.jqlFilter, site, owner);
  } catch {
    return false;
  }
  if (e.issue) {
    if (e.propertyKey && w.issuePropertyKeysFilter && !w.issuePropertyKeysFilter.includes(e.propertyKey))
      return false;
    if (w.fieldIdsFilter && e.changedFields && !e.changedFields.some((f) => w.fieldIdsFilter!.includes(f)))
      return false;
    return q.matches(e.issue);
  }
  if (e.project) return !q.boundProjects || q.boundProjects.includes(e.project.id);
  return false;
}

function payload(site: SiteState, w: Webhook, e: SiteEvent): Record<string, unknown> {
  const body: Record<string, unknown> = {
    timestamp: e.timestamp,
    webhookEvent: e.webhookEvent,
    matchedWebhookIds: [w.id],
  };
  if (e.user) body.user = userRef(site, e.user);
  if (e.issue) {
    const owner = site.accounts.get(w.ownerAccountId)!;
    body.issue = issueJson(site, e.issue, { fields: resolveFields(undefined, '*navigable'), viewer: owner });
    if (e.webhookEvent.startsWith('jira:issue')) {
      body.issue_event_type_name =
        e.webhookEvent === 'jira:issue_created'
          ? 'issue_created'
          : e.webhookEvent === 'jira:issue_deleted'
            ? 'issue_deleted'
            : 'issue_generic';
    }
    if (e.changedFields)
      body.changelog = {
        id: String(e.timestamp),
        items: e.changedFields.map((field) => ({ field, fieldtype: 'jira', fieldId: field })),
      };
    if (e.propertyKey) body.property = { key: e.propertyKey, value: e.issue.properties?.get(e.propertyKey) };
  }
  if (e.project) {
    const lead = site.accounts.get(e.project.leadAccountId);
    body.project = {
      ...projectRef(site, e.project),
      projectLead: lead ? userRef(site, lead) : undefined,
      assigneeType: 'admin.assignee.type.unassigned',
    };
    if (e.propertyKey) body.property = { key: e.propertyKey };
  }
  return body;
}

/** Wires delivery of a site's events to its webhooks; deliveries are recorded in `log` (newest last). */
export function attachDelivery(site: SiteState, log: WebhookDelivery[]): void {
  site.onEvent((e) => {
    for (const w of site.webhooks.values()) {
      if (!matches(site, w, e)) continue;
      const body = payload(site, w, e);
      const d: WebhookDelivery = { webhookId: w.id, url: w.url, event: e.webhookEvent, body, at: site.now() };
      log.push(d);
      if (log.length > 1000) log.splice(0, log.length - 1000);
      fetch(w.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Atlassian Webhook HTTP Client',
          'x-atlassian-webhook-identifier': `${w.id}-${e.timestamp}`,
        },
        body: JSON.stringify(body),
      })
        .then(async (res) => {
          d.status = res.status;
          await res.body?.cancel();
        })
        .catch((err: unknown) => {
          d.error = (err as Error).message;
        });
    }
  });
}
