// The commands of `breachwatch`: what each takes, its help text, and what it runs. main.ts builds the
// dependencies (config, store, classifier, renderers); run-cli.ts parses the arguments and dispatches.
import type { Readable, Writable } from 'node:stream';
import type { CommandReply } from '../commands/types.ts';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import type { Article, ArticleText, Classification } from '../domain/types.ts';
import type { LeadReading } from '../pipeline/read-lead.ts';
import type { FlagSpec, ParsedArgs } from './args.ts';
import { CLASSIFY_USAGE, runClassifyCommand } from './classify-command.ts';
import { formatReplayText, readFeedFile, replay, type FetchFeedUrl } from './replay-command.ts';
import type { AlertRenderers, CommandOutput, CommandSession } from './store-commands.ts';

// The chat command core (src/commands) is loaded by the commands that run it, not by `start` or `classify`.
const storeCommands = () => import('./store-commands.ts');

export interface CliDeps {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  version: string;
  /** Starts the bot; it runs until a signal stops it. */
  start: () => Promise<void>;
  /** Queues, once, the alerts of the past N days' incidents recorded without posting (src/cli/backfill-command.ts). */
  backfill: (days: string) => Promise<number>;
  demo: () => Promise<number>;
  /** Builds the classifier (loads the recogniser's files): only commands that classify call it. */
  classifier: () => Promise<(text: ArticleText) => Classification>;
  /** The configured store and the command core's deps; `needsStore: false` opens no store file. */
  openSession: (options: { needsStore: boolean }) => Promise<CommandSession>;
  /** A throwaway store holding the demo's sample incidents (`preview --demo`). */
  openDemoSession: () => Promise<CommandSession>;
  renderReplyText: (reply: CommandReply) => string;
  /** The platforms' alert renderers, loaded by `preview` only. */
  loadRenderers: () => Promise<AlertRenderers>;
  /** Reads leads with the config's fetch policy and `leads:` settings, caching in memory (`replay --fetch-leads`). */
  openLeads?: () => Promise<{ reading: LeadReading; close: () => Promise<void> }>;
}

export interface CliCommand {
  name: string;
  /** What follows the name in the usage line. */
  args: string;
  summary: string;
  details: string;
  flags: readonly FlagSpec[];
  /** The most positional arguments it takes (none: no limit). */
  maxArgs?: number;
  /** The exit code, or -1 when the command keeps running (start). */
  run: (args: ParsedArgs, deps: CliDeps) => Promise<number>;
}

const JSON_FLAG: FlagSpec = { name: 'json', help: 'print the result as JSON (one object on one line)' };

const output = (deps: CliDeps): CommandOutput => ({ stdout: (text) => deps.stdout.write(text), stderr: (text) => deps.stderr.write(text) });

