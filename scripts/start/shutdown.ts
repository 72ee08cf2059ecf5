import { t } from '../../src/i18n/index.js';

/**
 * Ordered shutdown: closers run in reverse order of registration (the worker before Redis, the simulator
 * last but one...). The first SIGINT/SIGTERM/SIGHUP or a closed output shuts down cleanly and exits 0; a
 * second signal (after {@link SAME_SIGNAL_MS}) exits at once.
 */
export class Shutdown {
  private readonly closers: { name: string; close: () => Promise<void> | void }[] = [];
  private running: Promise<boolean> | undefined;
  private signals = 0;

  /** True once the shutdown has begun. */
  get started(): boolean {
    return this.running !== undefined;
  }

  add(name: string, close: () => Promise<void> | void): void {
    this.closers.push({ name, close });
  }

  /**
   * Runs every closer once (later calls wait for the first); errors are reported, not thrown. Resolves true
   * when everything closed cleanly.
   */
  run(report: (line: string) => void = () => undefined): Promise<boolean> {
    this.running ??= (async () => {
      let ok = true;
      for (const c of [...this.closers].reverse()) {
        try {
          await withTimeout(Promise.resolve(c.close()), 15_000, c.name);
        } catch (err) {
          ok = false;
          report(`  ${c.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return ok;
    })();
    return this.running;
  }

  /**
   * Installs the handlers that run the shutdown and then exit: SIGINT, SIGTERM, SIGHUP (a closed terminal)
   * and a closed pipe on stdout or stderr (`npm start | head`, a terminal gone: EPIPE or EIO on write).
   * After SIGHUP or a closed pipe nothing more is written ({@link output}.closed), so the shutdown cannot
   * crash on its own messages. A repeat of a signal within {@link SAME_SIGNAL_MS} is the same request (tsx
   * relays the terminal's SIGINT to its child again, milliseconds later); a later one exits at once.
   */
  onSignals(report: (line: string) => void, before?: (signal: string) => void, done?: () => void): void {
    let firstAt = 0;
    const handle = (signal: string): void => {
      const now = Date.now();
      if (this.signals > 0 && now - firstAt < SAME_SIGNAL_MS) return;
      this.signals += 1;
      if (this.signals > 1) {
        report(t('da', 'start.secondSignal'));
        process.exit(130);
      }
      firstAt = now;
      if (signal === 'SIGHUP' || signal === 'EPIPE') output.closed = true;
      before?.(signal);
      void this.run(report).then((ok) => {
        if (ok) done?.();
        process.exit(ok ? 0 : 1);
      });
    };
    process.on('SIGINT', () => handle('SIGINT'));
    process.on('SIGTERM', () => handle('SIGTERM'));
    // A closed terminal: still stop what this run started (a redis-server must not be left behind).
    process.on('SIGHUP', () => handle('SIGHUP'));
    const onWriteError = (err: NodeJS.ErrnoException): void => {
      output.closed = true;
      // Whatever the error, the reader is gone: shut down quietly rather than crash on an unhandled 'error'.
      if (!this.started) handle('EPIPE');
      void err;
    };
    process.stdout.on('error', onWriteError);
    process.stderr.on('error', onWriteError);
  }
}

/** Repeats of a signal within this window count once. */
export const SAME_SIGNAL_MS = 1000;

/** Set once the terminal or pipe is gone: writers check it and stay silent. */
export const output = { closed: false };

/** Writes a line unless the output is gone; never throws (EIO/EPIPE arrive as events, handled above). */
export function writeLine(stream: NodeJS.WriteStream, line: string): void {
  if (output.closed) return;
  try {
    stream.write(`${line}\n`);
  } catch {
    output.closed = true;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(t('da', 'start.didNotClose', { ms }))), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(`${what}: ${String(err)}`));
      },
    );
  });
}
