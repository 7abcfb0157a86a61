import {
  ApiError,
  AuthenticationError,
  CdrkitError,
  InvalidArgumentError,
  ResponseFormatError,
} from '@cdrkit/core';
import {
  type Answer,
  answer,
  expectNoSecret,
  type SeenRequest,
  startServer,
  type TestServer,
} from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeleCmiClient } from '../src/index.js';

const TOKEN = 'tok-5f1c9e7a-secret-4b2d';
const record = {
  _id: 'a1',
  to: 9100000000,
  time: 1709290000000,
  from: '209_1111113',
  billedsec: 5,
  rate: '0.6',
};

let respond: (request: SeenRequest) => Answer = () => ({
  body: JSON.stringify({ total: 1, cdr: [record], code: 200 }),
});
let server: TestServer;

beforeAll(async () => {
  server = await startServer(answer((request) => respond(request)));
});
afterAll(() => server.close());

function client(options: Partial<ConstructorParameters<typeof TeleCmiClient>[0]> = {}) {
  return new TeleCmiClient({ appId: 1111113, token: TOKEN, baseUrl: server.url, retry: 0, ...options });
}

/** The cursor a page of `op` asking `pageSize` a page gives before page 3 of 2024-03-01. */
const cursorOf = (op: string, pageSize: number) => ({
  p: 'telecmi',
  op,
  q: { pageSize },
  from: 1709251200000,
  to: 1709337600000,
  end: 1709337600000,
  at: { page: 3, limit: pageSize, received: 2 * pageSize },
});

/** A v2 client on the same server (the table of bad calls takes a client and gives it this one). */
const v2 = (_: TeleCmiClient) => client({ apiVersion: 'v2' });

