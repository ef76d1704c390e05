// kill -9 in the middle of writing: after a restart, every item marked seen has its article, incident
// and outbox rows, every commit the writer reported is there, and nothing half-written remains.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';

const root = mkdtempSync(join(tmpdir(), 'breachwatch-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts the writer at item `from`, kills it with SIGKILL once it has reported `commits` more commits, returns the last one. */
async function killWriterAfter(path: string, from: number, commits: number): Promise<number> {
  const child = spawn(process.execPath, ['--no-warnings', join(import.meta.dirname, 'helpers', 'crash-writer.ts'), path, String(from)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let last = -1;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trim().split('\n');
      last = Number(lines.at(-1));
      if (last >= from + commits) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`The writer exited (${code}) before it was killed: ${stderr}`)));
  });
  await exited;
  return last;
}

it('loses nothing committed and marks nothing seen without its rows when killed with SIGKILL', async () => {
  const path = join(root, 'crash.db');
  const first = await killWriterAfter(path, 0, 150);
  // The restarted writer carries on after the last number it reported; an uncommitted one is redone.
  const second = await killWriterAfter(path, first + 1, 150);
  expect(second).toBeGreaterThan(first);

  const store = openSqliteStore(path);
  const keys = Array.from({ length: second + 500 }, (_, i) => `item-${i}`);
  const seen = await store.filterSeen('feed-a', keys);
  // Everything the writer reported as committed survived the kill.
  for (let i = 0; i <= second; i += 1) expect(seen.has(`item-${i}`)).toBe(true);
  // Each seen item has its incident and both outbox rows; no outbox row lacks its seen item.
  for (const key of seen) {
    const id = key.replace('item-', 'inc-');
    expect(await store.getIncident(id)).not.toBeNull();
  }
  const outbox = await store.dueOutbox('2100-01-01T00:00:00.000Z', 100_000);
  expect(outbox).toHaveLength(seen.size * 2);
  expect(new Set(outbox.map((entry) => entry.incidentId))).toEqual(new Set([...seen].map((key) => key.replace('item-', 'inc-'))));
  await store.close();
});
