// The composition root and command line: the one file that reads the environment and knows every
// adapter. Everything else gets what it needs passed in.
import './quiet-warnings.ts';
import { hostname } from 'node:os';
import path from 'node:path';
import { createConsoleSink } from '../adapters/console/console-sink.ts';
import { createDiscordAdapter } from '../adapters/discord/discord-app.ts';
import { startHttpInteractions } from '../adapters/discord/http-interactions.ts';
import { createSlackAdapter } from '../adapters/slack/slack-app.ts';
import type { ConnectedSink } from './alerts/active-routes.ts';
import { connectPlatform, type PlatformStarter } from './alerts/platform-connection.ts';
import { noticeDestinations, tellAdminsRecovered, warnAdmins } from './alerts/feed-notices.ts';
import type { Sink } from './alerts/sink.ts';
import { runBackfillCommand } from './cli/backfill-command.ts';
import { runClassifyCommand } from './cli/classify-command.ts';
import type { CommandDeps } from './commands/deps.ts';
import { handleCommand } from './commands/handle-command.ts';
import { parseCommandText } from './commands/parse-command.ts';
import type { Command, CommandContext, CommandReply } from './commands/types.ts';
import { formatReplayText, replay } from './cli/replay-command.ts';
import { loadConfig, type AppConfig } from './config/load-config.ts';
import { loadRecogniser } from './config/load-recogniser.ts';
import { runDemo } from './demo/run-demo.ts';
import { BreachwatchError, ErrorCode, describeError } from './domain/errors.ts';
import type { ArticleText, Classification } from './domain/types.ts';
import { createLogger, type Logger } from './log/logger.ts';
import type { FeedSource, FetchFeed } from './pipeline/poll-feed.ts';
import type { CycleDeps } from './pipeline/run-cycle.ts';
import { createRegistry, type Registry } from './pipeline/registry.ts';
import { claimInstance } from './pipeline/instance-lease.ts';
import { formatOwner, holderState, newLeaseOwner, type LeaseOwner } from './pipeline/lease-owner.ts';
import { startScheduler } from './pipeline/scheduler.ts';
import { checkUrl } from './sources/address-policy.ts';
import { fetchFeed } from './sources/fetch-feed.ts';
import { httpGet } from './sources/http-get.ts';
import type { Store } from './store/ports.ts';
import { openSqliteStore } from './store/sqlite-store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_CONFIG = path.join(ROOT, 'config', 'breachwatch.yaml');
const GAZETTEER = path.join(ROOT, 'config', 'gazetteer.json');
const VETO_MODEL = path.join(ROOT, 'config', 'veto-model.json');
const KNOWLEDGE = path.join(ROOT, 'config', 'knowledge');
const SHUTDOWN_GRACE_MS = 1_500;

const USAGE = `breachwatch — alerts when a UK public body is reported to have had a data breach

Usage:
  breachwatch start                     poll the configured feeds and post alerts (default)
  breachwatch demo                      replay the bundled sample feeds through the real pipeline
  breachwatch classify < in.jsonl       classify JSON lines {title, summary, content?, url?, outlet?, published?}
  breachwatch replay FEED.xml… [--json] run local feed files through the pipeline and print the incidents
  breachwatch backfill --days N         post, once, the past N days' incidents recorded without posting
  breachwatch help                      this text

Environment: BREACHWATCH_CONFIG (config file, default config/breachwatch.yaml), BREACHWATCH_DB (store
path), BREACHWATCH_INSTANCE_ID (unique per process sharing a store, a second one refuses to start;
default the host name), LOG_LEVEL (debug|info|warn|error), LOG_FORMAT (pretty|json), DRY_RUN=1 (post to
the console only).`;

function makeRecognition(): { classify: (text: ArticleText) => Classification; regionOf: (organisation: string) => string | null } {
  const recogniser = loadRecogniser({ gazetteer: GAZETTEER, knowledge: KNOWLEDGE, veto: VETO_MODEL });
  return { classify: recogniser.classify, regionOf: (organisation) => recogniser.gazetteer.byName(organisation)?.region ?? null };
}

