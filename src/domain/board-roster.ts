import type { GovernanceRecord } from './governance-record';

/**
 * Who is on the board: the accountIds of the members of the board's Jira group (admin page "board group"),
 * read from Jira by the resolvers. Finding 1 of issue 14: `boardMember` used to be a toggle anyone editing a
 * group could set, so two ordinary municipal users made a "board majority". The flag is now only ever derived
 * from this roster: every record the rules see, and every member an edit names, is passed through it first,
 * so the N3 majority, the N3 coordination-group board member and the board-checked requirements count people
 * in the board's group and nobody else.
 */
export type BoardRoster = ReadonlySet<string>;

interface MemberLike {
  person: { accountId: string };
  boardMember?: boolean;
}

function derive<M extends MemberLike>(members: readonly M[], roster: BoardRoster): M[] {
  return members.map((m) => ({ ...m, boardMember: roster.has(m.person.accountId) }));
}

/** The record with every steering- and coordination-group member's `boardMember` taken from the roster. */
export function withBoardRoster(record: GovernanceRecord, roster: BoardRoster): GovernanceRecord {
  return {
    ...record,
    ...(record.steeringGroup
      ? { steeringGroup: { ...record.steeringGroup, members: derive(record.steeringGroup.members, roster) } }
      : {}),
    ...(record.coordinationGroup
      ? {
          coordinationGroup: {
            ...record.coordinationGroup,
            members: derive(record.coordinationGroup.members, roster),
          },
        }
      : {}),
  };
}

const isMember = (v: unknown): v is MemberLike =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { person?: { accountId?: unknown } }).person?.accountId === 'string';

/**
 * An edit's or a transition's input with the `boardMember` of every group member (an element of a `members`
 * array naming a `person`) replaced by the roster's answer: whatever the frontend sent is not taken.
 */
export function withBoardRosterInput<T>(input: T, roster: BoardRoster): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      o[k] =
        k === 'members' && Array.isArray(x)
          ? x.map((m) => (isMember(m) ? { ...m, boardMember: roster.has(m.person.accountId) } : walk(m)))
          : walk(x);
    }
    return o;
  };
  return walk(input) as T;
}
