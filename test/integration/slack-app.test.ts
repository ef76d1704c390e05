// The Slack app end to end: the REAL Bolt app in HTTP mode (signed requests on loopback) and in
// Socket Mode (the fake Socket Mode server), the real command core over a real SQLite store, and a
// hunt for secrets in everything logged, thrown and replied.
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterDeps } from '../../adapters/slack/slack-app.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import { parseCommandText } from '../../src/commands/parse-command.ts';
import type { Command, CommandContext, CommandReply } from '../../src/commands/types.ts';
import type { SlackConfig } from '../../src/config/load-config.ts';
import { ErrorCode } from '../../src/domain/errors.ts';
import type { Logger } from '../../src/log/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { makeIncident } from '../contract/store-fixtures.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.ts';
import {
  ADMIN, APP_TOKEN, BOT_TOKEN, MEMBER, SECRETS, captureLogger, commandDeps, postToBolt, sign, slackConfig, slashBody, waitFor,
} from '../fakes/fake-slack-setup.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  fake: FakeSlackApi;
  adapter: SlackAdapter;
  handled: Array<{ command: Command; ctx: CommandContext }>;
  lines: string[];
}

async function harness(overrides: Partial<SlackConfig> = {}, options: { delayMs?: number; log?: Logger; lines?: string[] } = {}): Promise<Harness> {
  const fake = await startFakeSlackApi({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  const store = openSqliteStore(':memory:');
  const captured = options.log ? { log: options.log, lines: options.lines ?? [] } : captureLogger();
  const handled: Harness['handled'] = [];
  const deps: SlackAdapterDeps = {
    log: captured.log,
    storeId: await store.storeId(),
    parseCommandText,
    async handleCommand(command, ctx): Promise<CommandReply> {
      handled.push({ command, ctx });
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return handleCommand(command, ctx, commandDeps(store));
    },
  };
  const adapter = createSlackAdapter(slackConfig(fake.apiUrl, overrides), deps, { listenHost: '127.0.0.1', requestTimeoutMs: 2000 });
  cleanups.push(async () => {
    await adapter.stop();
    await store.close();
    await fake.close();
  });
  return { fake, adapter, handled, lines: captured.lines };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('Slack HTTP mode (Bolt HTTP receiver, signed requests)', () => {
  it('runs a correctly signed /breach and answers in the channel through respond()', async () => {
    const { fake, adapter, handled } = await harness();
    await adapter.start();
    const port = adapter.httpPort();
    if (port === null) throw new Error('not listening');
    const body = slashBody({ text: 'recent 5 police', user: MEMBER, responseUrl: fake.responseUrl('ok') });
    const ts = nowSeconds();
    expect(await postToBolt(port, body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) })).toBe(200);
    await waitFor(() => fake.responses.length === 1);
    expect(handled).toEqual([{ command: { kind: 'recent', limit: 5, sector: 'police' }, ctx: { platform: 'slack', userId: MEMBER, isAdmin: false, channelId: 'C_ALERTS', workspaceId: 'T1' } }]);
    expect(fake.responses[0]?.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });

  it.each([
    ['forged', (body: string, ts: number) => ({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts, 'not-the-secret') })],
    ['stale (6 minutes old)', (body: string) => { const old = nowSeconds() - 360; return { 'x-slack-request-timestamp': String(old), 'x-slack-signature': sign(body, old) }; }],
    ['from the future (6 minutes ahead, issue 16 point 10)', (body: string) => { const ahead = nowSeconds() + 360; return { 'x-slack-request-timestamp': String(ahead), 'x-slack-signature': sign(body, ahead) }; }],
    ['unsigned', () => ({})],
    ['tampered body', (body: string, ts: number) => ({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body.replace('help', 'feed+list'), ts) })],
  ])('a %s request gets 401 and runs no handler', async (_name, headers) => {
    const { fake, adapter, handled } = await harness();
    await adapter.start();
    const body = slashBody({ text: 'help', user: ADMIN, responseUrl: fake.responseUrl('bad') });
    expect(await postToBolt(adapter.httpPort() ?? 0, body, headers(body, nowSeconds()))).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(handled).toEqual([]);
    expect(fake.responses).toEqual([]);
  });

  it('runs a replayed admin request once: the copy gets 401, within the two-sided five-minute window (issue 16 point 10)', async () => {
    const { fake, adapter, handled, lines } = await harness();
    await adapter.start();
    const port = adapter.httpPort() ?? 0;
    const body = slashBody({ text: 'route add #C0TEAM1 sector=police', user: ADMIN, responseUrl: fake.responseUrl('route') });
    const ts = nowSeconds() + 200; // a sender's clock a little fast is still inside the window
    const headers = { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) };
    expect(await postToBolt(port, body, headers)).toBe(200);
    expect(await postToBolt(port, body, headers)).toBe(401);
    await waitFor(() => fake.responses.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(handled.map((h) => h.command.kind)).toEqual(['route_add']);
    expect(fake.responses).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/replayed/);
    // The same command signed again (a new timestamp, so a new signature) is a new request.
    const again = nowSeconds();
    expect(await postToBolt(port, body, { 'x-slack-request-timestamp': String(again), 'x-slack-signature': sign(body, again) })).toBe(200);
    await waitFor(() => handled.length === 2);
  });

  it('refuses a non-admin `feed add` politely (the handler checks), and lets an admin in, both ephemerally', async () => {
    const { fake, adapter } = await harness();
    await adapter.start();
    const port = adapter.httpPort() ?? 0;
    for (const [user, id] of [[MEMBER, 'member'], [ADMIN, 'admin']] as const) {
      const body = slashBody({ text: 'feed add https://feeds.example/rss Example', user, responseUrl: fake.responseUrl(id) });
      const ts = nowSeconds();
      expect(await postToBolt(port, body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) })).toBe(200);
    }
    await waitFor(() => fake.responses.length === 2);
    const member = fake.responses.find((r) => r.id === 'member')?.body;
    const admin = fake.responses.find((r) => r.id === 'admin')?.body;
    expect(member).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(member)).toMatch(/only breachwatch admins can manage feeds/);
    expect(admin).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(admin)).not.toMatch(/only breachwatch admins/);
  });

  it('answers a search with no match privately and does not echo the words (issue 16 point 11)', async () => {
    const { fake, adapter } = await harness();
    await adapter.start();
    const body = slashBody({ text: 'search Click evil.example to claim your refund', user: MEMBER, responseUrl: fake.responseUrl('search') });
    const ts = nowSeconds();
    expect(await postToBolt(adapter.httpPort() ?? 0, body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) })).toBe(200);
    await waitFor(() => fake.responses.length === 1);
    expect(fake.responses[0]?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(fake.responses[0]?.body)).not.toContain('evil.example');
  });

  it('answers a command it cannot parse with an ephemeral explanation', async () => {
    const { fake, adapter, handled } = await harness();
    await adapter.start();
    const body = slashBody({ text: 'frobnicate <!channel>', user: MEMBER, responseUrl: fake.responseUrl('bad-cmd') });
    const ts = nowSeconds();
    await postToBolt(adapter.httpPort() ?? 0, body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) });
    await waitFor(() => fake.responses.length === 1);
    expect(handled).toEqual([]);
    expect(fake.responses[0]?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(fake.responses[0]?.body)).not.toContain('<!channel>');
  });
});

