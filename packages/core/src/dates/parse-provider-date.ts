/**
 * A hand-written scanner for the naive timestamps providers send, run once per record: no
 * regular expression, no allocation, no `Intl` call on the common path. Hand-written because
 * date-fns' `parse` reads one pattern per call, many times slower, and providers mix shapes.
 * @module
 */
import { daysInMonth, naiveUtc, zonedToEpoch } from './zone.js';

const MINUTE = 60_000;

/** Position just after the digits {@link readNumber} read last (module state keeps it allocation-free). */
let cursor = 0;

/**
 * Reads a naive provider timestamp as wall time in `timeZone` and returns epoch ms, or `NaN`
 * when it is not a date. Fast path for the shapes providers send:
 *
 * - `yyyy-MM-dd HH:mm:ss` (Boxis), `yyyy-MM-ddTHH:mm:ss` (Nimblevox);
 * - the date and time joined by a comma, a line break or several spaces (MIXvoip's
 *   `2021-06-29,08:30:15` and `"2021-06-29\n08:13:50"`);
 * - seconds optional, a fraction optional (`.123`, truncated to ms);
 * - `MM/dd/yyyy h:mm[:ss]am` US style (iPing's `07/28/2003 2:45:00pm`, `03/16/2004 07:00am`),
 *   or without `am`/`pm` as a 24-hour time;
 * - a date alone (`2018-02-06`, `05/11/2002`) is its midnight;
 * - surrounding whitespace ignored; a trailing `Z` or `±hh:mm` wins over `timeZone`.
 *
 * `0000-00-00 00:00:00` (Boxis' "never answered") and other impossible dates give `NaN`. A
 * wall time that does not exist (DST gap) moves forward by the gap; an ambiguous one (DST
 * overlap) takes the earlier instant.
 * @throws InvalidArgumentError when `timeZone` is not an IANA zone this runtime knows
 * @example
 * ```ts
 * parseProviderDate('2018-02-06 20:12:56', 'Europe/Zurich'); // 1517944376000
 * parseProviderDate('0000-00-00 00:00:00', 'Europe/Zurich'); // NaN
 * ```
 */
export function parseProviderDate(text: string, timeZone: string): number {
  if (typeof text !== 'string') return Number.NaN;
  let end = text.length;
  let i = 0;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;

  let year: number;
  let month: number;
  let day: number;
  const first = readNumber(text, i, end, 4);
  if (first < 0) return Number.NaN;
  const separator = text.charCodeAt(cursor);
  if (separator === 45 /* - */ && cursor - i === 4) {
    year = first;
    month = readNumber(text, cursor + 1, end, 2);
    if (month < 0 || text.charCodeAt(cursor) !== 45) return Number.NaN;
    day = readNumber(text, cursor + 1, end, 2);
  } else if (separator === 47 /* / */ && cursor - i <= 2) {
    month = first;
    day = readNumber(text, cursor + 1, end, 2);
    if (day < 0 || text.charCodeAt(cursor) !== 47) return Number.NaN;
    const yearStart = cursor + 1;
    year = readNumber(text, yearStart, end, 4);
    if (cursor - yearStart !== 4) return Number.NaN;
  } else {
    return Number.NaN;
  }
  if (day < 1 || month < 1 || month > 12 || day > daysInMonth(year, month)) return Number.NaN;
  i = cursor;

  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offsetMs = Number.NaN;
  if (i < end) {
    // Between date and time: `T`, or any run of spaces, line breaks and commas.
    const start = i;
    const c = text.charCodeAt(i);
    if (c === 84 /* T */ || c === 116 /* t */) i++;
    else while (i < end && isDateTimeSeparator(text.charCodeAt(i))) i++;
    if (i === start) return Number.NaN;

    hour = readNumber(text, i, end, 2);
    if (hour < 0 || text.charCodeAt(cursor) !== 58 /* : */) return Number.NaN;
    minute = readTwoDigits(text, cursor + 1, end);
    if (minute < 0 || minute > 59) return Number.NaN;
    i = cursor;
    if (text.charCodeAt(i) === 58 /* : */) {
      second = readTwoDigits(text, i + 1, end);
      if (second < 0 || second > 59) return Number.NaN;
      i = cursor;
      const dot = text.charCodeAt(i);
      if (dot === 46 /* . */ || dot === 44 /* , */) {
        const fractionStart = i + 1;
        let scale = 100;
        i = fractionStart;
        while (i < end) {
          const digit = text.charCodeAt(i) - 48;
          if (digit < 0 || digit > 9) break;
          ms += digit * scale;
          scale /= 10;
          i++;
        }
        if (i === fractionStart) return Number.NaN;
        ms = Math.floor(ms);
      }
    }
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i < end) {
      const c = text.charCodeAt(i) | 32; // lower case
      if ((c === 97 /* a */ || c === 112) /* p */ && (text.charCodeAt(i + 1) | 32) === 109 /* m */) {
        // 12-hour clock: 12:xxam is just after midnight, 12:xxpm just after noon.
        if (hour < 1 || hour > 12) return Number.NaN;
        hour = (hour % 12) + (c === 112 ? 12 : 0);
        i += 2;
      } else {
        offsetMs = readOffset(text, i, end);
        if (Number.isNaN(offsetMs)) return offsetMs;
        i = end;
      }
    }
    if (i !== end || hour > 23) return Number.NaN;
  }

  const naive = naiveUtc(year, month, day, hour, minute, second);
  if (Number.isNaN(naive)) return naive;
  return (Number.isNaN(offsetMs) ? zonedToEpoch(naive, timeZone) : naive - offsetMs) + ms;
}

/** Reads up to `maxDigits` digits at `start`: their value, or -1 when there are none. */
function readNumber(text: string, start: number, end: number, maxDigits: number): number {
  const stop = Math.min(end, start + maxDigits);
  let value = 0;
  let i = start;
  while (i < stop) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    i++;
  }
  cursor = i;
  return i === start ? -1 : value;
}

/** Exactly two digits (minutes, seconds), or -1. */
function readTwoDigits(text: string, start: number, end: number): number {
  const value = readNumber(text, start, end, 2);
  return cursor - start === 2 ? value : -1;
}

/** `Z`, `±hh`, `±hhmm` or `±hh:mm` filling [start, end): the offset in ms east of UTC, else NaN. */
function readOffset(text: string, start: number, end: number): number {
  const sign = text.charCodeAt(start);
  if (sign === 90 /* Z */ || sign === 122 /* z */) return start + 1 === end ? 0 : Number.NaN;
  if (sign !== 43 /* + */ && sign !== 45 /* - */) return Number.NaN;
  const hours = readTwoDigits(text, start + 1, end);
  if (hours < 0 || hours > 23) return Number.NaN;
  let minutes = 0;
  let i = cursor;
  if (i < end) {
    if (text.charCodeAt(i) === 58 /* : */) i++;
    minutes = readTwoDigits(text, i, end);
    if (minutes < 0 || minutes > 59 || cursor !== end) return Number.NaN;
  }
  return (sign === 45 ? -1 : 1) * (hours * 60 + minutes) * MINUTE;
}

/** Space, tab, line feed, carriage return, no-break space. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 160;
}

function isDateTimeSeparator(c: number): boolean {
  return c === 44 /* , */ || isSpace(c);
}
