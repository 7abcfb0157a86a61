/**
 * Credentials never leave the client: for every provider and every way a call can fail (HTTP
 * errors, error bodies that echo the request back, bodies that do not parse or do not match,
 * timeouts, aborts, refused and dropped connections), the error, its stack, its cause chain and
 * every property (enumerable or not) are free of the credential, and so is every payload the
 * hooks see. A `next` link or a redirect to another origin never receives a credential.
 */

import type { ServerResponse } from 'node:http';
import { BoxisClient } from '@cdrkit/boxis';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  CdrkitError,
  type ClientOptions,
  NetworkError,
  RateLimitError,
  ResponseFormatError,
  TimeoutError,
} from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';
import {
  closedPort,
  exposedText,
  type Handler,
  type SeenRequest,
  startServer,
  type TestServer,
} from '@cdrkit/test-helpers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caught, collectIds, FAST_RETRY, PROVIDERS, SUBJECTS } from './harness.js';

/**
 * Everything `value` exposes (test-helpers' `exposedText`: every reachable string and how
 * `util.inspect` shows it), plus `String(value)` and its JSON: what a log line could ever show.
 */
function everything(value: unknown): string {
  let printed = '';
  try {
    printed = `${String(value)}\n${JSON.stringify(value) ?? ''}`;
  } catch {
    // A cycle, or a value without toString: exposedText has it.
  }
  return `${exposedText(value)}\n${printed}`;
}

