import type { CallRecord, Cursor, Page, Paged } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AnsweredRecord,
  type MissedRecord,
  type OutAnsweredRecord,
  type OutMissedRecord,
  type TeleCmiAnalysis,
  type TeleCmiApiVersion,
  type TeleCmiCdr,
  TeleCmiClient,
  type TeleCmiClientOptions,
  type TeleCmiListOptions,
  toCallRecord,
} from '../src/index.js';

const client = new TeleCmiClient({ appId: 1111113, token: 'xxxx-xxxx-xxxx-xxx' });

describe('record types', () => {
  it('type every documented field, optional but for time, scalars as number or string', () => {
    expectTypeOf<OutAnsweredRecord['_id']>().toEqualTypeOf<string | number | undefined>();
    expectTypeOf<OutAnsweredRecord['cmiuid']>().toEqualTypeOf<string | number | undefined>();
    expectTypeOf<OutAnsweredRecord['time']>().toEqualTypeOf<number | string>();
    expectTypeOf<OutAnsweredRecord['to']>().toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf<OutAnsweredRecord['from']>().toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf<OutAnsweredRecord['billedsec']>().toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf<OutAnsweredRecord['duration']>().toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf<OutAnsweredRecord['rate']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<OutAnsweredRecord['record']>().toEqualTypeOf<string | boolean | number | null | undefined>();
    expectTypeOf<OutAnsweredRecord['filename']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<OutAnsweredRecord['name']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<AnsweredRecord['agent']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<MissedRecord['from']>().toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf<OutMissedRecord>().toEqualTypeOf<TeleCmiCdr>();
  });

  it('type notes as an array of optional msg, date and agent', () => {
    type Note = NonNullable<OutAnsweredRecord['notes']>[number];
    expectTypeOf<Note['msg']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<Note['date']>().toEqualTypeOf<string | number | null | undefined>();
    expectTypeOf<Note['agent']>().toEqualTypeOf<string | number | null | undefined>();
  });

  it('keep unknown fields as unknown, never any', () => {
    expectTypeOf<OutAnsweredRecord['region']>().toEqualTypeOf<unknown>();
    expectTypeOf<OutAnsweredRecord['_id']>().not.toBeAny();
    expectTypeOf<AnsweredRecord['time']>().not.toBeAny();
  });
});

describe('client methods', () => {
  it('return a Paged of each endpoint record type', () => {
    expectTypeOf(client.outAnswered()).toEqualTypeOf<Paged<OutAnsweredRecord>>();
    expectTypeOf(client.outMissed()).toEqualTypeOf<Paged<OutMissedRecord>>();
    expectTypeOf(client.answered()).toEqualTypeOf<Paged<AnsweredRecord>>();
    expectTypeOf(client.missed()).toEqualTypeOf<Paged<MissedRecord>>();
  });

  it('resolve to a page of typed items when awaited', async () => {
    const page = await client.outAnswered({ page: 2, pageSize: 50 });
    expectTypeOf(page).toEqualTypeOf<Page<OutAnsweredRecord>>();
    expectTypeOf(page.items[0]?.billedsec).toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf(page.next).toEqualTypeOf<Cursor | null>();
  });

  it('iterate typed records and normalized CallRecords', async () => {
    for await (const cdr of client.answered()) expectTypeOf(cdr).toEqualTypeOf<AnsweredRecord>();
    for await (const call of client.missed().records()) expectTypeOf(call).toEqualTypeOf<CallRecord>();
  });

  it('count calls with analysis', () => {
    expectTypeOf(client.analysis({ from: '2024-03-01', to: '2024-03-02' })).toEqualTypeOf<
      Promise<TeleCmiAnalysis>
    >();
    expectTypeOf<TeleCmiAnalysis['total']>().toEqualTypeOf<number>();
  });

  it('take dates as Date, ISO string or epoch ms, and the list options', () => {
    expectTypeOf<TeleCmiListOptions>().toMatchTypeOf<{
      from?: Date | string | number;
      to?: Date | string | number;
      page?: number;
      limit?: number;
      pageSize?: number;
      prefetch?: number;
      signal?: AbortSignal;
      cursor?: Cursor;
    }>();
    // @ts-expect-error a boolean is not a date
    client.outAnswered({ from: true });
  });

  it('accept appId as a number or a string, an apiVersion, and require the token', () => {
    expectTypeOf<TeleCmiClientOptions['appId']>().toEqualTypeOf<number | string>();
    expectTypeOf<TeleCmiClientOptions['apiVersion']>().toEqualTypeOf<TeleCmiApiVersion | undefined>();
    expectTypeOf<TeleCmiApiVersion>().toEqualTypeOf<'v1' | 'v2'>();
    // @ts-expect-error only v1 and v2 exist
    new TeleCmiClient({ appId: 1, token: 't', apiVersion: 'v3' });
    // @ts-expect-error the token is required
    new TeleCmiClient({ appId: 1 });
  });
});

describe('toCallRecord', () => {
  it('takes any endpoint record and returns a CallRecord', () => {
    expectTypeOf(toCallRecord)
      .parameter(0)
      .toEqualTypeOf<OutAnsweredRecord | OutMissedRecord | AnsweredRecord | MissedRecord>();
    expectTypeOf(toCallRecord).returns.toEqualTypeOf<CallRecord>();
  });
});
