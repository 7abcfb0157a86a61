import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../src/index.js';

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 300, maxDelayMs: 10_000 };

  it('doubles the ceiling with each retry and scales it by the random draw', () => {
    expect(backoffDelay(1, policy, () => 1)).toBe(300);
    expect(backoffDelay(2, policy, () => 1)).toBe(600);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(600);
    expect(backoffDelay(4, policy, () => 0.25)).toBe(600);
  });

  it('never goes past maxDelayMs', () => {
    expect(backoffDelay(20, policy, () => 1)).toBe(10_000);
    expect(backoffDelay(2000, policy, () => 0.999)).toBeLessThanOrEqual(10_000);
  });

  it('is zero when the draw is zero (full jitter spans the whole window)', () => {
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
  });

  it('stays within [0, min(max, base * 2^(retry-1))] for any draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, draw) => {
          const delay = backoffDelay(retry, policy, () => draw);
          return delay >= 0 && delay <= Math.min(10_000, 300 * 2 ** (retry - 1));
        },
      ),
    );
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
