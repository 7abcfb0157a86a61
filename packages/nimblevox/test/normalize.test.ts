import { callRecordSchema, InvalidArgumentError } from '@cdrkit/core';
import { parseSdrPage, type Sdr, toCallRecord } from '@cdrkit/nimblevox';
import { readFixture } from '@cdrkit/test-helpers';
import { describe, expect, it } from 'vitest';

const body = readFixture('nimblevox', 'sdr-page.json');
const [sample] = parseSdrPage(JSON.parse(body), { provider: 'nimblevox', operation: 'listSdrs', body }).sdrs;
const sdr = (fields: Partial<Sdr>): Sdr => ({ ...sample!, ...fields });

describe('toCallRecord', () => {
  it("maps the doc's sample to the normalized record", () => {
    expect(toCallRecord(sample!)).toEqual({
      provider: 'nimblevox',
      id: '3',
      kind: 'call',
      direction: 'outbound',
      status: 'answered',
      from: '123456789',
      to: '987654321',
      startedAt: '2012-10-31T10:29:51.000Z',
      answeredAt: null,
      endedAt: '2012-10-31T10:29:55.000Z',
      durationSec: 4,
      billedSec: 60,
      cost: { amount: '0.03', currency: null },
      raw: JSON.parse(body).sdrs[0],
    });
    expect(callRecordSchema.safeParse(toCallRecord(sample!)).success).toBe(true);
  });

  it("reads billStart and billEnd as wall time in the client's zone", () => {
    const record = toCallRecord(sample!, { timeZone: 'America/Chicago', currency: 'USD' });
    // 31 October 2012 was still daylight time in Chicago (UTC-5).
    expect(record.startedAt).toBe('2012-10-31T15:29:51.000Z');
    expect(record.endedAt).toBe('2012-10-31T15:29:55.000Z');
    expect(record.cost).toEqual({ amount: '0.03', currency: 'USD' });
  });

  it.each([
    ['Outbound Call', 'Application Outdial', 'outbound'],
    ['Inbound Call', 'Incoming Call', 'inbound'],
    [null, 'Incoming Call', 'inbound'],
    [null, 'Application Outdial', 'outbound'],
    ['Conference', 'Bridge', 'unknown'],
    [null, null, 'unknown'],
  ] as const)('reads serviceType %s / callType %s as %s', (serviceType, callType, direction) => {
    expect(toCallRecord(sdr({ serviceType, callType })).direction).toBe(direction);
  });

  it('claims an answer only for a billed service', () => {
    expect(toCallRecord(sdr({ billUnits: 0 })).status).toBe('unknown');
    expect(toCallRecord(sdr({ billUnits: null })).status).toBe('unknown');
    expect(toCallRecord(sdr({ billUnits: 6 })).status).toBe('answered');
  });

  it('falls back to billEnd − billStart for the duration, and leaves cost out without a charge', () => {
    const record = toCallRecord(
      sdr({ serviceTime: null, billEnd: '2012-10-31T10:31:01', moneyCharge: null }),
    );
    expect(record.durationSec).toBe(70);
    expect(record.cost).toBeNull();
    expect(toCallRecord(sdr({ serviceTime: null, billEnd: null })).durationSec).toBeNull();
  });

  it('keeps negative charges (refunds) exact', () => {
    expect(toCallRecord(sdr({ moneyCharge: '-0.125' })).cost?.amount).toBe('-0.125');
  });

  it('refuses a record whose billStart is not a date', () => {
    expect(() => toCallRecord(sdr({ billStart: 'yesterday' }))).toThrow(InvalidArgumentError);
  });
});
