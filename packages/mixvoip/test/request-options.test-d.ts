/** Issue 18: getCalls and downloadCsv take the per-call `timeoutMs`, `retry` and `headers`. */
import type { RequestOptions } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type DownloadCsvOptions, type GetCallsOptions, MixvoipClient } from '../src/index.js';

type PerCall<T> = Pick<T, keyof RequestOptions & keyof T>;
const client = new MixvoipClient({ userName: 'u', password: 'p', baseUrl: 'http://127.0.0.1:1' });
const call = { timeoutMs: 5_000, retry: { limit: 1, baseDelayMs: 10 }, headers: { 'x-trace': 't1' } };

describe('per-call request options', () => {
  it('are part of the getCalls and downloadCsv options, typed as core’s RequestOptions', () => {
    expectTypeOf<PerCall<GetCallsOptions>>().toEqualTypeOf<RequestOptions>();
    expectTypeOf<PerCall<DownloadCsvOptions>>().toEqualTypeOf<RequestOptions>();
  });

  it('are accepted by getCalls and downloadCsv', () => {
    client.getCalls({ profileId: 1, from: 0, ...call });
    client.downloadCsv({ profileId: 1, from: 0, ...call, retry: 0 });
    // @ts-expect-error headers are strings
    client.getCalls({ profileId: 1, from: 0, headers: { 'x-trace': 1 } });
  });
});
