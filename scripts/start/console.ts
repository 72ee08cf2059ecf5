import { createInterface } from 'node:readline';
import { DkkSchema } from '../../src/domain/money.js';
import { KommunekodeSchema } from '../../src/domain/municipality.js';
import { isKommunekode, municipalityByCode, officialName } from '../../src/domain/municipalities.js';
import type { SyncService } from '../../sync-worker/src/service.js';
import type { DemoApp } from './scenario.js';
import { formatter, t } from '../../src/i18n/index.js';
import type { MessageKey, Vars } from '../../src/i18n/index.js';

/** The console speaks Danish, like the rest of `npm start` (the catalogue's `console.*`). */
const say = (key: MessageKey, vars?: Vars): string => t('da', key, vars);
const dkk = formatter('da').dkk;

export const CONSOLE_HELP = say('console.help');

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
  const usage = say('console.voteUsage');
  if (!target || !code || extra.length > 0) return { ok: false, message: usage };
  const codeOk = KommunekodeSchema.safeParse(code);
  if (!codeOk.success)
    return {
      ok: false,
      message: `${codeOk.error.issues[0]?.message ?? say('console.invalidCode')}. ${usage}`,
    };
  if (!isKommunekode(code))
    return {
      ok: false,
      message: say('console.notACode', { code }),
    };
  const municipality = officialName(municipalityByCode(code)!);
  if (amount === undefined)
    return { ok: true, target: target.toUpperCase(), kommunekode: code, municipality };
  if (!/^\d{1,3}(\.\d{3})+$|^\d+$/.test(amount)) {
    return { ok: false, message: say('console.notAnAmount', { amount }) };
  }
  const parsed = DkkSchema.safeParse(Number(amount.replaceAll('.', '')));
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? say('console.invalidAmount') };
  return { ok: true, target: target.toUpperCase(), kommunekode: code, municipality, amountDkk: parsed.data };
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
  out(say('console.prompt'));
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
          say('console.voted', {
            municipality: cmd.municipality,
            voter: v.voter,
            issue: v.issueKey,
            summary: v.summary,
            count: v.tally.count,
            total: dkk(v.tally.coFinanceTotalDkk),
          }) +
            (cmd.amountDkk
              ? say('console.votedPledge', { amount: dkk(cmd.amountDkk), municipality: cmd.municipality })
              : ''),
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
        out(say('console.unknownCommand', { command: cmd ?? '' }));
    }
  }
  return {
    close() {
      rl.close();
    },
  };
}
