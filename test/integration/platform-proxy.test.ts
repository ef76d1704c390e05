// Slack and Discord through a proxy: the REAL Bolt app (Socket Mode) and discord.js (REST and gateway)
// pointed at the loopback fakes, with every request to their API going via the loopback test proxy
// (test/helpers/http-proxy.ts) as HTTP_PROXY/HTTPS_PROXY would send it. Discord's gateway WebSocket
// is the exception: @discordjs/ws takes no agent, so it connects directly (docs/adr/018-proxies.md).
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/slack-app.ts';
import { ErrorCode } from '../../src/domain/errors.ts';
import { platformProxy, type PlatformProxy } from '../../src/http/platform-proxy.ts';
import { proxySettingsFromEnv } from '../../src/http/proxy-settings.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeIncident } from '../contract/store-fixtures.ts';
import { createDiscordAdapter } from '../../adapters/discord/discord-app.ts';
import { createDiscordSink } from '../../adapters/discord/discord-sink.ts';
import { startHttpInteractions } from '../../adapters/discord/http-interactions.ts';
import { startFakeDiscord } from '../fakes/fake-discord-api.ts';
import { startDiscordHarness } from '../fakes/fake-discord-harness.ts';
import { startFakeSlackApi } from '../fakes/fake-slack-api.ts';
import { APP_TOKEN, BOT_TOKEN, MEMBER, captureLogger, commandDeps, slackConfig, waitFor } from '../fakes/fake-slack-setup.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import { parseCommandText } from '../../src/commands/parse-command.ts';
import { startTestProxy, type TestProxy } from '../helpers/http-proxy.ts';

const PASSWORD = 'proxy-Pa55word';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxyFor(apiUrl: string, credentials?: string, given?: string): Promise<{ proxy: TestProxy; route: PlatformProxy }> {
  const proxy = await startTestProxy(credentials ? { credentials } : {});
  const login = given ?? credentials;
  const env = { HTTP_PROXY: `http://${login ? `${login}@` : ''}127.0.0.1:${proxy.port}` };
  const route = platformProxy(apiUrl, proxySettingsFromEnv(env));
  if (route === null) throw new Error('expected a proxy route');
  cleanups.push(async () => {
    await route.close();
    await proxy.close();
  });
  return { proxy, route };
}

async function slackThroughProxy(credentials?: string, given?: string) {
  const fake = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  const store = openSqliteStore(':memory:');
  const { proxy, route } = await proxyFor(fake.apiUrl, credentials, given);
  const captured = captureLogger();
  const adapter = createSlackAdapter(
    slackConfig(fake.apiUrl, { mode: 'socket', signingSecret: null }),
    {
      log: captured.log,
      storeId: await store.storeId(),
      parseCommandText,
      handleCommand: (command, ctx) => handleCommand(command, ctx, commandDeps(store)),
    },
    { requestTimeoutMs: 2000, proxy: route },
  );
  cleanups.unshift(async () => {
    await adapter.stop();
    await store.close();
    await fake.close();
  });
  return { fake, proxy, adapter, lines: captured.lines };
}

