import { z } from 'zod';
import { checkClock, decisionOf, isSecretariat, parseInput, refuse, BasisSchema } from './transition-kit';
import type { Actor } from './actor';
import type { ChangeRequest, ChangeRequestState } from './change-request';
import type { Decision } from './decision';
import type { GovernanceRecord } from './governance-record';
import type { GovernanceRuleError } from './rule-error';

/**
 * The priority order of a product's change requests (finding 9 of issue 14: priority was a free integer, so two
 * requests could both be #1). The order is one list per product (`crorder:<projectId>`, issue ids, first = #1);
 * a request's priority is its place among the requests that are prioritised and not yet decided. Placing one
 * at #n moves those from #n down one place; a request that is decided (approved, rejected, published) leaves
 * the order and those below it move up. There is never a second #1.
 */

/** Prioritised and awaiting the decision on the work: these are ranked. */
export const RANKED_STATES: readonly ChangeRequestState[] = [
  'prioritised',
  'specified',
  'estimated',
  'recommended',
];

export const PriorityOrderSchema = z.strictObject({
  order: z.array(z.string().min(1).max(64)).max(5000),
  revision: z.number().int().nonnegative(),
});
export type PriorityOrder = z.infer<typeof PriorityOrderSchema>;

/** A change request with the Jira issue id it is stored under (`cr:<issueId>`). */
export interface OrderEntry {
  issueId: string;
  request: ChangeRequest;
}

/**
 * The ranked requests, #1 first: those in the stored order in its order, then any ranked request the order does
 * not hold yet. The latter are requests prioritised before the order existed (migration): they follow by their
 * old free-integer priority, ties (two #1s) by who was submitted first, then by id, so the result is the same on
 * every read and no two share a place.
 */
export function rankedRequests(order: readonly string[], entries: readonly OrderEntry[]): OrderEntry[] {
  const ranked = entries.filter((e) => RANKED_STATES.includes(e.request.state));
  const byId = new Map(ranked.map((e) => [e.issueId, e]));
  const seen = new Set<string>();
  const out: OrderEntry[] = [];
  for (const id of order) {
    const e = byId.get(id);
    if (e && !seen.has(id)) {
      out.push(e);
      seen.add(id);
    }
  }
  const rest = ranked
    .filter((e) => !seen.has(e.issueId))
    .sort(
      (a, b) =>
        (a.request.priority ?? Number.MAX_SAFE_INTEGER) - (b.request.priority ?? Number.MAX_SAFE_INTEGER) ||
        a.request.submittedAt.localeCompare(b.request.submittedAt) ||
        a.issueId.localeCompare(b.issueId),
    );
  return [...out, ...rest];
}

/** The place of each ranked request, by issue id (1 = first). */
export function ranks(order: readonly string[], entries: readonly OrderEntry[]): Map<string, number> {
  return new Map(rankedRequests(order, entries).map((e, i) => [e.issueId, i + 1]));
}

/**
 * The order with `issueId` at `position` (clamped to 1..count+1; it need not be ranked yet), and the place it
 * got. Everything from that place down moves one place; the stored order keeps only ranked requests.
 */
export function placeAt(
  order: readonly string[],
  entries: readonly OrderEntry[],
  issueId: string,
  position: number,
): { order: string[]; position: number } {
  const others = rankedRequests(order, entries)
    .map((e) => e.issueId)
    .filter((id) => id !== issueId);
  const at = Math.min(Math.max(1, Math.trunc(position)), others.length + 1);
  return { order: [...others.slice(0, at - 1), issueId, ...others.slice(at - 1)], position: at };
}

export const ReorderInputSchema = z.strictObject({
  issueId: z.string().regex(/^\d+$/, 'Ukendt ønske').max(64),
  position: z.number().int().min(1, 'Pladsen skal være 1 eller derover'),
  basis: BasisSchema,
});
export type ReorderInput = z.input<typeof ReorderInputSchema>;

export type ReorderResult =
  | { ok: true; order: string[]; from: number; to: number; decision: Decision }
  | { ok: false; error: GovernanceRuleError };

/**
 * The coordination group (which may prioritise across the product's working groups, seed 001 and domain.md) or
 * the secretariat moves a ranked request to another place. Recorded as a change-request decision of that body.
 */
export function reorder(
  order: readonly string[],
  entries: readonly OrderEntry[],
  actor: Actor,
  input: ReorderInput,
  now: string,
  id: string,
  product?: GovernanceRecord,
): ReorderResult {
  const bad = checkClock(now, id);
  if (bad) return bad;
  const parsed = parseInput(ReorderInputSchema, input);
  if (!parsed.ok) return parsed;
  const { issueId, position, basis } = parsed.value;
  const inCoordination =
    product?.coordinationGroup?.members.some((m) => m.person.accountId === actor.accountId) ?? false;
  if (!inCoordination && !isSecretariat(actor)) return refuse('NOT_MEMBER_OF_BODY');
  const current = rankedRequests(order, entries);
  const from = current.findIndex((e) => e.issueId === issueId) + 1;
  if (from === 0) return refuse('CHANGE_REQUEST_NOT_PRIORITISED');
  const placed = placeAt(order, entries, issueId, position);
  const cr = current[from - 1]!.request;
  const decision = decisionOf(
    undefined,
    actor,
    {
      kind: 'change_request',
      body: inCoordination ? 'coordination_group' : 'secretariat',
      summary:
        `${cr.issueKey ? `${cr.issueKey}: ` : ''}${cr.title} – flyttet fra prioritet nr. ${from} til nr. ${placed.position}`.slice(
          0,
          2000,
        ),
      basis,
    },
    now,
    id,
    undefined,
  );
  return { ok: true, order: placed.order, from, to: placed.position, decision };
}
