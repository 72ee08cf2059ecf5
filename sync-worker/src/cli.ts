import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { closest, describeArgError } from './suggest.js';
import { probeRedis, redisUnreachableMessage } from './redis.js';
import { EXIT } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import type { SyncConfig } from './config.js';

export { EXIT } from './cli-io.js';
export type { CliIo } from './cli-io.js';

interface CommandSpec {
  args: string;
  summary: string;
  details: string;
  /** Positional arguments after the command: at least, at most. */
  min: number;
  max: number;
  json: boolean;
  /** The command cannot do anything without Redis: refuse at once when it does not answer. */
  redis: boolean;
}

const COMMANDS: Record<string, CommandSpec> = {
  run: {
    args: '',
    summary: 'kør tjenesten (HTTP, workers, planlagt synkronisering) til SIGTERM/SIGINT',
    details:
      'Starter HTTP-serveren (porteføljesiden, /healthz, /readyz, /metrics), en worker pr. kilde-site og\n' +
      'porteføljens worker, og den planlagte fulde synkronisering (schedules.reconcile). Stopper pænt på\n' +
      'SIGTERM/SIGINT: tager ikke flere jobs, lader de igangværende blive færdige.',
    min: 0,
    max: 0,
    json: false,
    redis: true,
  },
  sync: {
    args: '<site> <projekt>',
    summary: "synkronisér ét produkt nu (projektnøgle eller id) og udskriv roll-up'en",
    details:
      'Læser produktets governance-spejl og stemmer på <site>, skriver porteføljesagen og udskriver\n' +
      "roll-up'en (--json: én JSON-linje). Vises bagefter i `os2-sync status`.",
    min: 2,
    max: 2,
    json: true,
    redis: true,
  },
  reconcile: {
    args: '[site]',
    summary: 'sæt en fuld synkronisering i kø for ét site eller alle',
    details:
      'Lægger et reconcile-job i køen for <site> (uden: alle kilde-sites). Jobbet udføres af en kørende\n' +
      '`os2-sync run`; kører ingen, siger kommandoen det.',
    min: 0,
    max: 1,
    json: false,
    redis: true,
  },
  status: {
    args: '',
    summary: 'køer, fejlede jobs og seneste synkronisering pr. produkt',
    details:
      'Køernes tal, de fejlede jobs med fejlen og seneste synkronisering pr. produkt (--json: én linje).',
    min: 0,
    max: 0,
    json: true,
    redis: true,
  },
  'retry-failed': {
    args: '',
    summary: 'kør alle fejlede jobs igen',
    details: 'Flytter alle fejlede jobs i alle køer tilbage til ventende.',
    min: 0,
    max: 0,
    json: false,
    redis: true,
  },
  import: {
    args: '<fil>',
    summary: 'importér den eksisterende portefølje (CSV/JSON) i et sites app: prøvekørsel eller --apply',
    details:
      'Sender filen (CSV med ; og BOM, eller JSON; se docs/import.md) til appens os2-import web trigger på\n' +
      '--site (sites[].importUrl), signeret med sitets hemmelighed, og udskriver rapporten række for række.\n' +
      'Standard er en prøvekørsel (--dry-run), der intet gemmer; --apply opretter de gode rækker. En import\n' +
      'kan køres igen: allerede importerede rækker er uændrede, en afbrudt import fortsætter.',
    min: 1,
    max: 1,
    json: true,
    redis: false,
  },
  doctor: {
    args: '',
    summary: 'tjek konfiguration, Redis, hvert sites adgang og signaturer, og porteføljeprojektet',
    details:
      'Tjekker konfigurationen, Redis, login og rettigheder på hvert site, at et governance-spejl pr.\n' +
      'kilde-site kan verificeres med OS2_EVENT_SECRET, og porteføljeprojektets sagstype, statusser og\n' +
      'rettigheder. Siger hvad der skal rettes. Uden Redis springes det over, der kræver Redis.',
    min: 0,
    max: 0,
    json: false,
    redis: false,
  },
};

const USAGE = `os2-sync <kommando> [--config <fil>] [--json]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${`${name} ${c.args}`.padEnd(24)}${c.summary}`)
  .join('\n')}

Tilvalg:
  -c, --config <fil>      konfigurationsfilen (ellers OS2_SYNC_CONFIG)
      --json              maskinlæsbart output (sync, status, import)
      --site <site>       import: sitet hvis app importerer (ellers det ene site med importUrl)
      --dry-run|--apply   import: prøvekørsel (standard) eller opret
  -h, --help              denne hjælp; os2-sync <kommando> --help: hjælp til én kommando

