import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { closest, describeArgError } from './suggest.js';
import { probeRedis, redisUnreachableMessage } from './redis.js';
import { EXIT } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import type { SyncConfig } from './config.js';
import { cliLocale } from './cli-io.js';
import { t } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/index.js';

export { EXIT } from './cli-io.js';
export type { CliIo } from './cli-io.js';

interface CommandSpec {
  /** Positional arguments after the command: at least, at most. */
  min: number;
  max: number;
  json: boolean;
  /** The command cannot do anything without Redis: refuse at once when it does not answer. */
  redis: boolean;
}

/** The commands; their arguments, summaries and help come from the catalogue (`cli.cmd.<name>.*`). */
const COMMANDS: Record<CommandName, CommandSpec> = {
  run: { min: 0, max: 0, json: false, redis: true },
  sync: { min: 2, max: 2, json: true, redis: true },
  reconcile: { min: 0, max: 1, json: false, redis: true },
  status: { min: 0, max: 0, json: true, redis: true },
  'retry-failed': { min: 0, max: 0, json: false, redis: true },
  import: { min: 1, max: 1, json: true, redis: false },
  doctor: { min: 0, max: 0, json: false, redis: false },
};
type CommandName = 'run' | 'sync' | 'reconcile' | 'status' | 'retry-failed' | 'import' | 'doctor';
const NAMES = Object.keys(COMMANDS) as CommandName[];

function isCommand(name: string): name is CommandName {
  return (NAMES as string[]).includes(name);
}

/** `<site> <projekt>`, `[site]` or nothing. */
function argsOf(locale: Locale, name: CommandName): string {
  return name === 'sync' || name === 'reconcile' || name === 'import'
    ? t(locale, `cli.cmd.${name}.args`)
    : '';
}

function usage(locale: Locale): string {
  const lines = NAMES.map(
    (name) => `  ${`${name} ${argsOf(locale, name)}`.padEnd(24)}${t(locale, `cli.cmd.${name}.summary`)}`,
  );
  return [
    t(locale, 'cli.usage.synopsis'),
    '',
    ...lines,
    '',
    t(locale, 'cli.usage.options'),
    '',
    t(locale, 'cli.usage.footer'),
  ].join('\n');
}

function commandHelp(locale: Locale, name: CommandName): string {
  const args = argsOf(locale, name);
  return `os2-sync ${name}${args ? ` ${args}` : ''} ${t(locale, 'cli.usage.configOption')}${COMMANDS[name].json ? ' [--json]' : ''}

${t(locale, `cli.cmd.${name}.details`)}

${t(locale, 'cli.usage.commandFooter')}`;
}

/** `status`'s needs-attention option in Danish (`--kræver-opmærksomhed`), spelled in the catalogue; `--attention` too. */
const ATTENTION_DA = t('da', 'cli.option.attention');

const defaultIo: CliIo = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  env: process.env,
};

/** Runs one CLI command; returns the exit code (`run` returns only when the service stops). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const locale = cliLocale(io.env);
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
        // `status` only: the products that need attention (src/domain/attention.ts), in both languages' words.
        attention: { type: 'boolean', default: false },
        [ATTENTION_DA]: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    io.err(
      describeArgError(
        err as Error,
        ['config', 'json', 'help', 'site', 'dry-run', 'apply', 'attention', ATTENTION_DA],
        locale,
      ),
    );
    io.err(t(locale, 'cli.seeHelp'));
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
      io.out(usage(locale));
      return EXIT.ok;
    }
    io.err(usage(locale));
    return EXIT.usage;
  }
  // Unknown commands are refused before the configuration is read: a typo should not read like a config error.
  if (!isCommand(command)) {
    const hint = closest(command, NAMES);
    io.err(
      t(locale, 'cli.unknownCommand', { command, hint: hint ? t(locale, 'cli.didYouMean', { hint }) : '' }),
    );
    io.err(t(locale, 'cli.seeHelp'));
    return EXIT.usage;
  }
  const spec = COMMANDS[command];
  if (parsed.values.help) {
    io.out(commandHelp(locale, command));
    return EXIT.ok;
  }
  if (rest.length < spec.min || rest.length > spec.max) {
    io.err(
      rest.length < spec.min
        ? t(locale, 'cli.missingArguments', { command })
        : t(locale, 'cli.unexpectedArgument', { command, args: rest.slice(spec.max).join(' ') }),
    );
    const args = argsOf(locale, command);
    io.err(t(locale, 'cli.usageLine', { command: `${command}${args ? ` ${args}` : ''}` }));
    return EXIT.usage;
  }
  if (parsed.values.json && !spec.json) {
    io.err(t(locale, 'cli.noJson', { command }));
    return EXIT.usage;
  }
  if (command !== 'import' && (parsed.values.site || parsed.values['dry-run'] || parsed.values.apply)) {
    io.err(t(locale, 'cli.importOptionsOnly'));
    return EXIT.usage;
  }
  const values = parsed.values as Record<string, unknown>;
  const attention = Boolean(values.attention || values[ATTENTION_DA]);
  if (attention && command !== 'status') {
    io.err(t(locale, 'cli.attentionOnlyStatus'));
    return EXIT.usage;
  }
  if (parsed.values['dry-run'] && parsed.values.apply) {
    io.err(t(locale, 'cli.dryRunOrApply'));
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
      io.err(redisUnreachableMessage(config.redis.url, probe.reason, locale));
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
      return commands.cmdStatus(config, io, json, { attention });
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
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${t(cliLocale(process.env), 'cli.failed', { message })}\n`);
      process.exit(1);
    },
  );
}
