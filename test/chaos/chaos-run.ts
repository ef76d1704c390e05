// The chaos harness: the real bot against loopback feeds that publish incidents round by round and
// the fake Slack (Socket Mode) and Discord (REST + gateway) behind latency proxies, SIGKILLed at random
// moments (during start-up, mid-poll, mid-send: before the platform saw a request or after it applied
// it but before the answer arrived) and restarted, then left to finish. What the fakes hold is then
// compared with what a run without faults posts. Used by `npm run chaos` and test/chaos/chaos.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord-api.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.ts';
import { APP_TOKEN, BOT_TOKEN } from '../fakes/fake-slack-setup.ts';
import { platformEnv } from '../helpers/platform-env.ts';
import { feedsInitialised, killAll, killHard, markFeedsDue, openDb, outboxStatus, startBot, writeBotConfig, type BotProcess } from './bot-process.ts';
import { expectedOutcome } from './expected.ts';
import { planIncidents, seededRandom, startIncidentFeedServer, type IncidentFeedServer } from './incident-feeds.ts';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.ts';
import { readStoreRecord, tallyDiscord, tallySlack, type PlatformTally } from './tally.ts';

export const KILL_MOMENTS = ['startup', 'random', 'mid-poll', 'mid-send-request', 'mid-send-applied'] as const;
export type KillMoment = (typeof KILL_MOMENTS)[number];

export interface ChaosOptions {
  seed: number;
  kills: number;
  incidents?: number;
  rounds?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface ChaosResult {
  seed: number;
  kills: number;
  killsByMoment: Record<KillMoment, number>;
  /** Kills whose moment did not come within the wait, so they happened at a random moment instead. */
  fallbackKills: number;
  incidents: number;
  updatesExpected: number;
  slack: PlatformTally;
  discord: PlatformTally;
  /** Planned breach reports the store does not hold with an incident (lost before the outbox). */
  missingArticles: string[];
  outbox: Record<string, number>;
  quiescent: boolean;
  elapsedMs: number;
  ok: boolean;
}

const SEND = /chat\.postMessage|chat\.update|\/channels\/\d+\/messages/;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await sleep(100);
  }
  return true;
}

interface Rig {
  feeds: IncidentFeedServer;
  slack: FakeSlackApi;
  discord: FakeDiscord;
  proxies: LatencyProxy[];
}

