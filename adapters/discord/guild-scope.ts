// The Discord servers breachwatch serves (DISCORD_GUILD_IDS), for both the gateway and the HTTP
// interactions endpoint: a command from any other server or a DM is refused and logged before the
// command core sees it, so Manage Server counts only in a served server; and a route can point only at a
// channel of the server it was added from (issue 16 point 3, docs/adr/009-chat-scope.md).
import { errorReply } from '../../src/commands/deps.ts';
import type { Command, CommandContext, CommandReply } from '../../src/commands/types.ts';
import type { Logger } from '../../src/log/logger.ts';

export interface GuildScope {
  guildIds: readonly string[];
  /** Whether the channel is in that server; false when Discord does not know it or the bot cannot see it. */
  channelInGuild(channelId: string, guildId: string): Promise<boolean>;
}

export const UNSERVED_REPLY =
  "breachwatch is not set up for this server, so it does not answer here. If you run this bot, add the server's id " +
  'to DISCORD_GUILD_IDS and restart it.';

/** The served server an interaction came from, or null (logged) when it came from another server or a DM. */
export function servedGuild(guildId: string | null | undefined, userId: string, scope: GuildScope, log: Logger): string | null {
  if (guildId && scope.guildIds.includes(guildId)) return guildId;
  log.warn(
    'discord:unserved',
    guildId
      ? `Refused a /breach interaction from server ${guildId} (user ${userId}): it is not in DISCORD_GUILD_IDS.`
      : `Refused a /breach interaction in a direct message (user ${userId}): breachwatch answers only in its servers.`,
  );
  return null;
}

/**
 * Runs a command from a served server: an admin's `route add` naming a channel other than the one typed
 * in must name a channel of this server (Discord itself offers only those; a forged or stale id is refused).
 */
export async function runInGuild(
  command: Command,
  ctx: CommandContext & { workspaceId: string },
  scope: GuildScope,
  handle: (command: Command, ctx: CommandContext) => Promise<CommandReply>,
): Promise<CommandReply> {
  if (ctx.isAdmin && command.kind === 'route_add' && command.channel !== ctx.channelId) {
    const inGuild = await scope.channelInGuild(command.channel, ctx.workspaceId).catch(() => false);
    if (!inGuild) return errorReply(`Channel ${command.channel} is not a channel of this server: pick one of this server's text channels.`);
  }
  return handle(command, ctx);
}