describe('Slack Socket Mode', () => {
  it('acks a slash command within 3 s, before slow work, then answers through respond()', async () => {
    const { fake, adapter, handled } = await harness({ mode: 'socket', signingSecret: null }, { delayMs: 1500 });
    await adapter.start();
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    const ack = await fake.sendSlashCommand({
      token: 'legacy', team_id: 'T1', channel_id: 'C_ALERTS', user_id: MEMBER, command: '/breach', text: 'stats 90d', api_app_id: 'A1',
      response_url: fake.responseUrl('socket'), trigger_id: '1.2.3',
    });
    expect(ack.afterMs).toBeLessThan(1000);
    expect(fake.responses).toEqual([]); // the work runs after the ack
    await waitFor(() => fake.responses.length === 1);
    expect(ack.afterMs).toBeLessThan(3000);
    expect(handled[0]?.command).toEqual({ kind: 'stats', period: '90d' });
    expect(fake.responses[0]?.body).toMatchObject({ response_type: 'in_channel' });
  });

  it('fails fast at start with a clear error for a bad bot token or a bad app token', async () => {
    const bad = await harness({ mode: 'socket', botToken: 'xoxb-wrong-0000' });
    const rejected = { code: ErrorCode.ConfigInvalid };
    await expect(bad.adapter.start()).rejects.toMatchObject(rejected);
    await expect(bad.adapter.start()).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(auth.test answered "invalid_auth"\)/);
    const badApp = await harness({ mode: 'socket', appToken: 'xapp-wrong-0000' });
    await expect(badApp.adapter.start()).rejects.toMatchObject(rejected);
    await expect(badApp.adapter.start()).rejects.toThrow(/Slack rejected SLACK_APP_TOKEN/);
  });

  it('tells an unreachable or failing Slack from a rejected token, and can start again once Slack answers', async () => {
    const unreachable = await harness({ mode: 'socket', apiUrl: 'http://127.0.0.1:1/api/' });
    const down = await unreachable.adapter.start().catch((e: unknown) => e);
    expect(down).toMatchObject({ code: ErrorCode.DeliveryFailed, message: expect.stringMatching(/could not reach Slack for auth.test.*SLACK_API_URL/) });
    expect((down as Error).message).not.toMatch(/SLACK_BOT_TOKEN/);

    const { fake, adapter } = await harness({ mode: 'socket' });
    fake.failNext('auth.test', { kind: 'http', status: 503 });
    await expect(adapter.start()).rejects.toMatchObject({ code: ErrorCode.DeliveryFailed, message: expect.stringMatching(/HTTP 503/) });
    await adapter.start();
    await fake.sendSlashCommand({
      token: 'legacy', team_id: 'T1', channel_id: 'C_ALERTS', user_id: MEMBER, command: '/breach', text: 'help', api_app_id: 'A1',
      response_url: fake.responseUrl('after-retry'), trigger_id: '1.2.3',
    });
    await waitFor(() => fake.responses.length === 1);
  });
});

