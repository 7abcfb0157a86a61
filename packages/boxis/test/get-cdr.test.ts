import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import {
  ApiError,
  AuthenticationError,
  type CallRecord,
  InvalidArgumentError,
  type RequestInfo,
  ResponseFormatError,
} from '@cdrkit/core';
import { answer, exposedText, readFixture, type SeenRequest, startServer } from '@cdrkit/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import { BoxisClient, type BoxisClientOptions, boxisCursorSchema } from '../src/index.js';

const fixture = (name: string) => readFixture('boxis', name);
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const USER_KEY = 'BX3KwWU2SuqvoEWnjYmOibf';
const credentials = { userName: 'your@mail.com', userKey: USER_KEY, tenant: 'VOICE-12001-1' };
const SAMPLE_DAY = { from: '2018-02-06', to: '2018-02-07' };

let servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** What the test server answers a form with: a body (JSON or XML text) and optionally a status. */
interface FormAnswer {
  status?: number;
  body: string;
  contentType?: string;
}

/** The form a request posted. */
const formOf = (request: SeenRequest) => new URLSearchParams(request.body);

/** A real HTTP server that hands each posted form to `respond`. */
async function serve(respond: (form: URLSearchParams, index: number) => FormAnswer) {
  const server = await startServer(
    answer((request, index) => {
      const reply = respond(formOf(request), index);
      const headers = { 'content-type': reply.contentType ?? 'application/json' };
      return { body: reply.body, headers, ...(reply.status === undefined ? {} : { status: reply.status }) };
    }),
  );
  servers.push(server);
  return server;
}

function client(url: string, options: Partial<BoxisClientOptions> = {}) {
  return new BoxisClient({ ...credentials, baseUrl: url, retry: { baseDelayMs: 1 }, ...options });
}

/** A Boxis answer in JSON with these calls, keyed as given. */
function answerWith(cdr: unknown): FormAnswer {
  return {
    body: JSON.stringify({ result: '1', resulttxt: 'success', params: { cdr }, timestamp: 1518091850 }),
  };
}

function call(uniqueid: string, start: string) {
  return { ...JSON.parse(fixture('getcdr-success.json')).params.cdr.call_1, uniqueid, start };
}

