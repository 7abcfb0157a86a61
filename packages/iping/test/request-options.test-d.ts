/** Issue 18: getOutboundItems takes the per-call `timeoutMs`, `retry` and `headers`. */
import type { RequestOptions } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type GetOutboundItemsOptions, IpingClient } from '../src/index.js';

type PerCall<T> = Pick<T, keyof RequestOptions & keyof T>;
const client = new IpingClient({ userName: 'u', password: 'p' });
const call = { timeoutMs: 5_000, retry: { limit: 1, baseDelayMs: 10 }, headers: { 'x-trace': 't1' } };

describe('per-call request options', () => {
  it('are part of the getOutboundItems options, typed as core’s RequestOptions', () => {
    expectTypeOf<PerCall<GetOutboundItemsOptions>>().toEqualTypeOf<RequestOptions>();
  });

  it('are accepted by getOutboundItems', () => {
    client.getOutboundItems({ from: '2024-01-01', to: '2024-01-02', ...call });
    client.getOutboundItems({ from: '2024-01-01', to: '2024-01-02', retry: 0 });
    // @ts-expect-error headers are strings
    client.getOutboundItems({ from: '2024-01-01', to: '2024-01-02', headers: { 'x-trace': 1 } });
  });
});
