/**
 * Ordered shutdown: closers run in reverse order of registration (the worker before Redis, the simulator
 * last but one...). The first SIGINT/SIGTERM shuts down cleanly and exits 0; a second one exits at once.
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

  /** Installs SIGINT/SIGTERM/SIGHUP handlers that run the shutdown and then exit. */
  onSignals(report: (line: string) => void, before?: (signal: string) => void, done?: () => void): void {
    const handle = (signal: NodeJS.Signals): void => {
      this.signals += 1;
      if (this.signals > 1) {
        report('Andet signal: afslutter med det samme.');
        process.exit(130);
      }
      before?.(signal);
      void this.run(report).then((ok) => {
        if (ok) done?.();
        process.exit(ok ? 0 : 1);
      });
    };
    process.on('SIGINT', handle);
    process.on('SIGTERM', handle);
    // A closed terminal: still stop what this run started (a redis-server must not be left behind).
    process.on('SIGHUP', handle);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lukkede ikke inden for ${ms} ms`)), ms);
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
