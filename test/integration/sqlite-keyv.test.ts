// keyv over the store's SQLite database: values, absolute expiry, namespaces, restarts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeCooldown } from '../../src/commands/cooldown.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';

describe('keyv on SQLite', () => {
  it('stores values, keeps namespaces apart, and forgets expired keys', async () => {
    const store = openSqliteStore(':memory:');
    const a = store.keyv<{ n: number }>('a');
    const b = store.keyv<{ n: number }>('b');
    await a.set('k', { n: 1 });
    await b.set('k', { n: 2 }, 20);
    expect(await a.get('k')).toEqual({ n: 1 });
    expect(await b.get('k')).toEqual({ n: 2 });
    expect(await a.has('k')).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    expect(await b.get('k')).toBeUndefined();
    expect(await a.get('k')).toEqual({ n: 1 });
    expect(await a.delete('k')).toBe(true);
    expect(await a.get('k')).toBeUndefined();
    await store.close();
  });

  it('keeps values across a restart', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bw-kv-')), 'kv.db');
    const first = openSqliteStore(file);
    await first.keyv<string>('ns').set('kept', 'yes', 60_000);
    await first.close();
    const second = openSqliteStore(file);
    expect(await second.keyv<string>('ns').get('kept')).toBe('yes');
    await second.close();
  });

  it('runs a cooldown per key', async () => {
    const store = openSqliteStore(':memory:');
    const keyv = store.keyv<number>('cooldown');
    const now = Date.now();
    expect(await takeCooldown(keyv, 'u1', 10_000, now)).toBe(0);
    expect(await takeCooldown(keyv, 'u1', 10_000, now + 4_000)).toBe(6_000);
    expect(await takeCooldown(keyv, 'u2', 10_000, now + 4_000)).toBe(0);
    await store.close();
  });
});

describe('keyv namespaces on SQLite', () => {
  it('clears only its own namespace', async () => {
    const store = openSqliteStore(':memory:');
    const a = store.keyv<number>('a');
    const b = store.keyv<number>('b');
    await a.set('x', 1);
    await b.set('x', 2);
    await a.clear();
    expect(await a.get('x')).toBeUndefined();
    expect(await b.get('x')).toBe(2);
    await store.close();
  });
});
