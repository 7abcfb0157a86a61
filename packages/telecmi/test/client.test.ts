import { setTimeout as sleep } from 'node:timers/promises';
import { AuthenticationError, callRecordSchema } from '@cdrkit/core';
import { type Emulator, startEmulator, type TelecmiDataset, type TelecmiRecord } from '@cdrkit/emulators';
import { readJsonFixture } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outgoingPageSchema, TeleCmiClient, type TeleCmiEndpoint } from '../src/index.js';

const FROM = new Date('2024-03-01T00:00:00Z');
const TO = new Date('2024-03-08T00:00:00Z');
const ENDPOINTS = [
  'outAnswered',
  'outMissed',
  'answered',
  'missed',
] as const satisfies readonly TeleCmiEndpoint[];
const DATASETS: Record<TeleCmiEndpoint, TelecmiDataset> = {
  outAnswered: 'outanswered',
  outMissed: 'outmissed',
  answered: 'answered',
  missed: 'missed',
};

type NativeRecord = TelecmiRecord;

/** The id a served row carries: `_id` in the doc shape (this file's emulator). */
const idOf = (record: { _id?: unknown; cmiuid?: unknown }) => String(record.cmiuid ?? record._id);

let emu: Emulator<'telecmi'>;
let client: TeleCmiClient;
const served: Partial<Record<TeleCmiEndpoint, NativeRecord[]>> = {};

function recordsOf(endpoint: TeleCmiEndpoint): NativeRecord[] {
  served[endpoint] ??= [...emu.records(DATASETS[endpoint])];
  return served[endpoint];
}

/** The JSON bodies of the requests the emulator received since its request count was `count`. */
function bodiesSince(count: number): Record<string, unknown>[] {
  const fresh = emu.requestCount - count;
  if (fresh === 0) return [];
  return emu.requests.slice(-fresh).map((request) => JSON.parse(request.body) as Record<string, unknown>);
}

/**
 * The emulator's request count once requests aborted by an earlier test (a loop left early)
 * have stopped arriving, so that counting what a test sends is exact.
 */
async function settledCount(): Promise<number> {
  let count = emu.requestCount;
  for (;;) {
    await sleep(30);
    if (emu.requestCount === count) return count;
    count = emu.requestCount;
  }
}

beforeAll(async () => {
  emu = await startEmulator('telecmi', { records: 5000, seed: 1, from: FROM, to: TO });
  client = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url });
});
afterAll(() => emu?.close());

describe.each(ENDPOINTS)('%s against the emulator', (endpoint) => {
  it('yields every record the emulator holds, in order, once each', async () => {
    const expected = recordsOf(endpoint).map((record) => idOf(record));
    expect(expected.length).toBeGreaterThanOrEqual(1000);
    const ids: string[] = [];
    for await (const record of client[endpoint]({ from: FROM, to: TO })) ids.push(idOf(record));
    expect(ids).toEqual(expected);
  });

  it('yields the same records with prefetch: 4', async () => {
    const expected = recordsOf(endpoint).map((record) => idOf(record));
    const ids: string[] = [];
    for await (const record of client[endpoint]({ from: FROM, to: TO, prefetch: 4 })) ids.push(idOf(record));
    expect(ids).toEqual(expected);
  });

  it('normalizes with the direction and status of the endpoint', async () => {
    const outbound = endpoint === 'outAnswered' || endpoint === 'outMissed';
    const answered = endpoint === 'outAnswered' || endpoint === 'answered';
    let count = 0;
    for await (const call of client[endpoint]({ from: FROM, to: TO, pageSize: 20 }).records()) {
      expect(callRecordSchema.safeParse(call).success).toBe(true);
      expect(call.direction).toBe(outbound ? 'outbound' : 'inbound');
      expect(call.status).toBe(answered ? 'answered' : 'no-answer');
      if (++count === 50) break;
    }
    expect(count).toBe(50);
  });
});

