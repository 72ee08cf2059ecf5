/**
 * The global page's rows, merged page by page (the page loads the portfolio 100 roll-ups at a time, so its cost
 * stays constant however large the portfolio is). One row per product: a verified roll-up wins over a quarantined
 * one, and of two alike the oldest portfolio issue (lowest issue number) wins, as the sync service keeps that one.
 * Sorted by level, then name, as the page shows them.
 */
import type { RollUp } from './rollup';

export type PortfolioRow = RollUp & { issueKey: string };

const issueNumber = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1)) || Number.MAX_SAFE_INTEGER;

function better(a: PortfolioRow, b: PortfolioRow): PortfolioRow {
  const av = a.integrity === 'verified';
  const bv = b.integrity === 'verified';
  if (av !== bv) return av ? a : b;
  return issueNumber(a.issueKey) <= issueNumber(b.issueKey) ? a : b;
}

export function mergePortfolioRows(...pages: readonly (readonly PortfolioRow[])[]): PortfolioRow[] {
  const byProduct = new Map<string, PortfolioRow>();
  for (const rows of pages)
    for (const row of rows) {
      const held = byProduct.get(row.sourceKey);
      byProduct.set(row.sourceKey, held ? better(held, row) : row);
    }
  return [...byProduct.values()].sort(
    (a, b) => (a.level ?? 'N9').localeCompare(b.level ?? 'N9') || a.name.localeCompare(b.name, 'da'),
  );
}
