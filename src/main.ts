// The composition root: the one file that reads the environment; with src/bot.ts, src/platforms.ts and
// src/sessions.ts it knows every adapter. Everything else gets what it needs passed in. The command line
// itself (commands, flags, help) is in src/cli/. Each command loads only what it uses (import() below):
// `--version` no store and no classifier, `classify` no store, a console-only bot no chat SDK.
import './quiet-warnings.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { renderReplyText } from '../adapters/console/render-reply.ts';
import type { CliDeps } from './cli/commands.ts';
import { onClosedPipe } from './cli/pipes.ts';
import { runCli } from './cli/run-cli.ts';
import { userMessage } from './domain/errors.ts';
import { createLogger } from './log/logger.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_CONFIG = path.join(ROOT, 'config', 'breachwatch.yaml');
const sessions = () => import('./sessions.ts');

/** What the command line needs, built here because only this file reads the environment and knows the adapters. */
function cliDeps(env: NodeJS.ProcessEnv): CliDeps {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    version: packageVersion(),
    start: async () => (await import('./bot.ts')).startBot(env),
    backfill: async (days) =>
      (await import('./cli/backfill-command.ts')).runBackfillCommand(['--days', days], { env, cwd: process.cwd(), defaultConfig: DEFAULT_CONFIG, out: process.stdout }),
    demo: async () => {
      const [{ runDemo }, { createConsoleSink }, { makeClassifier }] = await Promise.all([
        import('./demo/run-demo.ts'),
        import('../adapters/console/console-sink.ts'),
        sessions(),
      ]);
      return runDemo({ root: ROOT, classify: makeClassifier(env), makeSink: createConsoleSink, out: process.stdout, log: createLogger({ level: 'warn' }) });
    },
    classifier: async () => (await sessions()).makeClassifier(env),
    openSession: async (options) => (await sessions()).openCommandSession(env, options),
    openDemoSession: async () => (await sessions()).openDemoSession(env),
    renderReplyText,
    openLeads: async () => (await sessions()).openLeads(env),
    loadRenderers: async () => {
      const [discord, slack] = await Promise.all([import('../adapters/discord/render-alert.ts'), import('../adapters/slack/render-alert.ts')]);
      return {
        slack: (payload) => slack.renderAlert(payload.incident),
        discord: (payload, storeId) => discord.renderAlertMessage(payload, discord.storeTagOf(storeId)),
      };
    },
  };
}

function packageVersion(): string {
  const text = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}

/**
 * One-shot commands stop quietly when their reader goes away; the bot keeps running without stdout and
 * says so once, as a log line (JSON with LOG_FORMAT=json).
 */
function guardOutput(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const [command] = args;
  const asksForText = args.some((a) => ['-h', '--help', '-v', '--version'].includes(a));
  const keepsRunning = !asksForText && (command === undefined || command === 'start' || command.startsWith('-'));
  const closed = keepsRunning
    ? () =>
        createLogger({ format: env.LOG_FORMAT === 'json' ? 'json' : 'pretty' }).warn(
          'stdout:closed',
          'stdout was closed: alerts are no longer printed here. They stay in the store (see `breachwatch recent`) and still go to chat.',
        )
    : () => process.exit(process.exitCode ?? 0);
  onClosedPipe(process.stdout, closed);
  onClosedPipe(process.stderr, () => undefined);
}

const argv = process.argv.slice(2);
guardOutput(argv, process.env);
runCli(argv, cliDeps(process.env)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`breachwatch: ${userMessage(error)}\n`);
    process.exitCode = 1;
  },
);
