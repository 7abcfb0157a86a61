import type { CallRecord, Cursor, Page, Paged } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type BoxisCdr, BoxisClient, type GetCdrOptions, toCallRecord } from '../src/index.js';

const boxis = new BoxisClient({ userName: 'a@b.ch', userKey: 'key', tenant: 'VOICE-1-1' });

describe('BoxisClient types', () => {
  it('needs userName and userKey, and takes the shared client options', () => {
    // @ts-expect-error userKey is required
    new BoxisClient({ userName: 'a@b.ch' });
    // @ts-expect-error userName is required
    new BoxisClient({ userKey: 'key' });
    new BoxisClient({
      userName: 'a@b.ch',
      userKey: 'key',
      baseUrl: 'http://127.0.0.1:1',
      timeZone: 'UTC',
      retry: 2,
    });
  });

  it('returns a Paged of Boxis records', () => {
    const paged = boxis.getCDR({ from: '2024-03-01', to: new Date(), format: 'xml', tenant: 'VOICE-2-1' });
    expectTypeOf(paged).toEqualTypeOf<Paged<BoxisCdr>>();
    expectTypeOf<Awaited<typeof paged>>().toEqualTypeOf<Page<BoxisCdr>>();
  });

  it('types the id and start as required, every other field as optional string or number', () => {
    expectTypeOf<BoxisCdr['uniqueid']>().toEqualTypeOf<string | number>();
    expectTypeOf<BoxisCdr['start']>().toEqualTypeOf<string>();
    expectTypeOf<BoxisCdr['src']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<BoxisCdr['answer']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<BoxisCdr['prevsequence']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<BoxisCdr>().toHaveProperty('someFieldBoxisAddsLater');
  });

  it('takes maxRecordsPerAnswer as a client option', () => {
    new BoxisClient({ userName: 'a@b.ch', userKey: 'key', maxRecordsPerAnswer: 1000 });
    // @ts-expect-error a number of records
    new BoxisClient({ userName: 'a@b.ch', userKey: 'key', maxRecordsPerAnswer: '1000' });
  });

  it('takes a range or a cursor', () => {
    expectTypeOf<{ from: number; to: string }>().toMatchTypeOf<GetCdrOptions>();
    expectTypeOf<{ cursor: Cursor }>().toMatchTypeOf<GetCdrOptions>();
    // @ts-expect-error a range needs both ends
    boxis.getCDR({ from: '2024-03-01' });
    // @ts-expect-error formats are json and xml
    boxis.getCDR({ from: 1, to: 2, format: 'csv' });
    boxis.getCDR({ from: 1, to: 2, windowSpan: { hours: 6 }, prefetch: 2, limit: 10 });
  });

  it('normalizes to CallRecord', () => {
    expectTypeOf(toCallRecord).parameter(0).toEqualTypeOf<BoxisCdr>();
    expectTypeOf(toCallRecord).returns.toEqualTypeOf<CallRecord>();
  });
});