describe('paging', () => {
  it('sends one request for an awaited page, its pageSize sent as limit', async () => {
    const before = await settledCount();
    const page = await client.outAnswered({ from: FROM, to: TO, page: 2, pageSize: 50 });
    expect(emu.requestCount - before).toBe(1);
    const [body] = bodiesSince(before);
    expect(body).toMatchObject({
      page: 2,
      limit: 50,
      start_date: FROM.getTime(),
      end_date: TO.getTime() - 1,
    });
    const expected = recordsOf('outAnswered')
      .slice(50, 100)
      .map((record) => idOf(record));
    expect(page.items.map((record) => idOf(record))).toEqual(expected);
    expect(page.total).toBe(recordsOf('outAnswered').length);
    expect(page.window).toEqual({ from: FROM.toISOString(), to: TO.toISOString() });
    expect(page.next).not.toBeNull();
  });

  it('resumes after page 3 at page 4 from page 3 cursor, through JSON', async () => {
    const third = await client.answered({ from: FROM, to: TO, page: 3, pageSize: 100 });
    const cursor = JSON.parse(JSON.stringify(third.next));
    const before = await settledCount();
    const ids: string[] = [];
    for await (const record of client.answered({ cursor })) ids.push(idOf(record));
    expect(bodiesSince(before)[0]).toMatchObject({ page: 4, limit: 100, start_date: FROM.getTime() });
    expect(ids).toEqual(
      recordsOf('answered')
        .slice(300)
        .map((record) => idOf(record)),
    );
  });

  it('sends only the requests toArray({ limit: 25 }) needs', async () => {
    const before = await settledCount();
    const records = await client.missed({ from: FROM, to: TO }).toArray({ limit: 25 });
    expect(records.map((record) => idOf(record))).toEqual(
      recordsOf('missed')
        .slice(0, 25)
        .map((record) => idOf(record)),
    );
    expect(emu.requestCount - before).toBe(1);
  });

  it('stops after limit records, asking only the pages it needs', async () => {
    const before = await settledCount();
    const ids: string[] = [];
    for await (const record of client.missed({ from: FROM, to: TO, limit: 150, prefetch: 0 }))
      ids.push(idOf(record));
    expect(ids).toEqual(
      recordsOf('missed')
        .slice(0, 150)
        .map((record) => idOf(record)),
    );
    const bodies = bodiesSince(before);
    expect(bodies.map((body) => [body.page, body.limit])).toEqual([
      [1, 100],
      [2, 100],
    ]);
  });

  it('stops at total without asking for an empty page', async () => {
    const total = recordsOf('outMissed').length;
    const before = await settledCount();
    await client.outMissed({ from: FROM, to: TO, pageSize: 500 }).toArray();
    expect(emu.requestCount - before).toBe(Math.ceil(total / 500));
  });

  it('gives each page a cursor until the last, whose next is null', async () => {
    const pages = [];
    for await (const page of client.outAnswered({ from: FROM, to: TO, pageSize: 1000 }).pages())
      pages.push(page);
    expect(pages.length).toBe(Math.ceil(recordsOf('outAnswered').length / 1000));
    expect(pages.at(-1)?.next).toBeNull();
    expect(pages.slice(0, -1).every((page) => page.next !== null)).toBe(true);
  });
});

describe('ranges', () => {
  it('returns exactly the records in [from, to), sending to − 1 ms as end_date', async () => {
    const records = recordsOf('outAnswered');
    const from = records[Math.floor(records.length * 0.7)]!.time;
    const to = records[Math.floor(records.length * 0.3)]!.time;
    const [start, end] = from < to ? [from, to] : [to, from];
    const before = await settledCount();
    const ids = (await client.outAnswered({ from: start, to: end }).toArray()).map((record) => idOf(record));
    const expected = records
      .filter((record) => record.time >= start && record.time < end)
      .map((r) => idOf(r));
    expect(ids).toEqual(expected);
    expect(ids.length).toBeGreaterThan(0);
    expect(bodiesSince(before)[0]).toMatchObject({ start_date: start, end_date: end - 1 });
  });

  it('meets with no gap and no duplicate when a range is cut in two', async () => {
    const middle = new Date('2024-03-04T12:00:00Z');
    const first = await client.missed({ from: FROM, to: middle }).toArray();
    const second = await client.missed({ from: middle, to: TO }).toArray();
    const ids = [...first, ...second].map((record) => idOf(record)).sort();
    expect(ids).toEqual(
      recordsOf('missed')
        .map((record) => idOf(record))
        .sort(),
    );
  });

  it("sends no dates when neither from nor to is given, leaving TeleCMI's last 24 hours", async () => {
    const before = await settledCount();
    const page = await client.outAnswered();
    expect(page.window).toBeUndefined();
    const [body] = bodiesSince(before);
    expect(body).not.toHaveProperty('start_date');
    expect(body).not.toHaveProperty('end_date');
    expect(body).toMatchObject({ page: 1, limit: 100 });
  });

  it('reads an ISO date without offset in the client time zone', async () => {
    const kolkata = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url, timeZone: 'Asia/Kolkata' });
    const before = await settledCount();
    await kolkata.outAnswered({ from: '2024-03-02T00:00:00', to: '2024-03-03T00:00:00' });
    expect(bodiesSince(before)[0]).toMatchObject({
      start_date: Date.parse('2024-03-01T18:30:00Z'),
      end_date: Date.parse('2024-03-02T18:30:00Z') - 1,
    });
  });
});

