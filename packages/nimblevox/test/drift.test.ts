/**
 * The reading policy (docs/reading-policy.md) against a real local server: the doc's samples
 * read exactly and report no drift; a sample with any one field dropped, or any scalar turned
 * from number to string or back, still yields its record and the schemaDrift hook names the
 * field; `strict: true` makes drift an error.
 */
import { ResponseFormatError, type SchemaDriftEvent } from '@cdrkit/core';
import { NimblevoxClient, type NimblevoxClientOptions, type SdrFormat } from '@cdrkit/nimblevox';
import { answer, readFixture, startServer, type TestServer } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const jsonSample = readFixture('nimblevox', 'sdr-page.json');
const xmlSample = readFixture('nimblevox', 'sdr-page.xml');
const EMPTY_JSON = '{"previous":null,"next":null,"count":0,"total":0,"sdrs":[]}';
const EMPTY_XML = '<result><count>0</count><total>0</total><sdrs/></result>';

/** What the server answers the first page (no offset) in each format; later pages are empty. */
const body: Record<SdrFormat, string> = { json: jsonSample, xml: xmlSample };
let server: TestServer;

beforeAll(async () => {
  server = await startServer(
    answer((request) => {
      const format: SdrFormat = request.headers.accept === 'application/xml' ? 'xml' : 'json';
      const headers = { 'content-type': `application/${format}` };
      if (request.url.startsWith('/sdr/')) {
        // getSdr: the sample's record alone.
        const one =
          format === 'xml'
            ? (/<sdr id=.*<\/sdr>/.exec(body.xml)?.[0] ?? '')
            : JSON.stringify(JSON.parse(body.json).sdrs[0]);
        return { body: one, headers };
      }
      const first = !request.query.has('offset');
      return { body: first ? body[format] : format === 'xml' ? EMPTY_XML : EMPTY_JSON, headers };
    }),
  );
});
afterAll(() => server.close());

function client(options: Partial<NimblevoxClientOptions> = {}) {
  const events: SchemaDriftEvent[] = [];
  const nimblevox = new NimblevoxClient({
    apiKey: 'key',
    baseUrl: server.url,
    retry: 0,
    hooks: { schemaDrift: (event) => void events.push(event) },
    ...options,
  });
  return { nimblevox, events };
}

const range = { from: '2012-10-31T00:00:00', to: '2012-11-01T00:00:00' };

/** Serves `text` as the first page in `format` while `run` runs. */
async function serving<T>(format: SdrFormat, text: string, run: () => Promise<T>): Promise<T> {
  const before = body[format];
  body[format] = text;
  try {
    return await run();
  } finally {
    body[format] = before;
  }
}

describe("the doc's samples", () => {
  it.each(['json', 'xml'] as const)('read in %s, report no drift and pass strict mode', async (format) => {
    const { nimblevox, events } = client();
    const sdrs = await nimblevox.listSdrs({ ...range, format }).toArray();
    expect(sdrs.map((sdr) => sdr.id)).toEqual([3]);
    expect(sdrs[0]).toMatchObject({ billUnits: 60, moneyCharge: '0.03', callType: 'Application Outdial' });
    const one = await nimblevox.getSdr(3, { format });
    expect(one).toEqual(sdrs[0]);
    expect(events).toEqual([]);
    const strict = client({ strict: true }).nimblevox;
    expect(await strict.listSdrs({ ...range, format }).toArray()).toEqual(sdrs);
    expect(await strict.getSdr(3, { format })).toEqual(sdrs[0]);
  });
});

/** The JSON sample with one change to the envelope or to its record. */
type Mutation = {
  path: string;
  apply: (page: Record<string, unknown>, sdr: Record<string, unknown>) => void;
};

const sample = JSON.parse(jsonSample) as Record<string, unknown> & { sdrs: Record<string, unknown>[] };
const REQUIRED = new Set(['id', 'billStart']);
const envelopeFields = Object.keys(sample).filter((name) => name !== 'sdrs');
const recordFields = Object.keys(sample.sdrs[0] ?? {}).filter((name) => !REQUIRED.has(name));

/** A scalar as the other of number and string, when it reads back the same: `60` ↔ `'60'`. */
function flipped(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && value !== '' && String(Number(value)) === value) return Number(value);
  return undefined;
}

const jsonMutations: Mutation[] = [
  ...envelopeFields.map((name) => ({
    path: name,
    apply: (page: Record<string, unknown>) => delete page[name],
  })),
  ...recordFields.map((name) => ({
    path: `sdrs[].${name}`,
    apply: (_: unknown, sdr: Record<string, unknown>) => delete sdr[name],
  })),
  ...envelopeFields
    .filter((name) => flipped(sample[name]) !== undefined)
    .map((name) => ({
      path: name,
      apply: (page: Record<string, unknown>) => {
        page[name] = flipped(page[name]);
      },
    })),
  ...Object.keys(sample.sdrs[0] ?? {})
    .filter((name) => flipped(sample.sdrs[0]?.[name]) !== undefined)
    .map((name) => ({
      path: `sdrs[].${name}`,
      apply: (_: unknown, sdr: Record<string, unknown>) => {
        sdr[name] = flipped(sdr[name]);
      },
    })),
];

