/**
 * Change requests (seed 001): storage of the domain's ChangeRequest (src/domain/change-request.ts), one key per
 * feature request (`cr:<issueId>`), and the dispatch of the panel's actions to the domain's functions. The rules —
 * who may act, in which state, which body decides within or beyond the product's economic frame — are the domain's.
 */
import { randomUUID } from 'node:crypto';
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
  rejectChangeRequest,
  specify,
  submitChangeRequest,
  type ChangeRequest,
  type ChangeRequestResult,
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
  'decideLarge',
  'publish',
] as const;
export type ChangeRequestAction = (typeof CHANGE_REQUEST_ACTIONS)[number];
export const ChangeRequestActionSchema = z.enum(CHANGE_REQUEST_ACTIONS);

export async function loadChangeRequest(issueId: string): Promise<ChangeRequest | undefined> {
  return getJson(keys.changeRequest(issueId), ChangeRequestSchema);
}
export async function saveChangeRequest(issueId: string, cr: ChangeRequest): Promise<void> {
  await putJson(keys.changeRequest(issueId), ChangeRequestSchema, cr);
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
}): ChangeRequestResult | { ok: false; missing: true } {
  const { action, current: cr, actor, now, product } = args;
  const input = args.input as never;
  const id = randomUUID();
  if (action === 'submit') {
    return submitChangeRequest(
      actor,
      { ...(args.input as object), id, issueKey: args.issueKey } as never,
      now,
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
    case 'decideLarge':
      return decideLarge(cr, actor, input, now, id, product);
    case 'publish':
      return publishOutcome(cr, actor, now);
  }
}
