import { callRecordSchema } from '@cdrkit/core';
import { readFixture } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BoxisCdr, boxisCdrSchema, toCallRecord } from '../src/index.js';
import { CDR_OPTIONAL_FIELDS, CDR_REQUIRED_FIELDS, isPlainBoxisCdr } from '../src/schemas.js';

const sample = JSON.parse(readFixture('boxis', 'getcdr-success.json')) as {
  params: { cdr: { call_1: unknown; call_2: unknown } };
};
const call1 = boxisCdrSchema.parse(sample.params.cdr.call_1);
const call2 = boxisCdrSchema.parse(sample.params.cdr.call_2);

function withFields(fields: Record<string, unknown>): BoxisCdr {
  return boxisCdrSchema.parse({ ...(sample.params.cdr.call_1 as object), ...fields });
}

describe('boxisCdrSchema', () => {
  it('keeps every field of the doc sample, nulls included', () => {
    expect(call1).toEqual(sample.params.cdr.call_1);
    expect(call2.prevsequence).toBeNull();
    expect(call2.cc_type_id).toBeNull();
    expect(call2.clid).toBe('"DirectCEO:" ');
  });

  it('keeps numbers as numbers: the typed record holds what was sent', () => {
    const record = withFields({ duration: 237, billsec: 0, cc_cost: 0.05, uniqueid: 42 });
    expect(record.duration).toBe(237);
    expect(record.billsec).toBe(0);
    expect(record.cc_cost).toBe(0.05);
    expect(record.uniqueid).toBe(42);
  });

  it('takes a record with only its uniqueid and start', () => {
    const record = boxisCdrSchema.parse({ uniqueid: 'a-1', start: '2018-02-06 20:12:56' });
    expect(toCallRecord(record)).toMatchObject({
      id: 'a-1',
      startedAt: '2018-02-06T19:12:56.000Z',
      status: 'unknown',
      direction: 'unknown',
      from: null,
      to: null,
      answeredAt: null,
      endedAt: null,
      durationSec: null,
      billedSec: null,
      cost: null,
    });
  });

  it('refuses a record without its start, or with a value that is no scalar', () => {
    const { start: _dropped, ...rest } = sample.params.cdr.call_1 as Record<string, unknown>;
    expect(boxisCdrSchema.safeParse(rest).success).toBe(false);
    expect(boxisCdrSchema.safeParse({ ...rest, start: '2018-02-06 20:12:56', src: {} }).success).toBe(false);
  });

  it('keeps fields the doc does not list', () => {
    const record = withFields({ recordingfile: 'rec-1.wav' });
    expect(record.recordingfile).toBe('rec-1.wav');
  });

  it('rejects a record without uniqueid', () => {
    const { uniqueid: _dropped, ...rest } = sample.params.cdr.call_1 as Record<string, unknown>;
    expect(boxisCdrSchema.safeParse(rest).success).toBe(false);
  });
});

