// A fake Discord gateway (WebSocket, JSON, no compression) for the real discord.js Client: HELLO,
// IDENTIFY → READY (+ GUILD_CREATE), heartbeat ACKs, and INTERACTION_CREATE dispatched by tests.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface FakeGatewayOptions {
  token: string;
  applicationId: string;
  user: { id: string; username: string };
  guildId: string;
  heartbeatIntervalMs?: number;
}

export interface OptionInput {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: OptionInput[];
}

export interface InteractionInput {
  /** Subcommand path and its options, e.g. ['feed', 'add'] with [{ name: 'url', type: 3, value }]. */
  path: string[];
  options?: OptionInput[];
  /** The member's permissions bitfield as a decimal string ("32" = Manage Server, "0" = none). */
  permissions?: string;
  userId?: string;
  /** 2 = chat input command, 4 = autocomplete. */
  type?: 2 | 4;
  /** The server it comes from (default: the fake's own); null = a direct message to the bot. */
  guildId?: string | null;
  /** The channel it was typed in (default: the fake guild's alert channel). */
  channelId?: string;
}

export interface FakeGateway {
  url: string;
  channelId: string;
  identifies: Array<Record<string, unknown>>;
  heartbeats: number;
  interactionTokens: Set<string>;
  connected(): boolean;
  /** Sends INTERACTION_CREATE; returns the interaction's id and token. */
  dispatchInteraction(input: InteractionInput): { id: string; token: string };
  close(): Promise<void>;
}

export const OptionTypes = { Subcommand: 1, SubcommandGroup: 2, String: 3, Integer: 4, Channel: 7 } as const;

export async function startFakeGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  let socket: WebSocket | null = null;
  let seq = 0;
  let nextId = 1n;
  const snowflake = (): string => String(1400000000000000000n + nextId++);
  const channelId = '1500000000000000001';

  const send = (ws: WebSocket, payload: unknown): void => ws.send(JSON.stringify(payload));
  const dispatch = (ws: WebSocket, t: string, d: unknown): void => send(ws, { op: 0, t, s: ++seq, d });

  const gateway: FakeGateway = {
    url,
    channelId,
    identifies: [],
    heartbeats: 0,
    interactionTokens: new Set(),
    connected: () => socket !== null,
    dispatchInteraction(input) {
      if (!socket) throw new Error('no discord.js client is connected to the fake gateway');
      const id = snowflake();
      const token = `itoken-${id}`;
      gateway.interactionTokens.add(token);
      dispatch(socket, 'INTERACTION_CREATE', interactionPayload(id, token, input, options, channelId));
      return { id, token };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };

  wss.on('connection', (ws) => {
    socket = ws;
    send(ws, { op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 }, s: null, t: null });
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> | null };
      if (message.op === 1) {
        gateway.heartbeats += 1;
        send(ws, { op: 11 });
      } else if (message.op === 2) {
        gateway.identifies.push(message.d ?? {});
        if (message.d?.token !== options.token) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        dispatch(ws, 'READY', {
          v: 10,
          user: { ...options.user, discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0 },
          guilds: [{ id: options.guildId, unavailable: true }],
          session_id: 'fake-session',
          resume_gateway_url: url,
          application: { id: options.applicationId, flags: 0 },
          shard: [0, 1],
          private_channels: [],
        });
        dispatch(ws, 'GUILD_CREATE', guildPayload(options.guildId, channelId, options.user.id));
      } else if (message.op === 6) {
        send(ws, { op: 9, d: false });
      }
    });
    ws.on('close', () => {
      if (socket === ws) socket = null;
    });
  });
  return gateway;
}

function guildPayload(guildId: string, channelId: string, ownerId: string): Record<string, unknown> {
  return {
    id: guildId,
    name: 'Fake Council IG team',
    icon: null,
    owner_id: ownerId,
    unavailable: false,
    member_count: 2,
    large: false,
    features: [],
    roles: [{ id: guildId, name: '@everyone', permissions: '1024', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    channels: [{ id: channelId, type: 0, name: 'breach-alerts', position: 0, permission_overwrites: [], guild_id: guildId }],
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    joined_at: new Date().toISOString(),
    preferred_locale: 'en-GB',
    premium_tier: 0,
    verification_level: 0,
    nsfw_level: 0,
    mfa_level: 0,
    system_channel_flags: 0,
  };
}

function interactionPayload(id: string, token: string, input: InteractionInput, options: FakeGatewayOptions, channelId: string): Record<string, unknown> {
  let leaf: OptionInput[] = input.options ?? [];
  const path = [...input.path];
  const name = path.shift() ?? 'breach';
  // Nest: group → subcommand → options (type 2 → 1 → values).
  for (let i = path.length - 1; i >= 0; i -= 1) {
    leaf = [{ name: path[i] ?? '', type: i === path.length - 1 ? OptionTypes.Subcommand : OptionTypes.SubcommandGroup, options: leaf }];
  }
  const userId = input.userId ?? '1600000000000000001';
  const user = { id: userId, username: 'member', discriminator: '0', global_name: 'A Member', avatar: null };
  const guildId = input.guildId === undefined ? options.guildId : input.guildId;
  const channel = input.channelId ?? channelId;
  const common = { id, application_id: options.applicationId, type: input.type ?? 2, token, version: 1, channel_id: channel, app_permissions: '2147483647', locale: 'en-GB', entitlements: [] };
  if (guildId === null) {
    // A direct message: no server, no member, no permissions; Discord sends the user instead.
    return {
      ...common,
      channel: { id: channel, type: 1, recipients: [user] },
      user,
      authorizing_integration_owners: { '1': userId },
      context: 1,
      data: { id: '1700000000000000001', name, type: 1, options: leaf },
    };
  }
  return {
    ...common,
    guild_id: guildId,
    channel: { id: channel, type: 0, guild_id: guildId, name: 'breach-alerts', position: 0, permissions: '2147483647' },
    member: {
      user,
      roles: [],
      permissions: input.permissions ?? '0',
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
    },
    guild_locale: 'en-GB',
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    data: { id: '1700000000000000001', name, type: 1, guild_id: guildId, options: leaf },
  };
}
