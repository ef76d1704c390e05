// The SQLite store: the Store contract in memory and on disk, plus what only a file database has:
// migrations, reopening, several connections to one file.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { FIND_STORY } from '../../src/store/sqlite-articles.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.ts';
import { loadMigrations, migrateSqlite } from '../../src/store/migrate.ts';
import { openScratchStore, openSqliteStore } from '../../src/store/sqlite-store.ts';
import { describeIncidentCorrectionContract, describeRegistryContract } from '../contract/registry-contract.ts';
import { describeIncidentLookupContract } from '../contract/incident-lookup-contract.ts';
import { describeStoreContract } from '../contract/store-contract.ts';
import { T0, isoAt, makeCommit, makeFeedState, makeIncident } from '../contract/store-fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'breachwatch-store-'));
let counter = 0;
function tempPath(name = 'store'): string {
  counter += 1;
  return join(root, `${name}-${counter}`, 'breachwatch.db');
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStoreContract('SQLite :memory:', () => openSqliteStore(':memory:'));
describeStoreContract('SQLite file', () => openSqliteStore(tempPath()));
describeRegistryContract('SQLite :memory:', () => openSqliteStore(':memory:'));
describeIncidentCorrectionContract('SQLite :memory:', () => openSqliteStore(':memory:'));
describeIncidentLookupContract('SQLite :memory:', () => openSqliteStore(':memory:'));

// replay's throwaway store: everything but the search index.
describeIncidentLookupContract('SQLite scratch store', openScratchStore);

describe('SQLite scratch store (replay)', () => {
  it('stores, finds stories and incidents, and keeps no search index', async () => {
    const store = openScratchStore();
    const commit = makeCommit({ article: { title: 'Council confirms cyber attack', story: 'story:s1' } });
    await store.commitArticles({ articles: [commit], seen: [] });
    const found = { story: 'story:s1', syndication: null, otherThanFeed: 'feed-b', from: isoAt(-60), to: isoAt(60) };
    expect(await store.findStory(found)).toEqual({ feedId: 'feed-a', key: 'item-1', incidentId: commit.incident?.id });
    expect(await store.filterSeen('feed-a', ['item-1'])).toEqual(new Set(['item-1']));
    const organisations = [commit.incident?.organisation ?? ''];
    expect(await store.findIncidents({ organisations, since: isoAt(-60) })).toHaveLength(1);
    expect(await store.searchArticles('cyber attack', 5)).toEqual([]);
    await store.close();
  });
});

describe('SQLite file store', () => {
  it('creates the parent folder and uses WAL', async () => {
    const path = tempPath('nested');
    const store = openSqliteStore(path);
    await store.close();
    const db = new DatabaseSync(path);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
  });

  it('finds an article by its story keys through their indexes, not a scan', async () => {
    const path = tempPath();
    await openSqliteStore(path).close();
    const db = new DatabaseSync(path);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${FIND_STORY}`).all('story:x', 'text:y', 'feed-a', T0, T0);
    db.close();
    const details = plan.map((row) => String(row['detail'])).join('\n');
    expect(details).toMatch(/SEARCH articles USING INDEX articles_story \(story=\?\)/);
    expect(details).toMatch(/SEARCH articles USING INDEX articles_syndication \(syndication=\?\)/);
    expect(details).not.toMatch(/SCAN articles/);
  });

  it('keeps everything across a restart', async () => {
    const path = tempPath();
    const first = openSqliteStore(path);
    await first.saveFeedState(makeFeedState({ initialised: true, etag: '"e1"' }));
    await first.commitArticle(makeCommit());
    const [entry] = await first.dueOutbox(T0, 10);
    await first.markSending(entry!.id, T0);
    expect(await first.tryAcquireLease('outbox', 'A', 60_000, 0)).toBe(true);
    const storeId = await first.storeId();
    await first.close();

    const second = openSqliteStore(path);
    expect(await second.getFeedState('feed-a')).toEqual(makeFeedState({ initialised: true, etag: '"e1"' }));
    expect(await second.filterSeen('feed-a', ['item-1'])).toEqual(new Set(['item-1']));
    expect(await second.getIncident('inc-1')).toEqual(makeIncident());
    expect(await second.inFlightOutbox()).toMatchObject([{ id: entry!.id, attempts: 1 }]);
    expect(await second.searchArticles('council', 5)).toHaveLength(1);
    expect(await second.tryAcquireLease('outbox', 'B', 60_000, 1000)).toBe(false);
    expect(await second.storeId()).toBe(storeId);
    await second.close();
  });

  it('shares one file between two connections (two processes)', async () => {
    const path = tempPath();
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    expect(await a.tryAcquireLease('poll:feed-a', 'A', 1000, 0)).toBe(true);
    expect(await b.tryAcquireLease('poll:feed-a', 'B', 1000, 10)).toBe(false);
    await a.commitArticle(makeCommit());
    expect(await b.filterSeen('feed-a', ['item-1'])).toEqual(new Set(['item-1']));
    // The second live alert for the incident is refused even from another connection.
    await expect(b.commitArticle(makeCommit({ key: 'item-2' }))).rejects.toMatchObject({ code: ErrorCode.StoreFailed });
    expect(await a.dueOutbox(isoAt(1), 10)).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('wraps a file it cannot open in a StoreFailed error that says what to check', () => {
    const dir = join(root, 'a-directory.db');
    mkdirSync(dir, { recursive: true });
    expect(() => openSqliteStore(dir)).toThrow(expect.objectContaining({ code: ErrorCode.StoreFailed, message: expect.stringContaining(dir) }));
  });
});

describe('SQLite migrations', () => {
  it('are idempotent: opening the same file twice applies nothing the second time', async () => {
    const path = tempPath();
    await openSqliteStore(path).close();
    await openSqliteStore(path).close();
    const db = new DatabaseSync(path);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => r['version']);
    expect(versions).toEqual(loadMigrations(join(import.meta.dirname, '../../src/store/migrations/sqlite')).map((m) => m.version));
    expect(migrateSqlite(db)).toEqual([]);
    db.close();
  });

  it('006 keeps every outbox row, trims the evidence and history out of alert payloads, and allows failed', async () => {
    const db = new DatabaseSync(':memory:');
    const all = loadMigrations(join(import.meta.dirname, '../../src/store/migrations/sqlite'));
    migrateSqlite(db, all.filter((m) => m.version < 6));
    const heavy = makeIncident({ evidence: [], history: [{ at: T0, kind: 'created', source: null, changes: [] }] });
    const insert = db.prepare(
      `INSERT INTO outbox (incident_id, destination, kind, payload, status, next_attempt_at, created_at) VALUES (?, 'console', ?, ?, 'pending', ?, ?)`,
    );
    insert.run('inc-1', 'alert', JSON.stringify({ kind: 'alert', incident: heavy, factChanges: [], source: null }), T0, T0);
    insert.run('feed:a', 'notice', JSON.stringify({ kind: 'notice', topic: 'feed_failing', feedId: 'a', title: 't', text: 'x' }), T0, T0);
    expect(migrateSqlite(db, all)).toEqual(all.filter((m) => m.version >= 6).map((m) => m.version));
    const rows = db.prepare('SELECT kind, payload FROM outbox ORDER BY id').all().map((r) => [r['kind'], JSON.parse(String(r['payload']))]);
    const { evidence: _evidence, history: _history, ...shown } = heavy;
    expect(rows).toEqual([
      ['alert', { kind: 'alert', incident: { ...shown, terms: [] }, factChanges: [], source: null }],
      ['notice', { kind: 'notice', topic: 'feed_failing', feedId: 'a', title: 't', text: 'x' }],
    ]);
    db.prepare(`UPDATE outbox SET status = 'failed' WHERE id = 1`).run();
    db.close();
  });

  it('roll a failing migration back whole and leave the version unrecorded', () => {
    const dir = join(root, 'bad-migrations');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '001-good.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(dir, '002-bad.sql'), 'CREATE TABLE b (x INTEGER); CREATE TABLE broken (;');
    const db = new DatabaseSync(':memory:');
    expect(() => migrateSqlite(db, loadMigrations(dir))).toThrow(
      expect.objectContaining({ code: ErrorCode.StoreFailed, message: expect.stringContaining('002-bad.sql') }),
    );
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all().map((r) => r['name']);
    expect(tables).toEqual(['a', 'schema_migrations']);
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    db.close();
  });

  it('refuse a database from a newer breachwatch', () => {
    const db = new DatabaseSync(':memory:');
    migrateSqlite(db);
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999-future.sql', ?)`).run(T0);
    expect(() => migrateSqlite(db)).toThrow(expect.objectContaining({ message: expect.stringContaining('newer') }));
    db.close();
  });

  it('refuse misnamed and duplicate migration files', () => {
    const dir = join(root, 'misnamed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'initial.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/NNN-kebab-name/);
    rmSync(join(dir, 'initial.sql'));
    writeFileSync(join(dir, '001-a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0001-b.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/share version 1/);
  });
});