describe('toCallRecord', () => {
  it('maps the answered call of the doc sample, Swiss time to UTC', () => {
    expect(toCallRecord(call1)).toEqual({
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
      raw: call1,
    });
  });

  it('gives the unanswered call of the doc sample no answer time', () => {
    const record = toCallRecord(call2);
    expect(record.status).toBe('no-answer');
    expect(record.answeredAt).toBeNull();
    expect(record.startedAt).toBe('2018-02-06T19:14:20.000Z');
    expect(record.endedAt).toBe('2018-02-06T19:14:50.000Z');
    expect(record.to).toBe('AG-000-NFR-453');
    expect(record.billedSec).toBe(0);
  });

  it('agrees with the epoch Asterisk wrote into the uniqueid', () => {
    // uniqueid …-1517944376.108168 carries the call's start as epoch seconds
    expect(Date.parse(toCallRecord(call1).startedAt) / 1000).toBe(1517944376);
  });

  it('produces records that callRecordSchema accepts', () => {
    expect(callRecordSchema.safeParse(toCallRecord(call1)).success).toBe(true);
    expect(callRecordSchema.safeParse(toCallRecord(call2)).success).toBe(true);
  });

  it.each([
    ['ANSWERED', 'answered'],
    ['NO ANSWER', 'no-answer'],
    ['BUSY', 'busy'],
    ['FAILED', 'failed'],
    ['CONGESTION', 'unknown'],
    ['', 'unknown'],
  ] as const)('maps disposition %j to status %s', (disposition, status) => {
    expect(toCallRecord(withFields({ disposition })).status).toBe(status);
  });

  it.each([
    ['[outbound]', 'fromoutside', 'outbound'],
    ['[inbound]', 'frominside', 'inbound'],
    ['', 'fromoutside', 'inbound'],
    ['', 'from-trunk', 'inbound'],
    ['', 'frominside', 'outbound'],
    ['', 'from-internal', 'outbound'],
    ['', 'fromotherpbx', 'unknown'],
    ['', '', 'unknown'],
  ] as const)('reads direction from userfield %j, else dcontext %j: %s', (userfield, dcontext, direction) => {
    expect(toCallRecord(withFields({ userfield, dcontext })).direction).toBe(direction);
  });

  it('reads summer times as UTC+2', () => {
    const record = toCallRecord(withFields({ start: '2024-07-01 12:00:00', answer: '0000-00-00 00:00:00' }));
    expect(record.startedAt).toBe('2024-07-01T10:00:00.000Z');
  });

  it('reads the times in another zone when asked', () => {
    expect(toCallRecord(call1, { timeZone: 'UTC' }).startedAt).toBe('2018-02-06T20:12:56.000Z');
  });

  it('reads numbers where the doc shows strings', () => {
    const record = toCallRecord(
      withFields({ uniqueid: 1517944376.108, src: 41616925879, duration: 237, billsec: 236, cc_cost: 0.5 }),
    );
    expect(record).toMatchObject({
      id: '1517944376.108',
      from: '41616925879',
      durationSec: 237,
      billedSec: 236,
      cost: { amount: '0.5', currency: 'CHF' },
    });
  });

  it('keeps the cost exact and drops an empty one', () => {
    expect(toCallRecord(withFields({ cc_cost: '0.12345' })).cost).toEqual({
      amount: '0.12345',
      currency: 'CHF',
    });
    expect(toCallRecord(withFields({ cc_cost: '' })).cost).toBeNull();
    expect(toCallRecord(withFields({ cc_cost: null })).cost).toBeNull();
  });

  it('turns an empty src or dst into null', () => {
    const record = toCallRecord(withFields({ src: '', dst: '' }));
    expect(record.from).toBeNull();
    expect(record.to).toBeNull();
  });

  it('refuses a record whose start is not a date', () => {
    expect(() => toCallRecord(withFields({ start: 'yesterday' }))).toThrow(/start/);
  });
});

describe('isPlainBoxisCdr, the fast path beside boxisCdrSchema', () => {
  const shapeKeys = Object.keys(boxisCdrSchema.shape);

  it('lists every schema field exactly once: required, or optional and nullable', () => {
    const listed = [...CDR_REQUIRED_FIELDS, ...CDR_OPTIONAL_FIELDS];
    expect([...listed].sort()).toEqual([...shapeKeys].sort());
    const base = sample.params.cdr.call_1 as Record<string, unknown>;
    for (const name of shapeKeys) {
      const { [name]: _removed, ...without } = base;
      const optional = CDR_OPTIONAL_FIELDS.includes(name);
      expect(boxisCdrSchema.safeParse(without).success, `${name} may be missing`).toBe(optional);
      expect(isPlainBoxisCdr(without), `${name} may be missing (fast path)`).toBe(optional);
      expect(boxisCdrSchema.safeParse({ ...base, [name]: null }).success, `${name} may be null`).toBe(
        optional,
      );
      expect(isPlainBoxisCdr({ ...base, [name]: null }), `${name} may be null (fast path)`).toBe(optional);
    }
  });

  it('accepts the doc sample and refuses what is no record', () => {
    expect(isPlainBoxisCdr(sample.params.cdr.call_1)).toBe(true);
    expect(isPlainBoxisCdr({ ...(sample.params.cdr.call_1 as object), duration: 237 })).toBe(true);
    expect(isPlainBoxisCdr([])).toBe(false);
    expect(isPlainBoxisCdr(null)).toBe(false);
  });

  it('never accepts what the schema refuses, and accepts what it outputs unchanged', () => {
    const tricky = fc.constantFrom<unknown>(undefined, null, '', 'x', 0, 237, 1.5, Number.NaN, true, [], {});
    const fields = [...shapeKeys, 'extra'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...fields), tricky), { maxLength: 4 }), (changes) => {
        const record: Record<string, unknown> = { ...(sample.params.cdr.call_1 as object) };
        for (const [name, value] of changes) {
          if (value === undefined) delete record[name];
          else record[name] = value;
        }
        const parsed = boxisCdrSchema.safeParse(record);
        if (isPlainBoxisCdr(record)) expect(parsed.success).toBe(true);
        if (parsed.success && !Object.hasOwn(record, '__proto__')) expect(isPlainBoxisCdr(record)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves a record with a __proto__ key to zod, which drops the key', () => {
    const record = JSON.parse(
      `{"__proto__":{"polluted":true},${JSON.stringify(sample.params.cdr.call_1).slice(1)}`,
    ) as object;
    expect(isPlainBoxisCdr(record)).toBe(false);
    const parsed = boxisCdrSchema.parse(record) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
