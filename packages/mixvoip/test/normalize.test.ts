import { callRecordSchema, ResponseFormatError } from '@cdrkit/core';
import { describe, expect, it } from 'vitest';
import { type MixvoipWireRecord, toCallRecord } from '../src/index.js';

function record(type: string, data: Partial<MixvoipWireRecord['data']> = {}): MixvoipWireRecord {
  return {
    type,
    data: {
      source: '+35220333320',
      destination: '35220333000',
      destination_name: 'Luxembourg',
      call_start: '2021-06-29 08:24:31',
      duration: '61',
      pbxextension: '20',
      quantity: 2,
      price: '7.00',
      invoice: 'N/A',
      ...data,
    },
  };
}

describe('toCallRecord', () => {
  it.each([
    ['CALLIN', 'call', 'inbound'],
    ['CALLOUT', 'call', 'outbound'],
    ['MCALL', 'call', 'unknown'],
    ['SMS', 'sms', 'outbound'],
    ['MSMS', 'sms', 'outbound'],
    ['FAX', 'fax', 'unknown'],
    ['MDATA', 'other', 'unknown'],
    ['DELIVERY', 'other', 'unknown'],
    ['DOCUMENTATION', 'other', 'unknown'],
    ['DEV', 'other', 'unknown'],
    ['HARDWARE', 'other', 'unknown'],
    ['SERVICE', 'other', 'unknown'],
    ['SETUP', 'other', 'unknown'],
    ['TRAVEL', 'other', 'unknown'],
    ['PAY', 'other', 'unknown'],
    ['SOMETHING_NEW', 'other', 'unknown'],
  ] as const)('maps %s to kind %s, direction %s', (type, kind, direction) => {
    const normalized = toCallRecord(record(type));
    expect(normalized).toMatchObject({ kind, direction });
    expect(callRecordSchema.safeParse(normalized).success).toBe(true);
  });

  it('calls a call with a duration answered, one without no-answer, and others unknown', () => {
    expect(toCallRecord(record('CALLOUT', { duration: '61' })).status).toBe('answered');
    expect(toCallRecord(record('CALLIN', { duration: 0 })).status).toBe('no-answer');
    expect(toCallRecord(record('CALLIN', { duration: '' })).status).toBe('unknown');
    expect(toCallRecord(record('SMS', { duration: '0' })).status).toBe('unknown');
  });

  it('reads call_start with a line break, a comma, a T or several spaces', () => {
    for (const callStart of [
      '2021-06-29\n08:24:31',
      '2021-06-29,08:24:31',
      '2021-06-29T08:24:31',
      '2021-06-29   08:24:31',
    ]) {
      expect(toCallRecord(record('CALLOUT', { call_start: callStart })).startedAt).toBe(
        '2021-06-29T08:24:31.000Z',
      );
    }
  });

  it('reads a bare billing date as midnight in the zone', () => {
    const normalized = toCallRecord(record('SERVICE', { call_start: '2024-01-01' }), {
      timeZone: 'Europe/Luxembourg',
    });
    expect(normalized.startedAt).toBe('2023-12-31T23:00:00.000Z');
  });

  it('ends a call at call_end when MIXvoip sends one, else at start + duration', () => {
    expect(toCallRecord(record('CALLOUT', { call_end: '2021-06-29 08:25:40' })).endedAt).toBe(
      '2021-06-29T08:25:40.000Z',
    );
    expect(toCallRecord(record('CALLOUT')).endedAt).toBe('2021-06-29T08:25:32.000Z');
    expect(toCallRecord(record('SMS')).endedAt).toBeNull();
  });

  it('gives durations for calls only', () => {
    expect(toCallRecord(record('CALLOUT', { duration: 61 }))).toMatchObject({
      durationSec: 61,
      billedSec: 61,
    });
    expect(toCallRecord(record('SMS'))).toMatchObject({ durationSec: null, billedSec: null });
  });

  it('computes cost exactly from cents per quantity, whatever types MIXvoip used', () => {
    const cost = (price: string | number, quantity: string | number) =>
      toCallRecord(record('CALLOUT', { price, quantity })).cost;
    expect(cost('7.00', 2)).toEqual({ amount: '0.14', currency: 'EUR' });
    expect(cost(7, '2')).toEqual({ amount: '0.14', currency: 'EUR' });
    expect(cost('1.255', 3)).toEqual({ amount: '0.03765', currency: 'EUR' });
    expect(cost('0.00', 0)).toEqual({ amount: '0', currency: 'EUR' });
    expect(cost('500.00', 1)).toEqual({ amount: '5', currency: 'EUR' });
    expect(cost('-250.00', 1)).toEqual({ amount: '-2.5', currency: 'EUR' });
    expect(cost('0.1', 3)).toEqual({ amount: '0.003', currency: 'EUR' });
    expect(cost('', 1)).toBeNull();
    expect(cost('n/a', 1)).toBeNull();
  });

  it('uses the currency it is given', () => {
    expect(toCallRecord(record('CALLOUT'), { currency: 'USD' }).cost).toEqual({
      amount: '0.14',
      currency: 'USD',
    });
  });

  it('keeps from and to exactly, as strings, and empty as null', () => {
    expect(
      toCallRecord(record('CALLOUT', { source: '0035220333320', destination: 35220333000 })),
    ).toMatchObject({
      from: '0035220333320',
      to: '35220333000',
    });
    expect(toCallRecord(record('CALLIN', { source: '' })).from).toBeNull();
  });

  it('keeps the record untouched as raw', () => {
    const input = record('CALLOUT', { extra_field: 'kept' });
    const normalized = toCallRecord(input);
    expect(normalized.raw).toBe(input);
    expect(normalized.raw).toEqual(record('CALLOUT', { extra_field: 'kept' }));
  });

  it('reads a record that has call_start only, and one without a type as kind other', () => {
    expect(toCallRecord({ data: { call_start: '2021-06-29 08:24:31' } })).toMatchObject({
      kind: 'other',
      direction: 'unknown',
      status: 'unknown',
      from: null,
      to: null,
      durationSec: null,
      cost: null,
      startedAt: '2021-06-29T08:24:31.000Z',
    });
    const call = {
      type: 'CALLOUT',
      data: { call_start: '2021-06-29 08:24:31', duration: null, price: null },
    };
    expect(toCallRecord(call)).toMatchObject({
      kind: 'call',
      status: 'unknown',
      durationSec: null,
      cost: null,
    });
  });

  it('reads numbers where the doc shows strings, and a number type as its text', () => {
    const normalized = toCallRecord({
      type: 5,
      data: { call_start: '2021-06-29 08:24:31', source: 35220333320, price: 7, quantity: '2', duration: 61 },
    });
    expect(normalized).toMatchObject({
      kind: 'other',
      from: '35220333320',
      cost: { amount: '0.14', currency: 'EUR' },
    });
  });

  it('rejects a call_start that is not a date', () => {
    expect(() => toCallRecord(record('CALLOUT', { call_start: 'yesterday' }))).toThrow(ResponseFormatError);
  });
});
