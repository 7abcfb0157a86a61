import { answer, startServer, type TestServer } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { type Cursor, InvalidArgumentError, ResponseFormatError } from '../src/index.js';
import { type EpochRange, HttpClient, type WindowedSource, windowedPaged } from '../src/provider.js';

/** Records at these instants (epoch ms), one a ms apart here and there, so windows hold different counts. */
const TIMES = [0, 1, 2, 3, 9, 10, 11, 19, 20, 21, 22, 23, 24, 25, 34];

/**
 * A server over TIMES: `?from&to` (half-open) and optional `offset`/`max` paging. `cap` makes it
 * answer at most that many records of a window with no sign of it (a truncating server).
 */
function handler(cap = Infinity) {
  return answer((request) => {
    const q = request.query;
    const from = Number(q.get('from'));
    const to = Number(q.get('to'));
    const inWindow = TIMES.filter((t) => t >= from && t < to);
    const offset = Number(q.get('offset') ?? 0);
    const max = q.has('max') ? Number(q.get('max')) : inWindow.length;
    const items = inWindow.slice(offset, offset + max).slice(0, cap);
    return {
      body: JSON.stringify({ items: items.map((t) => ({ id: `r${t}`, t })), total: inWindow.length }),
    };
  });
}

type Item = { id: string; t: number };
const params = z.object({ max: z.int() });

type Source = WindowedSource<Item, { max: number }, number>;

/** The test's source; an override set to `undefined` (such as `position`) removes that member. */
function source(http: HttpClient, overrides: { [K in keyof Source]?: Source[K] | undefined } = {}) {
  return (): Source => ({
    provider: 'nimblevox',
    operation: 'test',
    params,
    position: z.int().check(z.minimum(0)),
    start: () => ({ params: { max: 2 }, range: { from: 0, to: 35 } }),
    windowEnd: (from, end) => Math.min(from + 10, end),
    fetchPage: async ({ params: q, window, at = 0 }, signal) => {
      const query = {
        from: String(window?.from),
        to: String(window?.to),
        offset: String(at),
        max: String(q.max),
      };
      const page = await http.send(
        { operation: 'test', method: 'GET', path: '/', query, signal },
        (response) => JSON.parse(response.body),
      );
      const after = at + page.items.length;
      return {
        items: page.items,
        total: page.total,
        next: page.items.length === 0 || after >= page.total ? null : after,
      };
    },
    predict: ({ at = 0, params: q }, total) =>
      total !== undefined && at + q.max >= total ? null : at + q.max,
    idOf: (item) => item.id,
    toCallRecord: () => {
      throw new Error('not used');
    },
    ...(overrides as Partial<Source>),
  });
}

