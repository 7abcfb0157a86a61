import { collectStrings, type Handler, json, startServer, type TestServer, text } from '@cdrkit/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  type CallRecord,
  type ClientOptions,
  InvalidArgumentError,
  type ListOptions,
  RateLimitError,
  TimeoutError,
} from '../src/index.js';
import { createPaged, HttpClient, type PageSource } from '../src/provider.js';

const API_KEY = 'k3y-S3cr3t-0042';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(...handlers: Handler[]): Promise<TestServer> {
  const server = await startServer(...handlers);
  servers.push(server);
  return server;
}

function client(server: TestServer, options: ClientOptions = {}): HttpClient {
  return new HttpClient({
    provider: 'nimblevox',
    defaultBaseUrl: server.url,
    options: { retry: { limit: 0, baseDelayMs: 1, maxDelayMs: 5 }, ...options },
    secrets: [API_KEY],
  });
}

interface Item {
  id: string;
}

/** A list method as a provider writes one: the engine's signal goes to `send` as it is. */
function list(http: HttpClient, options: ListOptions = {}) {
  const source: PageSource<Item> = {
    provider: 'nimblevox',
    operation: 'listSdrs',
    first: { p: 'nimblevox', op: 'listSdrs', page: 1 },
    fetchPage: (cursor, signal) =>
      http.send(
        {
          operation: 'listSdrs',
          method: 'GET',
          path: '/sdrs',
          query: { page: cursor.page as number, api_key: API_KEY },
          headers: { 'x-api-key': API_KEY },
          signal,
        },
        (response) => {
          const body = JSON.parse(response.body) as { items: Item[]; next: number | null };
          return { items: body.items, next: body.next === null ? null : { ...cursor, page: body.next } };
        },
      ),
    idOf: (item) => item.id,
    toCallRecord: (item) => ({ id: item.id }) as CallRecord,
  };
  return createPaged(() => source, { signal: options.signal, prefetch: options.prefetch, request: options });
}

/** Page n of two, with the request id the provider puts on every answer. */
const pages: Handler = (request, response) => {
  const page = Number(new URL(request.url, 'http://x').searchParams.get('page'));
  json(
    200,
    { items: [{ id: `r${page}` }], next: page < 2 ? page + 1 : null },
    { 'x-request-id': `req-${page}`, 'set-cookie': 'session=abc' },
  )(request, response, 0);
};

const slow =
  (ms: number): Handler =>
  (request, response, index) => {
    setTimeout(() => pages(request, response, index), ms);
  };

function expectNoSecret(value: unknown): void {
  for (const string of collectStrings(value)) expect(string).not.toContain(API_KEY);
}