const makeClassifier = (): ((text: ArticleText) => Classification) => makeRecognition().classify;

export function makeFetchFeed(config: Pick<AppConfig, 'fetch'>, now: () => Date): FetchFeed {
  return (feed, validators, signal) =>
    fetchFeed(feed, validators, {
      httpGet,
      now,
      signal,
      allowPrivateAddresses: config.fetch.allowPrivateAddresses,
      maxBytes: config.fetch.maxBytes,
      timeoutMs: config.fetch.timeoutSeconds * 1000,
      userAgent: config.fetch.userAgent,
    });
}

export function feedSources(config: Pick<AppConfig, 'feeds' | 'poll'>): FeedSource[] {
  return config.feeds
    .filter((f) => f.enabled)
    .map((f) => ({ id: f.id, name: f.name, url: f.url, intervalMinutes: f.intervalMinutes ?? config.poll.defaultIntervalMinutes }));
}

interface Platform {
  sink: Sink;
  connected: ConnectedSink;
  stop(): Promise<void>;
}

type CommandHandler = (command: Command, ctx: CommandContext) => Promise<CommandReply>;

/**
 * Connects Slack and Discord when their tokens are set (never with DRY_RUN). Only a token a platform
 * rejects stops the start; an unreachable or failing platform is retried in the background while the
 * bot runs, its alerts waiting in the outbox (src/alerts/platform-connection.ts).
 */
async function connectPlatforms(
  config: AppConfig,
  deps: { handle: CommandHandler; store: Store; storeId: string; log: Logger; signal: AbortSignal; onConnected: (sink: string) => void },
): Promise<Platform[]> {
  if (config.dryRun) return [];
  const platforms: Platform[] = [];
  const starters: PlatformStarter[] = [];
  if (config.slack) {
    const slack = createSlackAdapter(config.slack, { handleCommand: deps.handle, parseCommandText, log: deps.log, storeId: deps.storeId });
    starters.push({ name: 'slack', label: 'Slack', start: () => slack.start() });
    platforms.push({ sink: slack.sink, connected: { name: 'slack', defaultChannel: config.slack.defaultChannel, needsChannel: true }, stop: () => slack.stop() });
  }
  if (config.discord) {
    const discord = createDiscordAdapter(config.discord, {
      handleCommand: deps.handle,
      completeIncidentIds: async (prefix) =>
        (await deps.store.incidentIdsLike(prefix, 25)).map((i) => ({ id: i.id, label: `${i.id} · ${i.organisation}` })),
      log: deps.log,
      storeId: deps.storeId,
    });
    let endpoint: { close(): Promise<void> } | null = null;
    if (config.discord.publicKey) {
      if (!config.discord.applicationId) {
        throw new BreachwatchError(ErrorCode.ConfigInvalid, 'DISCORD_PUBLIC_KEY is set, so DISCORD_APPLICATION_ID is needed too (Developer Portal → General Information).');
      }
      const http = await startHttpInteractions({
        publicKey: config.discord.publicKey,
        applicationId: config.discord.applicationId,
        port: config.discord.interactionsPort,
        apiUrl: config.discord.apiUrl,
        handleCommand: deps.handle,
        completeIncidentIds: async (prefix) => (await deps.store.incidentIdsLike(prefix, 25)).map((i) => ({ id: i.id, label: i.organisation })),
        log: deps.log,
        scope: discord.scope,
      });
      endpoint = http;
      deps.log.info('discord:http', `Discord interactions endpoint listening on port ${http.port()} at /interactions.`);
    }
    starters.push({ name: 'discord', label: 'Discord', start: () => discord.start() });
    platforms.push({
      sink: discord.sink,
      connected: { name: 'discord', defaultChannel: config.discord.defaultChannel, needsChannel: true, servedWorkspaces: config.discord.guildIds },
      stop: async () => {
        await endpoint?.close();
        await discord.stop();
      },
    });
  }
  const outcomes = await Promise.allSettled(
    starters.map((starter) => connectPlatform(starter, { log: deps.log, signal: deps.signal, onConnected: () => deps.onConnected(starter.name) })),
  );
  const rejected = outcomes.find((o) => o.status === 'rejected');
  if (rejected) {
    await Promise.allSettled(platforms.map((p) => p.stop()));
    throw rejected.reason;
  }
  return platforms;
}

