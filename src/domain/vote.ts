import { z } from 'zod';
import { KommunekodeSchema } from './municipality';
import { PersonSchema } from './person';
import { DkkSchema } from './money';

/** Willingness to co-finance a request: yes/no and an optional amount (domain.md "Change requests and voting"). */
export const CoFinanceSchema = z
  .strictObject({
    willing: z.boolean(),
    amountDkk: DkkSchema.optional(),
  })
  .refine((c) => c.willing || c.amountDkk === undefined, {
    message: 'Et beløb kræver vilje til medfinansiering',
    path: ['amountDkk'],
  });
export type CoFinance = z.infer<typeof CoFinanceSchema>;

/**
 * A municipality's vote on one feature request. Votes are cast by municipalities, not people: one per
 * (issue, municipality); a later cast by the same municipality replaces the earlier one.
 */
export const VoteSchema = z.strictObject({
  issueId: z.string().regex(/^\d+$/, 'issueId er et tal'),
  municipality: KommunekodeSchema,
  castBy: PersonSchema,
  castAt: z.iso.datetime(),
  coFinance: CoFinanceSchema,
  /**
   * What this vote replaced, oldest first: who cast it, when, with which pledge (issue 14 finding 10: a
   * colleague's later vote silently replaced the municipality's pledge). Absent on a first vote.
   */
  history: z
    .array(z.strictObject({ castBy: PersonSchema, castAt: z.iso.datetime(), coFinance: CoFinanceSchema }))
    .max(100)
    .optional(),
});
export type Vote = z.infer<typeof VoteSchema>;

/** The tally of one request: what the `os2-votes` issue property mirrors and JQL orders by. */
export const VoteTallySchema = z.strictObject({
  count: z.number().int().nonnegative(),
  municipalities: z.array(KommunekodeSchema),
  coFinanceWilling: z.number().int().nonnegative(),
  coFinanceTotalDkk: DkkSchema,
});
export type VoteTally = z.infer<typeof VoteTallySchema>;