async function withSession<T>(open: () => Promise<CommandSession>, use: (session: CommandSession) => Promise<T>): Promise<T> {
  const session = await open();
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/** A chat command run against the configured store: the words after `breachwatch` are the command. */
function storeCommand(name: string, args: string, summary: string, details: string): CliCommand {
  return {
    name,
    args,
    summary,
    details,
    flags: [JSON_FLAG],
    run: (parsed, deps) =>
      withSession(storeSession(deps), async (session) =>
        (await storeCommands()).runStoreCommand([name, ...parsed.positionals], session, {
          json: parsed.flags.has('json'),
          render: deps.renderReplyText,
          out: output(deps),
        }),
      ),
  };
}

const storeSession = (deps: CliDeps) => () => deps.openSession({ needsStore: true });
const noStoreSession = (deps: CliDeps) => () => deps.openSession({ needsStore: false });

const feedCommand: CliCommand = {
  name: 'feed',
  args: 'list | feed test <url | file | google "words"> | feed add <url | google "words"> [name]',
  summary: 'list the feeds, read one now and show what would alert, or check one to add',
  details:
    '`feed list` shows the feeds from the config file and those added from chat. `feed test <url>` fetches a feed\n' +
    'now through the same safe HTTP client and address policy as the poller (fetch: in the config file), or\n' +
    'reads a feed file, classifies its items and shows what each of the first would give. `feed add <url>` reads\n' +
    'a feed and prints its entry for config/breachwatch.yaml; given a web page, it offers the site\'s feeds; with\n' +
    '`google "words"`, it checks the UK Google News search for them. Nothing is stored or posted: feeds are added\n' +
    'and removed in config/breachwatch.yaml (or with /breach feed add in chat).',
  flags: [JSON_FLAG],
  maxArgs: 3,
  run: async (parsed, deps) => {
    const [action = '', ...rest] = parsed.positionals;
    const options = { json: parsed.flags.has('json'), render: deps.renderReplyText, out: output(deps) };
    if (action === 'add') {
      const [{ runFeedAdd }, { forTerminal }] = await Promise.all([import('./feed-add-command.ts'), storeCommands()]);
      return withSession(noStoreSession(deps), (session) => runFeedAdd(rest, session.deps, { ...options, forTerminal }));
    }
    const [source = ''] = rest;
    const google = action === 'test' && source.toLowerCase() === 'google';
    if ((action !== 'list' && action !== 'test') || (rest.length > 1 && !google)) {
      deps.stderr.write(
        'Usage: breachwatch feed list | breachwatch feed test <url | file | google "words"> | ' +
          'breachwatch feed add <url | google "words"> [name]. Add or remove feeds in config/breachwatch.yaml.\n',
      );
      return 2;
    }
    if (action === 'list' || source === '' || isUrl(source) || google) {
      const open = action === 'list' ? storeSession(deps) : noStoreSession(deps);
      const { runStoreCommand } = await storeCommands();
      return withSession(open, (session) => runStoreCommand(['feed', ...parsed.positionals], session, options));
    }
    // A feed file: the same test, reading the file instead of fetching.
    const { runCommand } = await storeCommands();
    return withSession(noStoreSession(deps), (session) => runCommand({ kind: 'feed_test', url: source }, fileSession(session, source), options));
  },
};

/** The session with `fetchArticles` reading one feed file (as `replay` does) instead of fetching a URL. */
function fileSession(session: CommandSession, file: string): CommandSession {
  const fetchArticles = (): Promise<{ feedTitle: string | null; articles: Article[] }> => readFeedFile(file, new Date());
  return { ...session, deps: { ...session.deps, checkFeedUrl: () => ({ ok: true }), fetchArticles } };
}

export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'start',
    args: '',
    summary: 'poll the configured feeds and post alerts (the default)',
    details: 'Runs until Ctrl-C or SIGTERM, which finish the current step and close the store. Alerts go to stdout\n(console) or to Slack and Discord; logs go to stderr.',
    flags: [],
    maxArgs: 0,
    run: async (_args, deps) => {
      await deps.start();
      return -1;
    },
  },
  {
    name: 'demo',
    args: '',
    summary: 'replay the bundled sample feeds through the real pipeline, offline',
    details: 'Starts a feed server on 127.0.0.1 with sample articles and prints the alerts the real pipeline posts.',
    flags: [],
    maxArgs: 0,
    run: (_args, deps) => deps.demo(),
  },
  {
    name: 'backfill',
    args: '--days N',
    summary: "post, once, the past N days' incidents that were recorded without posting",
    details:
      "A feed's first poll records what it carries without posting. This queues those incidents' alerts in\n" +
      'the store; the running bot, or the next `breachwatch start`, sends them. A destination that already\n' +
      "has an incident's alert gets nothing.",
    flags: [{ name: 'days', value: 'N', help: 'how many days back, 1 to 3650' }],
    maxArgs: 0,
    run: async (parsed, deps) => {
      const days = parsed.flags.get('days');
      if (typeof days !== 'string') {
        deps.stderr.write('backfill needs --days N, e.g. breachwatch backfill --days 7\n');
        return 2;
      }
      return deps.backfill(days);
    },
  },
  storeCommand(
    'recent',
    '[n] [sector]',
    'the latest incidents in the store',
    'n is 1 to 20 (default 5); sector is police, council, nhs, central_government, education, justice,\n' +
      'transport, regulator or other_public.',
  ),
  storeCommand('search', '<words>', 'full-text search over the stored articles', 'Quote a phrase to search for it: breachwatch search "warrant card".'),
  storeCommand('show', '<incident>', 'one incident with its sources and history', 'Incident ids look like bw-0q2ft4d0dm: see breachwatch recent.'),
  storeCommand('stats', '[30d|90d|1y]', 'counts by sector and the most reported bodies', 'The period defaults to 30d.'),
  feedCommand,
  {
    name: 'preview',
    args: '[incident] [--demo]',
    summary: "print an incident's alert as Slack Block Kit and as a Discord embed",
    details:
      'Renders the alert with the same code that posts it, so you can see it before connecting Slack or\n' +
      'Discord, with a link that opens the blocks in Slack\'s Block Kit Builder. Without an incident id, the\n' +
      'latest incident in the store is shown. With --demo, the incidents come from the bundled sample\n' +
      'articles instead of the store (no feed needs to have been polled).',
    flags: [JSON_FLAG, { name: 'demo', help: 'preview an incident made from the sample articles of `breachwatch demo`' }],
    maxArgs: 1,
    run: async (parsed, deps) => {
      const [renderers, { runPreview }] = await Promise.all([deps.loadRenderers(), storeCommands()]);
      return withSession(parsed.flags.has('demo') ? deps.openDemoSession : storeSession(deps), (session) =>
        runPreview(parsed.positionals[0] ?? null, session, { json: parsed.flags.has('json'), renderers, out: output(deps) }),
      );
    },
  },
  {
    name: 'classify',
    args: '< in.jsonl',
    summary: 'classify articles given as JSON lines on stdin',
    details: CLASSIFY_USAGE,
    flags: [],
    maxArgs: 0,
    run: async (_args, deps) => {
      if (deps.stdin.isTTY) {
        deps.stderr.write(`breachwatch classify reads JSON lines from stdin, e.g. breachwatch classify < in.jsonl\n\n${CLASSIFY_USAGE}\n`);
        return 2;
      }
      const result = await runClassifyCommand(deps.stdin, deps.stdout, await deps.classifier());
      return result.lines > 0 && result.errors === result.lines ? 1 : 0;
    },
  },
  {
    name: 'replay',
    args: 'FEED… [--json] [--fetch-leads]',
    summary: 'run feed files or URLs through the pipeline and print the incidents',
    details:
      'Each FEED is a file or an http(s) URL; URLs are fetched through the same safe HTTP client and address\n' +
      'policy as the poller (fetch: in the config file). The articles are parsed, classified and clustered\n' +
      'with a throwaway in-memory store and no chat: every item counts as new, and they go in by publication date.\n' +
      'A headline-only item that could be a breach is shown with `lead` (--json); its article page is fetched and\n' +
      'its lead read before deciding only with --fetch-leads, so that a replay of files stays offline.',
    flags: [JSON_FLAG, { name: 'fetch-leads', help: "fetch headline-only items' article pages and read their lead (config leads:)" }],
    run: async (parsed, deps) => {
      const sources = parsed.positionals;
      if (sources.length === 0) {
        deps.stderr.write('replay needs at least one feed file or URL: breachwatch replay FEED.xml… [--json]\n');
        return 2;
      }
      const print = async (fetchUrl?: FetchFeedUrl): Promise<number> => {
        const leads = parsed.flags.has('fetch-leads') ? await deps.openLeads?.() : undefined;
        try {
          const result = await replay(sources, await deps.classifier(), new Date(), fetchUrl, leads?.reading);
          deps.stdout.write(parsed.flags.has('json') ? `${JSON.stringify(result)}\n` : `${formatReplayText(result)}\n`);
          return result.errors.length === sources.length ? 1 : 0;
        } finally {
          await leads?.close();
        }
      };
      // Files need no config; URLs are fetched with the configured fetch policy.
      return sources.some(isUrl) ? withSession(noStoreSession(deps), (session) => print(fetchThroughPolicy(session))) : print();
    },
  },
];

const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

const FETCH_TIMEOUT_MS = 30_000;

/** Fetches a feed URL as `feed test` does: the address policy first, then the poller's safe client. */
function fetchThroughPolicy(session: CommandSession): FetchFeedUrl {
  return async (url) => {
    const check = session.deps.checkFeedUrl(url);
    if (!check.ok) throw new BreachwatchError(ErrorCode.FeedUrlRefused, check.message);
    return session.deps.fetchArticles(url, AbortSignal.timeout(FETCH_TIMEOUT_MS));
  };
}
