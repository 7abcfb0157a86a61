/**
 * Writing the naive date strings providers expect in requests: date-fns `lightFormat` on a
 * `TZDateMini` in the zone.
 * @module
 */
import { TZDateMini } from '@date-fns/tz/date/mini';
import { lightFormat } from 'date-fns/lightFormat';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertTimeZone } from './zone.js';

/**
 * Formats `date` as wall time in `timeZone` with a date-fns `lightFormat` pattern: `yyyy`/`yy`,
 * `M`/`MM`, `d`/`dd`, `H`/`HH`, `h`/`hh`, `m`/`mm`, `s`/`ss`, `S…` (fractions of a second), `a`
 * (AM/PM), text in single quotes, and `''` for a quote. `lightFormat` rather than `format`: no
 * provider wants a localized date, and `format` brings date-fns' locale machinery.
 * @throws InvalidArgumentError for an invalid date, an unknown zone or a pattern with any other
 *   unquoted letter (`YYYY`, `EEE`, …)
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
  const zoned = new TZDateMini(ms, assertTimeZone(timeZone));
  try {
    if (typeof pattern !== 'string') throw new TypeError('the pattern must be a string');
    if (Number.isNaN(zoned.getFullYear())) throw new RangeError('the date is out of range in that zone');
    return lightFormat(zoned, pattern);
  } catch (error) {
    // lightFormat's RangeError names the letter it refuses: quote literal text ('T').
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError(
      `Cannot format a date with pattern ${JSON.stringify(pattern)}: ${reason}`,
      {
        argument: 'pattern',
      },
    );
  }
}
