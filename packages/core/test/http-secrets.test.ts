import {
  closedPort,
  collectStrings,
  type Handler,
  json,
  startServer,
  type TestServer,
  text,
} from '@cdrkit/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { ClientOptions } from '../src/index.js';
import { ApiError, CdrkitError, type RequestInfo, type ResponseInfo, type RetryInfo } from '../src/index.js';
import { HttpClient, type HttpRequest, type HttpResponse, parseJson, validate } from '../src/provider.js';

const PASSWORD = 'p@ss w0rd&Secret!';
const TOKEN = 'tok-3xAmPlE-9f8e7d6c';
const AUTHCODE = 'a1b2c3d4e5f60718';
const SECRETS = [PASSWORD, TOKEN, AUTHCODE];

/** Every shape the three credentials can take on the wire. */
const FORBIDDEN = SECRETS.flatMap((secret) => [
  secret,
  encodeURIComponent(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
]);

function expectNoSecret(value: unknown): void {
  const strings = collectStrings(value);
  expect(strings.length).toBeGreaterThan(0);
  for (const string of strings) {
    for (const secret of FORBIDDEN) expect(string).not.toContain(secret);
  }
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(...handlers: Handler[]): Promise<TestServer> {
  const server = await startServer(...handlers);
  servers.push(server);
  return server;
}

/** Echoes back what it received, as a careless server does in its error pages. */
const echo =
  (status: number): Handler =>
  (request, response) => {
    const body = `error for ${request.method} ${request.url}\nAuthorization: ${request.headers.authorization ?? ''}\n${request.body}`;
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(body);
  };

interface Seen {
  requests: RequestInfo[];
  responses: ResponseInfo[];
  retries: RetryInfo[];
}

function client(baseUrl: string, options: ClientOptions = {}, seen?: Seen): HttpClient {
  return new HttpClient({
    provider: 'boxis',
    defaultBaseUrl: baseUrl,
    options: {
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 },
      ...(seen && {
        hooks: {
          beforeRequest: (info) => void seen.requests.push(info),
          afterResponse: (info) => void seen.responses.push(info),
          beforeRetry: (info) => void seen.retries.push(info),
        },
      }),
      ...options,
    },
    secrets: SECRETS,
  });
}

/** The three ways credentials travel: a query string, a JSON body and a form body (plus a header). */
const requests: HttpRequest[] = [
  {
    operation: 'getCDR',
    method: 'GET',
    path: '/cdr',
    query: { user: 'ann', password: PASSWORD, from: '2024-01-01' },
  },
  { operation: 'outAnswered', method: 'POST', path: '/v2/cdr', json: { appid: 1, token: TOKEN, page: 2 } },
  { operation: 'getCDR', method: 'POST', path: '/cdr', form: { tenant: 't1', authcode: AUTHCODE } },
  { operation: 'listSdrs', method: 'GET', path: '/sdrs', headers: { authorization: `Bearer ${TOKEN}` } },
];

const parseBody = (response: HttpResponse): unknown =>
  parseJson(response.body, { provider: 'boxis', operation: 'test', body: response.body, secrets: SECRETS });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CdrkitError);
  return error;
}

