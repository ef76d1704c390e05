// The composition root and command line: the one file that reads the environment and knows every
// adapter. Everything else gets what it needs passed in.
import './quiet-warnings.ts';
import { hostname } from 'node:os';
import path from 'node:path';
import { createConsoleSink } from '../adapters/console/console-sink.ts';
import { recoverInFlight } from './alerts/deliver.ts';
import type { Route } from './alerts/route.ts';
import type { Sink } from './alerts/sink.ts';
import { runClassifyCommand } from './cli/classify-command.ts';
import { formatReplayText, replay } from './cli/replay-command.ts';
import { loadConfig, type AppConfig } from './config/load-config.ts';
import { loadGazetteer } from './config/load-gazetteer.ts';
import { runDemo } from './demo/run-demo.ts';
import { classify } from './domain/classify/index.ts';
import { describeError } from './domain/errors.ts';
import type { ArticleText, Classification } from './domain/types.ts';
import { createLogger, type Logger } from './log/logger.ts';
import type { FeedSource, FetchFeed } from './pipeline/poll-feed.ts';
import type { CycleDeps } from './pipeline/run-cycle.ts';
import { startScheduler } from './pipeline/scheduler.ts';
import { fetchFeed } from './sources/fetch-feed.ts';
import { httpGet } from './sources/http-get.ts';
import { openSqliteStore } from './store/sqlite-store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_CONFIG = path.join(ROOT, 'config', 'breachwatch.yaml');
const GAZETTEER = path.join(ROOT, 'config', 'gazetteer.json');
const SHUTDOWN_GRACE_MS = 1_500;

const USAGE = `breachwatch — alerts when a UK public body is reported to have had a data breach

Usage:
  breachwatch start                     poll the configured feeds and post alerts (default)
  breachwatch demo                      replay the bundled sample feeds through the real pipeline
  breachwatch classify < in.jsonl       classify JSON lines {title, summary, content?, url?, outlet?, published?}
  breachwatch replay FEED.xml… [--json] run local feed files through the pipeline and print the incidents
  breachwatch help                      this text

Environment: BREACHWATCH_CONFIG (config file, default config/breachwatch.yaml), BREACHWATCH_DB (store
path), LOG_LEVEL (debug|info|warn|error), LOG_FORMAT (pretty|json), DRY_RUN=1 (post to the console only).`;

function makeClassifier(): (text: ArticleText) => Classification {
  const gazetteer = loadGazetteer(GAZETTEER);
  return (text) => classify(text, gazetteer);
}

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

function routesFor(config: AppConfig, sinks: ReadonlyMap<string, Sink>, log: Logger): Route[] {
  if (config.dryRun) return [{ sink: 'console' }];
  const routes = config.alerts.destinations.filter((d) => {
    if (sinks.has(d.sink)) return true;
    log.warn('config:route', `A route asks for ${d.sink}, which is not connected yet; its alerts go to the console instead.`);
    return false;
  });
  return routes.length > 0 ? routes : [{ sink: 'console' }];
}

async function start(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(env, process.cwd(), DEFAULT_CONFIG);
  const log = createLogger({ ...config.log });
  const classifyArticle = makeClassifier();
  const store = openSqliteStore(config.store.path);
  const sinks = new Map<string, Sink>([['console', createConsoleSink()]]);
  const controller = new AbortController();
  const now = (): Date => new Date();
  const feeds = feedSources(config);
  const deps: CycleDeps = {
    store,
    classify: classifyArticle,
    fetchFeed: makeFetchFeed(config, now),
    routes: routesFor(config, sinks, log),
    sinks,
    log,
    now,
    signal: controller.signal,
    maxArticleAgeDays: config.alerts.maxArticleAgeDays,
    poll: { ...config.poll, maxNewItemsPerPoll: config.poll.floodGuard.maxNewItemsPerPoll },
    owner: `${hostname()}:${process.pid}`,
  };
  await recoverInFlight({ store, sinks, now, log, signal: controller.signal });
  const scheduler = startScheduler(() => feeds, deps);
  log.info('start', `breachwatch is running: ${feeds.length} feed(s), store ${config.store.path}, alerts to ${deps.routes.map((r) => r.sink).join(', ')}. Ctrl-C stops it.`);

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
