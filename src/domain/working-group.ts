import { z } from 'zod';
import { KommunekodeSchema } from './municipality';
import { municipalityByCode } from './municipalities';
import { AccountIdSchema, PersonSchema } from './person';
import { checkClock, isSecretariat, parseInput, refuse } from './transition-kit';
import type { Actor } from './actor';
import type { ChangeRequest } from './change-request';
import type { GovernanceRuleError } from './rule-error';
import type { Person } from './person';

/**
 * Working groups of a product (seed 001, "Rammer for arbejdsgrupperne"): participants come from the member
 * municipalities; "each working group is convened by a convenor (tovholder) who is part of the group; if no
 * municipality volunteers as convenor, the secretariat convenes it". Finding 9 of issue 14: a working group used
 * to be a name typed on each change request, with no members and no way to set the convenor. It is now an entity
 * of the product (stored per project, `wg:<projectId>`), and a change request names the group by id.
 */

export const WorkingGroupMemberSchema = z.strictObject({
  person: PersonSchema,
  /**
   * The municipality the member comes from. Required for every member the secretariat adds; only a convenor
   * carried over from a request stored before groups existed (`migrateWorkingGroups`) may lack it.
   */
  municipality: KommunekodeSchema.optional(),
});
export type WorkingGroupMember = z.infer<typeof WorkingGroupMemberSchema>;

export const WorkingGroupIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'Arbejdsgruppens id skal være små bogstaver, tal og bindestreg');

export const WorkingGroupSchema = z.strictObject({
  id: WorkingGroupIdSchema,
  name: z.string().trim().min(1).max(255),
  members: z.array(WorkingGroupMemberSchema).max(200),
  /** The accountId of the member who convenes the group; none: the secretariat convenes it. */
  convenor: AccountIdSchema.optional(),
  /** Set when the group was derived from a name typed on an old change request (not yet saved by anyone). */
  migrated: z.literal(true).optional(),
});
export type WorkingGroup = z.infer<typeof WorkingGroupSchema>;

/** What a product stores: its groups, saved at the revision the user saw (as change requests are). */
export const WorkingGroupsSchema = z.strictObject({
  groups: z.array(WorkingGroupSchema).max(100),
  revision: z.number().int().nonnegative(),
});
export type WorkingGroups = z.infer<typeof WorkingGroupsSchema>;

export const SaveWorkingGroupInputSchema = z.strictObject({
  /** Absent: a new group. */
  id: WorkingGroupIdSchema.optional(),
  name: z.string().trim().min(1, 'Arbejdsgruppen skal have et navn').max(255),
  members: z
    .array(
      z.strictObject({
        person: PersonSchema,
        municipality: KommunekodeSchema,
      }),
    )
    .max(200),
  convenor: AccountIdSchema.optional(),
});
export type SaveWorkingGroupInput = z.input<typeof SaveWorkingGroupInputSchema>;

export type WorkingGroupResult =
  { ok: true; groups: WorkingGroup[]; group: WorkingGroup } | { ok: false; error: GovernanceRuleError };

/** A readable, stable id from the name: `kontrakt-arbejdsgruppe`; a suffix when taken. */
export function workingGroupId(name: string, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'oe')
      .replace(/å/g, 'aa')
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'gruppe';
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

const sameName = (a: string, b: string) =>
  a.trim().toLocaleLowerCase('da') === b.trim().toLocaleLowerCase('da');

/**
 * The secretariat creates or changes a group: its name, its members (each from a municipality) and its convenor,
 * who must be one of them ("en tovholder der indgår i arbejdsgruppen"). No convenor: the secretariat convenes.
 */
