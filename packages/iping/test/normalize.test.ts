import { callRecordSchema } from '@cdrkit/core';
import { readFixture } from '@cdrkit/test-helpers';
import { describe, expect, it } from 'vitest';
import { type IpingItem, toCallRecord } from '../src/index.js';
import { secondsOf, statusOf } from '../src/normalize.js';
import { parseOutboundItems } from '../src/wire.js';

const items = parseOutboundItems(readFixture('iping', 'response-attribute.xml')).items;

describe('toCallRecord', () => {
  it('maps an answered item read in its timezone_id zone (35 Eastern)', () => {
    expect(toCallRecord(items[0]!)).toEqual({
      provider: 'iping',
      id: '1001',
      kind: 'call',
      direction: 'outbound',
      status: 'answered',
      from: null,
      to: '6175551234',
      startedAt: '2003-07-28T18:45:00.000Z',
      answeredAt: null,
      endedAt: null,
      durationSec: 42,
      billedSec: null,
      cost: null,
      raw: items[0],
    });
  });

  it('reads times in the zone of the item timezone_id, which beats the client timeZone', () => {
    // timezone_id 4 is Pacific: 07:00 PST is 15:00 UTC.
    const record = toCallRecord(items[1]!, { timeZone: 'America/Chicago' });
    expect(record).toMatchObject({
      startedAt: '2004-03-16T15:00:00.000Z',
      status: 'no-answer',
      durationSec: 0,
    });
  });

  it('keeps the number as sent, leading zero included, and leaves the extension in raw', () => {
    expect(toCallRecord(items[1]!).to).toBe('0212555987');
  });

  it('reads an item without timezone_id in the client timeZone (default America/New_York)', () => {
    expect(toCallRecord(items[2]!).startedAt).toBe('2004-03-17T04:30:15.000Z');
    expect(toCallRecord(items[2]!, { timeZone: 'America/Chicago' }).startedAt).toBe(
      '2004-03-17T05:30:15.000Z',
    );
    expect(toCallRecord(items[2]!)).toMatchObject({ status: 'busy', durationSec: null });
  });

  it('maps every iPing timezone_id code to its US zone', () => {
    const offsets: Record<string, string> = {
      '2': '2004-01-15T22:00:00.000Z',
      '3': '2004-01-15T21:00:00.000Z',
      '4': '2004-01-15T20:00:00.000Z',
      '10': '2004-01-15T19:00:00.000Z',
      '15': '2004-01-15T19:00:00.000Z',
      '20': '2004-01-15T18:00:00.000Z',
      '35': '2004-01-15T17:00:00.000Z',
      '40': '2004-01-15T17:00:00.000Z',
      '50': '2004-01-15T16:00:00.000Z',
      '55': '2004-01-15T16:00:00.000Z',
    };
    for (const [code, startedAt] of Object.entries(offsets)) {
      const item: IpingItem = { item_id: code, notification_dt: '01/15/2004 12:00pm', timezone_id: code };
      expect(toCallRecord(item, { timeZone: 'UTC' }).startedAt, code).toBe(startedAt);
    }
  });

  it('produces records that callRecordSchema accepts', () => {
    for (const item of items) expect(callRecordSchema.safeParse(toCallRecord(item)).success).toBe(true);
  });

  it('reads a caller id, answer and end times, billed seconds and a dollar cost when the item has them', () => {
    const record = toCallRecord({
      item_id: '9',
      phone_number: '6175551234',
      caller_id: '8005550100',
      notification_dt: '03/16/2004 07:00am',
      timezone_id: '35',
      answered_dt: '03/16/2004 07:00:05am',
      hangup_dt: '03/16/2004 07:01:35am',
      duration: '1:30',
      billed_duration: '120',
      cost: '$0.25',
      type: 'VOICE',
    });
    expect(record).toMatchObject({
      from: '8005550100',
      answeredAt: '2004-03-16T12:00:05.000Z',
      endedAt: '2004-03-16T12:01:35.000Z',
      durationSec: 90,
      billedSec: 120,
      cost: { amount: '0.25', currency: 'USD' },
      kind: 'call',
    });
  });

  it('throws ResponseFormatError for an item without a readable start', () => {
    expect(() => toCallRecord({ item_id: '1', notification_dt: 'soon' })).toThrow(/notification_dt/);
  });
});

describe('ids', () => {
  it('uses the provider id, never the tracking id', () => {
    expect(items.map((item) => toCallRecord(item).id)).toEqual(['1001', '1002', '1003']);
  });

  it('derives a stable id from the content of an item without a provider id', () => {
    const xml =
      '<bSmartXML><items><item><tracking_id value="t1"/><notification_dt value="03/16/2004 07:00am"/></item></items></bSmartXML>';
    const a = toCallRecord(parseOutboundItems(xml).items[0]!).id;
    const b = toCallRecord(parseOutboundItems(xml).items[0]!).id;
    expect(a).toBe(b);
    expect(a).toMatch(/^sha:[0-9a-f]{16}$/);
  });

  it('gives identical id-less items of one answer distinct ids, and items sharing a tracking id too', () => {
    const one =
      '<item><tracking_id value="t1"/><phone_number value="1"/><notification_dt value="03/16/2004 07:00am"/></item>';
    const other =
      '<item><tracking_id value="t1"/><phone_number value="2"/><notification_dt value="03/16/2004 07:00am"/></item>';
    const { items: parsed } = parseOutboundItems(
      `<bSmartXML><items>${one}${one}${other}</items></bSmartXML>`,
    );
    const ids = parsed.map((item) => toCallRecord(item).id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toBe(`${ids[0]}:1`);
  });
});

describe('statusOf', () => {
  it.each([
    ['ANSWERED', 'answered'],
    ['Completed', 'answered'],
    ['SUCCESS', 'answered'],
    ['NO ANSWER', 'no-answer'],
    ['NOANSWER', 'no-answer'],
    ['no_answer', 'no-answer'],
    ['BUSY', 'busy'],
    ['FAILED', 'failed'],
    ['ERROR', 'failed'],
    ['PENDING', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('maps %s to %s', (outcome, status) => {
    expect(statusOf(outcome)).toBe(status);
  });
});

describe('secondsOf', () => {
  it.each([
    ['42', 42],
    [' 7 ', 7],
    ['1:30', 90],
    ['01:02:03', 3723],
    ['', null],
    ['n/a', null],
    [undefined, null],
  ] as const)('reads %s as %s', (text, seconds) => {
    expect(secondsOf(text)).toBe(seconds);
  });
});
