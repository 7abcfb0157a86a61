/**
 * No silent truncation: against an emulator whose answers hold at most `answerCap` calls, a
 * window whose answer reaches `maxRecordsPerAnswer` is halved and asked for again.
 */
import { type Cursor, InvalidArgumentError, ResponseFormatError } from '@cdrkit/core';
import { type Emulator, startEmulator } from '@cdrkit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoxisCdr, BoxisClient } from '../src/index.js';

const FROM = '2024-01-01T00:00:00+01:00';
const TO = '2024-04-01T00:00:00+02:00';
const CAP = 100;

describe('against the Boxis emulator with answerCap: 5,000 calls over three months', () => {
  let emu: Emulator<'boxis'>;
  let expected: BoxisCdr[];
  beforeAll(async () => {
    emu = await startEmulator('boxis', {
      records: 5000,
      seed: 11,
      from: FROM,
      to: TO,
      faults: { answerCap: CAP },
    });
    expected = [...emu.records()] as BoxisCdr[];
  });
  afterAll(() => emu.close());

  const client = () => new BoxisClient({ ...emu.credentials, baseUrl: emu.url, maxRecordsPerAnswer: CAP });

  it.each([
    ['json', 0],
    ['json', 4],
    ['xml', 0],
    ['xml', 4],
  ] as const)(
    'returns every call exactly once, in order, in %s with prefetch %i',
    async (format, prefetch) => {
      const since = emu.requestCount;
      // 31-day windows hold about 1,700 calls: each is halved five or six times over.
      const items = await client()
        .getCDR({ from: FROM, to: TO, format, prefetch, windowSpan: { days: 31 } })
        .toArray();
      expect(items).toHaveLength(5000);
      // XML cannot carry clid's trailing space: the ids and their order say it all
      expect(items.map((item) => item.uniqueid)).toEqual(expected.map((call) => call.uniqueid));
      if (format === 'json') expect(items).toEqual(expected);
      expect(emu.requestCount - since).toBeGreaterThan(100);
    },
  );

  it('splits the default day windows too when a day reaches the cap', async () => {
    const capped = await startEmulator('boxis', {
      records: 5000,
      seed: 11,
      from: FROM,
      to: TO,
      faults: { answerCap: 20 },
    });
    try {
      const items = await new BoxisClient({
        ...capped.credentials,
        baseUrl: capped.url,
        maxRecordsPerAnswer: 20,
      })
        .getCDR({ from: '2024-02-01T00:00:00+01:00', to: '2024-02-08T00:00:00+01:00', prefetch: 2 })
        .toArray();
      const week = expected.filter((call) => call.start >= '2024-02-01' && call.start < '2024-02-08');
      expect(week.length).toBeGreaterThan(7 * 20);
      expect(items).toEqual(week);
    } finally {
      await capped.close();
    }
  });

  it('loses calls without the option when the server caps below it, which is why it exists', async () => {
    const trusting = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
    const items = await trusting.getCDR({ from: FROM, to: TO, windowSpan: { days: 31 } }).toArray();
    expect(items.length).toBeLessThan(5000);
  });

  it('resumes exactly from a cursor taken in the middle of a split window', async () => {
    const first: BoxisCdr[] = [];
    let cursor: Cursor | null = null;
    for await (const page of client()
      .getCDR({ from: FROM, to: TO, windowSpan: { days: 31 }, prefetch: 0 })
      .pages()) {
      first.push(...page.items);
      if (page.next !== null && Array.isArray(page.next.pending) && first.length > 300) {
        cursor = page.next;
        break;
      }
    }
    expect(cursor).not.toBeNull();
    const stored = JSON.parse(JSON.stringify(cursor)) as Cursor;
    expect((stored.pending as number[]).length).toBeGreaterThan(0);
    const rest = await client().getCDR({ cursor: stored, prefetch: 3 }).toArray();
    expect([...first, ...rest]).toEqual(expected);
  });
});

describe('against the Boxis emulator: one second that holds more calls than the cap', () => {
  let emu: Emulator<'boxis'>;
  beforeAll(async () => {
    // 60 calls, all in the same second
    emu = await startEmulator('boxis', {
      records: 60,
      seed: 3,
      from: '2024-03-05T10:00:00Z',
      to: '2024-03-05T10:00:01Z',
      faults: { answerCap: 25 },
    });
  });
  afterAll(() => emu.close());

  it('throws a ResponseFormatError saying calls may be missing and what to do', async () => {
    const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url, maxRecordsPerAnswer: 25 });
    const error = await client
      .getCDR({ from: '2024-03-05', to: '2024-03-06' })
      .toArray()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ResponseFormatError);
    const message = (error as Error).message;
    expect(message).toMatch(/records may be missing/);
    expect(message).toMatch(/one second/);
    expect(message).toMatch(/raise maxRecordsPerAnswer/);
    expect(message).toContain('2024-03-05T10:00:00.000Z');
  });

  it('reads the second whole once maxRecordsPerAnswer is above what the server sends', async () => {
    const uncapped = await startEmulator('boxis', {
      records: 60,
      seed: 3,
      from: '2024-03-05T10:00:00Z',
      to: '2024-03-05T10:00:01Z',
    });
    try {
      const client = new BoxisClient({
        ...uncapped.credentials,
        baseUrl: uncapped.url,
        maxRecordsPerAnswer: 61,
      });
      await expect(client.getCDR({ from: '2024-03-05', to: '2024-03-06' }).toArray()).resolves.toHaveLength(
        60,
      );
    } finally {
      await uncapped.close();
    }
  });
});

describe('maxRecordsPerAnswer', () => {
  it.each([0, -5, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '100'])(
    'refuses %s at construction',
    (value) => {
      const build = () =>
        new BoxisClient({ userName: 'a@b.ch', userKey: 'key', maxRecordsPerAnswer: value as number });
      expect(build).toThrow(InvalidArgumentError);
      expect(build).toThrow(/maxRecordsPerAnswer/);
    },
  );

  it('names no credential in the error', () => {
    let error: unknown;
    try {
      new BoxisClient({ userName: 'a@b.ch', userKey: 'secret-key-123', maxRecordsPerAnswer: 0 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(`${(error as Error).message}\n${(error as Error).stack}`).not.toContain('secret-key-123');
  });
});
