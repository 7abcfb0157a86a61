/**
 * Asking a provider whose dates are naive wall times for a range that ends in a fall-back
 * overlap, so that its answer still covers the range.
 *
 * Hand-written search: @date-fns/tz's `tzScan` finds offset changes only to the UTC hour, and
 * half-hour zones (Adelaide, St John's) change on the half hour.
 * @module
 */
import { assertTimeZone, epochToNaive } from './zone.js';

const SECOND = 1000;
/** Wider than any offset change there is (2 h, double summer time): where an overlap can start. */
const REACH = 3 * 3_600_000;

/**
 * The end to ask a naive-date provider for, so that its answer covers `[from, to)` even when
 * the range touches a fall-back overlap (an hour whose wall times happen twice).
 *
 * cdrkit reads a repeated wall time as its earlier instant, so the records of the second pass
 * are placed in the first; a request whose inclusive end `end` (the instant the provider's end
 * date is formatted from) falls inside the repetition would be read by one server as that wall
 * text and by another as its earlier instant, and either way miss records the range keeps. Past
 * the repetition (its first wall time that happens once), both readings cover it. Returns `end`
 * unchanged when the range touches no overlap, which is almost always: two cached offset
 * lookups.
 * @throws InvalidArgumentError when `timeZone` is not an IANA zone this runtime knows
 * @example
 * ```ts
 * // Zurich, 2024-10-27: 02:00–03:00 happens twice (00:00Z–01:00Z CEST, 01:00Z–02:00Z CET).
 * const to = Date.parse('2024-10-27T01:00:00Z'); // a window ending at the second 02:00
 * coverRepeatedWallTimes(Date.parse('2024-10-27T00:00:00Z'), to, to, 'Europe/Zurich');
 * // Date.parse('2024-10-27T02:00:00Z'): ask up to '2024-10-27 03:00:00'
 * ```
 */
export function coverRepeatedWallTimes(from: number, to: number, end: number, timeZone: string): number {
  assertTimeZone(timeZone);
  const offset = (epoch: number): number => epochToNaive(epoch, timeZone) - epoch;
  // Whole seconds, as tz data counts: the search lands on the change itself.
  let low = Math.floor((to - REACH) / SECOND) * SECOND;
  let high = low + 2 * REACH;
  const before = offset(low);
  const after = offset(high);
  // Only a backward change repeats wall times.
  if (!(after < before)) return end;
  while (high - low > SECOND) {
    const middle = low + Math.floor((high - low) / 2 / SECOND) * SECOND;
    if (offset(middle) === before) low = middle;
    else high = middle;
  }
  const shift = before - after;
  // The repeated span: `shift` before the change (first pass) to `shift` after it (second pass).
  const repeatedFrom = high - shift;
  const repeatedTo = high + shift;
  return from < repeatedTo && to > repeatedFrom && end < repeatedTo ? repeatedTo : end;
}
