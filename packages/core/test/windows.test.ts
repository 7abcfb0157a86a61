import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallTimeToEpoch } from '../src/dates/zone.js';
import { InvalidArgumentError } from '../src/errors/index.js';
import { type DateWindow, nextWindow, splitIntoWindows, type WindowSpan } from '../src/windows.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZURICH = 'Europe/Zurich';
const NEW_YORK = 'America/New_York';

const utc = (text: string) => new Date(`${text}Z`);
const isoWindows = (windows: DateWindow[]) => windows.map((w) => [w.from.toISOString(), w.to.toISOString()]);

/**
 * date-fns `add` on the wall time: `months`, then `days`, counted on the calendar of `timeZone`
 * at the same wall-clock time (date-fns on a UTC `TZDate`, where no DST moves anything), each
 * step's wall time resolved by `wallTimeToEpoch` (a gap moves forward, an overlap takes the
 * earlier instant), then `hours` of elapsed time. Not date-fns on a `TZDate` in the zone itself:
 * that picks an overlap's instant by the machine's own zone.
 */
function calendarAdd(
  start: number,
  span: { months?: number; days?: number; hours?: number },
  timeZone: string,
) {
  const step = (from: number, add: (wall: Date) => Date) => {
    const zoned = new TZDate(from, timeZone);
    const wall = new TZDate(
      Date.UTC(zoned.getFullYear(), zoned.getMonth(), zoned.getDate(), zoned.getHours(), zoned.getMinutes()),
      'UTC',
    );
    const moved = add(wall);
    const seconds = zoned.getSeconds() + zoned.getMilliseconds() / 1000;
    return wallTimeToEpoch(
      moved.getFullYear(),
      moved.getMonth() + 1,
      moved.getDate(),
      moved.getHours(),
      moved.getMinutes(),
      seconds,
      timeZone,
    );
  };
  let epoch = start;
  if (span.months) epoch = step(epoch, (wall) => addMonths(wall, span.months ?? 0));
  if (span.days) epoch = step(epoch, (wall) => addDays(wall, span.days ?? 0));
  return epoch + (span.hours ?? 0) * HOUR;
}

/** Everything "cover [from, to) exactly" means, asserted window by window. */
function expectExactCover(windows: DateWindow[], from: Date, to: Date, largestEnd: (start: Date) => number) {
  expect(windows.length).toBeGreaterThan(0);
  expect(windows[0]?.from.getTime()).toBe(from.getTime());
  expect(windows.at(-1)?.to.getTime()).toBe(to.getTime());
  windows.forEach((window, index) => {
    expect(window.from.getTime()).toBeLessThan(window.to.getTime());
    expect(window.to.getTime()).toBeLessThanOrEqual(largestEnd(window.from));
    const next = windows[index + 1];
    if (next !== undefined) {
      expect(next.from.getTime()).toBe(window.to.getTime());
      // Only the last window may be shorter than the span.
      expect(window.to.getTime()).toBe(largestEnd(window.from));
    }
  });
}

