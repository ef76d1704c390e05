// `breachwatch start` as a process: polls loopback feeds, posts to the console, stops cleanly on
// Ctrl-C within 2 s, and after a restart posts nothing twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoFeedServer, type DemoFeedServer } from '../../src/demo/feed-server.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let server: DemoFeedServer | null = null;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await server?.close();
  server = null;
});

function startBot(configPath: string) {
  const child = spawn(process.execPath, [path.join(ROOT, 'src/main.ts'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, BREACHWATCH_CONFIG: configPath, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d) => (output.stdout += String(d)));
  child.stderr?.on('data', (d) => (output.stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}


describe('breachwatch start', () => {
  it('alerts, stops within 2 s on SIGINT, and does not repeat alerts after a restart', async () => {
    server = await startDemoFeedServer({
      articlesPath: path.join(ROOT, 'config/demo/articles.yaml'),
      schedulePath: path.join(ROOT, 'config/demo/schedule.yaml'),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-start-'));
    const configPath = path.join(dir, 'breachwatch.yaml');
    const feeds = server.feeds.map((f) => `  - { id: ${f.id}, name: "${f.name}", url: "${f.url}", intervalMinutes: 1 }`).join('\n');
    writeFileSync(
      configPath,
      `store:\n  path: ${path.join(dir, 'bw.db')}\nfetch:\n  allowPrivateAddresses: true\nalerts:\n  maxArticleAgeDays: 0\nfeeds:\n${feeds}\n`,
    );

    // First run: the feeds are new, so their items are recorded silently.
    const first = startBot(configPath);
    await waitFor(() => /First poll: .*recorded without posting/.test(first.output.stderr));
    expect(first.output.stdout).toBe('');
    first.child.kill('SIGINT');
    const stoppedAt = Date.now();
    expect(await first.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);

    // Articles are published while the bot is down for a while (its feeds fall due); the next start
    // posts them once.
    server.setRound(server.roundCount - 1);
    const db = new DatabaseSync(path.join(dir, 'bw.db'));
    db.exec("UPDATE feed_state SET next_poll_at = '2000-01-01T00:00:00.000Z'");
    db.close();
    const second = startBot(configPath);
    await waitFor(() => (second.output.stdout.match(/🚨/g) ?? []).length === 3);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output.stdout).toContain('Metropolitan Police Service');

    // A third start finds nothing new to post.
    const third = startBot(configPath);
    await waitFor(() => /breachwatch is running/.test(third.output.stderr));
    await new Promise((r) => setTimeout(r, 1_000));
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
    expect(third.output.stdout).toBe('');
  }, 60_000);
});