/** The forms a credential takes on the wire and in error texts. */
function secretForms(secret: string): string[] {
  const xml = secret.replace(
    /[&<>"']/g,
    (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`,
  );
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      xml,
    ]),
  ];
}

/** The credential values (in every form) that occur in what `value` exposes, if any. */
function leakedSecrets(value: unknown, secrets: readonly string[]): string[] {
  const text = everything(value);
  return [...new Set(secrets.flatMap(secretForms))].filter((form) => text.includes(form));
}

/** In every credential below: any trace of it in an error or payload is a leak, whole or in part. */
const MARK = 'Zq9xMark';

/** Credentials with every character that an encoding could turn into another spelling. */
const CREDENTIALS = {
  telecmi: { appId: 4242, token: `tok ${MARK}-1&+"é<#%=` },
  boxis: { userName: 'ops@example.ch', userKey: `key ${MARK}-2&+"é<#%=`, tenant: 'VOICE-12001-1' },
  mixvoip: { userName: 'reseller', password: `pw ${MARK}-3&+"é<#%=` },
  iping: { userName: 'notify', password: `pw ${MARK}-4&+"é<'#%=` },
  nimblevox: { apiKey: `nvx_${MARK}-5&+é#%=` },
} as const;

type Provider = keyof typeof CREDENTIALS;

/** One list call of each provider against `baseUrl`: the first page (one request, plus retries). */
function callOf(provider: Provider, baseUrl: string, options: ClientOptions, signal?: AbortSignal) {
  const range = { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' };
  const call = signal === undefined ? {} : { signal };
  switch (provider) {
    case 'telecmi':
      return () =>
        new TeleCmiClient({ ...CREDENTIALS.telecmi, baseUrl, ...options }).outAnswered({ ...range, ...call });
    case 'boxis':
      return () =>
        new BoxisClient({ ...CREDENTIALS.boxis, baseUrl, ...options }).getCDR({ ...range, ...call });
    case 'mixvoip':
      return () =>
        new MixvoipClient({ ...CREDENTIALS.mixvoip, baseUrl, ...options }).getCalls({
          profileId: '123456',
          ...range,
          ...call,
        });
    case 'iping':
      return () =>
        new IpingClient({ ...CREDENTIALS.iping, baseUrl, ...options }).getOutboundItems({
          ...range,
          ...call,
        });
    case 'nimblevox':
      return () =>
        new NimblevoxClient({ ...CREDENTIALS.nimblevox, baseUrl, ...options }).listSdrs({
          ...range,
          ...call,
        });
  }
}

/** Everything the careless server saw, as it would print it into an error page. */
function echo(request: SeenRequest): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('\n');
  return `${request.method} ${request.url}\n${headers}\n\n${request.body}\n${decodeURIComponent(request.url)}`;
}

/** Every parameter value of the request, bare, with no name beside it: what no name rule can catch. */
function bareValues(request: SeenRequest): string {
  const values = [...new URL(request.url, 'http://x').searchParams.values()];
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('form')) values.push(...new URLSearchParams(request.body).values());
  if (type.includes('json')) values.push(...Object.values(JSON.parse(request.body) as object).map(String));
  if (type.includes('xml')) {
    for (const [, value = ''] of request.body.matchAll(/value="([^"]*)"/g)) {
      values.push(value.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name] ?? ''));
    }
  }
  return `rejected: ${values.join(' | ')}`;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const xmlEscape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`,
  );

function send(response: ServerResponse, status: number, type: string, body: string, headers = {}): void {
  response.writeHead(status, { 'content-type': type, ...headers });
  response.end(body);
}

const nowSec = () => Math.floor(Date.now() / 1000);

/** A 200 answer in the provider's own envelope that reports an error, echoing the request. */
function inBodyError(provider: Provider): Handler {
  return (request, response) => {
    const text = echo(request);
    switch (provider) {
      case 'telecmi':
        // 400, not 401: an in-body 401/403/404 is an AuthenticationError (see docs/providers/telecmi.md).
        return send(response, 200, 'application/json', JSON.stringify({ code: 400, msg: text }));
      case 'boxis':
        return send(
          response,
          200,
          'application/json',
          JSON.stringify({
            result: '0',
            resulttxt: `Error: Authentication failed ${text}`,
            timestamp: nowSec(),
          }),
        );
      case 'mixvoip':
        return send(response, 200, 'application/json', JSON.stringify({ error: text }));
      case 'iping':
        return send(
          response,
          200,
          'text/xml',
          `<?xml version="1.0"?>\n<bSmartXML>\n<pduType value="ERR"/>\n<error>\n<code value="100"/>\n<description value="${xmlEscape(text)}"/>\n</error>\n</bSmartXML>`,
        );
      case 'nimblevox':
        return send(response, 200, 'application/json', JSON.stringify({ status: 400, message: text }));
    }
  };
}

/** A 200 answer that parses but matches nothing documented, with the request in its fields. */
function wrongShape(provider: Provider): Handler {
  return (request, response) => {
    const text = echo(request);
    if (provider === 'iping') {
      return send(response, 200, 'text/html', `<html><body><pre>${xmlEscape(text)}</pre></body></html>`);
    }
    const body =
      provider === 'boxis'
        ? {
            result: '1',
            resulttxt: text,
            params: { cdr: { [text.slice(0, 300)]: { start: text } } },
            timestamp: nowSec(),
          }
        : provider === 'mixvoip'
          ? [{ type: text, data: { call_start: text, source: 7 } }]
          : { cdr: text, total: text, sdrs: [{ id: text, billStart: text }], next: text, count: text };
    return send(response, 200, 'application/json', JSON.stringify(body));
  };
}

interface Scenario {
  name: string;
  handler: Handler;
  options?: ClientOptions;
  /** Abort the call this many ms after it starts. */
  abortAfterMs?: number;
  /** Use a port nothing listens on. */
  refused?: boolean;
  expected: (provider: Provider) => new (...args: never[]) => CdrkitError;
}

const status =
  (code: number, type = 'text/plain', body: (request: SeenRequest) => string = echo, headers = {}): Handler =>
  (request, response) =>
    send(response, code, type, body(request), headers);

const SCENARIOS: Scenario[] = [
  { name: 'HTTP 400 echoing the request', handler: status(400), expected: () => ApiError },
  { name: 'HTTP 401 echoing the request', handler: status(401), expected: () => AuthenticationError },
  { name: 'HTTP 403 echoing the request', handler: status(403), expected: () => AuthenticationError },
  {
    name: 'HTTP 404 echoing the request',
    handler: status(404),
    expected: (provider) => (provider === 'telecmi' ? AuthenticationError : ApiError),
  },
  {
    name: 'HTTP 429 echoing the request',
    handler: status(429, 'text/plain', echo, { 'retry-after': '3' }),
    options: { retry: 0 },
    expected: () => RateLimitError,
  },
  { name: 'HTTP 500 echoing the request, after a retry', handler: status(500), expected: () => ApiError },
  {
    name: 'HTTP 500 quoting every parameter value bare (Boxis: the authcode)',
    handler: status(500, 'text/plain', bareValues),
    expected: () => ApiError,
  },
  {
    name: '200 whose body does not parse, quoting every parameter value bare',
    handler: status(200, 'application/json', (request) => `[${bareValues(request)}`),
    expected: () => ResponseFormatError,
  },
  {
    name: 'HTTP 500 with a JSON error body echoing the request',
    handler: status(500, 'application/json', (request) =>
      JSON.stringify({ error: echo(request), message: echo(request), msg: echo(request), code: 500 }),
    ),
    expected: () => ApiError,
  },
  {
    name: 'HTTP 500 with an XML error body echoing the request',
    handler: status(
      500,
      'application/xml',
      (request) => `<error> <status>500</status> <message>${xmlEscape(echo(request))}</message> </error>`,
    ),
    expected: () => ApiError,
  },
  {
    name: '200 whose body does not parse, echoing the request',
    handler: status(200, 'application/json', (request) => `{"echo": "${echo(request)}`),
    expected: () => ResponseFormatError,
  },
  {
    name: '200 whose body has the wrong shape, the request in its fields',
    handler: (request, response, index) => wrongShape(providerOf(request))(request, response, index),
    expected: () => ResponseFormatError,
  },
  {
    name: "200 carrying the provider's own error, echoing the request",
    handler: (request, response, index) => inBodyError(providerOf(request))(request, response, index),
    // TeleCMI's only documented credential error is 404; Nimblevox sends errors with an error status only.
    expected: (provider) =>
      provider === 'boxis' || provider === 'iping'
        ? AuthenticationError
        : provider === 'nimblevox'
          ? ResponseFormatError
          : ApiError,
  },
  {
    name: 'a timeout',
    handler: () => {},
    options: { retry: 0, timeoutMs: 80 },
    expected: () => TimeoutError,
  },
  {
    name: 'an abort',
    handler: () => {},
    abortAfterMs: 40,
    expected: () => AbortError,
  },
  {
    name: 'a refused connection',
    handler: () => {},
    refused: true,
    expected: () => NetworkError,
  },
  {
    name: 'a connection dropped mid-body, after echoing half the request',
    handler: (request, response) => {
      const body = Buffer.from(echo(request).repeat(4));
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length * 2 });
      response.write(body, () => response.destroy());
    },
    expected: () => NetworkError,
  },
];

