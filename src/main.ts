// The composition root: the one file that reads the environment and knows every adapter. Everything
// else gets what it needs passed in. The command line itself (commands, flags, help) is in src/cli/.
import './quiet-warnings.ts';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createConsoleSink } from '../adapters/console/console-sink.ts';
import { renderReplyText } from '../adapters/console/render-reply.ts';
import { renderAlertMessage as renderDiscordAlert } from '../adapters/discord/render-alert.ts';
import { storeTagOf } from '../adapters/discord/discord-sink.ts';
import { renderAlert as renderSlackAlert } from '../adapters/slack/render-alert.ts';
import { createDiscordAdapter } from '../adapters/discord/discord-app.ts';
import { startHttpInteractions } from '../adapters/discord/http-interactions.ts';
import { createSlackAdapter } from '../adapters/slack/slack-app.ts';
import type { ConnectedSink } from './alerts/active-routes.ts';
import { connectPlatform, type PlatformStarter } from './alerts/platform-connection.ts';
import { noticeDestinations, tellAdminsRecovered, warnAdmins } from './alerts/feed-notices.ts';
import type { Sink } from './alerts/sink.ts';
import type { CliDeps } from './cli/commands.ts';
import { runBackfillCommand } from './cli/backfill-command.ts';
import { onClosedPipe } from './cli/pipes.ts';
import { ingestArticles } from './cli/replay-command.ts';
import { runCli } from './cli/run-cli.ts';
import type { CommandSession } from './cli/store-commands.ts';
import type { CommandDeps } from './commands/deps.ts';
import { handleCommand } from './commands/handle-command.ts';
import { parseCommandText } from './commands/parse-command.ts';
import type { Command, CommandContext, CommandReply } from './commands/types.ts';
import { loadConfig, type AppConfig } from './config/load-config.ts';
import { loadRecogniser } from './config/load-recogniser.ts';
import { demoArticles } from './demo/demo-articles.ts';
import { runDemo } from './demo/run-demo.ts';
import { BreachwatchError, ErrorCode, describeError, userMessage } from './domain/errors.ts';
import type { ArticleText, Classification } from './domain/types.ts';
import { platformProxy } from './http/platform-proxy.ts';
import { describeProxySettings, proxySecrets, proxySettingsFromEnv, type ProxySettings } from './http/proxy-settings.ts';
import { createLogger, silentLogger, type Logger } from './log/logger.ts';
import type { FeedSource } from './pipeline/poll-feed.ts';
import type { CycleDeps } from './pipeline/run-cycle.ts';
import { createRegistry, type Registry } from './pipeline/registry.ts';
import { claimInstance } from './pipeline/instance-lease.ts';
import { formatOwner, holderState, newLeaseOwner, type LeaseOwner } from './pipeline/lease-owner.ts';
import { startScheduler } from './pipeline/scheduler.ts';
import { checkUrl } from './sources/address-policy.ts';
import { fetchContext, fetchPolicy, makeFetchFeed, makeLeadReading } from './pipeline/fetching.ts';
import { discoverFeeds } from './sources/discover-feeds.ts';
import { readSourceNow } from './sources/source-kinds.ts';
import { httpGet, withProxy } from './sources/http-get.ts';
import type { Store } from './store/ports.ts';
import { openSqliteStore } from './store/sqlite-store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_CONFIG = path.join(ROOT, 'config', 'breachwatch.yaml');
const GAZETTEER = path.join(ROOT, 'config', 'gazetteer.json');
const VETO_MODEL = path.join(ROOT, 'config', 'veto-model.json');
const KNOWLEDGE = path.join(ROOT, 'config', 'knowledge');
const SHUTDOWN_GRACE_MS = 1_500;

function makeRecognition(): { classify: (text: ArticleText) => Classification; regionOf: (organisation: string) => string | null } {
  const recogniser = loadRecogniser({ gazetteer: GAZETTEER, knowledge: KNOWLEDGE, veto: VETO_MODEL });
  return { classify: recogniser.classify, regionOf: (organisation) => recogniser.gazetteer.byName(organisation)?.region ?? null };
}

const makeClassifier = (): ((text: ArticleText) => Classification) => makeRecognition().classify;

