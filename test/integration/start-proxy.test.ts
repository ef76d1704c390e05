// `breachwatch start` behind a proxy, configured only by HTTP_PROXY (with a login) in the environment it
// is given: the real process logs where requests go (without the password), fetches its feeds and
// reaches the fake Slack and Discord APIs through the loopback test proxy, and never prints the password.
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The bot started with HTTP_PROXY (and a login) in its environment, the fakes and the proxy running. */
async function startBehindProxy(extra: NodeJS.ProcessEnv = {}) {
  server = await startDemoFeedServer({
    articlesPath: path.join(ROOT, 'config/demo/articles.yaml'),
    schedulePath: path.join(ROOT, 'config/demo/schedule.yaml'),
  });
  slack = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: { C_ALERTS: { member: true } } });
  discord = await startFakeDiscord();
  proxy = await startTestProxy({ credentials: `bw:${PASSWORD}` });
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-proxy-'));
  const run = startBot({
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
    ...extra,
  });
  return { run, server, slack, discord, proxy };
}

const AUTH = `Basic ${Buffer.from(`bw:${PASSWORD}`).toString('base64')}`;

describe('breachwatch start behind a proxy', () => {
  it('sends feeds, Slack and Discord API calls through HTTP_PROXY and logs the proxy without its password', async () => {
    const { run, server, slack, discord, proxy } = await startBehindProxy();
    await waitFor(() => /First poll: .*recorded without posting/.test(run.output.stderr) && /Connected to Discord/.test(run.output.stderr), 50_000);
    expect(run.output.stderr).toContain(
      `Proxy: https:// requests go directly (HTTPS_PROXY not set); http:// requests go via http://127.0.0.1:${proxy.port} ` +
        '(HTTP_PROXY, with credentials); NO_PROXY: intranet.example.',
    );
    expect(run.output.stderr).toMatch(/Connected to Slack \(Socket Mode\)/);
    expect(run.output.stderr).toMatch(/gateway WebSocket cannot/);
    expect(proxy.requests.every((r) => r.proxyAuthorization === AUTH)).toBe(true);
    const targets = proxy.requests.map((r) => `${r.method} ${r.target}`);
    for (const feed of server.feeds) expect(targets).toContain(`GET ${feed.url}`);
    expect(targets).toContain(`CONNECT ${new URL(slack.apiUrl).host}`);
    expect(targets).toContain(`CONNECT ${new URL(discord.apiUrl).host}`);
    expect(`${run.output.stdout}${run.output.stderr}`).not.toContain(PASSWORD);
    expect(`${run.output.stdout}${run.output.stderr}`).not.toContain(AUTH.slice(6));
  }, 60_000);

  it('with DISCORD_PUBLIC_KEY, Discord runs without the gateway: everything it sends goes through the proxy', async () => {
    const { run, discord, proxy } = await startBehindProxy({ DISCORD_PUBLIC_KEY: 'ab'.repeat(32), DISCORD_INTERACTIONS_PORT: String(await freePort()) });
    await waitFor(() => /First poll: .*recorded without posting/.test(run.output.stderr) && /no gateway: \/breach arrives/.test(run.output.stderr), 50_000);
    expect(run.output.stderr).toMatch(/Discord interactions endpoint listening/);
    expect(run.output.stderr).not.toMatch(/gateway WebSocket cannot/);
    expect(discord.gateway.identifies).toEqual([]);
    expect(proxy.requests.map((r) => `${r.method} ${r.target}`)).toContain(`CONNECT ${new URL(discord.apiUrl).host}`);
    expect(`${run.output.stdout}${run.output.stderr}`).not.toContain(PASSWORD);
  }, 60_000);
});
