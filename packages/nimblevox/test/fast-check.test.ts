/**
 * parseSdrPage skips zod for pages that a written-out check accepts. That check must never
 * accept what the zod schema refuses, and must accept the pages Nimblevox really sends (else
 * it buys nothing): both held here, on the doc samples and on random records.
 */

import { readJsonFixture } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastChecks } from '../src/schemas.js';

const { isPlainSdr, isPlainPage, sdrCheck, pageCheck } = fastChecks;

/** The doc's JSON sample, as the other schema tests read it. */
const docSample: unknown = readJsonFixture('nimblevox', 'sdr-page.json');

/** Values that sit on and around every rule of the schema. */
const tricky = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  ' ',
  '0',
  '007',
  ' 42 ',
  '-1',
  '1.5',
  '.5',
  '5.',
  'abc',
  '1e3',
  '9007199254740993',
  '2024-01-05T10:11:12',
  '2024-01-05 10:11',
  '2024-1-5T10:11',
  0,
  -0,
  -1,
  1.5,
  42,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
  [1],
);
/** Every field the schema names. */
const fields = Object.keys(sdrCheck.shape);
const goodRecord = {
  id: 3,
  href: 'https://api.nimblevox.com/sdr/3',
  seqnum: 'a1',
  subscriber: '0012',
  billStart: '2024-01-05T10:11:12',
  billEnd: '2024-01-05T10:12:12',
  callingParty: '123',
  calledParty: 456,
  callType: 'Application_Outdial',
  serviceType: 'Outbound Call',
  billUnits: 60,
  moneyCharge: 0.03,
  bonusCharge: '0.00',
  endingBalance: '-392.15',
  endingBonusBalance: 0,
  correlationId: 'abc@host',
  serviceTime: '60',
  clientTime: 61,
  customCallDataList: null,
};
/** A good record with some fields replaced by tricky values or removed. */
const mutatedRecord = fc
  .array(fc.tuple(fc.constantFrom(...fields), tricky, fc.boolean()), { maxLength: 4 })
  .map((changes) => {
    const record: Record<string, unknown> = { ...goodRecord };
    for (const [field, value, remove] of changes) {
      if (remove) delete record[field];
      else record[field] = value;
    }
    return record;
  });

describe('the written-out SDR check', () => {
  it('accepts the doc sample and typical records, so that zod is skipped for them', () => {
    expect(isPlainPage(docSample)).toBe(true);
    expect(isPlainSdr(goodRecord)).toBe(true);
  });

  it('never accepts a record that zod refuses, and agrees with zod on random records', () => {
    fc.assert(
      fc.property(mutatedRecord, (record) => {
        expect(isPlainSdr(record)).toBe(sdrCheck.safeParse(record).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('never accepts a page that zod refuses', () => {
    const page = fc.record({
      previous: tricky,
      next: fc.oneof(tricky, fc.constant('https://api.nimblevox.com/sdr?offset=20')),
      count: tricky,
      total: tricky,
      sdrs: fc.oneof(tricky, fc.array(mutatedRecord, { maxLength: 3 })),
    });
    fc.assert(
      fc.property(page, (data) => {
        if (isPlainPage(data)) expect(pageCheck.safeParse(data).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
