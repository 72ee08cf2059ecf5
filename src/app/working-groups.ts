/**
 * Working groups and the priority order of a product's change requests (finding 9 of issue 14) in Forge
 * storage, and the hooks the change-request action takes on them. The rules are the domain's
 * (src/domain/working-group.ts, src/domain/priority-order.ts).
 *
 * Keys (one product, `projectId`):
 *   wg:<projectId>                  head: { groups, revision }
 *   wg:<projectId>:rev:<n, 10 d>    one commit per save (FAIL_IF_EXISTS), as change requests are saved
 *   crorder:<projectId>             head: { order: issueId[], revision }
 *   crorder:<projectId>:rev:<n>     one commit per save
 * The product's change requests are read from their product index (`loadProductRequests`, change-requests.ts).
 */
import { kvs } from '@forge/kvs';
import type { z } from 'zod';
import type { ChangeRequest } from '../domain/change-request';
import {
  convenorOf,
  migrateWorkingGroups,
  withCurrentGroup,
  WorkingGroupsSchema,
  type WorkingGroup,
} from '../domain/working-group';
import {
  placeAt,
  PriorityOrderSchema,
  rankedRequests,
  ranks,
  type OrderEntry,
} from '../domain/priority-order';
import { ruleError, type GovernanceRuleError } from '../domain/rule-error';
import { loadProductRequests, projectKeyOf, type ChangeRequestAction } from './change-requests';
import { getJson, putJson, queryAll } from './storage';

export { loadProductRequests, projectKeyOf };

const pad = (n: number) => String(n).padStart(10, '0');
export const workingGroupKeys = {
  groups: (projectId: string) => `wg:${projectId}`,
  order: (projectId: string) => `crorder:${projectId}`,
} as const;

type Versioned = { revision: number };

/** The head, rolled forward over a commit it does not reflect yet (a save interrupted between its writes). */
async function loadVersioned<T extends Versioned>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let head = await getJson(key, schema);
  for (;;) {
    const next = await getJson(`${key}:rev:${pad((head?.revision ?? 0) + 1)}`, schema);
    if (!next) return head;
    await putJson(key, schema, next);
    head = next;
  }
}

/** Saves `value` as the successor of `expectedRevision`; a stale save, or one losing a race, writes nothing. */
async function saveVersioned<T extends Versioned>(
  key: string,
  schema: z.ZodType<T>,
  value: T,
  expectedRevision: number,
): Promise<{ ok: true; value: T } | { ok: false; current: number }> {
  const current = await loadVersioned(key, schema);
  if ((current?.revision ?? 0) !== expectedRevision) return { ok: false, current: current?.revision ?? 0 };
  const next = schema.parse({ ...value, revision: expectedRevision + 1 });
  try {
    await kvs.set(`${key}:rev:${pad(next.revision)}`, next, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === 'KEY_CONFLICT')
      return { ok: false, current: (await loadVersioned(key, schema))?.revision ?? expectedRevision + 1 };
    throw e;
  }
  await putJson(key, schema, next);
  return { ok: true, value: next };
}

/** The product's groups, with those migrated from names on old requests, and the stored revision. */
export async function loadWorkingGroups(
  projectId: string,
  requests: readonly OrderEntry[],
): Promise<{ groups: WorkingGroup[]; revision: number }> {
  const stored = await loadVersioned(workingGroupKeys.groups(projectId), WorkingGroupsSchema);
  return {
    groups: migrateWorkingGroups(
      stored?.groups ?? [],
      requests.map((e) => e.request),
    ),
    revision: stored?.revision ?? 0,
  };
}

export async function saveWorkingGroups(projectId: string, groups: WorkingGroup[], expectedRevision: number) {
  // Saving makes the migrated groups the secretariat's own.
  const plain = groups.map(({ migrated: _m, ...g }) => g);
  return saveVersioned(
    workingGroupKeys.groups(projectId),
    WorkingGroupsSchema,
    { groups: plain, revision: expectedRevision },
    expectedRevision,
  );
}

export async function loadPriorityOrder(projectId: string): Promise<{ order: string[]; revision: number }> {
  return (
    (await loadVersioned(workingGroupKeys.order(projectId), PriorityOrderSchema)) ?? {
      order: [],
      revision: 0,
    }
  );
}

export async function savePriorityOrder(projectId: string, order: string[], expectedRevision: number) {
  return saveVersioned(
    workingGroupKeys.order(projectId),
    PriorityOrderSchema,
    { order, revision: expectedRevision },
    expectedRevision,
  );
}

/**
 * Before a change-request action: the request as the rules see it (its group's current convenor), the
 * assignment's `{ groupId }` turned into the group, and a priority clamped to a place the order has (so the
 * decision's "prioriteret som nr. n" is the place the request gets).
 */
export async function prepareChangeRequestAction(args: {
  action: ChangeRequestAction;
  current: ChangeRequest | undefined;
  input: unknown;
  projectId: string;
  issueId: string;
  issueKey: string;
}): Promise<
  { ok: true; current: ChangeRequest | undefined; input: unknown } | { ok: false; error: GovernanceRuleError }
