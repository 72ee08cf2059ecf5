import { z } from 'zod';
import { AccountIdSchema } from './person';
import { KommunekodeSchema } from './municipality';

/** The roles an actor can hold (design.md "Where data lives, and who may change it"). */
export const RoleSchema = z.enum(['secretariat', 'board', 'project_admin', 'municipality_member']);
export type Role = z.infer<typeof RoleSchema>;

/**
 * Who is acting. Resolvers build this from Jira (groups, project permissions, the municipality directory);
 * the domain only reads it. `municipalities` are the kommunekoder of the municipality groups the user is in.
 */
export const ActorSchema = z.strictObject({
  accountId: AccountIdSchema,
  displayName: z.string().max(255),
  roles: z.array(RoleSchema),
  municipalities: z.array(KommunekodeSchema).default([]),
});
export type Actor = z.infer<typeof ActorSchema>;

/** The actor as recorded on what they did: a blank display name falls back to the accountId. */
export function personOf(actor: Actor): { accountId: string; displayName: string } {
  return { accountId: actor.accountId, displayName: actor.displayName.trim() || actor.accountId };
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}
