/**
 * No silent truncation: against an emulator whose answers hold at most `answerCap` records, a
 * window whose answer reaches `maxRecordsPerAnswer` is halved at a midnight and asked again.
 */
import { type Cursor, InvalidArgumentError, ResponseFormatError } from '@cdrkit/core';
import { type Emulator, startEmulator } from '@cdrkit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MixvoipClient, type MixvoipRecord } from '../src/index.js';

const from = '2024-01-01T00:00:00Z';
const to = '2024-09-01T00:00:00Z';
const CAP = 100;

describe('against the MIXvoip emulator with answerCap: 5,000 records over 8 months', () => {
  let emu: Emulator<'mixvoip'>;
  let expected: unknown[];
  beforeAll(async () => {
    emu = await startEmulator('mixvoip', { records: 5000, seed: 1, from, to, faults: { answerCap: CAP } });
    expected = [...emu.records()];
  });
  afterAll(() => emu.close());

  const client = () => new MixvoipClient({ ...emu.credentials, baseUrl: emu.url, maxRecordsPerAnswer: CAP });

  it.each([
    ['json', 0],
    ['json', 4],
    ['csv', 0],
    ['csv', 4],
  ] as const)(
    'returns every record exactly once, in order, in %s with prefetch %i',
    async (format, prefetch) => {
      const since = emu.requestCount;
      // 3-month windows hold about 1,900 records: each is halved five or six times over
      const items = await client()
        .getCalls({ profileId: emu.profileId, from, to, format, prefetch })
        .toArray();
      expect(items).toHaveLength(5000);
      expect(items).toEqual(expected);
      expect(new Set(items.map((item) => item.id)).size).toBe(5000);
      expect(emu.requestCount - since).toBeGreaterThan(100);
    },
  );

  it('gives the same ids as a server that sends whole answers', async () => {
    const whole = await startEmulator('mixvoip', { records: 5000, seed: 1, from, to });
    try {
      const ids = async (reader: MixvoipClient, profileId: string) =>
        (await reader.getCalls({ profileId, from, to }).toArray()).map((item) => item.id);
      const split = await ids(client(), emu.profileId);
      const unsplit = await ids(
        new MixvoipClient({ ...whole.credentials, baseUrl: whole.url }),
        whole.profileId,
      );
      expect(split).toEqual(unsplit);
      // identical records keep their #n suffix: they always share one sub-window
      expect(split.some((id) => id.includes('#'))).toBe(true);
    } finally {
      await whole.close();
    }
  });

  it('asks for whole days, never more than 3 months, halving at midnights', async () => {
    const since = emu.requestCount;
    await client()
      .getCalls({ profileId: emu.profileId, from, to: '2024-04-01T00:00:00Z', prefetch: 0 })
      .toArray();
    const paths = emu.requests.slice(-(emu.requestCount - since)).map((request) => request.path);
    expect(paths[0]).toBe(`/cdrs/getcalls/${emu.profileId}/2024-01-01/2024-03-31`);
    expect(paths[1]).toBe(`/cdrs/getcalls/${emu.profileId}/2024-01-01/2024-02-14`);
    for (const path of paths) expect(path).toMatch(/\/\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/);
  });

  it('loses records without the option when the server caps below it, which is why it exists', async () => {
    const trusting = new MixvoipClient({ ...emu.credentials, baseUrl: emu.url });
    const items = await trusting.getCalls({ profileId: emu.profileId, from, to }).toArray();
    expect(items.length).toBeLessThan(5000);
  });

  it('resumes exactly from a cursor taken in the middle of a split window', async () => {
    const first: MixvoipRecord[] = [];
    let cursor: Cursor | null = null;
    for await (const page of client().getCalls({ profileId: emu.profileId, from, to, prefetch: 0 }).pages()) {
      first.push(...page.items);
      if (page.next !== null && Array.isArray(page.next.pending) && first.length > 300) {
        cursor = page.next;
        break;
      }
    }
    expect(cursor).not.toBeNull();
    const stored = JSON.parse(JSON.stringify(cursor)) as Cursor;
    expect(stored).toMatchObject({ p: 'mixvoip', op: 'getCalls', cut: true, to: expect.any(Number) });
    const rest = await client()
      .getCalls({ profileId: emu.profileId, from, cursor: stored, prefetch: 2 })
      .toArray();
    expect([...first, ...rest]).toEqual(expected);
    expect(new Set([...first, ...rest].map((item) => item.id)).size).toBe(5000);
  });

  it('refuses a CSV download whose file reaches the cap, rather than yield a cut file', async () => {
    const parts: string[] = [];
    const error = await (async () => {
      for await (const part of client().downloadCsv({ profileId: emu.profileId, from, to })) parts.push(part);
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as Error).message).toMatch(/records may be missing/);
    expect(parts).toEqual([]);
  });
});

