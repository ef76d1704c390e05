// `npm run bench:pipeline [-- --feeds 2000] [--rounds 7] [--first-rounds 3] [--fill 100000] [--baseline <checkout>]`
// What a poll cycle of the real bot costs against what polling itself costs (issue 21 points 1 and 2). A
// loopback feed server (a child process, so its CPU is not counted here) serves N feeds: generated UK news
// feeds of 50 items and, one in ten, real-world peer feeds (scripts/bench-lib/). In this one process, taking
// turns in every round (the order rotates), each of these does the same work against the same server state:
// - the bot: the project's runCycle over a real SQLite store, with the real classifier (bench-lib/bot.ts);
// - the bot over a store that already holds --fill articles (filled through the project's own code);
// - with --baseline, another checkout's bot, fresh and filled (an A/B in one run);
// - a bare poller: the same conditional GETs with node:http, a connection per request as the bot makes them,
//   and rss-parser's parseString of each 200; and the same with fetch, whose pool keeps the connection to the
//   bench's one loopback host open (real feeds are on many hosts, polled minutes apart: the target is set
//   against the first; see bench-lib/bare.ts);
// - bare parsing: parseString of the bytes the bare poller got, without HTTP.
// The first cycle (every feed answers 200; the bot keeps the items in its backlog, as on a first poll) is measured
// after one untimed first cycle of every contestant, over --first-rounds rounds, each bot on a new store, and beside
// it, separately, the work of recording that backlog (classify, cluster, store: what the bot does between cycles,
// docs/adr/024-first-poll-backlog.md; a checkout from before records the items within the first cycle and has no
// backlog). Steady cycles (--new-share of the feeds get --new-items new items each, the rest answer 304) over
// --rounds rounds after one untimed warm-up round, once every bot's backlog is recorded.
// CPU is process.cpuUsage (this process: the pollers), wall time beside it. Ratios are medians of each round's
// ratio (both sides measured in the same round). Writes the JSON result to --out (default data/).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FeedSource } from '../src/pipeline/poll-feed.ts';
import type { CycleReport } from '../src/pipeline/run-cycle.ts';
import { bareParse, barePoller } from './bench-lib/bare.ts';
import { loadBotCode, startBot, THIS_ROOT, type Bot, type BotCode } from './bench-lib/bot.ts';
import type { ServerReply, ServerRequest } from './bench-lib/feed-server.ts';
import { fillStore } from './bench-lib/fill-store.ts';
import { loadStoryPool } from './bench-lib/news-feeds.ts';

const { values: args } = parseArgs({
  options: {
    feeds: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '7' },
    'first-rounds': { type: 'string', default: '3' },
    fill: { type: 'string', default: '100000' },
    'new-share': { type: 'string', default: '0.05' },
    'new-items': { type: 'string', default: '3' },
    baseline: { type: 'string' },
    out: { type: 'string' },
  },
});
const FEEDS = Number(args.feeds);
const ROUNDS = Number(args.rounds);
const FIRST_ROUNDS = Number(args['first-rounds']);
const FILL = Number(args.fill);
const NEW_SHARE = Number(args['new-share']);
const NEW_ITEMS = Number(args['new-items']);
const CONCURRENCY = 4; // poll.maxConcurrentFetches' default, for the bare poller too
const INTERVAL_MINUTES = 10;
const TARGETS = { first: 1.5, steady: 2, growth: 1.2 } as const;

interface Sample {
  cpuMs: number;
  wallMs: number;
}

