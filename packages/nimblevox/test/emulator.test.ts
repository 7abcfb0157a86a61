import { AuthenticationError, CdrkitError, type Cursor, callRecordSchema } from '@cdrkit/core';
import { docFixtures, type Emulator, startEmulator } from '@cdrkit/emulators';
import { NimblevoxClient, type NimblevoxClientOptions, parseSdrPage } from '@cdrkit/nimblevox';
import { expectNoSecret, readFixture, startServer, type TestServer, text } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const from = '2024-01-01T00:00:00Z';
const to = new Date(Date.parse(from) + 200 * DAY).toISOString();

let emu: Emulator<'nimblevox'>;
let expectedIds: string[];

beforeAll(async () => {
  emu = await startEmulator('nimblevox', { records: 5000, seed: 14, from, to });
  expectedIds = [...emu.records()].map((record) => String(record.id));
});

afterAll(async () => {
  await emu?.close();
});

const clientFor = (server: Emulator<'nimblevox'>, options: Partial<NimblevoxClientOptions> = {}) =>
  new NimblevoxClient({ ...server.credentials, baseUrl: server.url, ...options });

const sorted = (ids: Iterable<string>) => [...ids].sort((a, b) => Number(a) - Number(b));

describe("the doc's own request", () => {
  const sample = (name: string) => readFixture('nimblevox', name);
  const docRequest = {
    from: '2012-10-31T00:00:00',
    to: '2012-11-01T00:00:00',
    callingParty: '123456789',
    calledParty: '987654321',
    pageSize: 100,
  };

  it('is served the bytes of our fixtures', () => {
    expect(docFixtures.nimblevox.jsonResponse).toBe(sample('sdr-page.json'));
    expect(docFixtures.nimblevox.xmlResponse).toBe(sample('sdr-page.xml'));
  });

  it.each(['json', 'xml'] as const)(
    'is sent as the doc writes it and its %s sample is read',
    async (format) => {
      const client = clientFor(emu, { apiKey: docFixtures.nimblevox.apiKey });
      const page = await client.listSdrs({ ...docRequest, format });
      const body = sample('sdr-page.json');
      const expected = parseSdrPage(JSON.parse(body), { provider: 'nimblevox', operation: 'listSdrs', body });
      expect(page.items).toEqual(expected.sdrs);
      expect(page.total).toBe(1000);
      // The sample holds one SDR but links to offset 100: following the link would skip what
      // the page did not hold, so the next page starts right after the one SDR received.
      expect(page.next).toMatchObject({ q: { max: 100 } });
      expect(page.next?.at).toEqual({ offset: 1 });
      const request = emu.requests.at(-1);
      expect(request?.query).toMatchObject({
        startDate: '2012-10-31T00:00:00',
        endDate: '2012-10-31T23:59:59',
        callingParty: '123456789',
        calledParty: '987654321',
        max: '100',
      });
    },
  );
});

