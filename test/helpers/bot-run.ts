// The real bot (`node src/main.ts start`) as a child process for integration tests: its output kept,
// its exit awaited, every child tracked so that afterEach can kill what is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BotRun {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

export const botChildren: ChildProcess[] = [];

export function startBot(env: NodeJS.ProcessEnv): BotRun {
  const child = spawn(process.execPath, [path.join(ROOT, 'src/main.ts'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  botChildren.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d) => (output.stdout += String(d)));
  child.stderr?.on('data', (d) => (output.stderr += String(d)));
  return { child, output, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

/** A config polling the given feeds every minute, posting everything whatever its age, with its store in `dir`. */
export function writeFeedConfig(dir: string, feeds: ReadonlyArray<{ id: string; name: string; url: string }>): string {
  const configPath = path.join(dir, 'breachwatch.yaml');
  const list = feeds.map((f) => `  - { id: ${f.id}, name: "${f.name}", url: "${f.url}", intervalMinutes: 1 }`).join('\n');
  writeFileSync(
    configPath,
    `store:\n  path: ${path.join(dir, 'bw.db')}\nfetch:\n  allowPrivateAddresses: true\nalerts:\n  maxArticleAgeDays: 0\n  destinations: []\nfeeds:\n${list}\n`,
  );
  return configPath;
}

/** Makes every feed due now, as a restart a while later finds them. */
export function markFeedsDue(dir: string): void {
  const db = new DatabaseSync(path.join(dir, 'bw.db'));
  db.exec("UPDATE feed_state SET next_poll_at = '2000-01-01T00:00:00.000Z'");
  db.close();
}
