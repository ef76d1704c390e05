// A first poll through the real pipeline (loopback feeds → httpGet → parse → heads → SQLite backlog), and the
// backlog worker run by the scheduler between cycles (docs/adr/024-first-poll-backlog.md): the first cycle reads
// no item's text, the worker records every item once, without posting; a known feed's new items are posted at
// their next cycle even while another feed's backlog waits; a removed feed's backlog is dropped and it starts
// over if it comes back; the flood guard is unchanged; a store from before the backlog opens as it was.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import type { FetchFeed } from '../../src/pipeline/poll-feed.ts';
import { recordWholeBacklog, runBacklogSlice, runCycle, type CycleDeps } from '../../src/pipeline/run-cycle.ts';
import { startScheduler } from '../../src/pipeline/scheduler.ts';
import { loadMigrations, migrateSqlite, SQLITE_MIGRATIONS_DIR } from '../../src/store/migrate.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { fetchFeed, readFeedItems } from '../../src/sources/fetch-feed.ts';
import { parseFeed } from '../../src/sources/parse-feed.ts';
import { httpGet } from '../../src/sources/http-get.ts';
import { createRecordingSink } from '../fakes/recording-sink.ts';
import { makeClassification } from '../helpers/articles.ts';
import { consoleCycle } from '../helpers/cycle.ts';
import { loopbackServers } from '../helpers/loopback-server.ts';

const servers = loopbackServers();
afterAll(() => servers.closeAll());

interface Item {
  id: string;
  title: string;
  text: string;
  at: string;
}
const rss = (name: string, items: readonly Item[]): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link>` +
  items
    .map((i) => `<item><guid>${i.id}</guid><link>https://${name}.example/${i.id}</link><title>${i.title}</title>` +
      `<description>&lt;p&gt;${i.text}&lt;/p&gt;</description><pubDate>${new Date(i.at).toUTCString()}</pubDate></item>`)
    .join('') +
  '</channel></rss>';

