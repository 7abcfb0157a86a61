import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  formatProviderDate,
  parseProviderDate,
  toDate,
  toDateRange,
  toIsoUtc,
  wallTimeToEpoch,
} from '../src/dates/index.js';
import { InvalidArgumentError } from '../src/errors/index.js';

const ZURICH = 'Europe/Zurich';
const NEW_YORK = 'America/New_York';
const iso = (ms: number) => new Date(ms).toISOString();

/** The error `fn` throws, for asserting on its class and message. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('toDate', () => {
  it('copies a valid Date', () => {
    const input = new Date('2024-03-01T10:00:00Z');
    const result = toDate(input, 'from', ZURICH);
    expect(result.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(result).not.toBe(input);
  });

  it('reads epoch milliseconds', () => {
    expect(toDate(1709287200000, 'from', ZURICH).toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(toDate(0, 'from', ZURICH).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('reads an ISO date alone as midnight in the zone', () => {
    expect(toDate('2024-03-01', 'from', ZURICH).toISOString()).toBe('2024-02-29T23:00:00.000Z');
    expect(toDate('2024-07-01', 'from', NEW_YORK).toISOString()).toBe('2024-07-01T04:00:00.000Z');
    expect(toDate('2024-03-01', 'from', 'UTC').toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });

  it('reads an ISO date-time without offset as wall time in the zone', () => {
    expect(toDate('2024-03-01T10:00', 'from', ZURICH).toISOString()).toBe('2024-03-01T09:00:00.000Z');
    expect(toDate('2024-03-01T10:00:30', 'from', ZURICH).toISOString()).toBe('2024-03-01T09:00:30.000Z');
    expect(toDate('2024-03-01T10:00:30.25', 'from', ZURICH).toISOString()).toBe('2024-03-01T09:00:30.250Z');
    expect(toDate('2024-03-01 10:00:00', 'from', ZURICH).toISOString()).toBe('2024-03-01T09:00:00.000Z');
  });

  it('honours Z and ±hh:mm offsets whatever the zone', () => {
    expect(toDate('2024-03-01T10:00:00Z', 'from', ZURICH).toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(toDate('2024-03-01T10:00:00.123Z', 'from', NEW_YORK).toISOString()).toBe(
      '2024-03-01T10:00:00.123Z',
    );
    expect(toDate('2024-03-01T10:00:00+01:00', 'from', NEW_YORK).toISOString()).toBe(
      '2024-03-01T09:00:00.000Z',
    );
    expect(toDate('2024-03-01T10:00-05:30', 'from', 'UTC').toISOString()).toBe('2024-03-01T15:30:00.000Z');
    expect(toDate('2024-03-01T10:00:00+0100', 'from', 'UTC').toISOString()).toBe('2024-03-01T09:00:00.000Z');
  });

  it('tolerates surrounding whitespace', () => {
    expect(toDate(' 2024-03-01T10:00:00Z\n', 'from', 'UTC').toISOString()).toBe('2024-03-01T10:00:00.000Z');
  });

  it.each([
    ['an unparsable string', 'yesterday'],
    ['an empty string', ''],
    ['an impossible month', '2024-13-01'],
    ['February 30', '2024-02-30'],
    ['hour 24', '2024-03-01T24:00'],
    ['minute 60', '2024-03-01T10:60'],
    ['an offset of 24 hours', '2024-03-01T10:00+24:00'],
    ['epoch ms as a string', '1709287200000'],
    ['a US date', '03/01/2024'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a number beyond the Date range', 9e15],
    ['an invalid Date', new Date(Number.NaN)],
    ['null', null],
    ['undefined', undefined],
    ['an object', { from: 1 }],
  ])('rejects %s with an InvalidArgumentError naming the argument and the accepted forms', (_, input) => {
    const error = thrown(() => toDate(input as never, 'to', ZURICH));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('to');
    expect((error as Error).message).toMatch(
      /^`to` must be a Date, an ISO-8601 string .* or epoch milliseconds; got /,
    );
  });

  it('rejects an unknown zone for a wall-time string', () => {
    const error = thrown(() => toDate('2024-03-01', 'from', 'Mars/Olympus_Mons'));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('timeZone');
  });
});

describe('toDateRange', () => {
  it('reads both ends', () => {
    const range = toDateRange({ from: '2024-03-01', to: 1709337600000 }, 'UTC');
    expect(range.from.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(range.to.toISOString()).toBe('2024-03-02T00:00:00.000Z');
  });

  it('rejects from after to, showing both', () => {
    const error = thrown(() => toDateRange({ from: '2024-03-02', to: '2024-03-01' }, 'UTC'));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(
      '`from` (2024-03-02T00:00:00.000Z) must be before `to` (2024-03-01T00:00:00.000Z): the range is [from, to).',
    );
  });

  it('rejects an empty range (from equal to to)', () => {
    expect(() => toDateRange({ from: 5, to: 5 }, 'UTC')).toThrow(/must be before `to`/);
  });

  it('names the end that does not parse', () => {
    const error = thrown(() => toDateRange({ from: '2024-03-01', to: 'soon' }, 'UTC'));
    expect((error as InvalidArgumentError).argument).toBe('to');
  });
});

describe('formatProviderDate', () => {
  it('writes wall time in the zone (Boxis sample: 19:12:56Z is 20:12:56 in Zurich)', () => {
    const date = new Date('2018-02-06T19:12:56Z');
    expect(formatProviderDate(date, 'yyyy-MM-dd HH:mm:ss', ZURICH)).toBe('2018-02-06 20:12:56');
    expect(formatProviderDate(date, "yyyy-MM-dd'T'HH:mm:ss", 'UTC')).toBe('2018-02-06T19:12:56');
  });

  it('writes US dates for iPing', () => {
    expect(formatProviderDate(new Date('2002-05-11T03:00:00Z'), 'MM/dd/yyyy', NEW_YORK)).toBe('05/10/2002');
    expect(formatProviderDate(new Date('2002-05-11T05:00:00Z'), 'MM/dd/yyyy', NEW_YORK)).toBe('05/11/2002');
  });

  it('follows DST: the same UTC hour is a different wall hour in summer', () => {
    expect(formatProviderDate(new Date('2024-07-01T10:00:00Z'), 'HH:mm', ZURICH)).toBe('12:00');
    expect(formatProviderDate(new Date('2024-01-01T10:00:00Z'), 'HH:mm', ZURICH)).toBe('11:00');
  });

  it('rejects an invalid date, an unknown zone and a refused pattern', () => {
    expect(() => formatProviderDate(new Date(Number.NaN), 'yyyy', 'UTC')).toThrow(InvalidArgumentError);
    expect(() => formatProviderDate(new Date(0), 'yyyy', 'Nowhere/City')).toThrow(InvalidArgumentError);
    expect(() => formatProviderDate(new Date(0), 'YYYY-MM-dd', 'UTC')).toThrow(InvalidArgumentError);
  });

  it('round-trips with parseProviderDate for any instant on a whole second', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1971, 0, 1) / 1000, max: Date.UTC(2037, 0, 1) / 1000 }),
        fc.constantFrom('UTC', ZURICH, NEW_YORK, 'Asia/Kolkata', 'Australia/Lord_Howe'),
        (seconds, zone) => {
          const text = formatProviderDate(new Date(seconds * 1000), 'yyyy-MM-dd HH:mm:ss', zone);
          const back = parseProviderDate(text, zone);
          // In an overlap the wall time names two instants; parsing takes the earlier one.
          expect(
            back === seconds * 1000 ||
              formatProviderDate(new Date(back), 'yyyy-MM-dd HH:mm:ss', zone) === text,
          ).toBe(true);
          expect(back).toBeLessThanOrEqual(seconds * 1000);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseProviderDate', () => {
  it.each([
    ['Boxis yyyy-MM-dd HH:mm:ss', '2018-02-06 20:12:56', '2018-02-06T19:12:56.000Z'],
    ['Nimblevox yyyy-MM-ddTHH:mm:ss', '2018-02-06T20:12:56', '2018-02-06T19:12:56.000Z'],
    ['MIXvoip CSV date,time', '2021-06-29,08:30:15', '2021-06-29T06:30:15.000Z'],
    ['MIXvoip JSON date and time across a line break', '2021-06-29\n08:13:50', '2021-06-29T06:13:50.000Z'],
    ['CRLF and spaces between date and time', '2021-06-29 \r\n  08:13:50', '2021-06-29T06:13:50.000Z'],
    ['several spaces', '2021-06-29    08:13:50', '2021-06-29T06:13:50.000Z'],
    ['a comma and a space', '2021-06-29, 08:13:50', '2021-06-29T06:13:50.000Z'],
    ['no seconds', '2021-06-29 08:13', '2021-06-29T06:13:00.000Z'],
    ['a fraction', '2021-06-29 08:13:50.5', '2021-06-29T06:13:50.500Z'],
    ['a long fraction, truncated to ms', '2021-06-29T08:13:50.123999', '2021-06-29T06:13:50.123Z'],
    ['a one-digit hour', '2021-06-29 8:13:50', '2021-06-29T06:13:50.000Z'],
    ['a date alone', '2018-02-06', '2018-02-05T23:00:00.000Z'],
    ['surrounding whitespace', '  2018-02-06 20:12:56 \n', '2018-02-06T19:12:56.000Z'],
    ['an explicit Z', '2018-02-06T20:12:56Z', '2018-02-06T20:12:56.000Z'],
    ['an explicit offset', '2018-02-06T20:12:56-05:00', '2018-02-07T01:12:56.000Z'],
  ])('reads %s', (_, text, expected) => {
    expect(iso(parseProviderDate(text, ZURICH))).toBe(expected);
  });

  it.each([
    ['07/28/2003 2:45:00pm', '2003-07-28T18:45:00.000Z'],
    ['03/16/2004 07:00am', '2004-03-16T12:00:00.000Z'],
    ['03/16/2004 07:00 AM', '2004-03-16T12:00:00.000Z'],
    ['12/01/2024 12:00am', '2024-12-01T05:00:00.000Z'],
    ['12/01/2024 12:30pm', '2024-12-01T17:30:00.000Z'],
    ['12/01/2024 11:59:59pm', '2024-12-02T04:59:59.000Z'],
    ['05/11/2002', '2002-05-11T04:00:00.000Z'],
    ['5/1/2002', '2002-05-01T04:00:00.000Z'],
    ['05/11/2002 14:30', '2002-05-11T18:30:00.000Z'],
  ])('reads the US form %j', (text, expected) => {
    expect(iso(parseProviderDate(text, NEW_YORK))).toBe(expected);
  });

  it.each([
    '0000-00-00 00:00:00',
    '',
    '   ',
    'N/A',
    '2018-02-30 10:00:00',
    '2018-13-01 10:00:00',
    '2018-02-06 24:00:00',
    '2018-02-06 10:60:00',
    '2018-02-06 10:00:60',
    '2018-02-06 10:0',
    '2018-02-06 10',
    '2018-02-06T',
    '2018-02-06 10:00:00 junk',
    '2018-02-06 10:00:00.',
    '2018-02-06 10:00:00+25:00',
    '18-02-06 10:00:00',
    '02/30/2004',
    '13/01/2004 07:00am',
    '03/16/04 07:00am',
    '03/16/2004 13:00pm',
    '03/16/2004 0:30am',
    '1517944376',
  ])('gives NaN for %j', (text) => {
    expect(parseProviderDate(text, ZURICH)).toBeNaN();
  });

  it('gives NaN for a value that is not a string', () => {
    expect(parseProviderDate(1517944376000 as never, ZURICH)).toBeNaN();
    expect(parseProviderDate(null as never, ZURICH)).toBeNaN();
  });

  it('reads a leap day and years before 100', () => {
    expect(iso(parseProviderDate('2024-02-29 12:00:00', 'UTC'))).toBe('2024-02-29T12:00:00.000Z');
    expect(parseProviderDate('2023-02-29 12:00:00', 'UTC')).toBeNaN();
    expect(iso(parseProviderDate('0050-01-01 00:00:00', 'UTC'))).toBe('0050-01-01T00:00:00.000Z');
  });

  it('throws InvalidArgumentError for an unknown zone', () => {
    expect(() => parseProviderDate('2018-02-06 20:12:56', 'Europe/Atlantis')).toThrow(InvalidArgumentError);
  });
});

describe('DST edges', () => {
  // Europe/Zurich: 2024-03-31 02:00 CET → 03:00 CEST; 2024-10-27 03:00 CEST → 02:00 CET.
  // America/New_York: 2024-03-10 02:00 EST → 03:00 EDT; 2024-11-03 02:00 EDT → 01:00 EST.
  it.each([
    [ZURICH, '2024-03-31 02:30:00', '2024-03-31T01:30:00.000Z', '03:30 CEST'],
    [ZURICH, '2024-03-31 02:00:00', '2024-03-31T01:00:00.000Z', '03:00 CEST'],
    [NEW_YORK, '2024-03-10 02:30:00', '2024-03-10T07:30:00.000Z', '03:30 EDT'],
    [NEW_YORK, '03/10/2024 2:59:59am', '2024-03-10T07:59:59.000Z', '03:59:59 EDT'],
  ])('moves a nonexistent wall time in %s (%s) forward by the gap', (zone, text, expected) => {
    expect(iso(parseProviderDate(text, zone))).toBe(expected);
  });

  it.each([
    [ZURICH, '2024-10-27 02:30:00', '2024-10-27T00:30:00.000Z'],
    [ZURICH, '2024-10-27 02:00:00', '2024-10-27T00:00:00.000Z'],
    [ZURICH, '2024-10-27 02:59:59', '2024-10-27T00:59:59.000Z'],
    [NEW_YORK, '2024-11-03 01:30:00', '2024-11-03T05:30:00.000Z'],
    [NEW_YORK, '11/03/2024 1:00am', '2024-11-03T05:00:00.000Z'],
  ])('takes the earlier instant of an ambiguous wall time in %s (%s)', (zone, text, expected) => {
    expect(iso(parseProviderDate(text, zone))).toBe(expected);
  });

  it('reads the wall times just around each change with the right offset', () => {
    expect(iso(parseProviderDate('2024-03-31 01:59:59', ZURICH))).toBe('2024-03-31T00:59:59.000Z');
    expect(iso(parseProviderDate('2024-03-31 03:00:00', ZURICH))).toBe('2024-03-31T01:00:00.000Z');
    expect(iso(parseProviderDate('2024-10-27 01:59:59', ZURICH))).toBe('2024-10-26T23:59:59.000Z');
    expect(iso(parseProviderDate('2024-10-27 03:00:00', ZURICH))).toBe('2024-10-27T02:00:00.000Z');
    expect(iso(parseProviderDate('2024-11-03 00:59:59', NEW_YORK))).toBe('2024-11-03T04:59:59.000Z');
    expect(iso(parseProviderDate('2024-11-03 02:00:00', NEW_YORK))).toBe('2024-11-03T07:00:00.000Z');
  });

  it('applies the same rules in toDate and wallTimeToEpoch', () => {
    expect(toDate('2024-03-31T02:30', 'from', ZURICH).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(toDate('2024-10-27T02:30', 'from', ZURICH).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(iso(wallTimeToEpoch(2024, 3, 10, 2, 30, 0, NEW_YORK))).toBe('2024-03-10T07:30:00.000Z');
    expect(iso(wallTimeToEpoch(2024, 11, 3, 1, 30, 0, NEW_YORK))).toBe('2024-11-03T05:30:00.000Z');
  });

  it('handles a half-hour DST change (Australia/Lord_Howe) and a zone with a 45-minute offset', () => {
    // Lord Howe: +10:30 → +11:00 at 02:00 local on 2024-10-06 (02:15 is 02:45 +11:00), and back
    // from 02:00 +11:00 to 01:30 +10:30 on 2024-04-07 (01:45 happens twice).
    expect(iso(parseProviderDate('2024-10-06 02:15:00', 'Australia/Lord_Howe'))).toBe(
      '2024-10-05T15:45:00.000Z',
    );
    expect(iso(parseProviderDate('2024-04-07 01:45:00', 'Australia/Lord_Howe'))).toBe(
      '2024-04-06T14:45:00.000Z',
    );
    expect(iso(parseProviderDate('2024-06-01 12:00:00', 'Asia/Kathmandu'))).toBe('2024-06-01T06:15:00.000Z');
  });

  it('agrees with the offset Intl reports, for any wall time that exists once', () => {
    const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: NEW_YORK, timeZoneName: 'longOffset' });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2035, 0, 1) / 1000 }),
        (seconds) => {
          const ms = seconds * 1000;
          const offset = offsetFormat.format(new Date(ms)).split('GMT')[1] ?? '';
          const [hh = '0', mm = '0'] = offset.split(':');
          const offsetMs = Math.sign(Number(hh) || 1) * (Math.abs(Number(hh)) * 60 + Number(mm)) * 60_000;
          const wall = new Date(ms + offsetMs);
          const back = wallTimeToEpoch(
            wall.getUTCFullYear(),
            wall.getUTCMonth() + 1,
            wall.getUTCDate(),
            wall.getUTCHours(),
            wall.getUTCMinutes(),
            wall.getUTCSeconds(),
            NEW_YORK,
          );
          // Either the same instant, or the earlier twin of an ambiguous wall time (1 hour before).
          expect([ms, ms - 3_600_000]).toContain(back);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('wallTimeToEpoch', () => {
  it('reads the Boxis sample: 20:12:56 in Zurich in February is 19:12:56Z', () => {
    expect(wallTimeToEpoch(2018, 2, 6, 20, 12, 56, ZURICH)).toBe(1517944376000);
  });

  it('takes a fractional second', () => {
    expect(wallTimeToEpoch(2018, 2, 6, 20, 12, 56.25, 'UTC')).toBe(Date.UTC(2018, 1, 6, 20, 12, 56, 250));
  });

  it('gives NaN for a wall time that is not a calendar time', () => {
    expect(wallTimeToEpoch(2018, 0, 6, 20, 12, 56, 'UTC')).toBeNaN();
    expect(wallTimeToEpoch(2018, 2, 29, 20, 12, 56, ZURICH)).toBeNaN();
    expect(wallTimeToEpoch(2018, 2, 6, 24, 0, 0, ZURICH)).toBeNaN();
    expect(wallTimeToEpoch(2018, 2, 6, 1.5, 0, 0, ZURICH)).toBeNaN();
    expect(wallTimeToEpoch(2018, 2, 6, 1, 0, 60, ZURICH)).toBeNaN();
  });

  it('gives the same answer on repeated calls (cached offsets)', () => {
    const first = wallTimeToEpoch(2031, 10, 26, 2, 30, 0, ZURICH);
    for (let i = 0; i < 3; i++) expect(wallTimeToEpoch(2031, 10, 26, 2, 30, 0, ZURICH)).toBe(first);
    expect(iso(first)).toBe('2031-10-26T00:30:00.000Z');
  });
});

describe('toIsoUtc', () => {
  it('writes an ISO string for valid ms', () => {
    expect(toIsoUtc(1517944376000)).toBe('2018-02-06T19:12:56.000Z');
    expect(toIsoUtc(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('writes exactly what Date#toISOString writes, for any time value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }),
        ),
        (ms) => {
          expect(toIsoUtc(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
    for (const ms of [
      1, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -1,
    ]) {
      expect(toIsoUtc(ms)).toBe(new Date(ms).toISOString());
    }
    // consecutive calls on the same day and on the next one
    expect([toIsoUtc(1_709_164_799_999), toIsoUtc(1_709_164_800_000), toIsoUtc(1_709_164_800_001)]).toEqual([
      '2024-02-28T23:59:59.999Z',
      '2024-02-29T00:00:00.000Z',
      '2024-02-29T00:00:00.001Z',
    ]);
  });

  it('gives null for NaN, infinities and out-of-range values instead of throwing', () => {
    expect(toIsoUtc(Number.NaN)).toBeNull();
    expect(toIsoUtc(Number.POSITIVE_INFINITY)).toBeNull();
    expect(toIsoUtc(8.64e15 + 1)).toBeNull();
    expect(toIsoUtc('1' as never)).toBeNull();
  });
});

describe('assertTimeZone', () => {
  it('returns a known zone', () => {
    expect(assertTimeZone(ZURICH)).toBe(ZURICH);
    expect(assertTimeZone('UTC')).toBe('UTC');
  });

  it.each(['Mars/Olympus_Mons', '', 'Europe/Zürich'])('rejects %j with InvalidArgumentError', (zone) => {
    const error = thrown(() => assertTimeZone(zone));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('timeZone');
    expect((error as Error).message).toContain('IANA time zone');
  });
});
