import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ResponseFormatError } from '../src/errors/index.js';
import {
  checkMaxRecordsPerAnswer,
  evenSplitPoints,
  partsFor,
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

/** Moves epoch ms down to a whole `unitMs`. */
const floorTo = (unitMs: number) => (ms: number) => Math.floor(ms / unitMs) * unitMs;

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
      splitPoints: (a, b, parts) => evenSplitPoints(a, b, parts, floorTo(options.unitMs ?? 1000)),
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

  it('reads a window holding 3× the cap in one split, when the server sends it whole', async () => {
    // 30 records, one every 3 s over [0, 90 s); the server has no cap, the client trusts 9 at most
    const starts = Array.from({ length: 30 }, (_, i) => i * 3000);
    const { items, pages, asked } = await readAll(0, 90_000, { cap: 1000, max: 9, starts });
    expect(items).toEqual(starts);
    // 30 records over a cap of 9: ceil(30 / 4.5) = 7 parts of about 4 records, each read once
    expect(asked).toHaveLength(1 + 7);
    expect(asked[0]).toEqual([0, 90_000]);
    expect(pages).toEqual(asked.slice(1));
    const counts = pages.map(([from, to]) => starts.filter((s) => s >= from && s < to).length);
    expect(counts.every((count) => count === 4 || count === 5)).toBe(true);
  });

  it('resumes mid-split from a JSON copy of next without asking for the whole window again', async () => {
    const starts = Array.from({ length: 30 }, (_, i) => i * 3000);
    const server = cappedServer(starts, 1000);
    const options = {
      provider: 'mixvoip' as const,
      operation: 'getCalls',
      maxRecordsPerAnswer: 9,
      narrowest: 'one second',
      fetchWindow: server.fetchWindow,
      splitPoints: (a: number, b: number, parts: number) => evenSplitPoints(a, b, parts, floorTo(1000)),
    };
    const first = await readSplitWindow({ from: 0, to: 90_000, pending: [] }, options);
    const second = await readSplitWindow(JSON.parse(JSON.stringify(first.next)) as SplitPosition, options);
    expect(second.next?.pending).toHaveLength(4);
    const askedBefore = server.asked.length;
    const rest: number[] = [];
    for (let at = JSON.parse(JSON.stringify(second.next)) as SplitPosition | null; at !== null; ) {
      const page: SplitWindowPage<number> = await readSplitWindow(at, options);
      rest.push(...page.items);
      at = page.next;
    }
    expect([...first.items, ...second.items, ...rest]).toEqual(starts);
    expect(server.asked).toHaveLength(askedBefore + 5);
    expect(server.asked.slice(askedBefore).every(([a, b]) => b - a < 90_000 / 5)).toBe(true);
  });

  it('cuts again a part that still reaches the cap, by its own count', async () => {
    // 20 records in [0, 10 s) and 2 in [10 s, 100 s): the first of 5 parts holds them all
    const starts = [...Array.from({ length: 20 }, (_, i) => i * 500), 50_000, 90_000];
    const { items, asked } = await readAll(0, 100_000, { cap: 1000, max: 10, starts });
    expect(items).toEqual(starts);
    expect(asked.slice(0, 2)).toEqual([
      [0, 100_000],
      [0, 20_000],
    ]);
    // 20 in [0, 20 s) over a cap of 10: 4 parts of 5 s
    expect(asked[2]).toEqual([0, 5000]);
    expect(new Set(asked.map(String)).size).toBe(asked.length);
  });

  it('carries the halves still to read in next, so a page resumes exactly', async () => {
    const server = cappedServer([0, 1000, 2000, 70_000], 2);
    const options = {
      provider: 'boxis' as const,
      operation: 'getCDR',
      maxRecordsPerAnswer: 2,
      narrowest: 'one second',
      fetchWindow: server.fetchWindow,
      splitPoints: (a: number, b: number, parts: number) => evenSplitPoints(a, b, parts, floorTo(1000)),
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

describe('evenSplitPoints', () => {
  it.each([
    [0, 10_000, 2, 1000, [5000]],
    [0, 10_000, 4, 1000, [2000, 5000, 7000]],
    [0, 3000, 2, 1000, [1000]],
    [500, 1500, 2, 1000, [1000]],
    [0, 1500, 2, 1000, [1000]],
    [100, 1200, 2, 1000, [1000]],
    [0, 3000, 10, 1000, [1000, 2000]],
    [0, 1000, 2, 1000, []],
    [200, 900, 2, 1000, []],
    [1000, 2000, 4, 1000, []],
  ])('cuts [%i, %i) into %i parts on %i ms units at %j', (from, to, parts, unit, expected) => {
    expect(evenSplitPoints(from, to, parts, floorTo(unit))).toEqual(expected);
  });
});

describe('partsFor', () => {
  it.each([
    [5000, 5000, 2],
    [5001, 5000, 3],
    [10_000, 5000, 4],
    [15_000, 5000, 6],
    [1, 1, 2],
    [3, 1, 6],
  ])('cuts an answer of %i records over a cap of %i into %i parts', (received, max, parts) => {
    expect(partsFor(received, max)).toBe(parts);
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