describe('splitIntoWindows', () => {
  it('returns the range itself when it fits in one window', () => {
    const windows = splitIntoWindows(utc('2024-01-01T00:00:00'), utc('2024-01-02T00:00:00'), { days: 90 });
    expect(isoWindows(windows)).toEqual([['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z']]);
  });

  it('splits by milliseconds, the last window ending at to', () => {
    const windows = splitIntoWindows(new Date(0), new Date(25), 10);
    expect(windows.map((w) => [w.from.getTime(), w.to.getTime()])).toEqual([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
  });

  it('splits into calendar months, each starting where the previous ended (MIXvoip: 3 months)', () => {
    const windows = splitIntoWindows(utc('2024-01-01T00:00:00'), utc('2024-07-15T00:00:00'), { months: 3 });
    expect(isoWindows(windows)).toEqual([
      ['2024-01-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z'],
      ['2024-04-01T00:00:00.000Z', '2024-07-01T00:00:00.000Z'],
      ['2024-07-01T00:00:00.000Z', '2024-07-15T00:00:00.000Z'],
    ]);
  });

  it('clamps month ends and counts each window from its own start', () => {
    const windows = splitIntoWindows(utc('2024-01-31T00:00:00'), utc('2024-05-01T00:00:00'), { months: 1 });
    expect(isoWindows(windows)).toEqual([
      ['2024-01-31T00:00:00.000Z', '2024-02-29T00:00:00.000Z'],
      ['2024-02-29T00:00:00.000Z', '2024-03-29T00:00:00.000Z'],
      ['2024-03-29T00:00:00.000Z', '2024-04-29T00:00:00.000Z'],
      ['2024-04-29T00:00:00.000Z', '2024-05-01T00:00:00.000Z'],
    ]);
  });

  it('counts calendar days in the zone: 23 hours on the spring-forward day, 25 on the fall-back day', () => {
    const spring = splitIntoWindows(
      new TZDate(2024, 2, 30, 0, 0, 0, ZURICH),
      new TZDate(2024, 3, 2, 0, 0, 0, ZURICH),
      { days: 1 },
      { timeZone: ZURICH },
    );
    expect(spring.map((w) => (w.to.getTime() - w.from.getTime()) / HOUR)).toEqual([24, 23, 24]);
    const fall = splitIntoWindows(
      new TZDate(2024, 9, 26, 0, 0, 0, ZURICH),
      new TZDate(2024, 9, 28, 0, 0, 0, ZURICH),
      { days: 1 },
      { timeZone: ZURICH },
    );
    expect(fall.map((w) => (w.to.getTime() - w.from.getTime()) / HOUR)).toEqual([24, 25]);
    expect(fall[1]?.to.toISOString()).toBe('2024-10-27T23:00:00.000Z');
  });

  it('counts hours as elapsed time, not wall time', () => {
    const windows = splitIntoWindows(
      utc('2024-03-31T00:00:00'),
      utc('2024-03-31T04:00:00'),
      { hours: 2 },
      {
        timeZone: ZURICH,
      },
    );
    expect(windows.map((w) => (w.to.getTime() - w.from.getTime()) / HOUR)).toEqual([2, 2]);
  });

  it('resolves a day step into a DST overlap to the earlier instant, and into a gap forward', () => {
    // 02:30 on 2024-10-27 happens twice in Zurich (CEST, then CET): the earlier is 00:30Z.
    const [overlap] = splitIntoWindows(
      new TZDate(2024, 9, 26, 2, 30, 0, ZURICH),
      new TZDate(2024, 9, 29, 0, 0, 0, ZURICH),
      { days: 1 },
      { timeZone: ZURICH },
    );
    expect(overlap?.to.toISOString()).toBe('2024-10-27T00:30:00.000Z');
    // 02:30 on 2024-03-31 does not exist there: the window ends at 03:30 CEST (01:30Z).
    const [gap] = splitIntoWindows(
      new TZDate(2024, 2, 30, 2, 30, 0, ZURICH),
      new TZDate(2024, 3, 2, 0, 0, 0, ZURICH),
      { days: 1 },
      { timeZone: ZURICH },
    );
    expect(gap?.to.toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it.each([
    ['from equal to to', utc('2024-01-01T00:00:00'), utc('2024-01-01T00:00:00')],
    ['from after to', utc('2024-01-02T00:00:00'), utc('2024-01-01T00:00:00')],
    ['an invalid from', new Date(Number.NaN), utc('2024-01-01T00:00:00')],
  ])('rejects %s with InvalidArgumentError', (_, from, to) => {
    expect(() => splitIntoWindows(from, to, DAY)).toThrow(InvalidArgumentError);
    expect(() => splitIntoWindows(from, to, DAY)).toThrow(/must be before `to`/);
  });

  it.each<[string, WindowSpan]>([
    ['zero ms', 0],
    ['negative ms', -DAY],
    ['fractional ms', 0.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an empty calendar span', {}],
    ['all-zero units', { months: 0, days: 0 }],
    ['a negative unit', { days: 2, hours: -1 }],
    ['a fractional unit', { days: 1.5 }],
  ])('rejects a maxSpan of %s with InvalidArgumentError', (_, span) => {
    const run = () => splitIntoWindows(utc('2024-01-01T00:00:00'), utc('2024-02-01T00:00:00'), span);
    expect(run).toThrow(InvalidArgumentError);
    expect(run).toThrow(/`maxSpan` must be/);
  });

  it('rejects an unknown zone for a calendar span', () => {
    expect(() =>
      splitIntoWindows(
        utc('2024-01-01T00:00:00'),
        utc('2024-02-01T00:00:00'),
        { days: 1 },
        { timeZone: 'No/Where' },
      ),
    ).toThrow(InvalidArgumentError);
  });
});

describe('nextWindow', () => {
  it('is the first window of splitIntoWindows', () => {
    const from = utc('2024-01-31T00:00:00');
    const to = utc('2024-05-01T00:00:00');
    expect(nextWindow(from, to, { months: 1 })).toEqual(splitIntoWindows(from, to, { months: 1 })[0]);
  });

  it('returns null when from is not before to', () => {
    expect(nextWindow(new Date(10), new Date(10), 5)).toBeNull();
    expect(nextWindow(new Date(11), new Date(10), 5)).toBeNull();
  });

  it('still rejects a bad span', () => {
    expect(() => nextWindow(new Date(0), new Date(10), 0)).toThrow(InvalidArgumentError);
  });
});

describe('windows cover [from, to) exactly (property)', () => {
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
  /** A range that the span splits into at most a few hundred windows (a test, not a stress run). */
  const rangeFor = (shortestSpan: number) =>
    fc
      .tuple(instant, fc.integer({ min: 1, max: Math.min(400 * DAY, 300 * shortestSpan) }))
      .map(([start, length]) => [new Date(start), new Date(start + length)] as const);
  const calendarSpan = fc
    .record(
      {
        months: fc.integer({ min: 0, max: 4 }),
        days: fc.integer({ min: 0, max: 40 }),
        hours: fc.integer({ min: 0, max: 30 }),
      },
      { requiredKeys: [] },
    )
    .filter((span) => (span.months ?? 0) + (span.days ?? 0) + (span.hours ?? 0) > 0);
  /** The shortest elapsed time a calendar span can take (February, 23-hour days). */
  const shortest = (span: { months?: number; days?: number; hours?: number }) =>
    (span.months ?? 0) * 28 * DAY + (span.days ?? 0) * 23 * HOUR + (span.hours ?? 0) * HOUR;

  it('for millisecond spans', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 * DAY }).chain((span) => fc.tuple(fc.constant(span), rangeFor(span))),
        ([span, [from, to]]) => {
          const windows = splitIntoWindows(from, to, span);
          expectExactCover(windows, from, to, (start) => start.getTime() + span);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for calendar spans in DST zones, matching lazy iteration with nextWindow', () => {
    fc.assert(
      fc.property(
        calendarSpan.chain((span) => fc.tuple(fc.constant(span), rangeFor(shortest(span)))),
        fc.constantFrom(ZURICH, NEW_YORK, 'UTC'),
        ([span, [from, to]], timeZone) => {
          const windows = splitIntoWindows(from, to, span, { timeZone });
          const largestEnd = (start: Date) => calendarAdd(start.getTime(), span, timeZone);
          expectExactCover(windows, from, to, largestEnd);
          // A calendar span never exceeds its longest possible length in elapsed time.
          const longest = ((span.months ?? 0) * 31 + (span.days ?? 0)) * DAY + ((span.hours ?? 0) + 1) * HOUR;
          for (const window of windows)
            expect(window.to.getTime() - window.from.getTime()).toBeLessThanOrEqual(longest);
          const lazy: DateWindow[] = [];
          for (
            let w = nextWindow(from, to, span, { timeZone });
            w;
            w = nextWindow(w.to, to, span, { timeZone })
          ) {
            lazy.push(w);
          }
          expect(lazy).toEqual(windows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
