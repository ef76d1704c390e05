// Discord HTTP interactions: Ed25519 over timestamp + raw body. Correctly signed requests are
// answered; forged, missing, stale and malformed ones get 401 and run no handler.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpInteractions, type HttpInteractions } from '../../adapters/discord/http-interactions.ts';
import { handleCommand } from '../../src/commands/handle-command.ts';
import type { Command, CommandContext } from '../../src/commands/types.ts';
import { createLogger } from '../../src/log/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { commandDeps } from '../fakes/fake-discord-harness.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex');
let endpoint: HttpInteractions | null = null;

afterEach(async () => {
  await endpoint?.close();
  endpoint = null;
});

async function start() {
  const calls: Array<{ command: Command; ctx: CommandContext }> = [];
  const logs: string[] = [];
  const store = openSqliteStore(':memory:');
  const deps = commandDeps(store);
  endpoint = await startHttpInteractions({
    publicKey: publicHex,
    applicationId: '111111111111111111',
    port: 0,
    host: '127.0.0.1',
    handleCommand: (command, ctx) => {
      calls.push({ command, ctx });
      return handleCommand(command, ctx, deps);
    },
    completeIncidentIds: async (prefix) => [{ id: `${prefix}x`, label: 'Example' }],
    log: createLogger({ level: 'debug', format: 'json', write: (line) => logs.push(line) }),
    scope: { guildIds: [GUILD], channelInGuild: async (channel, guild) => guild === GUILD && channel === '222222222222222222' },
  });
  return { calls, logs, url: `http://127.0.0.1:${endpoint.port()}/interactions` };
}

function signed(body: string, key: KeyObject = privateKey, timestamp = String(Math.floor(Date.now() / 1000))) {
  return { 'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), key).toString('hex'), 'x-signature-timestamp': timestamp, 'content-type': 'application/json' };
}

const GUILD = '444444444444444444';
const FOREIGN_GUILD = '555555555555555555';
const command = (sub: string, options: unknown[] = [], permissions = '0', guildId: string | null = GUILD) =>
  JSON.stringify({
    type: 2,
    token: 't',
    channel_id: '222222222222222222',
    ...(guildId === null ? { user: { id: '333333333333333333' } } : { guild_id: guildId, member: { permissions, user: { id: '333333333333333333' } } }),
    data: { name: 'breach', options: [{ name: sub, type: 1, options }] },
  });

describe('Discord HTTP interactions', () => {
  it('answers a signed PING and a signed /breach recent', async () => {
    const { url, calls } = await start();
    const ping = JSON.stringify({ type: 1 });
    expect(await (await fetch(url, { method: 'POST', headers: signed(ping), body: ping })).json()).toEqual({ type: 1 });
    const body = command('recent');
    const res = await fetch(url, { method: 'POST', headers: signed(body), body });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { type: number; data: { embeds: unknown[]; allowed_mentions: unknown } };
    expect(json.type).toBe(4);
    expect(json.data.allowed_mentions).toEqual({ parse: [] });
    expect(calls.map((c) => c.command.kind)).toEqual(['recent']);
  });

  it.each([
    ['forged (another key)', (body: string) => signed(body, generateKeyPairSync('ed25519').privateKey)],
    ['missing', () => ({ 'content-type': 'application/json' })],
    ['stale (10 minutes old)', (body: string) => signed(body, privateKey, String(Math.floor(Date.now() / 1000) - 600))],
    ['malformed', () => ({ 'x-signature-ed25519': 'zz', 'x-signature-timestamp': 'yesterday' })],
    ['for a different body', () => signed(command('help'))],
  ])('a %s signature gets 401 and runs no handler', async (_name, headers) => {
    const { url, calls } = await start();
    const body = command('recent');
    const res = await fetch(url, { method: 'POST', headers: headers(body) as Record<string, string>, body });
    expect(res.status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('checks Manage Server in the handler: a member without it cannot add feeds', async () => {
    const { url, calls } = await start();
    const body = command('add', [], '0').replace('"name":"add","type":1,"options":[]', '"name":"feed","type":2,"options":[{"name":"add","type":1,"options":[{"name":"url","type":3,"value":"https://x.example/rss"}]}]');
    const json = (await (await fetch(url, { method: 'POST', headers: signed(body), body })).json()) as { data: { flags?: number; embeds: Array<{ description?: string }> } };
    expect(calls[0]?.ctx.isAdmin).toBe(false);
    expect(json.data.flags).toBe(64);
    expect(JSON.stringify(json.data.embeds)).toMatch(/only breachwatch admins/);
  });

  it('refuses another server and DMs, even to its admins, runs no handler and logs it (issue 16 point 3)', async () => {
    const { url, calls, logs } = await start();
    const routeList = (guildId: string | null) =>
      command('route', [], String((1 << 3) | (1 << 5)), guildId).replace('"name":"route","type":1,"options":[]', '"name":"route","type":2,"options":[{"name":"list","type":1}]');
    for (const body of [routeList(FOREIGN_GUILD), routeList(null), command('recent', [], '32', FOREIGN_GUILD)]) {
      const res = await fetch(url, { method: 'POST', headers: signed(body), body });
      expect(res.status).toBe(200);
      const json = (await res.json()) as { type: number; data: { flags?: number; embeds: unknown[] } };
      expect(json.type).toBe(4);
      expect(json.data.flags).toBe(64);
      expect(JSON.stringify(json.data.embeds)).toMatch(/not set up for this server/);
    }
    const complete = JSON.stringify({ type: 4, guild_id: FOREIGN_GUILD, data: { name: 'breach', options: [{ name: 'show', type: 1, options: [{ name: 'incident', type: 3, value: 'bw-1', focused: true }] }] } });
    expect(await (await fetch(url, { method: 'POST', headers: signed(complete), body: complete })).json()).toEqual({ type: 8, data: { choices: [] } });
    expect(calls).toEqual([]);
    expect(logs.filter((l) => l.includes('discord:unserved'))).toHaveLength(4);
    const own = routeList(GUILD);
    await fetch(url, { method: 'POST', headers: signed(own), body: own });
    expect(calls.map((c) => [c.command.kind, c.ctx.isAdmin, c.ctx.workspaceId])).toEqual([['route_list', true, GUILD]]);
  });

  it('answers autocomplete from the typed prefix', async () => {
    const { url } = await start();
    const body = JSON.stringify({ type: 4, guild_id: GUILD, data: { name: 'breach', options: [{ name: 'show', type: 1, options: [{ name: 'incident', type: 3, value: 'bw-1', focused: true }] }] } });
    const json = (await (await fetch(url, { method: 'POST', headers: signed(body), body })).json()) as { type: number; data: { choices: Array<{ value: string }> } };
    expect(json.type).toBe(8);
    expect(json.data.choices[0]?.value).toBe('bw-1x');
  });
});