function commandDepsFor(config: AppConfig, store: Store, fetch: FetchFeed, classifyArticle: (text: ArticleText) => Classification, reload: () => Promise<void>, log: Logger): CommandDeps {
  return {
    store,
    now: () => new Date(),
    cooldowns: store.keyv<number>('cooldown'),
    classify: classifyArticle,
    configFeeds: config.feeds,
    checkFeedUrl: (url) => {
      const check = checkUrl(url, { allowPrivateAddresses: config.fetch.allowPrivateAddresses });
      return check.ok ? { ok: true } : { ok: false, message: check.message };
    },
    fetchArticles: async (url, signal) => {
      const result = await fetch({ id: 'feed-test', name: url, url, intervalMinutes: 0 }, null, signal);
      return result.kind === 'ok' ? { feedTitle: result.feedTitle, articles: result.articles } : { feedTitle: null, articles: [] };
    },
    onRegistryChanged: () => void reload().catch((error: unknown) => log.error('config:reload', describeError(error))),
  };
}

/**
 * The poll lease's owner: BREACHWATCH_INSTANCE_ID (unique per process sharing a store; default the
 * host name), the pid, the host's boot id and PID namespace, and a nonce. A lease left by a process
 * that provably died here is taken over at once (docs/adr/008-poll-lease-and-crash-safety.md).
 */
function leaseOwner(env: NodeJS.ProcessEnv): LeaseOwner {
  return newLeaseOwner(env.BREACHWATCH_INSTANCE_ID?.trim() || hostname());
}

