/**
 * The reading policy against a local server: the doc samples read exactly and report no drift;
 * a record without one of its optional fields (JSON) or columns (CSV), or with a scalar in the
 * other of string/number (JSON), is still read and the schemaDrift hook names the field.
 */
import { ResponseFormatError, type SchemaDriftEvent } from '@cdrkit/core';
import { answer, readFixture, startServer, type TestServer } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MixvoipClient, type MixvoipRecord } from '../src/index.js';
import { parseLenientJson } from '../src/wire.js';

const JSON_SAMPLE = readFixture('mixvoip', 'getcalls-sample.json');
const CSV_FILE = readFixture('mixvoip', 'getcalls-sample.csv');
const DAY = { profileId: '123456', from: '2021-06-29', to: '2021-06-30' };
type Wire = { type?: unknown; data: Record<string, unknown> };

/** The doc's CSV sample, cell by cell as written (quotes and apostrophe included), and what each cell is. */
const CSV_ROWS: { cells: string[]; fields: string[] }[] = [
  {
    cells: [
      'CALLOUT',
      '+35220333320',
      '35220333000',
      '"Luxembourg"',
      '"2021-06-29,08:30:15"',
      '61',
      "'20",
      '2',
      '7.00',
      'N/A',
    ],
    fields: [
      'type',
      'source',
      'destination',
      'destination_name',
      'call_start',
      'duration',
      'pbxextension',
      'quantity',
      'price',
      'invoice',
    ],
  },
  {
    cells: ['CALLIN', '+35220333000', '35220333320', '"2021-06-29 10:40:00"', '0', '', '0', '0.00', 'N/A'],
    fields: [
      'type',
      'source',
      'destination',
      'call_start',
      'duration',
      'pbxextension',
      'quantity',
      'price',
      'invoice',
    ],
  },
];
const csvOf = (rows: string[][]) => rows.map((cells) => cells.join(',')).join('\n');
/** The fields a CSV row can lose and still be placed: not call_start; destination_name's absence is the doc's own CALLIN row. */
const CSV_DROPPABLE = [
  'type',
  'source',
  'destination',
  'duration',
  'pbxextension',
  'quantity',
  'price',
  'invoice',
];

let body = JSON_SAMPLE;
let server: TestServer;
beforeAll(async () => {
  server = await startServer(
    answer((request) => ({
      body,
      headers: {
        'content-type': request.url.split('?')[0]?.endsWith('/csv') ? 'text/csv' : 'application/json',
      },
    })),
  );
});
afterAll(() => server.close());

async function read(format: 'json' | 'csv', strict = false) {
  const events: SchemaDriftEvent[] = [];
  const client = new MixvoipClient({
    userName: 'reseller',
    password: 'policy-secret-pw',
    baseUrl: server.url,
    retry: 0,
    strict,
    hooks: { schemaDrift: (event) => void events.push(event) },
  });
  const items = await client.getCalls({ ...DAY, format }).toArray();
  return { items, events, client };
}

const sample = () =>
  parseLenientJson(JSON_SAMPLE, { provider: 'mixvoip', operation: 'getCalls' }) as [Wire, Wire];

