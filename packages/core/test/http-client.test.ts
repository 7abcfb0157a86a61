import { type Handler, json, startServer, type TestServer, text } from '@cdrkit/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientOptions } from '../src/index.js';
import { AbortError, CdrkitError, InvalidArgumentError } from '../src/index.js';
import { HttpClient, type HttpResponse } from '../src/provider.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(...handlers: Handler[]): Promise<TestServer> {
  const server = await startServer(...handlers);
  servers.push(server);
  return server;
}

function client(options: ClientOptions, defaultBaseUrl = 'https://api.example.com'): HttpClient {
  return new HttpClient({ provider: 'nimblevox', defaultBaseUrl, options, secrets: ['key-123456'] });
}

const asText = (response: HttpResponse): string => response.body;

describe('HttpClient construction', () => {
  it.each([
    ['baseUrl', { baseUrl: 'ftp://example.com' }],
    ['baseUrl', { baseUrl: 'not a url' }],
    ['baseUrl', { baseUrl: 'https://user:key-123456@example.com' }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['timeoutMs', { timeoutMs: -5 }],
    ['retry', { retry: -1 }],
    ['retry.limit', { retry: { limit: 1.5 } }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: -1 } }],
    ['requestsPerSecond', { requestsPerSecond: 0 }],
    ['maxResponseBytes', { maxResponseBytes: 0 }],
    ['timeZone', { timeZone: 'Mars/Olympus_Mons' }],
  ] as const)('rejects a bad %s with InvalidArgumentError', (argument, options) => {
    let error: unknown;
    try {
      client(options as ClientOptions);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect((error as InvalidArgumentError).provider).toBe('nimblevox');
    expect((error as Error).message).not.toContain('key-123456');
  });

  it('takes the provider defaults and strips trailing slashes from baseUrl', () => {
    const http = new HttpClient({
      provider: 'boxis',
      defaultBaseUrl: 'https://boxis.example/api/',
      defaultTimeZone: 'Europe/Zurich',
      options: {},
      secrets: [],
    });
    expect(http.baseUrl).toBe('https://boxis.example/api');
    expect(http.timeZone).toBe('Europe/Zurich');
    expect(client({ baseUrl: 'http://127.0.0.1:9//', timeZone: 'America/New_York' }).baseUrl).toBe(
      'http://127.0.0.1:9',
    );
    expect(client({}).timeZone).toBe('UTC');
  });

  it('keeps only non-empty secrets and redacts them', () => {
    const http = new HttpClient({
      provider: 'iping',
      defaultBaseUrl: 'https://x.example',
      options: {},
      secrets: ['', 'hunter22'],
    });
    expect(http.secrets).toEqual(['hunter22']);
    expect(http.redact('pw hunter22 and hunter%32%32')).toBe('pw [REDACTED] and hunter%32%32');
  });
});

describe('HttpClient requests', () => {
  it('joins the path to baseUrl, leaves out undefined query values and sends the default user agent', async () => {
    const server = await serve(text(200, 'ok'));
    await client({ baseUrl: `${server.url}/api/` }).send(
      { operation: 'listSdrs', method: 'GET', path: 'v1/sdrs', query: { a: 'x y', b: undefined, c: 3 } },
      asText,
    );
    expect(server.requests[0]!.url).toBe('/api/v1/sdrs?a=x+y&c=3');
    expect(server.requests[0]!.headers['user-agent']).toBe('cdrkit/0.1.0');
  });

  it('sends an absolute path as is, and a custom user agent', async () => {
    const server = await serve(text(200, 'ok'));
    await client({ userAgent: 'billing-sync/2.0' }).send(
      { operation: 'getSdr', method: 'GET', path: `${server.url}/elsewhere?x=1`, query: { y: 2 } },
      asText,
    );
    expect(server.requests[0]!.url).toBe('/elsewhere?x=1&y=2');
    expect(server.requests[0]!.headers['user-agent']).toBe('billing-sync/2.0');
  });

  it('encodes JSON and form bodies with their content types, and lets headers override', async () => {
    const server = await serve(text(200, 'ok'));
    const http = client({ baseUrl: server.url });
    await http.send({ operation: 'a', method: 'POST', path: '/j', json: { n: 1, s: 'é' } }, asText);
    await http.send({ operation: 'b', method: 'POST', path: '/f', form: { a: 'x y', b: '&' } }, asText);
    await http.send(
      { operation: 'c', method: 'POST', path: '/x', body: '<r/>', headers: { 'Content-Type': 'text/xml' } },
      asText,
    );
    expect(server.requests.map((request) => [request.headers['content-type'], request.body])).toEqual([
      ['application/json', '{"n":1,"s":"é"}'],
      ['application/x-www-form-urlencoded', 'a=x+y&b=%26'],
      ['text/xml', '<r/>'],
    ]);
  });

  it('decodes a UTF-8 body split across chunks', async () => {
    const server = await serve((_request, response) => {
      const bytes = Buffer.from('"Zürich – 東京"');
      response.writeHead(200);
      response.write(bytes.subarray(0, 3));
      setTimeout(() => response.end(bytes.subarray(3)), 10);
    });
    await expect(
      client({ baseUrl: server.url }).send({ operation: 'a', method: 'GET', path: '/' }, asText),
    ).resolves.toBe('"Zürich – 東京"');
  });

  it('sends through the fetch passed in the options', async () => {
    const server = await serve(text(200, 'ok'));
    const urls: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    await client({ baseUrl: server.url, fetch: countingFetch }).send(
      { operation: 'a', method: 'GET', path: '/x' },
      asText,
    );
    expect(urls).toEqual([`${server.url}/x`]);
  });

  it('rejects an invalid header with InvalidArgumentError, without sending', async () => {
    const server = await serve(text(200, 'ok'));
    const error = await client({ baseUrl: server.url })
      .send(
        { operation: 'a', method: 'GET', path: '/', headers: { 'x-api-key': 'key-123456\nInjected: 1' } },
        asText,
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).not.toContain('key-123456');
    expect(server.requests).toHaveLength(0);
  });
});