describe('against the MIXvoip emulator without a cap: windows of 3× maxRecordsPerAnswer', () => {
  const range = { from: '2024-01-01T00:00:00Z', to: '2024-07-01T00:00:00Z' };
  let emu: Emulator<'mixvoip'>;
  let expected: unknown[];
  beforeAll(async () => {
    emu = await startEmulator('mixvoip', { records: 3000, seed: 3, ...range });
    expected = [...emu.records()];
  });
  afterAll(() => emu.close());

  const client = () => new MixvoipClient({ ...emu.credentials, baseUrl: emu.url, maxRecordsPerAnswer: 500 });
  const days = (path: string) => {
    const [start, end] = path.split('/').slice(-2) as [string, string];
    return (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
  };

  it('cuts the first window once, by its count, and asks for the next one in parts straight away', async () => {
    const since = emu.requestCount;
    const items = await client()
      .getCalls({ profileId: emu.profileId, ...range, prefetch: 0 })
      .toArray();
    expect(items).toEqual(expected);
    const paths = emu.requests.slice(-(emu.requestCount - since)).map((request) => request.path);
    // January–March whole (about 1,500 records, 3× the cap), then 6 parts of about 250
    expect(paths[0]).toBe(`/cdrs/getcalls/${emu.profileId}/2024-01-01/2024-03-31`);
    expect(paths.slice(1, 7).every((path) => days(path) >= 15 && days(path) <= 16)).toBe(true);
    // April–June is never asked for whole: its parts are as wide as March's last
    expect(paths.slice(7).length).toBeGreaterThanOrEqual(6);
    expect(paths.slice(1).every((path) => days(path) <= 16)).toBe(true);
    expect(paths.at(-1)).toMatch(/\/2024-06-30$/);
  });

  it.each([0, 1, 4])('returns every record exactly once, in order, with prefetch %i', async (prefetch) => {
    for (const format of ['json', 'csv'] as const) {
      const items = await client()
        .getCalls({ profileId: emu.profileId, ...range, format, prefetch })
        .toArray();
      expect(items).toEqual(expected);
    }
  });

  it('resumes from a cursor taken among the parts of a window split in advance', async () => {
    const pages = client()
      .getCalls({ profileId: emu.profileId, ...range, prefetch: 0 })
      .pages();
    const first: MixvoipRecord[] = [];
    let cursor: Cursor | null = null;
    for await (const page of pages) {
      first.push(...page.items);
      if (page.next !== null && Number(page.next.from) >= Date.parse('2024-04-01T00:00:00Z')) {
        cursor = JSON.parse(JSON.stringify(page.next)) as Cursor;
        break;
      }
    }
    expect(cursor).toMatchObject({
      from: Date.parse('2024-04-01T00:00:00Z'),
      cut: true,
      pending: expect.any(Array),
    });
    const since = emu.requestCount;
    const rest = await client()
      .getCalls({ profileId: emu.profileId, from: range.from, cursor: cursor as Cursor })
      .toArray();
    expect([...first, ...rest]).toEqual(expected);
    const paths = emu.requests.slice(-(emu.requestCount - since)).map((request) => request.path);
    expect(paths.every((path) => days(path) <= 16)).toBe(true);
  });
});

describe('against the MIXvoip emulator: one day that holds more records than the cap', () => {
  let emu: Emulator<'mixvoip'>;
  beforeAll(async () => {
    emu = await startEmulator('mixvoip', {
      records: 300,
      seed: 2,
      from: '2024-03-05T00:00:00Z',
      to: '2024-03-05T06:00:00Z',
      faults: { answerCap: 50 },
    });
  });
  afterAll(() => emu.close());

  it('throws a ResponseFormatError saying records may be missing and what to do', async () => {
    const client = new MixvoipClient({ ...emu.credentials, baseUrl: emu.url, maxRecordsPerAnswer: 50 });
    const error = await client
      .getCalls({ profileId: emu.profileId, from: '2024-03-01', to: '2024-03-10' })
      .toArray()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ResponseFormatError);
    const message = (error as Error).message;
    expect(message).toMatch(/records may be missing/);
    expect(message).toMatch(/one day/);
    expect(message).toMatch(/raise maxRecordsPerAnswer/);
    expect(message).toContain('2024-03-05T00:00:00.000Z');
  });
});

describe('maxRecordsPerAnswer', () => {
  it.each([0, -5, 2.5, Number.NaN, '100'])('refuses %s at construction', (value) => {
    const build = () =>
      new MixvoipClient({
        userName: 'u',
        password: 'pw-secret-1',
        baseUrl: 'http://x',
        maxRecordsPerAnswer: value as number,
      });
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(/maxRecordsPerAnswer/);
    expect(build).not.toThrow(/pw-secret-1/);
  });
});