describe('credentials and analysis', () => {
  it('gives AuthenticationError for a wrong token', async () => {
    const wrong = new TeleCmiClient({ ...emu.credentials, token: 'not-the-token', baseUrl: emu.url });
    await expect(wrong.outAnswered({ from: FROM, to: TO })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('gives AuthenticationError for an unknown app id', async () => {
    const wrong = new TeleCmiClient({ ...emu.credentials, appId: 9, baseUrl: emu.url });
    await expect(wrong.missed()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('counts answered and missed calls in the range', async () => {
    const counts = await client.analysis({ from: FROM, to: TO });
    expect(counts.total).toBe(counts.answered + counts.missed);
    expect(counts.total).toBeGreaterThan(0);
  });
});

describe('the doc sample', () => {
  it("is what the doc's own request gets, read as its three typed records, with no drift", async () => {
    const sample = outgoingPageSchema.parse(readJsonFixture('telecmi', 'outanswered-sample.json'));
    const drift: unknown[] = [];
    const doc = new TeleCmiClient({
      appId: 1111113,
      token: 'xxxx-xxxx-xxxx-xxx',
      baseUrl: emu.url,
      hooks: { schemaDrift: (event) => void drift.push(event) },
    });
    // The doc's request: start_date 1570559400000, end_date 1570642200000 (inclusive), page 1, limit 5.
    const before = await settledCount();
    const page = await doc.outAnswered({ from: 1570559400000, to: 1570642200001, page: 1, pageSize: 5 });
    expect(bodiesSince(before)[0]).toEqual({
      appid: 1111113,
      token: 'xxxx-xxxx-xxxx-xxx',
      start_date: 1570559400000,
      end_date: 1570642200000,
      page: 1,
      limit: 5,
    });
    expect(page.items).toEqual(sample.cdr);
    expect(page.total).toBe(3);
    expect(page.next).toBeNull();
    expect(drift).toEqual([]);
  });
});

describe('a server that misbehaves', () => {
  it('still yields every record once when records arrive mid-iteration', async () => {
    const busy = await startEmulator('telecmi', {
      records: 1000,
      seed: 7,
      from: FROM,
      to: TO,
      faults: { insertAfterRequests: 3, insertCount: 7 },
    });
    try {
      const expected = [...busy.records('outanswered')].map((record) => idOf(record));
      const telecmi = new TeleCmiClient({ ...busy.credentials, baseUrl: busy.url });
      const ids: string[] = [];
      for await (const record of telecmi.outAnswered({ from: FROM, to: TO, pageSize: 50 }))
        ids.push(idOf(record));
      expect(busy.faultCounts.insert).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
    } finally {
      await busy.close();
    }
  });

  it('still yields every record once through errors, cut bodies and broken JSON, retried', async () => {
    const flaky = await startEmulator('telecmi', {
      records: 1000,
      seed: 3,
      from: FROM,
      to: TO,
      faults: { serverErrorRate: 0.15, truncateRate: 0.1, malformedRate: 0.1, dropRate: 0.05 },
    });
    try {
      const telecmi = new TeleCmiClient({
        ...flaky.credentials,
        baseUrl: flaky.url,
        retry: { limit: 12, baseDelayMs: 1, maxDelayMs: 5 },
      });
      const expected = [...flaky.records('answered')].map((record) => idOf(record));
      const ids: string[] = [];
      for await (const record of telecmi.answered({ from: FROM, to: TO, pageSize: 40, prefetch: 3 })) {
        ids.push(idOf(record));
      }
      const counts = flaky.faultCounts;
      expect(counts.serverError + counts.truncate + counts.malformed + counts.drop).toBeGreaterThan(0);
      expect(ids).toEqual(expected);
    } finally {
      await flaky.close();
    }
  });
});
