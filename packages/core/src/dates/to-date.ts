/**
 * Reading the dates users pass (`from`, `to`): a `Date`, an ISO-8601 string or epoch ms.
 * Hand-written because date-fns' `parseISO` with `in: tz(zone)` resolves a DST overlap by the
 * machine's own zone, and accepts forms (`2024-W10`, `2024-061`) that no user means as a range end.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { DateInput } from '../types.js';
import { toIsoUtc } from './to-iso-utc.js';
import { assertTimeZone, describe, naiveUtc, wallTimeToEpoch } from './zone.js';

/** The largest epoch ms a `Date` holds (ECMAScript's time value range). */
const MAX_TIME = 8.64e15;

/**
 * ISO-8601 calendar date, optionally with a time (`T`, or a space as RFC 3339 allows), seconds,
 * a fraction and an offset (`Z`, `±hh`, `±hhmm`, `±hh:mm`).
 */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const ACCEPTED_FORMS =
  "a Date, an ISO-8601 string ('2024-03-01', '2024-03-01T10:00', '2024-03-01T10:00:00Z', " +
  "'2024-03-01T10:00:00+01:00') or epoch milliseconds";

/**
 * Reads a `Date`, an ISO-8601 string or epoch milliseconds. An ISO string without an offset
 * (`2024-03-01`, `2024-03-01T10:00`) is wall time in `timeZone`, with the DST rules of
 * {@link wallTimeToEpoch}. Always returns a new `Date`.
 * @param argument the option's name, for the error message (`from`, `to`)
 * @throws InvalidArgumentError when the input is not a valid date (the message names
 * `argument` and the accepted forms), or `timeZone` is unknown
 * @example
 * ```ts
 * toDate('2024-03-01', 'from', 'Europe/Zurich');         // 2024-02-29T23:00:00.000Z
 * toDate('2024-03-01T10:00:00Z', 'from', 'Europe/Zurich'); // 2024-03-01T10:00:00.000Z
 * toDate(1709287200000, 'to', 'UTC');                      // 2024-03-01T10:00:00.000Z
 * ```
 */
export function toDate(input: DateInput, argument: string, timeZone: string): Date {
  let ms = Number.NaN;
  if (input instanceof Date) ms = input.getTime();
  else if (typeof input === 'number') ms = input;
  else if (typeof input === 'string') ms = parseIsoString(input.trim(), timeZone);
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME) {
    throw new InvalidArgumentError(`\`${argument}\` must be ${ACCEPTED_FORMS}; got ${describe(input)}.`, {
      argument,
    });
  }
  return new Date(ms);
}

/**
 * Reads a range: both ends through {@link toDate}; `from` must be before `to` (the range is
 * half-open, [from, to), so equal ends would select nothing).
 * @throws InvalidArgumentError for an unparsable end or `from` not before `to`
 * @example
 * ```ts
 * toDateRange({ from: '2024-03-01', to: '2024-04-01' }, 'UTC');
 * ```
 */
export function toDateRange(
  range: { from: DateInput; to: DateInput },
  timeZone: string,
): {
  /** The first instant of the range (included). */
  from: Date;
  /** The instant just after the range (excluded), always later than `from`. */
  to: Date;
} {
  const from = toDate(range.from, 'from', timeZone);
  const to = toDate(range.to, 'to', timeZone);
  if (from.getTime() >= to.getTime()) {
    throw new InvalidArgumentError(
      `\`from\` (${toIsoUtc(from.getTime())}) must be before \`to\` (${toIsoUtc(to.getTime())}): the range is [from, to).`,
      { argument: 'from' },
    );
  }
  return { from, to };
}

/** Epoch ms of an ISO-8601 string, or NaN when it is not one. */
function parseIsoString(text: string, timeZone: string): number {
  const match = ISO_DATE.exec(text);
  if (match === null) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zulu, sign, oh, om = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  if (zulu === undefined && sign === undefined) {
    return wallTimeToEpoch(year, month, day, hour, minute, second, assertTimeZone(timeZone)) + ms;
  }
  // An explicit offset: validate the wall time the same way, then shift by the offset.
  if (Number.isNaN(wallTimeToEpoch(year, month, day, hour, minute, second, 'UTC'))) return Number.NaN;
  const offsetHours = Number(oh ?? '0');
  const offsetMinutes = Number(om);
  if (offsetHours > 23 || offsetMinutes > 59) return Number.NaN;
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return naiveUtc(year, month, day, hour, minute, second) - offset + ms;
}