describe('listSdrs against the emulator', () => {
  it.each([500, 37])(
    'returns each of 5,000 records over 200 days exactly once, in pages of %i',
    async (pageSize) => {
      const before = emu.requestCount;
      const ids = (await clientFor(emu).listSdrs({ from, to, pageSize }).toArray()).map((sdr) =>
        String(sdr.id),
      );
      expect(ids).toHaveLength(5000);
      expect(new Set(ids).size).toBe(5000);
      expect(sorted(ids)).toEqual(sorted(expectedIds));
      const requests = emu.requests.slice(before - emu.requestCount);
      // Three windows of at most 90 days.
      expect(new Set(requests.map((request) => request.query.startDate))).toEqual(
        new Set(['2024-01-01T00:00:00', '2024-03-31T00:00:00', '2024-06-29T00:00:00']),
      );
      for (const request of requests) {
        expect(request.query.max).toBe(String(pageSize));
        expect(
          Date.parse(`${request.query.endDate}Z`) - Date.parse(`${request.query.startDate}Z`),
        ).toBeLessThan(90 * DAY);
      }
    },
  );

  it('yields the same records in the same order with prefetch 4', async () => {
    const client = clientFor(emu);
    const plain = await client.listSdrs({ from, to, pageSize: 250 }).toArray();
    const before = emu.requestCount;
    const ahead = await client.listSdrs({ from, to, pageSize: 250, prefetch: 4 }).toArray();
    expect(ahead.map((sdr) => sdr.id)).toEqual(plain.map((sdr) => sdr.id));
    // Offsets are predicted from `total`: no page is requested twice.
    const offsets = emu.requests
      .slice(before - emu.requestCount)
      .map((request) => `${request.query.startDate}@${request.query.offset ?? 0}`);
    expect(new Set(offsets).size).toBe(offsets.length);
  });

  it('resumes from a cursor across a window edge', async () => {
    const client = clientFor(emu);
    const seen: string[] = [];
    let edge: Cursor | null = null;
    let windowStart: unknown;
    for await (const page of client.listSdrs({ from, to, pageSize: 500 }).pages()) {
      seen.push(...page.items.map((sdr) => String(sdr.id)));
      windowStart ??= page.next?.from;
      if (page.next !== null && page.next.from !== windowStart) {
        edge = page.next;
        break;
      }
    }
    expect(edge).not.toBeNull();
    // A cursor survives storage as JSON, and a fresh client picks up where the first stopped.
    const stored = JSON.parse(JSON.stringify(edge)) as Cursor;
    const rest = await clientFor(emu).listSdrs({ cursor: stored }).toArray();
    const all = [...seen, ...rest.map((sdr) => String(sdr.id))];
    expect(all).toHaveLength(5000);
    expect(sorted(all)).toEqual(sorted(expectedIds));
  });

  it('resumes from a cursor in the middle of a window', async () => {
    const client = clientFor(emu);
    const first = await client.listSdrs({ from, to, pageSize: 300, callingParty: undefined });
    const rest = await client.listSdrs({ cursor: first.next! }).toArray();
    const all = [...first.items, ...rest].map((sdr) => String(sdr.id));
    expect(sorted(all)).toEqual(sorted(expectedIds));
  });

  it('reads the whole range in XML into the same records as in JSON', async () => {
    const client = clientFor(emu);
    const [json, xml] = await Promise.all([
      client.listSdrs({ from, to }).toArray(),
      client.listSdrs({ from, to, format: 'xml' }).toArray(),
    ]);
    expect(emu.requests.some((request) => request.headers.accept === 'application/xml')).toBe(true);
    expect(xml).toHaveLength(5000);
    expect(xml).toEqual(json);
  });

  it('keeps the party filter on every page it follows', async () => {
    const [target] = emu.records();
    const before = emu.requestCount;
    const sdrs = await clientFor(emu)
      .listSdrs({ from, to, callingParty: target!.callingParty, pageSize: 1 })
      .toArray();
    const expected = [...emu.records()].filter((record) => record.callingParty === target!.callingParty);
    expect(sorted(sdrs.map((sdr) => String(sdr.id)))).toEqual(
      sorted(expected.map((record) => String(record.id))),
    );
    for (const request of emu.requests.slice(before - emu.requestCount)) {
      expect(request.query.callingParty).toBe(target!.callingParty);
      expect(request.query.apiKey).toBe(emu.credentials.apiKey);
    }
  });

  it('maps records to valid normalized CallRecords', async () => {
    const served = new Map([...emu.records()].map((record) => [String(record.id), record]));
    let count = 0;
    for await (const call of clientFor(emu, { currency: 'USD' })
      .listSdrs({ from, to, pageSize: 50 })
      .records()) {
      const record = served.get(call.id);
      expect(callRecordSchema.safeParse(call).success).toBe(true);
      expect(call).toMatchObject({
        provider: 'nimblevox',
        kind: 'call',
        from: record?.callingParty,
        to: record?.calledParty,
        startedAt: new Date(`${record?.billStart}Z`).toISOString(),
        billedSec: record?.billUnits,
        cost: { currency: 'USD' },
      });
      expect(call.raw).toEqual(record);
      if (++count === 120) break;
    }
    expect(count).toBe(120);
  });
});

