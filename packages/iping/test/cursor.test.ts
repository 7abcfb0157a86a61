import { InvalidArgumentError } from '@cdrkit/core';
import { readWindowCursor } from '@cdrkit/core/provider';
import { readFixture, startServer, type TestServer } from '@cdrkit/test-helpers';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { IpingClient } from '../src/client.js';
import { type OutboundItemsCursor, paramsSchema, positionSchema } from '../src/schemas.js';
import { requestFields, xmlAnswer } from './request-fields.js';

/** What a cursor's `q` and `at` may hold, written out: the reference the schemas must agree with. */
const count = z.int().check(z.nonnegative());
const reference = z.object({
  q: z.object({
    itemCount: z.int().check(z.minimum(1), z.maximum(100)),
    storageType: z.enum(['past', 'future']),
    trackingId: z.nullable(z.string()),
    transport: z.enum(['xml', 'query']),
    span: z.union([
      z.int().check(z.minimum(1000)),
      z
        .object({ months: z.optional(count), days: z.optional(count), hours: z.optional(count) })
        .check(z.refine((span) => (span.months ?? 0) + (span.days ?? 0) + (span.hours ?? 0) > 0)),
    ]),
  }),
  at: z.optional(count),
});

const valid: OutboundItemsCursor = {
  p: 'iping',
  op: 'getOutboundItems',
  q: { itemCount: 100, storageType: 'past', trackingId: null, transport: 'xml', span: { days: 7 } },
  from: Date.parse('2024-01-01T05:00:00.000Z'),
  to: Date.parse('2024-01-08T05:00:00.000Z'),
  end: Date.parse('2024-03-01T05:00:00.000Z'),
  at: 200,
};

/** Values that break some field, and some that look wrong but are fine. */
const oddValue = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    0,
    -1,
    1.5,
    100,
    101,
    999,
    1000,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    '',
    '7',
    'past',
    'future',
    'xml',
    'query',
    'post',
    [],
    {},
    { days: 7 },
    { months: 3, hours: 2 },
    { days: 0 },
    { days: -1 },
    { days: 1.5 },
    { weeks: 1 },
  ),
  fc.anything(),
);

const context = { provider: 'iping' as const, operation: 'getOutboundItems' };
const read = (cursor: Record<string, unknown>) =>
  readWindowCursor(cursor as never, context, paramsSchema, positionSchema);

describe("the cursor's parameters and position", () => {
  it('reads a valid cursor to its window, parameters and position', () => {
    expect(read({ ...valid, extra: 1 })).toEqual({
      params: valid.q,
      window: { from: valid.from, to: valid.to, end: valid.end },
      pending: [],
      cut: false,
      at: 200,
    });
  });

  it('accepts exactly what the reference accepts, whatever the damage to q or at', () => {
    const fields = [...Object.keys(valid.q), 'at'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields), oddValue, { minKeys: 1 }), (damage) => {
        const { at, ...params } = damage;
        const cursor: Record<string, unknown> = { ...valid, q: { ...valid.q, ...params } };
        if ('at' in damage) cursor.at = at;
        const expected = reference.safeParse(cursor);
        let refused: unknown;
        try {
          const state = read(cursor);
          if (expected.success) {
            expect(state.params).toEqual(expected.data.q);
            expect(state.at).toEqual(expected.data.at);
          }
        } catch (error) {
          refused = error;
        }
        expect(refused === undefined, JSON.stringify(cursor)).toBe(expected.success);
        if (refused !== undefined) {
          expect(refused).toBeInstanceOf(InvalidArgumentError);
          // The message names a path the reference found wrong too.
          const paths = expected.error?.issues.map((issue) => issue.path.join('.')) ?? [];
          expect(paths.some((path) => (refused as Error).message.includes(path))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a cursor handed back to the client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(xmlAnswer(() => readFixture('iping', 'empty.xml')));
  });
  afterAll(() => server.close());

  const client = () => new IpingClient({ userName: 'u', password: 'p', baseUrl: server.url, retry: 0 });
  const refusal = async (cursor: Record<string, unknown>) => {
    const before = server.requests.length;
    const error = await client()
      .getOutboundItems({ cursor: cursor as never })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(server.requests.length, 'no request is sent').toBe(before);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('cursor');
    return (error as Error).message;
  };

  it('resumes at its window and position, with its parameters', async () => {
    await client().getOutboundItems({ cursor: { ...valid, q: { ...valid.q, transport: 'query' } } });
    const request = server.requests.at(-1)!;
    expect(request.method).toBe('GET');
    expect(requestFields(request)).toMatchObject({
      start_dt: '01/01/2024',
      end_dt: '01/07/2024',
      item_start: '200',
      item_count: '100',
      storage_type: 'past',
    });
  });

  it('is refused before any request when damaged, naming the field', async () => {
    expect(await refusal({ ...valid, q: { ...valid.q, itemCount: 500 } })).toMatch(/damaged.*q\.itemCount/);
    expect(await refusal({ ...valid, at: -1 })).toMatch(/damaged.*\bat\b/);
    expect(await refusal({ ...valid, q: { ...valid.q, span: { days: 0 } } })).toMatch(/q\.span\) is empty/);
  });

  it('is refused before any request when its window lies outside its range, or is missing', async () => {
    expect(await refusal({ ...valid, to: valid.end + 1 })).toMatch(/window/);
    const { from: _from, to: _to, end: _end, ...rangeless } = valid;
    expect(await refusal(rangeless)).toMatch(/date window is not inside its range/);
  });

  it('is refused when another method or provider made it', async () => {
    expect(await refusal({ ...valid, p: 'telecmi' })).toMatch(/not made by iping getOutboundItems/);
    expect(await refusal({ ...valid, op: 'listSdrs' })).toMatch(/not made by iping/);
  });
});
