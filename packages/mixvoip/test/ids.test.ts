import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MixvoipWireRecord, recordId, toCallRecord } from '../src/index.js';
import { attachIds, fnv1a64 } from '../src/normalize.js';

/** FNV-1a 64 the plain way, with BigInt, to check the limb arithmetic against. */
function referenceFnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

const sms = (): MixvoipWireRecord => ({
  type: 'SMS',
  data: {
    source: '+352691000000',
    destination: '+352691000001',
    destination_name: 'Luxembourg',
    call_start: '2024-03-01 10:00:00',
    duration: '0',
    pbxextension: '',
    quantity: 1,
    price: '9.00',
    invoice: 'N/A',
  },
});

describe('fnv1a64', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('matches a BigInt implementation on any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => fnv1a64(text) === referenceFnv1a64(text)));
  });
});

describe('derived ids', () => {
  it('gives two identical SMS in the same second distinct ids, the second with #1', () => {
    const [first, second] = attachIds([sms(), sms()]);
    expect(first?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(second?.id).toBe(`${first?.id}#1`);
  });

  it('derives the same ids from the same answer every time', () => {
    const once = attachIds([sms(), sms(), sms()]).map((record) => record.id);
    const again = attachIds([sms(), sms(), sms()]).map((record) => record.id);
    expect(again).toEqual(once);
    expect(new Set(once).size).toBe(3);
  });

  it('numbers identical records apart even when others sit between them', () => {
    const other = { ...sms(), data: { ...sms().data, destination: '+352691000002' } };
    const ids = attachIds([sms(), other, sms()]).map((record) => record.id);
    expect(ids[2]).toBe(`${ids[0]}#1`);
    expect(ids[1]).not.toContain('#');
  });

  it('changes with each field of the content key', () => {
    const base = recordId(sms());
    const variants: MixvoipWireRecord[] = [
      { ...sms(), type: 'MSMS' },
      { ...sms(), data: { ...sms().data, source: '+352691000009' } },
      { ...sms(), data: { ...sms().data, destination: '+352691000009' } },
      { ...sms(), data: { ...sms().data, call_start: '2024-03-01 10:00:01' } },
      { ...sms(), data: { ...sms().data, duration: '1' } },
      { ...sms(), data: { ...sms().data, invoice: 'INV-1' } },
    ];
    for (const variant of variants) expect(recordId(variant)).not.toBe(base);
  });

  it('ignores the separator between date and time and number-or-string', () => {
    const spaced = recordId(sms());
    expect(recordId({ ...sms(), data: { ...sms().data, call_start: '2024-03-01\n10:00:00' } })).toBe(spaced);
    expect(recordId({ ...sms(), data: { ...sms().data, call_start: '2024-03-01,10:00:00' } })).toBe(spaced);
    expect(recordId({ ...sms(), data: { ...sms().data, duration: 0 } })).toBe(spaced);
  });

  it('keeps the id out of the record itself: JSON and spread stay the provider record', () => {
    const [record] = attachIds([sms()]);
    expect(JSON.parse(JSON.stringify(record))).toEqual(sms());
    expect(Object.keys(record ?? {})).toEqual(['type', 'data']);
    expect(toCallRecord(record as never).id).toBe(record?.id);
  });

  it('derives the id when toCallRecord gets a record without one', () => {
    expect(toCallRecord(sms()).id).toBe(recordId(sms()));
  });
});
