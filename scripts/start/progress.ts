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

export function progressBar(
  label: string,
  stream: { write(s: string): unknown; isTTY?: boolean } = process.stdout,
): ProgressBar {
  const tty = stream.isTTY === true;
  let last = '';
  let lastLine = '';
  return {
    update(done, total) {
      const key = `${done}/${total}`;
      if (key === last) return;
      last = key;
      lastLine = renderBar(label, done, total);
      stream.write(tty ? `\r${lastLine}` : `${lastLine}\n`);
    },
    finish(text) {
      if (tty && lastLine) stream.write('\n');
      if (text) stream.write(`${text}\n`);
    },
  };
}
