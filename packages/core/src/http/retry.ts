/**
 * The retry policy's pure parts: how long to wait, and what a `Retry-After` header asks for.
 * @module
 */

/**
 * Backoff delay before retry number `retry` (1-based): full jitter,
 * `random() * min(maxDelayMs, baseDelayMs * 2 ** (retry - 1))`.
 *
 * Full jitter spreads clients that failed together over the whole window, so they do not
 * retry in lockstep (AWS Architecture Blog, "Exponential Backoff and Jitter").
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseDelayMs: 300, maxDelayMs: 10_000 }, () => 0.5); // 600
 * ```
 */
export function backoffDelay(
  retry: number,
  options: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.max(0, random() * ceiling);
}

/**
 * Reads a `Retry-After` header (seconds or an HTTP date) to ms; undefined when absent or
 * unreadable.
 *
 * RFC 9110 §10.2.3: `Retry-After = HTTP-date / delay-seconds`. A date in the past means "now" (0).
 *
 * @example
 * ```ts
 * parseRetryAfter('120');                                                   // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27)); // 60000
 * ```
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only a date has letters in it; `-5` or `1e3` are not valid delay-seconds.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
