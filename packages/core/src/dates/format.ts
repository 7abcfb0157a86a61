/**
 * Writing dates: provider date strings in a zone, and ISO strings for `CallRecord`.
 * @module
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertTimeZone, epochToNaive } from './zone.js';

/**
 * Formats `date` as wall time in `timeZone` with a date-fns `lightFormat` pattern, for the
 * naive date strings providers expect in requests: `yyyy`/`yy`, `M`/`MM`, `d`/`dd`, `H`/`HH`,
 * `h`/`hh`, `m`/`mm`, `s`/`ss`, `S…` (fractions of a second), `a` (AM/PM), text in single
 * quotes, and `''` for a quote.
 *
 * Written here rather than imported: date-fns' `format` brings its locale machinery (5 KB
 * gzipped in every browser bundle), and `lightFormat` needs a `TZDate` to see the zone, whose
 * module patches `Date.prototype` at load time so that no bundler can drop it. The zone's
 * offset comes from the same cache that parses provider dates.
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
  const wall = new Date(epochToNaive(ms, assertTimeZone(timeZone)));
  const fail = (reason: string): never => {
    const message = `Cannot format a date with pattern ${JSON.stringify(pattern)}: ${reason}`;
    throw new InvalidArgumentError(message, { argument: 'pattern' });
  };
  if (Number.isNaN(wall.getTime())) fail('the date is out of range in that zone');
  if (typeof pattern !== 'string') fail('the pattern must be a string');
  return (pattern.match(TOKENS) ?? [])
    .map((token) => {
      if (token === "''") return "'";
      const letter = token[0] as string;
      if (letter === "'") return token.replace(QUOTED, '$1').replace(/''/g, "'");
      const field = FIELDS[letter];
      if (field !== undefined) return field(wall, token);
      return /[a-zA-Z]/.test(letter)
        ? fail(`the letter \`${letter}\` is not a lightFormat token; quote literal text ('T')`)
        : token;
    })
    .join('');
}

/** date-fns' lightFormat tokenizer: runs of one letter, `''`, quoted text, any other character. */
const TOKENS = /(\w)\1*|''|'(''|[^'])+('|$)|./g;
const QUOTED = /^'([\s\S]*?)'?$/;

/** date-fns' lightFormatters, reading the UTC fields of a wall time written as UTC. */
const FIELDS: Readonly<Record<string, (wall: Date, token: string) => string>> = {
  y: (wall, token) => {
    const signed = wall.getUTCFullYear();
    const year = signed > 0 ? signed : 1 - signed;
    return pad(token === 'yy' ? year % 100 : year, token.length);
  },
  M: (wall, token) => (token === 'M' ? String(wall.getUTCMonth() + 1) : pad(wall.getUTCMonth() + 1, 2)),
  d: (wall, token) => pad(wall.getUTCDate(), token.length),
  a: (wall, token) => {
    const period = wall.getUTCHours() >= 12 ? 'pm' : 'am';
    if (token.length <= 2) return period.toUpperCase();
    if (token === 'aaa') return period;
    if (token === 'aaaaa') return period[0] as string;
    return period === 'am' ? 'a.m.' : 'p.m.';
  },
  h: (wall, token) => pad(wall.getUTCHours() % 12 || 12, token.length),
  H: (wall, token) => pad(wall.getUTCHours(), token.length),
  m: (wall, token) => pad(wall.getUTCMinutes(), token.length),
  s: (wall, token) => pad(wall.getUTCSeconds(), token.length),
  S: (wall, token) => pad(Math.trunc(wall.getUTCMilliseconds() * 10 ** (token.length - 3)), token.length),
};

function pad(value: number, length: number): string {
  return (value < 0 ? '-' : '') + String(Math.abs(value)).padStart(length, '0');
}

/**
 * `new Date(ms).toISOString()`, or null when `ms` is NaN or out of range (never throws): the
 * shape of `CallRecord.startedAt`, `answeredAt` and `endedAt`.
 * @example
 * ```ts
 * toIsoUtc(1517944376000); // '2018-02-06T19:12:56.000Z'
 * toIsoUtc(Number.NaN);    // null
 * ```
 */
export function toIsoUtc(ms: number): string | null {
  if (typeof ms !== 'number' || !(Math.abs(ms) <= 8.64e15)) return null;
  // Years 1970 to 9999 by hand: Date#toISOString costs about 1 µs, a visible share of
  // iterating a page, and nearly every record of a date range shares its day with the last.
  if (!(ms >= 0 && ms < MS_YEAR_10000)) return new Date(ms).toISOString();
  const time = Math.floor(ms);
  const day = Math.floor(time / MS_DAY);
  if (day !== lastDay) {
    lastDay = day;
    lastDayPrefix = isoDayPrefix(day);
  }
  let rest = time - day * MS_DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${lastDayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

const MS_DAY = 86_400_000;
/** 10000-01-01T00:00:00Z: from there on, toISOString writes six-digit years. */
const MS_YEAR_10000 = 253_402_300_800_000;
const TWO_DIGITS = /* @__PURE__ */ Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
let lastDay = Number.NaN;
let lastDayPrefix = '';

/** `yyyy-MM-ddT` of a day counted from 1970-01-01 (0 to 2,932,896), by Hinnant's civil_from_days. */
function isoDayPrefix(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const date = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[date]}T`;
}
