// The embedded store: one SQLite file (node:sqlite, built in to Node 24) behind the ports of ports.ts.
// The methods are async so that a PostgreSQL store can implement the same ports; here the work is
// synchronous inside, and each write is one transaction.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Keyv } from 'keyv';
import { migrateSqlite } from './migrate.ts';
import type { Store } from './ports.ts';
import { createSqliteArticleStore } from './sqlite-articles.ts';
import { createSqliteBacklogStore } from './sqlite-backlog.ts';
import { createSqliteContext, isBusy, run, storeError, text } from './sqlite-db.ts';
import { createSqliteFeedStores } from './sqlite-feeds.ts';
import { createSqliteIncidentStore } from './sqlite-incidents.ts';
import { createSqliteLeaseStore } from './sqlite-leases.ts';
import { createSqliteOutboxStore } from './sqlite-outbox.ts';
import { createSqliteKeyvAdapter } from './sqlite-keyv.ts';
import { createSqliteRegistryStore } from './sqlite-registry.ts';
import { createSqliteRetentionStore } from './sqlite-retention.ts';

/** How long a statement waits for another process's write lock before failing. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating when needed) the SQLite store at `path`, or a private in-memory one for ':memory:',
 * and brings its schema up to date. Throws a StoreFailed error that says what to check.
 */
export function openSqliteStore(path: string | ':memory:'): Store {
  return createSqliteStore(openDatabase(path), path);
}

/** The triggers that keep the full-text index (migration 001) in step with the articles. */
const SEARCH_TRIGGERS = ['articles_fts_insert', 'articles_fts_update', 'articles_fts_delete'];

/**
 * A private in-memory store without the full-text index: for work whose store is thrown away unsearched
 * (`replay`), where indexing each article's text cost about a tenth of its time per item. Its searchArticles
 * finds nothing; everything else is the store of openSqliteStore(':memory:').
 */
export function openScratchStore(): Store {
  const db = openDatabase(':memory:');
  try {
    for (const trigger of SEARCH_TRIGGERS) db.exec(`DROP TRIGGER ${trigger}`);
  } catch (error) {
    db.close();
    throw storeError({ location: ':memory:' }, 'leave out the search index', error);
  }
  return createSqliteStore(db, ':memory:');
}

/** Opens the database at `path` (':memory:': a private one) with breachwatch's settings and schema. */
function openDatabase(path: string | ':memory:'): DatabaseSync {
  const location = path;
  let db: DatabaseSync;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // Loaded on first use rather than imported, so that main.ts can quiet node:sqlite's
    // ExperimentalWarning before the module loads (see src/quiet-warnings.ts).
    const sqlite = process.getBuiltinModule('node:sqlite');
    db = new sqlite.DatabaseSync(path);
  } catch (error) {
    throw storeError({ location }, 'open the database file', error);
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    switchToWal(db);
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrateSqlite(db);
  } catch (error) {
    db.close();
    throw storeError({ location }, 'prepare the database (settings and schema migrations)', error);
  }
  return db;
}

/**
 * Puts the file in WAL mode. The switch needs the file to itself, and SQLite answers "database is
 * locked" at once, without waiting out the busy timeout, when another process is opening the same
 * new file at that moment (two pollers started together): so it is retried for up to the timeout.
 */
function switchToWal(db: DatabaseSync): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.random() * 40);
    }
  }
}

/** Builds the store over an open, migrated database. `location` names it in error messages. */
export function createSqliteStore(db: DatabaseSync, location: string): Store {
  const ctx = createSqliteContext(db, location);
  return {
    ...createSqliteFeedStores(ctx),
    ...createSqliteArticleStore(ctx),
    ...createSqliteIncidentStore(ctx),
    ...createSqliteOutboxStore(ctx),
    ...createSqliteLeaseStore(ctx),
    ...createSqliteRegistryStore(ctx),
    ...createSqliteRetentionStore(ctx),
    ...createSqliteBacklogStore(ctx),
    storeId() {
      return run(ctx, 'read the store id', () => {
        const row = ctx.statement(`SELECT value FROM store_meta WHERE key = 'store_id'`).get();
        if (!row) throw new Error('store_meta has no store_id (migration 008 did not run)');
        return text(row, 'value');
      });
    },
    keyv<T>(namespace: string) {
      return new Keyv<T>({ store: createSqliteKeyvAdapter(ctx), namespace });
    },
    close() {
      return run(ctx, 'close the database', () => {
        if (db.isOpen) db.close();
      });
    },
  };
}
