// `npm run bench:startup [-- --rounds N --spawn-rounds N --only spawn,memory,replay --out FILE]`: start-up and
// memory of the real bot (issue 21, point 4), each figure against a baseline measured in the same run, taking
// turns (see scripts/bench.ts):
//   1. spawn to first feed request: `node bin/breachwatch.js start` (console only, one feed on a loopback
//      server) against a node process that imports every runtime dependency of package.json and makes one
//      GET to the same server, both with the Node flags of the Dockerfile's CMD and its compile cache (imageEnv).
//      --spawn-rounds rounds (default 5 × --rounds, at least 15), each process once a round, in turns whose order
//      alternates; the figure is the median of each round's ratio (bot / import-all, measured seconds apart), which
//      holds better on a busy machine than a ratio of medians. Beside it, the CPU each process had used by then
//      (user + system, /proc/<pid>/stat), which waiting for a busy CPU does not inflate. Target: ratio <= 0.8.
//   2. idle RSS (VmRSS, median of the last samples of a settle time after the bot is running and has polled
//      its feeds once), console only (<= 110 MiB) and with Slack and Discord connected to the local fakes
//      of test/fakes (<= 150 MiB), with jemalloc preloaded as in the Docker image, and with glibc malloc.
//   3. `replay --json` per item against bare parsing (rss-parser parseString) of the same feed files, each a
//      process of its own; per item is the marginal cost, (all files - one small file) / (item difference),
//      so that start-up is left out of both. Target: ratio <= 2.
// Prints a table with targets and ok/MISS and writes the figures as JSON (default data/bench-startup.json).
// --baseline <checkout>: that checkout's bot takes its turn beside this one's in each measurement (with its own
// image settings: Node flags, compile cache and MALLOC_CONF as its Dockerfile says; the import-all process runs
// with this checkout's flags), and each row says both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Parser from 'rss-parser';
import { startFakeDiscord } from '../test/fakes/fake-discord-api.ts';
import { startFakeSlackApi } from '../test/fakes/fake-slack-api.ts';
import { APP_TOKEN, BOT_TOKEN } from '../test/fakes/fake-slack-setup.ts';
import { platformEnv } from '../test/helpers/platform-env.ts';
import { startFeedFarm } from './bench-lib/feed-farm.ts';
import { peerFeedFiles } from './bench-lib/news-feeds.ts';
import { idleBot, imageEnv, imageNodeFlags, JEMALLOC, median, tempDir, withoutUnset } from './bench-lib/bot-memory.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    'spawn-rounds': { type: 'string' },
    only: { type: 'string', default: 'spawn,memory,replay' },
    out: { type: 'string' },
    baseline: { type: 'string' },
  },
});
/** The checkouts whose bots are measured: this one, and the --baseline checkout if given. */
const CHECKOUTS = [ROOT, ...(values.baseline === undefined ? [] : [path.resolve(values.baseline)])];
const binOf = (root: string): string => path.join(root, 'bin', 'breachwatch.js');
const ROUNDS = Number(values.rounds);
const SPAWN_ROUNDS = Number(values['spawn-rounds'] ?? Math.max(15, 5 * ROUNDS));
/** The measurements to run (all by default). */
const ONLY = new Set(values.only.split(',').map((s) => s.trim()));
const OUT = values.out ?? path.join(ROOT, 'data', 'bench-startup.json');

// The baseline process: every runtime dependency imported as a static import would (in order), then one GET.
const BASELINE = `
import { readFileSync } from 'node:fs';
import http from 'node:http';
const deps = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies);
for (const dep of deps) await import(dep);
http.get(process.env.BENCH_URL, (res) => res.resume());
setInterval(() => undefined, 60_000); // alive, as the bot is, until killed: its CPU is read at the first request
`;

// Bare parsing: rss-parser parseString of each file's bytes, in a process of its own.
const BARE_PARSE = `
import { readFileSync } from 'node:fs';
import Parser from 'rss-parser';
const parser = new Parser();
let items = 0;
for (const file of JSON.parse(process.env.BENCH_FILES)) items += (await parser.parseString(readFileSync(file, 'utf8'))).items.length;
process.stdout.write(String(items));
`;

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** CPU milliseconds (user + system, all threads) the process has used so far. */
function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces, hence from the last ')'): utime and stime are the 12th
  // and 13th, in clock ticks (100 a second on Linux).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Milliseconds from spawn to the loopback server's first request, and the CPU the process had used by then. */
