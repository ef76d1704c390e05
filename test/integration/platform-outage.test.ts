// Slack and Discord down at start-up (issue 18 point 2): the real bot process keeps polling and storing,
// its alerts wait in the outbox, and they go out once each platform answers again (the fakes behind
// proxies that reset every connection while "down"). DRY_RUN=1 never touches a platform; only a token
// a platform rejects stops the start, naming the variable to fix.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoFeedServer, type DemoFeedServer } from '../../src/demo/feed-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord-api.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.ts';
import { APP_TOKEN, BOT_TOKEN, SECRETS } from '../fakes/fake-slack-setup.ts';
import { botChildren, markFeedsDue, startBot, writeFeedConfig } from '../helpers/bot-run.ts';
import { startOutageProxy, through, type OutageProxy } from '../helpers/outage-proxy.ts';
import { platformEnv } from '../helpers/platform-env.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const child of botChildren.splice(0)) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  server: DemoFeedServer;
  slack: FakeSlackApi;
  discord: FakeDiscord;
  slackProxy: OutageProxy;
  discordProxy: OutageProxy;
  dir: string;
  env: NodeJS.ProcessEnv;
}

async function rig(): Promise<Rig> {
  const server = await startDemoFeedServer({
    articlesPath: path.join(ROOT, 'config/demo/articles.yaml'),
    schedulePath: path.join(ROOT, 'config/demo/schedule.yaml'),
  });
  const slack = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: { C_ALERTS: { member: true } } });
  const discord = await startFakeDiscord();
  const slackProxy = await startOutageProxy(slack.apiUrl, { down: true });
  const discordProxy = await startOutageProxy(discord.apiUrl, { down: true });
  cleanups.push(() => server.close(), () => slack.close(), () => discord.close(), () => slackProxy.close(), () => discordProxy.close());
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-outage-'));
  const configPath = writeFeedConfig(dir, server.feeds);
  const env = {
    ...process.env,
    BREACHWATCH_CONFIG: configPath,
    ...platformEnv({ slackApiUrl: through(slackProxy, slack.apiUrl), discord, discordApiUrl: through(discordProxy, discord.apiUrl) }),
    LOG_LEVEL: 'info',
  };
  return { server, slack, discord, slackProxy, discordProxy, dir, env };
}

describe('breachwatch start while Slack and Discord are down', () => {
  it('runs without them, keeps the alerts in the outbox and posts each once when they come back', async () => {
    const { server, slack, discord, slackProxy, discordProxy, dir, env } = await rig();

    // DRY_RUN: no platform is even tried; the first poll records the feeds' past items.
    const dry = startBot({ ...env, DRY_RUN: '1' });
    await waitFor(() => /First poll: .*recorded without posting/.test(dry.output.stderr), 30_000, 'the first poll');
    expect(slackProxy.connections() + discordProxy.connections()).toBe(0);
    dry.child.kill('SIGTERM');
    expect(await dry.exited).toBe(0);

    // The stories are published; the bot starts with both platforms unreachable.
    server.setRound(server.roundCount - 1);
    const { DatabaseSync } = await import('node:sqlite');
    markFeedsDue(dir);
    const db = new DatabaseSync(path.join(dir, 'bw.db'));
    const bot = startBot(env);
    await waitFor(() => (bot.output.stderr.match(/New incident/g) ?? []).length === 3, 40_000, 'three incidents stored while the platforms are down');
    expect(bot.output.stderr).toMatch(/Slack is not available/);
    expect(bot.output.stderr).toMatch(/Discord is not available/);
    expect(bot.output.stderr).not.toMatch(/SLACK_BOT_TOKEN|DISCORD_TOKEN/);
    expect(slackProxy.connections()).toBeGreaterThan(0);
    const waiting = db.prepare("SELECT destination, status FROM outbox WHERE kind = 'alert' AND status IN ('pending', 'sending')").all();
    expect(waiting.filter((r) => String(r.destination).startsWith('slack:'))).toHaveLength(3);
    expect(waiting.filter((r) => String(r.destination).startsWith('discord:'))).toHaveLength(3);
    expect(slack.callsTo('chat.postMessage')).toEqual([]);

    slackProxy.up();
    discordProxy.up();
    const discordPosts = () => discord.requestsTo(/\/channels\/\d+\/messages$/, 'POST');
    const alertsIn = () => slack.callsTo('chat.postMessage').filter((c) => !c.args.thread_ts);
    const reconnected = () => /Connected to Slack/.test(bot.output.stderr) && /Connected to Discord/.test(bot.output.stderr);
    await waitFor(() => alertsIn().length >= 3 && discordPosts().length >= 4 && reconnected(), 40_000, 'the waiting alerts to go out');
    await new Promise((r) => setTimeout(r, 1000));
    expect(alertsIn()).toHaveLength(3);
    expect(discordPosts()).toHaveLength(4); // three alerts and the 47,000 count's reply
    expect(bot.child.exitCode).toBeNull();
    db.close();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    for (const secret of [...SECRETS, discord.token]) expect(bot.output.stderr).not.toContain(secret);
  }, 120_000);

  it('stops at start, naming the variable to fix, when a platform rejects its token', async () => {
    const { slackProxy, discordProxy, env } = await rig();
    slackProxy.up();
    discordProxy.up();
    const badSlack = startBot({ ...env, SLACK_BOT_TOKEN: 'xoxb-not-the-right-one' });
    expect(await badSlack.exited).toBe(1);
    expect(badSlack.output.stderr).toMatch(/Slack rejected SLACK_BOT_TOKEN/);
    const badDiscord = startBot({ ...env, DISCORD_TOKEN: 'not.the-right.token' });
    expect(await badDiscord.exited).toBe(1);
    expect(badDiscord.output.stderr).toMatch(/Discord rejected DISCORD_TOKEN/);
  }, 60_000);
});
