/**
 * getCalls skips zod for answers that a written-out check accepts. That check must agree with
 * the answer schema: never accept what zod refuses, and accept what MIXvoip really sends.
 */

import { readFixture } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getAnswerSchema, isPlainAnswer } from '../src/schemas.js';
import { parseLenientJson } from '../src/wire.js';

const context = { provider: 'mixvoip', operation: 'getCalls' } as const;
const docSample = parseLenientJson(readFixture('mixvoip', 'getcalls-sample.json'), context);

const tricky = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  'N/A',
  '7.00',
  0,
  2,
  -1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
  '2021-06-29\n08:13:50',
);
const dataFields = [
  'source',
  'destination',
  'destination_name',
  'call_start',
  'call_end',
  'duration',
  'pbxextension',
  'quantity',
  'price',
  'invoice',
  'extra',
];
type Wire = { type: string; data: Record<string, unknown> };
/** The doc sample's CALLOUT record: what MIXvoip really sends. */
const good = (docSample as Wire[])[1] as Wire;
const mutated = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...dataFields), tricky, fc.boolean()), { maxLength: 4 }),
    fc.option(fc.oneof(tricky, fc.constant('SMS')), { nil: 'keep' as const }),
    fc.option(tricky, { nil: 'keep' as const }),
  )
  .map(([changes, type, data]) => {
    const record: Record<string, unknown> = { ...good, data: { ...good.data } };
    const fields = record.data as Record<string, unknown>;
    for (const [field, value, remove] of changes) {
      if (remove) delete fields[field];
      else fields[field] = value;
    }
    if (type !== 'keep') record.type = type;
    if (data !== 'keep') record.data = data;
    return record;
  });

describe('the written-out getCalls check', () => {
  it('accepts the doc sample, so that zod is skipped for real answers', () => {
    expect(isPlainAnswer(docSample)).toBe(true);
    expect(isPlainAnswer([])).toBe(true);
  });

  it('agrees with the answer schema on random records and answers', () => {
    fc.assert(
      fc.property(fc.array(mutated, { maxLength: 3 }), (answer) => {
        expect(isPlainAnswer(answer)).toBe(getAnswerSchema().safeParse(answer).success);
      }),
      { numRuns: 3000 },
    );
    expect(isPlainAnswer({ 0: good })).toBe(false);
    expect(getAnswerSchema().safeParse({ 0: good }).success).toBe(false);
  });
});
