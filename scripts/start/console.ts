import { createInterface } from 'node:readline';
import { DkkSchema } from '../../src/domain/money.js';
import { KommunekodeSchema } from '../../src/domain/municipality.js';
import { isKommunekode, municipalityByCode, officialName } from '../../src/domain/municipalities.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import type { DemoApp } from './scenario.js';

const votesText = (n: number): string => (n === 1 ? '1 stemme' : `${n} stemmer`);
const dkk = new Intl.NumberFormat('da-DK', { style: 'currency', currency: 'DKK', maximumFractionDigits: 0 });

export const CONSOLE_HELP = [
  'Kommandoer (skriv og tryk Enter):',
  '  stem <SAG|PRODUKT> <kommunekode> [beløb]   en kommune stemmer (med medfinansiering i kr.),',
  '                                             fx "stem KITOS 751 40000" stemmer på KITOS\' topønske',
  '  tabel                                      udskriv porteføljen igen',
  '  hjælp                                      denne tekst',
].join('\n');

export type VoteCommand =
  | { ok: true; target: string; kommunekode: string; municipality: string; amountDkk?: number }
  | { ok: false; message: string };

/**
 * Reads `stem <SAG|PRODUKT> <kommunekode> [beløb]` the way the app's vote form validates: a known
 * kommunekode (answered with the municipality's name) and an amount in whole kroner that the app's own
 * schema accepts (`40000` or `40.000`; not `abc`, `-5` or `1e9`). A bad amount is refused, never read as
 * "no co-finance" (which would withdraw a pledge).
 */
export function parseVoteCommand(args: readonly string[]): VoteCommand {
  const [target, code, amount, ...extra] = args;
  const usage = 'Brug: stem <SAG|PRODUKT> <kommunekode> [beløb i hele kr.], fx "stem KITOS 751 40000"';
  if (!target || !code || extra.length > 0) return { ok: false, message: usage };
  const codeOk = KommunekodeSchema.safeParse(code);
  if (!codeOk.success)
    return { ok: false, message: `${codeOk.error.issues[0]?.message ?? 'Ugyldig kommunekode'}. ${usage}` };
  if (!isKommunekode(code))
    return {
      ok: false,
      message: `${code} er ikke en kommunekode (de 98 kommuners koder, fx 751 for Aarhus)`,
    };
  const municipality = officialName(municipalityByCode(code)!);
  if (amount === undefined)
    return { ok: true, target: target.toUpperCase(), kommunekode: code, municipality };
  if (!/^\d{1,3}(\.\d{3})+$|^\d+$/.test(amount)) {
    return { ok: false, message: `"${amount}" er ikke et beløb i hele kroner (fx 40000 eller 40.000)` };
  }
  const dkk = DkkSchema.safeParse(Number(amount.replaceAll('.', '')));
  if (!dkk.success) return { ok: false, message: dkk.error.issues[0]?.message ?? 'Ugyldigt beløb' };
  return { ok: true, target: target.toUpperCase(), kommunekode: code, municipality, amountDkk: dkk.data };
}

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
        const cmd = parseVoteCommand(args);
        if (!cmd.ok) {
          out(`✗ ${cmd.message}`);
          return;
        }
        const v = await app.vote(cmd.target, cmd.kommunekode, cmd.amountDkk);
        // The same terms as the table: the request's key and title, votes and co-finance in kroner.
        out(
          `Stemme afgivet af ${cmd.municipality} (${v.voter}) på ${v.issueKey} ${v.summary}: ` +
            `${votesText(v.tally.count)}, ${dkk.format(v.tally.coFinanceTotalDkk)} i medfinansiering` +
            (cmd.amountDkk ? ` (heraf ${dkk.format(cmd.amountDkk)} fra ${cmd.municipality})` : ''),
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
