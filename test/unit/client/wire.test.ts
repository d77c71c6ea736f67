// What the client reads from a failed answer about retrying: each throttle signal on its own.
import { describe, expect, it } from 'vitest';
import { messageWaitMs, retrySignals } from '../../../src/providers/openai/wire.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('retrySignals', () => {
  it('retry-after-ms, in milliseconds, wins over retry-after', () => {
    expect(retrySignals({ 'retry-after-ms': '1500', 'retry-after': '9' }, '', NOW)).toEqual({ waitMs: 1500 });
  });

  it('retry-after in seconds, and as an HTTP date', () => {
    expect(retrySignals({ 'retry-after': '3' }, '', NOW)).toEqual({ waitMs: 3000 });
    expect(retrySignals({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, '', NOW)).toEqual({ waitMs: 7000 });
  });

  it('ignores a wait that is negative, unreadable or too long, and falls back to the next signal', () => {
    expect(retrySignals({ 'retry-after-ms': '-5', 'retry-after': '2' }, '', NOW)).toEqual({ waitMs: 2000 });
    expect(retrySignals({ 'retry-after': 'soon' }, '', NOW)).toEqual({});
    expect(retrySignals({ 'retry-after': '86400' }, 'try again in 5s', NOW)).toEqual({ waitMs: 5000 });
  });

  it("the message's hint when there is no header", () => {
    const message = "You've exceeded the rate limit, please slow down and try again after 6.937 seconds.";
    expect(retrySignals({}, message, NOW)).toEqual({ waitMs: 6937 });
    expect(messageWaitMs('Rate limit reached. Please try again in 7s.')).toBe(7000);
    expect(messageWaitMs('Please try again in 250ms.')).toBe(250);
    expect(messageWaitMs('Please try again in 2 sec')).toBe(2000);
    expect(messageWaitMs('Rate limit reached for requests.')).toBeUndefined();
  });

  it('x-should-retry: true forces, false forbids, anything else says nothing', () => {
    expect(retrySignals({ 'x-should-retry': 'true' }, '', NOW)).toEqual({ shouldRetry: true });
    expect(retrySignals({ 'x-should-retry': 'false', 'retry-after': '1' }, '', NOW)).toEqual({ waitMs: 1000, shouldRetry: false });
    expect(retrySignals({ 'x-should-retry': 'maybe' }, '', NOW)).toEqual({});
  });
});