> {
  if (args.action === 'submit') return { ok: true, current: args.current, input: args.input };
  const requests = await loadProductRequests(projectKeyOf(args.issueKey));
  const { groups } = await loadWorkingGroups(args.projectId, requests);
  const current = args.current ? withCurrentGroup(args.current, groups) : undefined;
  const input = (args.input ?? {}) as Record<string, unknown>;
  if (args.action === 'assignWorkingGroup') {
    // A request goes to one of the product's groups, named by id (or by its exact name, as older clients send
    // it); a name that is no group is refused rather than becoming a group nobody is in (finding 9).
    const wanted = (v: unknown) => String(v).trim().toLocaleLowerCase('da');
    const group =
      typeof input.groupId === 'string'
        ? groups.find((g) => g.id === input.groupId)
        : typeof input.name === 'string'
          ? groups.find((g) => wanted(g.name) === wanted(input.name))
          : undefined;
    // The issue names the field, so the form shows the refusal under the group's choice.
    if (!group) {
      const m = ruleError('UNKNOWN_WORKING_GROUP');
      return { ok: false, error: ruleError('UNKNOWN_WORKING_GROUP', [{ path: ['groupId'], message: m.da }]) };
    }
    return { ok: true, current, input: { id: group.id, name: group.name } };
  }
  if (
    args.action === 'prioritise' &&
    typeof input.priority === 'number' &&
    Number.isInteger(input.priority)
  ) {
    const { order } = await loadPriorityOrder(args.projectId);
    const place = placeAt(order, requests, args.issueId, input.priority).position;
    return { ok: true, current, input: { ...input, priority: input.priority >= 1 ? place : input.priority } };
  }
  return { ok: true, current, input };
}

/**
 * After a prioritisation is saved: the request takes its place in the product's order and those from that place
 * down move one place. A lost race for the order is retried on the newer order, so no placement is lost.
 */
export async function placeInOrder(
  projectId: string,
  issueId: string,
  request: ChangeRequest,
): Promise<void> {
  if (request.state !== 'prioritised' || request.priority === undefined) return;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const [{ order, revision }, requests] = await Promise.all([
      loadPriorityOrder(projectId),
      loadProductRequests(projectKeyOf(request.issueKey ?? '')),
    ]);
    const entries = [...requests.filter((e) => e.issueId !== issueId), { issueId, request }];
    const placed = placeAt(order, entries, issueId, request.priority);
    if ((await savePriorityOrder(projectId, placed.order, revision)).ok) return;
  }
  throw new Error(
    `The priority order of project ${projectId} kept changing; placement of ${issueId} not saved`,
  );
}

/** What the issue panel shows of the product: the groups to assign to (with convenors) and the request's place. */
export async function changeRequestContext(
  issue: { id: string; key: string; projectId: string },
  request: ChangeRequest | undefined,
): Promise<{
  workingGroups: { id: string; name: string; convenor: string | null }[];
  place: { place: number; of: number } | null;
}> {
  const requests = await loadProductRequests(projectKeyOf(issue.key));
  const [{ groups }, { order }] = await Promise.all([
    loadWorkingGroups(issue.projectId, requests),
    loadPriorityOrder(issue.projectId),
  ]);
  const ranked = request ? rankedRequests(order, requests) : [];
  const i = ranked.findIndex((e) => e.issueId === issue.id);
  return {
    workingGroups: groups.map((g) => {
      const c = convenorOf(g);
      return { id: g.id, name: g.name, convenor: c.kind === 'member' ? c.person.displayName : null };
    }),
    place: i < 0 ? null : { place: i + 1, of: ranked.length },
  };
}

/** Every product's priority order (one read of `crorder:`), by project id. */
export async function loadAllPriorityOrders(): Promise<Map<string, string[]>> {
  const rows = await queryAll<unknown>('crorder:');
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (!/^crorder:\d+$/.test(r.key)) continue;
    const parsed = PriorityOrderSchema.safeParse(r.value);
    if (parsed.success) out.set(r.key.slice('crorder:'.length), parsed.data.order);
  }
  return out;
}

/**
 * The requests with `priority` set to their place in their product's order now (finding 9): the stored number is
 * the place given when prioritised, which later placements move. A request that is not ranked has none.
 */
export function withCurrentPlaces<T extends { projectId: string; issueId: string; request: ChangeRequest }>(
  requests: readonly T[],
  orders: ReadonlyMap<string, readonly string[]>,
): T[] {
  const byProject = new Map<string, T[]>();
  for (const r of requests) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r]);
  const place = new Map<T, number>();
  for (const [projectId, rs] of byProject) {
    const ranked = ranks(orders.get(projectId) ?? [], rs);
    for (const r of rs) {
      const p = ranked.get(r.issueId);
      if (p !== undefined) place.set(r, p);
    }
  }
  return requests.map((r) => {
    const { priority: _p, ...rest } = r.request;
    const p = place.get(r);
    return { ...r, request: p === undefined ? rest : { ...rest, priority: p } };
  });
}
