// The running bot, part of the composition root (with src/main.ts, src/sessions.ts and src/platforms.ts):
// the config, the recogniser, the store, the chat platforms the config enables and the poll scheduler.
// main.ts loads this module only for `breachwatch start`.
import { hostname } from 'node:os';
import { createConsoleSink } from '../adapters/console/console-sink.ts';
import type { ConnectedSink } from './alerts/active-routes.ts';
import { noticeDestinations, tellAdminsRecovered, warnAdmins } from './alerts/feed-notices.ts';
import type { Sink } from './alerts/sink.ts';
import { loadConfig, type AppConfig } from './config/load-config.ts';
import { describeError } from './domain/errors.ts';
import { describeProxySettings, proxySecrets, proxySettingsFromEnv } from './http/proxy-settings.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { makeFetchFeed, makeLeadReading } from './pipeline/fetching.ts';
import { claimInstance } from './pipeline/instance-lease.ts';
import { formatOwner, holderState, newLeaseOwner, type LeaseOwner } from './pipeline/lease-owner.ts';
import type { FeedSource } from './pipeline/poll-feed.ts';
import { createRegistry, type Registry } from './pipeline/registry.ts';
import type { CycleDeps } from './pipeline/run-cycle.ts';
import { startScheduler } from './pipeline/scheduler.ts';
import { connectPlatforms } from './platforms.ts';
import type { CacheOutcome } from './config/recogniser-cache.ts';
import type { ArticleText, Classification } from './domain/types.ts';
import { commandDepsFor, DEFAULT_CONFIG, prepareRecognition, type Recognition } from './sessions.ts';
import { openSqliteStore } from './store/sqlite-store.ts';

const SHUTDOWN_GRACE_MS = 1_500;

export function feedSources(config: Pick<AppConfig, 'feeds' | 'poll'>): FeedSource[] {
  return config.feeds
    .filter((f) => f.enabled)
    .map((f) => ({ id: f.id, name: f.name, url: f.url, intervalMinutes: f.intervalMinutes ?? config.poll.defaultIntervalMinutes, kind: f.kind }));
}

/**
 * The poll lease's owner: BREACHWATCH_INSTANCE_ID (unique per process sharing a store; default the
 * host name), the pid, the host's boot id and PID namespace, and a nonce. A lease left by a process
 * that provably died here is taken over at once (docs/adr/008-poll-lease-and-crash-safety.md).
 */
function leaseOwner(env: NodeJS.ProcessEnv): LeaseOwner {
  return newLeaseOwner(env.BREACHWATCH_INSTANCE_ID?.trim() || hostname());
}

/** What the compiled-recogniser cache did: a miss says why; a cache that cannot be written is a warning. */
function logRecogniserCache(cache: CacheOutcome, log: Logger): void {
  if (cache.kind === 'hit') log.debug('recogniser:cache', `The recogniser was read from its cache ${cache.file}.`);
  if (cache.kind !== 'miss') return;
  log.info('recogniser:cache', `The recogniser was built from its files (cache ${cache.file}: ${cache.why}).`);
  if (cache.writeError !== null) {
    log.warn(
      'recogniser:cache',
      `Could not write the recogniser's cache (${cache.writeError}): each start builds it again. ` +
        'Set BREACHWATCH_RECOGNISER_CACHE to a folder breachwatch can write, or to "off".',
    );
  }
}

export async function startBot(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(env, process.cwd(), DEFAULT_CONFIG);
  const proxy = proxySettingsFromEnv(env);
  const log = createLogger({ ...config.log, secrets: [...config.secrets, ...proxySecrets(proxy)] });
  log.info('proxy', describeProxySettings(proxy));
  const prepared = prepareRecognition(env);
  // A recogniser to build (new or changed files, or no cache) is built now, so that a broken knowledge file stops
  // the start. One in its cache is read when first used or once the first cycle has ended: a first poll classifies
  // nothing, and the first requests need not wait for the cache's 14 MB and its tries (docs/adr/025).
  let recognition: Recognition | null = null;
  const recognised = (): Recognition => {
    if (recognition === null) {
      recognition = prepared.load();
      logRecogniserCache(recognition.cache, log);
    }
    return recognition;
  };
  if (!prepared.cached) recognised();
  const classifyArticle = (text: ArticleText): Classification => recognised().classify(text);
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
    // The chat command core, loaded when a platform first passes a command on (a console-only bot never does).
    handle: async (command, ctx) => (await import('./commands/handle-command.ts')).handleCommand(command, ctx, commandDeps),
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
    regionOf: (organisation) => recognised().regionOf(organisation),
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
  // Said only once a signal can stop it cleanly: whoever waits for this line may stop the bot at once.
  const targets = [...new Set(registry.routes().map((r) => r.sink))].join(', ');
  log.info('start', `breachwatch is running: ${registry.feeds().length} feed(s), store ${config.store.path}, alerts to ${targets}. Ctrl-C stops it.`);
  void scheduler
    .runNow()
    .then(() => recognised())
    .catch((error: unknown) => {
      // Its files built a recogniser before (the cache's key is theirs), so this is no broken knowledge file.
      log.error('recogniser:failed', `Could not read the recogniser from its cache, nor build it: ${describeError(error)}`);
      process.exit(1);
    });
}

