// `breachwatch [command] [args] [--flags]`: finds the command, parses its arguments (unknown flags are
// refused with a suggestion), answers --help and --version for every command, and runs it.
import { COMMON_FLAGS, parseArgs, suggest, type FlagSpec } from './args.ts';
import { COMMANDS, type CliCommand, type CliDeps } from './commands.ts';

const ENVIRONMENT = `Environment: BREACHWATCH_CONFIG (config file, default config/breachwatch.yaml), BREACHWATCH_DB (store
path), BREACHWATCH_INSTANCE_ID (unique per process sharing a store, a second one refuses to start;
default the host name), LOG_LEVEL (debug|info|warn|error), LOG_FORMAT (pretty|json), DRY_RUN=1 (post to
the console only). Alerts and results go to stdout, logs to stderr.`;

const usageLine = (command: CliCommand): string => `breachwatch ${command.name}${command.args ? ` ${command.args}` : ''}`;

export function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => usageLine(c).length)) + 2;
  return [
    'breachwatch — alerts when a UK public body is reported to have had a data breach',
    '',
    'Usage:',
    ...COMMANDS.map((c) => `  ${usageLine(c).padEnd(width)}${c.summary}`),
    `  ${'breachwatch help [command]'.padEnd(width)}this text, or how to use one command`,
    '',
    'Every command takes --help and --version; recent, search, show, stats, feed, preview and replay take --json.',
    '',
    ENVIRONMENT,
  ].join('\n');
}

export function commandUsage(command: CliCommand): string {
  const flags: FlagSpec[] = [...command.flags, ...COMMON_FLAGS];
  const label = (f: FlagSpec): string => `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.value ? ` ${f.value}` : ''}`;
  const width = Math.max(...flags.map((f) => label(f).length)) + 2;
  return [
    `Usage: ${usageLine(command)}`,
    '',
    `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.`,
    command.details,
    '',
    'Options:',
    ...flags.map((f) => `  ${label(f).padEnd(width)}${f.help}`),
  ].join('\n');
}

/** Runs the command line; returns the exit code, or -1 when the command keeps running (start). */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || (first.startsWith('-') && first !== '-')) return runTopLevel(argv, deps);
  if (first === 'help') return help(rest, deps);
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const nearest = suggest(first, [...COMMANDS.map((c) => c.name), 'help']);
    deps.stderr.write(`breachwatch: unknown command "${first}".${nearest ? ` Did you mean \`breachwatch ${nearest}\`?` : ''} See \`breachwatch --help\`.\n`);
    return 2;
  }
  const parsed = parseArgs(rest, command.flags, `breachwatch ${command.name}`);
  if (!parsed.ok) {
    deps.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  if (parsed.args.flags.has('help')) return write(deps, commandUsage(command));
  if (parsed.args.flags.has('version')) return write(deps, versionText(deps));
  if (command.maxArgs !== undefined && parsed.args.positionals.length > command.maxArgs) {
    const extra = parsed.args.positionals.slice(command.maxArgs).join(' ');
    deps.stderr.write(`breachwatch ${command.name}: unexpected argument "${extra}". Usage: ${usageLine(command)}\n`);
    return 2;
  }
  return command.run(parsed.args, deps);
}

/** `breachwatch` alone starts the bot; `breachwatch --help`, `--version`; any other flag needs a command. */
async function runTopLevel(argv: readonly string[], deps: CliDeps): Promise<number> {
  const parsed = parseArgs(argv, [], 'breachwatch');
  if (!parsed.ok) {
    deps.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  if (parsed.args.flags.has('help')) return write(deps, mainUsage());
  if (parsed.args.flags.has('version')) return write(deps, versionText(deps));
  const start = COMMANDS.find((c) => c.name === 'start') as CliCommand;
  return start.run(parsed.args, deps);
}

function help(rest: readonly string[], deps: CliDeps): number {
  const parsed = parseArgs(rest, [], 'breachwatch help');
  if (!parsed.ok) {
    deps.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  if (parsed.args.flags.has('version')) return write(deps, versionText(deps));
  const [name] = parsed.args.positionals;
  if (name === undefined) return write(deps, mainUsage());
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return write(deps, commandUsage(command));
  const nearest = suggest(name, COMMANDS.map((c) => c.name));
  deps.stderr.write(`breachwatch: there is no command "${name}".${nearest ? ` Did you mean \`breachwatch help ${nearest}\`?` : ''}\n`);
  return 2;
}

const versionText = (deps: CliDeps): string => `breachwatch ${deps.version} (Node ${process.versions.node})`;

function write(deps: CliDeps, text: string): number {
  deps.stdout.write(`${text}\n`);
  return 0;
}
