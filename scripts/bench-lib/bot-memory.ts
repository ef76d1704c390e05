// The real bot's memory for `npm run bench:startup` and `npm run soak`: the bot started as the chaos
// harness starts it (test/chaos/bot-process.ts), polling feeds of a loopback feed farm, its resident size
// read from /proc/<pid>/status.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { startBot, writeBotConfig, type BotProcess } from '../../test/chaos/bot-process.ts';
import { startFeedFarm, type FeedFarm } from './feed-farm.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The allocator the Docker image preloads (Dockerfile: libjemalloc2). */
export const JEMALLOC = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';

/**
 * The Node flags of the Docker image's CMD (`node <flags> src/main.ts start`) of the checkout at `root`: the benches
 * run each checkout's bot with its own.
 */
export function imageNodeFlags(root: string = ROOT): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(root, 'Dockerfile'), 'utf8'))?.[1];
  const args = z.array(z.string()).parse(JSON.parse(cmd ?? '[]'));
  const main = args.indexOf('src/main.ts');
  if (args[0] !== 'node' || main < 0) throw new Error('the Dockerfile has no CMD ["node", …, "src/main.ts", "start"]');
  return args.slice(1, main);
}
/**
 * The environment the Docker image gives Node (Dockerfile ENV): jemalloc's settings (read only when jemalloc is
 * preloaded), and NODE_COMPILE_CACHE, warmed when the image is built (bin/breachwatch.js turns the same cache on
 * for `npx breachwatch` and `npm start`): here a folder in this checkout's data/, warm after the first run.
 */
export function imageEnv(root: string = ROOT): NodeJS.ProcessEnv {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const malloc = /^\s*(?:ENV\s+)?MALLOC_CONF=(\S+)/m.exec(dockerfile)?.[1];
  // A checkout whose image has no compile cache runs without one (NODE_COMPILE_CACHE unset, not inherited).
  const cache = /NODE_COMPILE_CACHE=/.test(dockerfile) ? path.join(root, 'data', 'compile-cache') : undefined;
  return { MALLOC_CONF: malloc, NODE_COMPILE_CACHE: cache };
}
const SETTLE_MS = 8_000;
const SAMPLE_MS = 500;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The process's resident set (VmRSS) in MiB. */
export function rssMiB(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

export interface RunningBot {
  bot: BotProcess;
  farm: FeedFarm;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The bot polling `feeds` farm feeds (every 5 s tick, each feed due every minute), with the image's Node flags,
 * running and past its first poll.
 */
export async function runBot(options: { feeds: number; env: NodeJS.ProcessEnv; dir: string; root?: string }): Promise<RunningBot> {
  const farm = await startFeedFarm(options.feeds);
  const config = path.join(options.dir, 'breachwatch.yaml');
  const feeds = farm.urls.map((url, i) => ({ id: `f${i}`, name: `Feed ${i}`, url }));
  writeBotConfig(config, { dbPath: path.join(options.dir, 'bw.db'), feeds, tickCron: '*/5 * * * * *' });
  const root = options.root ?? ROOT;
  const env = withoutUnset({ ...process.env, ...imageEnv(root), BREACHWATCH_CONFIG: config, NODE_OPTIONS: imageNodeFlags(root).join(' '), ...options.env });
  const bot = startBot(env, root);
  const stop = async (): Promise<void> => {
    bot.child.kill('SIGTERM');
    await bot.exited;
    await farm.close();
  };
  try {
    await bot.running(120_000);
    const deadline = Date.now() + 120_000;
    while (farm.stats().requests < options.feeds) {
      if (Date.now() > deadline || bot.child.exitCode !== null) throw new Error(`the bot did not poll its ${options.feeds} feeds:\n${bot.output().slice(-2000)}`);
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { bot, farm, pid: bot.child.pid as number, stop };
}

/** An environment without its undefined variables (a child would get them as the string "undefined"). */
export function withoutUnset(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

/** Idle RSS: the bot past its first poll, settled for a few seconds; the median of the last samples. */
export async function idleBot(options: { feeds: number; env: NodeJS.ProcessEnv; root?: string }): Promise<{ rssMiB: number }> {
  const dir = tempDir('bw-bench-idle-');
  const running = await runBot({ ...options, dir });
  const samples: number[] = [];
  for (let waited = 0; waited < SETTLE_MS; waited += SAMPLE_MS) {
    await sleep(SAMPLE_MS);
    samples.push(rssMiB(running.pid));
  }
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
  return { rssMiB: median(samples.slice(-6)) };
}
