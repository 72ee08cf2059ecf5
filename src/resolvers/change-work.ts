/**
 * The project page's part of the change-request process (finding 9 of issue 14; seed 001): the product's working
 * groups, its priority order and the outcomes published to the user club. Defined on the project page's resolver:
 * - `changeWork` {} → { groups, groupsRevision, ranked, orderRevision, published, can }
 * - `saveWorkingGroup` { expectedRevision, input } → the secretariat creates or changes a group (members from
 *   municipalities, the convenor one of them; none: the secretariat convenes)
 * - `reorderChangeRequest` { expectedRevision, issueId, position, basis } → the coordination group or the
 *   secretariat moves a prioritised request; the others move, and the move is logged as a decision
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { saveWorkingGroup, convenorOf } from '../domain/working-group';
import { rankedRequests, reorder } from '../domain/priority-order';
import { withBoardRoster } from '../domain/board-roster';
import { municipalityByCode } from '../domain/municipalities';
import { ruleError, type GovernanceRuleError } from '../domain/rule-error';
import { actingUser } from '../app/actor';
import { loadBoardRoster } from '../app/board';
import { appendDecision, loadGovernance } from '../app/storage';
import { afterGovernanceSave } from '../app/governance-service';
import { TooManyPeopleError, UnknownUserError, withJiraNames } from '../app/people';
import {
  loadPriorityOrder,
  loadProductRequests,
  loadWorkingGroups,
  savePriorityOrder,
  saveWorkingGroups,
} from '../app/working-groups';
import { projectIdOf, refuse, resolver, ruleRefusal, Refusal, type Request } from './common';
import { t, type Locale } from '../i18n/index';
import type { Resolver } from './forge-resolver';
import type { ChangeWorkData } from '../shared/change-work-data';

// The answer's shape is src/shared's: the page's UI bundle reads it without loading this module's imports.
export type { ChangeWorkData } from '../shared/change-work-data';

const Revision = z.number().int().nonnegative();

const stale = (locale: Locale, expected: number, current: number) =>
  new Refusal({ code: 'STALE_REVISION', message: t(locale, 'error.stale', { expected, current }) });

/** The product's key: the record's, else Forge's context. */
async function productOf(req: Request<unknown>) {
  const projectId = projectIdOf(req);
  const record = await loadGovernance(projectId);
  const key = record?.project.key ?? req.context.extension?.project?.key;
  if (!key) refuse(req.locale, 'NO_PROJECT', 'error.noProject');
  return { projectId, key, record };
}

async function loadChangeWork(req: Request<unknown>): Promise<ChangeWorkData> {
  const { projectId, key, record } = await productOf(req);
  const [requests, user, { order, revision: orderRevision }, roster] = await Promise.all([
    loadProductRequests(key),
    actingUser({ projectId }),
    loadPriorityOrder(projectId),
    loadBoardRoster(),
  ]);
  const { groups, revision: groupsRevision } = await loadWorkingGroups(projectId, requests);
  const product = record ? withBoardRoster(record, roster) : undefined;
  const isSecretariat = user.actor.roles.includes('secretariat');
  const inCoordination =
    product?.coordinationGroup?.members.some((m) => m.person.accountId === user.actor.accountId) ?? false;
  const groupName = (id: string | undefined, name: string | undefined) =>
    (id ? groups.find((g) => g.id === id)?.name : undefined) ?? name ?? null;
  return {
    groups: groups.map((g) => {
      const c = convenorOf(g);
      return {
        id: g.id,
        name: g.name,
        members: g.members.map((m) => ({
          person: m.person,
          municipality: m.municipality ?? null,
          municipalityName: m.municipality
            ? (municipalityByCode(m.municipality)?.name ?? m.municipality)
            : null,
        })),
        convenor: c.kind === 'member' ? c.person : null,
        migrated: g.migrated === true,
      };
    }),
    groupsRevision,
    ranked: rankedRequests(order, requests).map((e, i) => ({
      issueId: e.issueId,
      issueKey: e.request.issueKey ?? '',
      title: e.request.title,
      place: i + 1,
      state: e.request.state,
      workingGroup: groupName(e.request.workingGroup?.id, e.request.workingGroup?.name),
    })),
    orderRevision,
    /** What the user club can follow: every published outcome, newest first. */
    published: requests
      .filter((e) => e.request.state === 'published' && e.request.publishedAt)
      .sort((a, b) => b.request.publishedAt!.localeCompare(a.request.publishedAt!))
      .map((e) => ({
        issueKey: e.request.issueKey ?? '',
        title: e.request.title,
        approved: e.request.outcome?.approved ?? false,
        body: e.request.outcome?.body ?? null,
        reason: e.request.outcome?.reason ?? '',
        publishedAt: e.request.publishedAt!,
        workingGroup: groupName(e.request.workingGroup?.id, e.request.workingGroup?.name),
      })),
    can: { organise: isSecretariat, reorder: isSecretariat || inCoordination },
  };
}

