// Errors are values with a code and a cause; messages say what to do next.

export const ErrorCode = {
  ConfigInvalid: 'breachwatch_config_invalid',
  FeedUrlRefused: 'breachwatch_feed_url_refused',
  FeedUnreachable: 'breachwatch_feed_unreachable',
  FeedTimeout: 'breachwatch_feed_timeout',
  FeedTooLarge: 'breachwatch_feed_too_large',
  FeedHttpStatus: 'breachwatch_feed_http_status',
  FeedTooManyRedirects: 'breachwatch_feed_too_many_redirects',
  FeedNotAFeed: 'breachwatch_feed_not_a_feed',
  FeedEmpty: 'breachwatch_feed_empty',
  FeedParseFailed: 'breachwatch_feed_parse_failed',
  StoreFailed: 'breachwatch_store_failed',
  DeliveryFailed: 'breachwatch_delivery_failed',
  DeliveryRateLimited: 'breachwatch_delivery_rate_limited',
  DeliveryRejected: 'breachwatch_delivery_rejected',
  InputInvalid: 'breachwatch_input_invalid',
  Unknown: 'breachwatch_unknown',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class BreachwatchError extends Error {
  readonly code: ErrorCode;
  override readonly name: string;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = `BreachwatchError[${code}]`;
  }
}

/** A delivery target asked us to wait: the outbox reschedules instead of sleeping. */
export class RateLimitedError extends BreachwatchError {
  readonly platform: string;
  readonly retryAfterMs: number;
  readonly scope: string;

  constructor(platform: string, retryAfterMs: number, scope = 'route', options?: { cause?: unknown }) {
    super(
      ErrorCode.DeliveryRateLimited,
      `${platform} asked us to slow down; retrying in ${Math.ceil(retryAfterMs / 1000)} s (${scope} limit).`,
      options,
    );
    this.platform = platform;
    this.retryAfterMs = retryAfterMs;
    this.scope = scope;
  }
}

export function isBreachwatchError(value: unknown): value is BreachwatchError {
  return value instanceof BreachwatchError;
}

/** Wraps anything thrown in a BreachwatchError, keeping the original as `cause`. */
export function toBreachwatchError(value: unknown, code: ErrorCode = ErrorCode.Unknown): BreachwatchError {
  if (value instanceof BreachwatchError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new BreachwatchError(code, message, { cause: value });
}

/** A one-line description for logs: code and message, never a stack. */
export function describeError(value: unknown): string {
  const error = toBreachwatchError(value);
  return `${error.message} [${error.code}]`;
}

/** What a person is shown (chat replies and notices): the message only; codes stay in the logs. */
export function userMessage(value: unknown): string {
  return withoutCodes(toBreachwatchError(value).message);
}

/** Drops the " [breachwatch_…]" codes describeError adds, e.g. from a feed's logged last error. */
export function withoutCodes(text: string): string {
  return text.replace(/\s*\[breachwatch_[a-z_]+\]/g, '');
}