describe('windowedPaged: windows paged within', () => {
  let server: TestServer;
  let http: HttpClient;
  beforeAll(async () => {
    server = await startServer(handler());
    http = new HttpClient({ provider: 'nimblevox', defaultBaseUrl: server.url, options: {}, secrets: [] });
  });
  afterAll(() => server.close());

  it('reads every record of every window once, in order, each page naming its window', async () => {
    const pages = [];
    for await (const page of windowedPaged({ prefetch: 2 }, source(http)).pages()) pages.push(page);
    expect(pages.flatMap((p) => p.items.map((i) => i.t))).toEqual(TIMES);
    expect(pages[0]?.window).toEqual({ from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T00:00:00.010Z' });
    expect(pages.at(-1)?.window?.to).toBe('1970-01-01T00:00:00.035Z');
    expect(pages.at(-1)?.next).toBeNull();
  });

  it('writes one cursor format, and resumes right after the page whose next it is', async () => {
    const first = await windowedPaged(undefined, source(http));
    expect(first.next).toEqual({
      p: 'nimblevox',
      op: 'test',
      q: { max: 2 },
      from: 0,
      to: 10,
      end: 35,
      at: 2,
    });
    const rest = await windowedPaged(
      { cursor: JSON.parse(JSON.stringify(first.next)) },
      source(http),
    ).toArray();
    expect([...first.items, ...rest].map((i) => i.t)).toEqual(TIMES);
  });

  it('refuses a cursor of another method, a damaged window or bad parameters, before any request', async () => {
    const before = server.requests.length;
    const bad: Cursor[] = [
      { p: 'boxis', op: 'getCDR', q: { max: 2 }, from: 0, to: 10, end: 35 },
      { p: 'nimblevox', op: 'test', q: { max: 2 }, from: 10, to: 5, end: 35 },
      { p: 'nimblevox', op: 'test', q: { max: 2 }, from: 0, to: 40, end: 35 },
      { p: 'nimblevox', op: 'test', q: { max: 'two' }, from: 0, to: 10, end: 35 },
      { p: 'nimblevox', op: 'test', q: { max: 2 }, from: 0, to: 10, end: 35, at: -1 },
      { p: 'nimblevox', op: 'test', q: { max: 2 }, from: 0, end: 35 },
      // No window at all: only a `rangeless` method may leave the range to the provider.
      { p: 'nimblevox', op: 'test', q: { max: 2 } },
    ];
    for (const cursor of bad) {
      await expect(windowedPaged({ cursor }, source(http))).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(server.requests.length).toBe(before);
  });

  it('asks a range-less call as one window, and ends after its last page', async () => {
    const { predict: _ranged, ...base } = source(http)();
    const rangeless = (): WindowedSource<Item, { max: number }, number, EpochRange | null> => ({
      ...base,
      rangeless: true,
      start: () => ({ params: { max: 50 }, range: null }),
      fetchPage: async (request) => {
        expect(request.window).toBeNull();
        return { items: [{ id: 'only', t: 0 }], next: null };
      },
    });
    const pages = [];
    for await (const page of windowedPaged(undefined, rangeless).pages()) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.window).toBeUndefined();
    expect(pages[0]?.next).toBeNull();
  });
});

describe('windowedPaged: whole-window answers cut into parts', () => {
  let server: TestServer;
  let http: HttpClient;
  beforeAll(async () => {
    server = await startServer(handler(4));
    http = new HttpClient({ provider: 'mixvoip', defaultBaseUrl: server.url, options: {}, secrets: [] });
  });
  afterAll(() => server.close());

  function whole(carryParts: boolean) {
    return source(http, {
      provider: 'mixvoip',
      position: undefined,
      windowEnd: (from, end) => Math.min(from + 20, end),
      fetchPage: async ({ window }, signal) => {
        const query = { from: String(window?.from), to: String(window?.to) };
        const page = await http.send({ operation: 'test', method: 'GET', path: '/', query, signal }, (r) =>
          JSON.parse(r.body),
        );
        return { items: page.items, received: page.items.length, next: null };
      },
      split: {
        maxRecordsPerAnswer: 4,
        narrowest: 'one ms',
        splitPoints: (from, to, parts) => {
          const points = [];
          for (let i = 1; i < parts; i++) points.push(Math.floor(from + ((to - from) * i) / parts));
          return points.filter((p, i, all) => p > from && p < to && (i === 0 || p > (all[i - 1] as number)));
        },
        carryParts,
      },
    });
  }

  it('cuts a window whose answer reaches the cap until each part comes whole: every record once', async () => {
    const before = server.requests.length;
    const items = await windowedPaged({ prefetch: 0 }, whole(false)).toArray();
    expect(items.map((i) => i.t)).toEqual(TIMES);
    const windows = server.requests
      .slice(before)
      .map((r) => [Number(r.query.get('from')), Number(r.query.get('to'))]);
    // The first window [0, 20) holds 8 records: its answer reaches the cap of 4, so it is cut.
    expect(windows[0]).toEqual([0, 20]);
    expect(windows.length).toBeGreaterThan(2);
  });

  it('with carryParts, asks the next window in parts as wide as the last part', async () => {
    const before = server.requests.length;
    const items = await windowedPaged({ prefetch: 0 }, whole(true)).toArray();
    expect(items.map((i) => i.t)).toEqual(TIMES);
    const asked = server.requests
      .slice(before)
      .map((r) => [Number(r.query.get('from')), Number(r.query.get('to'))]);
    // Never the whole second window [20, 35): it is asked in parts straight away.
    expect(asked).not.toContainEqual([20, 35]);
  });

  it('refuses a whole-window page that does not say how many records its answer held', async () => {
    const silent = source(http, {
      provider: 'mixvoip',
      position: undefined,
      fetchPage: async () => ({ items: [], next: null }),
      split: { maxRecordsPerAnswer: 4, narrowest: 'one ms', splitPoints: () => [] },
    });
    await expect(windowedPaged(undefined, silent)).rejects.toThrow(/must say how many records it received/);
  });

  it('says records may be missing when a window it cannot narrow still reaches the cap', async () => {
    const dense = source(http, {
      provider: 'mixvoip',
      position: undefined,
      fetchPage: async () => ({ items: [], received: 9, next: null }),
      split: { maxRecordsPerAnswer: 4, narrowest: 'one ms', splitPoints: () => [] },
    });
    await expect(windowedPaged(undefined, dense)).rejects.toBeInstanceOf(ResponseFormatError);
  });
});