describe('drift, property-tested on the JSON sample', () => {
  it('has mutations for every field and every flippable scalar', () => {
    // 4 envelope fields and 17 optional record fields dropped; count, total, and the record's
    // id, subscriber, both parties, billUnits, the four amounts, serviceTime and clientTime flipped.
    expect(jsonMutations.map((mutation) => mutation.path)).toEqual(
      expect.arrayContaining([
        'next',
        'total',
        'sdrs[].customCallDataList',
        'sdrs[].id',
        'sdrs[].calledParty',
      ]),
    );
    expect(jsonMutations).toHaveLength(4 + 17 + 2 + 11);
  });

  it('still yields the record and names the field, whichever one field is dropped or flipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jsonMutations), async (mutation) => {
        const page = JSON.parse(jsonSample) as Record<string, unknown> & { sdrs: Record<string, unknown>[] };
        mutation.apply(page, page.sdrs[0] as Record<string, unknown>);
        const { nimblevox, events } = client();
        const sdrs = await serving('json', JSON.stringify(page), () =>
          nimblevox.listSdrs({ ...range, format: 'json' }).toArray(),
        );
        expect(sdrs.map((sdr) => String(sdr.id))).toEqual(['3']);
        expect(events.map((event) => event.path)).toEqual([mutation.path]);
        expect(events[0]).toMatchObject({ provider: 'nimblevox', operation: 'listSdrs' });
      }),
      { numRuns: jsonMutations.length * 3 },
    );
  });
});

/** The XML sample's droppable parts: each record element, the `href` attribute, `count` and `total`. */
const xmlDrops: { path: string; pattern: RegExp }[] = [
  ...recordFields
    .filter((name) => name !== 'href')
    .map((name) => ({ path: `sdrs[].${name}`, pattern: new RegExp(` <${name}(/>|>[^<]*</${name}>)`) })),
  { path: 'sdrs[].href', pattern: / href='[^']*'(?=>)/ },
  { path: 'count', pattern: / <count>\d+<\/count>/ },
  { path: 'total', pattern: / <total>\d+<\/total>/ },
];

describe('drift, property-tested on the XML sample', () => {
  it('still yields the record and names the field, whichever one is dropped', async () => {
    expect(xmlDrops).toHaveLength(19);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...xmlDrops), async ({ path, pattern }) => {
        const text = xmlSample.replace(pattern, '');
        expect(text).not.toBe(xmlSample);
        const { nimblevox, events } = client();
        const sdrs = await serving('xml', text, () =>
          nimblevox.listSdrs({ ...range, format: 'xml' }).toArray(),
        );
        expect(sdrs.map((sdr) => sdr.id)).toEqual([3]);
        expect(events.map((event) => event.path)).toEqual([path]);
      }),
      { numRuns: xmlDrops.length * 3 },
    );
  });

  it('names an element the doc does not show, in the envelope or in a record', async () => {
    const text = xmlSample
      .replace('<count>', '<page>1</page> <count>')
      .replace('<seqnum>', '<recordingUrl>https://x/1.wav</recordingUrl> <seqnum>');
    const { nimblevox, events } = client();
    const [sdr] = await serving('xml', text, () => nimblevox.listSdrs({ ...range, format: 'xml' }).toArray());
    expect(sdr?.recordingUrl).toBe('https://x/1.wav');
    expect(events).toEqual([
      { provider: 'nimblevox', operation: 'listSdrs', path: 'page', expected: 'missing', received: 'string' },
      {
        provider: 'nimblevox',
        operation: 'listSdrs',
        path: 'sdrs[].recordingUrl',
        expected: 'missing',
        received: 'string',
      },
    ]);
  });
});

describe('unlisted fields and strict mode', () => {
  const withExtra = (() => {
    const page = JSON.parse(jsonSample) as { sdrs: Record<string, unknown>[] };
    Object.assign(page.sdrs[0] as object, { recordingUrl: 'https://x/1.wav', tags: ['a'] });
    return JSON.stringify(page);
  })();

  it('keeps an unlisted field on the typed record and in raw, and reports it once per path', async () => {
    const { nimblevox, events } = client();
    const records = await serving('json', withExtra, async () => {
      const out = [];
      for await (const record of nimblevox.listSdrs({ ...range }).records()) out.push(record);
      const again = await nimblevox.listSdrs({ ...range }).toArray();
      expect(again[0]).toMatchObject({ recordingUrl: 'https://x/1.wav', tags: ['a'] });
      return out;
    });
    expect(records[0]?.raw).toMatchObject({ recordingUrl: 'https://x/1.wav', tags: ['a'] });
    expect(events.map((event) => `${event.path}:${event.expected}:${event.received}`)).toEqual([
      'sdrs[].recordingUrl:missing:string',
      'sdrs[].tags:missing:array',
    ]);
  });

  it('turns drift into a ResponseFormatError naming the path with strict: true', async () => {
    const { nimblevox } = client({ strict: true, hooks: {} });
    const error = await serving('json', withExtra, () =>
      nimblevox
        .listSdrs({ ...range })
        .toArray()
        .catch((caught: unknown) => caught),
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).path).toBe('sdrs[].recordingUrl');
    const flippedUnits = jsonSample.replace('"billUnits":60', '"billUnits":"60"');
    const xmlError = await serving('json', flippedUnits, () =>
      nimblevox.getSdr(3).catch((caught: unknown) => caught),
    );
    expect(xmlError).toBeInstanceOf(ResponseFormatError);
    expect((xmlError as ResponseFormatError).path).toBe('billUnits');
  });
});
