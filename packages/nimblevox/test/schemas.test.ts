import { ResponseFormatError, toDecimalString } from '@cdrkit/core';
import type { ParseContext } from '@cdrkit/core/provider';
import { canonicalDecimal, parseSdr, parseSdrPage, type Sdr, toCallRecord } from '@cdrkit/nimblevox';
import { readFixture } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSdrXmlReader } from '../src/xml.js';

const fixture = (name: string): string => readFixture('nimblevox', name);
const context = (body: string): ParseContext => ({ provider: 'nimblevox', operation: 'listSdrs', body });
const readJsonPage = (body: string) => parseSdrPage(JSON.parse(body), context(body));
const readXmlPage = (body: string) => parseSdrPage(createSdrXmlReader().page(body), context(body));

/** The doc's sample SDR, as cdrkit types it. */
const sampleSdr: Sdr = {
  id: 3,
  href: 'https://api.nimblevox.com/sdr/3',
  seqnum: '5858580000741902F1F3B844243079',
  subscriber: '99999002607',
  billStart: '2012-10-31T10:29:51',
  billEnd: '2012-10-31T10:29:55',
  callingParty: '123456789',
  calledParty: '987654321',
  callType: 'Application Outdial',
  serviceType: 'Outbound Call',
  billUnits: 60,
  moneyCharge: '0.03',
  bonusCharge: '0.00',
  endingBalance: '-392.15',
  endingBonusBalance: '0.00',
  correlationId: '67DFA378557286764314',
  serviceTime: 4,
  clientTime: 14,
  customCallDataList: [],
};

describe("the doc's samples", () => {
  const json = readJsonPage(fixture('sdr-page.json'));
  const xml = readXmlPage(fixture('sdr-page.xml'));

  it('reads the JSON sample into the typed record', () => {
    expect(json.sdrs).toEqual([sampleSdr]);
  });

  it('reads the XML sample into the same typed record as the JSON sample', () => {
    expect(xml.sdrs).toEqual([sampleSdr]);
    expect(xml.sdrs).toStrictEqual(json.sdrs);
    // Same fields in the same order, so serialized records are byte-identical too.
    expect(JSON.stringify(xml.sdrs)).toBe(JSON.stringify(json.sdrs));
  });

  it('reads the paging fields of both samples alike', () => {
    const next =
      'https://api.nimblevox.com/sdr?offset=100&max=100&startDate=2012-10-31T00:00:00&endDate=2012-10-31T23:59:59';
    expect({ ...json, sdrs: [] }).toEqual({ previous: null, next, count: 100, total: 1000, sdrs: [] });
    expect({ ...xml, sdrs: [] }).toEqual({ previous: null, next, count: 100, total: 1000, sdrs: [] });
  });

  it('keeps what each format sent, untouched, as the raw record', () => {
    const [fromJson] = json.sdrs;
    const [fromXml] = xml.sdrs;
    const rawJson = toCallRecord(fromJson!).raw as Record<string, unknown>;
    const rawXml = toCallRecord(fromXml!).raw as Record<string, unknown>;
    expect(rawJson).toEqual(JSON.parse(fixture('sdr-page.json')).sdrs[0]);
    expect(rawJson.callType).toBe('Application_Outdial');
    expect(rawJson.bonusCharge).toBe(0);
    expect(rawXml).toMatchObject({ id: '3', callType: 'Application Outdial', bonusCharge: '0.00' });
  });
});