describe('HttpClient rate limit', () => {
  it('spaces every request of one client, parallel calls included', async () => {
    const server = await serve(text(200, 'ok'));
    const sentAt: number[] = [];
    const http = client({
      baseUrl: server.url,
      requestsPerSecond: 20,
      hooks: { beforeRequest: () => void sentAt.push(performance.now()) },
    });
    await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        http.send({ operation: 'a', method: 'GET', path: `/${index}` }, asText),
      ),
    );
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(45);
    const arrivals = server.requests.map((request) => request.at).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(5);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(180);
  });

  it('counts retries against the limit', async () => {
    const server = await serve(text(503, 'busy'), text(200, 'ok'));
    const http = client({ baseUrl: server.url, requestsPerSecond: 10, retry: { baseDelayMs: 0 } });
    await http.send({ operation: 'a', method: 'GET', path: '/' }, asText);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(90);
  });

  it('lets a caller abort while waiting for a slot', async () => {
    const server = await serve(text(200, 'ok'));
    const http = client({ baseUrl: server.url, requestsPerSecond: 1 });
    await http.send({ operation: 'a', method: 'GET', path: '/' }, asText);
    const started = performance.now();
    const error = await http
      .send({ operation: 'a', method: 'GET', path: '/', signal: AbortSignal.timeout(50) }, asText)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(500);
    expect(server.requests).toHaveLength(1);
  });
});

describe('HttpClient hooks', () => {
  it('reports status, redacted response headers and duration after each response', async () => {
    const server = await serve(
      json(200, { ok: true }, { 'set-cookie': 'session=abc', 'x-request-id': 'r1' }),
    );
    const seen: unknown[] = [];
    await client({ baseUrl: server.url, hooks: { afterResponse: (info) => void seen.push(info) } }).send(
      { operation: 'listSdrs', method: 'GET', path: '/s' },
      asText,
    );
    expect(seen).toEqual([
      expect.objectContaining({
        status: 200,
        headers: expect.objectContaining({ 'set-cookie': '[REDACTED]', 'x-request-id': 'r1' }),
        durationMs: expect.any(Number),
        request: expect.objectContaining({
          operation: 'listSdrs',
          method: 'GET',
          url: `${server.url}/s`,
          attempt: 1,
        }),
      }),
    ]);
  });

  it('ends the call with a CdrkitError, without retrying, when a hook throws', async () => {
    const server = await serve(text(503, 'busy'), text(200, 'ok'));
    const hookError = new Error('metrics backend down');
    const error = await client({
      baseUrl: server.url,
      hooks: {
        beforeRetry: () => {
          throw hookError;
        },
      },
    })
      .send({ operation: 'a', method: 'GET', path: '/' }, asText)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CdrkitError);
    expect((error as Error).message).toMatch(/beforeRetry hook threw: metrics backend down/);
    expect((error as Error).cause).toBe(hookError);
    expect(server.requests).toHaveLength(1);
  });

  it('awaits an async beforeRequest hook before sending', async () => {
    const server = await serve(text(200, 'ok'));
    let requestsWhenHookRan = -1;
    await client({
      baseUrl: server.url,
      hooks: {
        beforeRequest: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          requestsWhenHookRan = server.requests.length;
        },
      },
    }).send({ operation: 'a', method: 'GET', path: '/' }, asText);
    expect(requestsWhenHookRan).toBe(0);
    expect(server.requests).toHaveLength(1);
  });
});