describe('getCDR on the doc sample', () => {
  it('parses the doc JSON sample to its two records', async () => {
    const server = await serve(() => ({ body: fixture('getcdr-success.json') }));
    const page = await client(server.url).getCDR(SAMPLE_DAY);
    expect(page.items.map((item) => item.uniqueid)).toEqual([
      'sip022.voice.boxis.net-1517944376.108168',
      'sip046.voice.boxis.net-1517944459.182738',
    ]);
    expect(page.items[1]?.prevsequence).toBeNull();
    expect(page.next).toBeNull();
    expect(server.requests).toHaveLength(1);
  });

  it('normalizes the sample: answered, then no-answer without an answer time', async () => {
    const server = await serve(() => ({ body: fixture('getcdr-success.json') }));
    const records: CallRecord[] = [];
    for await (const record of client(server.url).getCDR(SAMPLE_DAY).records()) records.push(record);
    expect(records.map((record) => [record.status, record.startedAt, record.answeredAt])).toEqual([
      ['answered', '2018-02-06T19:12:56.000Z', '2018-02-06T19:12:56.000Z'],
      ['no-answer', '2018-02-06T19:14:20.000Z', null],
    ]);
  });

  it('posts exactly the documented form, signed with md5(timestamp + userKey)', async () => {
    const server = await serve(() => ({ body: fixture('getcdr-success.json') }));
    const before = Math.floor(Date.now() / 1000);
    await client(server.url).getCDR(SAMPLE_DAY);
    const after = Math.floor(Date.now() / 1000);
    const request = server.requests[0]!;
    const form = formOf(request);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/');
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect([...form.keys()]).toEqual([
      'version',
      'returntype',
      'timestamp',
      'username',
      'authcode',
      'section',
      'action',
      'tenant',
      'datefrom',
      'dateto',
    ]);
    const timestamp = form.get('timestamp')!;
    expect(timestamp).toMatch(/^\d+$/);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(after);
    expect(Object.fromEntries(form)).toEqual({
      version: '1.0',
      returntype: 'json',
      timestamp,
      username: 'your@mail.com',
      authcode: md5(`${timestamp}${USER_KEY}`),
      section: 'voice',
      action: 'getCDR',
      tenant: 'VOICE-12001-1',
      datefrom: '2018-02-06 00:00:00',
      dateto: '2018-02-07 00:00:00',
    });
  });

  it('sends the call’s tenant and the configured version', async () => {
    const server = await serve(() => ({ body: fixture('getcdr-success.json') }));
    await client(server.url, { version: '2.0' }).getCDR({ ...SAMPLE_DAY, tenant: 'VOICE-29001-1' });
    expect(formOf(server.requests[0]!).get('tenant')).toBe('VOICE-29001-1');
    expect(formOf(server.requests[0]!).get('version')).toBe('2.0');
  });

  it('reads the XML envelope to the same records as the JSON sample', async () => {
    const json = await serve(() => ({ body: fixture('getcdr-success.json') }));
    const xml = await serve(() => ({ body: fixture('getcdr-success.xml'), contentType: 'text/xml' }));
    const fromJson = await client(json.url).getCDR(SAMPLE_DAY);
    const fromXml = await client(xml.url).getCDR({ ...SAMPLE_DAY, format: 'xml' });
    expect(formOf(xml.requests[0]!).get('returntype')).toBe('xml');
    // XML cannot carry clid's trailing space if the parser trims text; every other field is equal.
    const withoutClid = (items: typeof fromJson.items) => items.map(({ clid: _clid, ...rest }) => rest);
    expect(withoutClid(fromXml.items)).toEqual(withoutClid(fromJson.items));
    expect(fromXml.items[1]?.prevsequence).toBeNull();
  });
});

