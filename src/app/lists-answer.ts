/**
 * The `lists` app-data op (issue 15 item 6): this site's cross-portfolio lists as data, for the sync service's
 * portfolio page. The sync service cannot read the app's Forge storage, where polls and change requests live, so
 * it asks the app through the signed `os2-app-data` web trigger after a reconcile and after accepted pushes, keeps
 * the answer in Redis and serves the page from there.
 *
 * The rows are the global page's own (src/app/lists.ts over src/domain/portfolio-lists.ts): nothing is computed
 * twice. Projects are listed as the app, not as a user (a web trigger has none), so every project the app can see
 * is in "not governed"; the portfolio page is for the secretariat and the board behind the service's own access.
 *
 * Sizes are bounded so one answer stays well inside a web trigger's response: each list keeps its first rows (in
 * the list's own order) and `totals` says how many there were.
 *
 * This module is pure (zod and the domain only): the wire (src/events/app-data.ts) and the sync worker import its
 * schema without Forge's modules. The op itself, which reads Forge storage, is in src/app/app-data-ops.ts.
 */
import { z } from 'zod';
import {
  ChangeRequestRowSchema,
  OpenPollRowSchema,
  PublishedOutcomeRowSchema,
  UngovernedProjectRowSchema,
  type PortfolioLists,
} from '../domain/portfolio-lists';

/** Rows kept per list. 1,000 change requests (issue 15's scale case) fit with room; see docs/benchmarks.md. */
export const LIST_LIMITS = {
  polls: 1000,
  changeRequests: 5000,
  outcomes: 1000,
  ungoverned: 2000,
} as const satisfies Record<keyof PortfolioLists, number>;

/** The op takes nothing: it always answers the whole site. */
export const ListsInputSchema = z.strictObject({});
export type ListsInput = z.infer<typeof ListsInputSchema>;

const count = z.number().int().nonnegative();

export const PortfolioListsAnswerSchema = z.strictObject({
  /** When the app read its storage (ISO); the service shows it as the lists' age. */
  computedAt: z.iso.datetime(),
  polls: z.array(OpenPollRowSchema).max(LIST_LIMITS.polls),
  changeRequests: z.array(ChangeRequestRowSchema).max(LIST_LIMITS.changeRequests),
  outcomes: z.array(PublishedOutcomeRowSchema).max(LIST_LIMITS.outcomes),
  ungoverned: z.array(UngovernedProjectRowSchema).max(LIST_LIMITS.ungoverned),
  /** Rows each list had before it was cut to its limit (equal to the length when nothing was cut). */
  totals: z.strictObject({ polls: count, changeRequests: count, outcomes: count, ungoverned: count }),
});
export type PortfolioListsAnswer = z.infer<typeof PortfolioListsAnswerSchema>;

/** The lists cut to their limits, with how many rows each had. Pure. */
export function boundLists(lists: PortfolioLists, computedAt: string): PortfolioListsAnswer {
  return {
    computedAt,
    polls: lists.polls.slice(0, LIST_LIMITS.polls),
    changeRequests: lists.changeRequests.slice(0, LIST_LIMITS.changeRequests),
    outcomes: lists.outcomes.slice(0, LIST_LIMITS.outcomes),
    ungoverned: lists.ungoverned.slice(0, LIST_LIMITS.ungoverned),
    totals: {
      polls: lists.polls.length,
      changeRequests: lists.changeRequests.length,
      outcomes: lists.outcomes.length,
      ungoverned: lists.ungoverned.length,
    },
  };
}
