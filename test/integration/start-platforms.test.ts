// `breachwatch start` with Slack and Discord configured only through environment variables: the real
// process connects to a fake Slack (Socket Mode) and a fake Discord (REST + gateway) on 127.0.0.1,
// posts each alert once to each platform's default channel, updates it as later articles arrive, and
// never prints its tokens.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoFeedServer, type DemoFeedServer } from '../../src/demo/feed-server.ts';
import { botChildren, markFeedsDue, startBot, writeFeedConfig } from '../helpers/bot-run.ts';
import { DISCORD_CHANNEL, platformEnv } from '../helpers/platform-env.ts';
import { waitFor } from '../helpers/wait.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord-api.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.ts';
import { APP_TOKEN, BOT_TOKEN, SECRETS } from '../fakes/fake-slack-setup.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let server: DemoFeedServer | null = null;
let slack: FakeSlackApi | null = null;
let discord: FakeDiscord | null = null;

afterEach(async () => {
  for (const child of botChildren.splice(0)) child.kill('SIGKILL');
  await server?.close();
  await slack?.close();
  await discord?.close();
  server = null;
  slack = null;
  discord = null;
});


describe('breachwatch start with Slack and Discord', () => {
  it('posts each incident once to each platform and threads the updates', async () => {
    server = await startDemoFeedServer({
      articlesPath: path.join(ROOT, 'config/demo/articles.yaml'),
      schedulePath: path.join(ROOT, 'config/demo/schedule.yaml'),
    });
    slack = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: { C_ALERTS: { member: true } } });
    discord = await startFakeDiscord();
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-slack-'));
    const configPath = writeFeedConfig(dir, server.feeds);

    // Publish everything before the first poll, but after the flood guard has seen round 0.
    const env = {
      ...process.env,
      BREACHWATCH_CONFIG: configPath,
      ...platformEnv({ slackApiUrl: slack.apiUrl, discord }),
      LOG_LEVEL: 'debug',
    };
    const first = startBot(env);
    const output = first.output;
    await waitFor(() => /First poll: .*recorded without posting/.test(output.stderr));
    expect(output.stderr).toMatch(/Connected to Slack \(Socket Mode\)/);
    expect(output.stderr).toMatch(/Connected to Discord/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // While it is down, the stories are published; the restarted bot posts them.
    server.setRound(server.roundCount - 1);
    markFeedsDue(dir);
    const second = startBot(env);
    const discordPosts = () => discord!.requestsTo(/\/channels\/\d+\/messages$/, 'POST');
    const discordEdits = () => discord!.requestsTo(/\/channels\/\d+\/messages\/\d+$/, 'PATCH');
    await waitFor(() => slack!.callsTo('chat.postMessage').length >= 4 && slack!.callsTo('chat.update').length >= 2 && discordPosts().length >= 4 && discordEdits().length >= 2);
    await new Promise((r) => setTimeout(r, 500));
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);

    const alerts = slack.callsTo('chat.postMessage').filter((c) => !c.args.thread_ts);
    expect(alerts).toHaveLength(3);
    expect(alerts.every((c) => c.args.channel === 'C_ALERTS')).toBe(true);
    expect(slack.callsTo('chat.update')).toHaveLength(2);
    const threaded = slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts);
    expect(threaded).toHaveLength(1); // the 47,000 count; the third report adds no new facts
    // Discord: three alerts and one reply (the 47,000 count), each with a nonce; two edits.
    expect(discordPosts()).toHaveLength(4);
    expect(discordEdits()).toHaveLength(2);
    expect(discord.messages.filter((m) => m.channel_id === DISCORD_CHANNEL)).toHaveLength(4);
    expect(discord.violations).toEqual([]);
    expect(second.output.stdout).toBe(''); // nothing went to the console
    for (const secret of [...SECRETS, discord.token]) expect(second.output.stderr).not.toContain(secret);
  }, 60_000);
});
