import { ResponseFormatError, type SchemaDriftEvent } from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { answer, readJsonFixture, startServer, type TestServer } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TeleCmiApiVersion, TeleCmiClient, type TeleCmiEndpoint } from '../src/index.js';

type Json = Record<string, unknown>;
const v1Sample = readJsonFixture<Json & { cdr: Json[] }>('telecmi', 'outanswered-sample.json');
const v2Sample = readJsonFixture<Json & { cdr: Json[] }>('telecmi', 'v2-sample.json');

/** The answer the local server gives to page 1; later pages get its envelope with no rows. */
let firstPage: Json = v1Sample;
let server: TestServer;

beforeAll(async () => {
  server = await startServer(
    answer((request) => ({
      body: JSON.stringify(request.json().page === 1 ? firstPage : { ...firstPage, cdr: [] }),
    })),
  );
});
afterAll(() => server.close());

/** Reads every record of `endpoint` from the local server, collecting drift events. */
async function readAll(apiVersion: TeleCmiApiVersion, endpoint: TeleCmiEndpoint, strict = false) {
  const events: SchemaDriftEvent[] = [];
  const client = new TeleCmiClient({
    appId: 1111113,
    token: 'xxxx-xxxx-xxxx-xxx',
    baseUrl: server.url,
    apiVersion,
    strict,
    hooks: { schemaDrift: (event) => void events.push(event) },
  });
  const ids: string[] = [];
  for await (const record of client[endpoint]()) ids.push(String(record.cmiuid ?? record._id));
  return { ids, events };
}

const idsOf = (sample: { cdr: Json[] }) => sample.cdr.map((row) => String(row.cmiuid ?? row._id));

/** One change to a sample: a field dropped or a scalar turned into the other of number and string. */
interface Mutation {
  /** The sample changed. */
  body: Json & { cdr: Json[] };
  /** The drift path that names the change. */
  path: string;
  /** What the doc says there, and what is now sent. */
  expected: string;
  received: string;
}

/** The scalar fields of an object that may be changed: every one but those that make a row usable. */
function changeable(object: Json, required: readonly string[]): string[] {
  return Object.keys(object).filter((key) => {
    const value = object[key];
    return !required.includes(key) && (typeof value === 'number' || typeof value === 'string');
  });
}

/**
 * fast-check's mutations of `sample`: in the envelope, a row (any one), or (v2) a row's first
 * note; drop a field (never an id or `time`), or flip a scalar: a number to its text, a numeric
 * string to its number, any other string to a number.
 */
function mutations(sample: Json & { cdr: Json[] }, required: readonly string[]): fc.Arbitrary<Mutation> {
  const where = fc.constantFrom<'envelope' | 'row' | 'note'>(
    ...(Array.isArray(sample.cdr[0]?.notes)
      ? (['envelope', 'row', 'note'] as const)
      : (['envelope', 'row'] as const)),
  );
  return fc
    .tuple(
      where,
      fc.nat({ max: sample.cdr.length - 1 }),
      fc.boolean(),
      fc.nat(),
      fc.integer({ min: 1, max: 1e9 }),
    )
    .chain(([place, row, drop, pick, number]) => {
      const body = structuredClone(sample);
      const rowObject = body.cdr[row] as Json;
      const target: Json =
        place === 'envelope' ? body : place === 'row' ? rowObject : ((rowObject.notes as Json[])[0] as Json);
      const prefix = place === 'envelope' ? '' : place === 'row' ? 'cdr[].' : 'cdr[].notes[].';
      const keys = drop
        ? changeable(target, [...required, 'cdr']).concat(
            place === 'row' && 'notes' in target ? ['notes'] : [],
          )
        : changeable(
            target,
            required.filter((key) => key !== 'time' && key !== '_id' && key !== 'cmiuid'),
          );
      const key = keys[pick % keys.length] as string;
      const value = target[key];
      const before = Array.isArray(value) ? 'array' : typeof value;
      let received: string;
      if (drop) {
        delete target[key];
        received = 'missing';
      } else if (typeof value === 'number') {
        target[key] = String(value);
        received = 'string';
      } else {
        target[key] = /^\d+(\.\d+)?$/.test(String(value)) ? Number(value) : number;
        received = 'number';
      }
      return fc.constant({ body, path: `${prefix}${key}`, expected: before, received });
    });
}

describe.each([
  ['v1', "the v1 doc's sample", v1Sample, ['_id', 'time'], ['outAnswered'] as const],
  [
    'v2',
    "v2's documented answer",
    v2Sample,
    ['cmiuid', 'time'],
    ['outAnswered', 'outMissed', 'answered', 'missed'] as const,
  ],
] as const)('%s: %s', (version, _name, sample, required, endpoints) => {
  it('reads as it is, with no drift', async () => {
    for (const endpoint of endpoints) {
      firstPage = sample;
      const { ids, events } = await readAll(version, endpoint);
      expect(ids).toEqual(idsOf(sample));
      expect(events).toEqual([]);
    }
  });

  it('with any one field dropped or any scalar flipped, still yields the records and names the path', async () => {
    await fc.assert(
      fc.asyncProperty(
        mutations(sample, required),
        fc.constantFrom(...endpoints),
        async (mutation, endpoint) => {
          firstPage = mutation.body;
          const { ids, events } = await readAll(version, endpoint);
          expect(ids).toEqual(idsOf(mutation.body));
          expect(events).toEqual([
            {
              provider: 'telecmi',
              operation: endpoint,
              path: mutation.path,
              expected: mutation.expected,
              received: mutation.received,
            },
          ]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('with strict: true, makes that change a ResponseFormatError naming the path', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(sample, required), async (mutation) => {
        firstPage = mutation.body;
        const error = await readAll(version, endpoints[0], true).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(ResponseFormatError);
        expect((error as ResponseFormatError).path).toBe(mutation.path);
      }),
      { numRuns: 60 },
    );
  });
});

describe('production rows on v1', () => {
  it('are read, every one, with their differences from the doc reported once per path', async () => {
    const emu = await startEmulator('telecmi', { records: 40, shape: 'production' });
    try {
      const events: SchemaDriftEvent[] = [];
      const client = new TeleCmiClient({
        ...emu.credentials,
        baseUrl: emu.url,
        hooks: { schemaDrift: (event) => void events.push(event) },
      });
      const records = await client.outAnswered({ from: '2024-01-01', to: '2024-07-01' }).toArray();
      expect(records.map((record) => record.cmiuid)).toEqual(
        [...emu.records('outanswered')].map((r) => r.cmiuid),
      );
      const byPath = Object.fromEntries(
        events.map((event) => [event.path, [event.expected, event.received]]),
      );
      expect(byPath).toMatchObject({
        total: ['number', 'missing'],
        count: ['missing', 'number'],
        'cdr[]._id': ['string', 'missing'],
        'cdr[].cmiuid': ['missing', 'string'],
        'cdr[].duration': ['missing', 'number'],
        'cdr[].notes': ['missing', 'array'],
        'cdr[].rate': ['string', 'number'],
      });
      expect(new Set(events.map((event) => event.path)).size).toBe(events.length);

      const strict = new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url, strict: true });
      await expect(strict.outAnswered({ from: '2024-01-01', to: '2024-07-01' })).rejects.toBeInstanceOf(
        ResponseFormatError,
      );
    } finally {
      await emu.close();
    }
  });
});
