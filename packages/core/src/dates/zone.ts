/**
 * Wall time in an IANA zone to epoch milliseconds, fast enough to run once per record.
 *
 * Hand-written because date-fns has no per-record equivalent: a `TZDate` built from wall fields
 * costs an `Intl` call each, and resolves a DST overlap by the machine's own zone.
 *
 * The zone's UTC offset comes from `Intl` (through @date-fns/tz's `tzOffset`) once per zone and
 * UTC hour, then from a cache: a month of records in one zone costs about 750 `Intl` calls, not
 * one per record.
 *
 * `tzOffset` is imported from its own entry: the package root also carries `TZDate`, whose
 * module patches `Date.prototype` methods onto its class at load time, which no bundler may drop.
 * @module
 */
import { tzOffset } from '@date-fns/tz/tzOffset';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Days in 400 Gregorian years: `Date.UTC` maps years 0..99 to 1900..1999, so shift by a cycle. */
const FOUR_CENTURIES = 146_097 * DAY;

/** Zones that are UTC under any name: no offset lookup at all. */
const UTC_ZONES = new Set([
  'UTC',
  'Etc/UTC',
  'GMT',
  'Etc/GMT',
  'Etc/UCT',
  'UCT',
  'Etc/Universal',
  'Universal',
]);

/** An hour of UTC in which the zone's offset changes (a DST switch or a rule change). */
interface OffsetChange {
  /** First epoch ms of the new offset. */
  at: number;
  before: number;
  after: number;
}

/** Offset in ms for one UTC hour, or the change inside that hour. */
type HourOffset = number | OffsetChange;

/** Per zone, per UTC hour (`floor(epoch / HOUR)`): the offset. */
const offsetCaches = new Map<string, Map<number, HourOffset>>();

/** An hour cache larger than this (about 23 years of hours) starts over: memory stays bounded. */
const MAX_CACHED_HOURS = 200_000;

/** Zones already checked against `Intl`. */
const knownZones = new Set<string>(UTC_ZONES);

/**
 * Checks that `timeZone` is an IANA zone this runtime knows, and returns it.
 * @throws InvalidArgumentError when `timeZone` is not an IANA zone this runtime knows
 * @example
 * ```ts
 * assertTimeZone('Europe/Zurich'); // 'Europe/Zurich'
 * assertTimeZone('Mars/Olympus');  // throws InvalidArgumentError
 * ```
 */
export function assertTimeZone(timeZone: string): string {
  if (knownZones.has(timeZone)) return timeZone;
  if (typeof timeZone === 'string' && timeZone.length > 0) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      knownZones.add(timeZone);
      return timeZone;
    } catch {
      // Intl throws a RangeError for an unknown zone: reported below in cdrkit's words.
    }
  }
  throw new InvalidArgumentError(
    `\`timeZone\` must be an IANA time zone such as 'UTC', 'Europe/Zurich' or 'America/New_York'; got ${describe(timeZone)}.`,
    { argument: 'timeZone' },
  );
}

/**
 * Epoch ms of a wall time in `timeZone` (month 1..12, second may carry a fraction). Same DST
 * rules as {@link parseProviderDate}: a wall time that does not exist (spring-forward gap)
 * moves forward by the gap; an ambiguous one (fall-back overlap) takes the earlier instant.
 * Returns `NaN` for a wall time that is not a calendar time (month 13, February 30, 24:00).
 * @throws InvalidArgumentError when `timeZone` is not an IANA zone this runtime knows
 * @example
 * ```ts
 * wallTimeToEpoch(2018, 2, 6, 20, 12, 56, 'Europe/Zurich'); // 1517944376000 (19:12:56Z)
 * ```
 */
export function wallTimeToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  if (
    !Number.isInteger(year) ||
    !isIntegerIn(month, 1, 12) ||
    !isIntegerIn(hour, 0, 23) ||
    !isIntegerIn(minute, 0, 59) ||
    !(second >= 0 && second < 60) ||
    !isIntegerIn(day, 1, daysInMonth(year, month))
  ) {
    return Number.NaN;
  }
  const whole = Math.floor(second);
  const naive = naiveUtc(year, month, day, hour, minute, whole);
  if (Number.isNaN(naive)) return naive;
  return zonedToEpoch(naive, timeZone) + Math.round((second - whole) * SECOND);
}

