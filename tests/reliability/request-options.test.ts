/**
 * Per-call `timeoutMs` and `retry` win over the client's, and every page says which answer it
 * came from (`page.response`), for all five providers: each client talks to its emulator
 * through a `node:http` proxy that stamps an `x-request-id` on every answer and, when a test
 * asks, answers 503 first or answers late.
 */
import type { ServerResponse } from 'node:http';
import { ApiError, type Page, type ProviderName, TimeoutError } from '@cdrkit/core';
import type { Emulator } from '@cdrkit/emulators';
import { type SeenRequest, startServer, type TestServer } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught, type ListExtras, PROVIDERS, SUBJECTS } from './harness.js';

/** What the proxy does to the next requests. */
interface Script {
  /** Requests still to answer 503 before forwarding. */
  failures: number;
  /** Delay before forwarding, in ms. */
  delayMs: number;
}

/** Forwards `request` to `target` and writes the answer back with an `x-request-id` of its own. */
async function forward(
  target: string,
  request: SeenRequest,
  response: ServerResponse,
  id: number,
): Promise<void> {
  const headers = Object.entries(request.headers).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' && !['host', 'content-length'].includes(entry[0]),
  );
  const answer = await fetch(`${target}${request.url}`, {
    method: request.method,
    headers,
    ...(request.method === 'GET' ? {} : { body: request.body }),
  });
  const body = Buffer.from(await answer.arrayBuffer());
  const type = answer.headers.get('content-type');
  response.writeHead(answer.status, {
    ...(type === null ? {} : { 'content-type': type }),
    'content-length': String(body.length),
    'x-request-id': `req-${id}`,
  });
  response.end(body);
}

describe.each(PROVIDERS)('%s: per-call options and page.response', (name: ProviderName) => {
  const subject = SUBJECTS[name];
  const script: Script = { failures: 0, delayMs: 0 };
  let emu: Emulator<ProviderName>;
  let proxy: TestServer;
  let count = 0;

  beforeAll(async () => {
    emu = await subject.start({ records: 30, seed: 18 });
    proxy = await startServer((request, response) => {
      const id = ++count;
      if (script.failures > 0) {
        script.failures--;
        response.writeHead(503, { 'content-type': 'text/plain', 'x-request-id': `req-${id}` });
        response.end('busy');
        return;
      }
      setTimeout(() => {
        forward(emu.url, request, response, id).catch(() => response.destroy());
      }, script.delayMs);
    });
  });
  afterAll(async () => {
    await proxy.close();
    await emu.close();
  });
  beforeEach(() => {
    script.failures = 0;
    script.delayMs = 0;
  });

  /** The client behind the proxy: no retry and a 5 s timeout of its own. */
  const list = () => subject.client(emu, { baseUrl: proxy.url, retry: 0, timeoutMs: 5_000 });

  it('a per-call retry wins over the client’s, and the page names the answer behind it', async () => {
    script.failures = 1;
    const page = (await list()(subject.range, {
      retry: { limit: 2, baseDelayMs: 1 },
    } as ListExtras)) as Page<unknown>;
    expect(page.response).toMatchObject({ status: 200, attempts: 2, requestId: `req-${count}` });
    expect(page.response.url.startsWith(proxy.url)).toBe(true);
    for (const secret of subject.secrets(emu)) expect(JSON.stringify(page.response)).not.toContain(secret);

    // The client's own `retry: 0` still holds for a call that sets none.
    script.failures = 1;
    const error = await caught(() => list()(subject.range));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).requestId).toBe(`req-${count}`);
  });

  it('a per-call timeoutMs wins over the client’s', async () => {
    script.delayMs = 400;
    const started = performance.now();
    const error = await caught(() => list()(subject.range, { timeoutMs: 100 } as ListExtras));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(390);
    // Under the client's 5 s, the same slow answer arrives.
    const page = (await list()(subject.range)) as Page<unknown>;
    expect(page.response.status).toBe(200);
  });
});