async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('bad input fails before any request', () => {
  const from = '2024-03-01T00:00:00Z';
  const to = '2024-03-02T00:00:00Z';
  const badCalls: [string, (c: TeleCmiClient) => PromiseLike<unknown>, string][] = [
    ['from after to', (c) => c.outAnswered({ from: to, to: from }), 'from'],
    ['from equal to to', (c) => c.outMissed({ from, to: from }), 'from'],
    ['an unparsable from', (c) => c.answered({ from: 'yesterday', to }), 'from'],
    ['an unparsable to', (c) => c.missed({ from, to: '2024-13-45' }), 'to'],
    ['a from in the future without to', (c) => c.outAnswered({ from: Date.now() + 3_600_000 }), 'from'],
    ['page 0', (c) => c.outAnswered({ page: 0 }), 'page'],
    ['a fractional pageSize', (c) => c.outAnswered({ pageSize: 1.5 }), 'pageSize'],
    ['a pageSize below 1', (c) => c.outAnswered({ pageSize: -1 }), 'pageSize'],
    ['limit 0', (c) => c.outAnswered({ limit: 0 }), 'limit'],
    ['a fractional limit', (c) => c.outAnswered({ limit: 2.5 }), 'limit'],
    ['a pageSize above 20 on v2', (c) => v2(c).missed({ pageSize: 21 }), 'pageSize'],
    ['a v1 cursor of 100 a page on v2', (c) => v2(c).missed({ cursor: cursorOf('missed', 100) }), 'cursor'],
    ['analysis on v2', (c) => v2(c).analysis(), 'apiVersion'],
    ['a cursor of another method', (c) => c.outAnswered({ cursor: cursorOf('missed', 10) }), 'cursor'],
    [
      'a cursor of another provider',
      (c) => c.outAnswered({ cursor: { ...cursorOf('outAnswered', 10), p: 'boxis' } }),
      'cursor',
    ],
    ['an unparsable analysis date', (c) => c.analysis({ from: 'soon', to }), 'from'],
    ['an analysis range that ends before it starts', (c) => c.analysis({ from: to, to: from }), 'from'],
  ];

  it.each(badCalls)(
    '%s: InvalidArgumentError naming the option, no request sent',
    async (_, call, argument) => {
      const before = server.requests.length;
      const error = await failure(call(client()));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      if (argument !== 'cursor') expect((error as InvalidArgumentError).argument).toBe(argument);
      expect(server.requests.length).toBe(before);
    },
  );

  it("refuses a cursor above v2's page size for that reason alone, saying so", async () => {
    const error = await failure(v2(client()).missed({ cursor: cursorOf('missed', 21) }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/pageSize.*v2.*\(20\)/);
    respond = () => ({ body: JSON.stringify({ count: 41, cdr: [record] }) });
    const before = server.requests.length;
    const page = await v2(client()).missed({ cursor: cursorOf('missed', 20) });
    expect(page.items).toEqual([record]);
    expect(server.requests.slice(before).map((request) => request.json())).toMatchObject([
      { page: 3, limit: 20, start_date: 1709251200000, end_date: 1709337599999 },
    ]);
  });

  it('delivers the same error to a for-await loop, before any request', async () => {
    const before = server.requests.length;
    const iterate = async () => {
      for await (const _ of client().outAnswered({ from: to, to: from })) break;
    };
    await expect(iterate()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['a non-numeric string', 'app-1'],
    ['an empty string', ''],
    ['a fraction', 1.5],
    ['zero', 0],
    ['a number beyond 2^53', 2 ** 60],
  ])('rejects an appId that is %s in the constructor', (_, appId) => {
    expect(() => new TeleCmiClient({ appId, token: TOKEN })).toThrow(InvalidArgumentError);
  });

  it('rejects an empty token without echoing anything', () => {
    expect(() => new TeleCmiClient({ appId: 1, token: ' ' })).toThrow(InvalidArgumentError);
  });

  it('rejects an apiVersion other than v1 or v2, naming both', () => {
    const make = () => new TeleCmiClient({ appId: 1, token: TOKEN, apiVersion: 'v3' as 'v2' });
    expect(make).toThrow(InvalidArgumentError);
    expect(make).toThrow(/'v1'.*'v2'/);
  });

  it('accepts an appId given as a string of digits and sends it as a number', async () => {
    respond = () => ({ body: JSON.stringify({ total: 0, cdr: [], code: 200 }) });
    await client({ appId: '1111113' }).outAnswered();
    expect(server.requests.at(-1)?.json().appid).toBe(1111113);
  });
});

describe('error answers', () => {
  it('turns HTTP 404 into AuthenticationError', async () => {
    respond = () => ({ status: 404, body: '' });
    const error = await failure(client().outAnswered());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 404, provider: 'telecmi', operation: 'outAnswered' });
    expect((error as Error).message).toContain('check appId and token');
  });

  it('turns HTTP 404 from analysis into AuthenticationError', async () => {
    respond = () => ({ status: 404, body: 'Not Found' });
    await expect(client().analysis()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('turns code 404 inside a 200 answer into AuthenticationError', async () => {
    respond = () => ({ body: JSON.stringify({ code: 404, msg: 'invalid app id or secret' }) });
    await expect(client().missed()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('turns {"error":true,"code":404} inside a 200 answer into AuthenticationError, never an empty page', async () => {
    respond = () => ({ body: JSON.stringify({ error: true, code: 404, msg: 'Invalid app id or secret' }) });
    for (const telecmi of [client(), client({ apiVersion: 'v2' })]) {
      const error = await failure(telecmi.outAnswered({ from: '2024-03-01', to: '2024-03-02' }));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ providerCode: '404', provider: 'telecmi' });
    }
  });

  it('retries {"code":502} inside a 200 answer (a recording not yet published), then reads the page', async () => {
    let calls = 0;
    respond = () =>
      ++calls < 3
        ? { body: JSON.stringify({ code: 502, msg: 'Internal Server Error' }) }
        : { body: JSON.stringify({ count: 1, cdr: [record] }) };
    const retried: unknown[] = [];
    const page = await client({
      retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 2 },
      hooks: { beforeRetry: ({ error }) => void retried.push(error) },
    }).outMissed({ from: '2024-03-01', to: '2024-03-02' });
    expect(calls).toBe(3);
    expect(page.items).toEqual([record]);
    expect(retried).toHaveLength(2);
    expect(retried[0]).toBeInstanceOf(ApiError);
  });

  it('gives ApiError with code 502 once the retries are spent, never an empty page', async () => {
    let calls = 0;
    respond = () => {
      calls++;
      return { body: JSON.stringify({ code: 502, msg: 'Internal Server Error' }) };
    };
    const error = await failure(client({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } }).answered());
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ providerCode: '502', providerMessage: 'Internal Server Error' });
  });

  it('gives ApiError for {"error":true} without a code, not retried', async () => {
    let calls = 0;
    respond = () => {
      calls++;
      return { body: JSON.stringify({ error: true, msg: 'Something went wrong' }) };
    };
    const error = await failure(client({ retry: { limit: 2, baseDelayMs: 1 } }).answered());
    expect(error).toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
  });

  it('turns another error code inside a 200 answer into ApiError with the code', async () => {
    respond = () => ({ body: JSON.stringify({ code: 500, msg: 'database unavailable' }) });
    const error = await failure(client().answered());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ providerCode: '500', providerMessage: 'database unavailable' });
  });

  it('reads an answer that is not an object as a ResponseFormatError', async () => {
    respond = () => ({ body: '["not", "a", "page"]' });
    await expect(client().outAnswered()).rejects.toBeInstanceOf(ResponseFormatError);
  });

  it('names the bad field of a record in the ResponseFormatError', async () => {
    respond = () => ({ body: JSON.stringify({ total: 2, cdr: [record, { ...record, time: 'noon' }] }) });
    const error = await failure(client().outAnswered());
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).path).toMatch(/cdr.*1.*time/);
  });

  it('reads an answer without cdr, or with an empty cdr, as an empty last page', async () => {
    for (const body of [{ code: 200 }, { total: 0, cdr: [], code: 200 }, { total: 0, cdr: null }]) {
      respond = () => ({ body: JSON.stringify(body) });
      const page = await client().outMissed({ from: '2024-03-01', to: '2024-03-02' });
      expect(page.items).toEqual([]);
      expect(page.next).toBeNull();
    }
  });

  it('reads counts sent as numeric strings, keeping the record as sent', async () => {
    respond = () => ({
      body: JSON.stringify({ total: '1', cdr: [{ ...record, billedsec: '5', time: String(record.time) }] }),
    });
    const page = await client().outAnswered();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ billedsec: '5', time: String(record.time) });
  });

  it('refuses a record with neither cmiuid nor _id, naming the path', async () => {
    const { _id, ...withoutId } = record;
    respond = () => ({ body: JSON.stringify({ count: 2, cdr: [record, withoutId] }) });
    const error = await failure(client().outAnswered());
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).path).toMatch(/cdr.*1.*cmiuid/);
  });

  it('reads analysis counts sent as numbers or numeric strings', async () => {
    respond = () => ({ body: JSON.stringify({ code: 200, total: '12', answered: 9, missed: '3' }) });
    expect(await client().analysis()).toEqual({ total: 12, answered: 9, missed: 3 });
  });
});