describe('credentials never leave the HTTP layer', () => {
  it.each(requests.map((request) => [request.operation, request.method, request] as const))(
    'keeps %s %s credentials out of an error that echoes the request',
    async (_operation, _method, request) => {
      const server = await serve(echo(500));
      const error = await failure(client(server.url).send(request, parseBody));
      expect(error).toBeInstanceOf(ApiError);
      // The server did receive the credential; the error only shows it redacted.
      const received = `${server.requests[0]!.url} ${server.requests[0]!.body} ${server.requests[0]!.headers.authorization}`;
      expect(FORBIDDEN.some((secret) => received.includes(secret))).toBe(true);
      expect((error as ApiError).providerMessage).toContain('[REDACTED]');
      expectNoSecret(error);
    },
  );

  it.each(requests.map((request) => [request.operation, request.method, request] as const))(
    'keeps %s %s credentials out of network, timeout and auth errors',
    async (_operation, _method, request) => {
      const port = await closedPort();
      expectNoSecret(await failure(client(`http://127.0.0.1:${port}`).send(request, parseBody)));

      const slow = await serve((_request, response) => {
        setTimeout(() => response.end('{}'), 500);
      });
      expectNoSecret(await failure(client(slow.url, { timeoutMs: 50, retry: 0 }).send(request, parseBody)));

      const denied = await serve(echo(401));
      expectNoSecret(await failure(client(denied.url).send(request, parseBody)));
    },
  );

  it('keeps credentials out of parse errors whose excerpt quotes the body', async () => {
    const body = JSON.stringify({
      result: 1,
      echo: { password: PASSWORD, token: TOKEN },
      cdr: [{ time: 5 }],
    });
    const schema = z.object({ cdr: z.array(z.object({ time: z.string() })) });
    const server = await serve(text(200, body), text(200, `${body.slice(0, -3)}`));
    const http = client(server.url);
    const parse = (response: HttpResponse) => {
      const context = {
        provider: 'boxis' as const,
        operation: 'getCDR',
        body: response.body,
        secrets: SECRETS,
      };
      return validate(schema, parseJson(response.body, context), context);
    };
    const schemaError = await failure(http.send(requests[0]!, parse));
    expect(schemaError).toMatchObject({ kind: 'schema', path: 'cdr[0].time' });
    expectNoSecret(schemaError);
    const syntaxError = await failure(client(server.url, { retry: 0 }).send(requests[0]!, parse));
    expect(syntaxError).toMatchObject({ kind: 'syntax' });
    expectNoSecret(syntaxError);
  });

  it('scrubs an error a provider callback built from the raw answer', async () => {
    const server = await serve(echo(418));
    const http = new HttpClient({
      provider: 'iping',
      defaultBaseUrl: server.url,
      options: { retry: 0 },
      secrets: SECRETS,
      mapHttpError: (response) =>
        new ApiError(`careless: ${response.body}`, {
          status: response.status,
          providerMessage: response.body,
        }),
    });
    const error = await failure(http.send(requests[0]!, parseBody));
    expect((error as ApiError).message).toContain('careless');
    expectNoSecret(error);
  });

  it('scrubs a foreign error thrown by parse and keeps it as a redacted cause', async () => {
    const server = await serve(json(200, {}));
    const error = await failure(
      client(server.url).send(requests[1]!, () => {
        throw new TypeError(`cannot read token ${TOKEN}`);
      }),
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
    expectNoSecret(error);
  });

  it('hands hooks redacted URLs, headers and bodies on every attempt', async () => {
    for (const request of requests) {
      const server = await serve(echo(503), json(200, { ok: true }));
      const seen: Seen = { requests: [], responses: [], retries: [] };
      await client(server.url, {}, seen).send(request, parseBody);
      expect(seen.requests.map((info) => info.attempt)).toEqual([1, 2]);
      expect(seen.responses.map((info) => info.status)).toEqual([503, 200]);
      expect(seen.retries).toHaveLength(1);
      expect(seen.retries[0]!.attempt).toBe(2);
      expect(seen.retries[0]!.error).toBeInstanceOf(ApiError);
      expectNoSecret(seen);
      const shown = `${seen.requests[0]!.url} ${seen.requests[0]!.body} ${JSON.stringify(seen.requests[0]!.headers)}`;
      expect(shown).toContain('[REDACTED]');
    }
  });

  it('redacts the secret-named request parameters even when the client does not list them', async () => {
    const server = await serve(json(200, {}));
    const seen: Seen = { requests: [], responses: [], retries: [] };
    const http = new HttpClient({
      provider: 'mixvoip',
      defaultBaseUrl: server.url,
      options: { hooks: { beforeRequest: (info) => void seen.requests.push(info) } },
      secrets: [],
    });
    await http.send(
      { operation: 'getCalls', method: 'GET', path: '/calls', query: { api_key: 'k-1', q: 'x' } },
      parseBody,
    );
    expect(seen.requests[0]!.url).toBe(`${server.url}/calls?api_key=[REDACTED]&q=x`);
  });
});
