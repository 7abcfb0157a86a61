import type { ServerResponse } from 'node:http';
import { closedPort, type Handler, json, startServer, type TestServer, text } from '@cdrkit/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientOptions } from '../src/index.js';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  NetworkError,
  RateLimitError,
  ResponseFormatError,
  TimeoutError,
} from '../src/index.js';
import { HttpClient, type HttpResponse, parseJson } from '../src/provider.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(...handlers: Handler[]): Promise<TestServer> {
  const server = await startServer(...handlers);
  servers.push(server);
  return server;
}

/** Short delays keep the suite fast; the policy is the default one otherwise. */
const fastRetry = { limit: 3, baseDelayMs: 5, maxDelayMs: 20 };

function client(baseUrl: string, options: ClientOptions = {}): HttpClient {
  return new HttpClient({
    provider: 'telecmi',
    defaultBaseUrl: baseUrl,
    options: { retry: fastRetry, ...options },
    secrets: [],
  });
}

const parseBody = (response: HttpResponse): unknown =>
  parseJson(response.body, { provider: 'telecmi', operation: 'test', body: response.body });

const get = { operation: 'test', method: 'GET', path: '/cdr' } as const;

/** Sends headers promising `length` bytes, writes `sent` of them, then drops the connection. */
function cutOff(sent: string, length: number): Handler {
  return (_request, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(length) });
    response.write(sent);
    setTimeout(() => response.socket?.destroy(), 10);
  };
}