async function start(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(env, process.cwd(), DEFAULT_CONFIG);
  const log = createLogger({ ...config.log, secrets: config.secrets });
  const recognition = makeRecognition();
  const classifyArticle = recognition.classify;
  const store = openSqliteStore(config.store.path);
  const owner = leaseOwner(env);
  // Before connecting anything: a second process with this instance id stops here, with what to set.
  const instance = await claimInstance({ store, owner, now: () => new Date(), log }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const controller = new AbortController();
  const now = (): Date => new Date();
  const fetch = makeFetchFeed(config, now);
  const sinks = new Map<string, Sink>([['console', createConsoleSink()]]);
  const connected: ConnectedSink[] = [{ name: 'console', defaultChannel: null, needsChannel: false }];
  // Commands may change feeds and routes; the registry they reload is built once the platforms are connected.
  let registry: Registry | null = null;
  const commandDeps = commandDepsFor(config, store, fetch, classifyArticle, async () => registry?.reload(), log);
  // A platform that comes back sends what waited for it at once, in a cycle of its own.
  let sendWaiting = (sink: string): void => log.debug('outbox:waiting', `${sink} connected before the poller started.`);
  const platforms = await connectPlatforms(config, {
    handle: (command, ctx) => handleCommand(command, ctx, commandDeps),
    store,
    storeId: await store.storeId(),
    log,
    signal: controller.signal,
    onConnected: (sink) => sendWaiting(sink),
  }).catch(async (error: unknown) => {
    controller.abort();
    await instance.release().catch(() => undefined);
    await store.close();
    throw error;
  });
  for (const platform of platforms) {
    sinks.set(platform.sink.name, platform.sink);
    connected.push(platform.connected);
  }
  registry = await createRegistry(
    { configFeeds: feedSources(config), configDestinations: config.alerts.destinations, defaultIntervalMinutes: config.poll.defaultIntervalMinutes, dryRun: config.dryRun },
    store,
    connected,
    log,
  );
  commandDeps.routes = registry.routes;
  const live = registry;
  const noticeDeps = { store, now, destinations: () => noticeDestinations(connected, live.routes()) };
  const noticeFailed = (error: unknown): void => log.error('feed:notice', `Could not queue a notice for admins: ${describeError(error)}`);
  const deps: CycleDeps = {
    store,
    classify: classifyArticle,
    regionOf: recognition.regionOf,
    fetchFeed: fetch,
    routes: registry.routes,
    sinks,
    log,
    now,
    signal: controller.signal,
    maxArticleAgeDays: config.alerts.maxArticleAgeDays,
    poll: { ...config.poll, maxNewItemsPerPoll: config.poll.floodGuard.maxNewItemsPerPoll },
    retention: config.retention,
    owner: formatOwner(owner),
    isStaleOwner: (holder) => holderState(holder, owner) === 'dead',
    onFeedWarning: (feed, error) => warnAdmins(feed, error, noticeDeps).then(() => undefined, noticeFailed),
    onFeedRecovered: (feed, recovery) => tellAdminsRecovered(feed, recovery, noticeDeps).then(() => undefined, noticeFailed),
    noticeDestinations: noticeDeps.destinations,
  };
  // Entries a killed run left in 'sending' are reconciled by the first cycle, under the poll lease.
  const scheduler = startScheduler(registry.feeds, deps, config.poll.tickCron);
  sendWaiting = (sink) => {
    void store
      .retryNow(sink, now().toISOString())
      .then(() => scheduler.runNow())
      .catch((error: unknown) => log.error('outbox:retry-now', `Could not send what waited for ${sink}: ${describeError(error)}`));
  };
  const targets = [...new Set(registry.routes().map((r) => r.sink))].join(', ');
  log.info('start', `breachwatch is running: ${registry.feeds().length} feed(s), store ${config.store.path}, alerts to ${targets}. Ctrl-C stops it.`);

  let stopping = false;
  const shutdown = (signalName: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('stop', `${signalName} received: finishing the current step and closing the store.`);
    controller.abort();
    const force = setTimeout(() => {
      log.error('stop', 'Shutdown took too long; exiting. Committed work is safe (each article is one transaction).');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    void scheduler
      .stop()
      .then(() => Promise.allSettled(platforms.map((p) => p.stop())))
      .then(() => instance.release().catch((error: unknown) => log.warn('stop', `Could not release the instance lease (it expires in a minute): ${describeError(error)}`)))
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  void scheduler.runNow();
}

async function main(argv: readonly string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  switch (command) {
    case 'start':
      await start(process.env);
      return -1;
    case 'demo':
      return runDemo({ root: ROOT, classify: makeClassifier(), makeSink: createConsoleSink, out: process.stdout, log: createLogger({ level: 'warn' }) });
    case 'classify': {
      const result = await runClassifyCommand(process.stdin, process.stdout, makeClassifier());
      return result.lines > 0 && result.errors === result.lines ? 1 : 0;
    }
    case 'replay': {
      const files = rest.filter((a) => !a.startsWith('--'));
      if (files.length === 0) {
        process.stderr.write('replay needs at least one feed file: breachwatch replay FEED.xml… [--json]\n');
        return 2;
      }
      const result = await replay(files, makeClassifier());
      process.stdout.write(rest.includes('--json') ? `${JSON.stringify(result)}\n` : `${formatReplayText(result)}\n`);
      return result.errors.length === files.length ? 1 : 0;
    }
    case 'backfill':
      return runBackfillCommand(rest, { env: process.env, cwd: process.cwd(), defaultConfig: DEFAULT_CONFIG, out: process.stdout });
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`breachwatch: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
