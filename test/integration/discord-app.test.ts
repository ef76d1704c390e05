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
const FAKE_GUILD = '1200000000000000001'; // the fake's own server (FakeDiscord.guildId)
const FOREIGN_GUILD = '1299999999999999999';
const FOREIGN_CHANNEL = '1599999999999999999';
let harness: DiscordHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const callbackFor = (h: DiscordHarness, id: string) => h.fake.callbacks.find((c) => c.interactionId === id);
const COMMANDS = /\/applications\/\d+\/(guilds\/\d+\/)?commands$/;

describe('Discord app', () => {
  it('registers /breach in each served server, never globally, and not again when it is unchanged', async () => {
    const other = '1200000000000000002';
    harness = await startDiscordHarness({ guildIds: [FAKE_GUILD, other] });
    const h = harness;
    expect(h.fake.gateway.identifies[0]).toMatchObject({ intents: 1 }); // Guilds only, no privileged intents
    expect(h.fake.commands.puts).toBe(2);
    expect(h.fake.requestsTo(COMMANDS, 'PUT').map((r) => r.path)).toEqual([FAKE_GUILD, other].map((g) => `/api/v10/applications/${h.fake.applicationId}/guilds/${g}/commands`));
    expect(h.fake.commands.global).toEqual([]);
    expect(h.logs.join('\n')).toContain(`Registered /breach in server ${other}`);
    await h.adapter.stop();
    await h.adapter.start();
    expect(h.fake.requestsTo(COMMANDS, 'GET')).toHaveLength(6); // two servers and the global list, twice
    expect(h.fake.commands.puts).toBe(2);
    expect(h.logs.join('\n')).toContain('already up to date');
  });

  it('removes a global /breach left from an older set-up, and keeps the gateway alive with heartbeats', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 100 });
    fake.commands.global = [{ id: '1', application_id: fake.applicationId, version: '1', name: 'breach', description: 'old', type: 1 }];
    harness = await startDiscordHarness({ fake });
    expect(fake.commands.guild.get(fake.guildId)?.[0]).toMatchObject({ name: 'breach' });
    expect(fake.commands.global).toEqual([]);
    expect(harness.logs.join('\n')).toContain('Removed the global /breach');
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

  it('answers a search with no match privately and does not echo the words (issue 16 point 11)', async () => {
    harness = await startDiscordHarness();
    const h = harness;
    const words = { name: 'words', type: OptionTypes.String, value: 'Click evil.example to claim your refund' };
    const { id } = h.fake.gateway.dispatchInteraction({ path: ['breach', 'search'], options: [words] });
    await waitFor(() => callbackFor(h, id) !== undefined, 5_000);
    expect(callbackFor(h, id)?.body.data?.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(callbackFor(h, id)?.body)).not.toContain('evil.example');
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

  it('serves only its own server: a Manage Server member of another server, or a DM, is refused and logged, and changes nothing (issue 16 point 3)', async () => {
    harness = await startDiscordHarness();
    const h = harness;
    const incident = await seedIncident(h.store, { id: 'bw-team1', organisation: 'Exampleshire County Council' });
    const own = h.fake.gateway.dispatchInteraction({ path: ['breach', 'route', 'add'], permissions: MANAGE_GUILD });
    await waitFor(() => callbackFor(h, own.id) !== undefined, 5_000);
    const teamRoutes = await h.store.listRoutes();
    expect(teamRoutes).toHaveLength(1);
    const routeId = teamRoutes[0]?.id ?? '';
    const str = (name: string, value: string) => ({ name, type: OptionTypes.String, value });
    const attacks = [
      { path: ['breach', 'route', 'list'] },
      { path: ['breach', 'route', 'add'] },
      { path: ['breach', 'incident', 'not_breach'], options: [str('incident', incident.id)] },
      { path: ['breach', 'route', 'remove'], options: [str('id', routeId)] },
      { path: ['breach', 'feed', 'add'], options: [str('url', 'https://attacker.example/rss')] },
      { path: ['breach', 'recent'] },
    ];
    const ADMINISTRATOR = String((1 << 3) | (1 << 5));
    for (const where of [{ guildId: FOREIGN_GUILD, channelId: FOREIGN_CHANNEL }, { guildId: null, channelId: FOREIGN_CHANNEL }]) {
      for (const attack of attacks) {
        const { id } = h.fake.gateway.dispatchInteraction({ ...attack, ...where, permissions: ADMINISTRATOR });
        await waitFor(() => callbackFor(h, id) !== undefined, 5_000);
        const reply = callbackFor(h, id);
        expect(reply?.body.data?.flags).toBe(EPHEMERAL);
        expect(JSON.stringify(reply?.body.data?.embeds)).toMatch(/not set up for this server/);
        expect(JSON.stringify(reply?.body)).not.toContain(routeId);
      }
      const complete = h.fake.gateway.dispatchInteraction({ ...where, type: 4, path: ['breach', 'show'], options: [{ ...str('incident', 'bw-'), focused: true }] });
      await waitFor(() => callbackFor(h, complete.id) !== undefined, 5_000);
      expect(callbackFor(h, complete.id)?.body).toEqual({ type: 8, data: { choices: [] } });
    }
    expect(await h.store.listRoutes()).toEqual(teamRoutes);
    expect(await h.store.listFeeds()).toEqual([]);
    expect((await h.store.getIncident(incident.id))?.status).toBe('open');
    expect(h.replies).toHaveLength(1); // only the team's own route add reached the command core
    const refusals = h.logs.filter((l) => l.includes('discord:unserved'));
    expect(refusals).toHaveLength(2 * (attacks.length + 1));
    expect(refusals[0]).toContain(FOREIGN_GUILD);
    expect(refusals.at(-1)).toContain('direct message');
  });

  it('route add refuses a channel outside the server the command was typed in (issue 16 point 3)', async () => {
    harness = await startDiscordHarness();
    const h = harness;
    h.fake.channels.set(FOREIGN_CHANNEL, FOREIGN_GUILD); // a channel the bot can see, in another server
    for (const channel of [FOREIGN_CHANNEL, '1500000000000000999']) {
      const { id } = h.fake.gateway.dispatchInteraction({
        path: ['breach', 'route', 'add'],
        options: [{ name: 'channel', type: OptionTypes.Channel, value: channel }],
        permissions: MANAGE_GUILD,
      });
      await waitFor(() => callbackFor(h, id) !== undefined, 5_000);
      expect(callbackFor(h, id)?.body.data?.flags).toBe(EPHEMERAL);
      expect(JSON.stringify(callbackFor(h, id)?.body.data?.embeds)).toMatch(/not a channel of this server/);
    }
    expect(await h.store.listRoutes()).toEqual([]);
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
      { token: wrong, applicationId: null, guildIds: [h.fake.guildId], apiUrl: h.fake.apiUrl, defaultChannel: null, publicKey: null, interactionsPort: 0 },
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
