// The Slack app manifest newcomers paste into api.slack.com: it must ask for what the adapter uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../adapters/slack/slack-app.ts';

const manifest = parse(readFileSync(path.resolve(import.meta.dirname, '../../adapters/slack/manifest.yaml'), 'utf8')) as {
  display_information: { name: string };
  features: { bot_user: { display_name: string }; slash_commands: Array<{ command: string; usage_hint: string; should_escape: boolean }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean } };
};

describe('Slack app manifest', () => {
  it('declares the bot, the /breach command and the scopes the adapter needs', () => {
    expect(manifest.display_information.name).toBe('breachwatch');
    expect(manifest.features.bot_user.display_name).toBe('breachwatch');
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe(SLASH_COMMAND);
    expect(command?.usage_hint).toMatch(/recent/);
    expect(command?.should_escape).toBe(true); // channels arrive as <#C…|name> for `route add`
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write', 'commands', 'channels:history', 'groups:history']));
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(false);
  });
});
