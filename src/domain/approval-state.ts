import { z } from 'zod';

/**
 * Where a project is on its way from idea to product (domain.md "From idea to project to product").
 * `approved` means approved and in implementation.
 */
export const ApprovalStateSchema = z.enum([
  'idea',
  'concept',
  'board_review',
  'approved',
  'product',
  'retired',
  'rejected',
]);

/**
 * Where a record ends. `retired` (udfaset/lukket): it ran and is closed. `rejected` (afvist): the board refused it
 * (seed 003 5.3 "bestyrelsen ... kan vælge at afvise eller lukke"). Neither is a tilbageløb, which returns to
 * the idea stage. Nothing changes on a closed record, not even its level.
 */
export function isClosed(state: ApprovalState): boolean {
  return state === 'retired' || state === 'rejected';
}
export type ApprovalState = z.infer<typeof ApprovalStateSchema>;
