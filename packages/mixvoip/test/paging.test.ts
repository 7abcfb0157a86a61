import { formatProviderDate } from '@cdrkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DayWindow, windowAt, windowEnd, windowsOf } from '../src/paging.js';

function plan(from: string | number, to: string | number, timeZone = 'UTC'): DayWindow[] {
  return [...windowsOf(new Date(from).getTime(), new Date(to).getTime(), timeZone)];
}

/** `yyyy-MM-dd` three calendar months later, the day clamped to the month's end (as date-fns does). */
function plusThreeMonths(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + 3, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('windowAt, windowEnd and windowsOf', () => {
  it('splits 8 months from a midnight into exactly three windows of whole days', () => {
    expect(plan('2024-01-01T00:00:00Z', '2024-09-01T00:00:00Z').map((w) => [w.startDay, w.endDay])).toEqual([
      ['2024-01-01', '2024-03-31'],
      ['2024-04-01', '2024-06-30'],
      ['2024-07-01', '2024-08-31'],
    ]);
  });

  it('starts the first window at from and the next ones on midnights', () => {
    const windows = plan('2024-01-15T10:00:00Z', '2024-09-15T12:00:00Z');
    expect(windows.map((w) => [new Date(w.from).toISOString(), new Date(w.to).toISOString()])).toEqual([
      ['2024-01-15T10:00:00.000Z', '2024-04-15T00:00:00.000Z'],
      ['2024-04-15T00:00:00.000Z', '2024-07-15T00:00:00.000Z'],
      ['2024-07-15T00:00:00.000Z', '2024-09-15T12:00:00.000Z'],
    ]);
    expect(windows.map((w) => [w.startDay, w.endDay])).toEqual([
      ['2024-01-15', '2024-04-14'],
      ['2024-04-15', '2024-07-14'],
      ['2024-07-15', '2024-09-15'],
    ]);
  });

  it('asks for the next day too when a window lies inside one day: START_DATE must be smaller than END_DATE', () => {
    expect(plan('2024-02-29T10:00:00Z', '2024-02-29T18:00:00Z')).toEqual([
      {
        from: Date.parse('2024-02-29T10:00:00Z'),
        to: Date.parse('2024-02-29T18:00:00Z'),
        startDay: '2024-02-29',
        endDay: '2024-03-01',
      },
    ]);
    expect(plan('2021-06-29', '2021-06-30').map((w) => w.endDay)).toEqual(['2021-06-30']);
    expect(plan('2024-12-31T00:00:00Z', '2025-01-01T00:00:00Z').map((w) => w.endDay)).toEqual(['2025-01-01']);
  });

  it('counts days and months in the zone', () => {
    const [first] = plan('2024-03-01T00:00:00+01:00', '2024-04-01T00:00:00+02:00', 'Europe/Luxembourg');
    expect(first).toMatchObject({ startDay: '2024-03-01', endDay: '2024-03-31' });
    expect(first?.to).toBe(Date.parse('2024-03-31T22:00:00Z'));
  });

  it('tiles any range with windows whose days stay within 3 months', () => {
    const zones = fc.constantFrom(
      'UTC',
      'Europe/Luxembourg',
      'America/New_York',
      'Asia/Kolkata',
      'Pacific/Chatham',
    );
    const instant = fc.integer({ min: Date.parse('2019-01-01Z'), max: Date.parse('2026-01-01Z') });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 3 * 366 * 86_400_000 }),
        zones,
        (from, span, timeZone) => {
          const to = from + span;
          const windows = plan(from, to, timeZone);
          expect(windows[0]?.from).toBe(from);
          expect(windows.at(-1)?.to).toBe(to);
          for (let i = 0; i < windows.length; i++) {
            const w = windows[i] as DayWindow;
            expect(w.from).toBeLessThan(w.to);
            if (i > 0) expect(w.from).toBe(windows[i - 1]?.to);
            expect(windowEnd(w.from, to, timeZone)).toBe(w.to);
            expect(windowAt(w.from, to, timeZone)).toEqual(w);
            expect(w.startDay < w.endDay).toBe(true);
            // the last day asked for comes before the start day plus 3 months
            const limit = plusThreeMonths(w.startDay);
            expect(w.endDay < limit).toBe(true);
            // the days asked for cover the window
            expect(formatProviderDate(new Date(w.from), 'yyyy-MM-dd', timeZone)).toBe(w.startDay);
            const lastDay = formatProviderDate(new Date(w.to - 1), 'yyyy-MM-dd', timeZone);
            expect(w.endDay).toBe(lastDay > w.startDay ? lastDay : dayAfter(w.startDay));
          }
          // no more windows than needed: every window but the last spans 3 months from a midnight
          const months = span / (28 * 86_400_000);
          expect(windows.length).toBeLessThanOrEqual(Math.ceil(months / 3) + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
