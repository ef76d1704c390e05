import { describe, expect, it } from 'vitest';
import { BreachwatchError, ErrorCode, RateLimitedError, describeError, toBreachwatchError } from '../../src/domain/errors.ts';

describe('errors', () => {
  it('keeps the code and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new BreachwatchError(ErrorCode.FeedUnreachable, 'Could not reach the feed.', { cause });
    expect(error.code).toBe('breachwatch_feed_unreachable');
    expect(error.cause).toBe(cause);
    expect(error.name).toContain('breachwatch_feed_unreachable');
  });
  it('wraps unknown values and describes them in one line', () => {
    const wrapped = toBreachwatchError('boom');
    expect(wrapped.code).toBe(ErrorCode.Unknown);
    expect(describeError(new RateLimitedError('slack', 2500))).toBe(
      'slack asked us to slow down; retrying in 3 s (route limit). [breachwatch_delivery_rate_limited]',
    );
  });
});
