/**
 * Change requests (seed 001): storage of the domain's ChangeRequest (src/domain/change-request.ts), one key per
 * feature request (`cr:<issueId>`), and the dispatch of the panel's actions to the domain's functions. The rules —
 * who may act, in which state, which body decides within or beyond the product's economic frame — are the domain's.
 */
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import {
  ChangeRequestSchema,
  assess,
  assignWorkingGroup,
  decideLarge,
  decideSmall,
  prioritise,
  publishOutcome,
  recommend,
  recordEstimate,
  referToBoard,
  rejectChangeRequest,
  specify,
  submitChangeRequest,
  type ChangeRequest,
  type ChangeRequestResult,
  type Pledges,
} from '../domain/change-request';
import type { Actor } from '../domain/actor';
import type { GovernanceRecord } from '../domain/governance-record';
import { getJson, keys, putJson } from './storage';

export const CHANGE_REQUEST_ACTIONS = [
  'submit',
  'decideSmall',
  'assignWorkingGroup',
  'assess',
  'prioritise',
  'reject',
  'specify',
  'recordEstimate',
  'recommend',
  'referToBoard',
  'decideLarge',
  'publish',
] as const;
export type ChangeRequestAction = (typeof CHANGE_REQUEST_ACTIONS)[number];
export const ChangeRequestActionSchema = z.enum(CHANGE_REQUEST_ACTIONS);

/** One commit per save, `cr:<issueId>:rev:<revision>`, claimed with FAIL_IF_EXISTS (as governance saves). */
const revisionKey = (issueId: string, revision: number) =>
  `${keys.changeRequest(issueId)}:rev:${String(revision).padStart(10, '0')}`;

/**
 * The request of a feature request. The head `cr:<issueId>` is rolled forward over a commit it does not reflect
 * yet (a save interrupted between its two writes), so such a save is completed, never lost.
 */
export async function loadChangeRequest(issueId: string): Promise<ChangeRequest | undefined> {
  let head = await getJson(keys.changeRequest(issueId), ChangeRequestSchema);
  for (;;) {
    const next = await getJson(revisionKey(issueId, (head?.revision ?? 0) + 1), ChangeRequestSchema);
    if (!next) return head;
    await putJson(keys.changeRequest(issueId), ChangeRequestSchema, next);
    head = next;
  }
}

export type SaveChangeRequestResult =
  { ok: true; request: ChangeRequest } | { ok: false; stale: true; current?: ChangeRequest };

/**
 * Saves `cr` as the successor of `expectedRevision` (the revision the user saw; 0 for none). A save based on an
 * older revision, or losing a race for the same one, is refused as stale and overwrites nothing.
 */
export async function saveChangeRequest(
  issueId: string,
  cr: ChangeRequest,
  expectedRevision: number,
): Promise<SaveChangeRequestResult> {
  const current = await loadChangeRequest(issueId);
  if ((current?.revision ?? 0) !== expectedRevision) return { ok: false, stale: true, current };
  const next = ChangeRequestSchema.parse({ ...cr, revision: expectedRevision + 1 });
  try {
    await kvs.set(revisionKey(issueId, next.revision), next, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === 'KEY_CONFLICT')
      return { ok: false, stale: true, current: await loadChangeRequest(issueId) };
    throw e;
  }
  await putJson(keys.changeRequest(issueId), ChangeRequestSchema, next);
  return { ok: true, request: next };
}

/** Runs one action of the domain's change-request process; the input is parsed by the domain. */
export function runChangeRequestAction(args: {
  action: ChangeRequestAction;
  current: ChangeRequest | undefined;
  actor: Actor;
  input: unknown;
  product: GovernanceRecord | undefined;
  issueKey: string;
  now: string;
  /** The municipalities' co-financing pledges on the request (its votes), logged with a financing decision. */
  pledges?: Pledges;
}): ChangeRequestResult | { ok: false; missing: true } {
  const { action, current: cr, actor, now, product } = args;
  const input = args.input as never;
  const id = randomUUID();
  if (action === 'submit') {
    return submitChangeRequest(
      actor,
      { ...(args.input as object), id, issueKey: args.issueKey } as never,
      now,
      cr,
    );
  }
  if (!cr) return { ok: false, missing: true };
  switch (action) {
    case 'decideSmall':
      return decideSmall(cr, actor, input, now, id);
    case 'assignWorkingGroup':
      return assignWorkingGroup(cr, actor, input, now);
    case 'assess':
      return assess(cr, actor, input, now);
    case 'prioritise':
      return prioritise(cr, actor, input, now, id, product);
    case 'reject':
      return rejectChangeRequest(cr, actor, input, now, id, product);
    case 'specify':
      return specify(cr, actor, input, now);
    case 'recordEstimate':
      return recordEstimate(cr, actor, input, now);
    case 'recommend':
      return recommend(cr, actor, input, now);
    case 'referToBoard':
      return referToBoard(cr, actor, input, now, id, product, args.pledges);
    case 'decideLarge':
      return decideLarge(cr, actor, input, now, id, product, args.pledges);
    case 'publish':
      return publishOutcome(cr, actor, now);
  }
}