/** Which client sent a request, by what only it sends (the servers answer all five). */
function providerOf(request: SeenRequest): Provider {
  if (request.url.startsWith('/v1/')) return 'telecmi';
  if (request.url.startsWith('/cdrs/')) return 'mixvoip';
  if (request.url.startsWith('/services/')) return 'iping';
  if (request.url.startsWith('/sdr')) return 'nimblevox';
  return 'boxis';
}

/** The credential values of a provider's client (its user name and tenant are not secret). */
function credentialsOf(provider: Provider): string[] {
  return Object.values(CREDENTIALS[provider])
    .map(String)
    .filter((value) => value.includes(MARK));
}

/** The authcodes Boxis signed its requests with: per-request credentials, as secret as the key. */
function authcodesIn(requests: readonly SeenRequest[]): string[] {
  return requests.flatMap((request) => new URLSearchParams(request.body).getAll('authcode'));
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe.each(PROVIDERS as Provider[])('%s: no credential in any error or hook payload', (provider) => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_, scenario) => {
    const server = await startServer(scenario.handler);
    servers.push(server);
    const baseUrl = scenario.refused ? `http://127.0.0.1:${await closedPort()}` : server.url;
    const payloads: unknown[] = [];
    const options: ClientOptions = {
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 },
      hooks: {
        beforeRequest: (info) => void payloads.push(info),
        afterResponse: (info) => void payloads.push(info),
        beforeRetry: (info) => void payloads.push(info),
      },
      ...scenario.options,
    };
    const controller = new AbortController();
    const signal = scenario.abortAfterMs === undefined ? undefined : controller.signal;
    if (scenario.abortAfterMs !== undefined) setTimeout(() => controller.abort(), scenario.abortAfterMs);
    const error = await caught(() => callOf(provider, baseUrl, options, signal)());

    expect(error).toBeInstanceOf(CdrkitError);
    expect(error).toBeInstanceOf(scenario.expected(provider));
    expect(payloads.length).toBeGreaterThan(0);
    if (!scenario.refused) {
      expect(server.requests.length).toBeGreaterThan(0);
      // The server really had the credential in hand, so the test can see a leak.
      expect(server.requests.some((request) => everything(request).includes(MARK))).toBe(
        provider !== 'boxis',
      );
    }
    const secrets = [...credentialsOf(provider), ...authcodesIn(server.requests)];
    expect(leakedSecrets(error, secrets)).toEqual([]);
    expect(everything(error)).not.toContain(MARK);
    for (const payload of payloads) {
      expect(leakedSecrets(payload, secrets)).toEqual([]);
      expect(everything(payload)).not.toContain(MARK);
    }
  });
});