describe('getCDR errors', () => {
  it('turns the doc error sample (result 0) into an ApiError carrying resulttxt', async () => {
    const server = await serve(() => ({ body: fixture('getcdr-error.json') }));
    const error = await client(server.url)
      .getCDR(SAMPLE_DAY)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      provider: 'boxis',
      operation: 'getCDR',
      providerCode: '0',
      providerMessage: 'Error: {error description}',
    });
    expect((error as Error).message).toContain('Error: {error description}');
    expect(server.requests).toHaveLength(1);
  });

  it('turns the XML error envelope into the same ApiError', async () => {
    const server = await serve(() => ({ body: fixture('getcdr-error.xml'), contentType: 'text/xml' }));
    await expect(client(server.url).getCDR({ ...SAMPLE_DAY, format: 'xml' })).rejects.toMatchObject({
      name: 'ApiError',
      providerMessage: 'Error: {error description}',
    });
  });

  it.each(['Error: Authentication failed', 'Error: wrong username or authcode', 'Error: invalid user key'])(
    'treats %j as rejected credentials',
    async (resulttxt) => {
      const server = await serve(() => ({ body: JSON.stringify({ result: '0', resulttxt, timestamp: 1 }) }));
      await expect(client(server.url).getCDR(SAMPLE_DAY)).rejects.toBeInstanceOf(AuthenticationError);
    },
  );

  it('never exposes the userKey or an authcode, in errors or hook payloads', async () => {
    // Each scenario echoes the request's authcode and the key back: the worst case for leaking.
    const scenarios: ((authcode: string) => FormAnswer)[] = [
      (authcode) => ({
        body: JSON.stringify({
          result: '0',
          resulttxt: `Error: got ${authcode} for ${USER_KEY}`,
          timestamp: 1,
        }),
      }),
      (authcode) => ({ body: JSON.stringify({ result: '0', resulttxt: `Error: bad authcode ${authcode}` }) }),
      (authcode) => ({
        body: JSON.stringify({
          result: '0',
          resulttxt: `Error: ${authcode}`,
          timestamp: 1,
          timestamperror: 1,
        }),
      }),
      // HTTP errors are built by core, which redacts the authcode by its parameter name.
      (authcode) => ({ status: 500, body: `{"authcode":"${authcode}","error":"${USER_KEY}"}` }),
      (authcode) => ({ status: 400, body: `authcode=${authcode}&key=${USER_KEY}` }),
      (authcode) => ({
        body: `{"result":"1","params":{"cdr":{"call_1":{"uniqueid":"${authcode}${USER_KEY}"}}}}`,
      }),
      (authcode) => ({ body: `{"result":"1","resulttxt":"${authcode} ${USER_KEY}"` }),
      (authcode) => ({ body: `<return><result>${authcode}${USER_KEY}` }),
    ];
    let scenario = 0;
    const sent: string[] = [];
    const server = await serve((form) => {
      const authcode = form.get('authcode')!;
      sent.push(authcode);
      return scenarios[scenario]!(authcode);
    });
    const hookPayloads: unknown[] = [];
    const boxis = client(server.url, {
      retry: { limit: 1, baseDelayMs: 1 },
      hooks: {
        beforeRequest: (info: RequestInfo) => void hookPayloads.push(info),
        afterResponse: (info) => void hookPayloads.push(info),
        beforeRetry: (info) => void hookPayloads.push({ ...info, error: exposedText(info.error) }),
      },
    });
    const errors: unknown[] = [];
    for (; scenario < scenarios.length; scenario++) {
      const format = scenario === scenarios.length - 1 ? 'xml' : 'json';
      errors.push(
        await boxis.getCDR({ ...SAMPLE_DAY, format }).then(
          () => undefined,
          (caught: unknown) => caught,
        ),
      );
    }
    expect(errors.every((error) => error instanceof Error && error.name !== 'Error')).toBe(true);
    expect(hookPayloads.length).toBeGreaterThanOrEqual(sent.length);
    const exposed = [...errors.map((error) => exposedText(error)), JSON.stringify(hookPayloads)].join('\n');
    for (const secret of [USER_KEY, ...sent]) expect(exposed).not.toContain(secret);
  });
});

