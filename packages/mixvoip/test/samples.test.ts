import { callRecordSchema } from '@cdrkit/core';
import { answer, readFixture, startServer, type TestServer } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MixvoipClient, type MixvoipRecord, parseMixvoipCsv, toCallRecord } from '../src/index.js';

const jsonSample = readFixture('mixvoip', 'getcalls-sample.json');
const csvSample = readFixture('mixvoip', 'getcalls-sample.csv');
const pathOf = (url: string | undefined) => url?.split('?')[0];

// The doc's samples, read as records: the JSON one after its raw line break became a space,
// the CSV one with its quirks undone (comma-joined date, missing column, apostrophe).
const jsonCallIn = {
  type: 'CALLIN',
  data: {
    source: '+35220333000',
    destination: '35220333320',
    destination_name: null,
    call_start: '2021-06-29 08:13:50',
    duration: '0',
    pbxextension: '',
    quantity: 0,
    price: '0.00',
    invoice: 'N/A',
  },
};
const jsonCallOut = {
  type: 'CALLOUT',
  data: {
    source: '+35220333320',
    destination: '35220333000',
    destination_name: 'Luxembourg',
    call_start: '2021-06-29 08:24:31',
    duration: '61',
    pbxextension: '20',
    quantity: 2,
    price: '7.00',
    invoice: 'N/A',
  },
};
const csvCallOut = { type: 'CALLOUT', data: { ...jsonCallOut.data, call_start: '2021-06-29 08:30:15' } };
const csvCallIn = { type: 'CALLIN', data: { ...jsonCallIn.data, call_start: '2021-06-29 10:40:00' } };

function shapeOf(record: { type?: unknown; data: Record<string, unknown> }) {
  return Object.fromEntries(
    Object.entries(record.data).map(([key, value]) => [key, value === null ? 'null' : typeof value]),
  );
}

describe("the doc's samples", () => {
  let server: TestServer;
  let client: MixvoipClient;

  beforeAll(async () => {
    server = await startServer(
      answer((request) => {
        const csv = pathOf(request.url)?.endsWith('/csv') === true;
        return {
          body: csv ? csvSample : jsonSample,
          headers: { 'content-type': csv ? 'text/csv' : 'application/json' },
        };
      }),
    );
    client = new MixvoipClient({ userName: 'reseller', password: 'sample-secret-pw', baseUrl: server.url });
  });
  afterAll(() => server.close());

  it('keeps the raw line break inside call_start in the JSON fixture', () => {
    expect(jsonSample).toContain('"call_start":"2021-06-29\n08:13:50"');
    expect(() => JSON.parse(jsonSample)).toThrow();
  });

  it('reads the JSON sample, line break inside call_start included, into two typed records', async () => {
    const page = await client.getCalls({ profileId: '123456', from: '2021-06-29', to: '2021-06-30' });
    expect(page.items).toEqual([jsonCallIn, jsonCallOut]);
    expect(page.next).toBeNull();
    expect(pathOf(server.requests.at(-1)?.url)).toMatch(/^\/cdrs\/getcalls\/123456\/2021-06-29\//);
  });

  it('reads the ragged CSV sample into the same typed records', async () => {
    const page = await client.getCalls({
      profileId: '123456',
      from: '2021-06-29',
      to: '2021-06-30',
      format: 'csv',
    });
    expect(page.items).toEqual([csvCallOut, csvCallIn]);
    expect(pathOf(server.requests.at(-1)?.url)).toMatch(/\/csv$/);
    const [out, inbound] = page.items as [MixvoipRecord, MixvoipRecord];
    expect(shapeOf(out)).toEqual(shapeOf(jsonCallOut));
    expect(shapeOf(inbound)).toEqual(shapeOf(jsonCallIn));
  });

  it('parses the CSV sample without a client too', () => {
    expect(parseMixvoipCsv(csvSample)).toEqual([csvCallOut, csvCallIn]);
  });

  it('costs the CALLOUT 0.14 EUR (2 × 7.00 cents) in both formats', async () => {
    for (const format of ['json', 'csv'] as const) {
      const records = [];
      for await (const record of client
        .getCalls({ profileId: '123456', from: '2021-06-29', to: '2021-06-30', format })
        .records()) {
        records.push(record);
      }
      const callOut = records.find((record) => record.direction === 'outbound');
      expect(callOut?.cost).toEqual({ amount: '0.14', currency: 'EUR' });
      expect(Number(callOut?.cost?.amount)).toBe(0.14);
    }
  });

  it('normalizes both JSON records', async () => {
    const records = [];
    for await (const record of client
      .getCalls({ profileId: '123456', from: '2021-06-29', to: '2021-06-30' })
      .records()) {
      records.push(callRecordSchema.parse(record));
    }
    expect(records).toMatchObject([
      {
        provider: 'mixvoip',
        kind: 'call',
        direction: 'inbound',
        status: 'no-answer',
        from: '+35220333000',
        to: '35220333320',
        startedAt: '2021-06-29T08:13:50.000Z',
        answeredAt: null,
        endedAt: '2021-06-29T08:13:50.000Z',
        durationSec: 0,
        billedSec: 0,
        cost: { amount: '0', currency: 'EUR' },
      },
      {
        provider: 'mixvoip',
        kind: 'call',
        direction: 'outbound',
        status: 'answered',
        from: '+35220333320',
        to: '35220333000',
        startedAt: '2021-06-29T08:24:31.000Z',
        endedAt: '2021-06-29T08:25:32.000Z',
        durationSec: 61,
        billedSec: 61,
        cost: { amount: '0.14', currency: 'EUR' },
      },
    ]);
    expect(records[0]?.raw).toEqual(jsonCallIn);
  });

  it('reads call_start in the client zone', async () => {
    const luxembourg = new MixvoipClient({
      userName: 'reseller',
      password: 'sample-secret-pw',
      baseUrl: server.url,
      timeZone: 'Europe/Luxembourg',
    });
    const { items } = await luxembourg.getCalls({ profileId: 1, from: '2021-06-29', to: '2021-06-30' });
    expect(items.map((item) => toCallRecord(item, { timeZone: 'Europe/Luxembourg' }).startedAt)).toEqual([
      '2021-06-29T06:13:50.000Z',
      '2021-06-29T06:24:31.000Z',
    ]);
    expect(luxembourg.toCallRecord(items[0] as MixvoipRecord).startedAt).toBe('2021-06-29T06:13:50.000Z');
  });

  it('gives the same record the same id in JSON and in CSV', () => {
    const fromJson = toCallRecord({
      ...jsonCallOut,
      data: { ...jsonCallOut.data, call_start: '2021-06-29\n08:30:15' },
    });
    const [fromCsv] = parseMixvoipCsv(csvSample);
    expect(fromJson.id).toBe(toCallRecord(fromCsv as MixvoipRecord).id);
  });
});