/** The other of string and number: a number's text, a numeric string's number, else a number. */
function flipped(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  const number = Number(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(number) ? number : 7;
}

/** What a record holds besides one field, for comparing a mutated record with the original. */
function without(record: MixvoipRecord, field: string): unknown {
  const { [field]: _dropped, ...data } = record.data;
  return field === 'type' ? { data } : { type: record.type, data };
}

describe('the doc samples', () => {
  it('CSV sample: the fixture is the doc bytes these tests mutate', () => {
    expect(CSV_FILE.trimEnd()).toBe(csvOf(CSV_ROWS.map((row) => row.cells)));
  });

  it.each(['json', 'csv'] as const)(
    'read the %s sample exactly, with no drift reported, strict or not',
    async (format) => {
      body = format === 'json' ? JSON_SAMPLE : CSV_FILE;
      const { items, events } = await read(format);
      expect(events).toEqual([]);
      if (format === 'json') expect(items).toEqual(sample());
      else expect(items.map((item) => item.type)).toEqual(['CALLOUT', 'CALLIN']);
      await expect(read(format, true)).resolves.toMatchObject({ events: [] });
    },
  );
});

describe('what differs from the doc', () => {
  it('keeps a field the doc does not list, and names it; strict makes it an error', async () => {
    const [callIn, callOut] = sample();
    body = JSON.stringify([callIn, { ...callOut, data: { ...callOut.data, recording: 'r-1.wav' } }]);
    const { items, events } = await read('json');
    expect(items[1]?.data.recording).toBe('r-1.wav');
    expect(events).toEqual([
      {
        provider: 'mixvoip',
        operation: 'getCalls',
        path: '[].data.recording',
        expected: 'missing',
        received: 'string',
      },
    ]);
    const error = await read('json', true).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ path: '[].data.recording' });
  });

  it('names a CSV column the doc does not have', async () => {
    body = csvOf([[...(CSV_ROWS[0]?.cells ?? []), 'extra'], CSV_ROWS[1]?.cells ?? []]);
    const { items, events } = await read('csv');
    expect(items[0]?.data.column_11).toBe('extra');
    expect(events.map((event) => event.path)).toEqual(['[].data.column_11']);
  });

  it('checks call_end only when a record sends it', async () => {
    const [callIn, callOut] = sample();
    body = JSON.stringify([
      callIn,
      { ...callOut, data: { ...callOut.data, call_end: '2021-06-29 08:25:32' } },
    ]);
    await expect(read('json')).resolves.toMatchObject({ events: [] });
    body = JSON.stringify([callIn, { ...callOut, data: { ...callOut.data, call_end: 1624955132 } }]);
    const { events } = await read('json');
    expect(events.map((event) => [event.path, event.received])).toEqual([['[].data.call_end', 'number']]);
  });

  it('refuses a record without call_start, in JSON and in CSV', async () => {
    const [callIn, callOut] = sample();
    const { call_start: _start, ...data } = callOut.data;
    body = JSON.stringify([callIn, { ...callOut, data }]);
    await expect(read('json')).rejects.toMatchObject({
      name: 'ResponseFormatError',
      path: '[1].data.call_start',
    });
    body = csvOf([CSV_ROWS[0]?.cells.filter((_, i) => i !== 4) ?? [], CSV_ROWS[1]?.cells ?? []]);
    await expect(read('csv')).rejects.toMatchObject({ name: 'ResponseFormatError', path: 'line 1' });
  });

  it('reads a record with call_start alone, as kind other', async () => {
    body = JSON.stringify([{ data: { call_start: '2021-06-29 09:00:00' } }]);
    const { items, events, client } = await read('json');
    expect(client.toCallRecord(items[0] as MixvoipRecord)).toMatchObject({
      kind: 'other',
      from: null,
      to: null,
      startedAt: '2021-06-29T09:00:00.000Z',
      cost: null,
    });
    expect(events.map((event) => event.path)).toContain('[].type');
    expect(events.map((event) => event.path)).toContain('[].data.source');
  });
});

describe('property: one optional field dropped, or one scalar flipped', () => {
  const row = fc.constantFrom(0, 1);

  it('JSON: a dropped field still yields both records, and the hook names it', async () => {
    const fields = ['type', ...Object.keys(sample()[0].data).filter((name) => name !== 'call_start')];
    await fc.assert(
      fc.asyncProperty(row, fc.constantFrom(...fields), async (index, field) => {
        const records = sample();
        const target = records[index] as Wire;
        if (field === 'type') delete target.type;
        else delete target.data[field];
        body = JSON.stringify(records);
        const { items, events } = await read('json');
        expect(items).toHaveLength(2);
        expect(events.map((event) => event.path)).toContain(
          field === 'type' ? '[].type' : `[].data.${field}`,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('JSON: a scalar in the other of string and number still yields both records, and the hook names it', async () => {
    const fields = ['type', ...Object.keys(sample()[0].data).filter((name) => name !== 'call_start')];
    await fc.assert(
      fc.asyncProperty(row, fc.constantFrom(...fields), async (index, field) => {
        const records = sample();
        const target = records[index] as Wire;
        const value = field === 'type' ? target.type : target.data[field];
        fc.pre(value !== null);
        if (field === 'type') target.type = flipped(value);
        else target.data[field] = flipped(value);
        body = JSON.stringify(records);
        const { items, events } = await read('json');
        expect(items).toHaveLength(2);
        expect(events.map((event) => event.path)).toContain(
          field === 'type' ? '[].type' : `[].data.${field}`,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('CSV: a dropped column still yields both records, the others in place, and the hook names it', async () => {
    body = CSV_FILE;
    const { items: original } = await read('csv');
    await fc.assert(
      fc.asyncProperty(
        row,
        fc.constantFrom(...CSV_DROPPABLE),
        fc.boolean(),
        async (index, field, newline) => {
          // a last row that stops before its invoice, with no line break after it, reads as cut off
          fc.pre(newline || index === 0 || field !== 'invoice');
          const rows = CSV_ROWS.map(({ cells, fields }, i) =>
            i === index ? cells.filter((_, c) => fields[c] !== field) : cells,
          );
          body = csvOf(rows) + (newline ? '\n' : '');
          const { items, events } = await read('csv');
          expect(items).toHaveLength(2);
          expect(without(items[index] as MixvoipRecord, field)).toEqual(
            without(original[index] as MixvoipRecord, field),
          );
          expect(items[1 - index]).toEqual(original[1 - index]);
          expect(events.map((event) => event.path)).toEqual([
            field === 'type' ? '[].type' : `[].data.${field}`,
          ]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('CSV: a last row that stops early without a final line break is read as a cut answer', async () => {
    body = csvOf([CSV_ROWS[0]?.cells ?? [], CSV_ROWS[1]?.cells.slice(0, -1) ?? []]);
    await expect(read('csv')).rejects.toMatchObject({ name: 'ResponseFormatError', kind: 'syntax' });
    body = `${body}\n`;
    await expect(read('csv')).resolves.toMatchObject({ items: { length: 2 } });
  });
});
