// The environment that connects a real bot process to the fake Slack (Socket Mode) and fake Discord.
import type { FakeDiscord } from '../fakes/fake-discord-api.ts';
import { APP_TOKEN, BOT_TOKEN } from '../fakes/fake-slack-setup.ts';

export const SLACK_CHANNEL = 'C_ALERTS';
export const DISCORD_CHANNEL = '900000000000000001';

export function platformEnv(options: { slackApiUrl: string; discord: Pick<FakeDiscord, 'token' | 'applicationId' | 'guildId' | 'apiUrl'>; discordApiUrl?: string }): NodeJS.ProcessEnv {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: options.slackApiUrl,
    SLACK_DEFAULT_CHANNEL: SLACK_CHANNEL,
    DISCORD_TOKEN: options.discord.token,
    DISCORD_APPLICATION_ID: options.discord.applicationId,
    DISCORD_GUILD_ID: options.discord.guildId,
    DISCORD_API_URL: options.discordApiUrl ?? options.discord.apiUrl,
    DISCORD_DEFAULT_CHANNEL: DISCORD_CHANNEL,
  };
}