describe('listSdrs against other emulator setups', () => {
  it('meets windows exactly in a zone with daylight saving time', async () => {
    const zone = 'America/New_York';
    const range = { from: '2024-01-01T00:00:00', to: '2024-07-19T00:00:00' };
    const local = await startEmulator('nimblevox', { records: 2000, seed: 5, timeZone: zone, ...range });
    try {
      // The emulator may read its own range in another zone: expect what lies in ours, wall time.
      const expected = [...local.records()]
        .filter((record) => record.billStart >= range.from && record.billStart < range.to)
        .map((record) => String(record.id));
      expect(expected.length).toBeGreaterThan(1900);
      const ids = (
        await clientFor(local, { timeZone: zone })
          .listSdrs({ ...range, pageSize: 500 })
          .toArray()
      ).map((sdr) => String(sdr.id));
      expect(sorted(ids)).toEqual(sorted(expected));
      expect(local.requests.every((request) => request.query.startDate?.endsWith('T00:00:00'))).toBe(true);
    } finally {
      await local.close();
    }
  });

  it('drops the repeats that records arriving during paging cause', async () => {
    const shifting = await startEmulator('nimblevox', {
      records: 1000,
      seed: 8,
      from,
      to,
      faults: { insertAfterRequests: 2, insertCount: 3 },
    });
    try {
      const original = [...shifting.records()].map((record) => String(record.id));
      const ids = (await clientFor(shifting).listSdrs({ from, to, pageSize: 100 }).toArray()).map((sdr) =>
        String(sdr.id),
      );
      expect(shifting.faultCounts.insert).toBe(3);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of original) expect(ids).toContain(id);
    } finally {
      await shifting.close();
    }
  });

  it('retries server errors and truncated bodies and still returns every record once', async () => {
    const flaky = await startEmulator('nimblevox', {
      records: 1500,
      seed: 9,
      from,
      to,
      faults: { serverErrorRate: 0.2, truncateRate: 0.1, malformedRate: 0.1 },
    });
    try {
      const client = clientFor(flaky, { retry: { limit: 8, baseDelayMs: 1, maxDelayMs: 5 } });
      for (const format of ['json', 'xml'] as const) {
        const ids = (await client.listSdrs({ from, to, pageSize: 100, format }).toArray()).map((sdr) =>
          String(sdr.id),
        );
        expect(sorted(ids)).toEqual(sorted([...flaky.records()].map((record) => String(record.id))));
      }
      expect(
        flaky.faultCounts.serverError + flaky.faultCounts.truncate + flaky.faultCounts.malformed,
      ).toBeGreaterThan(0);
    } finally {
      await flaky.close();
    }
  });
});

describe('listSdrs against a server that caps pages (faults.pageCap)', () => {
  let capped: Emulator<'nimblevox'>;
  let all: string[];

  beforeAll(async () => {
    capped = await startEmulator('nimblevox', { records: 1200, seed: 21, from, to, faults: { pageCap: 7 } });
    all = [...capped.records()].map((record) => String(record.id));
  });
  afterAll(() => capped?.close());

  for (const format of ['json', 'xml'] as const) {
    for (const prefetch of [0, 4]) {
      it(`returns every record exactly once when 7 come back for max 500 (${format}, prefetch ${prefetch})`, async () => {
        const before = capped.requestCount;
        const ids = (await clientFor(capped).listSdrs({ from, to, format, prefetch }).toArray()).map((sdr) =>
          String(sdr.id),
        );
        expect(ids).toHaveLength(all.length);
        expect(sorted(ids)).toEqual(sorted(all));
        // One request per 7 records and window, plus the guesses read-ahead made before it knew.
        const requests = capped.requestCount - before;
        expect(requests).toBeGreaterThanOrEqual(Math.ceil(all.length / 7));
        expect(requests).toBeLessThanOrEqual(Math.ceil(all.length / 7) + 3 + 3 * prefetch);
      });
    }
  }

  it('resumes exactly from a cursor taken in the middle of an iteration', async () => {
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    for await (const page of clientFor(capped).listSdrs({ from, to, prefetch: 4 }).pages()) {
      seen.push(...page.items.map((sdr) => String(sdr.id)));
      if (seen.length >= 300) {
        cursor = page.next;
        break;
      }
    }
    // The links' `max` (the size the server serves) is kept in the position, the call's in `q`.
    expect(cursor).toMatchObject({ q: { max: 500 }, at: { max: 7 } });
    const stored = JSON.parse(JSON.stringify(cursor)) as Cursor;
    const rest = (await clientFor(capped).listSdrs({ cursor: stored }).toArray()).map((sdr) =>
      String(sdr.id),
    );
    expect([...seen, ...rest]).toHaveLength(all.length);
    expect(sorted([...seen, ...rest])).toEqual(sorted(all));
  });
});

