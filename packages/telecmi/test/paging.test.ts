import type { CallRecord } from '@cdrkit/core';
import { type Emulator, startEmulator } from '@cdrkit/emulators';
import { answer, startServer, type TestServer } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeleCmiClient } from '../src/index.js';
import { nextPosition } from '../src/paging.js';

const FROM = new Date('2024-03-01T00:00:00Z');
const TO = new Date('2024-03-08T00:00:00Z');
const idOf = (record: { _id?: unknown; cmiuid?: unknown }) => String(record.cmiuid ?? record._id);

/** Waits until aborted requests of an earlier test have stopped arriving. */
async function settle(emu: Emulator<'telecmi'>): Promise<void> {
  let count = emu.requestCount;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    if (emu.requestCount === count) return;
    count = emu.requestCount;
  }
}

/** Every id a list call yields, in order. */
async function idsOf(paged: AsyncIterable<{ _id?: unknown; cmiuid?: unknown }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const record of paged) ids.push(idOf(record));
  return ids;
}

describe('nextPosition', () => {
  const at = (page: number, limit: number, received: number) => ({ page, limit, received });

  it('follows a full page with the next one', () => {
    expect(nextPosition(at(1, 100, 0), 100, 570)).toEqual(at(2, 100, 100));
  });

  it('ends when the rows received reach the count', () => {
    expect(nextPosition(at(6, 100, 500), 70, 570)).toBeNull();
    expect(nextPosition(at(1, 100, 0), 100, 100)).toBeNull();
  });

  it('ends on an empty page, count or not', () => {
    expect(nextPosition(at(7, 10, 60), 0, undefined)).toBeNull();
    expect(nextPosition(at(7, 10, 60), 0, 100)).toBeNull();
  });

  it('pages by the server size after a short page the count does not end (limit ignored, 10 a page)', () => {
    expect(nextPosition(at(1, 100, 0), 10, 57)).toEqual(at(2, 10, 10));
    expect(nextPosition(at(2, 10, 10), 10, 57)).toEqual(at(3, 10, 20));
  });

  it('asks once more after a short page when there is no count, never ending on it alone', () => {
    expect(nextPosition(at(1, 100, 0), 10, undefined)).toEqual(at(2, 10, 10));
    // 57 rows so far are no whole number of 7-row pages: the 7 were the tail; one more request confirms.
    expect(nextPosition(at(6, 10, 50), 7, undefined)).toEqual(at(7, 10, 57));
  });

  it('follows a server that sends more rows than asked at its own size', () => {
    expect(nextPosition(at(1, 5, 0), 10, undefined)).toEqual(at(2, 10, 10));
  });
});

describe('a server that answers at most 10 rows a page, whatever limit asks (pageCap)', () => {
  let emu: Emulator<'telecmi'>;
  let expected: string[];

  beforeAll(async () => {
    emu = await startEmulator('telecmi', { records: 57, from: FROM, to: TO, faults: { pageCap: 10 } });
    expected = [...emu.records('outanswered')].map(idOf);
  });
  afterAll(() => emu.close());

  it.each([0, 1, 4])(
    'yields every record exactly once on v1, asking 100, with prefetch %i',
    async (prefetch) => {
      const client = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url });
      expect(expected).toHaveLength(57);
      expect(await idsOf(client.outAnswered({ from: FROM, to: TO, pageSize: 100, prefetch }))).toEqual(
        expected,
      );
    },
  );

  it.each([0, 4])('yields every record exactly once on v2, with prefetch %i', async (prefetch) => {
    const v2 = await startEmulator('telecmi', {
      records: 57,
      from: FROM,
      to: TO,
      shape: 'production',
      faults: { pageCap: 10 },
    });
    try {
      const client = new TeleCmiClient({ ...v2.credentials, baseUrl: v2.url, apiVersion: 'v2' });
      const ids = await idsOf(client.outAnswered({ from: FROM, to: TO, prefetch }));
      expect(ids).toEqual([...v2.records('outanswered')].map(idOf));
      expect(new Set(ids).size).toBe(57);
    } finally {
      await v2.close();
    }
  });

  it('costs one request per 10 rows and no more once the count is reached', async () => {
    const client = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url });
    await settle(emu);
    const before = emu.requestCount;
    await client.outMissed({ from: FROM, to: TO, pageSize: 100, prefetch: 0 }).toArray();
    const bodies = emu.requests.slice(-(emu.requestCount - before)).map((r) => JSON.parse(r.body));
    expect(bodies.map((body) => [body.page, body.limit])).toEqual([
      [1, 100],
      [2, 10],
      [3, 10],
      [4, 10],
      [5, 10],
      [6, 10],
    ]);
  });

  it('with prefetch 4, wastes at most 3 requests, all at the start', async () => {
    const client = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url });
    await settle(emu);
    const before = emu.requestCount;
    expect(await idsOf(client.outMissed({ from: FROM, to: TO, pageSize: 100, prefetch: 4 }))).toHaveLength(
      57,
    );
    await settle(emu);
    const bodies = emu.requests.slice(-(emu.requestCount - before)).map((r) => JSON.parse(r.body));
    const wasted = bodies.filter((body) => body.limit === 100).length - 1;
    expect(wasted).toBeLessThanOrEqual(3);
    expect(bodies.length).toBe(6 + wasted);
  });

  it('resumes from a cursor taken after the server shrank the page', async () => {
    const client = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url });
    const first = await client.outAnswered({ from: FROM, to: TO, pageSize: 100 });
    const cursor = JSON.parse(JSON.stringify(first.next));
    expect(cursor).toMatchObject({ q: { pageSize: 100 }, at: { page: 2, limit: 10, received: 10 } });
    const rest = await idsOf(client.outAnswered({ cursor }));
    expect([...first.items.map(idOf), ...rest]).toEqual(expected);
  });
});

