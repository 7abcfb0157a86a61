/**
 * Boxis' windows: getCDR has no paging, so a range is asked for window by window (`windowSpan`
 * in the client's zone), each window whole, and cut at whole seconds when its answer may be
 * truncated (core's split, `maxRecordsPerAnswer`).
 * @module
 */
import { nextWindow, type WindowSpan } from '@cdrkit/core';
import { coverRepeatedWallTimes, evenSplitPoints } from '@cdrkit/core/provider';
import type { BoxisCdr } from './schemas.js';
import type { Call } from './wire.js';

/** Boxis' dates count whole seconds: no window is narrower. */
const SECOND = 1000;

/** The end of the window that starts at `from`: `span` later in `timeZone`, at most `end`. */
export function windowEnd(from: number, end: number, span: WindowSpan, timeZone: string): number {
  const window = nextWindow(new Date(from), new Date(end), span, { timeZone });
  return window === null ? end : window.to.getTime();
}

/** Where to cut `[from, to)` into about `parts` parts: on whole seconds. */
export function splitPoints(from: number, to: number, parts: number): number[] {
  return evenSplitPoints(from, to, parts, (ms) => ms - (ms % SECOND));
}

/**
 * The instants to ask for so that the answer covers `[from, to)` at the API's one-second
 * granularity, whatever its own inclusivity: `to` rounded up to the second, and past a
 * fall-back hour the window ends in, or the second pass of that hour is never asked for.
 */
export function askedRange(from: number, to: number, timeZone: string): { from: number; to: number } {
  return { from, to: coverRepeatedWallTimes(from, to, Math.ceil(to / SECOND) * SECOND, timeZone) };
}

/** The calls that started in `[from, to)`: windows then meet with no gap and no duplicate. */
export function callsInside(calls: readonly Call[], from: number, to: number): BoxisCdr[] {
  const items: BoxisCdr[] = [];
  for (const call of calls) {
    if (call.startedAt >= from && call.startedAt < to) items.push(call.record);
  }
  return items;
}
