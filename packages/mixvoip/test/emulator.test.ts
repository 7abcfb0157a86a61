import { docFixtures, type Emulator, startEmulator } from '@cdrkit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MixvoipClient, type MixvoipRecord } from '../src/index.js';

const from = '2024-01-01T00:00:00Z';
const to = '2024-09-01T00:00:00Z';

describe('against the MIXvoip emulator: 5,000 records over 8 months', () => {
  let emu: Emulator<'mixvoip'>;
  let client: MixvoipClient;
  let expected: unknown[];

  beforeAll(async () => {
    emu = await startEmulator('mixvoip', { records: 5000, seed: 1, from, to });
    client = new MixvoipClient({ ...emu.credentials, baseUrl: emu.url });
    expected = [...emu.records()];
  });
  afterAll(() => emu.close());

  const callRequests = () => emu.requests.filter((request) => request.path.startsWith('/cdrs/getcalls/'));

  it.each(['json', 'csv'] as const)(
    'returns every record exactly once in %s, in three windows',
    async (format) => {
      const before = callRequests().length;
      const items = await client
        .getCalls({ profileId: emu.profileId, from, to, format, prefetch: 2 })
        .toArray();
      expect(items).toHaveLength(5000);
      expect(items).toEqual(expected);
      expect(new Set(items.map((item) => item.id)).size).toBe(5000);
      const suffix = format === 'csv' ? '/csv' : '';
      expect(
        callRequests()
          .slice(before)
          .map((request) => request.path),
      ).toEqual([
        `/cdrs/getcalls/${emu.profileId}/2024-01-01/2024-03-31${suffix}`,
        `/cdrs/getcalls/${emu.profileId}/2024-04-01/2024-06-30${suffix}`,
        `/cdrs/getcalls/${emu.profileId}/2024-07-01/2024-08-31${suffix}`,
      ]);
    },
  );

  it('gives the same ids in JSON and in CSV, and on every call', async () => {
    const ids = async (format: 'json' | 'csv') =>
      (await client.getCalls({ profileId: emu.profileId, from, to, format }).toArray()).map(
        (item) => item.id,
      );
    const json = await ids('json');
    expect(await ids('csv')).toEqual(json);
    expect(await ids('json')).toEqual(json);
  });

  it('keeps identical records apart, both with their own id', async () => {
    const items = await client.getCalls({ profileId: emu.profileId, from, to }).toArray();
    const twins: [MixvoipRecord, MixvoipRecord][] = [];
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1] as MixvoipRecord, items[i] as MixvoipRecord];
      if (JSON.stringify(a) === JSON.stringify(b)) twins.push([a, b]);
    }
    expect(twins.length).toBeGreaterThan(0);
    for (const [a, b] of twins) {
      expect(b.id).not.toBe(a.id);
      expect(b.id).toMatch(/#\d+$/);
    }
    const records = [];
    for await (const record of client.getCalls({ profileId: emu.profileId, from, to }).records())
      records.push(record);
    expect(new Set(records.map((record) => record.id)).size).toBe(5000);
  });

  it('normalizes every record', async () => {
    let count = 0;
    let outbound = 0;
    for await (const record of client
      .getCalls({ profileId: emu.profileId, from, to, prefetch: 3 })
      .records()) {
      count++;
      expect(Date.parse(record.startedAt)).toBeGreaterThanOrEqual(Date.parse(from));
      expect(Date.parse(record.startedAt)).toBeLessThan(Date.parse(to));
      expect(record.cost?.currency).toBe('EUR');
      if (record.direction === 'outbound') outbound++;
    }
    expect(count).toBe(5000);
    expect(outbound).toBeGreaterThan(0);
  });

  it('returns exactly the records of a range that starts and ends mid-day', async () => {
    const start = '2024-02-10T13:45:00Z';
    const end = '2024-06-20T08:00:00Z';
    const items = await client
      .getCalls({ profileId: emu.profileId, from: start, to: end, format: 'csv' })
      .toArray();
    const inRange = (expected as MixvoipRecord[]).filter((record) => {
      const at = Date.parse(`${record.data.call_start.replace(' ', 'T')}Z`);
      return at >= Date.parse(start) && at < Date.parse(end);
    });
    expect(items.length).toBeGreaterThan(0);
    expect(items).toEqual(inRange);
  });

  it('downloads the raw CSV files of the range', async () => {
    let csv = '';
    for await (const part of client.downloadCsv({ profileId: emu.profileId, from, to })) csv += part;
    expect(csv.trimEnd().split('\n')).toHaveLength(5000);
  });

  it('turns wrong credentials and an unlinked profile into AuthenticationErrors', async () => {
    const wrong = new MixvoipClient({ ...emu.credentials, password: 'not-the-password', baseUrl: emu.url });
    await expect(wrong.getCalls({ profileId: emu.profileId, from, to })).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 401,
    });
    await expect(client.getCalls({ profileId: '999999', from, to })).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 403,
    });
  });

  it('leaves no trace of the password in hooks', async () => {
    const seen: string[] = [];
    const watched = new MixvoipClient({
      ...emu.credentials,
      baseUrl: emu.url,
      hooks: { beforeRequest: (info) => void seen.push(JSON.stringify(info)) },
    });
    await watched.getCalls({ profileId: emu.profileId, from, to });
    expect(emu.requests.at(-1)?.query.password).toBe(emu.credentials.password);
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain(emu.credentials.password);
    expect(seen[0]).not.toContain(encodeURIComponent(emu.credentials.password));
  });
});