describe('per-call options', () => {
  it('a per-call timeoutMs wins over the client’s', async () => {
    const server = await serve(slow(300));
    const http = client(server, { timeoutMs: 5_000 });
    const started = performance.now();
    const error = await list(http, { timeoutMs: 80 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/timeoutMs = 80 ms/);
    expect(performance.now() - started).toBeLessThan(290);
    // The client's own 5 s still applies to a call that sets none.
    await expect(list(http)).resolves.toMatchObject({ items: [{ id: 'r1' }] });
  });

  it('a per-call timeoutMs reaches every page of an iteration', async () => {
    const server = await serve(pages, slow(300));
    const error = await list(client(server, { timeoutMs: 5_000 }), { timeoutMs: 80 })
      .toArray()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(2);
  });

  it('a per-call retry wins over the client’s, both ways', async () => {
    const flaky = await serve(text(503, 'busy'), pages);
    const page = await list(client(flaky), { retry: { limit: 2, baseDelayMs: 1 } });
    expect(page.items).toEqual([{ id: 'r1' }]);
    expect(page.response.attempts).toBe(2);
    expect(flaky.requests).toHaveLength(2);

    const down = await serve(text(503, 'busy'));
    const error = await list(client(down, { retry: { limit: 3, baseDelayMs: 1 } }), { retry: 0 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(down.requests).toHaveLength(1);
  });

  it('sends per-call headers, and never lets them replace the client’s own', async () => {
    const server = await serve(pages);
    const http = client(server);
    await list(http, { headers: { 'x-correlation-id': 'sync-7' } });
    expect(server.requests[0]!.headers['x-correlation-id']).toBe('sync-7');
    expect(server.requests[0]!.headers['x-api-key']).toBe(API_KEY);

    const error = await list(http, { headers: { 'X-Api-Key': 'someone-else' } }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/'x-api-key' is set by the client/);
    expect(server.requests).toHaveLength(1);
  });

  it('takes a single-record call’s options from the request (getSdr, analysis, downloadCsv)', async () => {
    const server = await serve(text(503, 'busy'), pages);
    const http = client(server, { timeoutMs: 5_000 });
    const get = (options: ListOptions) =>
      http.send(
        { operation: 'getSdr', method: 'GET', path: '/sdr/1', options },
        (response) => response.status,
      );
    await expect(get({ retry: { limit: 1, baseDelayMs: 1 }, headers: { 'x-trace': 't1' } })).resolves.toBe(
      200,
    );
    expect(server.requests.map((request) => request.headers['x-trace'])).toEqual(['t1', 't1']);
  });

  it('refuses a bad per-call option when the list method is called, before any request', async () => {
    const server = await serve(pages);
    for (const options of [
      { timeoutMs: -1 },
      { retry: { limit: 1.5 } },
      { headers: { a: 1 } },
    ] as ListOptions[]) {
      const paged = list(client(server), options);
      await expect(paged).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(paged.toArray()).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('page.response', () => {
  it('carries the status, request id, redacted URL and headers of the answer behind each page', async () => {
    const server = await serve(pages);
    const seen = [];
    for await (const page of list(client(server)).pages()) seen.push(page.response);
    expect(seen).toEqual([
      expect.objectContaining({
        status: 200,
        requestId: 'req-1',
        attempts: 1,
        elapsedMs: expect.any(Number),
      }),
      expect.objectContaining({ status: 200, requestId: 'req-2', attempts: 1 }),
    ]);
    expect(seen[0]!.url).toBe(`${server.url}/sdrs?page=1&api_key=[REDACTED]`);
    expect(seen[0]!.headers['set-cookie']).toBe('[REDACTED]');
    expect(seen[0]!.headers['x-request-id']).toBe('req-1');
    expectNoSecret(seen);
  });

  it('serializes whole and redacted, and has no requestId when the answer carries none', async () => {
    const server = await serve(
      json(200, { items: [{ id: 'r1' }], next: null }, { 'x-echo': `key ${API_KEY}`, 'set-cookie': 'a=b' }),
    );
    const page = await list(client(server));
    const plain = JSON.parse(JSON.stringify(page.response)) as Record<string, unknown>;
    expect(plain).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'x-echo': 'key [REDACTED]', 'set-cookie': '[REDACTED]' }),
      url: `${server.url}/sdrs?page=1&api_key=[REDACTED]`,
      attempts: 1,
      elapsedMs: expect.any(Number),
    });
    expect('requestId' in (page.response ?? {})).toBe(false);
    expect({ ...page.response }).toEqual(plain);
  });

  it('is set on the first page that an await returns', async () => {
    const server = await serve(pages);
    const page = await list(client(server));
    expect(page.response).toMatchObject({ status: 200, requestId: 'req-1', attempts: 1 });
  });
});

describe('errors carry the answer behind them', () => {
  it.each([
    [500, ApiError],
    [401, AuthenticationError],
    [429, RateLimitError],
  ] as const)(
    'HTTP %i: %o carries status, redacted headers and the provider’s request id',
    async (status, type) => {
      const server = await serve(
        text(status, 'no', { 'x-request-id': 'req-err-9', 'set-cookie': `k=${API_KEY}` }),
      );
      const error = await list(client(server)).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(type);
      const failed = error as ApiError;
      expect(failed.status).toBe(status);
      expect(failed.requestId).toBe('req-err-9');
      expect(failed.headers?.['x-request-id']).toBe('req-err-9');
      expect(failed.headers?.['set-cookie']).toBe('[REDACTED]');
      expectNoSecret(error);
    },
  );

  it('gives an error the provider built from a 200 body the answer’s request id', async () => {
    const server = await serve(json(200, { error: 'quota' }, { 'x-request-id': 'req-body-1' }));
    const error = await client(server)
      .send({ operation: 'listSdrs', method: 'GET', path: '/' }, () => {
        throw new ApiError('quota exceeded', { provider: 'nimblevox', providerCode: 'quota' });
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).requestId).toBe('req-body-1');
  });
});

describe('the debug logger', () => {
  it('writes one line per request and per retry, with method, redacted URL, status, attempt and time', async () => {
    const server = await serve(text(503, `busy ${API_KEY}`, { 'x-request-id': 'req-a' }), pages);
    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const http = client(server, {
      retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5 },
      logger: { debug: (message, fields) => void lines.push({ message, ...(fields && { fields }) }) },
    });
    await list(http);
    expect(lines.map((line) => line.fields)).toEqual([
      expect.objectContaining({
        method: 'GET',
        status: 503,
        attempt: 1,
        elapsedMs: expect.any(Number),
        requestId: 'req-a',
      }),
      expect.objectContaining({
        attempt: 2,
        maxAttempts: 3,
        delayMs: expect.any(Number),
        reason: 'HTTP 503',
      }),
      expect.objectContaining({ method: 'GET', status: 200, attempt: 2, requestId: 'req-1' }),
    ]);
    expect(lines[0]!.message).toBe(
      `cdrkit nimblevox listSdrs: GET ${server.url}/sdrs?page=1&api_key=[REDACTED] → 503 in ${lines[0]!.fields!.elapsedMs} ms (attempt 1)`,
    );
    expect(lines[1]!.message).toMatch(
      /^cdrkit nimblevox listSdrs: retry: attempt 2 of 3 after \d+ ms \(HTTP 503\)$/,
    );
    // Neither the key (query, header, echoed body) nor any body text reaches the log.
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
    expect(JSON.stringify(lines)).not.toContain('busy');
    expect(JSON.stringify(lines)).not.toContain('"items"');
  });

  it('names the failure of an attempt that got no answer', async () => {
    const server = await serve(slow(300), pages);
    const lines: string[] = [];
    const http = client(server, {
      timeoutMs: 50,
      retry: { limit: 1, baseDelayMs: 1 },
      logger: { debug: (message) => void lines.push(message) },
    });
    await list(http);
    expect(lines[0]).toMatch(/→ TimeoutError in \d+ ms \(attempt 1\)$/);
    expect(lines[1]).toMatch(/retry: attempt 2 of 2 after \d+ ms \(TimeoutError\)$/);
    expect(lines[2]).toMatch(/→ 200 in \d+ ms \(attempt 2\)$/);
  });

  it('refuses a logger without a debug method', async () => {
    const server = await serve(pages);
    expect(() => client(server, { logger: {} as never })).toThrow(InvalidArgumentError);
  });
});
