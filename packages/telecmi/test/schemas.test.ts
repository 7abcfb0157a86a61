import { readFixture } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answeredRecordSchema,
  cdrSchema,
  incomingPageSchema,
  outAnsweredRecordSchema,
  outgoingPageSchema,
  pageSchema,
} from '../src/index.js';
import { isPlainPage, isPlainRecord } from '../src/schemas.js';

const sampleText = readFixture('telecmi', 'outanswered-sample.json');
const v2Text = readFixture('telecmi', 'v2-sample.json');

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

  it('is a plain page, so the fast path returns it untouched', () => {
    expect(isPlainPage(JSON.parse(sampleText))).toBe(true);
  });
});

describe("TeleCMI v2's documented answer", () => {
  it('parses as it is: count, cmiuid, duration, agent, notes, a numeric rate, from a string and to a number', () => {
    const data = JSON.parse(v2Text);
    const page = pageSchema.parse(data);
    expect(page).toEqual(data);
    expect(page.count).toBe(425);
    expect(page.total).toBeUndefined();
    expect(page.cdr?.[0]).toMatchObject({
      cmiuid: 'bdd91865-4a2f-4c1e-9b7d-5e0f3a8c2d61',
      duration: 34,
      rate: 0.0231,
      from: '919100000000',
      to: 918100000000,
      notes: [{ msg: 'Customer asked for a callback', date: 1654508655024, agent: '208_1111112' }],
    });
    expect(isPlainPage(data)).toBe(true);
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
  const production = {
    cmiuid: 'bdd91865-4a2f-4c1e-9b7d-5e0f3a8c2d61',
    duration: 34,
    agent: '208_1111112',
    notes: [],
    billedsec: 31,
    rate: 0.0231,
    record: true,
    from: 919100000000,
    to: '918100000000',
    time: 1654508655024,
  };

  it('keeps fields the schema does not know', () => {
    const record = outAnsweredRecordSchema.parse({ ...outgoing, region: 'IN', cmiuuid: 'x' });
    expect(record.region).toBe('IN');
    expect(record.cmiuuid).toBe('x');
  });

  it('keeps scalars exactly as sent, numbers or strings, with no conversion', () => {
    const sent = {
      ...outgoing,
      billedsec: ' 17 ',
      time: '1570633217848',
      rate: 0.6,
      record: true,
      from: 209,
    };
    expect(outAnsweredRecordSchema.parse(sent)).toEqual(sent);
  });

  it('keeps a to sent as a string exactly, leading + and 0 included', () => {
    expect(outAnsweredRecordSchema.parse({ ...outgoing, to: '+919100000000' }).to).toBe('+919100000000');
    expect(outAnsweredRecordSchema.parse({ ...outgoing, to: '09100000000' }).to).toBe('09100000000');
  });

  it('reads a production row: cmiuid and no _id, duration, agent, notes, a numeric rate, a boolean record', () => {
    expect(cdrSchema.parse(production)).toEqual(production);
    expect(answeredRecordSchema.parse({ ...production, record: 'true', from: '919100000000' }).record).toBe(
      'true',
    );
  });

  it('accepts a record with nothing but an id and a time', () => {
    expect(outAnsweredRecordSchema.parse({ _id: 'a', time: 1 })).toEqual({ _id: 'a', time: 1 });
    expect(outAnsweredRecordSchema.parse({ cmiuid: 'c', time: '1' })).toEqual({ cmiuid: 'c', time: '1' });
  });

  it('rejects a record without cmiuid and _id, or without a usable time', () => {
    const { _id, ...withoutId } = outgoing;
    const { time, ...withoutTime } = outgoing;
    const noId = outAnsweredRecordSchema.safeParse(withoutId);
    expect(noId.success).toBe(false);
    expect(noId.error?.issues[0]?.path).toEqual(['cmiuid']);
    expect(outAnsweredRecordSchema.safeParse({ ...withoutId, _id: '' }).success).toBe(false);
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

  it('keep a total or count sent as a numeric string as sent', () => {
    expect(incomingPageSchema.parse({ total: '19', cdr: [] }).total).toBe('19');
    expect(incomingPageSchema.parse({ count: '19', cdr: [] }).count).toBe('19');
  });
});

describe('isPlainPage', () => {
  const scalar = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant({}),
  );
  const arbitraryRecord = fc.record(
    {
      _id: scalar,
      cmiuid: scalar,
      time: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.stringMatching(/^\d{1,13}$/), scalar),
      to: scalar,
      from: scalar,
      agent: scalar,
      duration: scalar,
      billedsec: scalar,
      rate: scalar,
      record: scalar,
      filename: scalar,
      name: scalar,
      notes: fc.oneof(
        scalar,
        fc.array(fc.oneof(fc.record({ msg: scalar, date: scalar, agent: scalar }), scalar)),
      ),
    },
    { requiredKeys: [] },
  );
  const arbitraryPage = fc.record(
    {
      total: scalar,
      count: scalar,
      code: scalar,
      cdr: fc.oneof(scalar, fc.array(arbitraryRecord, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  );

  it('accepts a page only when zod accepts it, and zod returns it unchanged', () => {
    fc.assert(
      fc.property(arbitraryPage, (page) => {
        const result = pageSchema.safeParse(page);
        if (isPlainPage(page)) {
          expect(result.success).toBe(true);
          expect(result.data).toEqual(page);
        }
        // Pages of plain rows are plain: the fast path is not a rare one.
        if (result.success) expect(isPlainPage(page)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts a record only when zod accepts it', () => {
    fc.assert(
      fc.property(arbitraryRecord, (record) => {
        expect(isPlainRecord(record)).toBe(cdrSchema.safeParse(record).success);
      }),
      { numRuns: 3000 },
    );
  });
});
