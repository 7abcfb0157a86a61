import {
  ApiError,
  AuthenticationError,
  CdrkitError,
  InvalidArgumentError,
  ResponseFormatError,
} from '@cdrkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeleCmiClient } from '../src/index.js';
import { type Answer, everythingIn, type SeenRequest, startServer } from './helpers.js';

const TOKEN = 'tok-5f1c9e7a-secret-4b2d';
const record = {
  _id: 'a1',
  to: 9100000000,
  time: 1709290000000,
  from: '209_1111113',
  billedsec: 5,
  rate: '0.6',
};

let answer: (request: SeenRequest) => Answer = () => ({
  body: JSON.stringify({ total: 1, cdr: [record], code: 200 }),
});
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer((request) => answer(request));
});
afterAll(() => server.close());

function client(options: Partial<ConstructorParameters<typeof TeleCmiClient>[0]> = {}) {
  return new TeleCmiClient({ appId: 1111113, token: TOKEN, baseUrl: server.url, retry: 0, ...options });
}

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
    [
      'a v1 cursor of 100 a page on v2',
      (c) => v2(c).missed({ cursor: { p: 'telecmi', op: 'missed', page: 2, limit: 100 } }),
      'cursor',
    ],
    ['analysis on v2', (c) => v2(c).analysis(), 'apiVersion'],
    [
      'a cursor of another method',
      (c) => c.outAnswered({ cursor: { p: 'telecmi', op: 'missed', page: 2, limit: 10 } }),
      'cursor',
    ],
    [
      'a cursor of another provider',
      (c) => c.outAnswered({ cursor: { p: 'boxis', op: 'outAnswered', page: 2, limit: 10 } }),
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
    answer = () => ({ body: JSON.stringify({ total: 0, cdr: [], code: 200 }) });
    await client({ appId: '1111113' }).outAnswered();
    expect(server.requests.at(-1)?.body.appid).toBe(1111113);
  });
});

describe('error answers', () => {
  it('turns HTTP 404 into AuthenticationError', async () => {
    answer = () => ({ status: 404, body: '' });
    const error = await failure(client().outAnswered());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 404, provider: 'telecmi', operation: 'outAnswered' });
    expect((error as Error).message).toContain('check appId and token');
  });

  it('turns HTTP 404 from analysis into AuthenticationError', async () => {
    answer = () => ({ status: 404, body: 'Not Found' });
    await expect(client().analysis()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('turns code 404 inside a 200 answer into AuthenticationError', async () => {
    answer = () => ({ body: JSON.stringify({ code: 404, msg: 'invalid app id or secret' }) });
    await expect(client().missed()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('turns {"error":true,"code":404} inside a 200 answer into AuthenticationError, never an empty page', async () => {
    answer = () => ({ body: JSON.stringify({ error: true, code: 404, msg: 'Invalid app id or secret' }) });
    for (const telecmi of [client(), client({ apiVersion: 'v2' })]) {
      const error = await failure(telecmi.outAnswered({ from: '2024-03-01', to: '2024-03-02' }));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ providerCode: '404', provider: 'telecmi' });
    }
  });

  it('retries {"code":502} inside a 200 answer (a recording not yet published), then reads the page', async () => {
    let calls = 0;
    answer = () =>
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
    answer = () => {
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
    answer = () => {
      calls++;
      return { body: JSON.stringify({ error: true, msg: 'Something went wrong' }) };
    };
    const error = await failure(client({ retry: { limit: 2, baseDelayMs: 1 } }).answered());
    expect(error).toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
  });

  it('turns another error code inside a 200 answer into ApiError with the code', async () => {
    answer = () => ({ body: JSON.stringify({ code: 500, msg: 'database unavailable' }) });
    const error = await failure(client().answered());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ providerCode: '500', providerMessage: 'database unavailable' });
  });

  it('reads an answer that is not an object as a ResponseFormatError', async () => {
    answer = () => ({ body: '["not", "a", "page"]' });
    await expect(client().outAnswered()).rejects.toBeInstanceOf(ResponseFormatError);
  });

  it('names the bad field of a record in the ResponseFormatError', async () => {
    answer = () => ({ body: JSON.stringify({ total: 2, cdr: [record, { ...record, time: 'noon' }] }) });
    const error = await failure(client().outAnswered());
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).path).toMatch(/cdr.*1.*time/);
  });

  it('reads an answer without cdr, or with an empty cdr, as an empty last page', async () => {
    for (const body of [{ code: 200 }, { total: 0, cdr: [], code: 200 }, { total: 0, cdr: null }]) {
      answer = () => ({ body: JSON.stringify(body) });
      const page = await client().outMissed({ from: '2024-03-01', to: '2024-03-02' });
      expect(page.items).toEqual([]);
      expect(page.next).toBeNull();
    }
  });

  it('reads counts sent as numeric strings, keeping the record as sent', async () => {
    answer = () => ({
      body: JSON.stringify({ total: '1', cdr: [{ ...record, billedsec: '5', time: String(record.time) }] }),
    });
    const page = await client().outAnswered();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ billedsec: '5', time: String(record.time) });
  });

  it('refuses a record with neither cmiuid nor _id, naming the path', async () => {
    const { _id, ...withoutId } = record;
    answer = () => ({ body: JSON.stringify({ count: 2, cdr: [record, withoutId] }) });
    const error = await failure(client().outAnswered());
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).path).toMatch(/cdr.*1.*cmiuid/);
  });

  it('reads analysis counts sent as numbers or numeric strings', async () => {
    answer = () => ({ body: JSON.stringify({ code: 200, total: '12', answered: 9, missed: '3' }) });
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
    const echo = (request: SeenRequest) => JSON.stringify(request.body);
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
      answer = fail;
      errors.push(await failure(client({ hooks, retry: { limit: 1, baseDelayMs: 1 } }).outAnswered()));
      errors.push(await failure(client({ hooks, retry: 0 }).analysis()));
      errors.push(
        await failure(client({ hooks, retry: { limit: 1, baseDelayMs: 1 }, apiVersion: 'v2' }).missed()),
      );
    }
    for (const error of errors) {
      expect(error).toBeInstanceOf(CdrkitError);
      expect(everythingIn(error)).not.toContain(TOKEN);
    }
    expect(payloads.length).toBeGreaterThan(failures.length);
    for (const payload of payloads) {
      expect(JSON.stringify(payload)).not.toContain(TOKEN);
      expect(everythingIn(payload)).not.toContain(TOKEN);
    }
    // The token did go out, as `token` on v1 and `secret` on v2: the checks above were not vacuous.
    expect(server.requests.some((request) => request.body.token === TOKEN)).toBe(true);
    expect(server.requests.some((request) => request.body.secret === TOKEN)).toBe(true);
  });
});