export function saveWorkingGroup(
  groups: readonly WorkingGroup[],
  actor: Actor,
  input: SaveWorkingGroupInput,
  now: string,
): WorkingGroupResult {
  const bad = checkClock(now);
  if (bad) return bad;
  const parsed = parseInput(SaveWorkingGroupInputSchema, input);
  if (!parsed.ok) return parsed;
  if (!isSecretariat(actor)) return refuse('ONLY_SECRETARIAT_ORGANISES_WORKING_GROUPS');
  const { id, name, members, convenor } = parsed.value;
  if (id !== undefined && !groups.some((g) => g.id === id)) return refuse('UNKNOWN_WORKING_GROUP');
  if (groups.some((g) => g.id !== id && sameName(g.name, name))) return refuse('WORKING_GROUP_NAME_TAKEN');
  const ids = members.map((m) => m.person.accountId);
  if (new Set(ids).size !== ids.length) return refuse('WORKING_GROUP_DUPLICATE_MEMBER');
  if (members.some((m) => !municipalityByCode(m.municipality))) return refuse('UNKNOWN_MUNICIPALITY');
  if (convenor !== undefined && !ids.includes(convenor)) return refuse('CONVENOR_NOT_A_MEMBER');
  const group: WorkingGroup = {
    id:
      id ??
      workingGroupId(
        name,
        groups.map((g) => g.id),
      ),
    name,
    members,
    ...(convenor !== undefined ? { convenor } : {}),
  };
  const next = id === undefined ? [...groups, group] : groups.map((g) => (g.id === id ? group : g));
  return { ok: true, groups: next, group };
}

/** Who convenes the group: its convenor, or the secretariat when no member volunteered (seed 001). */
export function convenorOf(
  group: WorkingGroup,
): { kind: 'member'; person: Person } | { kind: 'secretariat' } {
  const m = group.convenor ? group.members.find((x) => x.person.accountId === group.convenor) : undefined;
  return m ? { kind: 'member', person: m.person } : { kind: 'secretariat' };
}

/**
 * The request's `workingGroup` as the rules must see it: name and convenor from the group entity now, so a
 * convenor set (or changed) after the request was assigned acts for it, and one replaced no longer does.
 */
export function withCurrentGroup(cr: ChangeRequest, groups: readonly WorkingGroup[]): ChangeRequest {
  const wg = cr.workingGroup;
  if (!wg) return cr;
  const group = wg.id ? groups.find((g) => g.id === wg.id) : groups.find((g) => sameName(g.name, wg.name));
  if (!group) return cr;
  const c = convenorOf(group);
  return {
    ...cr,
    workingGroup: { id: group.id, name: group.name, ...(c.kind === 'member' ? { convenor: c.person } : {}) },
  };
}

/**
 * Migration of requests stored before groups existed: each distinct name typed on a request (compared without
 * case and surrounding spaces) that names no stored group becomes a group of that name, with the convenor once
 * typed with it (the first request's) as its one member and convenor. Derived on reading; stored when the
 * secretariat first saves the product's groups.
 */
export function migrateWorkingGroups(
  stored: readonly WorkingGroup[],
  requests: readonly ChangeRequest[],
): WorkingGroup[] {
  const groups = [...stored];
  const sorted = [...requests].sort(
    (a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id),
  );
  for (const cr of sorted) {
    const wg = cr.workingGroup;
    if (!wg || (wg.id && groups.some((g) => g.id === wg.id))) continue;
    if (groups.some((g) => sameName(g.name, wg.name))) continue;
    groups.push({
      id:
        wg.id ??
        workingGroupId(
          wg.name,
          groups.map((g) => g.id),
        ),
      name: wg.name.trim(),
      members: wg.convenor ? [{ person: wg.convenor }] : [],
      ...(wg.convenor ? { convenor: wg.convenor.accountId } : {}),
      migrated: true,
    });
  }
  return groups;
}

/** Whether the actor may act for the group (assess, specify): its convenor, or the secretariat always. */
export function actsForGroup(group: WorkingGroup, actor: Actor): boolean {
  return isSecretariat(actor) || group.convenor === actor.accountId;
}