export function withChangeWork<R extends InstanceType<typeof Resolver>>(r: R): R {
  r.define(
    'changeWork',
    resolver(z.object({ locale: z.string().optional() }), (req) => loadChangeWork(req)),
  );
  r.define(
    'saveWorkingGroup',
    resolver(
      z.object({ locale: z.string().optional(), expectedRevision: Revision, input: z.unknown() }),
      async (req) => {
        const { projectId, key } = await productOf(req);
        const [user, requests] = await Promise.all([actingUser({ projectId }), loadProductRequests(key)]);
        const { groups, revision } = await loadWorkingGroups(projectId, requests);
        if (revision !== req.payload.expectedRevision)
          throw stale(req.locale, req.payload.expectedRevision, revision);
        const now = new Date().toISOString();
        // The rules first, on the input as sent: a refused user or input looks up nobody in Jira.
        const asSent = saveWorkingGroup(groups, user.actor, req.payload.input as never, now);
        if (!asSent.ok) throw ruleRefusal(req.locale, asSent.error);
        let input: unknown;
        try {
          input = await withJiraNames(req.payload.input);
        } catch (e) {
          if (e instanceof UnknownUserError)
            refuse(req.locale, 'UNKNOWN_USER', 'error.unknownUser', { accountId: e.accountId });
          if (e instanceof TooManyPeopleError) throw ruleRefusal(req.locale, ruleError('INVALID_INPUT'));
          throw e;
        }
        const result = saveWorkingGroup(groups, user.actor, input as never, now);
        if (!result.ok) throw ruleRefusal(req.locale, result.error as GovernanceRuleError);
        const saved = await saveWorkingGroups(projectId, result.groups, revision);
        if (!saved.ok) throw stale(req.locale, revision, saved.current);
        return { group: result.group, revision: saved.value.revision };
      },
    ),
  );
  r.define(
    'reorderChangeRequest',
    resolver(
      z.object({
        locale: z.string().optional(),
        expectedRevision: Revision,
        issueId: z.string(),
        position: z.number().int(),
        basis: z.string().max(4000).optional(),
      }),
      async (req) => {
        const { projectId, key, record } = await productOf(req);
        const [user, requests, { order, revision }, roster] = await Promise.all([
          actingUser({ projectId }),
          loadProductRequests(key),
          loadPriorityOrder(projectId),
          loadBoardRoster(),
        ]);
        if (revision !== req.payload.expectedRevision)
          throw stale(req.locale, req.payload.expectedRevision, revision);
        const product = record ? withBoardRoster(record, roster) : undefined;
        const { issueId, position, basis } = req.payload;
        const result = reorder(
          order,
          requests,
          user.actor,
          { issueId, position, ...(basis !== undefined ? { basis } : {}) },
          new Date().toISOString(),
          randomUUID(),
          product,
        );
        if (!result.ok) throw ruleRefusal(req.locale, result.error);
        const saved = await savePriorityOrder(projectId, result.order, revision);
        if (!saved.ok) throw stale(req.locale, revision, saved.current);
        await appendDecision(projectId, result.decision);
        if (record) await afterGovernanceSave(record, req.context.siteUrl);
        return { from: result.from, to: result.to, decision: result.decision };
      },
    ),
  );
  return r;
}