/** Kills `bot` at the given moment; returns true when that moment came, false when it fell back to a timer. */
async function killAt(moment: KillMoment, bot: BotProcess, rig: Rig, wait: number, fallbackMs: number): Promise<boolean> {
  if (moment === 'startup') {
    await sleep(wait);
    await killHard(bot);
    return true;
  }
  await bot.running();
  if (moment === 'random') {
    await sleep(wait);
    await killHard(bot);
    return true;
  }
  let hit = false;
  const kill = (): void => {
    if (hit) return;
    hit = true;
    bot.child.kill('SIGKILL');
  };
  if (moment === 'mid-poll') {
    rig.feeds.onRequest = () => setTimeout(kill, wait % 60);
  } else {
    const stage = moment === 'mid-send-request' ? 'request' : 'applied';
    for (const proxy of rig.proxies) proxy.onEvent = (s, _method, p) => (s === stage && SEND.test(p) ? kill() : undefined);
  }
  await Promise.race([bot.exited, sleep(fallbackMs)]);
  rig.feeds.onRequest = null;
  for (const proxy of rig.proxies) proxy.onEvent = null;
  const came = hit;
  await killHard(bot);
  return came;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const rounds = options.rounds ?? 10;
  const plan = planIncidents({ incidents: options.incidents ?? 16, rounds, random: seededRandom(options.seed) });
  const expected = await expectedOutcome(plan);
  if (expected.problems.length > 0) throw new Error(`The generated plan does not classify as intended:\n${expected.problems.join('\n')}`);
  const schedule = seededRandom(options.seed + 1);
  const latency = seededRandom(options.seed + 2);
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-chaos-'));
  const dbPath = path.join(dir, 'bw.db');
  const configPath = path.join(dir, 'breachwatch.yaml');
  const rig: Rig = {
    feeds: await startIncidentFeedServer(plan, { delayMs: () => (latency() < 0.5 ? Math.floor(latency() * 120) : 0) }),
    slack: await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: { C_ALERTS: { member: true } } }),
    discord: await startFakeDiscord(),
    proxies: [],
  };
  const delay = (): number => Math.floor(latency() * 250);
  const slackProxy = await startLatencyProxy(`http://127.0.0.1:${rig.slack.port}`, delay);
  const discordProxy = await startLatencyProxy(new URL(rig.discord.apiUrl).origin, delay);
  rig.proxies.push(slackProxy, discordProxy);
  writeBotConfig(configPath, { dbPath, feeds: rig.feeds.feeds, tickCron: '* * * * * *' });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BREACHWATCH_CONFIG: configPath,
    BREACHWATCH_INSTANCE_ID: 'chaos',
    ...platformEnv({ slackApiUrl: `${slackProxy.origin}/api/`, discord: rig.discord, discordApiUrl: `${discordProxy.origin}/api` }),
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
  const killsByMoment = Object.fromEntries(KILL_MOMENTS.map((m) => [m, 0])) as Record<KillMoment, number>;
  let fallbackKills = 0;
  let quiescent = false;
  let outbox: Record<string, number> = {};
  let slack: PlatformTally | null = null;
  let discord: PlatformTally | null = null;
  const missing: string[] = [];
  const db = openDb(dbPath);
  try {
    // Round 0 (older, unrelated items) must be recorded by a first poll before anything is published.
    let bot = startBot(env);
    await bot.running();
    if (!(await waitUntil(() => feedsInitialised(db, rig.feeds.feeds.length), 30_000))) throw new Error(`the first poll did not finish:\n${bot.output().slice(-3000)}`);
    const killsPerRound = Math.max(1, Math.floor(options.kills / (rounds - 1)));
    for (let k = 0; k < options.kills; k += 1) {
      if (k % killsPerRound === 0 && rig.feeds.round < rounds - 1) {
        rig.feeds.setRound(rig.feeds.round + 1);
        markFeedsDue(db);
      } else if (schedule() < 0.5) {
        markFeedsDue(db);
      }
      const moment = KILL_MOMENTS[Math.floor(schedule() * KILL_MOMENTS.length)] ?? 'random';
      const wait = moment === 'startup' ? 200 + Math.floor(schedule() * 2500) : Math.floor(schedule() * 2500);
      killsByMoment[moment] += 1;
      if (!(await killAt(moment, bot, rig, wait, 4_000))) fallbackKills += 1;
      if ((k + 1) % 10 === 0) log(`  ${k + 1} kills, round ${rig.feeds.round}/${rounds - 1}, outbox ${JSON.stringify(outboxStatus(db))}`);
      bot = startBot(env);
    }
    // Publish the rest, let an interval pass, and let the bot finish in peace.
    rig.feeds.setRound(rounds - 1);
    await bot.running();
    log('  letting the bot run to quiescence…');
    const markedAt = new Date().toISOString();
    markFeedsDue(db);
    const polledSince = db.prepare('SELECT COUNT(*) AS n FROM feed_state WHERE last_success_at >= ?');
    const lease = db.prepare("SELECT COUNT(*) AS n FROM leases WHERE name = 'poll-cycle'");
    // The first poll's past items (round 0) are recorded between polls (ADR 024), kills or not.
    const backlog = db.prepare('SELECT COUNT(*) AS n FROM backlog');
    let stableSince = 0;
    quiescent = await waitUntil(() => {
      // Time passes: retries and updates waiting for their alert become due now.
      db.exec("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE status = 'pending'");
      outbox = outboxStatus(db);
      const polled = Number((polledSince.get(markedAt) as { n: number }).n) >= rig.feeds.feeds.length;
      const idle = Number((lease.get() as { n: number }).n) === 0;
      const recorded = Number((backlog.get() as { n: number }).n) === 0;
      const done = polled && idle && recorded && !outbox.pending && !outbox.sending;
      stableSince = done ? stableSince || Date.now() : 0;
      return done && Date.now() - stableSince > 3_000;
    }, 120_000);
    bot.child.kill('SIGTERM');
    await Promise.race([bot.exited, sleep(5_000)]);
    await killHard(bot);
    outbox = outboxStatus(db);
    slack = tallySlack(rig.slack, expected.incidents, readStoreRecord(db, 'slack'));
    discord = tallyDiscord(rig.discord, expected.incidents, readStoreRecord(db, 'discord'));
    // Nothing lost before the outbox: every planned breach report is stored with an incident.
    const stored = db.prepare('SELECT COUNT(*) AS n FROM articles WHERE url = ? AND incident_id IS NOT NULL');
    const storedAtAll = db.prepare('SELECT COUNT(*) AS n FROM articles WHERE url = ?');
    for (const a of plan.articles) {
      if (a.kind !== 'noise' && Number((stored.get(a.link) as { n: number }).n) !== 1) missing.push(`article not stored with its incident: ${a.title}`);
      if (a.kind === 'noise' && a.round === 0 && Number((storedAtAll.get(a.link) as { n: number }).n) !== 1) missing.push(`first poll's item not stored once: ${a.title}`);
    }
  } finally {
    db.close();
    await killAll();
    await Promise.all(rig.proxies.map((p) => p.close()));
    await rig.feeds.close();
    await rig.slack.close();
    await rig.discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!slack || !discord) throw new Error('the run ended without a tally');
  const clean = (t: PlatformTally): boolean => t.problems.length === 0;
  return {
    seed: options.seed,
    kills: options.kills,
    killsByMoment,
    fallbackKills,
    incidents: expected.incidents.length,
    updatesExpected: expected.incidents.reduce((n, e) => n + e.updates, 0),
    slack,
    discord,
    missingArticles: missing,
    outbox,
    quiescent,
    elapsedMs: Date.now() - started,
    ok: quiescent && clean(slack) && clean(discord) && missing.length === 0 && !outbox.poison && !outbox.pending && !outbox.sending,
  };
}

export function formatChaosResult(r: ChaosResult): string {
  const row = (name: string, t: PlatformTally): string =>
    `${name.padEnd(8)} alerts expected ${t.alertsExpected}, sent ${t.alertsSent}, duplicates ${t.alertDuplicates}, lost ${t.alertsLost} | ` +
    `updates expected ${t.updatesExpected}, applied ${t.updatesApplied} | thread replies expected ${t.repliesExpected}, sent ${t.repliesSent}, duplicates ${t.replyDuplicates}, lost ${t.repliesLost}`;
  return [
    `seed ${r.seed}: ${r.kills} kills (${KILL_MOMENTS.map((m) => `${m} ${r.killsByMoment[m]}`).join(', ')}; ${r.fallbackKills} fell back to a timer) in ${Math.round(r.elapsedMs / 1000)} s`,
    `incidents ${r.incidents}, updates ${r.updatesExpected}; articles lost ${r.missingArticles.length}; outbox at the end ${JSON.stringify(r.outbox)}; quiescent ${r.quiescent}`,
    row('slack', r.slack),
    row('discord', r.discord),
    ...[...r.missingArticles, ...r.slack.problems, ...r.discord.problems].map((p) => `  PROBLEM ${p}`),
    r.ok ? 'OK: nothing lost, nothing doubled' : 'FAILED',
  ].join('\n');
}
