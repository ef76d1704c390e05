// Slash-command and autocomplete interactions: refuse servers breachwatch does not serve, parse into the
// neutral Command, work out admin rights from the member's permissions (Manage Server), call the command
// core, and render its reply.
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction, InteractionReplyOptions } from 'discord.js';
import { z } from 'zod';
import { ADMIN_COMMANDS } from '../../src/commands/types.ts';
import type { Command, CommandContext, CommandReply } from '../../src/commands/types.ts';
import type { Logger } from '../../src/log/logger.ts';
import { COMMAND_NAME, toCommand } from './commands.ts';
import { redact } from './discord-errors.ts';
import { DISCORD_LIMITS, plainText } from './discord-text.ts';
import { runInGuild, servedGuild, UNSERVED_REPLY, type GuildScope } from './guild-scope.ts';
import { renderReply } from './render-reply.ts';

export type CommandHandler = (command: Command, ctx: CommandContext) => Promise<CommandReply>;
export type IncidentCompleter = (prefix: string) => Promise<Array<{ id: string; label: string }>>;

export interface InteractionDeps {
  handleCommand: CommandHandler;
  completeIncidentIds: IncidentCompleter;
  log: Logger;
  secrets: readonly string[];
  /** The servers served; interactions from others and from DMs are refused. */
  scope: GuildScope;
  /** Reply directly when the work is done within this time, else defer first (Discord allows 3 s). */
  deferAfterMs: number;
}

const AUTOCOMPLETE_TIMEOUT_MS = 2_000;
const FocusedSchema = z.object({ name: z.string(), value: z.union([z.string(), z.number()]) });

const errorReply = (text: string): CommandReply => ({ visibility: 'ephemeral', title: 'breachwatch', blocks: [{ kind: 'text', text }], isError: true });

function replyOptions(reply: CommandReply): { options: InteractionReplyOptions; ephemeral: boolean } {
  const rendered = renderReply(reply);
  return {
    ephemeral: rendered.ephemeral,
    options: {
      embeds: rendered.embeds,
      allowedMentions: { parse: [], repliedUser: false },
      ...(rendered.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    },
  };
}

/** Admin means Manage Server in this guild (Administrator implies it). Never true in DMs; asked only in served guilds. */
export function isAdminMember(interaction: Pick<ChatInputCommandInteraction, 'memberPermissions' | 'inGuild'>): boolean {
  return interaction.inGuild() && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false);
}

export async function handleChatInput(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  if (interaction.commandName !== COMMAND_NAME) return;
  const guildId = servedGuild(interaction.guildId, interaction.user.id, deps.scope, deps.log);
  if (guildId === null) {
    await interaction.reply(replyOptions(errorReply(UNSERVED_REPLY)).options);
    return;
  }
  const parsed = toCommand(interaction.options.data, interaction.channelId);
  const ctx = {
    platform: 'discord',
    userId: interaction.user.id,
    isAdmin: isAdminMember(interaction),
    channelId: interaction.channelId,
    workspaceId: guildId,
  } satisfies CommandContext;
  if (parsed.kind === 'parse_error') {
    await interaction.reply(replyOptions(errorReply(parsed.message)).options);
    return;
  }
  const command: Command = parsed;
  const adminCommand = ADMIN_COMMANDS.has(command.kind);
  const work = runInGuild(command, ctx, deps.scope, deps.handleCommand).catch((error: unknown) => {
    deps.log.error('discord:command-failed', `/breach ${command.kind} failed: ${redact(error instanceof Error ? error.message : String(error), deps.secrets)}`);
    return errorReply('Something went wrong while answering. It has been logged; please try again in a minute.');
  });
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), deps.deferAfterMs);
  });
  const quick = await Promise.race([work, slow]);
  clearTimeout(timer);
  if (quick) {
    await interaction.reply(replyOptions(quick).options);
    return;
  }
  // Slow: acknowledge within Discord's 3 s, privately for admin commands, then fill the reply in.
  await interaction.deferReply(adminCommand ? { flags: MessageFlags.Ephemeral } : {});
  const { options, ephemeral } = replyOptions(await work);
  if (ephemeral && !adminCommand) {
    // A private answer (an error, help) to a public deferral: remove the "thinking…" and answer privately.
    await interaction.deleteReply();
    await interaction.followUp(options);
    return;
  }
  await interaction.editReply({ embeds: options.embeds ?? [], allowedMentions: { parse: [], repliedUser: false } });
}

/** Options that take an incident id and offer autocomplete. */
const INCIDENT_OPTIONS = new Set(['incident', 'keep', 'fold_in']);

export async function handleAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  if (interaction.commandName !== COMMAND_NAME) return;
  if (servedGuild(interaction.guildId, interaction.user.id, deps.scope, deps.log) === null) {
    await interaction.respond([]);
    return;
  }
  const focused = FocusedSchema.safeParse(interaction.options.getFocused(true));
  if (!focused.success || !INCIDENT_OPTIONS.has(focused.data.name)) {
    await interaction.respond([]);
    return;
  }
  const prefix = String(focused.data.value).trim().slice(0, 100);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Array<{ id: string; label: string }>>((resolve) => {
    timer = setTimeout(() => resolve([]), AUTOCOMPLETE_TIMEOUT_MS);
  });
  const items = await Promise.race([deps.completeIncidentIds(prefix), timeout]).finally(() => clearTimeout(timer));
  const choices = items
    .filter((i) => i.id.length > 0 && i.id.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, 25)
    .map((i) => ({ name: plainText(`${i.id} · ${i.label}`, DISCORD_LIMITS.choiceName) || i.id, value: i.id }));
  await interaction.respond(choices);
}
