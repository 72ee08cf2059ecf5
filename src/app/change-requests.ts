/**
 * Change requests (seed 001): storage of the domain's ChangeRequest (src/domain/change-request.ts), one key per
 * feature request (`cr:<issueId>`), and the dispatch of the panel's actions to the domain's functions. The rules —
 * who may act, in which state, which body decides within or beyond the product's economic frame — are the domain's.
 *
 * Keys:
 *   cr:<issueId>                    head: the request as of its newest save
 *   cr:<issueId>:rev:<n, 10 d>      one commit per save (FAIL_IF_EXISTS)
 *   crp:<projectKey>:<issueId>      the product index: a copy of the head, written in the same transaction as the
 *                                   head, so a product's requests are one prefix query of that product's own keys
 *                                   (issue 14: every action used to read every `cr:` key of the site)
 *   crp:<projectKey>:indexed        the product's index is complete (written once, after the migration below)
 * The index is keyed by the project key the request's own `issueKey` carries, not by the project id: every writer
 * of a head (a save, or a reader rolling an interrupted save forward, which knows only the issue id) can then
 * write the index entry with it, and it is the same product test the full scan used (`issueKey` → project key).
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
import { getJson, isKvsError, keys, queryAll } from './storage';

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

/** The project key of an issue key (`KITOS-12` → `KITOS`). */
export const projectKeyOf = (issueKey: string) => issueKey.replace(/-\d+$/, '');

/** Jira's project keys: a letter, then letters, digits or underscores (all within Forge's key characters). */
const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

export const productIndexKeys = {
  prefix: (projectKey: string) => `crp:${projectKey}:`,
  entry: (projectKey: string, issueId: string) => `crp:${projectKey}:${issueId}`,
  complete: (projectKey: string) => `crp:${projectKey}:indexed`,
} as const;

const IndexCompleteSchema = z.object({ at: z.iso.datetime() });

/** The product a request's index entry is under; none for a request stored without its issue key (very old). */
function indexProductOf(cr: ChangeRequest): string | undefined {
  const key = cr.issueKey === undefined ? undefined : projectKeyOf(cr.issueKey);
  return key !== undefined && PROJECT_KEY.test(key) ? key : undefined;
}

/** Writes the head and its product index entry together: one round trip, and never one without the other. */
async function writeHead(issueId: string, cr: ChangeRequest): Promise<void> {
  const value = ChangeRequestSchema.parse(cr);
  const product = indexProductOf(value);
  const tx = kvs.transact().set(keys.changeRequest(issueId), value);
  if (product) tx.set(productIndexKeys.entry(product, issueId), value);
  await tx.execute();
}

/** A product's request as listed: the Jira issue id it is stored under, and the request. */
export interface ProductRequest {
  issueId: string;
  request: ChangeRequest;
}

const HEAD_KEY = /^cr:(\d+)$/;

/**
 * Every change request of a product (`projectKey`), read from its index: the storage operations grow with the
 * product's own requests (one query per 100), never with the rest of the site. A product whose index is not
 * complete yet (requests stored before the index existed) is indexed here once, from a scan of every head.
 */
export async function loadProductRequests(projectKey: string): Promise<ProductRequest[]> {
  if (!PROJECT_KEY.test(projectKey)) return [];
  const prefix = productIndexKeys.prefix(projectKey);
  const rows = await queryAll<unknown>(prefix);
  if (!rows.some((r) => r.key === productIndexKeys.complete(projectKey))) return indexProduct(projectKey);
  const entry = new RegExp(`^${prefix}(\\d+)$`);
  const out: ProductRequest[] = [];
  for (const r of rows) {
    const m = entry.exec(r.key);
    if (m) out.push({ issueId: m[1]!, request: ChangeRequestSchema.parse(r.value) });
  }
  return out;
}

/**
 * The migration on read: the product's requests from a scan of every head (as every action read them before the
 * index), each copied into the index unless a save has written its entry meanwhile (FAIL_IF_EXISTS: a save's
 * copy is never overwritten by the older head the scan read), then the mark that the index is complete, after
 * which this product is never scanned for again. Interrupted, it runs again on the next read; every step repeats
 * harmlessly.
 */
async function indexProduct(projectKey: string): Promise<ProductRequest[]> {
  const rows = await queryAll<unknown>('cr:');
  const found: ProductRequest[] = [];
  for (const r of rows) {
    const m = HEAD_KEY.exec(r.key);
    if (!m) continue;
    const request = ChangeRequestSchema.parse(r.value);
    if (indexProductOf(request) === projectKey) found.push({ issueId: m[1]!, request });
  }
  // A few at a time: the one-off copy stays well inside Forge's writes per minute and the resolver's 25 s.
  for (let i = 0; i < found.length; i += 10) {
    await Promise.all(
      found.slice(i, i + 10).map(async ({ issueId, request }) => {
        try {
          await kvs.set(productIndexKeys.entry(projectKey, issueId), request, {
            keyPolicy: 'FAIL_IF_EXISTS',
          });
        } catch (e) {
          if (!isKvsError(e, 'KEY_CONFLICT')) throw e;
        }
      }),
    );
  }
  await kvs.set(
    productIndexKeys.complete(projectKey),
    IndexCompleteSchema.parse({ at: new Date().toISOString() }),
  );
  return found;
}

/**
 * The request of a feature request. The head `cr:<issueId>` is rolled forward over a commit it does not reflect
 * yet (a save interrupted between its two writes), so such a save is completed, never lost.
 */
export async function loadChangeRequest(issueId: string): Promise<ChangeRequest | undefined> {
  let head = await getJson(keys.changeRequest(issueId), ChangeRequestSchema);
  for (;;) {
    const next = await getJson(revisionKey(issueId, (head?.revision ?? 0) + 1), ChangeRequestSchema);
    if (!next) return head;
    await writeHead(issueId, next);
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
  await writeHead(issueId, next);
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
