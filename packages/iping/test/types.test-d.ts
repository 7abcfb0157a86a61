import type { CallRecord, Cursor, Page, Paged } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type GetOutboundItemsOptions,
  IpingClient,
  type IpingItem,
  type OutboundItemsCursor,
  parseOutboundItems,
  toCallRecord,
} from '../src/index.js';

const client = new IpingClient({ userName: 'u', password: 'p' });

describe('IpingClient types', () => {
  it('takes userName and password plus the shared client options', () => {
    expectTypeOf(IpingClient).constructorParameters.toEqualTypeOf<
      [ConstructorParameters<typeof IpingClient>[0]]
    >();
    new IpingClient({
      userName: 'u',
      password: 'p',
      timeZone: 'America/Chicago',
      retry: 2,
      baseUrl: 'http://x',
    });
    // @ts-expect-error the password is required
    new IpingClient({ userName: 'u' });
  });

  it('returns a Paged of IpingItem that awaits to a Page', () => {
    const paged = client.getOutboundItems({ from: '2024-01-01', to: new Date() });
    expectTypeOf(paged).toEqualTypeOf<Paged<IpingItem>>();
    expectTypeOf<Awaited<typeof paged>>().toEqualTypeOf<Page<IpingItem>>();
    expectTypeOf(paged.records()).toEqualTypeOf<AsyncIterable<CallRecord>>();
  });

  it('types every item field as an optional string', () => {
    expectTypeOf<IpingItem['phone_number']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IpingItem['anything_else']>().toEqualTypeOf<string | undefined>();
  });

  it('needs from and to unless a cursor carries them', () => {
    client.getOutboundItems({
      from: 0,
      to: Date.now(),
      storageType: 'future',
      transport: 'query',
      itemCount: 20,
    });
    client.getOutboundItems({ cursor: {} as Cursor, prefetch: 4, limit: 10 });
    // @ts-expect-error `to` is missing
    client.getOutboundItems({ from: '2024-01-01' });
  });

  it('accepts only the documented storage types and transports', () => {
    // @ts-expect-error iPing knows past and future
    client.getOutboundItems({ from: 0, to: 1, storageType: 'present' });
    // @ts-expect-error the transports are xml and query
    client.getOutboundItems({ from: 0, to: 1, transport: 'json' });
    expectTypeOf<GetOutboundItemsOptions['storageType']>().toEqualTypeOf<'past' | 'future' | undefined>();
  });

  it('has a cursor that is a JSON Cursor', () => {
    expectTypeOf<OutboundItemsCursor>().toExtend<Cursor>();
  });

  it('exports toCallRecord and parseOutboundItems', () => {
    expectTypeOf(toCallRecord).parameter(0).toEqualTypeOf<IpingItem>();
    expectTypeOf(toCallRecord).returns.toEqualTypeOf<CallRecord>();
    expectTypeOf(parseOutboundItems).returns.toEqualTypeOf<{
      items: IpingItem[];
      total?: number;
      envelope: Record<string, string>;
      recordName?: string;
    }>();
  });
});
