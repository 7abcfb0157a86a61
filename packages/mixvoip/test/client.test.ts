import {
  ApiError,
  AuthenticationError,
  CdrkitError,
  InvalidArgumentError,
  NetworkError,
  type RequestInfo,
  TimeoutError,
} from '@cdrkit/core';
import { answer, closedPort, expectNoSecret, startServer, type TestServer, text } from '@cdrkit/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import { MixvoipClient, type MixvoipRecord } from '../src/index.js';

const password = 'Pa$$ w0rd/Secret+42&x=1';
const credentials = { userName: 'reseller', password };
/** The password as it may appear: raw, URL-encoded (expectNoSecret checks both) and form-encoded. */
const SECRETS = [password, new URLSearchParams({ s: password }).toString().slice(2)];

/** Answers every request with `status` and `body` as `type`. */
const reply = (status: number, body: string, type = 'application/json') =>
  text(status, body, { 'content-type': type });
const pathOf = (url: string | undefined) => url?.split('?')[0];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function call(callStart: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'CALLOUT',
    data: {
      source: '+35220333320',
      destination: '35220333000',
      destination_name: 'Luxembourg',
      call_start: callStart,
      duration: '61',
      pbxextension: '20',
      quantity: 2,
      price: '7.00',
      invoice: 'N/A',
      ...extra,
    },
  };
}

describe('new MixvoipClient', () => {
  it('asks for baseUrl and says where to find it', () => {
    const create = () => new MixvoipClient({ ...credentials } as never);
    expect(create).toThrow(InvalidArgumentError);
    expect(create).toThrow(/baseUrl/);
    expect(create).toThrow(/MIXvoip support|reseller panel/);
    try {
      create();
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe('baseUrl');
    }
    expect(() => new MixvoipClient({ ...credentials, baseUrl: '  ' })).toThrow(/baseUrl/);
  });

  it('rejects an empty userName or password without echoing the password', () => {
    expect(() => new MixvoipClient({ userName: '', password, baseUrl: 'http://127.0.0.1:1' })).toThrow(
      /userName/,
    );
    expect(() => new MixvoipClient({ userName: 'x', password: '', baseUrl: 'http://127.0.0.1:1' })).toThrow(
      InvalidArgumentError,
    );
    expect(
      () => new MixvoipClient({ userName: 'x', password: 42 as never, baseUrl: 'http://127.0.0.1:1' }),
    ).toThrow(/password/);
  });

  it('rejects a bad time zone through core', () => {
    expect(
      () => new MixvoipClient({ ...credentials, baseUrl: 'http://127.0.0.1:1', timeZone: 'Mars/Olympus' }),
    ).toThrow(InvalidArgumentError);
  });
});

