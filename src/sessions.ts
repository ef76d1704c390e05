// The command line's side of the composition root: the config files' paths, the recogniser, and the
// configured store with the command core's deps for `breachwatch recent`, `feed test`, `preview`…
import { existsSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import type { CommandSession } from './cli/store-commands.ts';
import type { CommandDeps } from './commands/deps.ts';
import { loadConfig, type AppConfig } from './config/load-config.ts';
import { prepareRecogniser, recogniserCacheDir, type CacheOutcome } from './config/recogniser-cache.ts';
import { BreachwatchError, ErrorCode, describeError } from './domain/errors.ts';
import type { ArticleText, Classification } from './domain/types.ts';
import { proxySettingsFromEnv, type ProxySettings } from './http/proxy-settings.ts';
import { silentLogger, type Logger } from './log/logger.ts';
import { fetchContext, fetchPolicy, makeLeadReading } from './pipeline/fetching.ts';
import type { LeadReading } from './pipeline/read-lead.ts';
import { checkUrl } from './sources/address-policy.ts';
import { discoverFeeds } from './sources/discover-feeds.ts';
import { httpGet, withProxy } from './sources/http-get.ts';
import { readSourceNow } from './sources/source-kinds.ts';
import type { Store } from './store/ports.ts';
import { openSqliteStore } from './store/sqlite-store.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DEFAULT_CONFIG = path.join(ROOT, 'config', 'breachwatch.yaml');
const GAZETTEER = path.join(ROOT, 'config', 'gazetteer.json');
const VETO_MODEL = path.join(ROOT, 'config', 'veto-model.json');
const KNOWLEDGE = path.join(ROOT, 'config', 'knowledge');

export interface Recognition {
  classify: (text: ArticleText) => Classification;
  regionOf: (organisation: string) => string | null;
  /** What the compiled-recogniser cache did (ADR 023), for the bot's log. */
  cache: CacheOutcome;
}

/** The recogniser's files read, and whether its cache has them; `load` makes the Recognition (prepareRecogniser). */
export interface PreparedRecognition {
  readonly cached: boolean;
  load(): Recognition;
}

/**
 * The recogniser, from the compiled-recogniser cache when the files and code are those it was written from
 * (BREACHWATCH_RECOGNISER_CACHE: its folder, or "off"; by default beside Node's compile cache), else built.
 */
export function prepareRecognition(env: NodeJS.ProcessEnv): PreparedRecognition {
  const dir = recogniserCacheDir(env.BREACHWATCH_RECOGNISER_CACHE, module.getCompileCacheDir());
  const prepared = prepareRecogniser({ gazetteer: GAZETTEER, knowledge: KNOWLEDGE, veto: VETO_MODEL }, dir);
  return {
    cached: prepared.cached,
    load: () => {
      const { recogniser, cache } = prepared.load();
      const regionOf = (organisation: string): string | null =>
        recogniser.gazetteer.byName(organisation)?.region ?? null;
      return { classify: recogniser.classify, regionOf, cache };
    },
  };
}

export const makeRecognition = (env: NodeJS.ProcessEnv): Recognition => prepareRecognition(env).load();

export const makeClassifier = (env: NodeJS.ProcessEnv): ((text: ArticleText) => Classification) =>
  makeRecognition(env).classify;

export function commandDepsFor(
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
 * The configured store with the command core's deps, for `breachwatch recent`, `feed test`, `preview`…
 * A command that reads the store refuses to create one where there is none; `feed test` and `replay`
 * read nothing from it and get a throwaway one. The classifier is loaded only if a command classifies.
 */
export async function openCommandSession(
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
  const classify = (text: ArticleText): Classification => (classifier ??= makeClassifier(env))(text);
  await fill?.(store, classify);
  const deps = commandDepsFor(config, store, classify, async () => undefined, silentLogger(), proxy);
  return { deps: { ...deps, cooldowns: undefined }, storeId: () => store.storeId(), close: () => store.close() };
}

/** The demo's sample articles clustered into a throwaway store, as the poller would have stored them. */
export function openDemoSession(env: NodeJS.ProcessEnv): Promise<CommandSession> {
  return openCommandSession(env, { needsStore: false }, async (store, classify) => {
    const [{ demoArticles }, { ingestArticles }] = await Promise.all([import('./demo/demo-articles.ts'), import('./cli/replay-command.ts')]);
    const now = new Date();
    await ingestArticles(await demoArticles(ROOT, now), store, classify, now);
  });
}

/** Leads read with the config's fetch policy and `leads:` settings, cached in a throwaway store (`replay --fetch-leads`). */
export async function openLeads(env: NodeJS.ProcessEnv): Promise<{ reading: LeadReading; close: () => Promise<void> }> {
  const config = loadConfig(env, process.cwd(), DEFAULT_CONFIG);
  const store = openSqliteStore(':memory:');
  return { reading: makeLeadReading(config, store, proxySettingsFromEnv(env)), close: () => store.close() };
}

