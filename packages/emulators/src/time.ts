/**
 * Wall-clock conversions in IANA zones with nothing but Intl, so the emulators share no date code
 * with the SDK. Offsets are cached per quarter hour: generating a million records in order asks
 * Intl only when the quarter hour changes.
 */
import type { DateInput } from './types.js';

/** The fields of a naive (zone-less) date and time. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, { days: Map<number, number>; quarters: Map<number, number> }>();
const QUARTER_HOUR = 900_000;
const DAY = 86_400_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError that names the option when `timeZone` is not a zone Intl knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(`timeZone "${timeZone}" is not an IANA time zone (e.g. "Europe/Zurich")`);
  }
}

function offsetAt(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/** Milliseconds to add to a UTC instant to get the wall time in `timeZone`. */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    cache = { days: new Map(), quarters: new Map() };
    offsetCaches.set(timeZone, cache);
  }
  // A UTC day whose two ends share an offset has no transition (zones change at most once a
  // day), so one entry serves the whole day; days with a change fall back to quarter hours.
  const day = Math.floor(epochMs / DAY);
  let offset = cache.days.get(day);
  if (offset === undefined) {
    const start = offsetAt(day * DAY, timeZone);
    offset = start === offsetAt(day * DAY + DAY - 1000, timeZone) ? start : Number.NaN;
    if (cache.days.size > 100_000) cache.days.clear();
    cache.days.set(day, offset);
  }
  if (!Number.isNaN(offset)) return offset;
  const quarter = Math.floor(epochMs / QUARTER_HOUR);
  let exact = cache.quarters.get(quarter);
  if (exact === undefined) {
    exact = offsetAt(quarter * QUARTER_HOUR, timeZone);
    if (cache.quarters.size > 100_000) cache.quarters.clear();
    cache.quarters.set(quarter, exact);
  }
  return exact;
}

/** The wall time of an instant in `timeZone`. */
export function toWallTime(epochMs: number, timeZone: string): WallTime {
  const d = new Date(epochMs + zoneOffsetMs(epochMs, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/**
 * The instant a wall time denotes in `timeZone`. In a DST gap the wall time is read with the
 * offset before the gap (so 02:30 becomes 03:30); in an overlap, the earlier instant wins.
 */
export function wallTimeToEpoch(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const before = zoneOffsetMs(asUtc - 86_400_000, timeZone);
  const after = zoneOffsetMs(asUtc + 86_400_000, timeZone);
  const early = asUtc - before;
  if (before === after) return early;
  const late = asUtc - after;
  const earlyFits = zoneOffsetMs(early, timeZone) === before;
  const lateFits = zoneOffsetMs(late, timeZone) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (lateFits) return late;
  return early;
}

/** Pads to two digits. */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `yyyy-mm-dd`. */
export function formatDate(wall: WallTime): string {
  return `${wall.year}-${pad2(wall.month)}-${pad2(wall.day)}`;
}

/** `hh:mm:ss`. */
export function formatClock(wall: WallTime): string {
  return `${pad2(wall.hour)}:${pad2(wall.minute)}:${pad2(wall.second)}`;
}

/** `yyyy-mm-dd hh:mm:ss` (or with `T` as separator). */
export function formatDateTime(wall: WallTime, separator = ' '): string {
  return `${formatDate(wall)}${separator}${formatClock(wall)}`;
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * Parses `yyyy-mm-dd` or `yyyy-mm-dd hh:mm:ss` (space or `T`) and checks that the fields name a
 * real calendar date. Returns null otherwise; `hasTime` tells which form it was.
 */
export function parseNaive(text: string): (WallTime & { hasTime: boolean }) | null {
  const m = NAIVE.exec(text);
  if (!m) return null;
  const wall = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    hasTime: m[4] !== undefined,
  };
  if (!isValidWall(wall)) return null;
  return wall;
}

/** True when the fields name an existing date and a time of day. */
export function isValidWall(wall: WallTime): boolean {
  if (wall.month < 1 || wall.month > 12 || wall.day < 1) return false;
  if (wall.day > daysInMonth(wall.year, wall.month)) return false;
  return wall.hour <= 23 && wall.minute <= 59 && wall.second <= 59;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The wall time as if it were UTC: handy for comparing naive values and calendar spans. */
export function naiveMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** Reads a `DateInput` option into epoch milliseconds, or throws naming the option. */
export function toEpochMs(value: DateInput, name: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a Date, an ISO-8601 string or epoch ms`);
  return ms;
}