describe('against the MIXvoip emulator with faults', () => {
  let emu: Emulator<'mixvoip'>;
  afterAll(() => emu?.close());

  beforeAll(async () => {
    emu = await startEmulator('mixvoip', {
      records: 2000,
      seed: 3,
      from,
      to,
      faults: { serverErrorRate: 0.3, truncateRate: 0.2, malformedRate: 0.2, dropRate: 0.1 },
    });
  });

  it('still returns every record exactly once in JSON', async () => {
    const client = new MixvoipClient({
      ...emu.credentials,
      baseUrl: emu.url,
      retry: { limit: 10, baseDelayMs: 1 },
    });
    const items = await client.getCalls({ profileId: emu.profileId, from, to }).toArray();
    expect(items).toEqual([...emu.records()]);
    const { serverError, truncate, malformed, drop } = emu.faultCounts;
    expect(serverError + truncate + malformed + drop).toBeGreaterThan(0);
  });
});

describe("against the MIXvoip emulator: the doc's samples", () => {
  let emu: Emulator<'mixvoip'>;
  beforeAll(async () => {
    emu = await startEmulator('mixvoip');
  });
  afterAll(() => emu.close());

  it.each(['json', 'csv'] as const)(
    'reads the %s sample into two calls, the CALLOUT costing 0.14 EUR',
    async (format) => {
      const client = new MixvoipClient({ ...emu.credentials, baseUrl: emu.url });
      const { profileId } = docFixtures.mixvoip;
      const page = await client.getCalls({ profileId, from: '2021-06-29', to: '2021-06-30', format });
      expect(page.items.map((item) => item.type).sort()).toEqual(['CALLIN', 'CALLOUT']);
      // the doc's own request: the day and the next, since START_DATE must be smaller than END_DATE
      const { jsonPath, csvPath } = docFixtures.mixvoip;
      expect(emu.requests.at(-1)?.path).toBe(format === 'json' ? jsonPath : csvPath);
      const records = [];
      for await (const record of client
        .getCalls({ profileId, from: '2021-06-29', to: '2021-06-30', format })
        .records()) {
        records.push(record);
      }
      const callOut = records.find((record) => record.direction === 'outbound');
      expect(callOut?.cost).toEqual({ amount: '0.14', currency: 'EUR' });
      expect(callOut?.startedAt).toBe(
        format === 'json' ? '2021-06-29T08:24:31.000Z' : '2021-06-29T08:30:15.000Z',
      );
    },
  );
});
