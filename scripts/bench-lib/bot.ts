// The real bot's poll cycle for `npm run bench:pipeline`: the project's own runCycle, fetching through its
// HTTP client, a real SQLite store in a temp dir, the real classifier (loadRecogniser) and a console sink
// that writes nowhere, wired as src/main.ts wires them (config defaults, leads off as by default). Loaded from
// a checkout's root, so that the bench can run another checkout's bot beside this one (--baseline).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as ConsoleSinkModule from '../../adapters/console/console-sink.ts';
import type * as LoadConfigModule from '../../src/config/load-config.ts';
import type * as RecogniserModule from '../../src/config/load-recogniser.ts';
import type { ArticleText, Classification } from '../../src/domain/types.ts';
import type * as LoggerModule from '../../src/log/logger.ts';
import type * as NormaliseModule from '../../src/domain/normalise.ts';
import type * as ProcessModule from '../../src/pipeline/process-article.ts';
import type { Article } from '../../src/domain/types.ts';
import type * as FetchingModule from '../../src/pipeline/fetching.ts';
import type { FeedSource } from '../../src/pipeline/poll-feed.ts';
import type * as RunCycleModule from '../../src/pipeline/run-cycle.ts';
import type { CycleReport } from '../../src/pipeline/run-cycle.ts';
import type { Store } from '../../src/store/ports.ts';
import type * as StoreModule from '../../src/store/sqlite-store.ts';

export const THIS_ROOT = path.resolve(import.meta.dirname, '../..');

export interface BotCode {
  root: string;
  classify: (text: ArticleText) => Classification;
  regionOf: (organisation: string) => string | null;
  openStore: (file: string) => Store;
  make: (store: Store, feeds: readonly FeedSource[], now: () => Date) => { cycle: () => Promise<CycleReport>; drain: () => Promise<number> };
  normaliseItems: typeof NormaliseModule.normaliseItems;
  /** Records a first poll's articles quietly (classified, clustered, stored, posted nowhere), as this checkout does. */
  recordQuietly: (articles: Article[], deps: ProcessModule.ProcessDeps) => Promise<void>;
}

/** Loads a checkout's bot: its modules, its classifier (once; every bot of the checkout shares it). */
export async function loadBotCode(root: string): Promise<BotCode> {
  const load = <T>(file: string): Promise<T> => import(path.join(root, file)) as Promise<T>;
  await load('src/quiet-warnings.ts');
  const { openSqliteStore } = await load<typeof StoreModule>('src/store/sqlite-store.ts');
  // A checkout with a first-poll backlog (ADR 024) records it between cycles (recordWholeBacklog); an older one has none.
  const { runCycle, recordWholeBacklog } = await load<Partial<typeof RunCycleModule> & Pick<typeof RunCycleModule, 'runCycle'>>('src/pipeline/run-cycle.ts');
  const { makeFetchFeed } = await load<typeof FetchingModule>('src/pipeline/fetching.ts');
  const { loadRecogniser } = await load<typeof RecogniserModule>('src/config/load-recogniser.ts');
  const { FileConfigSchema } = await load<typeof LoadConfigModule>('src/config/load-config.ts');
  const { silentLogger } = await load<typeof LoggerModule>('src/log/logger.ts');
  const { createConsoleSink } = await load<typeof ConsoleSinkModule>('adapters/console/console-sink.ts');
  const { normaliseItems } = await load<typeof NormaliseModule>('src/domain/normalise.ts');
  // An older checkout records a first poll's articles one by one (processArticle), a newer one a feed at a time.
  const processing = await load<Partial<typeof ProcessModule>>('src/pipeline/process-article.ts');
  const recordQuietly = async (articles: Article[], deps: ProcessModule.ProcessDeps): Promise<void> => {
    if (processing.processArticles) await processing.processArticles(articles, deps, true);
    else for (const article of articles) await processing.processArticle?.(article, deps, true);
  };
  const recogniser = loadRecogniser({
    gazetteer: path.join(root, 'config/gazetteer.json'),
    knowledge: path.join(root, 'config/knowledge'),
    veto: path.join(root, 'config/veto-model.json'),
  });
  const regionOf = (organisation: string): string | null => recogniser.gazetteer.byName(organisation)?.region ?? null;
  // The defaults of an empty config file, with loopback feeds allowed.
  const config = FileConfigSchema.parse({ fetch: { allowPrivateAddresses: true } });
  return {
    root,
    classify: recogniser.classify,
    regionOf,
    openStore: openSqliteStore,
    normaliseItems,
    recordQuietly,
    make(store, feeds, now) {
      const sink = createConsoleSink(() => undefined);
      const deps = {
        store,
        classify: recogniser.classify,
        regionOf,
        fetchFeed: makeFetchFeed(config, now),
        routes: () => [{ sink: 'console' }],
        sinks: new Map([['console', sink]]),
        log: silentLogger(),
        now,
        signal: new AbortController().signal,
        maxArticleAgeDays: config.alerts.maxArticleAgeDays,
        poll: { ...config.poll, maxNewItemsPerPoll: config.poll.floodGuard.maxNewItemsPerPoll },
        retention: config.retention,
        owner: `bench#${process.pid}`,
      };
      return {
        cycle: () => runCycle(feeds, deps),
        drain: async () => (recordWholeBacklog ? (await recordWholeBacklog(feeds, deps)).items : 0),
      };
    },
  };
}

export interface Bot {
  name: string;
  cycle: () => Promise<CycleReport>;
  /** Records the first polls' backlog as the bot does between cycles; returns the rows recorded (0: none, or no backlog). */
  drain: () => Promise<number>;
  store: Store;
  close: () => Promise<void>;
}

/** A bot over a new store in a temp dir (or over a copy of `file`, an already filled store). */
export function startBot(code: BotCode, name: string, feeds: readonly FeedSource[], now: () => Date, file?: string): Bot {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-bench-'));
  const storeFile = path.join(dir, 'bench.db');
  if (file !== undefined) copyStore(file, storeFile);
  const store = code.openStore(storeFile);
  return {
    name,
    ...code.make(store, feeds, now),
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Copies a closed SQLite store file (with VACUUM INTO, so the copy is whole and compact). */
function copyStore(from: string, to: string): void {
  const sqlite = process.getBuiltinModule('node:sqlite');
  const db = new sqlite.DatabaseSync(from);
  try {
    db.prepare('VACUUM INTO ?').run(to);
  } finally {
    db.close();
  }
}
