/** Issue 18: every list method and single-record call takes the per-call `timeoutMs`, `retry` and `headers`. */
import type { RequestOptions } from '@cdrkit/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type TeleCmiAnalysisOptions, TeleCmiClient, type TeleCmiListOptions } from '../src/index.js';

type PerCall<T> = Pick<T, keyof RequestOptions & keyof T>;
const client = new TeleCmiClient({ appId: 1111113, token: 'xxxx-xxxx-xxxx-xxx' });
const call = { timeoutMs: 5_000, retry: { limit: 1, baseDelayMs: 10 }, headers: { 'x-trace': 't1' } };

describe('per-call request options', () => {
  it('are part of the list and analysis options, typed as core’s RequestOptions', () => {
    expectTypeOf<PerCall<TeleCmiListOptions>>().toEqualTypeOf<RequestOptions>();
    expectTypeOf<PerCall<TeleCmiAnalysisOptions>>().toEqualTypeOf<RequestOptions>();
  });

  it('are accepted by every method', () => {
    client.outAnswered(call);
    client.outMissed({ ...call, retry: 0 });
    client.answered(call);
    client.missed(call);
    void client.analysis(call);
    // @ts-expect-error headers are strings
    client.outAnswered({ headers: { 'x-trace': 1 } });
    // @ts-expect-error timeoutMs is a number of ms
    void client.analysis({ timeoutMs: '5s' });
  });
});
