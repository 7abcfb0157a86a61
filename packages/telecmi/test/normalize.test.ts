import { callRecordSchema, ResponseFormatError } from '@cdrkit/core';
import { readJsonFixture } from '@cdrkit/test-helpers';
import { describe, expect, it } from 'vitest';
import {
  type OutAnsweredRecord,
  outgoingPageSchema,
  type TeleCmiRecord,
  toCallRecord,
} from '../src/index.js';

const sample = outgoingPageSchema.parse(readJsonFixture('telecmi', 'outanswered-sample.json'));
const first = sample.cdr![0]!;
const v2Row = outgoingPageSchema.parse(readJsonFixture('telecmi', 'v2-sample.json')).cdr![0]!;

describe('toCallRecord', () => {
  it('maps the doc sample record of an outgoing answered call', () => {
    const call = toCallRecord(first, { endpoint: 'outAnswered', currency: 'INR' });
    expect(call).toEqual({
      provider: 'telecmi',
      id: '5d9df5b97a2b952710b030dd',
      kind: 'call',
      direction: 'outbound',
      status: 'answered',
      from: '209_1111113',
      to: '9100000000',
      startedAt: '2019-10-09T15:00:17.848Z',
      answeredAt: '2019-10-09T15:00:17.848Z',
      endedAt: '2019-10-09T15:00:34.848Z',
      durationSec: 17,
      billedSec: 17,
      cost: { amount: '0.6', currency: 'INR' },
      raw: first,
    });
    expect(callRecordSchema.safeParse(call).success).toBe(true);
  });

  it('keeps the record, recording file name included, untouched in raw', () => {
    const call = toCallRecord(first, { endpoint: 'outAnswered' });
    expect(call.raw).toBe(first);
    expect((call.raw as OutAnsweredRecord).filename).toBe('157063321784855021379679261_1111113.mp3');
  });

  it('gives a null currency unless one is set', () => {
    expect(toCallRecord(first).cost).toEqual({ amount: '0.6', currency: null });
  });

  it('takes direction and status from the endpoint', () => {
    const outcomes = (['outAnswered', 'outMissed', 'answered', 'missed'] as const).map((endpoint) => {
      const { direction, status } = toCallRecord(first, { endpoint });
      return { endpoint, direction, status };
    });
    expect(outcomes).toEqual([
      { endpoint: 'outAnswered', direction: 'outbound', status: 'answered' },
      { endpoint: 'outMissed', direction: 'outbound', status: 'no-answer' },
      { endpoint: 'answered', direction: 'inbound', status: 'answered' },
      { endpoint: 'missed', direction: 'inbound', status: 'no-answer' },
    ]);
  });

  it('leaves answer and end times and the duration null on missed calls', () => {
    const missed: TeleCmiRecord = {
      _id: 'm',
      to: 9100000000,
      time: 1570633130937,
      from: '209_1111113',
      billedsec: 0,
      rate: '0.0000',
    };
    const call = toCallRecord(missed, { endpoint: 'outMissed' });
    expect(call).toMatchObject({ answeredAt: null, endedAt: null, durationSec: null, billedSec: 0 });
    expect(call.cost).toEqual({ amount: '0.0000', currency: null });
  });

  it('infers the endpoint of a record that lost it: agent id in from means outgoing, billed seconds answered', () => {
    const plain = JSON.parse(JSON.stringify(first)) as TeleCmiRecord;
    expect(toCallRecord(plain)).toMatchObject({ direction: 'outbound', status: 'answered' });
    expect(toCallRecord({ ...plain, billedsec: 0 })).toMatchObject({
      direction: 'outbound',
      status: 'no-answer',
    });
    const incoming = { ...plain, from: 9200000000, agent: '201_1111113' };
    expect(toCallRecord(incoming)).toMatchObject({
      direction: 'inbound',
      status: 'answered',
      from: '9200000000',
    });
    expect(toCallRecord({ ...incoming, billedsec: 0 })).toMatchObject({
      direction: 'inbound',
      status: 'no-answer',
    });
  });

  it('prefers the endpoint option over inference', () => {
    expect(toCallRecord({ ...first, billedsec: 0 }, { endpoint: 'answered' }).status).toBe('answered');
  });

  it('writes numbers as strings without losing a digit, and keeps strings as sent', () => {
    const call = toCallRecord(
      { ...first, to: 999_999_999_999_999, from: '+919200000000' },
      { endpoint: 'missed' },
    );
    expect(call.to).toBe('999999999999999');
    expect(call.from).toBe('+919200000000');
    expect(toCallRecord({ ...first, to: '00441234567890' }).to).toBe('00441234567890');
    // Beyond 2^53 JSON.parse has already rounded: the integer prints in full, never in exponent form.
    expect(toCallRecord({ ...first, to: 2 ** 60 }).to).toBe('1152921504606846976');
  });

  it('gives the rate as an exact decimal string, and no cost without a rate', () => {
    expect(toCallRecord({ ...first, rate: '0.0000' }).cost?.amount).toBe('0.0000');
    const { rate, ...withoutRate } = first;
    expect(toCallRecord(withoutRate).cost).toBeNull();
  });

  it('gives null billed seconds, duration and end when billedsec is absent', () => {
    const { billedsec, ...withoutBilled } = first;
    const call = toCallRecord(withoutBilled, { endpoint: 'outAnswered' });
    expect(call).toMatchObject({
      billedSec: null,
      durationSec: null,
      endedAt: null,
      answeredAt: call.startedAt,
    });
  });

  it("maps v2's documented row: id from cmiuid, duration, numeric rate as an exact decimal", () => {
    const call = toCallRecord(v2Row, { endpoint: 'answered', currency: 'INR' });
    expect(call).toEqual({
      provider: 'telecmi',
      id: 'bdd91865-4a2f-4c1e-9b7d-5e0f3a8c2d61',
      kind: 'call',
      direction: 'inbound',
      status: 'answered',
      from: '919100000000',
      to: '918100000000',
      startedAt: '2022-06-06T09:44:15.024Z',
      answeredAt: '2022-06-06T09:44:15.024Z',
      endedAt: '2022-06-06T09:44:49.024Z',
      durationSec: 34,
      billedSec: 31,
      cost: { amount: '0.0231', currency: 'INR' },
      raw: v2Row,
    });
    expect(callRecordSchema.safeParse(call).success).toBe(true);
  });

  it('prefers cmiuid to _id, and takes _id when cmiuid is absent', () => {
    expect(toCallRecord({ ...first, cmiuid: 'c-1' }).id).toBe('c-1');
    expect(toCallRecord({ ...v2Row, cmiuid: undefined, _id: 'x-9' }).id).toBe('x-9');
    expect(toCallRecord({ ...v2Row, cmiuid: 12345 }).id).toBe('12345');
  });

  it('reads scalars sent in the other type: a numeric string time, billedsec and rate, a number rate', () => {
    const call = toCallRecord(
      { ...first, time: '1570633217848', billedsec: '17', rate: 0.6 },
      { endpoint: 'outAnswered' },
    );
    expect(call).toMatchObject({
      startedAt: '2019-10-09T15:00:17.848Z',
      billedSec: 17,
      durationSec: 17,
      cost: { amount: '0.6', currency: null },
    });
  });

  it('gives a missed call with a duration its duration and end', () => {
    const call = toCallRecord({ ...v2Row, billedsec: 0, duration: 12 }, { endpoint: 'missed' });
    expect(call).toMatchObject({ answeredAt: null, durationSec: 12, billedSec: 0 });
    expect(call.endedAt).toBe('2022-06-06T09:44:27.024Z');
  });

  it('throws ResponseFormatError for a record without an id or a usable time', () => {
    expect(() => toCallRecord({ time: 1 } as TeleCmiRecord)).toThrow(ResponseFormatError);
    expect(() => toCallRecord({ ...first, time: 'noon' })).toThrow(ResponseFormatError);
  });
});
