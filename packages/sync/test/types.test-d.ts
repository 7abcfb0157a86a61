import type { Paged } from '@cdrkit/core';
import { MixvoipClient } from '@cdrkit/mixvoip';
import type { TeleCmiClient } from '@cdrkit/telecmi';
import { describe, expectTypeOf, it } from 'vitest';
import type { ListMethodName, SyncOptions } from '../src/options.js';
import type { Store } from '../src/store/types.js';
import { sync } from '../src/sync.js';

declare const store: Store;

describe('sync types', () => {
  it('names the list methods of a client, and only those', () => {
    expectTypeOf<ListMethodName<TeleCmiClient>>().toEqualTypeOf<
      'outAnswered' | 'outMissed' | 'answered' | 'missed'
    >();
  });

  it('types the list options of the chosen method, without the range', () => {
    const client = new MixvoipClient({ userName: 'u', password: 'p', baseUrl: 'http://localhost' });
    type Options = SyncOptions<MixvoipClient, 'getCalls'>;
    expectTypeOf<NonNullable<Extract<Options['source'], { client: unknown }>['options']>>().toHaveProperty(
      'profileId',
    );
    void sync({
      source: {
        provider: 'mixvoip',
        account: 'u/1',
        client,
        method: 'getCalls',
        options: { profileId: '1' },
      },
      store,
    });
    // @ts-expect-error not a list method
    void sync({ source: { provider: 'mixvoip', account: 'u/1', client, method: 'downloadCsv' }, store });
    const source = { provider: 'mixvoip', account: 'u/1', client, method: 'getCalls' } as const;
    // @ts-expect-error the range is the sync's
    void sync({ source: { ...source, options: { profileId: '1', from: 'x' } }, store });
  });

  it('accepts a list function', () => {
    void sync({
      source: {
        provider: 'telecmi',
        account: '1',
        operation: 'outAnswered',
        list: (request) => {
          expectTypeOf(request.from).toBeString();
          return {} as Paged<unknown>;
        },
      },
      store,
    });
  });
});