describe('reading SDRs', () => {
  const page = (sdr: Record<string, unknown>) => ({ count: 1, total: 1, sdrs: [{ ...base, ...sdr }] });
  const base = { id: 7, billStart: '2024-03-01T10:00:00' };

  it('keeps numbers with leading zeros as strings, and numbers sent as numbers as their text', () => {
    const [sdr] = parseSdrPage(
      page({ callingParty: '0041616925879', calledParty: 987654321, subscriber: '099' }),
      context(''),
    ).sdrs;
    expect(sdr).toMatchObject({ callingParty: '0041616925879', calledParty: '987654321', subscriber: '099' });
  });

  it('keeps money exact, negative balances included', () => {
    const [sdr] = parseSdrPage(
      page({ moneyCharge: '0.0350', bonusCharge: 12, endingBalance: -392.1, endingBonusBalance: ' -0.00 ' }),
      context(''),
    ).sdrs;
    expect(sdr).toMatchObject({
      moneyCharge: '0.035',
      bonusCharge: '12.00',
      endingBalance: '-392.10',
      endingBonusBalance: '0.00',
    });
  });

  it('reads fields that are missing, null or blank as null, in both formats', () => {
    const [fromJson] = parseSdrPage(page({ callingParty: null, moneyCharge: '' }), context('')).sdrs;
    const xml = `<result><count>1</count><total>1</total><sdrs><sdr id="7"><billStart>2024-03-01T10:00:00</billStart>
      <callingParty xsi:nil="true"/><moneyCharge/></sdr></sdrs></result>`;
    const [fromXml] = readXmlPage(xml).sdrs;
    for (const sdr of [fromJson, fromXml]) {
      expect(sdr).toMatchObject({
        callingParty: null,
        calledParty: null,
        moneyCharge: null,
        billUnits: null,
      });
      expect(sdr?.customCallDataList).toEqual([]);
    }
    expect(fromXml).toEqual(fromJson);
  });

  it('keeps fields the doc does not list', () => {
    const [sdr] = parseSdrPage(page({ recordingUrl: 'https://x/1.wav', extra: { a: 1 } }), context('')).sdrs;
    expect(sdr).toMatchObject({ recordingUrl: 'https://x/1.wav', extra: { a: 1 } });
  });

  it('keeps custom call data as a list in either format', () => {
    const entries = [
      { name: 'campaign', value: 'spring' },
      { name: 'agent', value: '12' },
    ];
    const [fromJson] = parseSdrPage(page({ customCallDataList: entries }), context('')).sdrs;
    const xml = `<result><sdrs><sdr id="7"><billStart>2024-03-01T10:00:00</billStart><customCallDataList>
      <customCallData><name>campaign</name><value>spring</value></customCallData>
      <customCallData><name>agent</name><value>12</value></customCallData>
      </customCallDataList></sdr></sdrs></result>`;
    const [fromXml] = readXmlPage(xml).sdrs;
    expect(fromJson?.customCallDataList).toEqual(entries);
    expect(fromXml?.customCallDataList).toEqual(entries);
  });

  it('reads an XML page of several records, its previous link and an empty page', () => {
    const xml = `<?xml version="1.0"?><result><link rel="previous" href="https://h/sdr?offset=0&amp;max=2"/>
      <link rel="next" href="https://h/sdr?offset=4&amp;max=2"/><count>2</count><total>9</total><sdrs>
      <sdr id="1"><billStart>2024-03-01T10:00:00</billStart></sdr>
      <sdr id="2"><billStart>2024-03-01T10:00:01</billStart></sdr></sdrs></result>`;
    const read = readXmlPage(xml);
    expect(read.sdrs.map((sdr) => sdr.id)).toEqual([1, 2]);
    expect(read.previous).toBe('https://h/sdr?offset=0&max=2');
    expect(read.next).toBe('https://h/sdr?offset=4&max=2');
    expect(readXmlPage('<result><count>0</count><total>0</total><sdrs/></result>')).toEqual({
      previous: null,
      next: null,
      count: 0,
      total: 0,
      sdrs: [],
    });
  });

  it('refuses only a record without an id or a billStart, naming the field', () => {
    const pathOf = (sdr: Record<string, unknown>) => {
      try {
        parseSdrPage({ count: 2, total: 2, sdrs: [base, sdr] }, context(''));
      } catch (caught) {
        expect(caught).toBeInstanceOf(ResponseFormatError);
        return (caught as ResponseFormatError).path;
      }
      return undefined;
    };
    expect(pathOf({ billStart: base.billStart })).toBe('sdrs[1].id');
    expect(pathOf({ id: 8 })).toBe('sdrs[1].billStart');
    expect(pathOf({ id: 8, billStart: 'yesterday' })).toBe('sdrs[1].billStart');
    expect(pathOf({ id: ' ', billStart: base.billStart })).toBe('sdrs[1].id');
    expect(pathOf({ id: 8, billStart: base.billStart, billUnits: 'sixty' })).toBeUndefined();
  });

  it('keeps what it cannot read as a number or a decimal as sent, and a non-numeric id as a string', () => {
    const [sdr] = parseSdrPage(
      page({ id: 'A-17', billUnits: 'sixty', serviceTime: '12', moneyCharge: 'n/a', clientTime: 'x' }),
      context(''),
    ).sdrs;
    expect(sdr).toMatchObject({
      id: 'A-17',
      billUnits: 'sixty',
      serviceTime: 12,
      moneyCharge: 'n/a',
      clientTime: 'x',
    });
    const record = toCallRecord(sdr!);
    expect(record).toMatchObject({ id: 'A-17', billedSec: null, durationSec: 12, cost: null });
  });

  it('reads ids that are too large for a number as the string sent', () => {
    const [sdr] = parseSdrPage(page({ id: '9007199254740993' }), context('')).sdrs;
    expect(sdr?.id).toBe('9007199254740993');
  });

  it('refuses an answer that is not a page rather than reading it as "no records"', () => {
    expect(() => parseSdrPage({ error: 'Something went wrong' }, context(''))).toThrow(ResponseFormatError);
    expect(() =>
      parseSdrPage({ count: 1, sdrs: [{ billStart: '2024-03-01T10:00:00' }] }, context('')),
    ).toThrow(ResponseFormatError);
  });

  it('reads one SDR, bare or wrapped, in either format', () => {
    const record = JSON.parse(fixture('sdr-page.json')).sdrs[0];
    const one = { provider: 'nimblevox', operation: 'getSdr' } as const;
    expect(parseSdr(record, one)).toEqual(sampleSdr);
    expect(parseSdr({ sdr: record }, one)).toEqual(sampleSdr);
    const xml = fixture('sdr-page.xml').match(/<sdr id=.*<\/sdr>/)?.[0] ?? '';
    expect(parseSdr(createSdrXmlReader().sdr(xml), one)).toEqual(sampleSdr);
  });
});

