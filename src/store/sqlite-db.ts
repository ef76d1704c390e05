// Shared plumbing for the SQLite store: one open database, cached statements, transactions,
// error wrapping and typed row readers. Every store module receives a SqliteContext.
import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';

export type Row = Record<string, SQLOutputValue>;

export interface SqliteContext {
  readonly db: DatabaseSync;
  /** Where the database lives, for error messages (a file path or ':memory:'). */
  readonly location: string;
  /** A prepared statement, compiled once per store and reused. */
  statement(sql: string): StatementSync;
}

export function createSqliteContext(db: DatabaseSync, location: string): SqliteContext {
  const cache = new Map<string, StatementSync>();
  return {
    db,
    location,
    statement(sql) {
      let prepared = cache.get(sql);
      if (!prepared) {
        prepared = db.prepare(sql);
        cache.set(sql, prepared);
      }
      return prepared;
    },
  };
}

/** Wraps a failure as a StoreFailed error that says what failed, where, and what to do. */
export function storeError(ctx: Pick<SqliteContext, 'location'>, action: string, cause: unknown): BreachwatchError {
  if (cause instanceof BreachwatchError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new BreachwatchError(
    ErrorCode.StoreFailed,
    `Could not ${action} in the SQLite store at ${ctx.location}: ${detail}. ${adviceFor(cause)}`,
    { cause },
  );
}

// Primary SQLite result codes (https://sqlite.org/rescode.html).
const SQLITE_PERM = 3;
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_CONSTRAINT = 19;
const SQLITE_NOTADB = 26;

/** SQLite's result code on an error from node:sqlite (extended codes folded to the primary one). */
function resultCode(cause: unknown): number | undefined {
  const errcode = typeof cause === 'object' && cause !== null && 'errcode' in cause ? cause.errcode : undefined;
  return typeof errcode === 'number' ? errcode & 0xff : undefined;
}

/** True when SQLite gave up because another connection held a lock. */
export function isBusy(cause: unknown): boolean {
  const code = resultCode(cause);
  return code === SQLITE_BUSY || code === SQLITE_LOCKED;
}

function adviceFor(cause: unknown): string {
  const errcode = resultCode(cause);
  if (errcode === undefined) {
    return cause instanceof Error && cause.message.includes('database is not open')
      ? 'The store was closed: open it again (restart breachwatch).'
      : 'The data could not be stored as given; any write was rolled back whole. Report this as a bug if it repeats.';
  }
  switch (errcode) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return 'Another process held the database locked for too long: make sure only one breachwatch writes to this file at a time, then retry.';
    case SQLITE_CONSTRAINT:
      return 'The write broke a data rule and was rolled back whole, so nothing was saved. Report this as a bug if it repeats.';
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return 'The file is damaged or not a breachwatch database: restore it from a backup or point the store at another path.';
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return 'Check that the folder exists and is writable and that the disk has free space, then retry; a failed write was rolled back whole.';
    default:
      return 'Any write was rolled back whole, so retrying is safe; report this as a bug if it repeats.';
  }
}

/**
 * Runs synchronous store work behind the async port: a thrown error becomes a rejected promise
 * carrying a StoreFailed error.
 */
export async function run<T>(ctx: SqliteContext, action: string, work: () => T): Promise<T> {
  try {
    return work();
  } catch (error) {
    throw storeError(ctx, action, error);
  }
}

/** BEGIN IMMEDIATE … COMMIT around `work`; ROLLBACK when it throws, so all of it is written or none. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  let result: T;
  try {
    result = work();
  } catch (error) {
    rollback(db, error);
    throw error;
  }
  try {
    db.exec('COMMIT');
  } catch (error) {
    rollback(db, error);
    throw error;
  }
  return result;
}

function rollback(db: DatabaseSync, original: unknown): void {
  if (!db.isTransaction) return;
  try {
    db.exec('ROLLBACK');
  } catch (rollbackError) {
    throw new AggregateError([original, rollbackError], 'The transaction failed and could not be rolled back.');
  }
}

/** ISO time normalised to `toISOString()` form so that text comparison orders it correctly. */
export function isoTime(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value === 'string') return value;
  throw new TypeError(`Column ${column} should hold text but holds ${describe(value)}.`);
}

export function textOrNull(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : text(row, column);
}

export function int(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`Column ${column} should hold a number but holds ${describe(value)}.`);
}

export function json<T>(row: Row, column: string): T {
  return JSON.parse(text(row, column)) as T;
}

function describe(value: SQLOutputValue | undefined): string {
  if (value === undefined) return 'nothing (no such column)';
  if (value === null) return 'NULL';
  return value instanceof Uint8Array ? 'a blob' : typeof value;
}