describe('secrets', () => {
  it('never appear in anything logged, thrown or replied', async () => {
    const { log, lines } = captureLogger();
    const thrown: string[] = [];
    const socket = await harness({ mode: 'socket' }, { log, lines });
    await socket.adapter.start();
    await socket.fake.sendSlashCommand({ channel_id: 'C_ALERTS', user_id: ADMIN, command: '/breach', text: 'route list', response_url: socket.fake.responseUrl('s1') });
    await socket.fake.sendSlashCommand({ channel_id: 'C_ALERTS', user_id: MEMBER, command: '/breach', text: 'feed add https://x.example/', response_url: socket.fake.responseUrl('s2') });
    await socket.fake.sendSlashCommand({ user_id: MEMBER, command: '/breach', text: 'help', response_url: socket.fake.responseUrl('s3') }); // no channel: malformed
    await waitFor(() => socket.fake.responses.length === 3);
    const signal = new AbortController().signal;
    const payload = { kind: 'alert' as const, incident: makeIncident(), factChanges: [], source: null };
    for (const fault of ['invalid_auth', 'not_in_channel', 'invalid_blocks', 'missing_scope'] as const) {
      socket.fake.failNext('chat.postMessage', { kind: 'error', error: fault });
      await socket.adapter.sink.send({ channel: 'C_ALERTS', payload, parentRef: null, entryId: 1, signal }).catch((e: unknown) => thrown.push(String(e), (e as Error).stack ?? ''));
    }
    socket.fake.failNext('chat.postMessage', { kind: 'http', status: 502 }, { kind: 'http', status: 429, retryAfter: 1 });
    for (let i = 0; i < 2; i += 1) {
      await socket.adapter.sink.send({ channel: 'C_ALERTS', payload, parentRef: null, entryId: 2, signal }).catch((e: unknown) => thrown.push(String(e), (e as Error).stack ?? ''));
    }
    const http = await harness({}, { log, lines });
    await http.adapter.start();
    const body = slashBody({ text: 'help', user: MEMBER, responseUrl: http.fake.responseUrl('h1') });
    await postToBolt(http.adapter.httpPort() ?? 0, body, { 'x-slack-request-timestamp': '1', 'x-slack-signature': 'v0=00' });
    const ts = nowSeconds();
    await postToBolt(http.adapter.httpPort() ?? 0, body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) });
    await waitFor(() => http.fake.responses.length === 1);
    for (const wrong of [{ botToken: `${BOT_TOKEN}x` }, { appToken: `${APP_TOKEN}x`, mode: 'socket' as const }]) {
      const bad = await harness(wrong, { log, lines });
      await bad.adapter.start().catch((e: unknown) => thrown.push(String(e), (e as Error).stack ?? ''));
    }

    expect(thrown.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeGreaterThan(10);
    const replies = [...socket.fake.responses, ...http.fake.responses].map((r) => JSON.stringify(r.body));
    const everything = [...lines, ...thrown, ...replies].join('\n');
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    expect(everything).toContain('check SLACK_BOT_TOKEN'); // the hunt did see the failures
  });
});
