import { setTimeout as sleep } from 'node:timers/promises';
import { answer, type SeenRequest, startServer } from '@cdrkit/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  AbortError,
  type CallRecord,
  type Cursor,
  InvalidArgumentError,
  type Page,
  ResponseFormatError,
} from '../src/index.js';
import { createPaged, type PageSource, readCursor, type SourcePage } from '../src/provider.js';

interface Item {
  id: string;
}

const cursorSchema = z.object({
  p: z.literal('telecmi'),
  op: z.literal('list'),
  offset: z.number(),
  limit: z.number(),
});

/** A page source over the list server, as a provider would write one (plain fetch, offset paging). */
function source(
  url: string,
  options: {
    limit?: number;
    start?: Cursor;
    predict?: boolean;
    next?: (offset: number, limit: number) => number | null;
  } = {},
): PageSource<Item> {
  const limit = options.limit ?? 10;
  const cursorAt = (offset: number): Cursor => ({ p: 'telecmi', op: 'list', offset, limit });
  return {
    provider: 'telecmi',
    operation: 'list',
    first: options.start ?? cursorAt(0),
    async fetchPage(cursor, signal): Promise<SourcePage<Item>> {
      const { offset } = readCursor(cursorSchema, cursor, { provider: 'telecmi', operation: 'list' });
      let response: Response;
      try {
        response = await fetch(`${url}/?offset=${offset}&limit=${limit}`, { signal });
      } catch (error) {
        if (signal.aborted) throw new AbortError('aborted');
        throw error;
      }
      const body = (await response.json()) as { total: number; items: Item[]; next: number | null };
      const nextOffset = options.next ? options.next(offset, limit) : body.next;
      return {
        items: body.items,
        total: body.total,
        next: nextOffset === null ? null : cursorAt(nextOffset),
      };
    },
    ...(options.predict === false
      ? {}
      : {
          predictNext: (cursor: Cursor, total: number | undefined) => {
            const offset = (cursor.offset as number) + limit;
            return total !== undefined && offset >= total ? null : cursorAt(offset);
          },
        }),
    idOf: (item) => item.id,
    toCallRecord: (item): CallRecord => ({
      provider: 'telecmi',
      id: item.id,
      kind: 'call',
      direction: 'unknown',
      status: 'unknown',
      from: null,
      to: null,
      startedAt: '2024-01-01T00:00:00.000Z',
      answeredAt: null,
      endedAt: null,
      durationSec: null,
      billedSec: null,
      cost: null,
      raw: item,
    }),
  };
}

const ids = (count: number) => Array.from({ length: count }, (_, i) => `r${i}`);

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/**
 * A real HTTP server that pages over `count` records by `offset`/`limit`, answering
 * `{ total, items: [{ id }], next }` after `delayMs`. `shiftAfter` simulates records inserted at
 * the front after that many requests (offset paging then repeats records). `stats` tells what it
 * saw: every request, how many ran at once, which the client aborted.
 */