export function feedSources(config: Pick<AppConfig, 'feeds' | 'poll'>): FeedSource[] {
  return config.feeds
    .filter((f) => f.enabled)
    .map((f) => ({ id: f.id, name: f.name, url: f.url, intervalMinutes: f.intervalMinutes ?? config.poll.defaultIntervalMinutes, kind: f.kind }));
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
  deps: { handle: CommandHandler; store: Store; storeId: string; log: Logger; signal: AbortSignal; onConnected: (sink: string) => void; proxy: ProxySettings },
): Promise<Platform[]> {
  if (config.dryRun) return [];
  const platforms: Platform[] = [];
  const starters: PlatformStarter[] = [];
  if (config.slack) {
    const proxy = platformProxy(config.slack.apiUrl ?? 'https://slack.com/api/', deps.proxy);
    const slack = createSlackAdapter(config.slack, { handleCommand: deps.handle, parseCommandText, log: deps.log, storeId: deps.storeId }, { proxy });
    starters.push({ name: 'slack', label: 'Slack', start: () => slack.start() });
    platforms.push({ sink: slack.sink, connected: { name: 'slack', defaultChannel: config.slack.defaultChannel, needsChannel: true }, stop: () => slack.stop() });
  }
  if (config.discord) {
    const proxy = platformProxy(config.discord.apiUrl ?? 'https://discord.com/api', deps.proxy);
    // discord.js cannot send its gateway WebSocket through a proxy: with an HTTP interactions endpoint it is not needed.
    const gateway = !(proxy && config.discord.publicKey);
    if (proxy && gateway) {
      deps.log.warn(
        'discord:proxy',
        `Discord's API goes via ${proxy.label}, but its gateway WebSocket cannot (discord.js takes no proxy for it) and connects ` +
          'directly: allow gateway.discord.gg:443 out, or receive /breach over HTTP (DISCORD_PUBLIC_KEY). Alerts use the API.',
      );
    }
    const discord = createDiscordAdapter(config.discord, {
      proxy,
      gateway,
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
        proxy,
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

function commandDepsFor(
  config: AppConfig,
  store: Store,
  classifyArticle: (text: ArticleText) => Classification,
  reload: () => Promise<void>,
  log: Logger,
  proxy: ProxySettings,
): CommandDeps {
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
    // The kind is detected from what the URL serves (a feed, an ICO news listing) and stored by `feed add`.
    fetchArticles: (url, signal) => readSourceNow(url, fetchContext(config, () => new Date(), signal, proxy)),
    // A web page's own feeds, offered by `feed add <site>`: the same client, policy and proxy as feeds.
    discoverFeeds: (pageUrl, signal) => {
      const get = withProxy(httpGet, proxy);
      return discoverFeeds(pageUrl, { get: (url, s) => get(url, { ...fetchPolicy(config), signal: s }), signal });
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
  const proxy = proxySettingsFromEnv(env);
  const log = createLogger({ ...config.log, secrets: [...config.secrets, ...proxySecrets(proxy)] });
  log.info('proxy', describeProxySettings(proxy));
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
  const fetch = makeFetchFeed(config, now, proxy);
  const sinks = new Map<string, Sink>([['console', createConsoleSink()]]);
  const connected: ConnectedSink[] = [{ name: 'console', defaultChannel: null, needsChannel: false }];
  // Commands may change feeds and routes; the registry they reload is built once the platforms are connected.
  let registry: Registry | null = null;
  const commandDeps = commandDepsFor(config, store, classifyArticle, async () => registry?.reload(), log, proxy);
  // A platform that comes back sends what waited for it at once, in a cycle of its own.
  let sendWaiting = (sink: string): void => log.debug('outbox:waiting', `${sink} connected before the poller started.`);
  const platforms = await connectPlatforms(config, {
    handle: (command, ctx) => handleCommand(command, ctx, commandDeps),
    store,
    storeId: await store.storeId(),
    log,
    signal: controller.signal,
    onConnected: (sink) => sendWaiting(sink),
    proxy,
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
    ...(config.leads.enabled ? { leads: makeLeadReading(config, store, proxy, controller.signal) } : {}),
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

/** What the command line needs, built here because only this file reads the environment and knows the adapters. */
function cliDeps(env: NodeJS.ProcessEnv): CliDeps {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    version: packageVersion(),
    start: () => start(env),
    backfill: (days) => runBackfillCommand(['--days', days], { env, cwd: process.cwd(), defaultConfig: DEFAULT_CONFIG, out: process.stdout }),
    demo: () => runDemo({ root: ROOT, classify: makeClassifier(), makeSink: createConsoleSink, out: process.stdout, log: createLogger({ level: 'warn' }) }),
    classifier: makeClassifier,
    openSession: (options) => openCommandSession(env, options),
    openDemoSession: () => openDemoSession(env),
    renderReplyText,
    openLeads: async () => {
      const config = loadConfig(env, process.cwd(), DEFAULT_CONFIG);
      const store = openSqliteStore(':memory:');
      return { reading: makeLeadReading(config, store, proxySettingsFromEnv(env)), close: () => store.close() };
    },
    renderers: {
      slack: (payload) => renderSlackAlert(payload.incident),
      discord: (payload, storeId) => renderDiscordAlert(payload, storeTagOf(storeId)),
    },
  };
}

/**
 * The configured store with the command core's deps, for `breachwatch recent`, `feed test`, `preview`…
 * A command that reads the store refuses to create one where there is none; `feed test` and `replay`
 * read nothing from it and get a throwaway one. The classifier is loaded only if a command classifies.
 */
async function openCommandSession(
  env: NodeJS.ProcessEnv,
  options: { needsStore: boolean },
  fill?: (store: Store, classify: (text: ArticleText) => Classification) => Promise<void>,
): Promise<CommandSession> {
  const config = loadConfig(env, process.cwd(), DEFAULT_CONFIG);
  const proxy = proxySettingsFromEnv(env);
  const storePath = options.needsStore ? config.store.path : ':memory:';
  if (storePath !== ':memory:' && !existsSync(storePath)) {
    throw new BreachwatchError(
      ErrorCode.StoreFailed,
      `There is no store at ${storePath} yet. Run \`breachwatch start\` (it records what the feeds carry), or set BREACHWATCH_DB to the store's path.`,
    );
  }
  const store = openSqliteStore(storePath);
  let classifier: ((text: ArticleText) => Classification) | null = null;
  const classify = (text: ArticleText): Classification => (classifier ??= makeClassifier())(text);
  await fill?.(store, classify);
  const deps = commandDepsFor(config, store, classify, async () => undefined, silentLogger(), proxy);
  return { deps: { ...deps, cooldowns: undefined }, storeId: () => store.storeId(), close: () => store.close() };
}

/** The demo's sample articles clustered into a throwaway store, as the poller would have stored them. */
function openDemoSession(env: NodeJS.ProcessEnv): Promise<CommandSession> {
  return openCommandSession(env, { needsStore: false }, async (store, classify) => {
    const now = new Date();
    await ingestArticles(await demoArticles(ROOT, now), store, classify, now);
  });
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
