// Two bot processes (different instance ids) on one SQLite store, both ticking every second: each
// feed is fetched once per interval (an interval passing = the feeds marked due), whichever process
// holds the poll lease, and each incident is alerted once on each platform.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startFakeDiscord } from '../fakes/fake-discord-api.ts';
import { startFakeSlackApi } from '../fakes/fake-slack-api.ts';
import { APP_TOKEN, BOT_TOKEN } from '../fakes/fake-slack-setup.ts';
import { platformEnv } from '../helpers/platform-env.ts';
import { feedsInitialised, killAll, markFeedsDue, openDb, outboxStatus, startBot, writeBotConfig } from '../chaos/bot-process.ts';
import { expectedOutcome } from '../chaos/expected.ts';
import { planIncidents, seededRandom, startIncidentFeedServer } from '../chaos/incident-feeds.ts';
import { readStoreRecord, tallyDiscord, tallySlack } from '../chaos/tally.ts';
import { waitFor } from '../helpers/wait.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bw-two-'));
afterAll(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

it('fetches each feed once per interval and alerts each incident once with two pollers on one store', async () => {
  const plan = planIncidents({ incidents: 6, rounds: 5, random: seededRandom(5) });
  const expected = await expectedOutcome(plan);
  expect(expected.problems).toEqual([]);
  // Slow feeds, so that the two processes' ticks overlap a running cycle.
  const feeds = await startIncidentFeedServer(plan, { delayMs: () => 300 });
  const slack = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: { C_ALERTS: { member: true } } });
  const discord = await startFakeDiscord();
  const dbPath = path.join(dir, 'bw.db');
  const configPath = path.join(dir, 'breachwatch.yaml');
  writeBotConfig(configPath, { dbPath, feeds: feeds.feeds, tickCron: '* * * * * *' });
  const env = (instance: string): NodeJS.ProcessEnv => ({
    ...process.env,
    BREACHWATCH_CONFIG: configPath,
    BREACHWATCH_INSTANCE_ID: instance,
    ...platformEnv({ slackApiUrl: slack.apiUrl, discord }),
    LOG_LEVEL: 'debug',
    LOG_FORMAT: 'json',
  });
  try {
    const a = startBot(env('poller-a'));
    const b = startBot(env('poller-b'));
    await Promise.all([a.running(), b.running()]);
    const db = openDb(dbPath);
    const total = (): number => [...feeds.fetches.values()].reduce((n, v) => n + v, 0);
    try {
      await waitFor(() => feedsInitialised(db, feeds.feeds.length), 20_000, 'the first poll');
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // ticks of both processes: nothing is due
      const perInterval: number[][] = [[...feeds.fetches.values()]];
      for (let round = 1; round < plan.rounds; round += 1) {
        const before = new Map(feeds.fetches);
        feeds.setRound(round);
        markFeedsDue(db); // an interval has passed
        await waitFor(() => total() >= [...before.values()].reduce((n, v) => n + v, 0) + feeds.feeds.length, 20_000, `the polls of round ${round}`);
        await new Promise((resolve) => setTimeout(resolve, 2_500)); // more ticks of both: none may fetch again
        perInterval.push(feeds.feeds.map((f) => (feeds.fetches.get(f.id) ?? 0) - (before.get(f.id) ?? 0)));
      }
      expect(perInterval).toEqual(perInterval.map(() => feeds.feeds.map(() => 1)));
      await waitFor(() => {
        const status = outboxStatus(db);
        return !status.pending && !status.sending && (status.sent ?? 0) > 0;
      }, 30_000, 'the outbox to drain');
      const s = tallySlack(slack, expected.incidents, readStoreRecord(db, 'slack'));
      const d = tallyDiscord(discord, expected.incidents, readStoreRecord(db, 'discord'));
      expect(s.problems).toEqual([]);
      expect(d.problems).toEqual([]);
      expect(s.alertsSent).toBe(expected.incidents.length);
      expect(d.alertsSent).toBe(expected.incidents.length);
      // The schedules overlapped: a tick found the other process holding the poll lease.
      expect(a.output() + b.output()).toContain('poll:skipped');
    } finally {
      db.close();
    }
  } finally {
    await killAll();
    await feeds.close();
    await slack.close();
    await discord.close();
  }
}, 120_000);