async function spawnToFirstRequest(kind: 'bot' | 'baseline', root = ROOT): Promise<{ ms: number; cpu: number }> {
  const farm = await startFeedFarm(1);
  const dir = tempDir('bw-bench-start-');
  const config = path.join(dir, 'breachwatch.yaml');
  writeFileSync(config, `store:\n  path: ${path.join(dir, 'bw.db')}\nfetch:\n  allowPrivateAddresses: true\nfeeds:\n  - { id: f0, name: "Feed 0", url: "${farm.urls[0]}" }\n`);
  // Both with the Node flags and the environment (compile cache) the Docker image runs the bot with.
  const args = kind === 'bot' ? [...imageNodeFlags(root), binOf(root), 'start'] : [...imageNodeFlags(), '--input-type=module', '-e', BASELINE];
  const env = withoutUnset({ ...process.env, ...imageEnv(root), BREACHWATCH_CONFIG: config, BENCH_URL: farm.urls[0] });
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'ignore' });
  const exited = exitOf(child).then((code) => Promise.reject(new Error(`the ${kind} process exited (${code}) before its first request`)));
  try {
    const ms = (await Promise.race([farm.firstRequest(), exited])) - started;
    return { ms, cpu: cpuMs(child.pid as number) };
  } finally {
    child.kill('SIGKILL');
    await exitOf(child);
    await farm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall milliseconds of one process run to completion, and what it printed. */
async function timed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout?.on('data', (d) => (stdout += String(d)));
  const code = await exitOf(child);
  if (code !== 0) throw new Error(`${args.slice(0, 3).join(' ')} exited with ${code}`);
  return { ms: performance.now() - started, stdout };
}

/** Feed files for replay: the peer fixtures and 40 generated news feeds as the farm serves them. */
async function replayFiles(dir: string): Promise<string[]> {
  const farm = await startFeedFarm(40);
  const files = [...peerFeedFiles()];
  for (const [i, url] of farm.generatedUrls.entries()) {
    const file = path.join(dir, `news-${i}.xml`);
    writeFileSync(file, await (await fetch(url)).text());
    files.push(file);
  }
  await farm.close();
  return files;
}

async function itemsIn(files: readonly string[]): Promise<number> {
  const parser = new Parser();
  let items = 0;
  for (const file of files) items += (await parser.parseString(readFileSync(file, 'utf8'))).items.length;
  return items;
}

interface Row {
  name: string;
  value: number;
  unit: string;
  target: number;
  detail: string;
}

const rows: Row[] = [];
const range = (xs: readonly number[]): string => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}`;

// What each checkout's bot measured (this one first), to compare in each row.
const byCheckout = CHECKOUTS.map((root) => ({
  root,
  bot: [] as number[],
  botCpu: [] as number[],
  memory: { console: { jemalloc: [] as number[], glibc: [] as number[] }, platforms: { jemalloc: [] as number[], glibc: [] as number[] } },
  replayMs: { all: [] as number[], small: [] as number[] },
}));
const [self, other] = byCheckout as [(typeof byCheckout)[number], (typeof byCheckout)[number] | undefined];
/** The baseline checkout's figure beside this one's, when there is one. */
const besides = (figure: (c: typeof self) => number, unit: string): string =>
  other === undefined ? '' : `; baseline checkout ${figure(other).toFixed(unit === 'x' ? 2 : 0)} ${unit} (this / baseline ${(figure(self) / figure(other)).toFixed(2)})`;
const baseline = { ms: [] as number[], cpu: [] as number[] };
const bareMs = { all: [] as number[], small: [] as number[] };

// 1. Spawn to first feed request, the bots and the import-all process taking turns. One start of each first,
// not counted: the image warms its caches at build (Node's compile cache, and the compiled recogniser of ADR 023),
// so the measured starts all find them warm, whichever checkout or process was run before.
if (ONLY.has('spawn')) {
  for (const c of byCheckout) await spawnToFirstRequest('bot', c.root);
  await spawnToFirstRequest('baseline');
  for (let r = 0; r < SPAWN_ROUNDS; r++) {
    // Every other round the import-all process goes first, so neither side always follows the other.
    const bots = byCheckout.map((c) => async () => {
      const { ms, cpu } = await spawnToFirstRequest('bot', c.root);
      c.bot.push(ms);
      c.botCpu.push(cpu);
    });
    const importAll = async (): Promise<void> => {
      const { ms, cpu } = await spawnToFirstRequest('baseline');
      baseline.ms.push(ms);
      baseline.cpu.push(cpu);
    };
    for (const turn of r % 2 === 0 ? [...bots, importAll] : [importAll, ...bots]) await turn();
  }
  /** The median of each round's ratio, bot / import-all. */
  const spawnRatio = (c: typeof self): number => median(c.bot.map((ms, r) => ms / (baseline.ms[r] as number)));
  const cpuRatio = (c: typeof self): number => median(c.botCpu) / median(baseline.cpu);
  rows.push({
    name: 'spawn to first feed request (bot / import-all)',
    value: spawnRatio(self),
    unit: 'x',
    target: 0.8,
    detail:
      `median of ${SPAWN_ROUNDS} rounds' ratios; bot ${Math.round(median(self.bot))} ms (${range(self.bot)}), import-all baseline ` +
      `${Math.round(median(baseline.ms))} ms (${range(baseline.ms)}), ratio of medians ${(median(self.bot) / median(baseline.ms)).toFixed(2)}` +
      besides(spawnRatio, 'x'),
  });
  rows.push({
    name: 'CPU used by the first feed request (bot / import-all)',
    value: cpuRatio(self),
    unit: 'x',
    target: 0.8,
    detail: `bot ${Math.round(median(self.botCpu))} ms (${range(self.botCpu)}), import-all ${Math.round(median(baseline.cpu))} ms (${range(baseline.cpu)})${besides(cpuRatio, 'x')}`,
  });
}

