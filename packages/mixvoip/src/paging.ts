/**
 * getCalls' windows: MIXvoip answers whole days (`START_DATE` before `END_DATE`, at most 3
 * months apart) in one answer, so windows are counted in days of the client's zone and a window
 * is never paged, only cut at midnights when its answer may be truncated.
 * @module
 */
import { formatProviderDate, nextWindow, wallTimeToEpoch } from '@cdrkit/core';
import { evenSplitPoints } from '@cdrkit/core/provider';

/** The doc's "interval between START_DATE and END_DATE cannot exceed 3 months". */
const MAX_WINDOW = { months: 3 } as const;

/** What the error says when a window that cannot be cut still reaches the cap. */
export const NARROWEST =
  'one day (asked for as that day and the next, since START_DATE must be before END_DATE)';

/** One request: a window of the range and the days that cover it. */
export interface DayWindow {
  from: number;
  to: number;
  /** First day asked for, `yyyy-MM-dd` in the client's zone. */
  startDay: string;
  /** Last day asked for, inclusive. */
  endDay: string;
}

/**
 * The window of a range that starts at `from` (epoch ms), and its days: it runs to 3 calendar
 * months after `from`'s midnight in `timeZone` (or to `rangeEnd`), so its days stay within the
 * API's 3 months and the next window starts on a midnight.
 */
export function windowAt(from: number, rangeEnd: number, timeZone: string): DayWindow {
  const midnight = midnightAtOrBefore(from, timeZone);
  const window = nextWindow(new Date(midnight), new Date(rangeEnd), MAX_WINDOW, { timeZone });
  return daysOf(from, window === null ? rangeEnd : window.to.getTime(), timeZone);
}

/** The end of the window that starts at `from`: the source's `windowEnd`. */
export function windowEnd(from: number, rangeEnd: number, timeZone: string): number {
  return windowAt(from, rangeEnd, timeZone).to;
}

/** The windows of `[from, to)` one after another, as `downloadCsv` asks for them. */
export function* windowsOf(
  from: number,
  to: number,
  timeZone: string,
): Generator<DayWindow, void, undefined> {
  for (let at = from; at < to; ) {
    const window = windowAt(at, to, timeZone);
    yield window;
    at = window.to;
  }
}

/**
 * The days to ask for to cover `[from, to)`: from `from`'s day through the day of its last
 * instant, and at least two days (START_DATE must be smaller than END_DATE).
 */
export function daysOf(from: number, to: number, timeZone: string): DayWindow {
  const startDay = formatProviderDate(new Date(from), 'yyyy-MM-dd', timeZone);
  const lastDay = formatProviderDate(new Date(to - 1), 'yyyy-MM-dd', timeZone);
  return { from, to, startDay, endDay: lastDay > startDay ? lastDay : dayAfter(startDay) };
}

/**
 * Where to cut `[from, to)` into about `parts` parts of whole days in `timeZone` (the split's
 * `splitPoints`); empty when no midnight lies inside: one day is the narrowest window.
 */
export function midnightsInside(from: number, to: number, parts: number, timeZone: string): number[] {
  return evenSplitPoints(from, to, parts, (ms) => midnightAtOrBefore(ms, timeZone));
}

/** The midnight in `timeZone` that starts the day `ms` lies in. */
function midnightAtOrBefore(ms: number, timeZone: string): number {
  const [year, month, date] = formatProviderDate(new Date(ms), 'yyyy-MM-dd', timeZone)
    .split('-')
    .map(Number) as [number, number, number];
  return Math.min(ms, wallTimeToEpoch(year, month, date, 0, 0, 0, timeZone));
}

/** `yyyy-MM-dd` of the next calendar day (calendar arithmetic: no zone involved). */
function dayAfter(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}
