/**
 * Reads a `Retry-After` header (seconds or an HTTP date) to ms; undefined when absent or
 * unreadable. ky reads the header to wait it out, but does not expose what it read: this
 * reading gives `RateLimitError.retryAfterMs`, and refuses a wait past `maxRetryAfterMs`.
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
