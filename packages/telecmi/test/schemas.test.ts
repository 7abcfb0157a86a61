import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answeredRecordSchema,
  incomingPageSchema,
  outAnsweredRecordSchema,
  outgoingPageSchema,
} from '../src/index.js';
import { hasDocumentedTypes } from '../src/schemas.js';

const sampleText = readFileSync(new URL('./fixtures/outanswered-sample.json', import.meta.url), 'utf8');

describe('the doc sample of /v1/outanswered', () => {
  it('parses to exactly its three records, every field with its documented type', () => {
    const page = outgoingPageSchema.parse(JSON.parse(sampleText));
    expect(page.total).toBe(3);
    expect(page.code).toBe(200);
    expect(page.cdr).toEqual([
      {
        _id: '5d9df5b97a2b952710b030dd',
        to: 9100000000,
        time: 1570633217848,
        from: '209_1111113',
        billedsec: 17,
        rate: '0.6',
        record: 'true',
        filename: '157063321784855021379679261_1111113.mp3',
        name: 'unknown',
      },
      {
        _id: '5d9df5097a2b952710b030d8',
        to: 9200000000,
        time: 1570633054497,
        from: '208_1111113',
        billedsec: 3,
        rate: '0.6',
        record: 'true',
        filename: '157063305449713703081057884_1111113.mp3',
        name: 'unknown',
      },
      {
        _id: '5d9df556362b8f1430593411',
        to: 9300000000,
        time: 1570632951992,
        from: '206_1111113',
        billedsec: 30,
        rate: '0.6',
        record: 'true',
        filename: '157063295199223390097444834_1111113.mp3',
        name: 'unknown',
      },
    ]);
  });

  it('has records that need no conversion, so the fast path returns them untouched', () => {
    const data = JSON.parse(sampleText) as { cdr: unknown[] };
    expect(data.cdr.every((record) => hasDocumentedTypes(record, 'outgoing'))).toBe(true);
  });
});

describe('record schemas', () => {
  const outgoing = {
    _id: '5d9df5b97a2b952710b030dd',
    to: 9100000000,
    time: 1570633217848,
    from: '209_1111113',
    billedsec: 17,
    rate: '0.6',
    record: 'true',
  };

  it('keeps fields the schema does not know', () => {
    const record = outAnsweredRecordSchema.parse({ ...outgoing, region: 'IN', notes: [{ msg: 'hi' }] });
    expect(record.region).toBe('IN');
    expect(record.notes).toEqual([{ msg: 'hi' }]);
  });

  it('turns counts sent as numeric strings into numbers', () => {
    const record = outAnsweredRecordSchema.parse({ ...outgoing, billedsec: ' 17 ', time: '1570633217848' });
    expect(record.billedsec).toBe(17);
    expect(record.time).toBe(1570633217848);
  });

  it('keeps a to sent as a string exactly, leading + and 0 included', () => {
    expect(outAnsweredRecordSchema.parse({ ...outgoing, to: '+919100000000' }).to).toBe('+919100000000');
    expect(outAnsweredRecordSchema.parse({ ...outgoing, to: '09100000000' }).to).toBe('09100000000');
  });

  it('reads record sent as a boolean as the documented string', () => {
    expect(outAnsweredRecordSchema.parse({ ...outgoing, record: true }).record).toBe('true');
  });

  it('accepts a record without the optional fields a missed call lacks', () => {
    const missed = { _id: 'a', to: 9100000000, time: 1570633130937, from: '209_1111113', name: 'unknown' };
    expect(outAnsweredRecordSchema.parse(missed)).toEqual(missed);
  });

  it('accepts from as a number on incoming calls, with the agent', () => {
    const record = answeredRecordSchema.parse({ ...outgoing, from: 9200000000, agent: '201_1111113' });
    expect(record.from).toBe(9200000000);
    expect(record.agent).toBe('201_1111113');
  });

  it('reads a number in from of an outgoing call as the agent id string', () => {
    expect(outAnsweredRecordSchema.parse({ ...outgoing, from: 209 }).from).toBe('209');
  });

  it('rejects a record without _id or time', () => {
    const { _id, ...withoutId } = outgoing;
    const { time, ...withoutTime } = outgoing;
    expect(outAnsweredRecordSchema.safeParse(withoutId).success).toBe(false);
    expect(outAnsweredRecordSchema.safeParse(withoutTime).success).toBe(false);
    expect(outAnsweredRecordSchema.safeParse({ ...outgoing, time: 'yesterday' }).success).toBe(false);
  });
});

describe('page schemas', () => {
  it('read an answer without cdr, or with an empty one, as no records', () => {
    expect(outgoingPageSchema.parse({ code: 200, total: 0 }).cdr).toBeUndefined();
    expect(incomingPageSchema.parse({ code: 200, total: 0, cdr: [] }).cdr).toEqual([]);
  });

  it('reject an answer that is not an object', () => {
    expect(outgoingPageSchema.safeParse([]).success).toBe(false);
    expect(outgoingPageSchema.safeParse('ok').success).toBe(false);
    expect(outgoingPageSchema.safeParse(null).success).toBe(false);
  });

  it('read a total sent as a numeric string', () => {
    expect(incomingPageSchema.parse({ total: '19', cdr: [] }).total).toBe(19);
  });
});

describe('hasDocumentedTypes', () => {
  const text = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.integer());
  const arbitraryRecord = fc.record(
    {
      _id: fc.oneof(fc.string(), fc.integer()),
      to: fc.oneof(fc.integer({ min: 0, max: 999_999_999_999_999 }), fc.string(), fc.boolean()),
      time: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.stringMatching(/^\d{1,13}$/)),
      from: fc.oneof(fc.string(), fc.integer({ min: 0 }), fc.constant(null)),
      billedsec: fc.oneof(fc.nat(), fc.stringMatching(/^\d{1,4}$/)),
      rate: fc.oneof(fc.constantFrom('0.6', '0.0000'), fc.constant(true)),
      record: fc.oneof(fc.constantFrom('true', 'false'), fc.boolean()),
      filename: text,
      name: text,
      agent: text,
    },
    { requiredKeys: [] },
  );

  it('accepts a record only when zod accepts it and returns it unchanged', () => {
    fc.assert(
      fc.property(
        arbitraryRecord,
        fc.constantFrom('outgoing' as const, 'incoming' as const),
        (record, direction) => {
          if (!hasDocumentedTypes(record, direction)) return;
          const schema = direction === 'outgoing' ? outAnsweredRecordSchema : answeredRecordSchema;
          const result = schema.safeParse(record);
          expect(result.success).toBe(true);
          expect(result.data).toEqual(record);
          expect(Object.keys(result.data ?? {}).sort()).toEqual(Object.keys(record).sort());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
