import type { CallRecord, Cursor, Page, Paged } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type GetCallsOptions,
  MixvoipClient,
  type MixvoipRecord,
  type MixvoipType,
  type MixvoipWireRecord,
  parseMixvoipCsv,
  toCallRecord,
} from '../src/index.js';

const client = new MixvoipClient({ userName: 'u', password: 'p', baseUrl: 'http://127.0.0.1:1' });

describe('MixvoipClient types', () => {
  it('requires baseUrl and the credentials', () => {
    // @ts-expect-error baseUrl is required: MIXvoip does not publish it
    new MixvoipClient({ userName: 'u', password: 'p' });
    // @ts-expect-error password is required
    new MixvoipClient({ userName: 'u', baseUrl: 'http://x' });
    new MixvoipClient({
      userName: 'u',
      password: 'p',
      baseUrl: 'http://x',
      timeZone: 'Europe/Luxembourg',
      currency: 'EUR',
    });
  });

  it('returns a Paged of records with an id', () => {
    const paged = client.getCalls({ profileId: '123', from: new Date(), to: '2024-01-01', format: 'csv' });
    expectTypeOf(paged).toEqualTypeOf<Paged<MixvoipRecord>>();
    expectTypeOf(paged).resolves.toEqualTypeOf<Page<MixvoipRecord>>();
    expectTypeOf<MixvoipRecord['id']>().toEqualTypeOf<string>();
    expectTypeOf<Page<MixvoipRecord>['next']>().toEqualTypeOf<Cursor | null>();
    expectTypeOf(paged.records()).toEqualTypeOf<AsyncIterable<CallRecord>>();
  });

  it('accepts a profileId as a string or a number and the formats json and csv only', () => {
    client.getCalls({ profileId: 123, from: 0 });
    // @ts-expect-error MIXvoip answers JSON or CSV
    client.getCalls({ profileId: 123, from: 0, format: 'xml' });
    // @ts-expect-error MIXvoip does not page inside a window
    client.getCalls({ profileId: 123, from: 0, pageSize: 10 });
    // @ts-expect-error profileId is required
    client.getCalls({ from: 0 });
    expectTypeOf<GetCallsOptions['format']>().toEqualTypeOf<'json' | 'csv' | undefined>();
  });

  it('types the known TYPE values and keeps the set open', () => {
    expectTypeOf<'CALLOUT'>().toExtend<MixvoipType>();
    expectTypeOf<'SOMETHING_NEW'>().toExtend<MixvoipType>();
    expectTypeOf<MixvoipRecord['type']>().toEqualTypeOf<MixvoipType | number | null | undefined>();
  });

  it('types call_start as required, every other field as an optional string or number', () => {
    type Data = MixvoipRecord['data'];
    expectTypeOf<Data['call_start']>().toEqualTypeOf<string>();
    expectTypeOf<Data['source']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<Data['price']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<Data['quantity']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<Data['destination_name']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<Data['some_new_field']>().toEqualTypeOf<unknown>();
  });

  it('takes maxRecordsPerAnswer as a client option', () => {
    new MixvoipClient({ userName: 'u', password: 'p', baseUrl: 'http://x', maxRecordsPerAnswer: 1000 });
    // @ts-expect-error a number of records
    new MixvoipClient({ userName: 'u', password: 'p', baseUrl: 'http://x', maxRecordsPerAnswer: '1000' });
  });

  it('normalizes records with or without an id', () => {
    expectTypeOf(toCallRecord).parameter(0).toEqualTypeOf<MixvoipRecord | MixvoipWireRecord>();
    expectTypeOf(toCallRecord).returns.toEqualTypeOf<CallRecord>();
    expectTypeOf(parseMixvoipCsv).returns.toEqualTypeOf<MixvoipWireRecord[]>();
    expectTypeOf(client.downloadCsv({ profileId: 1, from: 0 })).toEqualTypeOf<AsyncIterable<string>>();
  });
});