const past = (feed: string, n: number): Item[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${feed}-${i}`,
    title: i % 4 === 0 ? `Breach at Exampleshire council ${feed} ${i}` : `Roadworks on the ${feed} ring road, part ${i}`,
    text: i % 4 === 0 ? `Names of ${i + 10} residents were sent to the wrong people by the council.` : 'The works run until spring.',
    at: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
  }));

async function rig(listed: Record<string, Item[]>) {
  const server = await servers.serve((req, res) => {
    const id = (req.url ?? '').slice(1);
    const items = listed[id];
    if (items === undefined) return void res.writeHead(404).end();
    res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
    res.end(rss(id, items));
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-backlog-'));
  const store = openSqliteStore(path.join(dir, 'store.db'));
  const sink = createRecordingSink('console');
  const lines: Array<{ event: string; message: string }> = [];
  let now = new Date('2026-12-07T12:00:00Z');
  const fetch: FetchFeed = (feed, validators, signal) =>
    fetchFeed(feed, validators, { httpGet, now: () => now, signal, allowPrivateAddresses: true, maxBytes: 1_000_000, timeoutMs: 5000 });
  const classified: string[] = [];
  const deps: CycleDeps = consoleCycle({
    store,
    sink,
    fetchFeed: fetch,
    now: () => now,
    log: createLogger({ level: 'info', format: 'json', write: (line) => lines.push(JSON.parse(line) as { event: string; message: string }) }),
    classify: (text) => {
      classified.push(text.title);
      return text.title.startsWith('Breach')
        ? makeClassification({ organisation: 'Exampleshire County Council', sector: 'council', cause: 'human_error' })
        : makeClassification({ alert: false, organisation: null, sector: null, category: 'not_breach' });
    },
  });
  const feeds = (ids: readonly string[]) => ids.map((id) => ({ id, name: id, url: `${server.base}/${id}`, intervalMinutes: 1 }));
  return { store, sink, lines, deps, feeds, classified, dir, advance: (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000)) };
}

/** Rows of a query on the store file, read by a connection of its own. */
function query(file: string, sql: string): Array<Record<string, unknown>> {
  const db = new (process.getBuiltinModule('node:sqlite').DatabaseSync)(file);
  try {
    return db.prepare(sql).all().map((row) => ({ ...row }));
  } finally {
    db.close();
  }
}

describe('a first poll\'s backlog', () => {
  it('is kept by the cycle without reading any item, then recorded once by the scheduler between cycles, posting nothing', async () => {
    const listed = { a: past('a', 12), b: past('b', 250) };
    const { store, sink, lines, deps, feeds, classified } = await rig(listed);
    // No tick during the test: the scheduler's cycle is started by hand.
    const scheduler = startScheduler(() => feeds(['a', 'b']), deps, '0 0 1 1 *');
    const report = await scheduler.runNow();
    expect(report?.firstPolls).toEqual({ feeds: 2, items: 262 });
    await scheduler.backlogIdle();
    await scheduler.stop();
    expect(await store.backlogStatus()).toEqual({ items: 0, feeds: 0, oldestQueuedAt: null });
    // Every item classified once, feed a (queued first) before b.
    expect(classified).toHaveLength(262);
    expect(new Set(classified).size).toBe(262);
    expect(classified.slice(0, 12).every((t) => t.includes(' a '))).toBe(true);
    expect(sink.sent).toEqual([]);
    expect(await store.dueOutbox('2030-01-01T00:00:00.000Z', 100)).toEqual([]);
    const [incident] = await store.recentIncidents({ limit: 10 });
    expect(incident?.organisation).toBe('Exampleshire County Council');
    expect((await store.searchArticles('roadworks', 50)).length).toBe(50);
    expect(await store.incidentStats('2000-01-01T00:00:00.000Z')).toMatchObject({ incidents: 1, articles: 50 }); // an incident keeps 50 sources
    const events = lines.map((l) => l.event);
    expect(events.filter((e) => e === 'poll:first')).toHaveLength(1);
    expect(lines.find((l) => l.event === 'backlog:recording')?.message).toMatch(/^262 past items from the first polls of 2 feeds are still being recorded/);
    expect(lines.find((l) => l.event === 'backlog:done')?.message).toMatch(/^Recorded 262 past item\(s\) from first polls \(1 past incident\(s\)\)/);
    await store.close();
  });

  it('never holds a known feed\'s new items behind another feed\'s backlog', async () => {
    const listed = { a: past('a', 3), b: past('b', 40) };
    const { store, sink, deps, feeds, advance } = await rig(listed);
    await runCycle(feeds(['a']), deps);
    await recordWholeBacklog(feeds(['a']), deps);
    // Feed b is added and polled first; its 40 items wait. Feed a has a new story at the same cycle.
    listed.a = [...listed.a, { id: 'a-new', title: 'Breach at Exampleshire council: payroll file sent to a supplier', text: 'Payroll details of staff were exposed.', at: '2026-12-07T11:00:00Z' }];
    advance(2);
    const cycle = await runCycle(feeds(['a', 'b']), deps);
    expect(cycle).toMatchObject({ newArticles: 1, firstPolls: { feeds: 1, items: 40 } });
    expect(sink.sent.map((s) => s.payload.kind)).toEqual(['alert']);
    expect(await store.backlogStatus()).toMatchObject({ items: 40, feeds: 1 });
    await store.close();
  });

  it('of a feed no longer polled is dropped with its seen marks, and the feed starts over if it comes back', async () => {
    const listed = { a: past('a', 5), b: past('b', 8) };
    const { store, sink, lines, deps, feeds, classified, advance } = await rig(listed);
    await runCycle(feeds(['a', 'b']), deps);
    // Feed b is removed before its backlog is recorded.
    const slice = await runBacklogSlice(feeds(['a']), deps);
    expect(slice).toMatchObject({ ran: true, dropped: ['b'], items: 5, more: false });
    expect(classified.filter((t) => t.includes(' b '))).toEqual([]);
    expect(lines.find((l) => l.event === 'backlog:dropped')?.message).toMatch(/Feed b is no longer polled: dropped the 8 past item/);
    expect(await store.filterSeen('b', ['guid:b-0'])).toEqual(new Set());
    expect(await store.getFeedState('b')).toMatchObject({ initialised: false, etag: null });
    // Back again: a first poll (posting nothing), and all 8 recorded.
    advance(2);
    expect((await runCycle(feeds(['a', 'b']), deps)).firstPolls).toEqual({ feeds: 1, items: 8 });
    expect(await recordWholeBacklog(feeds(['a', 'b']), deps)).toMatchObject({ items: 8 });
    expect(sink.sent).toEqual([]);
    expect((await store.searchArticles('ring road', 50)).length).toBe(3 + 6);
    await store.close();
  });

  it('leaves the flood guard as it was: a known feed whose items all look new is only marked seen', async () => {
    const listed = { a: past('a', 12) };
    const { store, sink, deps, feeds, advance } = await rig(listed);
    await runCycle(feeds(['a']), deps);
    await recordWholeBacklog(feeds(['a']), deps);
    listed.a = past('z', 12);
    advance(2);
    const cycle = await runCycle(feeds(['a']), deps);
    expect(cycle.newArticles).toBe(0);
    expect(await store.backlogStatus()).toMatchObject({ items: 0 });
    expect(sink.sent).toEqual([]);
    await store.close();
  });

  it('is empty in a store from before it (migration 013): its feeds, already polled, go on as they were', async () => {
    const listed = { a: past('a', 4) };
    const { deps, feeds, dir } = await rig(listed);
    const file = path.join(dir, 'old.db');
    const sqlite = process.getBuiltinModule('node:sqlite');
    const db = new sqlite.DatabaseSync(file);
    migrateSqlite(db, loadMigrations(SQLITE_MIGRATIONS_DIR).filter((m) => m.version < 13));
    db.prepare(`INSERT INTO feed_state (feed_id, initialised, consecutive_failures) VALUES ('a', 1, 0)`).run();
    db.prepare(`INSERT INTO seen_items (feed_id, item_key, seen_at) VALUES ('a', 'guid:a-0', '2026-12-01T00:00:00.000Z')`).run();
    db.close();
    const store = openSqliteStore(file);
    expect(await store.backlogStatus()).toEqual({ items: 0, feeds: 0, oldestQueuedAt: null });
    // A known feed: its unseen items are new items (three, under the flood guard's share), not a first poll.
    const cycle = await runCycle(feeds(['a']), { ...deps, store });
    expect(cycle).toMatchObject({ newArticles: 3, firstPolls: { feeds: 0, items: 0 } });
    await store.close();
  });

  it('is ONE store row per first poll, counted off as its slices are recorded (ADR 028)', async () => {
    const listed = { a: past('a', 250) };
    const { store, deps, feeds, dir } = await rig(listed);
    await runCycle(feeds(['a']), deps);
    const rows = (): Array<Record<string, unknown>> => query(path.join(dir, 'store.db'), 'SELECT feed_id, total, done FROM backlog');
    expect(rows()).toEqual([{ feed_id: 'a', total: 250, done: 0 }]);
    await runBacklogSlice(feeds(['a']), deps);
    expect(rows()).toEqual([{ feed_id: 'a', total: 250, done: 100 }]);
    expect(await store.backlogStatus()).toMatchObject({ items: 150, feeds: 1 });
    await recordWholeBacklog(feeds(['a']), deps);
    expect(rows()).toEqual([]);
    expect(query(path.join(dir, 'store.db'), 'SELECT count(*) AS n FROM articles')).toEqual([{ n: 250 }]);
    await store.close();
  });

  it('refuses to count off items a slice read from a row changed since: that whole transaction is undone', async () => {
    const listed = { a: past('a', 5) };
    const { store, deps, feeds } = await rig(listed);
    await runCycle(feeds(['a']), deps);
    const slice = await store.backlogSlice(2, 'a');
    const drained = [{ poll: slice[0]!.poll, from: 0, count: 2 }];
    await store.commitArticles({ articles: [], seen: [], drained });
    expect(await store.backlogStatus()).toMatchObject({ items: 3 });
    const seen = [{ feedId: 'a', keys: ['guid:a-0'], at: '2026-12-07T12:00:00.000Z' }];
    await expect(store.commitArticles({ articles: [], seen, drained })).rejects.toThrow(/changed while its items 0–1 were recorded/);
    expect(await store.backlogStatus()).toMatchObject({ items: 3 });
    expect(await store.filterSeen('a', ['guid:a-0'])).toEqual(new Set());
    await store.close();
  });

  it('kept a row per item in a store from before (migration 013): they become one row per feed, recorded as they were', async () => {
    const listed = { a: past('a', 7), b: past('b', 5) };
    const { deps, feeds, dir } = await rig(listed);
    const file = path.join(dir, 'old-013.db');
    const sqlite = process.getBuiltinModule('node:sqlite');
    const db = new sqlite.DatabaseSync(file);
    migrateSqlite(db, loadMigrations(SQLITE_MIGRATIONS_DIR).filter((m) => m.version <= 13));
    const at = '2026-12-07T11:00:00.000Z';
    for (const id of ['b', 'a']) {
      const parsed = await parseFeed(rss(id, listed[id as 'a' | 'b']));
      const items = await readFeedItems(parsed.items, { feedId: id, feedTitle: id, fetchedAt: at, feedUrl: `https://${id}.example/rss` });
      db.prepare(`INSERT INTO feed_state (feed_id, initialised, consecutive_failures) VALUES (?, 1, 0)`).run(id);
      for (const item of items.backlog()) {
        const key = item.kind === 'raw' ? item.key : item.article.key;
        db.prepare('INSERT INTO backlog (feed_id, item_key, queued_at, item) VALUES (?, ?, ?, ?)').run(id, key, at, JSON.stringify(item));
        db.prepare('INSERT INTO seen_items (feed_id, item_key, seen_at) VALUES (?, ?, ?)').run(id, key, at);
      }
    }
    db.close();
    const store = openSqliteStore(file);
    expect(await store.backlogStatus()).toEqual({ items: 12, feeds: 2, oldestQueuedAt: at });
    expect(await store.backlogFeeds()).toEqual(['b', 'a']);
    expect((await store.backlogSlice(100)).map((r) => r.key)).toEqual(listed.b.map((i) => `guid:${i.id}`));
    const recorded = await recordWholeBacklog(feeds(['a', 'b']), { ...deps, store });
    expect(recorded.items).toBe(12);
    expect(await store.backlogStatus()).toEqual({ items: 0, feeds: 0, oldestQueuedAt: null });
    expect(query(file, 'SELECT item_key FROM articles ORDER BY item_key').map((r) => r['item_key'])).toEqual(
      [...listed.a, ...listed.b].map((i) => `guid:${i.id}`).sort(),
    );
    await store.close();
  });
});