describe('getCalls requests', () => {
  it('puts the profile and the days in the path and the credentials in the query', async () => {
    server = await startServer(reply(200, '[]'));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    await client.getCalls({ profileId: 123456, from: '2024-01-01', to: '2024-02-01' });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(pathOf(request?.url)).toBe('/cdrs/getcalls/123456/2024-01-01/2024-01-31');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ username: 'reseller', password });
  });

  it('writes the days in the client zone', async () => {
    server = await startServer(reply(200, '[]'));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url, timeZone: 'Europe/Luxembourg' });
    await client.getCalls({ profileId: '7', from: '2023-12-31T23:30:00Z', to: '2024-01-31T23:00:00Z' });
    expect(pathOf(server.requests[0]?.url)).toBe('/cdrs/getcalls/7/2024-01-01/2024-01-31');
  });

  it('asks /csv for format csv', async () => {
    server = await startServer(reply(200, '', 'text/csv'));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const page = await client.getCalls({
      profileId: '7',
      from: '2024-01-01',
      to: '2024-01-02',
      format: 'csv',
    });
    expect(page.items).toEqual([]);
    expect(pathOf(server.requests[0]?.url)).toBe('/cdrs/getcalls/7/2024-01-01/2024-01-02/csv');
  });

  it('ends the range now when to is absent', async () => {
    server = await startServer(reply(200, '[]'));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const from = new Date(Date.now() - 86_400_000);
    const page = await client.getCalls({ profileId: '7', from });
    const today = new Date().toISOString().slice(0, 10);
    expect(pathOf(server.requests[0]?.url)).toBe(
      `/cdrs/getcalls/7/${from.toISOString().slice(0, 10)}/${today}`,
    );
    expect(page.next).toBeNull();
  });

  it('splits 8 months into three requests, prefetching the next window', async () => {
    server = await startServer(reply(200, '[]'));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const pages = [];
    for await (const page of client
      .getCalls({ profileId: '7', from: '2024-01-01', to: '2024-09-01', prefetch: 3 })
      .pages()) {
      pages.push(page);
    }
    expect(pages).toHaveLength(3);
    expect(server.requests.map((request) => pathOf(request.url))).toEqual([
      '/cdrs/getcalls/7/2024-01-01/2024-03-31',
      '/cdrs/getcalls/7/2024-04-01/2024-06-30',
      '/cdrs/getcalls/7/2024-07-01/2024-08-31',
    ]);
    expect(pages.at(-1)?.next).toBeNull();
  });

  it('keeps only records whose call_start lies in [from, to)', async () => {
    server = await startServer(
      reply(
        200,
        JSON.stringify([
          call('2024-01-01 11:59:59'),
          call('2024-01-01 12:00:00'),
          call('2024-01-02 05:59:59'),
          call('2024-01-02 06:00:00'),
        ]),
      ),
    );
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const items = await client
      .getCalls({ profileId: '7', from: '2024-01-01T12:00:00Z', to: '2024-01-02T06:00:00Z' })
      .toArray();
    expect(items.map((item) => item.data.call_start)).toEqual(['2024-01-01 12:00:00', '2024-01-02 05:59:59']);
    expect(pathOf(server.requests[0]?.url)).toBe('/cdrs/getcalls/7/2024-01-01/2024-01-02');
  });

  it('resumes from a stored cursor at the next window', async () => {
    server = await startServer(reply(200, '', 'text/csv'));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const first = await client.getCalls({
      profileId: '7',
      from: '2024-01-01',
      to: '2024-09-01',
      format: 'csv',
    });
    const stored = JSON.parse(JSON.stringify(first.next));
    expect(stored).toMatchObject({ p: 'mixvoip', op: 'getCalls', q: { profileId: '7', format: 'csv' } });
    expect(JSON.stringify(stored)).not.toContain(password);
    const second = await client.getCalls({ profileId: '7', from: '2024-01-01', cursor: stored });
    expect(pathOf(server.requests.at(-1)?.url)).toBe('/cdrs/getcalls/7/2024-04-01/2024-06-30/csv');
    expect(second.next).not.toBeNull();
  });

  it('tolerates an empty body, null and the object PHP makes of a gapped array', async () => {
    for (const body of [
      '',
      'null',
      '{}',
      JSON.stringify({ 0: call('2024-01-01 10:00:00'), 2: call('2024-01-01 11:00:00') }),
    ]) {
      server = await startServer(reply(200, body));
      const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
      const { items } = await client.getCalls({ profileId: '7', from: '2024-01-01', to: '2024-01-02' });
      expect(items.length).toBe(body.startsWith('{"0"') ? 2 : 0);
      await server.close();
      server = undefined;
    }
  });

  it('keeps unknown types and unknown fields, and numbers where MIXvoip sends them', async () => {
    const odd = {
      type: 'TELEPORT',
      data: { ...call('2024-01-01 10:00:00', { duration: 5, source: 35220333320, brand_new: 'x' }).data },
    };
    server = await startServer(reply(200, JSON.stringify([odd])));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const [item] = await client.getCalls({ profileId: '7', from: '2024-01-01', to: '2024-01-02' }).toArray();
    expect(item).toEqual(odd);
    expect(client.toCallRecord(item as MixvoipRecord)).toMatchObject({ kind: 'other', from: '35220333320' });
  });

  it('gives identical records in one answer distinct ids, the same on every call', async () => {
    const sms = { type: 'SMS', data: { ...call('2024-01-01 10:00:00').data, quantity: 1, duration: '0' } };
    server = await startServer(reply(200, JSON.stringify([sms, sms, call('2024-01-01 10:00:00')])));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const read = async () => {
      const ids: string[] = [];
      for await (const record of client
        .getCalls({ profileId: '7', from: '2024-01-01', to: '2024-01-02' })
        .records()) {
        ids.push(record.id);
      }
      return ids;
    };
    const ids = await read();
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toBe(`${ids[0]}#1`);
    expect(await read()).toEqual(ids);
  });

  it('reports a record whose call_start is not a date', async () => {
    server = await startServer(reply(200, JSON.stringify([call('soon')])));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    await expect(
      client.getCalls({ profileId: '7', from: '2024-01-01', to: '2024-01-02' }),
    ).rejects.toMatchObject({
      name: 'ResponseFormatError',
      path: '[0].data.call_start',
    });
  });

  it('reports an answer of the wrong shape with the path of the first bad field', async () => {
    server = await startServer(reply(200, JSON.stringify([{ type: 'CALLIN', data: { source: '1' } }])));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url, retry: 0 });
    await expect(
      client.getCalls({ profileId: '7', from: '2024-01-01', to: '2024-01-02' }),
    ).rejects.toMatchObject({
      name: 'ResponseFormatError',
      kind: 'schema',
    });
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a missing profileId', { from: '2024-01-01', to: '2024-02-01' }, 'profileId'],
    ['an empty profileId', { profileId: ' ', from: '2024-01-01', to: '2024-02-01' }, 'profileId'],
    ['a profileId with a slash', { profileId: '1/2', from: '2024-01-01', to: '2024-02-01' }, 'profileId'],
    ['a negative profileId', { profileId: -3, from: '2024-01-01', to: '2024-02-01' }, 'profileId'],
    ['a missing from', { profileId: '7', to: '2024-02-01' }, 'from'],
    ['from after to', { profileId: '7', from: '2024-02-01', to: '2024-01-01' }, 'from'],
    ['from equal to to', { profileId: '7', from: '2024-01-01', to: '2024-01-01' }, 'from'],
    ['from in the future without to', { profileId: '7', from: Date.now() + 86_400_000 }, 'from'],
    ['an unparsable from', { profileId: '7', from: 'last tuesday', to: '2024-01-01' }, 'from'],
    ['an unparsable to', { profileId: '7', from: '2024-01-01', to: '2024-13-45' }, 'to'],
    ['an unknown format', { profileId: '7', from: '2024-01-01', to: '2024-02-01', format: 'xml' }, 'format'],
    ['a pageSize', { profileId: '7', from: '2024-01-01', to: '2024-02-01', pageSize: 10 }, 'pageSize'],
    [
      'a cursor of another method',
      { profileId: '7', from: '2024-01-01', cursor: { p: 'boxis', op: 'getCDR' } },
      'cursor',
    ],
    [
      'a cursor without its parameters',
      {
        profileId: '7',
        from: '2024-01-01',
        cursor: { p: 'mixvoip', op: 'getCalls', profileId: '7', format: 'json' },
      },
      'cursor',
    ],
    [
      'a damaged cursor',
      {
        profileId: '7',
        from: '2024-01-01',
        cursor: {
          p: 'mixvoip',
          op: 'getCalls',
          q: { profileId: '7', format: 'json' },
          from: Date.parse('2024-04-01T00:00:00Z'),
          to: Date.parse('2024-03-01T00:00:00Z'),
          end: Date.parse('2024-09-01T00:00:00Z'),
        },
      },
      'cursor',
    ],
    [
      'a pageSize beside a cursor',
      {
        pageSize: 10,
        cursor: {
          p: 'mixvoip',
          op: 'getCalls',
          q: { profileId: '7', format: 'json' },
          from: Date.parse('2024-01-01T00:00:00Z'),
          to: Date.parse('2024-04-01T00:00:00Z'),
          end: Date.parse('2024-09-01T00:00:00Z'),
        },
      },
      'pageSize',
    ],
    ['a bad prefetch', { profileId: '7', from: '2024-01-01', to: '2024-02-01', prefetch: -1 }, 'prefetch'],
  ];

  it.each(cases)('rejects %s before any request', async (_name, options, argument) => {
    server = await startServer(reply(200, '[]'));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const paged = client.getCalls(options as never);
    const error = await Promise.resolve(paged).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    await expect(paged.toArray()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      client
        .getCalls(options as never)
        [Symbol.asyncIterator]()
        .next(),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    if (['profileId', 'from', 'to'].includes(argument)) {
      await expect(
        client
          .downloadCsv(options as never)
          [Symbol.asyncIterator]()
          .next(),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('error answers', () => {
  const range = { profileId: '7', from: '2024-01-01', to: '2024-01-02' };

  it('turns 401 into an AuthenticationError with the provider message, password redacted', async () => {
    server = await startServer(
      reply(401, JSON.stringify({ error: `invalid username or password ${password}` })),
    );
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const error = await Promise.resolve(client.getCalls(range)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, provider: 'mixvoip', operation: 'getCalls' });
    expect((error as AuthenticationError).providerMessage).toContain('invalid username or password');
    expectNoSecret(error, SECRETS);
  });

  it('turns 403 (profile not linked) into an AuthenticationError that says so', async () => {
    server = await startServer(reply(403, JSON.stringify({ error: 'profile not linked to this account' })));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const error = await Promise.resolve(client.getCalls(range)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/linked/);
  });

  it('turns 400 into an ApiError with the provider message', async () => {
    server = await startServer(reply(400, JSON.stringify({ error: 'interval cannot exceed 3 months' })));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const error = await Promise.resolve(client.getCalls(range)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, providerMessage: 'interval cannot exceed 3 months' });
  });

  it('turns a 200 whose body is an error object into an ApiError, in JSON and CSV', async () => {
    server = await startServer(
      reply(200, JSON.stringify({ error: 'START_DATE must be smaller than END_DATE' })),
    );
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    for (const format of ['json', 'csv'] as const) {
      const error = await Promise.resolve(client.getCalls({ ...range, format })).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).providerMessage).toBe('START_DATE must be smaller than END_DATE');
    }
    const download = client.downloadCsv(range)[Symbol.asyncIterator]().next();
    await expect(download).rejects.toBeInstanceOf(ApiError);
  });
});

describe('the password, which travels in the URL', () => {
  const range = { profileId: '7', from: '2024-01-01', to: '2024-01-02' };

  it('leaves no trace in a network error to a closed port, nor in hooks', async () => {
    const seen: unknown[] = [];
    const client = new MixvoipClient({
      ...credentials,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retry: { limit: 1, baseDelayMs: 1 },
      hooks: {
        beforeRequest: (info) => void seen.push(info),
        afterResponse: (info) => void seen.push(info),
        beforeRetry: (info) => void seen.push(info),
      },
    });
    const error = await Promise.resolve(client.getCalls(range)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toBeInstanceOf(CdrkitError);
    expectNoSecret(error, SECRETS);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect((seen[0] as RequestInfo).url).toContain('/cdrs/getcalls/7/');
    expectNoSecret(seen, SECRETS);
  });

  it('leaves no trace in an HTTP 500, nor in hooks', async () => {
    server = await startServer(
      reply(500, JSON.stringify({ error: `internal error for ${encodeURIComponent(password)}` })),
    );
    const seen: unknown[] = [];
    const client = new MixvoipClient({
      ...credentials,
      baseUrl: server.url,
      retry: { limit: 2, baseDelayMs: 1 },
      hooks: {
        beforeRequest: (info) => void seen.push(info),
        afterResponse: (info) => void seen.push(info),
        beforeRetry: (info) => void seen.push(info),
      },
    });
    const error = await Promise.resolve(client.getCalls(range)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.query.get('password')).toBe(password);
    expectNoSecret(error, SECRETS);
    expectNoSecret(seen, SECRETS);
  });

  it('leaves no trace in a timeout', async () => {
    server = await startServer(() => {
      // never answers
    });
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url, timeoutMs: 50, retry: 0 });
    const error = await Promise.resolve(client.getCalls(range)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expectNoSecret(error, SECRETS);
  });

  it('leaves no trace in a malformed answer that echoes it', async () => {
    server = await startServer(reply(200, `[{"type":"CALLIN","data":{"password":"${password}", oops`));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url, retry: 0 });
    const error = await Promise.resolve(client.getCalls(range)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ResponseFormatError', kind: 'syntax' });
    expectNoSecret(error, SECRETS);
  });
});

