/**
 * The reading policy against a local server: the doc samples read exactly and report no drift;
 * a call without one of its optional fields, or with a scalar in the other of string/number,
 * is still read and the schemaDrift hook names the field; `strict` makes drift an error.
 */
import { ResponseFormatError, type SchemaDriftEvent } from '@cdrkit/core';
import { readFixture, startServer, type TestServer, answer as withBody } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoxisClient } from '../src/index.js';
import { CDR_OPTIONAL_FIELDS } from '../src/schemas.js';

const fixture = (name: string) => readFixture('boxis', name);
const JSON_SAMPLE = fixture('getcdr-success.json');
const XML_SAMPLE = fixture('getcdr-success.xml');
const SAMPLE_DAY = { from: '2018-02-06', to: '2018-02-07' };
const credentials = {
  userName: 'your@mail.com',
  userKey: 'BX3KwWU2SuqvoEWnjYmOibf',
  tenant: 'VOICE-12001-1',
};
type Calls = Record<'call_1' | 'call_2', Record<string, unknown>>;

/** The server answers whatever `body` holds when the request comes. */
let body = JSON_SAMPLE;
let server: TestServer;
beforeAll(async () => {
  server = await startServer(withBody(() => ({ body })));
});
afterAll(() => server.close());

/** Reads the sample day through a fresh client (drift is reported once per client) and its hook. */
async function read(format: 'json' | 'xml', strict = false) {
  const events: SchemaDriftEvent[] = [];
  const client = new BoxisClient({
    ...credentials,
    baseUrl: server.url,
    strict,
    hooks: { schemaDrift: (event) => void events.push(event) },
  });
  const items = await client.getCDR({ ...SAMPLE_DAY, format }).toArray();
  return { items, events };
}

const sampleCalls = () => (JSON.parse(JSON_SAMPLE) as { params: { cdr: Calls } }).params.cdr;

/** The sample with one call changed. */
function jsonWith(call: keyof Calls, change: (record: Record<string, unknown>) => void): string {
  const answer = JSON.parse(JSON_SAMPLE) as { params: { cdr: Calls } };
  change(answer.params.cdr[call]);
  return JSON.stringify(answer);
}

/** The XML sample without one element of one call. */
function xmlWithout(call: keyof Calls, field: string): string {
  const start = XML_SAMPLE.indexOf(`<${call}>`);
  const end = XML_SAMPLE.indexOf(`</${call}>`);
  const block = XML_SAMPLE.slice(start, end);
  const element = new RegExp(`\\n\\s*<${field}(?:/>|>[^<]*</${field}>)`);
  expect(block).toMatch(element);
  return XML_SAMPLE.slice(0, start) + block.replace(element, '') + XML_SAMPLE.slice(end);
}

