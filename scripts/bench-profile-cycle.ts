// `node scripts/bench-profile-cycle.ts [--feeds 500] [--rounds 5] [--dir data/]`: CPU profiles of the real bot's
// poll cycles alone (no bare poller in them), against bench:pipeline's loopback feed server (a child process):
// the first cycle (every feed 200, items kept in the backlog) to first-cycle.cpuprofile, the recording of that
// backlog (what the bot does between cycles) to backlog.cpuprofile, then --rounds steady
// cycles (5% of feeds with 3 new items, the rest 304) to steady-cycle.cpuprofile. For node --cpu-prof's viewers
// (Chrome DevTools, speedscope); bench:pipeline gives the ratios.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBotCode, startBot, THIS_ROOT } from './bench-lib/bot.ts';
import type { ServerReply, ServerRequest } from './bench-lib/feed-server.ts';

const { values: args } = parseArgs({
  options: {
    feeds: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    dir: { type: 'string' },
  },
});
const FEEDS = Number(args.feeds);
const ROUNDS = Number(args.rounds);
const dir = args.dir ?? path.join(THIS_ROOT, 'data');
mkdirSync(dir, { recursive: true });
const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
let clock = start.getTime() + 60_000;
const server = path.join(import.meta.dirname, 'bench-lib/feed-server.ts');
const child = fork(server, [String(FEEDS), start.toISOString()], { stdio: 'inherit' });
const next = (): Promise<ServerReply> =>
  new Promise((resolve) => child.once('message', (m) => resolve(m as ServerReply)));
const ready = await next();
if (ready.type !== 'ready') throw new Error('the feed server did not start');
const feeds = Array.from({ length: FEEDS }, (_, i) => ({
  id: `feed-${i}`,
  name: `Feed ${i}`,
  url: `http://127.0.0.1:${ready.port}/feed/${i}`,
  intervalMinutes: 10,
}));
const bot = startBot(await loadBotCode(THIS_ROOT), 'bot', feeds, () => new Date(clock));
const session = new Session();
session.connect();
await session.post('Profiler.enable');

/** Profiles `work` to `file`; returns its CPU time in ms. */
async function profiled(file: string, work: () => Promise<void>): Promise<number> {
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(path.join(dir, file), JSON.stringify(profile));
  return (used.user + used.system) / 1000;
}

const first = await profiled('first-cycle.cpuprofile', async () => void (await bot.cycle()));
console.log(`first cycle, ${FEEDS} feeds: ${first.toFixed(0)} ms CPU (profiled), first-cycle.cpuprofile in ${dir}`);
let items = 0;
const drain = await profiled('backlog.cpuprofile', async () => void (items = await bot.drain()));
console.log(`recording its backlog (${items} items): ${drain.toFixed(0)} ms CPU (profiled), backlog.cpuprofile in ${dir}`);
const steady = await profiled('steady-cycle.cpuprofile', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    clock += 11 * 60_000;
    const advance: ServerRequest = { type: 'advance', at: new Date(clock).toISOString(), fraction: 0.05, newItems: 3 };
    child.send(advance);
    await next();
    await bot.cycle();
  }
});
console.log(`steady cycles: ${(steady / ROUNDS).toFixed(0)} ms CPU each (profiled), steady-cycle.cpuprofile in ${dir}`);
session.disconnect();
child.send({ type: 'stop' } satisfies ServerRequest);
await bot.close();
