/** Issue 18: getCDR takes the per-call `timeoutMs`, `retry` and `headers`. */
import type { RequestOptions } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { BoxisClient, type GetCdrOptions } from '../src/index.js';

type PerCall<T> = Pick<T, keyof RequestOptions & keyof T>;
const client = new BoxisClient({ userName: 'a@b.ch', userKey: 'key' });
const call = { timeoutMs: 5_000, retry: { limit: 1, baseDelayMs: 10 }, headers: { 'x-trace': 't1' } };

describe('per-call request options', () => {
  it('are part of the getCDR options, typed as core’s RequestOptions', () => {
    expectTypeOf<PerCall<GetCdrOptions>>().toEqualTypeOf<RequestOptions>();
  });

  it('are accepted by getCDR', () => {
    client.getCDR({ from: '2024-03-01', to: '2024-03-02', ...call });
    client.getCDR({ from: '2024-03-01', to: '2024-03-02', retry: 0 });
    // @ts-expect-error headers are strings
    client.getCDR({ from: '2024-03-01', to: '2024-03-02', headers: { 'x-trace': 1 } });
  });
});
