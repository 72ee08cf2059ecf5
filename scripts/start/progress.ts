import { displayWidth, fitWidth } from './text-width.js';

/** A one-line progress bar: redrawn in place on a terminal, printed at each change otherwise (logs, CI, tests). */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(text?: string): void;
}

export function renderBar(label: string, done: number, total: number, width = 28): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const pct = String(Math.round(ratio * 100)).padStart(3);
  return `${label} [${bar}] ${pct}% ${done}/${total}`;
}

/**
 * The bar for a terminal `columns` wide: one column short of it (a line that fills the last column wraps on
 * some terminals, and then `\r` redraws only the wrapped part, one new line per update). The bar shrinks
 * first (to 10), then the label is cut.
 */
export function renderBarFitted(label: string, done: number, total: number, columns: number): string {
  const budget = Math.max(20, columns - 1);
  const counts = ` [] 100% ${total}/${total}`.length;
  const barWidth = Math.max(10, Math.min(28, budget - displayWidth(label) - counts));
  const room = budget - counts - barWidth;
  const shown = displayWidth(label) <= room ? label : fitWidth(label, Math.max(1, room)).trimEnd();
  return renderBar(shown, done, total, barWidth);
}

export function progressBar(
  label: string,
  stream: { write(s: string): unknown; isTTY?: boolean; columns?: number } = process.stdout,
): ProgressBar {
  const tty = stream.isTTY === true;
  let last = '';
  let lastLine = '';
  return {
    update(done, total) {
      const key = `${done}/${total}`;
      if (key === last) return;
      last = key;
      // On a terminal: fitted to its width, redrawn in place (and cleared to the end of the line).
      lastLine =
        tty && stream.columns
          ? renderBarFitted(label, done, total, stream.columns)
          : renderBar(label, done, total);
      stream.write(tty ? `\r${lastLine}\x1b[K` : `${lastLine}\n`);
    },
    finish(text) {
      if (tty && lastLine) stream.write('\n');
      if (text) stream.write(`${text}\n`);
    },
  };
}