describe('the token stays secret', () => {
  it('appears nowhere in errors or hook payloads, whatever fails', async () => {
    const payloads: unknown[] = [];
    const hooks = {
      beforeRequest: (info: unknown) => void payloads.push(info),
      afterResponse: (info: unknown) => void payloads.push(info),
      beforeRetry: (info: unknown) => void payloads.push(info),
    };
    const echo = (request: SeenRequest) => request.body;
    const failures: ((request: SeenRequest) => Answer)[] = [
      () => ({ status: 404, body: '' }),
      (request) => ({ status: 404, body: echo(request) }),
      (request) => ({ status: 500, body: echo(request) }),
      () => ({ status: 400, body: `bad token ${TOKEN}` }),
      (request) => ({ body: `{"cdr": 5, "echo": ${echo(request)}}` }),
      (request) => ({ body: `{"echo": ${echo(request)}, "cdr": [` }),
      () => ({ body: JSON.stringify({ code: 503, msg: `token ${TOKEN} is suspended` }) }),
      () => ({ body: JSON.stringify({ code: 404, msg: `token ${TOKEN} unknown` }) }),
      () => ({ body: JSON.stringify({ error: true, code: 404, msg: `secret ${TOKEN} unknown` }) }),
      () => ({ body: JSON.stringify({ code: 502, msg: `recording of ${TOKEN} not ready` }) }),
      (request) => ({ body: JSON.stringify({ code: 502, msg: echo(request) }) }),
    ];
    const errors: unknown[] = [];
    for (const fail of failures) {
      respond = fail;
      errors.push(await failure(client({ hooks, retry: { limit: 1, baseDelayMs: 1 } }).outAnswered()));
      errors.push(await failure(client({ hooks, retry: 0 }).analysis()));
      errors.push(
        await failure(client({ hooks, retry: { limit: 1, baseDelayMs: 1 }, apiVersion: 'v2' }).missed()),
      );
    }
    for (const error of errors) {
      expect(error).toBeInstanceOf(CdrkitError);
      expectNoSecret(error, [TOKEN]);
    }
    expect(payloads.length).toBeGreaterThan(failures.length);
    for (const payload of payloads) {
      expect(JSON.stringify(payload)).not.toContain(TOKEN);
      expectNoSecret(payload, [TOKEN]);
    }
    // The token did go out, as `token` on v1 and `secret` on v2: the checks above were not vacuous.
    expect(server.requests.some((request) => request.json().token === TOKEN)).toBe(true);
    expect(server.requests.some((request) => request.json().secret === TOKEN)).toBe(true);
  });
});
