// Discord's failures as breachwatch errors the outbox understands, with messages that say what to do.
// 429 → RateLimitedError (reschedule); a bad payload → DeliveryRejected (poison); missing access,
// unknown channel, a bad token, 5xx and timeouts → DeliveryFailed (retried later, never dropped).
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { BreachwatchError, ErrorCode, RateLimitedError } from '../../src/domain/errors.ts';

export const DiscordErrorCodes = {
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  InvalidFormBody: 50035,
} as const;

/** Replaces every occurrence of a secret; used on every message that leaves the adapter. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 6).reduce((out, s) => out.split(s).join('[redacted]'), text);
}

export const isDiscordApiError = (error: unknown, code?: number): error is DiscordAPIError =>
  error instanceof DiscordAPIError && (code === undefined || error.code === code);

/** The API's own message, short, with secrets removed. */
function apiMessage(error: DiscordAPIError, secrets: readonly string[]): string {
  return redact(error.message.split('\n')[0] ?? '', secrets).slice(0, 300);
}

/**
 * Maps anything a discord.js REST call threw. `what` says what we were doing ("post to channel 123").
 * The original error is kept as `cause` for debugging; messages never contain the token.
 */
export function toDeliveryError(error: unknown, what: string, channelId: string | null, secrets: readonly string[]): BreachwatchError {
  if (error instanceof BreachwatchError) return error;
  const channel = channelId ? `channel ${channelId}` : 'the channel';
  if (error instanceof RateLimitError) {
    const scope = error.global ? 'global' : error.scope === 'shared' ? 'shared' : 'route';
    return new RateLimitedError('Discord', Math.max(1, Math.ceil(error.retryAfter)), scope, { cause: error });
  }
  if (error instanceof DiscordAPIError) {
    const detail = `Discord said: ${apiMessage(error, secrets)} (HTTP ${error.status}, code ${String(error.code)})`;
    if (error.status === 401) {
      return new BreachwatchError(ErrorCode.DeliveryFailed, `Discord rejected the bot token while trying to ${what}: check DISCORD_TOKEN (Developer Portal → Bot → Reset Token). ${detail}`, { cause: error });
    }
    if (error.code === DiscordErrorCodes.MissingAccess || error.code === DiscordErrorCodes.MissingPermissions) {
      return new BreachwatchError(
        ErrorCode.DeliveryFailed,
        `The bot may not ${what}: give the bot View Channel, Send Messages, Embed Links and Read Message History in ${channel} (channel settings → Permissions), or invite it to that server. ${detail}`,
        { cause: error },
      );
    }
    if (error.code === DiscordErrorCodes.UnknownChannel) {
      return new BreachwatchError(
        ErrorCode.DeliveryFailed,
        `Discord does not know ${channel}: check the route's channel id (right-click the channel → Copy Channel ID) and that the bot is in that server. ${detail}`,
        { cause: error },
      );
    }
    if (error.status === 400 || error.status === 413 || error.code === DiscordErrorCodes.InvalidFormBody) {
      return new BreachwatchError(ErrorCode.DeliveryRejected, `Discord rejected the message as invalid when trying to ${what}. ${detail}`, { cause: error });
    }
    return new BreachwatchError(ErrorCode.DeliveryFailed, `Could not ${what}. ${detail}`, { cause: error });
  }
  if (error instanceof HTTPError) {
    return new BreachwatchError(ErrorCode.DeliveryFailed, `Discord had a server error (HTTP ${error.status}) when we tried to ${what}; will retry.`, { cause: error });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new BreachwatchError(ErrorCode.DeliveryFailed, `Discord did not answer in time when we tried to ${what}; will retry.`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new BreachwatchError(ErrorCode.DeliveryFailed, `Could not reach Discord to ${what}: ${redact(message, secrets).slice(0, 300)}; will retry.`, { cause: error });
}