/**
 * `Date.UTC` for a validated wall time (month 1..12), years 0..99 included. `NaN` beyond the
 * range a `Date` can hold.
 * @internal
 */
export function naiveUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const ms =
    year >= 0 && year < 100
      ? Date.UTC(year + 400, month - 1, day, hour, minute, second) - FOUR_CENTURIES
      : Date.UTC(year, month - 1, day, hour, minute, second);
  return ms >= -8.64e15 && ms <= 8.64e15 ? ms : Number.NaN;
}

/**
 * Epoch ms of `naive` (a wall time written as if it were UTC) in `timeZone`.
 *
 * A wall time has one instant for each offset `o` around it with `offset(naive - o) === o`.
 * The offsets a day before and after bound the candidates (no zone changes twice in two
 * days): both valid is an overlap (take the earlier), none valid is a gap (keep the offset
 * from before it, which lands after the gap, moved forward by its length).
 * @internal
 */
export function zonedToEpoch(naive: number, timeZone: string): number {
  if (UTC_ZONES.has(timeZone)) return naive;
  const cache = offsetCaches.get(timeZone) ?? createCache(timeZone);
  const before = offsetAt(naive - DAY, cache, timeZone);
  const after = offsetAt(naive + DAY, cache, timeZone);
  const early = naive - before;
  // The common case: no offset change within a day of this time.
  if (before === after) return early;
  const late = naive - after;
  const earlyValid = offsetAt(early, cache, timeZone) === before;
  const lateValid = offsetAt(late, cache, timeZone) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (lateValid) return late;
  // Valid early instant, or a gap: the offset from before the change moves it forward.
  return early;
}

/**
 * The wall time of `epoch` in `timeZone`, written as if it were UTC (read it with the
 * `getUTC…` methods): the inverse of {@link zonedToEpoch}, for formatting and calendar steps.
 * @internal
 */
export function epochToNaive(epoch: number, timeZone: string): number {
  if (UTC_ZONES.has(timeZone)) return epoch;
  const cache = offsetCaches.get(timeZone) ?? createCache(timeZone);
  return epoch + offsetAt(epoch, cache, timeZone);
}

/** The zone's offset (ms east of UTC) at `epoch`. */
function offsetAt(epoch: number, cache: Map<number, HourOffset>, timeZone: string): number {
  const hour = Math.floor(epoch / HOUR);
  let entry = cache.get(hour);
  if (entry === undefined) {
    if (cache.size >= MAX_CACHED_HOURS) cache.clear();
    entry = hourOffset(hour, timeZone);
    cache.set(hour, entry);
  }
  if (typeof entry === 'number') return entry;
  return epoch < entry.at ? entry.before : entry.after;
}

function createCache(timeZone: string): Map<number, HourOffset> {
  assertTimeZone(timeZone);
  const cache = new Map<number, HourOffset>();
  offsetCaches.set(timeZone, cache);
  return cache;
}

/**
 * The offset for one UTC hour. When the first and last second of the hour disagree, a binary
 * search over its seconds finds the change (tz data counts in whole seconds): a dozen `Intl`
 * calls, twice a year per zone.
 */
function hourOffset(hour: number, timeZone: string): HourOffset {
  const first = (hour * HOUR) / SECOND;
  let low = first;
  let high = first + HOUR / SECOND - 1;
  const before = intlOffset(low, timeZone);
  const after = intlOffset(high, timeZone);
  if (before === after) return before;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (intlOffset(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return { at: high * SECOND, before, after };
}

/** Offset in ms at epoch second `second`, from `Intl`. */
function intlOffset(second: number, timeZone: string): number {
  const minutes = tzOffset(timeZone, new Date(second * SECOND));
  if (Number.isNaN(minutes)) assertTimeZone(timeZone);
  return Math.round(minutes * 60) * SECOND;
}

/** Days in `month` (1..12) of `year`, proleptic Gregorian: per record, where date-fns' `getDaysInMonth` needs a Date. @internal */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** A short, safe rendering of a bad value for an error message. @internal */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value instanceof Date) return 'an invalid Date';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'undefined') {
    return String(value);
  }
  return `a value of type ${typeof value}`;
}
