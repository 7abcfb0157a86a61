import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kyRetry } from '../src/http/options.js';
import { parseRetryAfter } from '../src/provider.js';

describe('the retry policy handed to ky', () => {
  const policy = {
    limit: 3,
    baseDelayMs: 300,
    maxDelayMs: 10_000,
    maxRetryAfterMs: 60_000,
    statusCodes: [429, 503],
  };
  const retry = kyRetry(policy);
  const delay = retry.delay as (retryCount: number) => number;

  it('doubles the delay with each retry, up to maxDelayMs, and lets ky draw full jitter below it', () => {
    expect([1, 2, 3, 4].map(delay)).toEqual([300, 600, 1200, 2400]);
    expect(delay(20)).toBe(10_000);
    expect(retry.jitter).toBe(true);
    expect(retry.backoffLimit).toBe(10_000);
  });

  it('never asks ky for more than maxDelayMs, whatever the retry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (retryCount) => {
        const value = delay(retryCount);
        return value >= 0 && value <= Math.min(10_000, 300 * 2 ** (retryCount - 1));
      }),
    );
  });

  it('retries POST (every provider call is a read), timeouts, and honours Retry-After on every retried status', () => {
    expect(retry).toMatchObject({
      limit: 3,
      methods: ['get', 'post'],
      statusCodes: [429, 503],
      afterStatusCodes: [429, 503],
      maxRetryAfter: 60_000,
      retryOnTimeout: true,
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2015, 9, 21, 7, 27, 0);

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:27:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
  });

  it('returns undefined for a missing or unreadable value', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('1e3', now)).toBeUndefined();
  });
});
