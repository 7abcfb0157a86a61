import { describe, expect, it } from 'vitest';
import { type CallRecord, callRecordSchema } from '../src/call-record.js';

const valid: CallRecord = {
  provider: 'boxis',
  id: 'sip022.voice.boxis.net-1517944376.108168',
  kind: 'call',
  direction: 'inbound',
  status: 'answered',
  from: '0041616925879',
  to: '0225101800',
  startedAt: '2018-02-06T19:12:56.000Z',
  answeredAt: '2018-02-06T19:12:56.000Z',
  endedAt: '2018-02-06T19:16:53.000Z',
  durationSec: 237,
  billedSec: 236,
  cost: { amount: '0.00000', currency: 'CHF' },
  raw: { uniqueid: 'sip022.voice.boxis.net-1517944376.108168' },
};

describe('callRecordSchema', () => {
  it('accepts a valid record, leading zeros and all', () => {
    const result = callRecordSchema.safeParse(valid);
    expect(result.success).toBe(true);
    expect(result.data?.from).toBe('0041616925879');
  });

  it('accepts nulls where the model allows them and a negative cost', () => {
    const sparse = {
      ...valid,
      from: null,
      to: null,
      answeredAt: null,
      endedAt: null,
      durationSec: null,
      billedSec: null,
      cost: { amount: '-392.15', currency: null },
    };
    expect(callRecordSchema.safeParse(sparse).success).toBe(true);
    expect(callRecordSchema.safeParse({ ...valid, cost: null }).success).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a float cost amount', { cost: { amount: 0.03, currency: 'EUR' } }],
    ['a cost amount in exponent form', { cost: { amount: '3e-2', currency: 'EUR' } }],
    ['a cost amount with a comma', { cost: { amount: '0,03', currency: 'EUR' } }],
    ['a naive start date', { startedAt: '2018-02-06 20:12:56' }],
    ['a start date with an offset', { startedAt: '2018-02-06T20:12:56+01:00' }],
    ['a start date without milliseconds', { startedAt: '2018-02-06T19:12:56Z' }],
    ['epoch ms as the end', { endedAt: 1517944613000 }],
    ['an unknown provider', { provider: 'skype' }],
    ['an empty id', { id: '' }],
    ['an unknown status', { status: 'ANSWERED' }],
    ['a negative duration', { durationSec: -1 }],
    ['a number as the caller', { from: 41616925879 }],
  ])('rejects %s', (_, change) => {
    expect(callRecordSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