/** The other of string and number: a number's text, a numeric string's number, else a number. */
function flipped(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  const number = Number(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(number) ? number : 7;
}

describe('the doc samples', () => {
  it.each(['json', 'xml'] as const)('read the %s sample exactly, with no drift reported', async (format) => {
    body = format === 'json' ? JSON_SAMPLE : XML_SAMPLE;
    const { items, events } = await read(format);
    expect(events).toEqual([]);
    const calls = sampleCalls();
    if (format === 'json') expect(items).toEqual([calls.call_1, calls.call_2]);
    else expect(items.map((item) => item.uniqueid)).toEqual([calls.call_1.uniqueid, calls.call_2.uniqueid]);
  });

  it.each(['json', 'xml'] as const)('read the %s sample with strict on', async (format) => {
    body = format === 'json' ? JSON_SAMPLE : XML_SAMPLE;
    await expect(read(format, true)).resolves.toMatchObject({ events: [] });
  });
});

describe('what differs from the doc', () => {
  it('keeps a field the doc does not list, and names it', async () => {
    body = jsonWith('call_2', (call) => {
      call.recordingfile = 'rec-1.wav';
    });
    const { items, events } = await read('json');
    expect(items[1]?.recordingfile).toBe('rec-1.wav');
    expect(events).toEqual([
      {
        provider: 'boxis',
        operation: 'getCDR',
        path: 'params.cdr[].recordingfile',
        expected: 'missing',
        received: 'string',
      },
    ]);
  });

  it('reports each path once per client', async () => {
    body = jsonWith('call_1', (call) => {
      call.duration = 237;
    });
    const events: SchemaDriftEvent[] = [];
    const client = new BoxisClient({
      ...credentials,
      baseUrl: server.url,
      hooks: { schemaDrift: (event) => void events.push(event) },
    });
    await client.getCDR(SAMPLE_DAY);
    await client.getCDR(SAMPLE_DAY);
    expect(events.map((event) => event.path)).toEqual(['params.cdr[].duration']);
  });

  it('makes drift a ResponseFormatError with strict', async () => {
    body = jsonWith('call_1', (call) => {
      delete call.disposition;
    });
    const error = await read('json', true).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ path: 'params.cdr[].disposition' });
  });

  it.each([
    ['uniqueid', 'params.cdr.call_2.uniqueid'],
    ['start', 'params.cdr.call_2.start'],
  ])('refuses a call without its %s, naming where', async (field, path) => {
    body = jsonWith('call_2', (call) => {
      delete call[field];
    });
    await expect(read('json')).rejects.toMatchObject({ name: 'ResponseFormatError', path });
  });

  it.each([
    ['no params', '{"result":"1","resulttxt":"success","timestamp":1518091850}'],
    ['an empty cdr', '{"result":"1","resulttxt":"success","params":{"cdr":[]},"timestamp":1518091850}'],
  ])('reads an answer with %s as no calls, and no drift', async (_name, answer) => {
    body = answer;
    await expect(read('json', true)).resolves.toEqual({ items: [], events: [] });
  });

  it('reports an envelope that differs: timestamp as a string in JSON', async () => {
    body = JSON_SAMPLE.replace('"timestamp": 1518091850', '"timestamp": "1518091850"');
    expect(body).not.toBe(JSON_SAMPLE);
    const { items, events } = await read('json');
    expect(items).toHaveLength(2);
    expect(events.map((event) => [event.path, event.expected, event.received])).toEqual([
      ['timestamp', 'number', 'string'],
    ]);
  });
});

describe('property: one optional field dropped, or one scalar flipped', () => {
  const call = fc.constantFrom<keyof Calls>('call_1', 'call_2');

  it('JSON: a dropped field still yields both calls, and the hook names it', async () => {
    await fc.assert(
      fc.asyncProperty(call, fc.constantFrom(...CDR_OPTIONAL_FIELDS), async (which, field) => {
        body = jsonWith(which, (record) => {
          delete record[field];
        });
        const { items, events } = await read('json');
        expect(items).toHaveLength(2);
        expect(events.map((event) => event.path)).toContain(`params.cdr[].${field}`);
      }),
      { numRuns: 60 },
    );
  });

  it('JSON: a scalar in the other of string and number still yields both calls, and the hook names it', async () => {
    const flippable = Object.keys(sampleCalls().call_1).filter((name) => name !== 'start');
    await fc.assert(
      fc.asyncProperty(call, fc.constantFrom(...flippable), async (which, field) => {
        const value = sampleCalls()[which][field];
        fc.pre(value !== null);
        body = jsonWith(which, (record) => {
          record[field] = flipped(value);
        });
        const { items, events } = await read('json');
        expect(items).toHaveLength(2);
        expect(events.map((event) => event.path)).toContain(`params.cdr[].${field}`);
      }),
      { numRuns: 60 },
    );
  });

  it('XML: a dropped element still yields both calls, and the hook names it', async () => {
    await fc.assert(
      fc.asyncProperty(call, fc.constantFrom(...CDR_OPTIONAL_FIELDS), async (which, field) => {
        body = xmlWithout(which, field);
        const { items, events } = await read('xml');
        expect(items).toHaveLength(2);
        expect(events.map((event) => event.path)).toContain(`params.cdr[].${field}`);
      }),
      { numRuns: 60 },
    );
  });
});
