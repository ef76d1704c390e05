// Slack Web API failures as breachwatch errors the outbox understands (src/alerts/deliver.ts):
// RateLimitedError → rescheduled; DeliveryRejected → poison (recorded, skipped); anything else →
// retried later. Messages say what to do, and never carry a token.
import { z } from 'zod';
import { BreachwatchError, ErrorCode, RateLimitedError } from '../../src/domain/errors.ts';

/** The parts of @slack/web-api's coded errors we rely on, checked rather than assumed. */
const SlackErrorShape = z.discriminatedUnion('code', [
  z.object({ code: z.literal('slack_webapi_rate_limited_error'), retryAfter: z.number() }),
  z.object({
    code: z.literal('slack_webapi_platform_error'),
    data: z.object({
      error: z.string(),
      needed: z.string().optional(),
      response_metadata: z.object({ retryAfter: z.number().optional() }).optional(),
    }),
  }),
  z.object({ code: z.literal('slack_webapi_http_error'), statusCode: z.number() }),
  z.object({ code: z.literal('slack_webapi_request_error'), original: z.object({ message: z.string() }).optional() }),
]);

/** A bad payload: sending it again can never work. */
const REJECTED = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

const AUTH = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission']);

/** Slack refused the token itself (not the network, not a server error): only a person can fix it. */
export function isTokenRejected(slackCode: string | null): boolean {
  return slackCode !== null && (AUTH.has(slackCode) || slackCode === 'not_allowed_token_type');
}

/** Seconds to wait when Slack says `ratelimited` without a Retry-After header. */
const DEFAULT_RETRY_AFTER_S = 30;

export interface SlackFailure {
  error: BreachwatchError;
  /** The request may have reached Slack (timeout, 5xx): check before posting it again. */
  ambiguous: boolean;
  /** Slack's error code ("invalid_auth"), "HTTP 503", or null when Slack was not reached. */
  slackCode: string | null;
}

/** Maps anything a WebClient call threw. `method` and `channel` only name what failed. */
export function mapSlackError(thrown: unknown, method: string, channel: string | null): SlackFailure {
  const parsed = SlackErrorShape.safeParse(thrown);
  const where = channel ? ` in channel ${channel}` : '';
  if (!parsed.success) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return { error: new BreachwatchError(ErrorCode.DeliveryFailed, `Slack ${method} failed: ${message}`, { cause: thrown }), ambiguous: true, slackCode: null };
  }
  const e = parsed.data;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { error: new RateLimitedError('Slack', Math.max(1, e.retryAfter) * 1000, method, { cause: thrown }), ambiguous: false, slackCode: 'HTTP 429' };
    case 'slack_webapi_http_error':
      return {
        error: new BreachwatchError(ErrorCode.DeliveryFailed, `Slack answered HTTP ${e.statusCode} to ${method}; it will be retried later.`, { cause: thrown }),
        ambiguous: e.statusCode >= 500,
        slackCode: `HTTP ${e.statusCode}`,
      };
    case 'slack_webapi_request_error':
      return {
        error: new BreachwatchError(
          ErrorCode.DeliveryFailed,
          `Could not reach Slack for ${method} (${e.original?.message ?? 'network error'}); it will be retried later. Check the network or SLACK_API_URL.`,
          { cause: thrown },
        ),
        ambiguous: true,
        slackCode: null,
      };
    case 'slack_webapi_platform_error':
      return {
        error: platformError(e.data.error, e.data.needed, e.data.response_metadata?.retryAfter, method, where, thrown),
        ambiguous: false,
        slackCode: e.data.error,
      };
  }
}

function platformError(code: string, needed: string | undefined, retryAfter: number | undefined, method: string, where: string, cause: unknown): BreachwatchError {
  if (code === 'ratelimited') return new RateLimitedError('Slack', (retryAfter ?? DEFAULT_RETRY_AFTER_S) * 1000, method, { cause });
  if (REJECTED.has(code)) {
    const why =
      code === 'message_not_found' || code === 'cant_update_message' || code === 'edit_window_closed'
        ? 'the original alert was deleted or can no longer be edited'
        : 'Slack refused the message as malformed or too long';
    return new BreachwatchError(ErrorCode.DeliveryRejected, `Slack ${method} failed${where} (${code}): ${why}; it was recorded and skipped.`, { cause });
  }
  return new BreachwatchError(ErrorCode.DeliveryFailed, `Slack ${method} failed${where} (${code}): ${advice(code, needed)}`, { cause });
}

/** What a person should do about a Slack error code. */
export function advice(code: string, needed?: string): string {
  if (code === 'not_in_channel') return 'the bot is not in that channel: invite the bot to the channel with /invite @breachwatch.';
  if (code === 'channel_not_found') {
    return 'no such channel, or a private channel the bot is not in: check the channel id in the route (channel details → copy ID) and invite the bot to the channel with /invite @breachwatch.';
  }
  if (code === 'is_archived') return 'the channel is archived: unarchive it or point the route at another channel.';
  if (AUTH.has(code)) return 'Slack rejected the bot token: check SLACK_BOT_TOKEN (OAuth & Permissions → Bot User OAuth Token, starts with xoxb-) and restart.';
  if (code === 'missing_scope') {
    return `the app lacks a permission${needed ? ` (${needed})` : ''}: add the chat:write scope (and channels:history, groups:history) under OAuth & Permissions and reinstall the app.`;
  }
  return 'it will be retried later.';
}
