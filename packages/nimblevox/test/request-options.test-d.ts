/** Issue 18: listSdrs and getSdr take the per-call `timeoutMs`, `retry` and `headers`. */
import type { RequestOptions } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type GetSdrOptions, type ListSdrsOptions, NimblevoxClient } from '../src/index.js';

type PerCall<T> = Pick<T, keyof RequestOptions & keyof T>;
const client = new NimblevoxClient({ apiKey: 'key' });
const call = { timeoutMs: 5_000, retry: { limit: 1, baseDelayMs: 10 }, headers: { 'x-trace': 't1' } };

describe('per-call request options', () => {
  it('are part of the listSdrs and getSdr options, typed as core’s RequestOptions', () => {
    expectTypeOf<PerCall<ListSdrsOptions>>().toEqualTypeOf<RequestOptions>();
    expectTypeOf<PerCall<GetSdrOptions>>().toEqualTypeOf<RequestOptions>();
  });

  it('are accepted by listSdrs and getSdr', () => {
    client.listSdrs({ from: '2024-01-01', to: '2024-01-02', ...call });
    void client.getSdr(3, { ...call, retry: 0 });
    // @ts-expect-error headers are strings
    client.listSdrs({ from: '2024-01-01', to: '2024-01-02', headers: { 'x-trace': 1 } });
  });
});
