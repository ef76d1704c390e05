// Several processes opening one new SQLite file at the same moment (two pollers started together,
// a restart racing a CLI command) all get a ready store: none fails with "database is locked".
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'breachwatch-open-race-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const run = promisify(execFile);
const helper = join(import.meta.dirname, 'helpers', 'open-store.ts');

it('opens one new database file from four processes at once, every time', async () => {
  const results: string[] = [];
  for (let round = 0; round < 6; round += 1) {
    const path = join(root, `race-${round}.db`);
    // Far enough ahead that all four have loaded before it; they spin until then and open together.
    const startAt = String(Date.now() + 1_500);
    const children = Array.from({ length: 4 }, () => run(process.execPath, ['--no-warnings', helper, path, startAt]));
    for (const child of await Promise.all(children)) results.push(child.stdout.trim());
  }
  expect(results.filter((line) => line !== 'ok')).toEqual([]);
  expect(results).toHaveLength(24);
}, 60_000);
