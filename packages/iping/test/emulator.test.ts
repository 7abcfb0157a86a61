import { AuthenticationError, type CallRecord, type Cursor, callRecordSchema } from '@cdrkit/core';
import { type Emulator, startEmulator } from '@cdrkit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpingClient, type IpingItem, type IpingTransport, toCallRecord } from '../src/index.js';

const from = new Date('2024-02-15T05:00:00Z');
const to = new Date('2024-04-20T04:00:00Z');
const fast = { limit: 8, baseDelayMs: 1, maxDelayMs: 10 };

let emu: Emulator<'iping'>;
let expectedIds: string[];

beforeAll(async () => {
  emu = await startEmulator('iping', { records: 5000, seed: 7, from, to });
  expectedIds = [...emu.records()].map((record) => idOf(record)).sort();
});
afterAll(() => emu.close());

function idOf(item: Record<string, string | undefined>): string {
  const id = item.item_id;
  if (id === undefined) throw new Error('the emulator item has no item_id');
  return id;
}

function client(
  emulator: Emulator<'iping'> = emu,
  extra: Partial<ConstructorParameters<typeof IpingClient>[0]> = {},
) {
  return new IpingClient({ ...emulator.credentials, baseUrl: emulator.url, retry: fast, ...extra });
}

/** Every secret-bearing surface of an error, as one string. */
function errorText(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 5) return String(error);
  const own = Object.fromEntries(Object.entries(error));
  return [
    String(error),
    error.message,
    error.stack,
    JSON.stringify(own),
    errorText(error.cause, depth + 1),
  ].join('\n');
}

