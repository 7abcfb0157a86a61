import type { CallRecord, Cursor, Page, Paged } from '@cdrkit/core';
import { NimblevoxClient, type Sdr, toCallRecord } from '@cdrkit/nimblevox';
import { describe, expectTypeOf, it } from 'vitest';

const client = new NimblevoxClient({ apiKey: 'key', currency: 'USD', timeZone: 'UTC' });
declare const cursor: Cursor;

describe('NimblevoxClient types', () => {
  it('needs an apiKey', () => {
    // @ts-expect-error apiKey is required
    new NimblevoxClient({});
    // @ts-expect-error apiKey is a string
    new NimblevoxClient({ apiKey: 42 });
  });

  it('returns a Paged of typed SDRs from listSdrs, awaitable as one page', () => {
    const paged = client.listSdrs({ from: '2024-01-01', to: new Date(), pageSize: 100, callingParty: '1' });
    expectTypeOf(paged).toEqualTypeOf<Paged<Sdr>>();
    expectTypeOf<Awaited<typeof paged>>().toEqualTypeOf<Page<Sdr>>();
    expectTypeOf(paged.records()).toEqualTypeOf<AsyncIterable<CallRecord>>();
  });

  it('takes a range or a cursor, never neither', () => {
    client.listSdrs({ cursor });
    client.listSdrs({ from: 0, to: 1, format: 'xml', prefetch: 4, limit: 10 });
    // @ts-expect-error a range or a cursor is required
    client.listSdrs({});
    // @ts-expect-error both ends of the range are required
    client.listSdrs({ from: '2024-01-01' });
    // @ts-expect-error only json and xml exist
    client.listSdrs({ from: 0, to: 1, format: 'csv' });
  });

  it('gets one SDR by a numeric id or its digits', () => {
    expectTypeOf(client.getSdr(3)).toEqualTypeOf<Promise<Sdr>>();
    expectTypeOf(client.getSdr('3', { format: 'xml' })).toEqualTypeOf<Promise<Sdr>>();
    // @ts-expect-error an id is required
    client.getSdr();
  });

  it('types the record: numbers where the API counts (or the text sent), exact strings for money and numbers dialled', () => {
    expectTypeOf<Sdr['id']>().toEqualTypeOf<number | string>();
    expectTypeOf<Sdr['callingParty']>().toEqualTypeOf<string | null>();
    expectTypeOf<Sdr['moneyCharge']>().toEqualTypeOf<string | null>();
    expectTypeOf<Sdr['billUnits']>().toEqualTypeOf<number | string | null>();
    expectTypeOf<Sdr['serviceTime']>().toEqualTypeOf<number | string | null>();
    expectTypeOf<Sdr['billStart']>().toEqualTypeOf<string>();
  });

  it('maps an SDR to a CallRecord', () => {
    expectTypeOf(toCallRecord).parameter(0).toEqualTypeOf<Sdr>();
    expectTypeOf(toCallRecord).returns.toEqualTypeOf<CallRecord>();
  });
});
