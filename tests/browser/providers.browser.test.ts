/**
 * Each provider's client, running in Chromium, iterates every record of the emulator's range
 * over real cross-origin requests (the page's origin is Vitest's, the emulators listen on
 * other ports), in each wire format, and normalizes every one with records().
 */
import { BoxisClient } from '@cdrkit/boxis';
import { type CallRecord, callRecordSchema } from '@cdrkit/core';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';
import { describe, expect, inject, it } from 'vitest';
import { RANGE } from './shared.js';

const emulators = inject('emulators');
const { from, to } = RANGE;

/** Every id an iteration yields, sorted, checking that each came once. */
async function idsOf<T>(items: AsyncIterable<T>, id: (item: T) => unknown): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of items) ids.push(String(id(item)));
  return ids.sort();
}

/** Every normalized record, each checked against the CallRecord schema. */
async function normalized(records: AsyncIterable<CallRecord>, provider: CallRecord['provider']) {
  const all: CallRecord[] = [];
  for await (const record of records) {
    expect(callRecordSchema.safeParse(record).success).toBe(true);
    expect(record.provider).toBe(provider);
    all.push(record);
  }
  return all;
}

describe('in Chromium, against the emulators over CORS', () => {
  it('runs in a real browser, not in Node', () => {
    expect(navigator.userAgent).toMatch(/Chrome\//);
    expect(typeof document).toBe('object');
    expect(typeof (globalThis as { process?: unknown }).process).toBe('undefined');
  });

  describe('TeleCMI', () => {
    const { url, credentials, ids } = emulators.telecmi;
    const client = () => new TeleCmiClient({ ...credentials, baseUrl: url });

    it('iterates every outgoing answered call of the range, and normalizes each', async () => {
      expect(await idsOf(client().outAnswered({ from, to }), (r) => r._id)).toEqual(ids.outAnswered);
      const records = await normalized(client().outAnswered({ from, to }).records(), 'telecmi');
      expect(records.map((r) => r.id).sort()).toEqual(ids.outAnswered);
    });

    it('iterates every incoming answered call, in pages of 100', async () => {
      expect(await idsOf(client().answered({ from, to, pageSize: 100 }), (r) => r._id)).toEqual(ids.answered);
    });
  });

  describe('Boxis', () => {
    const { url, credentials, ids } = emulators.boxis;
    const client = () => new BoxisClient({ ...credentials, baseUrl: url });

    it.each(['json', 'xml'] as const)(
      'iterates every call of the range in %s, one window a day',
      async (format) => {
        expect(await idsOf(client().getCDR({ from, to, format, prefetch: 4 }), (r) => r.uniqueid)).toEqual(
          ids,
        );
      },
    );

    it('normalizes every call', async () => {
      const records = await normalized(client().getCDR({ from, to, prefetch: 4 }).records(), 'boxis');
      expect(records).toHaveLength(ids.length);
    });
  });

  describe('MIXvoip', () => {
    const { url, credentials, profileId, records: expected } = emulators.mixvoip;
    const client = () => new MixvoipClient({ ...credentials, baseUrl: url });

    it.each(['json', 'csv'] as const)('returns every call of the range in %s', async (format) => {
      const items = await client().getCalls({ profileId, from, to, format }).toArray();
      expect(items).toHaveLength(expected.length);
      expect(items).toEqual(expected);
    });

    it('normalizes every call, each with its own id', async () => {
      const records = await normalized(client().getCalls({ profileId, from, to }).records(), 'mixvoip');
      expect(new Set(records.map((r) => r.id)).size).toBe(expected.length);
    });
  });

  describe('iPing', () => {
    const { url, credentials, ids } = emulators.iping;
    const client = () => new IpingClient({ ...credentials, baseUrl: url });

    it.each(['xml', 'query'] as const)(
      'iterates every item of the range (%s transport)',
      async (transport) => {
        expect(
          await idsOf(client().getOutboundItems({ from, to, transport, prefetch: 2 }), (r) => r.item_id),
        ).toEqual(ids);
      },
    );

    it('normalizes every item', async () => {
      const records = await normalized(client().getOutboundItems({ from, to }).records(), 'iping');
      expect(records.map((r) => r.id).sort()).toEqual(ids);
    });
  });

  describe('Nimblevox', () => {
    const { url, credentials, ids } = emulators.nimblevox;
    const client = () => new NimblevoxClient({ ...credentials, baseUrl: url });

    it.each(['json', 'xml'] as const)('iterates every SDR of the range in %s', async (format) => {
      expect(await idsOf(client().listSdrs({ from, to, format, pageSize: 250 }), (r) => r.id)).toEqual(ids);
    });

    it('normalizes every SDR', async () => {
      const records = await normalized(client().listSdrs({ from, to }).records(), 'nimblevox');
      expect(records.map((r) => r.id).sort()).toEqual(ids);
    });
  });
});
