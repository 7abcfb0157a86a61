import { createHash } from 'node:crypto';
import { ApiError, AuthenticationError, InvalidArgumentError, parseProviderDate } from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { exposedText } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoxisCdr, BoxisClient } from '../src/index.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const FROM = '2024-03-01T00:00:00+01:00';
const TO = '2024-03-31T00:00:00+01:00';

type BoxisEmulator = Awaited<ReturnType<typeof startEmulator<'boxis'>>>;

function sortedIds(records: Iterable<{ uniqueid?: string | number | null }>): string[] {
  return [...records].map((record) => String(record.uniqueid)).sort();
}

/** The forms of the requests the emulator received since its request count was `before`. */
function formsSince(emu: BoxisEmulator, before: number): URLSearchParams[] {
  const count = emu.requestCount - before;
  if (count === 0) return [];
  return emu.requests.slice(-count).map((request: { body: string }) => new URLSearchParams(request.body));
}

describe('against the Boxis emulator: 5,000 calls over 30 days', () => {
  let emu: BoxisEmulator;
  let expected: string[];
  beforeAll(async () => {
    emu = await startEmulator('boxis', { records: 5000, seed: 5, from: FROM, to: TO });
    expected = sortedIds(emu.records());
  });
  afterAll(() => emu.close());

  it.each(['json', 'xml'] as const)('returns every call exactly once in %s', async (format) => {
    const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
    const since = emu.requestCount;
    const items = await client.getCDR({ from: FROM, to: TO, format, prefetch: 4 }).toArray();
    expect(expected).toHaveLength(5000);
    expect(items).toHaveLength(5000);
    expect(sortedIds(items)).toEqual(expected);
    const sent = formsSince(emu, since);
    expect(sent).toHaveLength(30);
    expect(sent.every((form: URLSearchParams) => form.get('returntype') === format)).toBe(true);
  });

  it('delivers the calls of each day in that day’s window, in start order within it', async () => {
    const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
    let previousEnd = Date.parse(FROM);
    for await (const page of client.getCDR({ from: FROM, to: TO }).pages()) {
      const starts = page.items.map((item) => parseProviderDate(item.start, 'Europe/Zurich'));
      expect(starts.every((start) => start >= previousEnd)).toBe(true);
      previousEnd = page.next === null ? Date.parse(TO) : Number(page.next.from);
      expect(starts.every((start) => start < previousEnd)).toBe(true);
    }
  });

  it('signs every request with md5(timestamp + userKey), as the emulator checks it', async () => {
    const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
    const since = emu.requestCount;
    await client.getCDR({ from: FROM, to: '2024-03-04T00:00:00+01:00' }).toArray();
    const sent = formsSince(emu, since);
    expect(sent).toHaveLength(3);
    for (const form of sent) {
      expect(form.get('authcode')).toBe(md5(`${form.get('timestamp')}${emu.credentials.userKey}`));
      expect(form.get('username')).toBe(emu.credentials.userName);
      expect(form.get('section')).toBe('voice');
      expect(form.get('action')).toBe('getCDR');
    }
  });

  it('normalizes every call to a valid CallRecord', async () => {
    const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
    let count = 0;
    for await (const record of client.getCDR({ from: FROM, to: '2024-03-03T00:00:00+01:00' }).records()) {
      expect(record.provider).toBe('boxis');
      expect(
        record.startedAt >= '2024-02-29T23:00:00.000Z' && record.startedAt < '2024-03-02T23:00:00.000Z',
      ).toBe(true);
      count++;
    }
    expect(count).toBeGreaterThan(0);
  });

  it('rejects bad input with InvalidArgumentError before any request', async () => {
    const { tenant: _tenant, ...withoutTenant } = emu.credentials;
    const client = new BoxisClient({ ...withoutTenant, baseUrl: emu.url });
    const since = emu.requestCount;
    await expect(client.getCDR({ from: FROM, to: TO })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.getCDR({ from: TO, to: FROM, tenant: 'VOICE-1-1' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(client.getCDR({ from: 'soon', to: TO, tenant: 'VOICE-1-1' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(emu.requestCount).toBe(since);
  });
});

describe('against the Boxis emulator: the doc sample', () => {
  let emu: BoxisEmulator;
  beforeAll(async () => {
    emu = await startEmulator('boxis', { records: 10 });
  });
  afterAll(() => emu.close());

  it.each(['json', 'xml'] as const)('reads the doc tenant’s two sample calls in %s', async (format) => {
    const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
    const records = [];
    const paged = client.getCDR({ tenant: 'VOICE-12001-1', from: '2018-02-06', to: '2018-02-07', format });
    for await (const record of paged.records()) records.push(record);
    expect(records.map((record) => [record.id, record.status, record.startedAt, record.answeredAt])).toEqual([
      [
        'sip022.voice.boxis.net-1517944376.108168',
        'answered',
        '2018-02-06T19:12:56.000Z',
        '2018-02-06T19:12:56.000Z',
      ],
      ['sip046.voice.boxis.net-1517944459.182738', 'no-answer', '2018-02-06T19:14:20.000Z', null],
    ]);
    expect((records[1]!.raw as BoxisCdr).prevsequence).toBeNull();
  });
});

describe('against the Boxis emulator: errors', () => {
  let emu: BoxisEmulator;
  beforeAll(async () => {
    emu = await startEmulator('boxis', { records: 50, seed: 2, from: FROM, to: TO });
  });
  afterAll(() => emu.close());

  it('turns a wrong user key into an AuthenticationError', async () => {
    const client = new BoxisClient({ ...emu.credentials, userKey: 'not-the-key-123', baseUrl: emu.url });
    const error = await client.getCDR({ from: FROM, to: TO }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).providerCode).toBe('0');
  });

  it('turns result 0 into an ApiError carrying resulttxt', async () => {
    const client = new BoxisClient({ ...emu.credentials, tenant: 'VOICE-00000-0', baseUrl: emu.url });
    const error = await client.getCDR({ from: FROM, to: TO }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).providerCode).toBe('0');
    expect((error as ApiError).providerMessage).toBeTruthy();
    expect((error as ApiError).message).toContain((error as ApiError).providerMessage);
  });

  it('never exposes the userKey or an authcode in errors or hook payloads', async () => {
    const payloads: unknown[] = [];
    const hooks = {
      beforeRequest: (info: unknown) => void payloads.push(info),
      afterResponse: (info: unknown) => void payloads.push(info),
      beforeRetry: (info: { error: unknown }) =>
        void payloads.push({ ...info, error: exposedText(info.error) }),
    };
    const wrongKey = 'wrong-user-key-4711';
    const since = emu.requestCount;
    const errors: unknown[] = [];
    for (const options of [
      { ...emu.credentials, userKey: wrongKey },
      { ...emu.credentials, tenant: 'VOICE-00000-0' },
    ]) {
      const client = new BoxisClient({
        ...options,
        baseUrl: emu.url,
        hooks,
        retry: { limit: 1, baseDelayMs: 1 },
      });
      errors.push(
        await client.getCDR({ from: FROM, to: TO }).then(
          () => undefined,
          (caught: unknown) => caught,
        ),
      );
    }
    emu.setFaults({ serverErrorRate: 1 });
    try {
      const client = new BoxisClient({
        ...emu.credentials,
        baseUrl: emu.url,
        hooks,
        retry: { limit: 1, baseDelayMs: 1 },
      });
      errors.push(
        await client.getCDR({ from: FROM, to: TO }).then(
          () => undefined,
          (caught: unknown) => caught,
        ),
      );
    } finally {
      emu.setFaults(undefined);
    }
    expect(errors.every((error) => error instanceof Error)).toBe(true);
    const authcodes = formsSince(emu, since).map((form) => form.get('authcode')!);
    expect(authcodes.length).toBeGreaterThanOrEqual(3);
    const exposed = [...errors.map((error) => exposedText(error)), JSON.stringify(payloads)].join('\n');
    for (const secret of [wrongKey, emu.credentials.userKey, ...authcodes])
      expect(exposed).not.toContain(secret);
  });
});

describe('against the Boxis emulator: a clock 10 minutes off', () => {
  let emu: BoxisEmulator;
  beforeAll(async () => {
    emu = await startEmulator('boxis', {
      records: 300,
      seed: 3,
      from: FROM,
      to: '2024-03-03T00:00:00+01:00',
      faults: { clockSkewSec: 600 },
    });
  });
  afterAll(() => emu.close());

  it('succeeds after one synchronization, and the next call needs none', async () => {
    const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
    const before = emu.requestCount;
    const first = await client.getCDR({ from: FROM, to: '2024-03-02T00:00:00+01:00' });
    expect(emu.requestCount - before).toBe(2);
    expect(emu.faultCounts.clockSkew).toBe(1);
    expect(client.clockOffsetSec).toBeGreaterThanOrEqual(598);
    expect(client.clockOffsetSec).toBeLessThanOrEqual(602);
    const [rejected, synchronized] = formsSince(emu, before);
    expect(
      Number(synchronized!.get('timestamp')) - Number(rejected!.get('timestamp')),
    ).toBeGreaterThanOrEqual(598);
    expect(synchronized!.get('authcode')).toBe(
      md5(`${synchronized!.get('timestamp')}${emu.credentials.userKey}`),
    );

    const second = await client.getCDR({
      from: '2024-03-02T00:00:00+01:00',
      to: '2024-03-03T00:00:00+01:00',
    });
    expect(emu.requestCount - before).toBe(3);
    expect(emu.faultCounts.clockSkew).toBe(1);
    const all: BoxisCdr[] = [...first.items, ...second.items];
    expect(sortedIds(all)).toEqual(sortedIds(emu.records()));
  });
});

describe('against the Boxis emulator: daylight saving time', () => {
  let emu: BoxisEmulator;
  beforeAll(async () => {
    emu = await startEmulator('boxis', {
      records: 2000,
      seed: 4,
      from: '2024-03-30T00:00:00+01:00',
      to: '2024-04-02T00:00:00+02:00',
    });
  });
  afterAll(() => emu.close());

  it('returns every call once with a day window across the last Sunday of March in Zurich', async () => {
    const client = new BoxisClient({ ...emu.credentials, baseUrl: emu.url });
    const since = emu.requestCount;
    const pages = [];
    for await (const page of client.getCDR({ from: '2024-03-30', to: '2024-04-02' }).pages())
      pages.push(page);
    expect(sortedIds(pages.flatMap((page) => page.items))).toEqual(sortedIds(emu.records()));
    const sent = formsSince(emu, since);
    expect(sent.map((form) => [form.get('datefrom'), form.get('dateto')])).toEqual([
      ['2024-03-30 00:00:00', '2024-03-31 00:00:00'],
      ['2024-03-31 00:00:00', '2024-04-01 00:00:00'],
      ['2024-04-01 00:00:00', '2024-04-02 00:00:00'],
    ]);
    // The Sunday has 23 hours: its window runs from 23:00Z to 22:00Z.
    expect(pages[0]?.next).toMatchObject({
      from: Date.parse('2024-03-30T23:00:00Z'),
      to: Date.parse('2024-03-31T22:00:00Z'),
    });
  });
});
