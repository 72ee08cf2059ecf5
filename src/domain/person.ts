import { z } from 'zod';

/** A Jira user as the governance record refers to one. */
export const AccountIdSchema = z.string().trim().min(1, 'accountId mangler').max(128);

export const PersonSchema = z.strictObject({
  accountId: AccountIdSchema,
  displayName: z.string().trim().min(1, 'Navnet mangler').max(255),
});
export type Person = z.infer<typeof PersonSchema>;