describe('downloadCsv', () => {
  it('yields the CSV files untouched, one per window, each ending with a line break', async () => {
    server = await startServer(
      answer((request) => ({
        body: `SMS,user,x,"",${pathOf(request.url)?.split('/')[4]} 10:00:00,0,,1,9.00,N/A`,
        headers: { 'content-type': 'text/csv' },
      })),
    );
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const parts: string[] = [];
    for await (const part of client.downloadCsv({ profileId: '7', from: '2024-01-01', to: '2024-09-01' }))
      parts.push(part);
    expect(parts).toEqual([
      'SMS,user,x,"",2024-01-01 10:00:00,0,,1,9.00,N/A\n',
      'SMS,user,x,"",2024-04-01 10:00:00,0,,1,9.00,N/A\n',
      'SMS,user,x,"",2024-07-01 10:00:00,0,,1,9.00,N/A\n',
    ]);
    expect(server.requests.every((request) => pathOf(request.url)?.endsWith('/csv'))).toBe(true);
  });

  it('stops when its signal aborts', async () => {
    server = await startServer(reply(200, 'x\n', 'text/csv'));
    const client = new MixvoipClient({ ...credentials, baseUrl: server.url });
    const controller = new AbortController();
    const iterator = client
      .downloadCsv({ profileId: '7', from: '2024-01-01', to: '2024-09-01', signal: controller.signal })
      [Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await expect(iterator.next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(1);
  });
});