async function measure(work: () => Promise<unknown>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

/** The feed server, with a request/reply over IPC. */
async function startServer(start: Date): Promise<{ port: number; peerFeeds: number; ask: (r: ServerRequest) => Promise<ServerReply>; child: ChildProcess }> {
  const child = fork(path.join(import.meta.dirname, 'bench-lib/feed-server.ts'), [String(FEEDS), start.toISOString()], { stdio: 'inherit' });
  const next = (): Promise<ServerReply> => new Promise((resolve) => child.once('message', (m) => resolve(m as ServerReply)));
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('the feed server did not start');
  return { port: ready.port, peerFeeds: ready.peerFeeds, child, ask: (request) => (child.send(request), next()) };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
/** Each round's ratio a/b, then their median. */
const pairedRatio = (a: readonly Sample[], b: readonly Sample[]): number => median(a.map((s, i) => s.cpuMs / (b[i]?.cpuMs ?? Number.NaN)));
/** Runs the contestants in an order that rotates with the round. */
async function inTurns(round: number, contestants: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (let i = 0; i < contestants.length; i++) await contestants[(i + round) % contestants.length]!();
}

function checkReport(name: string, report: CycleReport, expectNew: number | null): void {
  if (!report.ran) throw new Error(`${name}: the cycle did not run (lease)`);
  if (report.failed > 0) console.warn(`${name}: ${report.failed} feed(s) failed`);
  if (expectNew !== null && report.newArticles !== expectNew) console.warn(`${name}: ${report.newArticles} new articles, expected ${expectNew}`);
}

async function main(): Promise<void> {
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  let clock = start.getTime() + 60_000;
  const now = (): Date => new Date(clock);
  const server = await startServer(start);
  const feeds: FeedSource[] = Array.from({ length: FEEDS }, (_, i) => ({
    id: `feed-${i}`,
    name: `Feed ${i}`,
    url: `http://127.0.0.1:${server.port}/feed/${i}`,
    intervalMinutes: INTERVAL_MINUTES,
  }));
  const urls = feeds.map((f) => f.url);
  const codes: Array<{ label: string; code: BotCode }> = [{ label: 'this', code: await loadBotCode(THIS_ROOT) }];
  if (args.baseline) codes.push({ label: 'baseline', code: await loadBotCode(path.resolve(args.baseline)) });
  console.log(`bench:pipeline — ${FEEDS} feeds (${server.peerFeeds} real-world peer feeds), Node ${process.version}; bots: ${codes.map((c) => `${c.label} (${c.code.root})`).join(', ')}`);

  // An untimed first cycle of every contestant (each bot on a store it then drops, its backlog not recorded): the
  // code they share (sax, node:http, URL, SQLite) is warm before any is measured, as the steady rounds' warm-up does;
  // else the first round's first contestant (always this checkout's bot) pays for it.
  for (const { code } of codes) {
    const warm = startBot(code, 'warm-up', feeds, now);
    checkReport('warm-up', await warm.cycle(), null);
    await warm.close();
  }
  await bareParse(await barePoller(urls, CONCURRENCY).poll());
  await barePoller(urls, CONCURRENCY, true).poll();

  // First cycles: every feed answers 200.
  const first: Record<string, Sample[]> = { 'bare poller': [], 'bare poller (fetch, pooled)': [], 'bare parse': [] };
  /** Per bot: the CPU of recording its first cycle's backlog, measured apart from the cycle. */
  const drains: Record<string, Sample[]> = {};
  const drained: Record<string, number> = {};
  const fresh = new Map<string, Bot>();
  for (let round = 0; round < FIRST_ROUNDS; round++) {
    const last = round === FIRST_ROUNDS - 1;
    const bots = codes.map(({ label, code }) => async () => {
      const bot = startBot(code, `bot (${label})`, feeds, now);
      let report: CycleReport | null = null;
      (first[bot.name] ??= []).push(await measure(async () => (report = await bot.cycle())));
      checkReport(bot.name, report!, null);
      let items = 0;
      (drains[bot.name] ??= []).push(await measure(async () => (items = await bot.drain())));
      drained[bot.name] = items;
      if (last) fresh.set(label, bot);
      else await bot.close();
    });
    await inTurns(round, [...bots, async () => {
      let bodies: string[] = [];
      first['bare poller']!.push(await measure(async () => (bodies = await barePoller(urls, CONCURRENCY).poll())));
      first['bare parse']!.push(await measure(() => bareParse(bodies)));
    }, async () => {
      first['bare poller (fetch, pooled)']!.push(await measure(() => barePoller(urls, CONCURRENCY, true).poll()));
    }]);
    console.log(`first cycle, round ${round + 1}/${FIRST_ROUNDS}: ${Object.entries(first).map(([k, v]) => `${k} ${Math.round(v.at(-1)!.cpuMs)} ms`).join(', ')}`);
    console.log(`  then recording the backlog: ${Object.entries(drains).map(([k, v]) => `${k} ${Math.round(v.at(-1)!.cpuMs)} ms (${drained[k]} items)`).join(', ')}`);
  }

  // Bots over a store that holds FILL articles, then brought up to date by an untimed first cycle.
  // Each checkout fills its own store (its schema, its classifier), with the same generated articles.
  const grown = new Map<string, Bot>();
  if (FILL > 0) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-bench-fill-'));
    for (const { label, code } of codes) {
      const filled = path.join(dir, `filled-${label}.db`);
      const store = code.openStore(filled);
      const took = await measure(() => fillStore(store, code, loadStoryPool(), { count: FILL, feeds: FEEDS, now: now() }));
      await store.close();
      console.log(`${label}: filled a store with ${FILL} articles in ${(took.wallMs / 1000).toFixed(0)} s`);
      const bot = startBot(code, `bot (${label}) at ${FILL} articles`, feeds, now, filled);
      checkReport(bot.name, await bot.cycle(), null);
      await bot.drain();
      grown.set(label, bot);
    }
    rmSync(dir, { recursive: true, force: true });
  }

  // Steady cycles: a share of the feeds have new items, the rest answer 304.
  const bots = [...fresh.values(), ...grown.values()];
  const poller = barePoller(urls, CONCURRENCY);
  const pooled = barePoller(urls, CONCURRENCY, true);
  await poller.poll();
  await pooled.poll();
  const steady: Record<string, Sample[]> = { 'bare poller': [], 'bare poller (fetch, pooled)': [], 'bare parse': [] };
  const profile = await startProfile();
  for (let round = -1; round < ROUNDS; round++) {
    clock += (INTERVAL_MINUTES + 1) * 60_000;
    const reply = await server.ask({ type: 'advance', at: now().toISOString(), fraction: NEW_SHARE, newItems: NEW_ITEMS });
    const changed = reply.type === 'advanced' ? reply.changed : 0;
    const record = (name: string, sample: Sample): void => {
      if (round >= 0) (steady[name] ??= []).push(sample);
    };
    await inTurns(round + 1, [
      ...bots.map((bot) => async () => {
        let report: CycleReport | null = null;
        record(bot.name, await measure(async () => (report = await bot.cycle())));
        checkReport(bot.name, report!, changed * NEW_ITEMS);
      }),
      async () => {
        let bodies: string[] = [];
        record('bare poller', await measure(async () => (bodies = await poller.poll())));
        record('bare parse', await measure(() => bareParse(bodies)));
      },
      async () => record('bare poller (fetch, pooled)', await measure(() => pooled.poll())),
    ]);
    if (round >= 0) console.log(`steady cycle, round ${round + 1}/${ROUNDS} (${changed} feeds changed): ${Object.entries(steady).map(([k, v]) => `${k} ${Math.round(v.at(-1)!.cpuMs)} ms`).join(', ')}`);
  }
  await profile?.();
  server.child.send({ type: 'stop' } satisfies ServerRequest);
  for (const bot of bots) await bot.close();

  const result = report(first, drains, drained, steady, codes.map((c) => c.label), server.peerFeeds);
  const out = args.out ?? path.join(THIS_ROOT, 'data', `bench-pipeline-${FEEDS}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`JSON result: ${out}`);
  process.exitCode = result.ok ? 0 : 1;
}

/** BENCH_PROFILE=<file.cpuprofile>: a CPU profile of the steady rounds (every contestant), for node --cpu-prof's viewers. */
async function startProfile(): Promise<(() => Promise<void>) | null> {
  const file = process.env['BENCH_PROFILE'];
  if (!file) return null;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

function report(
  first: Record<string, Sample[]>,
  drains: Record<string, Sample[]>,
  drained: Record<string, number>,
  steady: Record<string, Sample[]>,
  labels: readonly string[],
  peerFeeds: number,
): { ok: boolean } & Record<string, unknown> {
  const summary = (samples: Record<string, Sample[]>): Record<string, { cpuMs: number; wallMs: number; rounds: Sample[] }> =>
    Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { cpuMs: median(v.map((s) => s.cpuMs)), wallMs: median(v.map((s) => s.wallMs)), rounds: v }]));
  const ratios: Record<string, { ratio: number; target: number | null; against: string }> = {};
  const line = (name: string, value: number, target: number | null, against: string): void => {
    ratios[name] = { ratio: value, target, against };
    const verdict = target === null ? '' : value <= target ? `  ok (target <= ${target}x)` : `  MISS (target <= ${target}x)`;
    console.log(`  ${name.padEnd(52)} ${value.toFixed(2)}x ${against}${verdict}`);
  };
  const table = (title: string, samples: Record<string, Sample[]>): void => {
    console.log(title);
    for (const [name, s] of Object.entries(summary(samples))) console.log(`  ${name.padEnd(40)} ${Math.round(s.cpuMs).toString().padStart(7)} ms CPU ${Math.round(s.wallMs).toString().padStart(7)} ms wall (median)`);
  };
  table(`\nfirst cycle (${FEEDS} feeds, every one 200, items kept in the backlog, or recorded quietly by a checkout without one; ${FIRST_ROUNDS} rounds)`, first);
  table('recording the first cycle\'s backlog (between cycles; 0 for a checkout without one)', drains);
  table(`steady cycle (${Math.round(NEW_SHARE * 100)}% of feeds with ${NEW_ITEMS} new items, the rest 304; ${ROUNDS} rounds)`, steady);
  console.log('\nratios of CPU (median of the rounds\' ratios)');
  for (const label of labels) {
    const bot = `bot (${label})`;
    line(`first cycle, ${bot}`, pairedRatio(first[bot]!, first['bare poller']!), label === 'this' ? TARGETS.first : null, 'bare poller');
    line(`first cycle, ${bot}`, pairedRatio(first[bot]!, first['bare poller (fetch, pooled)']!), null, 'bare poller (fetch, pooled)');
    line(`first cycle, ${bot}`, pairedRatio(first[bot]!, first['bare parse']!), null, 'bare parse');
    if ((drained[bot] ?? 0) > 0) {
      line(`recording the backlog, ${bot}`, pairedRatio(drains[bot]!, first['bare poller']!), null, 'bare poller\'s first cycle');
      const whole = first[bot]!.map((s, i) => ({ cpuMs: s.cpuMs + (drains[bot]?.[i]?.cpuMs ?? 0), wallMs: s.wallMs + (drains[bot]?.[i]?.wallMs ?? 0) }));
      line(`first cycle and its backlog, ${bot}`, pairedRatio(whole, first['bare poller']!), null, 'bare poller');
      if (labels.includes('baseline')) line(`first cycle and its backlog, ${bot}`, pairedRatio(whole, first['bot (baseline)']!), null, 'bot (baseline) first cycle');
    }
    line(`steady cycle, ${bot}`, pairedRatio(steady[bot]!, steady['bare poller']!), label === 'this' ? TARGETS.steady : null, 'bare poller');
    line(`steady cycle, ${bot}`, pairedRatio(steady[bot]!, steady['bare poller (fetch, pooled)']!), null, 'bare poller (fetch, pooled)');
    line(`steady cycle, ${bot}`, pairedRatio(steady[bot]!, steady['bare parse']!), null, 'bare parse');
    const grown = `${bot} at ${FILL} articles`;
    if (steady[grown]) {
      line(`steady cycle, ${grown}`, pairedRatio(steady[grown], steady['bare poller']!), null, 'bare poller');
      line(`steady cycle, ${grown}`, pairedRatio(steady[grown], steady[bot]!), label === 'this' ? TARGETS.growth : null, 'fresh store');
    }
  }
  if (labels.includes('baseline')) {
    line('steady cycle, bot (this)', pairedRatio(steady['bot (this)']!, steady['bot (baseline)']!), null, 'bot (baseline)');
    line('first cycle, bot (this)', pairedRatio(first['bot (this)']!, first['bot (baseline)']!), null, 'bot (baseline)');
  }
  const ok = Object.values(ratios).every((r) => r.target === null || r.ratio <= r.target);
  return {
    ok,
    node: process.version,
    feeds: FEEDS,
    peerFeeds,
    fill: FILL,
    newShare: NEW_SHARE,
    newItems: NEW_ITEMS,
    targets: TARGETS,
    ratios,
    first: summary(first),
    backlog: { ...summary(drains), items: drained },
    steady: summary(steady),
  };
}

await main();