describe('getSdr against the emulator', () => {
  it('returns the record that listSdrs returns, in either format', async () => {
    const client = clientFor(emu);
    const listed = await client.listSdrs({ from, to, pageSize: 5 });
    const wanted = listed.items[3]!;
    expect(await client.getSdr(wanted.id)).toEqual(wanted);
    expect(await client.getSdr(String(wanted.id), { format: 'xml' })).toEqual(wanted);
    expect(emu.requests.at(-1)?.path).toBe(`/sdr/${wanted.id}`);
  });
});

describe('the apiKey', () => {
  let foreign: TestServer;
  let linked: Emulator<'nimblevox'>;

  beforeAll(async () => {
    foreign = await startServer(text(500, ''));
    linked = await startEmulator('nimblevox', { records: 1200, seed: 3, from, to, linkOrigin: foreign.url });
  });

  afterAll(async () => {
    await Promise.all([linked?.close(), foreign?.close()]);
  });

  it('never goes to a host other than the configured one, whatever origin the links name', async () => {
    const sent: string[] = [];
    const watchingFetch: typeof fetch = (input, init) => {
      sent.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const client = clientFor(linked, { fetch: watchingFetch });
    const sdrs = await client.listSdrs({ from, to, pageSize: 100 }).toArray();
    expect(sdrs).toHaveLength(1200);
    const first = await client.listSdrs({ from, to, pageSize: 100 });
    expect(first.items[0]?.href?.startsWith(foreign.url)).toBe(true);
    await client.getSdr(first.items[0]!.id);

    expect(foreign.requests).toHaveLength(0);
    expect(sent.length).toBeGreaterThan(12);
    expect(linked.requestCount).toBe(sent.length);
    for (const url of sent) expect(new URL(url).origin).toBe(linked.url);
    for (const request of linked.requests) expect(request.query.apiKey).toBe(linked.credentials.apiKey);
  });

  it('is refused with an AuthenticationError that does not contain it', async () => {
    const wrongKey = 'wrong-key-that-must-not-leak';
    const error = await clientFor(emu, { apiKey: wrongKey })
      .listSdrs({ from, to })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expectNoSecret(error, [wrongKey]);
  });

  it('appears in no error, hook payload or excerpt', async () => {
    const apiKey = emu.credentials.apiKey;
    const payloads: unknown[] = [];
    const hooks = {
      beforeRequest: (info: unknown) => void payloads.push(info),
      afterResponse: (info: unknown) => void payloads.push(info),
      beforeRetry: (info: unknown) => void payloads.push(info),
    };
    const errors: unknown[] = [];
    const client = clientFor(emu, { hooks, retry: { limit: 1, baseDelayMs: 1 } });
    for (const faults of [{ serverErrorRate: 1 }, { malformedRate: 1 }, { truncateRate: 1 }]) {
      emu.setFaults(faults);
      for (const format of ['json', 'xml'] as const) {
        errors.push(await client.listSdrs({ from, to, format }).then(undefined, (caught: unknown) => caught));
      }
    }
    emu.setFaults(undefined);
    expect(errors.every((error) => error instanceof CdrkitError)).toBe(true);
    expect(payloads.length).toBeGreaterThan(0);
    expectNoSecret(payloads, [apiKey]);
    for (const error of errors) expectNoSecret(error, [apiKey]);
  });
});
