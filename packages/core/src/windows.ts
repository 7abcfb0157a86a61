/**
 * Splitting a date range into the windows a provider accepts.
 * @module
 */
import { TZDateMini } from '@date-fns/tz/date/mini';
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { toIsoUtc } from './dates/to-iso-utc.js';
import { assertTimeZone, epochToNaive, zonedToEpoch } from './dates/zone.js';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';

/**
 * A window's largest span: milliseconds, or calendar units counted in the window's zone
 * (months first, then days, then hours as elapsed time, as date-fns `add` does).
 * @example
 * ```ts
 * const nimblevox: WindowSpan = { days: 90 };
 * const mixvoip: WindowSpan = { months: 3 };
 * const hourly: WindowSpan = 3_600_000;
 * ```
 */
export type WindowSpan =
  | number
  | {
      /** Calendar months, counted in the window's zone (Jan 31 + 1 month is the end of February). */
      months?: number;
      /** Calendar days, counted in the window's zone (a day is 23 or 25 hours across a DST change). */
      days?: number;
      /** Hours of elapsed time, added after months and days. */
      hours?: number;
    };

/** A half-open range [from, to). */
export interface DateWindow {
  /** The window's first instant (included). */
  from: Date;
  /** The instant just after the window (excluded); the next window starts here. */
  to: Date;
}

/**
 * Splits [from, to) into consecutive windows no longer than `maxSpan`: the first starts at
 * `from`, each next one where the previous ended, the last ends at `to`, so they cover the
 * range with no gap and no overlap. Calendar spans (`{ months: 3 }`) are counted in `timeZone`
 * (default UTC), so a day window is 23 or 25 hours across a DST change. Each window's end is
 * counted from its own start (Jan 31 + 1 month is Feb 29, then Feb 29 + 1 month is Mar 29), so
 * iterating with {@link nextWindow} from each window's end gives exactly the same windows.
 * @throws InvalidArgumentError when from is not before to, or maxSpan is not positive
 * @example
 * ```ts
 * splitIntoWindows(new Date('2024-01-01Z'), new Date('2024-07-15Z'), { months: 3 });
 * // [2024-01-01, 2024-04-01), [2024-04-01, 2024-07-01), [2024-07-01, 2024-07-15)
 * ```
 */
export function splitIntoWindows(
  from: Date,
  to: Date,
  maxSpan: WindowSpan,
  options: { timeZone?: string } = {},
): DateWindow[] {
  const start = from instanceof Date ? from.getTime() : Number.NaN;
  const end = to instanceof Date ? to.getTime() : Number.NaN;
  if (!(start < end)) {
    throw new InvalidArgumentError(
      `\`from\` (${toIsoUtc(start) ?? 'an invalid Date'}) must be before \`to\` (${toIsoUtc(end) ?? 'an invalid Date'}): the range is [from, to).`,
      { argument: 'from' },
    );
  }
  const step = stepper(maxSpan, options.timeZone);
  const windows: DateWindow[] = [];
  for (let cursor = start; cursor < end; ) {
    const next = Math.min(step(cursor), end);
    windows.push({ from: new Date(cursor), to: new Date(next) });
    cursor = next;
  }
  return windows;
}

/**
 * The first window of `splitIntoWindows(from, to, maxSpan)`, without building the rest; null
 * when from is not before to. Iterate a long range lazily with it: pass the previous
 * window's `to` as the next `from`.
 * @throws InvalidArgumentError when maxSpan is not positive
 * @example
 * ```ts
 * for (let w = nextWindow(from, to, { days: 90 }); w; w = nextWindow(w.to, to, { days: 90 })) {
 *   // request [w.from, w.to)
 * }
 * ```
 */
export function nextWindow(
  from: Date,
  to: Date,
  maxSpan: WindowSpan,
  options: { timeZone?: string } = {},
): DateWindow | null {
  const step = stepper(maxSpan, options.timeZone);
  const start = from instanceof Date ? from.getTime() : Number.NaN;
  const end = to instanceof Date ? to.getTime() : Number.NaN;
  if (!(start < end)) return null;
  return { from: new Date(start), to: new Date(Math.min(step(start), end)) };
}

/** Validates `maxSpan` and returns the function from a window's start to its largest end. */
function stepper(maxSpan: WindowSpan, timeZone = 'UTC'): (start: number) => number {
  if (typeof maxSpan === 'number') {
    // Whole ms only: a fractional span would not move a Date and never end.
    if (Number.isSafeInteger(maxSpan) && maxSpan > 0) return (start) => start + maxSpan;
  } else if (typeof maxSpan === 'object' && maxSpan !== null) {
    const { months = 0, days = 0, hours = 0 } = maxSpan;
    if (isCount(months) && isCount(days) && isCount(hours) && months + days + hours > 0) {
      const zone = assertTimeZone(timeZone);
      return (start) => addCalendar(start, months, days, zone) + hours * HOUR;
    }
  }
  throw new InvalidArgumentError(
    '`maxSpan` must be a positive whole number of milliseconds, or { months, days, hours } with ' +
      'non-negative whole numbers, at least one of them positive.',
    { argument: 'maxSpan' },
  );
}

const HOUR = 3_600_000;

/**
 * `start` plus `months`, then plus `days`, of `timeZone`'s calendar at the same wall-clock time:
 * date-fns `addMonths` and `addDays` (Jan 31 + 1 month = Feb 29) on the zone's wall time.
 * Each step's wall time resolves like every wall time in cdrkit (a DST gap moves it forward, an
 * overlap takes the earlier instant, see {@link zonedToEpoch}), and the day step starts from
 * where the month step landed.
 */
function addCalendar(start: number, months: number, days: number, timeZone: string): number {
  let epoch = start;
  if (months > 0) epoch = zonedToEpoch(addMonths(wallTime(epoch, timeZone), months).getTime(), timeZone);
  if (days > 0) epoch = zonedToEpoch(addDays(wallTime(epoch, timeZone), days).getTime(), timeZone);
  return epoch;
}

/**
 * The zone's wall time on a UTC `TZDateMini`, where date-fns counts the calendar with no DST in
 * the way. Not a `TZDate` in the zone itself: it resolves an overlap by the machine's own zone.
 */
function wallTime(epoch: number, timeZone: string): Date {
  return new TZDateMini(epochToNaive(epoch, timeZone), 'UTC');
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