Hemmeligheder kun fra miljøet (OS2_EVENT_SECRET, hvert sites apiTokenEnv, OS2_DASHBOARD_PASSWORD).
Afslutningskoder: 0 i orden, 1 fejl fundet, 2 brug/konfiguration, 3 Redis svarer ikke. Se docs/sync-worker.md.
(English: os2-sync run|sync|reconcile|status|retry-failed|import|doctor; exit 0 ok, 1 failed, 2 usage/config, 3 Redis down.)`;

function commandHelp(name: string): string {
  const c = COMMANDS[name]!;
  return `os2-sync ${name}${c.args ? ` ${c.args}` : ''} [--config <fil>]${c.json ? ' [--json]' : ''}

${c.details}

Se os2-sync --help for tilvalg og afslutningskoder.`;
}

const defaultIo: CliIo = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  env: process.env,
};

/** Runs one CLI command; returns the exit code (`run` returns only when the service stops). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        // `import` only:
        site: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        apply: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    io.err(describeArgError(err as Error, ['config', 'json', 'help', 'site', 'dry-run', 'apply']));
    io.err('Se os2-sync --help.');
    return EXIT.usage;
  }
  let [command, ...rest] = parsed.positionals;
  // `os2-sync help [kommando]` is the same as --help.
  if (command === 'help') {
    [command, ...rest] = rest;
    parsed.values.help = true;
  }
  if (!command) {
    if (parsed.values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    io.err(USAGE);
    return EXIT.usage;
  }
  const spec = COMMANDS[command];
  // Unknown commands are refused before the configuration is read: a typo should not read like a config error.
  if (!spec) {
    const hint = closest(command, Object.keys(COMMANDS));
    io.err(`ukendt kommando "${command}"${hint ? `; mente du "${hint}"?` : ''} (unknown command)`);
    io.err('Se os2-sync --help.');
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  if (rest.length < spec.min || rest.length > spec.max) {
    io.err(
      rest.length < spec.min
        ? `os2-sync ${command} mangler argumenter (missing arguments)`
        : `os2-sync ${command} tager ikke "${rest.slice(spec.max).join(' ')}" (unexpected argument)`,
    );
    io.err(`brug: os2-sync ${command}${spec.args ? ` ${spec.args}` : ''}`);
    return EXIT.usage;
  }
  if (parsed.values.json && !spec.json) {
    io.err(`os2-sync ${command} har ingen --json (only sync, status and import do)`);
    return EXIT.usage;
  }
  if (command !== 'import' && (parsed.values.site || parsed.values['dry-run'] || parsed.values.apply)) {
    io.err(`--site, --dry-run og --apply hører til os2-sync import (import options only)`);
    return EXIT.usage;
  }
  if (parsed.values['dry-run'] && parsed.values.apply) {
    io.err('vælg enten --dry-run eller --apply (not both)');
    return EXIT.usage;
  }
  let config: SyncConfig;
  try {
    config = loadConfig(parsed.values.config, io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return EXIT.usage;
    }
    throw err;
  }
  if (spec.redis) {
    // One line and a non-zero exit within seconds, instead of commands queueing behind a Redis that is not there.
    const probe = await probeRedis(config.redis.url, config.redis.cluster);
    if (!probe.ok) {
      io.err(redisUnreachableMessage(config.redis.url, probe.reason));
      return EXIT.redis;
    }
  }
  const json = parsed.values.json ?? false;
  if (command === 'import') {
    const { cmdImport } = await import('./import-command.js');
    return cmdImport(
      config,
      {
        file: rest[0]!,
        ...(parsed.values.site ? { site: parsed.values.site } : {}),
        mode: parsed.values.apply ? 'apply' : 'dry-run',
        json,
      },
      io,
    );
  }
  const commands = await import('./cli-commands.js');
  switch (command) {
    case 'run':
      return commands.cmdRun(config);
    case 'sync':
      return commands.cmdSync(config, rest, io, json);
    case 'reconcile':
      return commands.cmdReconcile(config, rest[0], io);
    case 'status':
      return commands.cmdStatus(config, io, json);
    case 'retry-failed':
      return commands.cmdRetryFailed(config, io);
    default:
      return commands.cmdDoctor(config, io);
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`os2-sync: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
