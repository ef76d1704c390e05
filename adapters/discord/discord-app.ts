// The Discord adapter: a discord.js Client (gateway, Guilds intent only) for slash commands, and a
// REST sink for alerts. main.ts creates it with config and the command core; nothing else knows it.
import { Client, DiscordjsError, Events, GatewayIntentBits, Options, REST, Routes } from 'discord.js';
import type { CacheFactory } from 'discord.js';
import type { Interaction } from 'discord.js';
import { z } from 'zod';
import type { Sink } from '../../src/alerts/sink.ts';
import type { DiscordConfig } from '../../src/config/load-config.ts';
import { BreachwatchError, ErrorCode } from '../../src/domain/errors.ts';
import type { PlatformProxy } from '../../src/http/platform-proxy.ts';
import type { Logger } from '../../src/log/logger.ts';
import { breachCommandDefinition } from './commands.ts';
import { DiscordErrorCodes, isDiscordApiError, redact } from './discord-errors.ts';
import { createDiscordSink, restProxyOptions } from './discord-sink.ts';
import type { GuildScope } from './guild-scope.ts';
import { handleAutocomplete, handleChatInput } from './interactions.ts';
import type { CommandHandler, IncidentCompleter } from './interactions.ts';
import { registerCommands } from './register-commands.ts';

/**
 * The caches the gateway client keeps: servers, their channels and roles (channel checks read them) and the bot's
 * own member and user; none of what a server's members, messages, emojis, stickers, events, invites, bans,
 * reactions, presences or voice states are (the bot answers slash commands from their payloads and sends by REST).
 */
export function clientCaches(): CacheFactory {
  const own = { maxSize: 0, keepOverLimit: (x: { id: string; client: Client }) => x.id === x.client.user?.id };
  return Options.cacheWithLimits({
    ...Options.DefaultMakeCacheSettings,
    ApplicationCommandManager: 0,
    ApplicationEmojiManager: 0,
    AutoModerationRuleManager: 0,
    BaseGuildEmojiManager: 0,
    DMMessageManager: 0,
    EntitlementManager: 0,
    GuildBanManager: 0,
    GuildEmojiManager: 0,
    GuildInviteManager: 0,
    GuildMemberManager: own,
    GuildMessageManager: 0,
    GuildScheduledEventManager: 0,
    GuildStickerManager: 0,
    MessageManager: 0,
    PresenceManager: 0,
    ReactionManager: 0,
    ReactionUserManager: 0,
    StageInstanceManager: 0,
    ThreadMemberManager: 0,
    UserManager: own,
    VoiceStateManager: 0,
  });
}

export type { CommandHandler, IncidentCompleter } from './interactions.ts';

export interface DiscordAdapterDeps {
  handleCommand: CommandHandler;
  completeIncidentIds: IncidentCompleter;
  log: Logger;
  /** The store's id (Store.storeId()): the sink marks alerts with it to recognise its own. */
  storeId: string;
  /** How long start() waits for the gateway's READY (default 60 s). */
  readyTimeoutMs?: number;
  /** Commands answered within this time are replied to directly, slower ones deferred (default 1.5 s). */
  deferAfterMs?: number;
  /** REST timeout and retries for alerts (defaults 10 s, 2 retries). */
  sinkTimeoutMs?: number;
  sinkRetries?: number;
  /**
   * HTTPS_PROXY for Discord's API: REST (alerts, commands, replies) goes through it. The gateway
   * WebSocket cannot: @discordjs/ws builds it with `ws` and no agent option (docs/adr/018-proxies.md).
   */
  proxy?: PlatformProxy | null;
  /**
   * False: never open the gateway. start() checks the token and registers /breach over REST, and the
   * channel check asks REST; /breach must then arrive at the HTTP interactions endpoint. Default true.
   */
  gateway?: boolean;
}

const ChannelSchema = z.object({ guild_id: z.string().optional() });
const BotUserSchema = z.object({ id: z.string(), username: z.string() });

export interface DiscordAdapter {
  /** Sends alerts over REST; works whether or not start() was called. */
  sink: Sink;
  /** Logs in, waits for READY and registers /breach when it changed. Throws a BreachwatchError on a bad token. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The served servers and a channel check (through the logged-in client), for the HTTP interactions endpoint too. */
  scope: GuildScope;
}