describe('against the iPing emulator', () => {
  it('has generated 5,000 distinct items', () => {
    expect(new Set(expectedIds).size).toBe(5000);
  });

  for (const transport of ['xml', 'query'] as const satisfies readonly IpingTransport[]) {
    for (const prefetch of [0, 4]) {
      it(`returns each of 5,000 items exactly once through item_start paging (${transport}, prefetch ${prefetch})`, async () => {
        const ids: string[] = [];
        for await (const item of client().getOutboundItems({ from, to, transport, prefetch }))
          ids.push(idOf(item));
        expect(ids).toHaveLength(5000);
        expect(ids.sort()).toEqual(expectedIds);
      });
    }
  }

  it('steps item_start by item_count within a window', async () => {
    const bodies: string[] = [];
    const hooks = { beforeRequest: (info: { body: string | null }) => void bodies.push(info.body ?? '') };
    const items = await client(emu, { hooks })
      .getOutboundItems({ from, to, itemCount: 37, prefetch: 0 })
      .toArray();
    expect(items).toHaveLength(5000);
    const starts = bodies.slice(0, 3).map((body) => body.match(/<item_start value="(\d+)"\/>/)?.[1]);
    expect(starts).toEqual(['0', '37', '74']);
  });

  it('returns exactly the items that start in a range not aligned to days, across windows and a DST change', async () => {
    const start = new Date('2024-03-09T13:37:00-05:00');
    const end = new Date('2024-03-21T08:15:00-04:00');
    const expected = [...emu.records()]
      .filter((record) => {
        const at = Date.parse(toCallRecord(record).startedAt);
        return at >= start.getTime() && at < end.getTime();
      })
      .map(idOf)
      .sort();
    expect(expected.length).toBeGreaterThan(500);
    const items = await client()
      .getOutboundItems({ from: start, to: end, windowSpan: { days: 3 } })
      .toArray();
    expect(items.map(idOf).sort()).toEqual(expected);
  });

  it('normalizes every item into a valid outbound CallRecord', async () => {
    const records: CallRecord[] = [];
    for await (const record of client().getOutboundItems({ from, to }).records()) records.push(record);
    expect(records).toHaveLength(5000);
    expect(new Set(records.map((record) => record.id)).size).toBe(5000);
    for (const record of records) {
      expect(callRecordSchema.safeParse(record).success).toBe(true);
      expect(record.direction).toBe('outbound');
      expect(Date.parse(record.startedAt)).toBeGreaterThanOrEqual(from.getTime());
      expect(Date.parse(record.startedAt)).toBeLessThan(to.getTime());
    }
  });

  it('lists the single notification of a tracking id, in both transports', async () => {
    const target = [...emu.records()][1234]!;
    const trackingId = target.tracking_id!;
    const expected = [...emu.records()].filter((record) => record.tracking_id === trackingId).map(idOf);
    expect(expected).toContain(idOf(target));
    for (const transport of ['xml', 'query'] as const) {
      const items = await client().getOutboundItems({ from, to, trackingId, transport }).toArray();
      expect(items.map(idOf).sort()).toEqual(expected.sort());
    }
  });

  it('reads the same items whether the emulator answers in value-attribute or text-element style', async () => {
    const attribute = await startEmulator('iping', {
      records: 300,
      seed: 3,
      from,
      to,
      xmlStyle: 'attribute',
    });
    const element = await startEmulator('iping', { records: 300, seed: 3, from, to, xmlStyle: 'element' });
    try {
      const [a, e] = await Promise.all([
        client(attribute).getOutboundItems({ from, to }).toArray(),
        client(element).getOutboundItems({ from, to }).toArray(),
      ]);
      expect(a).toHaveLength(300);
      expect(e).toEqual(a);
    } finally {
      await Promise.all([attribute.close(), element.close()]);
    }
  });

  it('keeps every item of an answer the emulator sends in element style, unknown fields included', async () => {
    const element = await startEmulator('iping', { records: 50, seed: 5, from, to, xmlStyle: 'element' });
    try {
      const items: IpingItem[] = await client(element).getOutboundItems({ from, to }).toArray();
      const native = [...element.records()];
      expect(items.map(idOf).sort()).toEqual(native.map(idOf).sort());
      const byId = new Map(native.map((record) => [idOf(record), record]));
      for (const item of items) expect(item).toEqual(byId.get(idOf(item)));
    } finally {
      await element.close();
    }
  });

  it('still returns every item exactly once through 5xx, 429, dropped and malformed answers', async () => {
    const faulty = await startEmulator('iping', {
      records: 1500,
      seed: 11,
      from,
      to,
      faults: {
        serverErrorRate: 0.1,
        rateLimitRate: 0.05,
        retryAfterSec: 0,
        dropRate: 0.05,
        malformedRate: 0.05,
      },
    });
    try {
      const ids = (await client(faulty).getOutboundItems({ from, to, prefetch: 2 }).toArray()).map(idOf);
      expect(ids.sort()).toEqual([...faulty.records()].map(idOf).sort());
    } finally {
      await faulty.close();
    }
  });

  describe('a server that answers at most 7 items whatever item_count asks (faults.pageCap)', () => {
    let capped: Emulator<'iping'>;
    let all: string[];

    beforeAll(async () => {
      capped = await startEmulator('iping', { records: 1500, seed: 13, from, to, faults: { pageCap: 7 } });
      all = [...capped.records()].map(idOf).sort();
    });
    afterAll(() => capped?.close());

    for (const transport of ['xml', 'query'] as const) {
      for (const prefetch of [0, 4]) {
        it(`still returns every item exactly once with item_count 100 (${transport}, prefetch ${prefetch})`, async () => {
          const before = capped.requestCount;
          const ids = (
            await client(capped).getOutboundItems({ from, to, transport, prefetch, itemCount: 100 }).toArray()
          ).map(idOf);
          expect(ids).toHaveLength(all.length);
          expect(ids.sort()).toEqual(all);
          // total_count ends each window: one request per 7 items and window, plus the guesses
          // read-ahead made before the first answer showed 7 a page.
          const requests = capped.requestCount - before;
          expect(requests).toBeGreaterThanOrEqual(Math.ceil(all.length / 7));
          expect(requests).toBeLessThanOrEqual(Math.ceil(all.length / 7) + 3 + 3 * prefetch);
        });
      }
    }

    it('resumes exactly from a cursor taken in the middle of an iteration', async () => {
      const seen: string[] = [];
      let cursor: Cursor | null = null;
      for await (const page of client(capped).getOutboundItems({ from, to, prefetch: 4 }).pages()) {
        seen.push(...page.items.map(idOf));
        if (seen.length >= 400) {
          cursor = page.next;
          break;
        }
      }
      expect(cursor).toMatchObject({ q: { itemCount: 100 } });
      expect(((cursor as { at?: number }).at ?? 0) % 7).toBe(0);
      const stored = JSON.parse(JSON.stringify(cursor)) as Cursor;
      const rest = (await client(capped).getOutboundItems({ cursor: stored }).toArray()).map(idOf);
      expect([...seen, ...rest]).toHaveLength(all.length);
      expect([...seen, ...rest].sort()).toEqual(all);
    });
  });

  for (const transport of ['xml', 'query'] as const) {
    it(`rejects a wrong password with AuthenticationError that holds no password, nor do hooks (${transport})`, async () => {
      const password = 'wrong-Pa55word&<secret>';
      const seen: string[] = [];
      const hooks = {
        beforeRequest: (info: unknown) => void seen.push(JSON.stringify(info)),
        afterResponse: (info: unknown) => void seen.push(JSON.stringify(info)),
        beforeRetry: (info: { error: Error }) => void seen.push(JSON.stringify(info), errorText(info.error)),
      };
      const wrong = client(emu, { password, hooks });
      const error = await Promise.resolve(wrong.getOutboundItems({ from, to, transport })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(seen.length).toBeGreaterThan(0);
      const everything = [errorText(error), ...seen].join('\n');
      for (const form of [password, encodeURIComponent(password), 'wrong-Pa55word&amp;&lt;secret&gt;']) {
        expect(everything).not.toContain(form);
      }
    });

    it(`keeps the real password out of hooks and errors of a successful run (${transport})`, async () => {
      const seen: string[] = [];
      const hooks = {
        beforeRequest: (info: unknown) => void seen.push(JSON.stringify(info)),
        afterResponse: (info: unknown) => void seen.push(JSON.stringify(info)),
      };
      await client(emu, { hooks }).getOutboundItems({ from, to, transport, limit: 150 }).toArray();
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.join('\n')).not.toContain(emu.credentials.password);
    });
  }
});
