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

type Json = unknown;

/** Every `{ accountId, displayName }` object in `input`, with Jira's display name; throws UnknownUserError. */
export async function withJiraNames<T extends Json>(input: T): Promise<T> {
  const ids = new Set<string>();
  const collect = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.accountId === 'string' && 'displayName' in o) ids.add(o.accountId);
      Object.values(o).forEach(collect);
    }
  };
  collect(input);
  if (ids.size === 0) return input;
  const jira = appJira();
  const names = new Map<string, string>();
  await Promise.all(
    [...ids].map(async (accountId) => {
      try {
        const user = await jira.users.getUser({ accountId });
        names.set(accountId, String(user.displayName ?? accountId));
      } catch (e) {
        if (isNotFoundError(e)) throw new UnknownUserError(accountId);
        throw e;
      }
    }),
  );
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