describe('HttpClient retries', () => {
  it('retries a 503 and returns the 200 that follows', async () => {
    const server = await serve(text(503, 'busy'), json(200, { ok: true }));
    await expect(client(server.url).send(get, parseBody)).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('waits out a 429 with Retry-After: 1 and then succeeds', async () => {
    const server = await serve(text(429, 'slow down', { 'retry-after': '1' }), json(200, { ok: 1 }));
    const started = performance.now();
    await expect(client(server.url).send(get, parseBody)).resolves.toEqual({ ok: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('gives up with RateLimitError when Retry-After exceeds maxRetryAfterMs', async () => {
    const server = await serve(text(429, 'later', { 'retry-after': '120' }));
    const error = await client(server.url)
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect((error as RateLimitError).message).toMatch(/maxRetryAfterMs/);
    expect(server.requests).toHaveLength(1);
  });

  it('raises RateLimitError carrying retryAfterMs once retries are spent on 429s', async () => {
    const server = await serve(text(429, 'no', { 'retry-after': '0' }));
    const error = await client(server.url, { retry: { ...fastRetry, limit: 2 } })
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(0);
    expect((error as RateLimitError).provider).toBe('telecmi');
    expect((error as RateLimitError).operation).toBe('test');
    expect(server.requests).toHaveLength(3);
  });

  it('rejects with AbortError within 50 ms when aborted during a retry wait', async () => {
    const server = await serve(text(503, 'busy', { 'retry-after': '30' }));
    const controller = new AbortController();
    let abortedAt = 0;
    const http = client(server.url, {
      hooks: {
        // ky runs beforeRetry once the wait is over: the 503's afterResponse comes before it.
        afterResponse: () => {
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 30);
        },
      },
    });
    const error = await http
      .send({ ...get, signal: controller.signal }, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AbortError);
    expect(abortedAt).toBeGreaterThan(0);
    expect(performance.now() - abortedAt).toBeLessThan(50);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with AbortError at once, sending nothing, when the signal is already aborted', async () => {
    const server = await serve(json(200, {}));
    const error = await client(server.url)
      .send({ ...get, signal: AbortSignal.abort() }, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('aborts the request in flight, which the server sees closed', async () => {
    const server = await serve(() => {
      // never answers
    });
    const controller = new AbortController();
    const pending = client(server.url).send({ ...get, signal: controller.signal }, parseBody);
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await expect.poll(() => server.aborted).toBe(1);
  });

  it('turns a slow answer into TimeoutError naming timeoutMs', async () => {
    const server = await serve((_request, response) => {
      setTimeout(() => response.end('{}'), 1000);
    });
    const error = await client(server.url, { timeoutMs: 100, retry: 1 })
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/timeoutMs = 100 ms/);
    expect(server.requests).toHaveLength(2);
  });

  it('times out a body that stalls after the headers arrived', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"partial":');
    });
    const error = await client(server.url, { timeoutMs: 150, retry: 0 })
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('reports a refused connection as NetworkError after retrying it', async () => {
    const port = await closedPort();
    const error = await client(`http://127.0.0.1:${port}`)
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(/ECONNREFUSED/);
    expect((error as NetworkError).message).toMatch(/attempt 4 of 4/);
  });

  it('retries a body cut off mid-stream', async () => {
    const server = await serve(cutOff('{"items":[1,2,3', 1000), json(200, { items: [1, 2, 3] }));
    await expect(client(server.url).send(get, parseBody)).resolves.toEqual({ items: [1, 2, 3] });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a truncated JSON body through parse’s syntax error', async () => {
    const server = await serve(text(200, '{"items":[1,2'), json(200, { items: [1, 2] }));
    await expect(client(server.url).send(get, parseBody)).resolves.toEqual({ items: [1, 2] });
    expect(server.requests).toHaveLength(2);
  });

  it('retries an error parse marks retryable, and throws it as it is once attempts run out', async () => {
    const server = await serve(json(200, { code: 502 }));
    let calls = 0;
    const error = await client(server.url, { retry: { ...fastRetry, limit: 2 } })
      .send(get, () => {
        calls++;
        throw Object.assign(new ApiError('transient in-body error', { providerCode: '502' }), {
          retryable: true,
        });
      })
      .catch((caught: unknown) => caught);
    expect(calls).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).providerCode).toBe('502');
  });

  it('does not retry a schema error from parse', async () => {
    const server = await serve(json(200, { items: 'no' }));
    const error = await client(server.url)
      .send(get, () => {
        throw new ResponseFormatError('bad shape', { kind: 'schema' });
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry statuses outside retry.statusCodes', async () => {
    const server = await serve(text(404, 'not here'));
    const error = await client(server.url)
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).providerMessage).toBe('not here');
    expect(server.requests).toHaveLength(1);
  });

  it('builds a fresh request for every attempt from a build function', async () => {
    const server = await serve(text(500, 'oops'), json(200, {}));
    const attempts: number[] = [];
    await client(server.url).send((attempt) => {
      attempts.push(attempt);
      return { ...get, query: { attempt } };
    }, parseBody);
    expect(attempts).toEqual([1, 2]);
    expect(server.requests.map((request) => request.url)).toEqual(['/cdr?attempt=1', '/cdr?attempt=2']);
  });

  it('retries POST requests too', async () => {
    const server = await serve(text(502, 'gateway'), json(200, { ok: true }));
    await client(server.url).send({ ...get, method: 'POST', json: { a: 1 } }, parseBody);
    expect(server.requests.map((request) => request.body)).toEqual(['{"a":1}', '{"a":1}']);
  });
});

describe('HttpClient with retries off', () => {
  const once = (url: string): HttpClient => client(url, { retry: 0 });

  it('surfaces a 503 as ApiError with its status', async () => {
    const server = await serve(text(503, 'busy'), json(200, {}));
    const error = await once(server.url)
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('surfaces a truncated body as ResponseFormatError of kind syntax', async () => {
    const server = await serve(text(200, '{"a":'));
    const error = await once(server.url)
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).kind).toBe('syntax');
  });

  it('surfaces a dropped connection as NetworkError', async () => {
    const server = await serve(cutOff('{"a":', 500));
    const error = await once(server.url)
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it('surfaces a 429 as RateLimitError', async () => {
    const server = await serve(text(429, 'no', { 'retry-after': '2' }));
    const error = await once(server.url)
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
  });

  it('maps 401 and 403 to AuthenticationError by default', async () => {
    for (const status of [401, 403]) {
      const server = await serve(text(status, 'denied'));
      const error = await once(server.url)
        .send(get, parseBody)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).status).toBe(status);
    }
  });

  it('lets the provider map an error status, after retries', async () => {
    const server = await serve(text(500, 'x'), text(404, '{"msg":"invalid appid"}'));
    const http = new HttpClient({
      provider: 'telecmi',
      defaultBaseUrl: server.url,
      options: { retry: fastRetry },
      secrets: [],
      mapHttpError: (response, operation) =>
        response.status === 404
          ? new AuthenticationError(`bad app id in ${operation}`, { status: 404 })
          : undefined,
    });
    const error = await http.send(get, parseBody).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe('bad app id in test');
  });
});

describe('HttpClient response size', () => {
  it('refuses a body whose Content-Length passes maxResponseBytes', async () => {
    const server = await serve(text(200, 'x'.repeat(2000)));
    const error = await client(server.url, { maxResponseBytes: 1000 })
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).kind).toBe('schema');
    expect((error as ResponseFormatError).message).toMatch(/maxResponseBytes \(1000 bytes\)/);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a chunked body once the bytes read pass maxResponseBytes', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 20; i++) response.write('y'.repeat(100));
      response.end();
    });
    const error = await client(server.url, { maxResponseBytes: 1000 })
      .send(get, parseBody)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).kind).toBe('schema');
  });

  it('accepts a body exactly at the limit', async () => {
    const server = await serve(text(200, '"abc"'));
    await expect(client(server.url, { maxResponseBytes: 5 }).send(get, parseBody)).resolves.toBe('abc');
  });
});
