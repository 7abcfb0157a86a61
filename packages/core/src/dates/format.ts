/**
 * Writing dates: provider date strings in a zone, and ISO strings for `CallRecord`.
 * @module
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertTimeZone } from './zone.js';

/**
 * Formats `date` as wall time in `timeZone` with a date-fns pattern, for the naive date strings
 * providers expect in requests.
 * @throws InvalidArgumentError for an invalid date, an unknown zone or a pattern date-fns refuses
 * @example
 * ```ts
 * formatProviderDate(new Date('2018-02-06T19:12:56Z'), 'yyyy-MM-dd HH:mm:ss', 'Europe/Zurich');
 * // '2018-02-06 20:12:56'
 * formatProviderDate(new Date('2002-05-11T12:00:00Z'), 'MM/dd/yyyy', 'America/New_York'); // '05/11/2002'
 * ```
 */
export function formatProviderDate(date: Date, pattern: string, timeZone: string): string {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError('Cannot format an invalid Date: pass a Date with a valid time.', {
      argument: 'date',
    });
  }
  assertTimeZone(timeZone);
  try {
    return format(new TZDate(ms, timeZone), pattern);
  } catch (error) {
    // date-fns throws a RangeError for patterns it refuses (`YYYY` without its option, …).
    throw new InvalidArgumentError(
      `Cannot format a date with pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`,
      { argument: 'pattern' },
    );
  }
}

/**
 * `new Date(ms).toISOString()`, or null when `ms` is NaN or out of range (never throws): the
 * shape of `CallRecord.startedAt`, `answeredAt` and `endedAt`.
 * @example
 * ```ts
 * toIsoUtc(1517944376000); // '2018-02-06T19:12:56.000Z'
 * toIsoUtc(Number.NaN);    // null
 * ```
 */
export function toIsoUtc(ms: number): string | null {
  if (typeof ms !== 'number' || !(Math.abs(ms) <= 8.64e15)) return null;
  return new Date(ms).toISOString();
}