describe('canonicalDecimal', () => {
  it('reads a number exactly as it reads the number written out', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), (amount) => {
        expect(canonicalDecimal(amount)).toBe(canonicalDecimal(toDecimalString(amount) as string));
      }),
      { numRuns: 2000 },
    );
    expect([
      canonicalDecimal(5),
      canonicalDecimal(0.5),
      canonicalDecimal(-0),
      canonicalDecimal(1e-7),
    ]).toEqual(['5.00', '0.50', '0.00', '0.0000001']);
  });

  it('gives JSON numbers and their XML text the same string', () => {
    expect(canonicalDecimal(0)).toBe('0.00');
    expect(canonicalDecimal('0.00')).toBe('0.00');
    expect(canonicalDecimal(-392.15)).toBe('-392.15');
    expect(canonicalDecimal('-392.15')).toBe('-392.15');
    expect(canonicalDecimal('007.5')).toBe('7.50');
    expect(canonicalDecimal('.5')).toBe('0.50');
    expect(canonicalDecimal('abc')).toBeNull();
    expect(canonicalDecimal('')).toBeNull();
  });

  it('reads any amount of cents the same from a number as from its two-decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const text = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
        expect(canonicalDecimal(cents / 100)).toBe(canonicalDecimal(text));
      }),
    );
  });
});