describe('timestamp synchronization', () => {
  /** A server whose clock is `skewSec` ahead, rejecting timestamps more than 30 s off its own. */
  function skewedServer(skewSec: number, acceptSynchronized = true) {
    return serve((form) => {
      const serverNow = Math.floor(Date.now() / 1000) + skewSec;
      const timestamp = Number(form.get('timestamp'));
      const valid = form.get('authcode') === md5(`${form.get('timestamp')}${USER_KEY}`);
      if (!valid) return { body: JSON.stringify({ result: '0', resulttxt: 'Error: Authentication failed' }) };
      if (!acceptSynchronized || Math.abs(timestamp - serverNow) > 30) {
        return {
          body: JSON.stringify({
            result: '0',
            resulttxt: 'Error: timestamp is not valid',
            timestamp: serverNow,
            timestamperror: 1,
          }),
        };
      }
      return { body: fixture('getcdr-success.json') };
    });
  }

  it('retries once with the server timestamp and keeps the offset for later calls', async () => {
    const server = await skewedServer(600);
    const boxis = client(server.url);
    const page = await boxis.getCDR(SAMPLE_DAY);
    expect(page.items).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
    const [rejected, synchronized] = server.requests.map((request) =>
      Number(formOf(request).get('timestamp')),
    );
    expect(synchronized! - rejected!).toBeGreaterThanOrEqual(599);
    expect(synchronized! - rejected!).toBeLessThanOrEqual(601);
    expect(boxis.clockOffsetSec).toBeGreaterThanOrEqual(599);
    expect(boxis.clockOffsetSec).toBeLessThanOrEqual(601);

    await boxis.getCDR(SAMPLE_DAY);
    expect(server.requests).toHaveLength(3);
  });

  it('synchronizes a clock that is ahead of the server too', async () => {
    const server = await skewedServer(-3600);
    const boxis = client(server.url);
    await expect(boxis.getCDR(SAMPLE_DAY)).resolves.toMatchObject({ next: null });
    expect(boxis.clockOffsetSec).toBeLessThanOrEqual(-3599);
  });

  it('says the clock is off when the synchronized timestamp is rejected too', async () => {
    const server = await skewedServer(600, false);
    const error = await client(server.url)
      .getCDR(SAMPLE_DAY)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/clock is about (599|600|601) seconds behind/);
    expect((error as Error).message).toMatch(/synchronized timestamp/);
    expect(server.requests).toHaveLength(2);
  });

  it('ignores a timestamperror of "0"', async () => {
    const server = await serve(() => ({
      body: JSON.stringify({
        result: '0',
        resulttxt: 'Error: no such tenant',
        timestamp: 1,
        timestamperror: '0',
      }),
    }));
    await expect(client(server.url).getCDR(SAMPLE_DAY)).rejects.toMatchObject({
      name: 'ApiError',
      providerMessage: 'Error: no such tenant',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('signs every retry of a failed attempt afresh', async () => {
    const server = await serve((_form, index) =>
      index === 0 ? { status: 503, body: 'busy' } : { body: fixture('getcdr-success.json') },
    );
    await client(server.url).getCDR(SAMPLE_DAY);
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(formOf(request).get('authcode')).toBe(md5(`${formOf(request).get('timestamp')}${USER_KEY}`));
    }
  });
});

describe('the cdr object', () => {
  it('orders call_N keys numerically, call_10 after call_9', async () => {
    const cdr: Record<string, unknown> = {};
    for (const n of [10, 2, 1, 12, 9, 3, 11, 4, 5, 6, 7, 8]) {
      cdr[`call_${n}`] = call(`id-${n}`, `2018-02-06 10:00:${String(n).padStart(2, '0')}`);
    }
    const server = await serve(() => answerWith(cdr));
    const page = await client(server.url).getCDR(SAMPLE_DAY);
    expect(page.items.map((item) => item.uniqueid)).toEqual(
      Array.from({ length: 12 }, (_, index) => `id-${index + 1}`),
    );
  });

  it.each([
    ['an empty object', { result: '1', resulttxt: 'success', params: { cdr: {} }, timestamp: 1 }],
    ['an empty array', { result: '1', resulttxt: 'success', params: { cdr: [] }, timestamp: 1 }],
    ['no cdr', { result: '1', resulttxt: 'success', params: {}, timestamp: 1 }],
    ['params as []', { result: '1', resulttxt: 'success', params: [], timestamp: 1 }],
    ['no params', { result: 1, resulttxt: 'success', timestamp: '1' }],
  ])('reads %s as no calls', async (_name, body) => {
    const server = await serve(() => ({ body: JSON.stringify(body) }));
    await expect(client(server.url).getCDR(SAMPLE_DAY)).resolves.toMatchObject({ items: [], next: null });
  });

  it('reads an empty XML cdr as no calls', async () => {
    const server = await serve(() => ({
      body: '<return><result>1</result><resulttxt>success</resulttxt><params><cdr/></params><timestamp>1</timestamp></return>',
    }));
    await expect(client(server.url).getCDR({ ...SAMPLE_DAY, format: 'xml' })).resolves.toMatchObject({
      items: [],
      next: null,
    });
  });

  it('refuses a key that is not call_N instead of dropping a call', async () => {
    const body = `{"result":"1","params":{"cdr":{"call_1":${JSON.stringify(call('a', '2018-02-06 10:00:00'))},"extra":{}}}}`;
    const server = await serve(() => ({ body }));
    await expect(client(server.url).getCDR(SAMPLE_DAY)).rejects.toMatchObject({
      name: 'ResponseFormatError',
      path: 'params.cdr',
    });
  });

  it('cannot be used to pollute a prototype through a __proto__ key', async () => {
    const polluted = JSON.stringify({ ...call('x', '2018-02-06 10:00:00'), isAdmin: true });
    const json = await serve(() => ({
      body: `{"result":"1","params":{"cdr":{"__proto__":${polluted},"call_1":${polluted}}},"timestamp":1}`,
    }));
    const xml = await serve(() => ({
      body: `<return><result>1</result><params><cdr><__proto__><isAdmin>true</isAdmin></__proto__></cdr></params></return>`,
    }));
    const jsonError = await client(json.url)
      .getCDR(SAMPLE_DAY)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    const xmlError = await client(xml.url)
      .getCDR({ ...SAMPLE_DAY, format: 'xml' })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(jsonError).toBeInstanceOf(ResponseFormatError);
    expect(xmlError).toBeInstanceOf(ResponseFormatError);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  });

  it('names the call and field of a record that does not match', async () => {
    const bad = { ...call('a', '2018-02-06 10:00:00'), disposition: { nested: true } };
    const server = await serve(() => answerWith({ call_1: call('b', '2018-02-06 10:00:00'), call_2: bad }));
    await expect(client(server.url).getCDR(SAMPLE_DAY)).rejects.toMatchObject({
      name: 'ResponseFormatError',
      path: 'params.cdr.call_2.disposition',
    });
  });
});

describe('date windows', () => {
  /** A server that answers every window with the same calls, whatever it asked for. */
  async function everyCallEveryTime(starts: string[]) {
    const cdr = Object.fromEntries(
      starts.map((start, index) => [`call_${index + 1}`, call(`id-${start}`, start)]),
    );
    return serve(() => answerWith(cdr));
  }

  it('asks day by day and keeps each call in exactly one window', async () => {
    const starts = [
      '2024-02-29 23:59:59',
      '2024-03-01 00:00:00',
      '2024-03-01 23:59:59',
      '2024-03-02 00:00:00',
      '2024-03-03 12:00:00',
      '2024-03-04 00:00:00',
    ];
    const server = await everyCallEveryTime(starts);
    const items = await client(server.url).getCDR({ from: '2024-03-01', to: '2024-03-04' }).toArray();
    expect(items.map((item) => item.start)).toEqual(starts.slice(1, 5));
    expect(
      server.requests.map((request) => [formOf(request).get('datefrom'), formOf(request).get('dateto')]),
    ).toEqual([
      ['2024-03-01 00:00:00', '2024-03-02 00:00:00'],
      ['2024-03-02 00:00:00', '2024-03-03 00:00:00'],
      ['2024-03-03 00:00:00', '2024-03-04 00:00:00'],
    ]);
  });

  it('counts days in Zurich across the last Sunday of March (a 23-hour day)', async () => {
    const starts = [
      '2024-03-31 01:59:59',
      '2024-03-31 03:00:00',
      '2024-03-31 23:59:59',
      '2024-04-01 00:00:00',
    ];
    const server = await everyCallEveryTime(starts);
    const pages = [];
    for await (const page of client(server.url).getCDR({ from: '2024-03-30', to: '2024-04-02' }).pages()) {
      pages.push(page);
    }
    expect(pages.map((page) => page.items.map((item) => item.start))).toEqual([
      [],
      ['2024-03-31 01:59:59', '2024-03-31 03:00:00', '2024-03-31 23:59:59'],
      ['2024-04-01 00:00:00'],
    ]);
    expect(server.requests.map((request) => formOf(request).get('datefrom'))).toEqual([
      '2024-03-30 00:00:00',
      '2024-03-31 00:00:00',
      '2024-04-01 00:00:00',
    ]);
    const window = pages[0]?.next as { from: number; to: number };
    expect(window.from).toBe(Date.parse('2024-03-30T23:00:00Z'));
    expect(window.to - window.from).toBe(23 * 3_600_000);
  });

  it('counts days in Zurich across the last Sunday of October (a 25-hour day)', async () => {
    // 02:30 happens twice that night; a naive time there is read as its first (summer) instant.
    const starts = [
      '2024-10-27 00:00:00',
      '2024-10-27 02:30:00',
      '2024-10-27 23:59:59',
      '2024-10-28 00:00:00',
    ];
    const server = await everyCallEveryTime(starts);
    const pages = [];
    for await (const page of client(server.url).getCDR({ from: '2024-10-27', to: '2024-10-29' }).pages()) {
      pages.push(page);
    }
    expect(pages.map((page) => page.items.map((item) => item.start))).toEqual([
      starts.slice(0, 3),
      starts.slice(3),
    ]);
    const window = pages[0]?.next as { from: number; to: number };
    expect(window.from).toBe(Date.parse('2024-10-27T23:00:00Z'));
    expect(window.from - Date.parse('2024-10-26T22:00:00Z')).toBe(25 * 3_600_000);
  });

  it('splits into the windowSpan asked for', async () => {
    const server = await everyCallEveryTime([]);
    await client(server.url)
      .getCDR({ from: '2024-03-01T00:00', to: '2024-03-01T18:00', windowSpan: { hours: 6 } })
      .toArray();
    expect(server.requests.map((request) => formOf(request).get('dateto'))).toEqual([
      '2024-03-01 06:00:00',
      '2024-03-01 12:00:00',
      '2024-03-01 18:00:00',
    ]);
  });

  it('covers a range that ends inside a second', async () => {
    const server = await everyCallEveryTime(['2024-03-01 10:00:00', '2024-03-01 10:00:01']);
    const items = await client(server.url)
      .getCDR({ from: '2024-03-01T09:00:00.000Z', to: '2024-03-01T09:00:00.500Z' })
      .toArray();
    expect(items.map((item) => item.start)).toEqual(['2024-03-01 10:00:00']);
    expect(formOf(server.requests[0]!).get('dateto')).toBe('2024-03-01 10:00:01');
  });

  it('resumes from a page’s cursor after a JSON round trip', async () => {
    const starts = ['2024-03-01 08:00:00', '2024-03-02 08:00:00', '2024-03-03 08:00:00'];
    const server = await everyCallEveryTime(starts);
    const boxis = client(server.url);
    const first = await boxis.getCDR({
      from: '2024-03-01',
      to: '2024-03-04',
      tenant: 'VOICE-9-1',
      format: 'json',
    });
    expect(first.items.map((item) => item.start)).toEqual([starts[0]]);
    const cursor = JSON.parse(JSON.stringify(first.next));
    // The exported schema describes the cursors pages really carry.
    expect(boxisCursorSchema.parse(cursor)).toMatchObject({ q: { tenant: 'VOICE-9-1', format: 'json' } });
    const rest = await boxis.getCDR({ cursor }).toArray();
    expect(rest.map((item) => item.start)).toEqual(starts.slice(1));
    expect(formOf(server.requests.at(-1)!).get('tenant')).toBe('VOICE-9-1');
  });

  it('prefetches windows ahead of the consumer', async () => {
    const server = await everyCallEveryTime(['2024-03-01 08:00:00']);
    const iterator = client(server.url)
      .getCDR({ from: '2024-03-01', to: '2024-03-11', prefetch: 4 })
      .pages()
      [Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    await iterator.return?.();
  });

  it('stops after limit records', async () => {
    const server = await everyCallEveryTime([
      '2024-03-01 08:00:00',
      '2024-03-01 09:00:00',
      '2024-03-02 08:00:00',
    ]);
    const items = await client(server.url)
      .getCDR({ from: '2024-03-01', to: '2024-03-05', prefetch: 0 })
      .toArray({ limit: 1 });
    expect(items).toHaveLength(1);
  });
});

describe('bad input', () => {
  it.each([
    ['start after end', { from: '2024-03-02', to: '2024-03-01' }, undefined],
    ['start equal to end', { from: '2024-03-01', to: '2024-03-01' }, undefined],
    ['an unparsable from', { from: 'yesterday', to: '2024-03-01' }, undefined],
    ['an unparsable to', { from: '2024-03-01', to: 'not a date' }, undefined],
    ['an invalid Date', { from: new Date(Number.NaN), to: '2024-03-01' }, undefined],
    ['a missing tenant', { from: '2024-03-01', to: '2024-03-02' }, { tenant: undefined }],
    ['a blank tenant', { from: '2024-03-01', to: '2024-03-02', tenant: '  ' }, { tenant: undefined }],
    ['an unknown format', { from: '2024-03-01', to: '2024-03-02', format: 'csv' }, undefined],
    ['a zero window span', { from: '2024-03-01', to: '2024-03-02', windowSpan: { days: 0 } }, undefined],
    ['a negative window span', { from: '2024-03-01', to: '2024-03-02', windowSpan: -1 }, undefined],
    ['a cursor of another provider', { cursor: { p: 'telecmi', op: 'outAnswered' } }, undefined],
    ['a damaged cursor', { cursor: { p: 'boxis', op: 'getCDR', from: 'x' } }, undefined],
    [
      'a cursor with an empty window',
      {
        cursor: {
          p: 'boxis',
          op: 'getCDR',
          q: { tenant: 'V-1', format: 'json', span: 1000 },
          from: 9,
          to: 9,
          end: 99,
        },
      },
      undefined,
    ],
    [
      'a cursor with a zero span',
      {
        cursor: {
          p: 'boxis',
          op: 'getCDR',
          q: { tenant: 'V-1', format: 'json', span: { days: 0 } },
          from: 0,
          to: 9,
          end: 99,
        },
      },
      undefined,
    ],
    [
      'a cursor without a date window',
      { cursor: { p: 'boxis', op: 'getCDR', q: { tenant: 'V-1', format: 'json', span: 1000 } } },
      undefined,
    ],
    [
      'a cursor with an unknown format',
      {
        cursor: {
          p: 'boxis',
          op: 'getCDR',
          q: { tenant: 'V-1', format: 'csv', span: 1000 },
          from: 0,
          to: 9,
          end: 99,
        },
      },
      undefined,
    ],
  ])('rejects %s with InvalidArgumentError before any request', async (_name, options, clientOptions) => {
    const server = await serve(() => ({ body: fixture('getcdr-success.json') }));
    const { tenant: _tenant, ...withoutTenant } = credentials;
    const boxis = new BoxisClient({
      ...(clientOptions === undefined ? credentials : withoutTenant),
      baseUrl: server.url,
    });
    const paged = boxis.getCDR(options as Parameters<BoxisClient['getCDR']>[0]);
    await expect(paged).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(paged.toArray()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('says how to fix a missing tenant', async () => {
    const boxis = new BoxisClient({ userName: 'a@b.ch', userKey: 'key-1234', baseUrl: 'http://127.0.0.1:9' });
    await expect(boxis.getCDR({ from: '2024-03-01', to: '2024-03-02' })).rejects.toThrow(/tenant/);
  });

  it.each([
    ['userName', { userName: '' }],
    ['userKey', { userKey: '' }],
    ['tenant', { tenant: '' }],
  ])('refuses a client without %s', (argument, override) => {
    expect(() => new BoxisClient({ ...credentials, ...override })).toThrow(InvalidArgumentError);
    expect(() => new BoxisClient({ ...credentials, ...override })).toThrow(new RegExp(argument));
  });

  it('defaults to Swiss time', () => {
    expect(new BoxisClient(credentials).timeZone).toBe('Europe/Zurich');
    expect(new BoxisClient({ ...credentials, timeZone: 'UTC' }).timeZone).toBe('UTC');
  });
});

describe('bundle shape', () => {
  it('imports the XML parser only dynamically, so JSON-only bundles leave it out', () => {
    for (const file of readdirSync(new URL('../src/', import.meta.url))) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      const staticImports = source.match(/^import\s+(?!type\b)[^;]*from\s+'@cdrkit\/core\/xml'/gm) ?? [];
      expect(staticImports, file).toEqual([]);
    }
  });
});
