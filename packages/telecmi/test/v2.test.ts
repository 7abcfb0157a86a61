import { AuthenticationError } from '@cdrkit/core';
import { type Emulator, startEmulator } from '@cdrkit/emulators';
import { expectNoSecret } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeleCmiClient } from '../src/index.js';

const FROM = new Date('2024-03-01T00:00:00Z');
const TO = new Date('2024-03-08T00:00:00Z');

let emu: Emulator<'telecmi'>;

beforeAll(async () => {
  emu = await startEmulator('telecmi', { records: 95, seed: 2, from: FROM, to: TO });
});
afterAll(() => emu?.close());

/** The requests the emulator received while `run` ran, their bodies parsed. */
async function requestsDuring(run: () => Promise<unknown>) {
  const before = emu.requestCount;
  await run();
  return emu.requests
    .slice(-(emu.requestCount - before))
    .map((request) => ({ path: request.path, body: JSON.parse(request.body) as Record<string, unknown> }));
}

describe('apiVersion v2', () => {
  const client = () => new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url, apiVersion: 'v2' });

  it.each([
    ['outAnswered', '/v2/out_answered', 'outanswered'],
    ['outMissed', '/v2/out_missed', 'outmissed'],
    ['answered', '/v2/answered', 'answered'],
    ['missed', '/v2/missed', 'missed'],
  ] as const)(
    '%s posts to %s with secret, never token, 20 a page, and yields every call',
    async (method, path, dataset) => {
      const ids: string[] = [];
      const requests = await requestsDuring(async () => {
        for await (const record of client()[method]({ from: FROM, to: TO, prefetch: 0 }))
          ids.push(String(record.cmiuid));
      });
      expect(requests.map((request) => request.path)).toEqual([path, path, path, path, path]);
      for (const { body } of requests) {
        expect(Object.keys(body).sort()).toEqual([
          'appid',
          'end_date',
          'limit',
          'page',
          'secret',
          'start_date',
        ]);
        expect(body).toMatchObject({
          appid: emu.credentials.appId,
          secret: emu.credentials.token,
          limit: 20,
        });
        expect(body).not.toHaveProperty('token');
      }
      expect(requests.map((request) => request.body.page)).toEqual([1, 2, 3, 4, 5]);
      // v2 rows are the same calls the production shape serves on v1.
      const production = await startEmulator('telecmi', {
        records: 95,
        seed: 2,
        from: FROM,
        to: TO,
        shape: 'production',
      });
      try {
        expect(ids).toEqual([...production.records(dataset)].map((record) => record.cmiuid));
      } finally {
        await production.close();
      }
    },
  );

  it('honours a pageSize of at most 20', async () => {
    const requests = await requestsDuring(() =>
      client().missed({ from: FROM, to: TO, pageSize: 7 }).toArray(),
    );
    expect(requests.map((request) => [request.body.page, request.body.limit])).toEqual(
      Array.from({ length: Math.ceil(95 / 7) }, (_, i) => [i + 1, 7]),
    );
  });

  it('turns the in-body 404 of a wrong secret into AuthenticationError, the secret nowhere in it', async () => {
    const secret = 'wrong-secret-9f8e7d';
    const payloads: unknown[] = [];
    const wrong = new TeleCmiClient({
      ...emu.credentials,
      token: secret,
      baseUrl: emu.url,
      apiVersion: 'v2',
      hooks: {
        beforeRequest: (info) => void payloads.push(info),
        afterResponse: (info) => void payloads.push(info),
        schemaDrift: (event) => void payloads.push(event),
      },
    });
    let error: unknown;
    try {
      await wrong.answered({ from: FROM, to: TO });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecret(error, [secret]);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) expectNoSecret(payload, [secret]);
    expect(emu.requests.some((request) => request.body.includes(secret))).toBe(true);
  });
});

describe('default endpoints', () => {
  /** A fetch that notes where each request was going and delivers it to the emulator instead. */
  function redirectingFetch(urls: string[]): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      urls.push(request.url);
      const target = new URL(request.url);
      const local = new URL(`${target.pathname}${target.search}`, emu.url);
      return fetch(new Request(local, request));
    };
  }

  it('follow the version: piopiy.telecmi.com/v1 by default, rest.telecmi.com/v2 with v2', async () => {
    const urls: string[] = [];
    const fetchImpl = redirectingFetch(urls);
    await new TeleCmiClient({ ...emu.credentials, fetch: fetchImpl }).outAnswered({ from: FROM, to: TO });
    await new TeleCmiClient({ ...emu.credentials, fetch: fetchImpl, apiVersion: 'v1' }).missed({
      from: FROM,
      to: TO,
    });
    await new TeleCmiClient({ ...emu.credentials, fetch: fetchImpl, apiVersion: 'v2' }).outAnswered({
      from: FROM,
      to: TO,
    });
    await new TeleCmiClient({ ...emu.credentials, fetch: fetchImpl, apiVersion: 'v2' }).outMissed({
      from: FROM,
      to: TO,
    });
    expect(urls).toEqual([
      'https://piopiy.telecmi.com/v1/outanswered',
      'https://piopiy.telecmi.com/v1/missed',
      'https://rest.telecmi.com/v2/out_answered',
      'https://rest.telecmi.com/v2/out_missed',
    ]);
  });
});
