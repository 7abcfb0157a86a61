import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ResponseFormatError } from '../src/errors/index.js';
import {
  checkMaxRecordsPerAnswer,
  halfwayAt,
  positionAfter,
  readSplitWindow,
  type SplitPosition,
  type SplitWindowPage,
  type WindowAnswer,
} from '../src/paging/split-window.js';

/**
 * A server over `starts` (epoch ms, ascending) that answers a window with at most `cap` of its
 * records, the first ones, and no sign that more exist; `asked` logs every window asked for.
 */
function cappedServer(starts: number[], cap: number) {
  const asked: [number, number][] = [];
  const fetchWindow = async (from: number, to: number): Promise<WindowAnswer<number>> => {
    asked.push([from, to]);
    const inWindow = starts.filter((start) => start >= from && start < to).slice(0, cap);
    return { items: inWindow, received: inWindow.length };
  };
  return { asked, fetchWindow };
}

/** Reads [from, to) page by page, as a client does, following each page's `next`. */
async function readAll(
  from: number,
  to: number,
  options: { cap: number; max: number; starts: number[]; unitMs?: number },
) {
  const server = cappedServer(options.starts, options.cap);
  const items: number[] = [];
  const pages: [number, number][] = [];
  let position: SplitPosition | null = { from, to, pending: [] };
  while (position !== null) {
    const page: SplitWindowPage<number> = await readSplitWindow(position, {
      provider: 'boxis',
      operation: 'getCDR',
      maxRecordsPerAnswer: options.max,
      narrowest: 'one second',
      fetchWindow: server.fetchWindow,
      splitAt: (a, b) => halfwayAt(a, b, options.unitMs ?? 1000),
    });
    items.push(...page.items);
    pages.push([page.from, page.to]);
    position = page.next;
  }
  return { items, pages, asked: server.asked };
}

describe('readSplitWindow', () => {
  it('returns a window whose answer stays under the cap in one request', async () => {
    const { items, pages, asked } = await readAll(0, 100_000, {
      cap: 10,
      max: 10,
      starts: [1000, 5000, 9000],
    });
    expect(items).toEqual([1000, 5000, 9000]);
    expect(pages).toEqual([[0, 100_000]]);
    expect(asked).toEqual([[0, 100_000]]);
  });

  it('halves a window whose answer reaches the cap, depth first, and reads each half once', async () => {
    const starts = [0, 10_000, 20_000, 30_000, 60_000, 61_000];
    const { items, pages, asked } = await readAll(0, 100_000, { cap: 3, max: 3, starts });
    expect(items).toEqual(starts);
    expect(pages).toEqual([
      [0, 12_000],
      [12_000, 25_000],
      [25_000, 50_000],
      [50_000, 100_000],
    ]);
    expect(asked).toEqual([
      [0, 100_000],
      [0, 50_000],
      [0, 25_000],
      [0, 12_000],
      [12_000, 25_000],
      [25_000, 50_000],
      [50_000, 100_000],
    ]);
  });

  it('carries the halves still to read in next, so a page resumes exactly', async () => {
    const server = cappedServer([0, 1000, 2000, 70_000], 2);
    const options = {
      provider: 'boxis' as const,
      operation: 'getCDR',
      maxRecordsPerAnswer: 2,
      narrowest: 'one second',
      fetchWindow: server.fetchWindow,
      splitAt: (a: number, b: number) => halfwayAt(a, b, 1000),
    };
    const first = await readSplitWindow({ from: 0, to: 100_000, pending: [] }, options);
    expect(first.next).not.toBeNull();
    const resumed = JSON.parse(JSON.stringify(first.next)) as SplitPosition;
    const rest: number[] = [];
    for (let at: SplitPosition | null = resumed; at !== null; ) {
      const page: SplitWindowPage<number> = await readSplitWindow(at, options);
      rest.push(...page.items);
      at = page.next;
    }
    expect([...first.items, ...rest]).toEqual([0, 1000, 2000, 70_000]);
  });

  it('yields every record exactly once, in order, whatever the cap and the data', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 80 }),
        fc.integer({ min: 2, max: 12 }),
        async (seconds, cap) => {
          // at most cap - 1 records in any one second, so every window can be read whole
          const perSecond = new Map<number, number>();
          const starts = seconds
            .filter((s) => {
              const n = perSecond.get(s) ?? 0;
              perSecond.set(s, n + 1);
              return n + 1 < cap;
            })
            .map((s) => s * 1000)
            .sort((a, b) => a - b);
          const { items, pages } = await readAll(0, 1_000_000, { cap, max: cap, starts });
          expect(items).toEqual(starts);
          for (let i = 1; i < pages.length; i++) expect(pages[i]?.[0]).toBe(pages[i - 1]?.[1]);
          expect(pages.at(-1)?.[1]).toBe(1_000_000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('throws a ResponseFormatError saying what to do when the narrowest window reaches the cap', async () => {
    const starts = [5000, 5000, 5000, 5000];
    const error = await readAll(0, 60_000, { cap: 3, max: 3, starts }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ provider: 'boxis', operation: 'getCDR', kind: 'schema' });
    const message = (error as Error).message;
    expect(message).toMatch(/records may be missing/);
    expect(message).toMatch(/raise maxRecordsPerAnswer/);
    expect(message).toMatch(/server's own cap/);
    expect(message).toContain('1970-01-01T00:00:05.000Z');
  });

  it('predicts the position after a window that comes in whole', () => {
    expect(positionAfter({ from: 0, to: 10, pending: [20, 40] })).toEqual({
      from: 10,
      to: 20,
      pending: [40],
    });
    expect(positionAfter({ from: 0, to: 10, pending: [] })).toBeNull();
  });
});

describe('halfwayAt', () => {
  it.each([
    [0, 10_000, 1000, 5000],
    [0, 3000, 1000, 1000],
    [500, 1500, 1000, 1000],
    [0, 1500, 1000, 1000],
    [0, 1000, 1000, null],
    [200, 900, 1000, null],
    [1000, 2000, 1000, null],
  ])('halves [%i, %i) on %i ms units at %s', (from, to, unit, expected) => {
    expect(halfwayAt(from, to, unit)).toBe(expected);
  });
});

describe('checkMaxRecordsPerAnswer', () => {
  it('accepts whole numbers from 1', () => {
    expect(checkMaxRecordsPerAnswer(1, 'mixvoip')).toBe(1);
    expect(checkMaxRecordsPerAnswer(5000, 'boxis')).toBe(5000);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '100', null])('refuses %s', (value) => {
    expect(() => checkMaxRecordsPerAnswer(value, 'boxis')).toThrow(InvalidArgumentError);
    expect(() => checkMaxRecordsPerAnswer(value, 'boxis')).toThrow(/maxRecordsPerAnswer.*whole number/);
  });
});
