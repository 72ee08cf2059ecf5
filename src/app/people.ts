/**
 * People named in an edit (project leader, project owner, steering and coordination group members) are taken by
 * accountId from the payload and their display names from Jira, read as the app: a frontend cannot put a name on
 * someone that is not theirs, and an unknown accountId is refused.
 */
import { isNotFoundError } from 'jira.js';
import { appJira } from './jira';

export class UnknownUserError extends Error {
  constructor(readonly accountId: string) {
    super(`Unknown user ${accountId}`);
  }
}

/** More people, or deeper nesting, than any edit has: refused before any lookup. */
export class TooManyPeopleError extends Error {
  constructor() {
    super('Too many people or too deep an input');
  }
}

type Json = unknown;

/**
 * At most this many distinct people per edit (the largest group the domain allows is 200 coordination-group
 * members) and this deep an input: every lookup is a call on the app's shared rate limit.
 */
export const MAX_PEOPLE_PER_EDIT = 200;
const MAX_DEPTH = 16;
/** Lookups in flight at once, so one edit never bursts the app's rate limit. */
const LOOKUP_CONCURRENCY = 5;

/**
 * Every `{ accountId, displayName }` object in `input`, with Jira's display name; throws UnknownUserError, or
 * TooManyPeopleError (checked before any lookup). The walk is iterative with a depth bound, so a deeply nested
 * input cannot overflow the stack.
 */
export async function withJiraNames<T extends Json>(input: T): Promise<T> {
  const ids = new Set<string>();
  const stack: { v: Json; depth: number }[] = [{ v: input, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) throw new TooManyPeopleError();
    const o = v as Record<string, unknown>;
    if (!Array.isArray(v) && typeof o.accountId === 'string' && 'displayName' in o) ids.add(o.accountId);
    if (ids.size > MAX_PEOPLE_PER_EDIT) throw new TooManyPeopleError();
    for (const x of Array.isArray(v) ? v : Object.values(o)) stack.push({ v: x, depth: depth + 1 });
  }
  if (ids.size === 0) return input;
  const jira = appJira();
  const names = new Map<string, string>();
  const queue = [...ids];
  const worker = async () => {
    for (let accountId = queue.shift(); accountId !== undefined; accountId = queue.shift()) {
      try {
        const user = await jira.users.getUser({ accountId });
        names.set(accountId, String(user.displayName ?? accountId));
      } catch (e) {
        queue.length = 0; // the edit is refused: the other lookups stop too
        if (isNotFoundError(e)) throw new UnknownUserError(accountId);
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, queue.length) }, worker));
  const rewrite = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === 'object') {
      const o = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, rewrite(x)]),
      );
      if (typeof o.accountId === 'string' && 'displayName' in o)
        o.displayName = names.get(o.accountId) ?? o.displayName;
      return o;
    }
    return v;
  };
  return rewrite(input) as T;
}
