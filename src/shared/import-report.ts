/**
 * The import's report as both doors show it (src/app/import.ts: the global page's import panel and the sync
 * service's `os2-sync import`). Here so the global page's UI bundle does not load the import's Jira side
 * (src/shared/README.md).
 */
import type { ImportProblem, ReadResult } from '../import/format';

/** What applying a row would do (src/import/plan.ts). */
export type RowAction = 'create' | 'unchanged' | 'conflict' | 'invalid';

export type RowOutcome = 'created' | 'unchanged' | 'conflict' | 'invalid' | 'failed' | 'pending';

/** What a `create` row would create, for the preview. */
export interface RowSummary {
  municipalities: number;
  decisions: number;
  steeringGroup: number;
  coordinationGroup: number;
  budgetDkk?: number;
  awaitsBoard: boolean;
}

/** One row of the report both doors show: the plan's view, and after an apply what became of it. */
export interface ReportRow {
  row: number;
  key?: string;
  name?: string;
  level?: string;
  state?: string;
  action: RowAction;
  outcome?: RowOutcome;
  /** Each problem with `text`: where and what, in the user's language. */
  problems: (ImportProblem & { text: string })[];
  summary?: RowSummary;
  /** After apply: whether the signed mirror was written (healed by the next save if not). */
  mirrored?: boolean;
}

export interface ImportReport {
  mode: 'dry-run' | 'apply';
  format: ReadResult['format'];
  fileProblems: (ImportProblem & { text: string })[];
  rows: ReportRow[];
  counts: Record<RowAction, number>;
  /** After apply. `remaining` rows were not reached (time, or a failure): run the apply again. */
  applied?: { created: number; unchanged: number; failed: number; remaining: number; done: boolean };
}