export function createDiscordAdapter(config: DiscordConfig, deps: DiscordAdapterDeps): DiscordAdapter {
  const secrets = [config.token];
  const { log } = deps;
  const text = (error: unknown): string => redact(error instanceof Error ? error.message : String(error), secrets);
  const sink = createDiscordSink({
    token: config.token,
    apiUrl: config.apiUrl,
    defaultChannel: config.defaultChannel,
    storeId: deps.storeId,
    log,
    proxy: deps.proxy ?? null,
    ...(deps.sinkTimeoutMs !== undefined ? { timeoutMs: deps.sinkTimeoutMs } : {}),
    ...(deps.sinkRetries !== undefined ? { retries: deps.sinkRetries } : {}),
  });
  let client: Client | null = null;
  /** Without the gateway: the REST client start() checked the token with. */
  let restOnly: REST | null = null;
  const scope: GuildScope = {
    guildIds: config.guildIds,
    async channelInGuild(channelId, guildId) {
      const [c, rest] = [client, restOnly];
      try {
        if (rest) return ChannelSchema.parse(await rest.get(Routes.channel(channelId))).guild_id === guildId;
        if (!c) return false;
        const channel = await c.channels.fetch(channelId); // from the cache when the bot is in its server
        return channel !== null && 'guildId' in channel && channel.guildId === guildId;
      } catch (error) {
        if (!isDiscordApiError(error)) log.warn('discord:channel-check', `Could not check channel ${channelId}: ${text(error)}`);
        return false;
      }
    },
  };
  const interactionDeps = {
    handleCommand: deps.handleCommand,
    completeIncidentIds: deps.completeIncidentIds,
    log,
    secrets,
    scope,
    deferAfterMs: deps.deferAfterMs ?? 1_500,
  };

  async function onInteraction(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await handleAutocomplete(interaction, interactionDeps);
      else if (interaction.isChatInputCommand()) await handleChatInput(interaction, interactionDeps);
    } catch (error) {
      log.error('discord:interaction-failed', `Could not answer a Discord interaction: ${text(error)}`);
    }
  }

  async function register(c: Client<true>): Promise<void> {
    if (config.applicationId && config.applicationId !== c.application.id) {
      log.warn('discord:application-id', `DISCORD_APPLICATION_ID (${config.applicationId}) is not this bot's application (${c.application.id}); using the bot's.`);
    }
    await registerWith(c.rest, c.application.id);
  }

  async function registerWith(rest: REST, applicationId: string): Promise<void> {
    // Per served server only; a global /breach left from an older set-up would invite every server.
    for (const guildId of [...config.guildIds, null]) {
      const where = guildId ? `in server ${guildId}` : 'globally';
      const commands = guildId ? [breachCommandDefinition()] : [];
      try {
        const result = await registerCommands(rest, { applicationId, guildId }, commands);
        if (result.changed) {
          log.info('discord:commands', guildId ? `Registered /breach ${where}.` : 'Removed the global /breach: it is registered per served server.');
        } else if (guildId) {
          log.info('discord:commands', `/breach is already up to date ${where}; not re-registered.`);
        }
      } catch (error) {
        const hint = isDiscordApiError(error, DiscordErrorCodes.MissingAccess)
          ? ' Re-invite the bot with the applications.commands scope (docs/discord-setup.md), and check DISCORD_GUILD_IDS' +
            ' names servers the bot is in.'
          : '';
        const failure = `Could not register /breach ${where} for application ${applicationId}: ${text(error)}.`;
        log.error('discord:commands', `${failure}${hint} Alerts still work.`);
      }
    }
  }

  /** The token checked and /breach registered over REST alone (through the proxy when there is one). */
  async function startWithoutGateway(): Promise<void> {
    if (restOnly) return;
    const api = config.apiUrl ? { api: config.apiUrl } : {};
    const rest = new REST({ ...api, ...restProxyOptions(deps.proxy), retries: 1 }).setToken(config.token);
    let bot: z.infer<typeof BotUserSchema>;
    try {
      bot = BotUserSchema.parse(await rest.get(Routes.user('@me')));
    } catch (error) {
      throw loginError(deps.proxy?.explain(error) ?? error, secrets);
    }
    if (!config.applicationId) {
      throw new BreachwatchError(ErrorCode.ConfigInvalid, 'DISCORD_APPLICATION_ID is needed to register /breach without the gateway.');
    }
    log.info('discord:ready', `Discord accepted the token of ${bot.username}; no gateway: /breach arrives at the HTTP interactions endpoint.`);
    restOnly = rest;
    await registerWith(rest, config.applicationId);
  }

  async function start(): Promise<void> {
    if (deps.gateway === false) return startWithoutGateway();
    if (client) return;
    const c = new Client({
      intents: [GatewayIntentBits.Guilds],
      makeCache: clientCaches(),
      allowedMentions: { parse: [], repliedUser: false },
      rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), ...restProxyOptions(deps.proxy) },
    });
    client = c;
    c.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
    c.on(Events.Error, (error) => log.error('discord:error', `Discord connection error: ${text(error)}`));
    c.on(Events.Warn, (message) => log.warn('discord:warn', redact(message, secrets)));
    // Events.Debug is deliberately not forwarded: discord.js prints part of the token there.
    const timeoutMs = deps.readyTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new BreachwatchError(ErrorCode.DeliveryFailed, `Discord did not say READY within ${timeoutMs / 1000} s: check the network and DISCORD_API_URL.`)), timeoutMs);
      c.once(Events.ClientReady, (readyClient) => {
        log.info('discord:ready', `Connected to Discord as ${readyClient.user.tag}.`);
        void register(readyClient).then(resolve, reject);
      });
    });
    try {
      await c.login(config.token);
      await ready;
    } catch (error) {
      client = null;
      await c.destroy();
      throw loginError(deps.proxy?.explain(error) ?? error, secrets);
    } finally {
      clearTimeout(timer);
    }
  }

  async function stop(): Promise<void> {
    const c = client;
    client = null;
    restOnly = null;
    if (c) await c.destroy();
  }

  return { sink, start, stop, scope };
}

function loginError(error: unknown, secrets: readonly string[]): BreachwatchError {
  if (error instanceof BreachwatchError) return error;
  const message = redact(error instanceof Error ? error.message : String(error), secrets);
  if ((error instanceof DiscordjsError && error.code === 'TokenInvalid') || isDiscordApiError(error) && error.status === 401) {
    return new BreachwatchError(ErrorCode.ConfigInvalid, 'Discord rejected DISCORD_TOKEN: copy the bot token again (Developer Portal → your app → Bot → Reset Token) and restart.', { cause: error });
  }
  return new BreachwatchError(ErrorCode.DeliveryFailed, `Could not connect to Discord: ${message}. Check the network and DISCORD_API_URL.`, { cause: error });
}
