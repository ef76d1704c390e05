// The chat platforms, part of the composition root (with src/main.ts): a platform's adapter, and with it
// its SDK (discord.js, @slack/bolt) and undici's ProxyAgent, is loaded with import() only when the
// config enables that platform. A console-only bot, DRY_RUN and every CLI command never load them.
import type { ConnectedSink } from './alerts/active-routes.ts';
import { connectPlatform, type PlatformStarter } from './alerts/platform-connection.ts';
import type { Sink } from './alerts/sink.ts';
import type { Command, CommandContext, CommandReply } from './commands/types.ts';
import type { AppConfig, DiscordConfig, SlackConfig } from './config/load-config.ts';
import { BreachwatchError, ErrorCode } from './domain/errors.ts';
import type { ProxySettings } from './http/proxy-settings.ts';
import type { Logger } from './log/logger.ts';
import type { Store } from './store/ports.ts';

export interface Platform {
  sink: Sink;
  connected: ConnectedSink;
  starter: PlatformStarter;
  stop(): Promise<void>;
}

export interface PlatformDeps {
  handle: (command: Command, ctx: CommandContext) => Promise<CommandReply>;
  store: Store;
  storeId: string;
  log: Logger;
  signal: AbortSignal;
  onConnected: (sink: string) => void;
  proxy: ProxySettings;
}

/** A platform's proxy route (undici's ProxyAgent), loaded with the platform. */
async function proxyFor(apiUrl: string, settings: ProxySettings) {
  const { platformProxy } = await import('./http/platform-proxy.ts');
  return platformProxy(apiUrl, settings);
}

async function loadSlack(config: SlackConfig, deps: PlatformDeps): Promise<Platform> {
  const [{ createSlackAdapter }, { parseCommandText }] = await Promise.all([import('../adapters/slack/slack-app.ts'), import('./commands/parse-command.ts')]);
  const proxy = await proxyFor(config.apiUrl ?? 'https://slack.com/api/', deps.proxy);
  const slack = createSlackAdapter(config, { handleCommand: deps.handle, parseCommandText, log: deps.log, storeId: deps.storeId }, { proxy });
  return {
    sink: slack.sink,
    connected: { name: 'slack', defaultChannel: config.defaultChannel, needsChannel: true },
    starter: { name: 'slack', label: 'Slack', start: () => slack.start() },
    stop: () => slack.stop(),
  };
}

async function loadDiscord(config: DiscordConfig, deps: PlatformDeps): Promise<Platform> {
  const { createDiscordAdapter } = await import('../adapters/discord/discord-app.ts');
  const proxy = await proxyFor(config.apiUrl ?? 'https://discord.com/api', deps.proxy);
  // discord.js cannot send its gateway WebSocket through a proxy: with an HTTP interactions endpoint it is not needed.
  const gateway = !(proxy && config.publicKey);
  if (proxy && gateway) {
    deps.log.warn(
      'discord:proxy',
      `Discord's API goes via ${proxy.label}, but its gateway WebSocket cannot (discord.js takes no proxy for it) and connects ` +
        'directly: allow gateway.discord.gg:443 out, or receive /breach over HTTP (DISCORD_PUBLIC_KEY). Alerts use the API.',
    );
  }
  const discord = createDiscordAdapter(config, {
    proxy,
    gateway,
    handleCommand: deps.handle,
    completeIncidentIds: async (prefix) =>
      (await deps.store.incidentIdsLike(prefix, 25)).map((i) => ({ id: i.id, label: `${i.id} · ${i.organisation}` })),
    log: deps.log,
    storeId: deps.storeId,
  });
  let endpoint: { close(): Promise<void> } | null = null;
  if (config.publicKey) {
    if (!config.applicationId) {
      throw new BreachwatchError(ErrorCode.ConfigInvalid, 'DISCORD_PUBLIC_KEY is set, so DISCORD_APPLICATION_ID is needed too (Developer Portal → General Information).');
    }
    const { startHttpInteractions } = await import('../adapters/discord/http-interactions.ts');
    const http = await startHttpInteractions({
      publicKey: config.publicKey,
      applicationId: config.applicationId,
      port: config.interactionsPort,
      apiUrl: config.apiUrl,
      handleCommand: deps.handle,
      completeIncidentIds: async (prefix) => (await deps.store.incidentIdsLike(prefix, 25)).map((i) => ({ id: i.id, label: i.organisation })),
      log: deps.log,
      scope: discord.scope,
      proxy,
    });
    endpoint = http;
    deps.log.info('discord:http', `Discord interactions endpoint listening on port ${http.port()} at /interactions.`);
  }
  return {
    sink: discord.sink,
    connected: { name: 'discord', defaultChannel: config.defaultChannel, needsChannel: true, servedWorkspaces: config.guildIds },
    starter: { name: 'discord', label: 'Discord', start: () => discord.start() },
    stop: async () => {
      await endpoint?.close();
      await discord.stop();
    },
  };
}

/** The platforms the config enables, each with the loader of its adapter. */
function configured(config: AppConfig): Array<(deps: PlatformDeps) => Promise<Platform>> {
  const loaders: Array<(deps: PlatformDeps) => Promise<Platform>> = [];
  const { slack, discord } = config;
  if (slack) loaders.push((deps) => loadSlack(slack, deps));
  if (discord) loaders.push((deps) => loadDiscord(discord, deps));
  return loaders;
}

/**
 * Connects Slack and Discord when their tokens are set (never with DRY_RUN). Only a token a platform
 * rejects stops the start; an unreachable or failing platform is retried in the background while the
 * bot runs, its alerts waiting in the outbox (src/alerts/platform-connection.ts).
 */
export async function connectPlatforms(config: AppConfig, deps: PlatformDeps): Promise<Platform[]> {
  if (config.dryRun) return [];
  const platforms: Platform[] = [];
  for (const load of configured(config)) platforms.push(await load(deps));
  const outcomes = await Promise.allSettled(
    platforms.map(({ starter }) => connectPlatform(starter, { log: deps.log, signal: deps.signal, onConnected: () => deps.onConnected(starter.name) })),
  );
  const rejected = outcomes.find((o) => o.status === 'rejected');
  if (rejected) {
    await Promise.allSettled(platforms.map((p) => p.stop()));
    throw rejected.reason;
  }
  return platforms;
}
