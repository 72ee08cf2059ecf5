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
]);
export type ApprovalState = z.infer<typeof ApprovalStateSchema>;
