// `breachwatch start` behind a proxy, configured only by HTTP_PROXY (with a login) in the environment it
// is given: the real process logs where requests go (without the password), fetches its feeds and
// reaches the fake Slack and Discord APIs through the loopback test proxy, and never prints the password.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoFeedServer, type DemoFeedServer } from '../../src/demo/feed-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord-api.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.ts';
import { APP_TOKEN, BOT_TOKEN } from '../fakes/fake-slack-setup.ts';
import { botChildren, startBot, writeFeedConfig } from '../helpers/bot-run.ts';
import { startTestProxy, type TestProxy } from '../helpers/http-proxy.ts';
import { platformEnv } from '../helpers/platform-env.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'corp-Proxy-Pa55';
let server: DemoFeedServer | null = null;
let slack: FakeSlackApi | null = null;
let discord: FakeDiscord | null = null;
let proxy: TestProxy | null = null;

afterEach(async () => {
  for (const child of botChildren.splice(0)) child.kill('SIGKILL');
  await server?.close();
  await slack?.close();
  await discord?.close();
  await proxy?.close();
  server = slack = discord = proxy = null;
});

describe('breachwatch start behind a proxy', () => {
  it('sends feeds, Slack and Discord API calls through HTTP_PROXY and logs the proxy without its password', async () => {
    server = await startDemoFeedServer({
      articlesPath: path.join(ROOT, 'config/demo/articles.yaml'),
      schedulePath: path.join(ROOT, 'config/demo/schedule.yaml'),
    });
    slack = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: { C_ALERTS: { member: true } } });
    discord = await startFakeDiscord();
    proxy = await startTestProxy({ credentials: `bw:${PASSWORD}` });
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-proxy-'));
    const env = {
      ...process.env,
      BREACHWATCH_CONFIG: writeFeedConfig(dir, server.feeds),
      ...platformEnv({ slackApiUrl: slack.apiUrl, discord }),
      LOG_LEVEL: 'debug',
      http_proxy: '',
      https_proxy: '',
      HTTPS_PROXY: '',
      HTTP_PROXY: `http://bw:${PASSWORD}@127.0.0.1:${proxy.port}`,
      no_proxy: '',
      NO_PROXY: 'intranet.example',
    };
    const run = startBot(env);
    await waitFor(() => /First poll: .*recorded without posting/.test(run.output.stderr) && /Connected to Discord/.test(run.output.stderr));
    expect(run.output.stderr).toContain(
      `Proxy: https:// requests go directly (HTTPS_PROXY not set); http:// requests go via http://127.0.0.1:${proxy.port} ` +
        '(HTTP_PROXY, with credentials); NO_PROXY: intranet.example.',
    );
    expect(run.output.stderr).toMatch(/Connected to Slack \(Socket Mode\)/);
    expect(run.output.stderr).toMatch(/gateway WebSocket cannot/);

    const auth = `Basic ${Buffer.from(`bw:${PASSWORD}`).toString('base64')}`;
    expect(proxy.requests.every((r) => r.proxyAuthorization === auth)).toBe(true);
    const targets = proxy.requests.map((r) => `${r.method} ${r.target}`);
    for (const feed of server.feeds) expect(targets).toContain(`GET ${feed.url}`);
    expect(targets).toContain(`CONNECT ${new URL(slack.apiUrl).host}`);
    expect(targets).toContain(`CONNECT ${new URL(discord.apiUrl).host}`);
    expect(`${run.output.stdout}${run.output.stderr}`).not.toContain(PASSWORD);
    expect(`${run.output.stdout}${run.output.stderr}`).not.toContain(auth.slice(6));
  });
});
