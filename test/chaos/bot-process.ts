// Runs the real bot (`node src/main.ts start`) as a child process with a temp config and env tokens,
// for the chaos harness and the two-poller test. Every child is tracked so it can be killed at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BotFeed {
  id: string;
  name: string;
  url: string;
}

/** Writes a config polling `feeds` (due every tick once marked due) with a store at `dbPath`. */
export function writeBotConfig(file: string, options: { dbPath: string; feeds: readonly BotFeed[]; tickCron: string }): void {
  const feeds = options.feeds.map((f) => `  - { id: ${f.id}, name: "${f.name}", url: "${f.url}", intervalMinutes: 1 }`).join('\n');
  writeFileSync(
    file,
    [
      `store:\n  path: ${options.dbPath}`,
      'fetch:\n  allowPrivateAddresses: true\n  timeoutSeconds: 10',
      `poll:\n  defaultIntervalMinutes: 1\n  maxBackoffMinutes: 1\n  tickCron: "${options.tickCron}"\n  floodGuard:\n    maxNewItemsPerPoll: 100`,
      'alerts:\n  maxArticleAgeDays: 0\n  destinations: []',
      `feeds:\n${feeds}`,
      '',
    ].join('\n'),
  );
}

export interface BotProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  /** Resolves once the bot logged that it is running (or rejects if it exits first / times out). */
  running(timeoutMs?: number): Promise<void>;
}

export const children = new Set<ChildProcess>();

/** root: the checkout whose bot runs (this one by default; the benches' --baseline runs another). */
export function startBot(env: NodeJS.ProcessEnv, root: string = ROOT): BotProcess {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(root, 'src/main.ts'), 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  const keep = (d: Buffer): void => {
    out += String(d);
    if (out.length > 400_000) out = out.slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    exited,
    output: () => out,
    running: (timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = (): void => {
          if (out.includes('breachwatch is running')) resolve();
          else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`the bot exited before it ran:\n${out.slice(-3000)}`));
          else if (Date.now() - started > timeoutMs) reject(new Error(`the bot did not start within ${timeoutMs} ms:\n${out.slice(-3000)}`));
          else setTimeout(check, 25);
        };
        check();
      }),
  };
}

/** SIGKILLs a child and waits for it to be gone. */
export async function killHard(bot: BotProcess): Promise<void> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  await bot.exited;
}

/** Kills every child still running (end of a run, or a failure). */
export async function killAll(): Promise<void> {
  const waits = [...children].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }
  }));
  await Promise.all(waits);
}

/** Opens the bot's SQLite file from the harness (WAL: reads and small writes alongside the bot). */
export function openDb(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA busy_timeout = 10000');
  return db;
}

/** "An interval has passed": every feed is due at the next tick. */
export function markFeedsDue(db: DatabaseSync): void {
  db.exec("UPDATE feed_state SET next_poll_at = '2000-01-01T00:00:00.000Z'");
}

export function feedsInitialised(db: DatabaseSync, count: number): boolean {
  const row = db.prepare('SELECT COUNT(*) AS n FROM feed_state WHERE initialised = 1').get() as { n: number };
  return Number(row.n) >= count;
}

/** Outbox rows by status. */
export function outboxStatus(db: DatabaseSync): Record<string, number> {
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
