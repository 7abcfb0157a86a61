import { InvalidArgumentError } from '@cdrkit/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { IpingClient } from '../src/client.js';
import { type OutboundItemsCursor, readOutboundItemsCursor } from '../src/schemas.js';

/** The cursor type written as a zod schema: the reference the hand-written reader must agree with. */
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/));
const count = z.int().check(z.nonnegative());
const reference = z.object({
  p: z.literal('iping'),
  op: z.literal('getOutboundItems'),
  window: z.tuple([isoDate, isoDate]),
  end: isoDate,
  itemStart: count,
  itemCount: z.int().check(z.minimum(1), z.maximum(100)),
  storageType: z.enum(['past', 'future']),
  trackingId: z.nullable(z.string()),
  transport: z.enum(['xml', 'query']),
  span: z.union([
    z.number().check(z.positive()),
    z.object({ months: z.optional(count), days: z.optional(count), hours: z.optional(count) }),
  ]),
});

const valid: OutboundItemsCursor = {
  p: 'iping',
  op: 'getOutboundItems',
  window: ['2024-01-01T05:00:00.000Z', '2024-01-08T05:00:00.000Z'],
  end: '2024-03-01T05:00:00.000Z',
  itemStart: 200,
  itemCount: 100,
  storageType: 'past',
  trackingId: null,
  transport: 'xml',
  span: { days: 7 },
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
    '2024-01-01',
    '2024-01-01T05:00:00.000Z',
    '2024-01-01T05:00:00Z',
    [],
    ['2024-01-01T05:00:00.000Z'],
    ['2024-01-01T05:00:00.000Z', '2024-01-02T05:00:00.000Z'],
    ['2024-01-01T05:00:00.000Z', '2024-01-02T05:00:00.000Z', '2024-01-03T05:00:00.000Z'],
    {},
    { days: 7 },
    { months: 3, hours: 2 },
    { days: -1 },
    { days: 1.5 },
    { weeks: 1 },
  ),
  fc.anything(),
);

const fields = Object.keys(valid).filter(
  (key) => key !== 'p' && key !== 'op',
) as (keyof OutboundItemsCursor)[];

describe('readOutboundItemsCursor', () => {
  it('reads a valid cursor to the fields zod would keep', () => {
    expect(readOutboundItemsCursor({ ...valid, extra: 1 })).toEqual(reference.parse({ ...valid, extra: 1 }));
  });

  it('agrees with the zod schema of the type on any damage to any fields', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields), oddValue, { minKeys: 1 }), (damage) => {
        const cursor: Record<string, unknown> = { ...valid, ...damage };
        const zod = reference.safeParse(cursor);
        const read = readOutboundItemsCursor(cursor);
        if (zod.success) expect(read).toEqual(zod.data);
        else {
          expect(read).toHaveProperty('path');
          // The first problem it names is one zod found too.
          expect(zod.error.issues.map((issue) => issue.path[0])).toContain((read as { path: string }).path);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('makes the client refuse a damaged cursor before any request, naming the field', async () => {
    const client = new IpingClient({ userName: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9' });
    const error = await client.getOutboundItems({ cursor: { ...valid, itemCount: 500 } }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/damaged.*itemCount/);
  });
});