describe('Slack through a proxy', () => {
  it('sends Web API calls, the Socket Mode WebSocket, respond() and alerts via the proxy, with Proxy-Authorization', async () => {
    const { fake, proxy, adapter } = await slackThroughProxy(`bw:${PASSWORD}`);
    await adapter.start();
    const apiHost = new URL(fake.apiUrl).host;
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    await fake.sendSlashCommand({
      token: 'legacy', team_id: 'T1', channel_id: 'C_ALERTS', user_id: MEMBER, command: '/breach', text: 'help', api_app_id: 'A1',
      response_url: fake.responseUrl('proxied'), trigger_id: '1.2.3',
    });
    await waitFor(() => fake.responses.length === 1);
    await adapter.sink.send({
      channel: 'C_ALERTS', parentRef: null, entryId: 1, signal: new AbortController().signal,
      payload: { kind: 'alert', incident: makeIncident(), factChanges: [], source: null },
    });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    // Every connection the SDK made went through the proxy (undici tunnels each origin with CONNECT).
    expect(proxy.requests.length).toBeGreaterThanOrEqual(2);
    for (const request of proxy.requests) {
      expect(request).toEqual({ method: 'CONNECT', target: apiHost, proxyAuthorization: `Basic ${Buffer.from(`bw:${PASSWORD}`).toString('base64')}` });
    }
  });

  it('a proxy that wants a login fails the start as "Slack is not available", naming neither token nor password', async () => {
    const { fake, proxy, adapter, lines } = await slackThroughProxy('bw:right', `bw:${PASSWORD}`);
    const error = (await adapter.start().then(() => null, (e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: ErrorCode.DeliveryFailed });
    expect(error.message).toContain(
      `could not reach Slack for auth.test (A request error occurred: the proxy http://127.0.0.1:${proxy.port} refused ` +
        `${new URL(fake.apiUrl).host} (HTTP 407): it did not accept the user name and password in HTTP_PROXY`,
    );
    expect(proxy.requests).toHaveLength(1);
    for (const text of [error.message, String((error as { cause?: unknown }).cause), ...lines]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(BOT_TOKEN);
    }
  });
});

describe('Discord through a proxy', () => {
  it('sends REST (gateway lookup, command registration, alerts) via the proxy; the gateway WebSocket goes direct', async () => {
    const fake = await startFakeDiscord();
    const { proxy, route } = await proxyFor(fake.apiUrl, `bw:${PASSWORD}`);
    const harness = await startDiscordHarness({ fake, proxy: route });
    cleanups.unshift(() => harness.close());
    expect(harness.fake.gateway.identifies).toHaveLength(1);
    const incident = makeIncident();
    await harness.adapter.sink.send({
      channel: harness.fake.gateway.channelId, parentRef: null, entryId: 1, signal: new AbortController().signal,
      payload: { kind: 'alert', incident, factChanges: [], source: null },
    });
    const apiHost = new URL(fake.apiUrl).host;
    const gatewayHost = new URL(harness.fake.gateway.url).host;
    expect(harness.fake.requests.some((r) => r.method === 'POST' && /\/messages$/.test(r.path))).toBe(true);
    expect(proxy.requests.length).toBeGreaterThanOrEqual(1);
    expect(proxy.requests.every((r) => r.method === 'CONNECT' && r.target === apiHost)).toBe(true);
    expect(proxy.requests.some((r) => r.target === gatewayHost)).toBe(false);
    expect(harness.logs.join('\n')).not.toContain(PASSWORD);
  });
});

describe('Discord through a proxy, without the gateway (HTTP interactions)', () => {
  it('checks the token, registers /breach and checks channels over REST via the proxy, and never opens the gateway', async () => {
    const fake = await startFakeDiscord();
    cleanups.unshift(() => fake.close());
    const { proxy, route } = await proxyFor(fake.apiUrl);
    const { log, lines } = captureLogger();
    const config = {
      token: fake.token, applicationId: fake.applicationId, guildIds: [fake.guildId], apiUrl: fake.apiUrl,
      defaultChannel: null, publicKey: 'ab'.repeat(32), interactionsPort: 0,
    };
    const deps = { handleCommand: async () => ({ visibility: 'ephemeral' as const, title: 't', blocks: [] }), completeIncidentIds: async () => [], log, storeId: 's' };
    const adapter = createDiscordAdapter(config, { ...deps, proxy: route, gateway: false });
    cleanups.unshift(() => adapter.stop());
    await adapter.start();
    expect(fake.gateway.identifies).toEqual([]);
    expect(fake.requests.some((r) => r.method === 'PUT' && r.path.includes(`/guilds/${fake.guildId}/commands`))).toBe(true);
    expect(await adapter.scope.channelInGuild(fake.gateway.channelId, fake.guildId)).toBe(true);
    expect(await adapter.scope.channelInGuild(fake.gateway.channelId, '1999999999999999999')).toBe(false);
    expect(lines.join('\n')).toMatch(/no gateway: \/breach arrives at the HTTP interactions endpoint/);
    const apiHost = new URL(fake.apiUrl).host;
    expect(proxy.requests.length).toBeGreaterThanOrEqual(1);
    expect(proxy.requests.every((r) => r.method === 'CONNECT' && r.target === apiHost)).toBe(true);

    const wrong = createDiscordAdapter({ ...config, token: 'WRONG.token.0123456789' }, { ...deps, proxy: route, gateway: false });
    await expect(wrong.start()).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringMatching(/Discord rejected DISCORD_TOKEN/) });
  });
});

describe('Discord HTTP interactions through a proxy', () => {
  it('edits a deferred reply through the proxy', async () => {
    const fake = await startFakeDiscord();
    cleanups.unshift(() => fake.close());
    const { proxy, route } = await proxyFor(fake.apiUrl);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const { log } = captureLogger();
    const endpoint = await startHttpInteractions({
      publicKey: (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex'),
      applicationId: fake.applicationId,
      port: 0,
      host: '127.0.0.1',
      apiUrl: fake.apiUrl,
      proxy: route,
      deferAfterMs: 20,
      handleCommand: async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { visibility: 'ephemeral', title: 'slow', blocks: [{ kind: 'text', text: 'done' }] };
      },
      completeIncidentIds: async () => [],
      log,
      scope: { guildIds: [fake.guildId], channelInGuild: async () => true },
    });
    cleanups.unshift(() => endpoint.close());
    const body = JSON.stringify({
      type: 2, token: 'itoken', channel_id: fake.gateway.channelId, guild_id: fake.guildId,
      member: { permissions: '0', user: { id: '333333333333333333' } }, data: { name: 'breach', options: [{ name: 'help', type: 1 }] },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    const res = await fetch(`http://127.0.0.1:${endpoint.port()}/interactions`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
    });
    expect(((await res.json()) as { type: number }).type).toBe(5);
    await waitFor(() => fake.requests.some((r) => r.method === 'PATCH' && r.path.includes('/webhooks/')));
    expect(proxy.requests).toEqual([{ method: 'CONNECT', target: new URL(fake.apiUrl).host, proxyAuthorization: null }]);
  });
});

describe('Discord through a proxy that refuses', () => {
  it('an alert refused by the proxy (407) says so, naming the proxy and never its password', async () => {
    const fake = await startFakeDiscord();
    const { proxy, route } = await proxyFor(fake.apiUrl, 'bw:right', `bw:${PASSWORD}`);
    cleanups.unshift(() => fake.close());
    const { log, lines } = captureLogger();
    const sink = createDiscordSink({ token: fake.token, apiUrl: fake.apiUrl, defaultChannel: null, storeId: 'store-1', log, proxy: route, retries: 0 });
    const error = (await sink
      .send({
        channel: fake.gateway.channelId, parentRef: null, entryId: 1, signal: new AbortController().signal,
        payload: { kind: 'alert', incident: makeIncident(), factChanges: [], source: null },
      })
      .then(() => null, (e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: ErrorCode.DeliveryFailed });
    expect(error.message).toContain(`the proxy http://127.0.0.1:${proxy.port} refused ${new URL(fake.apiUrl).host} (HTTP 407)`);
    expect(fake.requests).toEqual([]);
    for (const text of [error.message, ...lines]) expect(text).not.toContain(PASSWORD);
  });
});
