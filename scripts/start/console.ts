import { createInterface } from 'node:readline';
import type { SyncService } from '../../sync-worker/src/service.js';
import type { DemoApp } from './scenario.js';

const dkk = new Intl.NumberFormat('da-DK', { style: 'currency', currency: 'DKK', maximumFractionDigits: 0 });

export const CONSOLE_HELP = [
  'Kommandoer (skriv og tryk Enter):',
  '  stem <SAG|PRODUKT> <kommunekode> [beløb]   en kommune stemmer (med medfinansiering i kr.),',
  '                                             fx "stem KITOS 751 40000" stemmer på KITOS\' topønske',
  '  tabel                                      udskriv porteføljen igen',
  '  hjælp                                      denne tekst',
].join('\n');

/**
 * A small command line on stdin while the demo runs, so a person (or the end-to-end test) can act through the
 * app's resolvers and watch the portfolio page follow. Ctrl-C still stops everything.
 */
export function startConsole(opts: {
  app: DemoApp;
  service: SyncService;
  out: (line?: string) => void;
  printTable: () => Promise<void>;
}): { close(): void } {
  const { app, out } = opts;
  out(`Skriv "hjælp" for kommandoer.`);
  const rl = createInterface({ input: process.stdin, terminal: false });
  let queue: Promise<void> = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue
      .then(() => handle(line.trim()))
      .catch((e: unknown) => out(`✗ ${e instanceof Error ? e.message : String(e)}`));
  });
  async function handle(line: string): Promise<void> {
    if (line === '') return;
    const [cmd, ...args] = line.split(/\s+/);
    switch (cmd?.toLowerCase()) {
      case 'stem':
      case 'vote': {
        const [target, code, amount] = args;
        if (!target || !code || !/^\d{3}$/.test(code)) {
          out('Brug: stem <SAG|PRODUKT> <kommunekode> [beløb]');
          return;
        }
        const v = await app.vote(target.toUpperCase(), code, amount ? Number(amount) : undefined);
        out(
          `Stemme afgivet: ${v.issueKey} ${v.municipality} (${v.voter}) → ${v.tally.count} stemmer, ${dkk.format(v.tally.coFinanceTotalDkk)} i medfinansiering`,
        );
        return;
      }
      case 'tabel':
      case 'table':
        await opts.printTable();
        return;
      case 'hjælp':
      case 'help':
      case '?':
        out(CONSOLE_HELP);
        return;
      default:
        out(`Ukendt kommando "${cmd}". Skriv "hjælp".`);
    }
  }
  return {
    close() {
      rl.close();
    },
  };
}