async function server(options: {
  count: number;
  delayMs?: number;
  shiftAfter?: { requests: number; inserted: number };
}) {
  let concurrent = 0;
  let maxConcurrent = 0;
  const answerPage = answer((request) => {
    const offset = Number(request.query.get('offset') ?? 0);
    const limit = Number(request.query.get('limit') ?? 10);
    const shift =
      options.shiftAfter && s.requests.length > options.shiftAfter.requests ? options.shiftAfter.inserted : 0;
    const total = options.count + shift;
    const ids: string[] = [];
    for (let i = offset; i < Math.min(offset + limit, total); i++)
      ids.push(i < shift ? `new-${i}` : `r${i - shift}`);
    const next = offset + limit < total ? offset + limit : null;
    return { body: JSON.stringify({ total, items: ids.map((id) => ({ id })), next }) };
  });
  const s = await startServer(async (request, response, index) => {
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    response.on('close', () => concurrent--);
    if (options.delayMs) await sleep(options.delayMs);
    if (!response.destroyed) await answerPage(request, response, index);
  });
  close = s.close;
  const stats = {
    requests: s.requests as SeenRequest[],
    get aborted() {
      return s.aborted;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
  };
  return { url: s.url, stats };
}

describe('createPaged', () => {
  it('awaits to exactly one request for the first page', async () => {
    const { url, stats } = await server({ count: 35 });
    const page = await createPaged(() => source(url));
    expect(page.items.map((i) => i.id)).toEqual(ids(10));
    expect(page.total).toBe(35);
    expect(page.next).toEqual({ p: 'telecmi', op: 'list', offset: 10, limit: 10 });
    expect(stats.requests).toHaveLength(1);
  });

  it('iterates every record across pages, in order, once', async () => {
    const { url, stats } = await server({ count: 35 });
    const seen: string[] = [];
    for await (const item of createPaged(() => source(url))) seen.push(item.id);
    expect(seen).toEqual(ids(35));
    expect(stats.requests).toHaveLength(4);
  });

  it('yields pages whose next cursors resume the iteration', async () => {
    const { url } = await server({ count: 35 });
    const pages: Page<Item>[] = [];
    for await (const page of createPaged(() => source(url)).pages()) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 5]);
    expect(pages.at(-1)?.next).toBeNull();
  });

  it('resumes at page 4 from the cursor of page 3', async () => {
    const { url, stats } = await server({ count: 50 });
    const pages: Page<Item>[] = [];
    for await (const page of createPaged(() => source(url)).pages()) {
      pages.push(page);
      if (pages.length === 3) break;
    }
    const cursor = JSON.parse(JSON.stringify(pages[2]?.next)) as Cursor;
    stats.requests.length = 0;
    const rest = await createPaged(() => source(url, { start: cursor })).toArray();
    expect(stats.requests[0]?.query.get('offset')).toBe('30');
    expect(rest.map((i) => i.id)).toEqual(ids(50).slice(30));
  });

  it('keeps up to `prefetch` requests in flight, and yields the same records', async () => {
    const { url, stats } = await server({ count: 200, delayMs: 40 });
    const seen: string[] = [];
    for await (const item of createPaged(() => source(url), { prefetch: 4 })) seen.push(item.id);
    expect(seen).toEqual(ids(200));
    expect(stats.maxConcurrent).toBe(4);
  });

  it('sends one request at a time with the default prefetch', async () => {
    const { url, stats } = await server({ count: 60, delayMs: 5 });
    const all = await createPaged(() => source(url)).toArray();
    expect(all).toHaveLength(60);
    expect(stats.maxConcurrent).toBe(1);
  });

  it('throws away predicted pages that the real next contradicts', async () => {
    // The server says the data ends after offset 20 although the prediction goes on.
    const { url } = await server({ count: 100, delayMs: 10 });
    const list = createPaged(() => source(url, { next: (offset) => (offset >= 20 ? null : offset + 10) }), {
      prefetch: 5,
    });
    const all = await list.toArray();
    expect(all.map((i) => i.id)).toEqual(ids(30));
  });

  it('aborts the in-flight request when the consumer breaks out of for await', async () => {
    const { url, stats } = await server({ count: 100, delayMs: 150 });
    for await (const item of createPaged(() => source(url))) {
      expect(item.id).toBe('r0');
      // page 2 was requested when page 1 arrived: break once the server has it in hand
      while (stats.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stats.requests).toHaveLength(2);
    expect(stats.aborted).toBe(1);
  });

  it('drops a duplicate that a shifted page repeats', async () => {
    // After the first request, 3 records appear at the front: page 2 starts 3 records early.
    const { url } = await server({ count: 30, shiftAfter: { requests: 1, inserted: 3 } });
    const seen: string[] = [];
    for await (const item of createPaged(() => source(url))) seen.push(item.id);
    const old = seen.filter((id) => id.startsWith('r'));
    expect(old).toEqual(ids(30));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('stops requesting once toArray has its limit', async () => {
    const { url, stats } = await server({ count: 100, delayMs: 5 });
    const first = await createPaged(() => source(url)).toArray({ limit: 25 });
    expect(first.map((i) => i.id)).toEqual(ids(25));
    expect(stats.requests).toHaveLength(3);
  });

  it('honours limit across pages with prefetch, without requesting past it', async () => {
    const { url, stats } = await server({ count: 100, delayMs: 5 });
    const items: string[] = [];
    for await (const item of createPaged(() => source(url), { limit: 15, prefetch: 1 })) items.push(item.id);
    expect(items).toEqual(ids(15));
    expect(stats.requests).toHaveLength(2);
  });

  it('maps records through toCallRecord', async () => {
    const { url } = await server({ count: 12 });
    const records: CallRecord[] = [];
    for await (const record of createPaged(() => source(url)).records()) records.push(record);
    expect(records.map((r) => r.id)).toEqual(ids(12));
    expect(records[0]?.provider).toBe('telecmi');
  });

  it('delivers an invalid option as InvalidArgumentError on await and on iteration, before any request', async () => {
    const { url, stats } = await server({ count: 10 });
    const failing = () =>
      createPaged<Item>(() => {
        throw new InvalidArgumentError('`from` must be before `to`', { argument: 'from' });
      });
    await expect(failing()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(failing().toArray()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(async () => {
      for await (const _ of failing()) {
        /* never reached */
      }
    }).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(createPaged(() => source(url), { prefetch: 0.5 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(stats.requests).toHaveLength(0);
  });

  it('refuses a cursor from another provider or method', () => {
    expect(() =>
      readCursor(cursorSchema, { p: 'boxis', op: 'getCDR' }, { provider: 'telecmi', operation: 'list' }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      readCursor(
        cursorSchema,
        { p: 'telecmi', op: 'list', offset: 'x' },
        { provider: 'telecmi', operation: 'list' },
      ),
    ).toThrow(/damaged/);
  });

  it('rejects with AbortError when the signal is already aborted, and sends nothing', async () => {
    const { url, stats } = await server({ count: 10 });
    const controller = new AbortController();
    controller.abort();
    await expect(
      createPaged(() => source(url), { signal: controller.signal }).toArray(),
    ).rejects.toBeInstanceOf(AbortError);
    expect(stats.requests).toHaveLength(0);
  });

  it('aborts the request in flight when the signal fires mid-iteration', async () => {
    const { url, stats } = await server({ count: 100, delayMs: 200 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      createPaged(() => source(url), { signal: controller.signal }).toArray(),
    ).rejects.toBeInstanceOf(AbortError);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stats.aborted).toBe(1);
  });

  it('refuses a next page that does not advance instead of looping', async () => {
    const { url } = await server({ count: 100 });
    const stuck = createPaged(() => source(url, { next: (offset) => offset, predict: false }));
    await expect(stuck.toArray()).rejects.toBeInstanceOf(ResponseFormatError);
  });
});

describe('prefetch: 0', () => {
  it('reads every record and sends no request beyond what the loop consumed', async () => {
    const { url, stats } = await server({ count: 35 });
    const all: string[] = [];
    for await (const item of createPaged(() => source(url), { prefetch: 0 })) all.push(item.id);
    expect(all).toEqual(ids(35));
    expect(stats.requests).toHaveLength(4);

    const before = stats.requests.length;
    for await (const _page of createPaged(() => source(url), { prefetch: 0 }).pages()) break;
    // Give a stray read-ahead the time to arrive: with prefetch 0 there is none.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stats.requests.length - before).toBe(1);
  });

  it('refuses values outside 0 to 32 with a message that names the accepted range', async () => {
    for (const prefetch of [-1, 33, 1.5]) {
      await expect(createPaged(() => source('http://127.0.0.1:9'), { prefetch })).rejects.toThrow(
        /from 0 \(no read-ahead\) to 32/,
      );
    }
  });
});
