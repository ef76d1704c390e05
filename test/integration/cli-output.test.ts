// Where the output goes (issue 18 points 5 and 7), with the real process: alerts on stdout and logs on
// stderr; a closed stdout pipe neither kills the bot nor prints a stack; `start --help` does not start the
// bot; `classify` on a real terminal prints how to use it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoFeedServer, type DemoFeedServer } from '../../src/demo/feed-server.ts';
import { emptyFeedState } from '../../src/pipeline/poll-feed.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'breachwatch.js');
let server: DemoFeedServer | null = null;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await server?.close();
  server = null;
});

/** A store whose feeds were all polled before, so that the demo's articles are new and get posted. */
async function botSetup(): Promise<{ configPath: string; dbPath: string }> {
  server = await startDemoFeedServer({
    articlesPath: path.join(ROOT, 'config/demo/articles.yaml'),
    schedulePath: path.join(ROOT, 'config/demo/schedule.yaml'),
  });
  server.setRound(server.roundCount - 1);
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-output-'));
  const dbPath = path.join(dir, 'bw.db');
  const store = openSqliteStore(dbPath);
  for (const feed of server.feeds) {
    await store.saveFeedState({ ...emptyFeedState(feed.id), initialised: true });
  }
  await store.close();
  const configPath = path.join(dir, 'breachwatch.yaml');
  const feeds = server.feeds.map((f) => `  - { id: ${f.id}, name: "${f.name}", url: "${f.url}", intervalMinutes: 1 }`).join('\n');
  writeFileSync(configPath, `store:\n  path: ${dbPath}\nfetch:\n  allowPrivateAddresses: true\nalerts:\n  maxArticleAgeDays: 0\nfeeds:\n${feeds}\n`);
  return { configPath, dbPath };
}

function startBot(configPath: string, env: Record<string, string> = {}, node = process.execPath) {
  const child = spawn(node, [BIN, 'start'], {
    cwd: ROOT,
    env: { ...process.env, BREACHWATCH_CONFIG: configPath, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (output.stdout += String(d)));
  child.stderr.on('data', (d) => (output.stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

const sentToConsole = (dbPath: string): number => {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM outbox WHERE destination = 'console' AND status = 'sent'").get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('breachwatch start: stdout and stderr', () => {
  it('prints alerts on stdout and only log lines (JSON with LOG_FORMAT=json) on stderr', async () => {
    const { configPath } = await botSetup();
    const bot = startBot(configPath, { LOG_FORMAT: 'json' });
    await waitFor(() => (bot.output.stdout.match(/🚨/g) ?? []).length === 3, 30_000, 'three alerts on stdout');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output.stdout).not.toMatch(/"level":/);
    const logLines = bot.output.stderr.trim().split('\n');
    expect(logLines.length).toBeGreaterThan(1);
    for (const line of logLines) expect(() => JSON.parse(line), line).not.toThrow();
  }, 60_000);

  it('keeps running, without a stack trace, when its stdout pipe is closed', async () => {
    const { configPath, dbPath } = await botSetup();
    const bot = startBot(configPath, { LOG_FORMAT: 'json' });
    bot.child.stdout.destroy(); // the reader goes away, as with `breachwatch start | head -1`
    await waitFor(() => sentToConsole(dbPath) >= 3, 30_000, 'the alerts to be handed to the console');
    await waitFor(() => /stdout was closed/.test(bot.output.stderr), 5_000, 'the closed-stdout notice');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bot.child.exitCode).toBeNull();
    bot.child.kill('SIGINT');
    expect(await bot.exited).toBe(0);
    expect(bot.output.stderr.match(/stdout was closed/g)).toHaveLength(1);
    expect(bot.output.stderr).not.toMatch(/EPIPE|^\s+at /m);
    for (const line of bot.output.stderr.trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
  }, 60_000);
});

/** The system Node when it is older than 24 (as on our machines and in CI), which makes bin/breachwatch.js re-run on Node 24. */
const OLD_NODE = (() => {
  const found = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return found.status === 0 && Number(found.stdout.split('.')[0]) < 24 ? '/usr/bin/node' : null;
})();

describe.skipIf(OLD_NODE === null)(`bin/breachwatch.js on an older system Node${OLD_NODE ? '' : ' (skipped: /usr/bin/node is missing or is Node 24+)'}`, () => {
  it('runs the bot on the Node 24 in node_modules and passes SIGTERM on, so the bot stops cleanly', async () => {
    const { configPath, dbPath } = await botSetup();
    const bot = startBot(configPath, {}, OLD_NODE as string);
    await waitFor(() => sentToConsole(dbPath) >= 3, 30_000, 'the alerts to be handed to the console');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output.stderr).toMatch(/SIGTERM received/);
    expect(bot.output.stdout).toContain('Metropolitan Police Service');
  }, 60_000);
});

describe('one-shot commands as processes', () => {
  it('stop quietly with exit 0 when their stdout pipe is already closed', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('`start --help` prints the usage and does not start the bot', () => {
    const result = spawnSync(process.execPath, [BIN, 'start', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: breachwatch start/);
    expect(result.stderr).toBe('');
  });

  it('`classify` on a terminal prints how to use it instead of waiting', () => {
    // util-linux `script` gives the command a real terminal as stdin.
    const result = spawnSync('script', ['-qec', `${process.execPath} ${BIN} classify`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(result.stdout).toContain('breachwatch classify reads JSON lines from stdin');
    expect(result.status).toBe(2);
  });
});
