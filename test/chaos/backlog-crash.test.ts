// A crash at any write of a first poll and of its backlog (docs/adr/024-first-poll-backlog.md) neither posts a
// past item nor loses one: the process is "killed" at the k-th write of the store (before it, or just after it
// is committed), for every k, the store file is opened again by a "restarted" process, which polls and records
// the backlog to the end. Each time, every item the feeds listed is stored exactly once, the backlog is empty
// and the outbox has no row (an alert-worthy past item is never posted).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawItem } from '../../src/domain/normalise.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { FetchFeed } from '../../src/pipeline/poll-feed.ts';
import { recordWholeBacklog, runCycle, type CycleDeps } from '../../src/pipeline/run-cycle.ts';
import { readFeedItems } from '../../src/sources/fetch-feed.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeClassification } from '../helpers/articles.ts';
import { consoleCycle } from '../helpers/cycle.ts';

class Killed extends Error {}

const WRITES = ['queueBacklog', 'commitArticles', 'saveFeedState', 'saveFeedStates', 'markSeen', 'touchSeen', 'dropBacklog', 'tryAcquireLease', 'releaseLease'] as const;

/** The store, killed at its `at`-th write: before the write (`after` false) or once it returned. */
function killedAt(real: Store, at: number, after: boolean): { store: Store; fired: () => boolean } {
  let writes = 0;
  let fired = false;
  const wrapped = { ...real } as Record<string, unknown>;
  for (const name of WRITES) {
    const method = (real[name] as (...args: unknown[]) => Promise<unknown>).bind(real);
    wrapped[name] = async (...args: unknown[]) => {
      if (fired) throw new Killed('the process is dead');
      writes += 1;
      if (writes === at && !after) throw ((fired = true), new Killed(`killed before write ${at} (${name})`));
      const result = await method(...args);
      if (writes === at) throw ((fired = true), new Killed(`killed after write ${at} (${name})`));
      return result;
    };
  }
  return { store: wrapped as unknown as Store, fired: () => fired };
}

const raw = (feed: string, i: number): RawItem => ({
  guid: `${feed}-${i}`,
  link: `https://${feed}.example/${i}`,
  title: i % 3 === 0 ? `Breach at Exampleshire council ${feed} ${i}` : `Library news ${feed} ${i}`,
  summary: `<p>Story ${i} of ${feed}: ${i % 3 === 0 ? 'residents\u2019 details were sent to the wrong people' : 'opening hours change'}.</p>`,
  pubDate: new Date(Date.UTC(2026, 10, 1 + i)).toUTCString(),
});
const LISTED: Record<string, RawItem[]> = { a: Array.from({ length: 7 }, (_, i) => raw('a', i)), b: Array.from({ length: 130 }, (_, i) => raw('b', i)) };
const feeds = Object.keys(LISTED).map((id) => ({ id, name: id, url: `https://${id}.example/rss`, intervalMinutes: 1 }));

function depsFor(store: Store, now: () => Date, owner: string): CycleDeps {
  const fetchFeed: FetchFeed = async (feed) => ({
    kind: 'ok',
    items: await readFeedItems(LISTED[feed.id] ?? [], { feedId: feed.id, feedTitle: feed.name, fetchedAt: now().toISOString(), feedUrl: feed.url }),
    etag: null,
    lastModified: null,
    feedTitle: feed.name,
  });
  return consoleCycle({
    store,
    sink: createRecordingSink('console'),
    fetchFeed,
    now,
    owner,
    isStaleOwner: () => true, // the killed run's pid is gone
    log: silentLogger(),
    classify: (text) =>
      text.title.startsWith('Breach')
        ? makeClassification({ organisation: 'Exampleshire County Council', sector: 'council' })
        : makeClassification({ alert: false, organisation: null, sector: null, category: 'not_breach' }),
  });
}

/** One run: a first cycle and its backlog, killed at the `at`-th write; then restarts until all is recorded. */
async function run(at: number, after: boolean): Promise<{ fired: boolean; articles: number; outbox: number; backlog: number; seen: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-backlog-crash-'));
  const file = path.join(dir, 'store.db');
  let clock = Date.parse('2026-12-07T12:00:00Z');
  const now = (): Date => new Date(clock);
  const real = openSqliteStore(file);
  const killed = killedAt(real, at, after);
  try {
    const deps = depsFor(killed.store, now, 'bw#1');
    await runCycle(feeds, deps);
    await recordWholeBacklog(feeds, deps);
  } catch (error) {
    if (!(error instanceof Killed)) throw error;
  }
  await real.close();
  // Restarted (twice over, so that a feed whose poll was cut off and backs off is polled again).
  const store = openSqliteStore(file);
  for (let restart = 2; restart <= 3; restart += 1) {
    clock += 10 * 60_000;
    const deps = depsFor(store, now, `bw#${restart}`);
    await runCycle(feeds, deps);
    await recordWholeBacklog(feeds, deps);
  }
  await store.close();
  const sqlite = process.getBuiltinModule('node:sqlite');
  const db = new sqlite.DatabaseSync(file);
  const count = (sql: string): number => Number(db.prepare(sql).get()?.['n']);
  const result = {
    fired: killed.fired(),
    articles: count('SELECT count(*) AS n FROM articles'),
    outbox: count('SELECT count(*) AS n FROM outbox'),
    backlog: count('SELECT count(*) AS n FROM backlog'),
    seen: count(`SELECT count(*) AS n FROM seen_items WHERE item_key LIKE 'guid:%'`),
  };
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

describe('a crash during a first poll or its backlog', () => {
  it('at any write, before or after it, neither posts a past item nor loses one, and stores each once', async () => {
    const expected = { articles: 137, outbox: 0, backlog: 0, seen: 137 };
    let runs = 0;
    for (const after of [false, true]) {
      for (let at = 1; ; at += 1) {
        const result = await run(at, after);
        runs += 1;
        expect({ ...result, fired: undefined }, `killed ${after ? 'after' : 'before'} write ${at}`).toEqual({ ...expected, fired: undefined });
        if (!result.fired) break; // the run had fewer writes: every one was tried
      }
    }
    expect(runs).toBeGreaterThan(10);
  }, 120_000);
});