describe('hook payloads of a faulted run against the emulators', () => {
  it.each(PROVIDERS)(
    '%s: every beforeRequest, afterResponse and beforeRetry payload is redacted',
    async (name) => {
      const subject = SUBJECTS[name];
      const emu = await subject.start({
        records: 400,
        seed: 3,
        ...subject.range,
        faults: {
          serverErrorRate: 0.05,
          rateLimitRate: 0.05,
          retryAfterSec: 0,
          dropRate: 0.05,
          malformedRate: 0.05,
        },
      });
      try {
        const payloads: unknown[] = [];
        const kinds = new Set<string>();
        const push = (kind: string) => (info: unknown) => {
          kinds.add(kind);
          payloads.push(info);
        };
        const list = subject.client(emu, {
          retry: FAST_RETRY,
          hooks: {
            beforeRequest: push('request'),
            afterResponse: push('response'),
            beforeRetry: push('retry'),
          },
        });
        const ids = await collectIds(subject, list(subject.range, { pageSize: 10 }));
        expect(ids).toHaveLength(400);
        expect([...kinds].sort()).toEqual(['request', 'response', 'retry']);
        const secrets = subject.secrets(emu);
        // The emulator saw the credential (or, for Boxis, signatures made from it) in the clear.
        const authcodes = emu.requests.flatMap((request) =>
          new URLSearchParams(request.body).getAll('authcode'),
        );
        for (const payload of payloads)
          expect(leakedSecrets(payload, [...secrets, ...authcodes])).toEqual([]);
      } finally {
        await emu.close();
      }
    },
  );
});

describe('links and redirects to another origin', () => {
  let foreign: TestServer;
  beforeAll(async () => {
    foreign = await startServer((_, response) => send(response, 200, 'application/json', '{}'));
  });
  afterAll(() => foreign.close());

  it.each(['json', 'xml'] as const)(
    'nimblevox follows `next` links to a foreign origin without sending it anything (%s)',
    async (format) => {
      const subject = SUBJECTS.nimblevox;
      const emu = await startEmulator('nimblevox', {
        records: 600,
        seed: 4,
        ...subject.range,
        linkOrigin: foreign.url,
      });
      try {
        const list = subject.client(emu, { retry: FAST_RETRY });
        const first = await list(subject.range, { pageSize: 50, format });
        // The links really point at the foreign origin.
        expect(JSON.stringify(first.items[0])).toContain(foreign.url);
        const ids = await collectIds(subject, list(subject.range, { pageSize: 50, format }));
        expect(ids).toHaveLength(600);
        expect(foreign.requests).toEqual([]);
        // Every page went to the configured origin, with the key.
        expect(emu.requests.filter((request) => request.path === '/sdr').length).toBeGreaterThanOrEqual(12);
      } finally {
        await emu.close();
      }
    },
  );

  it.each(PROVIDERS as Provider[])(
    '%s: a redirect to another origin is not followed: the credential never goes there',
    async (provider) => {
      const before = foreign.requests.length;
      // A redirect that keeps the path and query string, as a moved API's server would send.
      const server = await startServer((request, response) => {
        response.writeHead(307, { location: `${foreign.url}${request.url}` });
        response.end();
      });
      servers.push(server);
      const error = await caught(() => callOf(provider, server.url, { retry: FAST_RETRY })());
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(307);
      expect((error as ApiError).message).toContain(foreign.url);
      expect(foreign.requests.slice(before)).toEqual([]);
      expect(server.requests).toHaveLength(1);
      const secrets = [...credentialsOf(provider), ...authcodesIn(server.requests)];
      expect(leakedSecrets(error, secrets)).toEqual([]);
      expect(everything(error)).not.toContain(MARK);
    },
  );
});
