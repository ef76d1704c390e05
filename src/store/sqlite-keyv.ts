// A keyv 6 storage adapter over the store's own SQLite database: absolute `expires` (epoch ms),
// enforced on read, and expired rows swept on write. No native module (unlike @keyv/sqlite).
// Keys are scoped by the adapter's `namespace` (keyv sets it), so use one adapter per Keyv instance.
import { EventEmitter } from 'node:events';
import { keyvStorageCapability, type KeyvStorageAdapter, type KeyvStorageEntry, type KeyvStorageGetResult } from 'keyv';
import type { SqliteContext } from './sqlite-db.ts';

type Now = () => number;
type StorageMethods = 'get' | 'getMany' | 'set' | 'setMany' | 'has' | 'hasMany' | 'delete' | 'deleteMany' | 'clear' | 'disconnect' | 'iterator';
type KeyvEvents = Omit<KeyvStorageAdapter, StorageMethods | 'capabilities' | 'namespace'>;

export function createSqliteKeyvAdapter(ctx: SqliteContext, now: Now = Date.now): KeyvStorageAdapter {
  const full = (key: string): string => (adapter.namespace ? `${adapter.namespace}::${key}` : key);
  const live = (expires: unknown): boolean => expires === null || expires === undefined || Number(expires) > now();
  const read = (shortKey: string): string | undefined => {
    const key = full(shortKey);
    const row = ctx.statement('SELECT value, expires FROM kv WHERE key = ?').get(key);
    if (!row) return undefined;
    if (!live(row.expires)) {
      ctx.statement('DELETE FROM kv WHERE key = ?').run(key);
      return undefined;
    }
    return String(row.value);
  };
  const write = (key: string, value: unknown, expires?: number): boolean => {
    ctx.statement('DELETE FROM kv WHERE expires IS NOT NULL AND expires <= ?').run(now());
    if (expires !== undefined && expires <= now()) return false;
    ctx
      .statement('INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires')
      .run(full(key), typeof value === 'string' ? value : JSON.stringify(value), expires ?? null);
    return true;
  };
  const remove = (key: string): boolean => Number(ctx.statement('DELETE FROM kv WHERE key = ?').run(full(key)).changes) === 1;

  // Node's EventEmitter is the emitter keyv expects; only its typing of listeners() (Function[]) differs.
  const events = new EventEmitter() as unknown as KeyvEvents;
  const adapter: KeyvStorageAdapter = Object.assign(events, {
    namespace: undefined as string | undefined,
    async get<Value>(key: string): Promise<KeyvStorageGetResult<Value>> {
      return read(key);
    },
    async getMany<Value>(keys: string[]): Promise<Array<KeyvStorageGetResult<Value | undefined>>> {
      return keys.map((key) => read(key));
    },
    async set(key: string, value: unknown, expires?: number): Promise<boolean> {
      return write(key, value, expires);
    },
    async setMany<Value>(entries: KeyvStorageEntry<Value>[]): Promise<boolean[]> {
      return entries.map((e) => write(e.key, e.value, e.expires));
    },
    async has(key: string): Promise<boolean> {
      return read(key) !== undefined;
    },
    async hasMany(keys: string[]): Promise<boolean[]> {
      return keys.map((key) => read(key) !== undefined);
    },
    async delete(key: string): Promise<boolean> {
      return remove(key);
    },
    async deleteMany(keys: string[]): Promise<boolean[]> {
      return keys.map((key) => remove(key));
    },
    async clear(): Promise<void> {
      if (adapter.namespace) ctx.statement("DELETE FROM kv WHERE substr(key, 1, ?) = ?").run(adapter.namespace.length + 2, `${adapter.namespace}::`);
      else ctx.statement('DELETE FROM kv').run();
    },
  });
  // Declares the v6 contract: keyv passes absolute `expires` and this adapter enforces it on read.
  adapter.capabilities = { ...keyvStorageCapability(adapter), expires: true };
  return adapter;
}
