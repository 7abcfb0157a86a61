/**
 * getCalls' windows: MIXvoip takes whole days (`START_DATE`, `END_DATE`, at most 3 months
 * apart, START_DATE smaller than END_DATE), so windows are counted in days of the client's zone.
 * @module
 */
import { formatProviderDate, nextWindow, wallTimeToEpoch } from '@cdrkit/core';
import { evenSplitPoints } from '@cdrkit/core/provider';

/**
 * The longest range one request may cover: the doc's "interval between START_DATE and
 * END_DATE cannot exceed 3 months".
 */
const MAX_WINDOW = { months: 3 } as const;

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
 * The window of a range that starts at `from` (epoch ms) and the days to ask for: it runs to 3
 * calendar months after `from`'s midnight in `timeZone` (or to `rangeEnd`), so the days it asks
 * for, from `from`'s day through the day of its last instant, stay within the API's 3 months,
 * and the next window starts on a midnight. Successive windows tile the range with no gap and
 * no overlap: 8 months from a midnight are three windows. A window inside one day asks for
 * that day and the next, because the doc wants START_DATE "smaller than END_DATE".
 */
export function windowAt(from: number, rangeEnd: number, timeZone: string): DayWindow {
  const midnight = midnightAtOrBefore(from, timeZone);
  const window = nextWindow(new Date(midnight), new Date(rangeEnd), MAX_WINDOW, { timeZone });
  return daysOf(from, window === null ? rangeEnd : window.to.getTime(), timeZone);
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
 * Where to cut `[from, to)` into about `parts` parts of whole days in `timeZone` (core's
 * `evenSplitPoints` on midnights); empty when no midnight lies strictly inside, so the window is
 * one day or less, the narrowest MIXvoip can be asked for.
 */
export function midnightsInside(from: number, to: number, parts: number, timeZone: string): number[] {
  return evenSplitPoints(from, to, parts, (ms) => midnightAtOrBefore(ms, timeZone));
}

/** The midnight in `timeZone` that starts the day `ms` lies in. */
function midnightAtOrBefore(ms: number, timeZone: string): number {
  return Math.min(ms, midnightOf(formatProviderDate(new Date(ms), 'yyyy-MM-dd', timeZone), timeZone));
}

/** `yyyy-MM-dd` of the next calendar day (calendar arithmetic: no zone involved). */
function dayAfter(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

function midnightOf(day: string, timeZone: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return wallTimeToEpoch(year, month, date, 0, 0, 0, timeZone);
}
