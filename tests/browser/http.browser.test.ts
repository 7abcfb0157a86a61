/**
 * What the browser adds to HTTP, seen from both ends: CORS preflights, the User-Agent header a
 * page cannot set, a custom fetch (a proxy's), and aborts that reach the request in flight.
 */
import { AbortError } from '@cdrkit/core';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';
import { describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { RANGE } from './shared.js';

const emulators = inject('emulators');
const { from, to } = RANGE;

describe('CORS', () => {
  it('preflights a JSON POST for its Content-Type, and the emulator allows it', async () => {
    const { url, credentials } = emulators.telecmi;
    const since = await commands.emulatorRequestCount('telecmi');
    // Only this test asks for /v1/outmissed, so Chromium has no preflight for it cached yet.
    const page = await new TeleCmiClient({ ...credentials, baseUrl: url }).outMissed({ from, to });
    expect(page.items.length).toBeGreaterThan(0);
    const seen = await commands.emulatorRequests('telecmi', since);
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      'OPTIONS /v1/outmissed',
      'POST /v1/outmissed',
    ]);
    const [preflight, post] = seen;
    expect(preflight?.requestedMethod).toBe('POST');
    expect(preflight?.requestedHeaders?.split(',').map((name) => name.trim())).toContain('content-type');
    expect(post?.origin).toBe(location.origin);
    expect(post?.contentType).toMatch(/^application\/json/);
  });

  it('sends a GET (Nimblevox) with no header that needs a preflight', async () => {
    const { url, credentials } = emulators.nimblevox;
    const since = await commands.emulatorRequestCount('nimblevox');
    await new NimblevoxClient({ ...credentials, baseUrl: url }).listSdrs({ from, to, pageSize: 10 });
    const seen = await commands.emulatorRequests('nimblevox', since);
    expect(seen.map((request) => request.method)).toEqual(['GET']);
  });
});

describe('User-Agent', () => {
  it('lets the browser keep its own User-Agent, even when userAgent is set', async () => {
    const { url, credentials } = emulators.nimblevox;
    const since = await commands.emulatorRequestCount('nimblevox');
    const client = new NimblevoxClient({ ...credentials, baseUrl: url, userAgent: 'billing-sync/2.0' });
    const page = await client.listSdrs({ from, to, pageSize: 5 });
    expect(page.items).toHaveLength(5);
    const [request] = await commands.emulatorRequests('nimblevox', since);
    // Chromium drops a page's User-Agent header without an error: the request still goes out.
    expect(request?.userAgent).toBe(navigator.userAgent);
  });
});

describe('a custom fetch', () => {
  it('carries every request, and may add headers of its own (as a proxy client would)', async () => {
    const { url, credentials } = emulators.nimblevox;
    const sent: string[] = [];
    const proxyFetch: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      sent.push(request.url);
      request.headers.set('x-proxy-key', 'session-42');
      return fetch(request);
    };
    const since = await commands.emulatorRequestCount('nimblevox');
    const client = new NimblevoxClient({ ...credentials, baseUrl: url, fetch: proxyFetch });
    const items = await client.listSdrs({ from, to, pageSize: 400 }).toArray();
    expect(items).toHaveLength(emulators.nimblevox.ids.length);
    const seen = (await commands.emulatorRequests('nimblevox', since)).filter((r) => r.method === 'GET');
    expect(sent).toHaveLength(seen.length);
    expect(seen.every((request) => request.proxyHeader === 'session-42')).toBe(true);
  });

  it('works when it is the window.fetch itself, passed unbound', async () => {
    const { url, credentials } = emulators.nimblevox;
    const client = new NimblevoxClient({ ...credentials, baseUrl: url, fetch: window.fetch });
    await expect(client.listSdrs({ from, to, pageSize: 3 })).resolves.toMatchObject({ items: { length: 3 } });
  });
});

describe('aborting', () => {
  const { url, credentials } = emulators.slow;
  const client = () => new NimblevoxClient({ ...credentials, baseUrl: url });

  it('rejects with AbortError when the signal aborts mid-request, and the request is cancelled', async () => {
    const since = await commands.emulatorRequestCount('slow');
    const controller = new AbortController();
    const pending = client().listSdrs({ from, to, pageSize: 50, signal: controller.signal }).toArray();
    setTimeout(() => controller.abort(), 150);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await expect
      .poll(async () => (await commands.emulatorRequests('slow', since)).at(-1)?.aborted)
      .toBe(true);
  });

  it('cancels the request in flight when a for await loop breaks', async () => {
    const since = await commands.emulatorRequestCount('slow');
    let seen = 0;
    for await (const _sdr of client().listSdrs({ from, to, pageSize: 50, prefetch: 2 })) {
      if (++seen === 10) break;
    }
    expect(seen).toBe(10);
    await expect
      .poll(async () => (await commands.emulatorRequests('slow', since)).some((request) => request.aborted))
      .toBe(true);
  });
});
