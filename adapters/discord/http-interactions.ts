// Discord HTTP interactions: an alternative to the gateway for slash commands (set an Interactions
// Endpoint URL in the Developer Portal). Every request is verified with Ed25519 over timestamp + raw
// body against the application's public key; a forged, missing, stale or malformed signature gets
// 401 and runs no handler.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST, Routes } from 'discord.js';
import { z } from 'zod';
import type { PlatformProxy } from '../../src/http/platform-proxy.ts';
import { readRequestBody } from '../../src/http/read-body.ts';
import type { Logger } from '../../src/log/logger.ts';
import type { CommandContext, CommandReply } from '../../src/commands/types.ts';
import { errorReply } from '../../src/commands/deps.ts';
import { COMMAND_NAME, toCommand } from './commands.ts';
import { restProxyOptions } from './discord-sink.ts';
import { runInGuild, servedGuild, UNSERVED_REPLY, type GuildScope } from './guild-scope.ts';
import type { CommandHandler, IncidentCompleter } from './interactions.ts';
import { renderReply } from './render-reply.ts';

/** ASN.1 prefix that turns a raw 32-byte Ed25519 public key into SPKI DER. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const MAX_BODY_BYTES = 64 * 1024;
const MAX_SKEW_SECONDS = 5 * 60;
const MANAGE_GUILD = 1n << 5n;
const ADMINISTRATOR = 1n << 3n;
const EPHEMERAL = 1 << 6;

export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters (Developer Portal → General Information → Public Key).');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** True only for a well-formed, fresh signature by the application's key over timestamp + body. */
export function verifyInteraction(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer, nowSeconds: number): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
}

const InteractionSchema = z.object({
  type: z.number().int(),
  token: z.string().max(500).optional(),
  guild_id: z.string().max(30).optional(),
  channel_id: z.string().max(30).optional(),
  member: z.object({ permissions: z.string().regex(/^\d{1,30}$/), user: z.object({ id: z.string().max(30) }) }).optional(),
  user: z.object({ id: z.string().max(30) }).optional(),
  data: z.object({ name: z.string().max(32), options: z.unknown().optional() }).optional(),
});

export interface HttpInteractionsOptions {
  publicKey: string;
  applicationId: string;
  port: number;
  host?: string;
  apiUrl?: string | null;
  handleCommand: CommandHandler;
  completeIncidentIds: IncidentCompleter;
  log: Logger;
  /** The servers served; interactions from others and from DMs are refused. */
  scope: GuildScope;
  /** Commands slower than this are deferred and answered by editing the original response. */
  deferAfterMs?: number;
  now?: () => number;
  /** HTTPS_PROXY for Discord's API: follow-ups and edits go through it. */
  proxy?: PlatformProxy | null;
}

export interface HttpInteractions {
  port(): number;
  close(): Promise<void>;
}

/** The value being typed in an autocomplete interaction (the option marked focused, at any depth). */
export function focusedValue(options: unknown): string {
  if (!Array.isArray(options)) return '';
  for (const option of options as Array<{ focused?: unknown; value?: unknown; options?: unknown }>) {
    if (option?.focused === true) return String(option.value ?? '');
    const inner = focusedValue(option?.options);
    if (inner !== '') return inner;
  }
  return '';
}

function toData(reply: CommandReply): Record<string, unknown> {
  const rendered = renderReply(reply);
  return { embeds: rendered.embeds, allowed_mentions: { parse: [] }, ...(rendered.ephemeral ? { flags: EPHEMERAL } : {}) };
}

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export async function startHttpInteractions(options: HttpInteractionsOptions): Promise<HttpInteractions> {
  const key = publicKeyFromHex(options.publicKey);
  const now = options.now ?? (() => Date.now());
  const deferAfterMs = options.deferAfterMs ?? 2_000;
  const rest = new REST({ version: '10', ...(options.apiUrl ? { api: options.apiUrl } : {}), ...restProxyOptions(options.proxy) });

  const answer = async (interaction: z.infer<typeof InteractionSchema>): Promise<unknown> => {
    if (interaction.type === 1) return { type: 1 }; // PING
    if (interaction.data?.name !== COMMAND_NAME) return { type: 4, data: { content: 'Unknown command.', flags: EPHEMERAL, allowed_mentions: { parse: [] } } };
    const userId = interaction.member?.user.id ?? interaction.user?.id ?? 'unknown';
    const guildId = servedGuild(interaction.guild_id, userId, options.scope, options.log);
    if (guildId === null) {
      return interaction.type === 4 ? { type: 8, data: { choices: [] } } : { type: 4, data: toData(errorReply(UNSERVED_REPLY)) };
    }
    if (interaction.type === 4) {
      const items = await options.completeIncidentIds(focusedValue(interaction.data.options).slice(0, 100).trim());
      return { type: 8, data: { choices: items.slice(0, 25).map((i) => ({ name: `${i.id} · ${i.label}`.slice(0, 100), value: i.id })) } };
    }
    const permissions = BigInt(interaction.member?.permissions ?? '0');
    const ctx = {
      platform: 'discord',
      userId,
      isAdmin: interaction.member !== undefined && ((permissions & MANAGE_GUILD) !== 0n || (permissions & ADMINISTRATOR) !== 0n),
      channelId: interaction.channel_id ?? null,
      workspaceId: guildId,
    } satisfies CommandContext;
    const parsed = toCommand(interaction.data.options ?? [], ctx.channelId);
    const work =
      parsed.kind === 'parse_error' ? Promise.resolve(errorReply(parsed.message)) : runInGuild(parsed, ctx, options.scope, options.handleCommand);
    const safe = work.catch(() => errorReply('Something went wrong while answering. It has been logged; please try again in a minute.'));
    let timer: NodeJS.Timeout | undefined;
    const quick = await Promise.race([safe, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), deferAfterMs)))]);
    clearTimeout(timer);
    if (quick) return { type: 4, data: toData(quick) };
    // Slow: acknowledge now (within Discord's 3 s), then edit the original response.
    void safe.then((reply) =>
      rest
        .patch(Routes.webhookMessage(options.applicationId, interaction.token ?? '', '@original'), { body: toData(reply), auth: false })
        .catch((error: unknown) => options.log.error('discord:http-followup', `Could not send a deferred reply: ${error instanceof Error ? error.name : 'error'}`)),
    );
    return { type: 5, data: { flags: EPHEMERAL } };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/interactions') return send(res, 404, { error: 'not found' });
      const body = await readRequestBody(req, MAX_BODY_BYTES);
      const signature = req.headers['x-signature-ed25519'];
      const timestamp = req.headers['x-signature-timestamp'];
      if (body === null || typeof signature !== 'string' || typeof timestamp !== 'string' || !verifyInteraction(key, signature, timestamp, body, Math.floor(now() / 1000))) {
        options.log.warn('discord:http-refused', 'Refused an interaction request with a missing, stale or invalid signature.');
        return send(res, 401, { error: 'invalid request signature' });
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, { error: 'body is not JSON' });
      }
      const interaction = InteractionSchema.safeParse(json);
      if (!interaction.success) return send(res, 400, { error: 'not an interaction' });
      send(res, 200, await answer(interaction.data));
    })().catch((error: unknown) => {
      options.log.error('discord:http-error', `Interaction endpoint failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '0.0.0.0', resolve));
  return {
    port: () => (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