// 2. Idle RSS: console only and both platforms, jemalloc and glibc, taking turns.
if (ONLY.has('memory')) {
  const slack = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: { C_ALERTS: { member: true } } });
  const discord = await startFakeDiscord();
  const chat = platformEnv({ slackApiUrl: slack.apiUrl, discord });
  for (let r = 0; r < Math.max(3, Math.ceil(ROUNDS / 2)); r++) {
    for (const allocator of ['jemalloc', 'glibc'] as const) {
      const preload = allocator === 'jemalloc' ? { LD_PRELOAD: JEMALLOC } : {};
      for (const c of byCheckout) {
        c.memory.console[allocator].push((await idleBot({ feeds: 10, env: preload, root: c.root })).rssMiB);
        c.memory.platforms[allocator].push((await idleBot({ feeds: 10, env: { ...preload, ...chat }, root: c.root })).rssMiB);
      }
    }
  }
  await slack.close();
  await discord.close();
  for (const [setup, target] of [['console', 110], ['platforms', 150]] as const) {
    for (const allocator of ['jemalloc', 'glibc'] as const) {
      const xs = self.memory[setup][allocator];
      rows.push({
        name: `idle RSS, ${setup === 'console' ? 'console only' : 'Slack + Discord'} (${allocator})`,
        value: median(xs),
        unit: 'MiB',
        target,
        detail: `median of ${xs.length} runs, range ${range(xs)} MiB${besides((c) => median(c.memory[setup][allocator]), 'MiB')}`,
      });
    }
  }
}

// 3. replay per item against bare parsing, marginal over (all files) - (one small file): each side's process start
// (Node, its modules, replay's recogniser) is in both of its runs, so it drops out of both per-item figures.
if (ONLY.has('replay')) {
  const dir = tempDir('bw-bench-replay-');
  const all = await replayFiles(dir);
  const small = [all.find((f) => f.endsWith('instant-article.rss')) as string];
  const extraItems = (await itemsIn(all)) - (await itemsIn(small));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [key, files] of [['all', all], ['small', small]] as const) {
      for (const c of byCheckout) c.replayMs[key].push((await timed([binOf(c.root), 'replay', ...files, '--json'])).ms);
      bareMs[key].push((await timed(['--input-type=module', '-e', BARE_PARSE], { BENCH_FILES: JSON.stringify(files) })).ms);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const perItem = (ms: { all: number[]; small: number[] }): number => ((median(ms.all) - median(ms.small)) * 1000) / extraItems;
  const replayRatio = (c: typeof self): number => perItem(c.replayMs) / perItem(bareMs);
  rows.push({
    name: 'replay --json per item (replay / bare parsing)',
    value: replayRatio(self),
    unit: 'x',
    target: 2,
    detail: `replay ${perItem(self.replayMs).toFixed(0)} µs/item, rss-parser ${perItem(bareMs).toFixed(0)} µs/item (${extraItems} items, ${all.length} files)${besides(replayRatio, 'x')}`,
  });
}

console.log(`breachwatch start-up and memory, Node ${process.version}, ${ROUNDS} rounds (${SPAWN_ROUNDS} of spawns)`);
for (const row of rows) {
  const verdict = row.value <= row.target ? 'ok' : 'MISS';
  const value = row.unit === 'x' ? row.value.toFixed(2) : row.value.toFixed(0);
  console.log(`${row.name.padEnd(54)} ${value.padStart(6)} ${row.unit.padEnd(3)} ${verdict.padEnd(4)} target <= ${row.target} ${row.unit}; ${row.detail}`);
}
mkdirSync(path.dirname(OUT), { recursive: true });
const raw = { baseline, bareMs, checkouts: byCheckout };
writeFileSync(OUT, `${JSON.stringify({ node: process.version, rounds: ROUNDS, spawnRounds: SPAWN_ROUNDS, at: new Date().toISOString(), rows, raw }, null, 2)}\n`);
console.log(`written: ${OUT}`);
process.exitCode = rows.every((r) => r.value <= r.target) ? 0 : 1;