describe('a server that ignores limit and sends no count', () => {
  const rows = Array.from({ length: 57 }, (_, i) => ({
    cmiuid: `c-${i}`,
    time: 1709290000000 - i * 1000,
    billedsec: 5,
  }));
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(
      answer((request) => {
        const page = Number(request.json().page);
        return { body: JSON.stringify({ cdr: rows.slice((page - 1) * 10, page * 10) }) };
      }),
    );
  });
  afterAll(() => server.close());

  it.each([0, 4])('yields all 57 once and ends on the empty page (prefetch %i)', async (prefetch) => {
    const client = new TeleCmiClient({ appId: 1, token: 't', baseUrl: server.url, apiVersion: 'v2' });
    const before = server.requests.length;
    expect(await idsOf(client.missed({ prefetch }))).toEqual(rows.map((row) => row.cmiuid));
    if (prefetch === 0) {
      const pages = server.requests.slice(before).map((request) => request.json().page);
      expect(pages).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });
});

describe('production rows and v2', () => {
  let emu: Emulator<'telecmi'>;

  beforeAll(async () => {
    emu = await startEmulator('telecmi', { records: 300, seed: 5, from: FROM, to: TO, shape: 'production' });
  });
  afterAll(() => emu.close());

  const normalized = async (
    client: TeleCmiClient,
    method: 'outAnswered' | 'answered' | 'outMissed' | 'missed',
  ) => {
    const calls: Omit<CallRecord, 'raw'>[] = [];
    for await (const { raw: _raw, ...call } of client[method]({ from: FROM, to: TO }).records())
      calls.push(call);
    return calls;
  };

  it.each(['outAnswered', 'outMissed', 'answered', 'missed'] as const)(
    'gives the same %s records on v1 and on v2',
    async (method) => {
      const v1 = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url });
      const v2 = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url, apiVersion: 'v2' });
      const dataset = {
        outAnswered: 'outanswered',
        outMissed: 'outmissed',
        answered: 'answered',
        missed: 'missed',
      } as const;
      const [one, two] = await Promise.all([normalized(v1, method), normalized(v2, method)]);
      expect(one.map((call) => call.id)).toEqual([...emu.records(dataset[method])].map(idOf));
      expect(two).toEqual(one);
    },
  );

  it('normalizes a production row: id from cmiuid, duration, numeric rate as an exact decimal', async () => {
    const client = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url, currency: 'INR' });
    const page = await client.answered({ from: FROM, to: TO, pageSize: 5 });
    const row = page.items[0];
    if (row === undefined) throw new Error('no row');
    let call: CallRecord | undefined;
    for await (const first of client.answered({ from: FROM, to: TO }).records()) {
      call = first;
      break;
    }
    expect(call).toMatchObject({
      id: row.cmiuid,
      durationSec: row.duration,
      billedSec: row.billedsec,
      cost: { amount: String(row.rate), currency: 'INR' },
      from: String(row.from),
      to: String(row.to),
    });
    expect(row).not.toHaveProperty('_id');
  });
});
