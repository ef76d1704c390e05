// The real discord.js Client against the fake Discord gateway and REST API: command registration,
// slash commands through the real command core (SQLite in memory), permissions, autocomplete, and
// the token never leaking.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/discord-app.ts';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startFakeDiscord } from '../fakes/fake-discord-api.ts';
import { OptionTypes } from '../fakes/fake-discord-gateway.ts';
import { seedIncident, startDiscordHarness } from '../fakes/fake-discord-harness.ts';
import { waitFor } from '../helpers/wait.ts';
import type { DiscordHarness } from '../fakes/fake-discord-harness.ts';

const MANAGE_GUILD = String(1 << 5);
const EPHEMERAL = 64;
let harness: DiscordHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const callbackFor = (h: DiscordHarness, id: string) => h.fake.callbacks.find((c) => c.interactionId === id);
const COMMANDS = /\/applications\/\d+\/(guilds\/\d+\/)?commands$/;

describe('Discord app', () => {
  it('registers /breach on ready, and not again when it is unchanged', async () => {
    harness = await startDiscordHarness({ guildId: null });
    const h = harness;
    expect(h.fake.gateway.identifies[0]).toMatchObject({ intents: 1 }); // Guilds only, no privileged intents
    expect(h.fake.commands.puts).toBe(1);
    expect(h.fake.requestsTo(COMMANDS, 'PUT')[0]?.path).toBe(`/api/v10/applications/${h.fake.applicationId}/commands`);
    expect(h.logs.join('\n')).toContain('Registered /breach globally');
    await h.adapter.stop();
    await h.adapter.start();
    expect(h.fake.requestsTo(COMMANDS, 'GET')).toHaveLength(2);
    expect(h.fake.commands.puts).toBe(1);
    expect(h.logs.join('\n')).toContain('already up to date');
  });

  it('registers per guild when DISCORD_GUILD_ID is set, and keeps the gateway alive with heartbeats', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 100 });
    harness = await startDiscordHarness({ fake });
    expect(fake.commands.guild.get(fake.guildId)?.[0]).toMatchObject({ name: 'breach' });
    expect(fake.commands.global).toEqual([]);
    await waitFor(() => fake.gateway.heartbeats >= 2, 3_000, 'heartbeats');
  });

  it('answers /breach recent with the incidents from the store', async () => {
    harness = await startDiscordHarness();
    const h = harness;
    const incident = await seedIncident(h.store, { organisation: 'Exampleshire County Council' });
    const { id } = h.fake.gateway.dispatchInteraction({ path: ['breach', 'recent'], options: [{ name: 'n', type: OptionTypes.Integer, value: 5 }] });
    await waitFor(() => callbackFor(h, id) !== undefined, 5_000);
    const callback = callbackFor(h, id);
    expect(callback?.body.type).toBe(4);
    expect(callback?.body.data?.flags ?? 0).toBe(0);
    expect(JSON.stringify(callback?.body.data?.embeds)).toContain(incident.id);
    expect(callback?.body.data?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(h.fake.violations).toEqual([]);
  });

  it('defers a slow command, then edits the reply in', async () => {
    harness = await startDiscordHarness({ deferAfterMs: 20, slowHandlerMs: 200 });
    const h = harness;
    await seedIncident(h.store);
    const { id, token } = h.fake.gateway.dispatchInteraction({ path: ['breach', 'recent'] });
    await waitFor(() => h.fake.webhookCalls.some((w) => w.token === token), 5_000);
    expect(callbackFor(h, id)?.body).toMatchObject({ type: 5 });
    expect(callbackFor(h, id)?.body.data?.flags ?? 0).toBe(0);
    const edit = h.fake.webhookCalls.find((w) => w.token === token);
    expect(edit).toMatchObject({ method: 'PATCH', target: '@original' });
    expect(JSON.stringify(edit?.body)).toContain('inc-1');
    expect(h.fake.violations).toEqual([]);
  });

  it('a private answer to a slow public command is sent privately (help)', async () => {
    harness = await startDiscordHarness({ deferAfterMs: 20, slowHandlerMs: 150 });
    const h = harness;
    const { token } = h.fake.gateway.dispatchInteraction({ path: ['breach', 'help'] });
    await waitFor(() => h.fake.webhookCalls.filter((w) => w.token === token).length >= 2, 5_000);
    const calls = h.fake.webhookCalls.filter((w) => w.token === token);
    expect(calls.map((c) => [c.method, c.target])).toEqual([
      ['DELETE', '@original'],
      ['POST', 'followup'],
    ]);
    expect(calls[1]?.body).toMatchObject({ flags: EPHEMERAL });
  });

  it('a member without Manage Server cannot add a feed: refused, privately', async () => {
    harness = await startDiscordHarness();
    const h = harness;
    const url = { name: 'url', type: OptionTypes.String, value: 'https://feeds.example/rss' };
    const { id } = h.fake.gateway.dispatchInteraction({ path: ['breach', 'feed', 'add'], options: [url], permissions: '0' });
    await waitFor(() => callbackFor(h, id) !== undefined, 5_000);
    const refusal = callbackFor(h, id);
    expect(refusal?.body.data?.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(refusal?.body.data?.embeds)).toContain('only breachwatch admins');
    expect(await h.store.listFeeds()).toEqual([]);

    const admin = h.fake.gateway.dispatchInteraction({ path: ['breach', 'feed', 'add'], options: [url], permissions: MANAGE_GUILD });
    await waitFor(() => callbackFor(h, admin.id) !== undefined, 5_000);
    expect(callbackFor(h, admin.id)?.body.data?.flags).toBe(EPHEMERAL);
    expect((await h.store.listFeeds()).map((f) => f.url)).toEqual(['https://feeds.example/rss']);
  });

  it('a slow admin command is deferred privately', async () => {
    harness = await startDiscordHarness({ deferAfterMs: 10, slowHandlerMs: 100 });
    const h = harness;
    const { id, token } = h.fake.gateway.dispatchInteraction({ path: ['breach', 'route', 'list'], permissions: MANAGE_GUILD });
    await waitFor(() => h.fake.webhookCalls.some((w) => w.token === token), 5_000);
    expect(callbackFor(h, id)?.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(h.replies.at(-1)?.title).toContain('route(s)');
  });

  it('route add defaults to the channel the command was typed in', async () => {
    harness = await startDiscordHarness();
    const h = harness;
    const { id } = h.fake.gateway.dispatchInteraction({
      path: ['breach', 'route', 'add'],
      options: [{ name: 'sector', type: OptionTypes.String, value: 'police' }],
      permissions: MANAGE_GUILD,
    });
    await waitFor(() => callbackFor(h, id) !== undefined, 5_000);
    expect(await h.store.listRoutes()).toMatchObject([{ sink: 'discord', channel: h.fake.gateway.channelId, filters: { sectors: ['police'] } }]);
  });

  it('autocompletes incident ids', async () => {
    harness = await startDiscordHarness();
    const h = harness;
    await seedIncident(h.store, { id: 'bw-abc123', organisation: 'Metropolitan Police Service' });
    await seedIncident(h.store, { id: 'bw-xyz789', organisation: 'Kent County Council' });
    const { id } = h.fake.gateway.dispatchInteraction({
      type: 4,
      path: ['breach', 'show'],
      options: [{ name: 'incident', type: OptionTypes.String, value: 'bw-ab', focused: true }],
    });
    await waitFor(() => callbackFor(h, id) !== undefined, 5_000);
    expect(callbackFor(h, id)?.body).toMatchObject({ type: 8, data: { choices: [{ name: 'bw-abc123 · Metropolitan Police Service', value: 'bw-abc123' }] } });
  });

  it('never shows the token in logs, errors or replies', async () => {
    harness = await startDiscordHarness();
    const h = harness;
    const token = h.fake.token;
    expect(h.fake.gateway.identifies[0]?.token).toBe(token); // it was really used
    await seedIncident(h.store);
    for (const path of [['breach', 'recent'], ['breach', 'help'], ['breach', 'stats'], ['breach', 'show']]) {
      const options = path[1] === 'show' ? [{ name: 'incident', type: OptionTypes.String, value: 'nope' }] : [];
      const { id } = h.fake.gateway.dispatchInteraction({ path, options });
      await waitFor(() => callbackFor(h, id) !== undefined, 5_000);
    }
    const errors: unknown[] = [];
    h.fake.failNext({ path: /\/messages$/ }, { kind: 'missing_access' });
    const send = { channel: '1500000000000000002', parentRef: null, entryId: 1, signal: new AbortController().signal };
    const incident = (await h.store.recentIncidents({ limit: 1 }))[0];
    if (!incident) throw new Error('no incident');
    errors.push(await h.adapter.sink.send({ ...send, payload: { kind: 'alert', incident, factChanges: [], source: null } }).catch((e: unknown) => e));

    // A wrong token at start-up: a clear error that does not repeat the token.
    const wrong = 'WRONG.token-that-must-not-leak.0123456789abcdef';
    const logs: string[] = [];
    const bad = createDiscordAdapter(
      { token: wrong, applicationId: null, guildId: null, apiUrl: h.fake.apiUrl, defaultChannel: null, publicKey: null, interactionsPort: 0 },
      { handleCommand: async () => ({ visibility: 'in_channel', title: 't', blocks: [] }), completeIncidentIds: async () => [], log: createLogger({ level: 'debug', write: (l) => logs.push(l) }), readyTimeoutMs: 5_000, storeId: 'test-store' },
    );
    const startError = await bad.start().catch((e: unknown) => e);
    expect(startError).toBeInstanceOf(BreachwatchError);
    expect(startError).toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringContaining('DISCORD_TOKEN') });
    errors.push(startError);

    const everything = [
      ...h.logs,
      ...logs,
      ...errors.map((e) => inspect(e, { depth: 6 })),
      JSON.stringify(h.replies),
      JSON.stringify(h.fake.callbacks),
      JSON.stringify(h.fake.webhookCalls),
      JSON.stringify(h.fake.messages),
    ].join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(wrong);
    for (const part of token.split('.')) expect(everything).not.toContain(part);
  });
});
