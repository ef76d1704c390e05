// Numbered SQL migrations per dialect (migrations/<dialect>/NNN-name.sql). Each runs in its own
// transaction and is recorded in schema_migrations, so running the migrator twice does nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { BreachwatchError, ErrorCode } from '../domain/errors.ts';
import { inTransaction } from './sqlite-db.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS_DIR = join(import.meta.dirname, 'migrations', 'sqlite');

const FILE_NAME = /^(\d{3,})-([a-z0-9-]+)\.sql$/;

/** Reads the migration files of a folder, ordered by version; rejects gaps in naming and duplicates. */
export function loadMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(file);
    if (!match) {
      throw new BreachwatchError(
        ErrorCode.StoreFailed,
        `Migration file ${join(dir, file)} is misnamed: name it NNN-kebab-name.sql, e.g. 002-add-index.sql.`,
      );
    }
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new BreachwatchError(
        ErrorCode.StoreFailed,
        `Two migration files in ${dir} share version ${version}: give each file its own number.`,
      );
    }
    migrations.push({ version, name: file, sql: readFileSync(join(dir, file), 'utf8') });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/**
 * Applies the migrations the database has not seen yet and returns their versions (empty when the
 * schema is current). Safe when two processes open the same file at once: each version is checked
 * again inside its write transaction.
 */
export function migrateSqlite(db: DatabaseSync, migrations: readonly Migration[] = loadMigrations(SQLITE_MIGRATIONS_DIR)): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const newest = migrations.at(-1)?.version ?? 0;
  const recorded = db.prepare('SELECT max(version) AS version FROM schema_migrations').get();
  const current = Number(recorded?.['version'] ?? 0);
  if (current > newest) {
    throw new BreachwatchError(
      ErrorCode.StoreFailed,
      `The database is at schema version ${current}, newer than this breachwatch knows (${newest}). ` +
        'Upgrade breachwatch, or restore a backup taken before the upgrade.',
    );
  }
  const isApplied = db.prepare('SELECT 1 AS applied FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (isApplied.get(migration.version)) continue;
    try {
      inTransaction(db, () => {
        if (isApplied.get(migration.version)) return;
        db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
        applied.push(migration.version);
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new BreachwatchError(
        ErrorCode.StoreFailed,
        `Migration ${migration.name} failed and was rolled back: ${detail}. ` +
          'Fix the migration or restore a backup; the database is still at the previous version.',
        { cause: error },
      );
    }
  }
  return applied;
}
