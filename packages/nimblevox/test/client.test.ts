import { ApiError, AuthenticationError, InvalidArgumentError, ResponseFormatError } from '@cdrkit/core';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import {
  answer,
  expectNoSecret,
  type SeenRequest,
  startServer,
  type TestServer,
  text,
} from '@cdrkit/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';

const API_KEY = 'nvx-secret-key-0123456789';
const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server that answers each request with `reply(request, index)` as JSON. */
async function serve(reply: (request: SeenRequest, index: number) => unknown, status = 200) {
  const server = await startServer(
    answer((request, index) => ({ status, body: JSON.stringify(reply(request, index)) })),
  );
  servers.push(server);
  return server;
}

/** The path of a request the server saw. */
const pathOf = (request: SeenRequest | undefined) => new URL(request?.url ?? '', 'http://127.0.0.1').pathname;

/** A minimal SDR as the JSON API carries it. */
export function wireSdr(id: number, billStart: string): Record<string, unknown> {
  return {
    id,
    href: `https://api.nimblevox.com/sdr/${id}`,
    seqnum: id.toString(16).toUpperCase().padStart(30, '0'),
    subscriber: '99999002607',
    billStart,
    billEnd: billStart,
    callingParty: '123456789',
    calledParty: '987654321',
    callType: 'Application_Outdial',
    serviceType: 'Outbound_Call',
    billUnits: 60,
    moneyCharge: 0.03,
    bonusCharge: 0.0,
    endingBalance: -392.15,
    endingBonusBalance: 0.0,
    correlationId: `C${id}`,
    serviceTime: 4,
    clientTime: 14,
    customCallDataList: null,
  };
}

const clientOf = (
  server: TestServer,
  options: Partial<ConstructorParameters<typeof NimblevoxClient>[0]> = {},
) => new NimblevoxClient({ apiKey: API_KEY, baseUrl: server.url, retry: 0, ...options });

const page = (sdrs: unknown[], extra: Record<string, unknown> = {}) => ({
  previous: null,
  next: null,
  count: sdrs.length,
  total: sdrs.length,
  sdrs,
  ...extra,
});

describe('listSdrs requests', () => {
  it('asks for [from, to) as an inclusive range of whole seconds and drops records outside it', async () => {
    const server = await serve(() =>
      page([
        wireSdr(1, '2024-02-29T23:59:59'),
        wireSdr(2, '2024-03-01T00:00:00'),
        wireSdr(3, '2024-03-01T11:59:59'),
        wireSdr(4, '2024-03-01T12:00:00'),
      ]),
    );
    const first = await clientOf(server).listSdrs({
      from: '2024-03-01T00:00:00Z',
      to: '2024-03-01T12:00:00Z',
    });
    expect(first.items.map((sdr) => sdr.id)).toEqual([2, 3]);
    expect(first.next).toBeNull();
    const [request] = server.requests;
    expect(pathOf(request)).toBe('/sdr');
    expect(Object.fromEntries(request!.query)).toEqual({
      apiKey: API_KEY,
      startDate: '2024-03-01T00:00:00',
      endDate: '2024-03-01T11:59:59',
      max: '500',
    });
    expect(request?.headers.accept).toBe('application/json');
  });

  it("writes the dates as wall time in the client's zone", async () => {
    const server = await serve(() => page([]));
    await clientOf(server, { timeZone: 'America/New_York' }).listSdrs({
      from: '2024-03-01T00:00:00Z',
      to: '2024-03-01T00:00:30.500Z',
      pageSize: 10,
      callingParty: '0041616925879',
      calledParty: '+15551234567',
    });
    expect(Object.fromEntries(server.requests[0]!.query)).toMatchObject({
      startDate: '2024-02-29T19:00:00',
      // The last whole second that starts before `to`.
      endDate: '2024-02-29T19:00:30',
      max: '10',
      callingParty: '0041616925879',
      calledParty: '+15551234567',
    });
  });

  it('follows `next` by its offset only, on the configured server, adding back the key and filters', async () => {
    const foreign =
      'https://elsewhere.example/sdr?offset=2&max=2&startDate=1999-01-01T00:00:00&endDate=1999-01-02T00:00:00';
    const server = await serve((_request, index) =>
      index === 0
        ? page([wireSdr(1, '2024-03-01T01:00:00'), wireSdr(2, '2024-03-01T02:00:00')], {
            next: foreign,
            total: 3,
          })
        : page([wireSdr(3, '2024-03-01T03:00:00')], { total: 3 }),
    );
    const sdrs = await clientOf(server)
      .listSdrs({ from: '2024-03-01', to: '2024-03-02', pageSize: 2, callingParty: '123456789' })
      .toArray();
    expect(sdrs.map((sdr) => sdr.id)).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(2);
    expect(Object.fromEntries(server.requests[1]!.query)).toEqual({
      apiKey: API_KEY,
      startDate: '2024-03-01T00:00:00',
      endDate: '2024-03-01T23:59:59',
      callingParty: '123456789',
      max: '2',
      offset: '2',
    });
  });

  it('keeps working behind a proxy whose base URL has a path', async () => {
    const server = await serve((_request, index) =>
      index === 0
        ? page([wireSdr(1, '2024-03-01T01:00:00')], { next: '/sdr?offset=1&max=1', total: 2 })
        : page([wireSdr(2, '2024-03-01T02:00:00')], { total: 2 }),
    );
    const client = new NimblevoxClient({
      apiKey: API_KEY,
      baseUrl: `${server.url}/proxy/nimblevox`,
      retry: 0,
    });
    const sdrs = await client.listSdrs({ from: '2024-03-01', to: '2024-03-02', pageSize: 1 }).toArray();
    expect(sdrs.map((sdr) => sdr.id)).toEqual([1, 2]);
    expect(server.requests.map(pathOf)).toEqual(['/proxy/nimblevox/sdr', '/proxy/nimblevox/sdr']);
    expect(server.requests[1]?.query.get('offset')).toBe('1');
  });

  it('throws ResponseFormatError for a `next` whose offset does not move forward, instead of looping', async () => {
    const server = await serve((request) => {
      const offset = Number(request.query.get('offset') ?? 0);
      // Page 2 links to itself.
      const next = `${server.url}/sdr?offset=${offset === 0 ? 2 : offset}&max=2`;
      return page([wireSdr(offset + 1, '2024-03-01T01:00:00'), wireSdr(offset + 2, '2024-03-01T02:00:00')], {
        next,
        total: 10,
      });
    });
    const error = await clientOf(server)
      .listSdrs({ from: '2024-03-01', to: '2024-03-02', pageSize: 2 })
      .toArray()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).message).toMatch(/does not move forward/);
    expect(server.requests).toHaveLength(2);
  });

  it('throws ResponseFormatError for a `next` that goes back, or has no offset', async () => {
    for (const next of [
      'https://api.nimblevox.com/sdr?offset=0&max=2',
      'https://api.nimblevox.com/sdr?max=2',
    ]) {
      const server = await serve(() => page([wireSdr(1, '2024-03-01T01:00:00')], { next, total: 10 }));
      await expect(
        clientOf(server).listSdrs({ from: '2024-03-01', to: '2024-03-02' }).toArray(),
      ).rejects.toThrow(ResponseFormatError);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('ends a window at an empty page even if it links further', async () => {
    const server = await serve(() => page([], { next: 'https://api.nimblevox.com/sdr?offset=500&max=500' }));
    expect(await clientOf(server).listSdrs({ from: '2024-03-01', to: '2024-03-02' }).toArray()).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('splits a range over 90 days into windows that meet without a gap', async () => {
    const server = await serve(() => page([]));
    await clientOf(server).listSdrs({ from: '2024-01-01', to: '2024-07-19' }).toArray();
    expect(server.requests.map((request) => request.query.get('startDate'))).toEqual([
      '2024-01-01T00:00:00',
      '2024-03-31T00:00:00',
      '2024-06-29T00:00:00',
    ]);
    expect(server.requests.map((request) => request.query.get('endDate'))).toEqual([
      '2024-03-30T23:59:59',
      '2024-06-28T23:59:59',
      '2024-07-18T23:59:59',
    ]);
  });
});

/** A cursor as `listSdrs` writes it: the call in `q`, the window and range in epoch ms, the offset in `at`. */
const CURSOR = {
  p: 'nimblevox',
  op: 'listSdrs',
  q: { max: 2, callingParty: '123456789', format: 'json' },
  from: Date.parse('2024-03-01T00:00:00Z'),
  to: Date.parse('2024-03-02T00:00:00Z'),
  end: Date.parse('2024-03-02T00:00:00Z'),
  at: { offset: 2 },
};

describe('cursors', () => {
  it('are written in the one cursor format, and resume where they point', async () => {
    const server = await serve((_request, index) =>
      index === 0
        ? page([wireSdr(1, '2024-03-01T01:00:00'), wireSdr(2, '2024-03-01T02:00:00')], {
            next: 'https://api.nimblevox.com/sdr?offset=2&max=2',
            total: 3,
          })
        : page([wireSdr(3, '2024-03-01T03:00:00')], { total: 3 }),
    );
    const range = { from: '2024-03-01T00:00:00Z', to: '2024-03-02T00:00:00Z' };
    const first = await clientOf(server).listSdrs({ ...range, pageSize: 2, callingParty: '123456789' });
    expect(first.next).toEqual(CURSOR);
    const rest = await clientOf(server)
      .listSdrs({ cursor: JSON.parse(JSON.stringify(CURSOR)) })
      .toArray();
    expect(rest.map((sdr) => sdr.id)).toEqual([3]);
    expect(Object.fromEntries(server.requests[1]!.query)).toMatchObject({
      callingParty: '123456789',
      max: '2',
      offset: '2',
    });
  });

  it("keep a link's `max` in the position while it differs from the call's", async () => {
    const server = await serve((_request, index) =>
      index === 0
        ? page([wireSdr(1, '2024-03-01T01:00:00')], {
            next: 'https://api.nimblevox.com/sdr?offset=1&max=1',
            total: 3,
          })
        : page([wireSdr(2, '2024-03-01T02:00:00')], { total: 3 }),
    );
    const first = await clientOf(server).listSdrs({ from: '2024-03-01', to: '2024-03-02', pageSize: 50 });
    expect(first.next).toMatchObject({ q: { max: 50 }, at: { offset: 1, max: 1 } });
    await clientOf(server).listSdrs({ cursor: first.next! });
    expect(server.requests[1]?.query.get('max')).toBe('1');
  });
});

describe('completeness: no silent truncation', () => {
  /** 100 SDRs of 2024-03-01, at most `cap` a page, with `link` computing each next link (or none). */
  function cappedServer(
    cap: number,
    link: (offset: number, served: number, max: number) => number | null,
    options: { total?: boolean } = {},
  ) {
    const all = Array.from({ length: 100 }, (_, i) =>
      wireSdr(
        i + 1,
        `2024-03-01T${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`,
      ),
    );
    return serve((request) => {
      const offset = Number(request.query.get('offset') ?? 0);
      const max = Number(request.query.get('max') ?? 500);
      const sdrs = all.slice(offset, offset + Math.min(max, cap));
      const nextOffset = sdrs.length === 0 ? null : link(offset, sdrs.length, max);
      return page(sdrs, {
        next: nextOffset === null ? null : `https://api.nimblevox.com/sdr?offset=${nextOffset}&max=${max}`,
        total: options.total === false ? null : all.length,
        count: sdrs.length,
      });
    });
  }
  const ids = (sdrs: { id: number | string }[]) => sdrs.map((sdr) => Number(sdr.id));
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('never follows a next link past what the page held (a server that caps pages but links by max)', async () => {
    const server = await cappedServer(7, (offset, _served, max) =>
      offset + max < 100 ? offset + max : null,
    );
    const sdrs = await clientOf(server)
      .listSdrs({ from: '2024-03-01', to: '2024-03-02', pageSize: 50 })
      .toArray();
    expect(ids(sdrs)).toEqual(oneToHundred);
    expect(server.requests.map((request) => request.query.get('offset') ?? '0').slice(0, 3)).toEqual([
      '0',
      '7',
      '14',
    ]);
  });

  it('goes on from what was received when a short page has no link but the total says more exist', async () => {
    const server = await cappedServer(7, () => null);
    const sdrs = await clientOf(server).listSdrs({ from: '2024-03-01', to: '2024-03-02' }).toArray();
    expect(ids(sdrs)).toEqual(oneToHundred);
    expect(server.requests).toHaveLength(Math.ceil(100 / 7));
  });

  it('ends a window at a page without a link when there is no total to say otherwise', async () => {
    const server = await cappedServer(
      7,
      (offset, served) => (offset + served < 100 ? offset + served : null),
      {
        total: false,
      },
    );
    const sdrs = await clientOf(server).listSdrs({ from: '2024-03-01', to: '2024-03-02' }).toArray();
    expect(ids(sdrs)).toEqual(oneToHundred);
    expect(server.requests).toHaveLength(Math.ceil(100 / 7));
  });

  it('prefetches by the page size the server serves, not the one asked', async () => {
    const server = await cappedServer(7, (offset, served) =>
      offset + served < 100 ? offset + served : null,
    );
    const sdrs = await clientOf(server)
      .listSdrs({ from: '2024-03-01', to: '2024-03-02', pageSize: 50, prefetch: 4 })
      .toArray();
    expect(ids(sdrs)).toEqual(oneToHundred);
    // 15 pages; guesses made before the first answer showed 7 a page are the only ones wasted.
    expect(server.requests.length).toBeLessThanOrEqual(Math.ceil(100 / 7) + 4);
  });
});

describe('listSdrs in XML', () => {
  it('asks for XML and reads it into the same records as JSON', async () => {
    const record = wireSdr(9, '2024-03-01T01:00:00');
    const xml = `<result xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><count>1</count><total>1</total><sdrs>
      <sdr id='9' href='${record.href}'>${Object.entries(record)
        .filter(([name]) => name !== 'id' && name !== 'href' && name !== 'customCallDataList')
        .map(([name, value]) => `<${name}>${String(value).replace(/_/g, ' ')}</${name}>`)
        .join('')}<customCallDataList/></sdr></sdrs></result>`;
    const server = await startServer(
      answer((request) =>
        request.headers.accept === 'application/xml'
          ? { body: xml, headers: { 'content-type': 'application/xml' } }
          : { body: JSON.stringify(page([record])) },
      ),
    );
    servers.push(server);
    const range = { from: '2024-03-01', to: '2024-03-02' };
    const fromXml = await clientOf(server).listSdrs({ ...range, format: 'xml' });
    const fromJson = await clientOf(server).listSdrs(range);
    expect(server.requests.map((request) => request.headers.accept)).toEqual([
      'application/xml',
      'application/json',
    ]);
    expect(fromXml.items).toHaveLength(1);
    expect(fromXml.items).toEqual(fromJson.items);
  });

  it('says so when XML comes back to a request for JSON', async () => {
    const server = await startServer(
      text(200, '<result><sdrs/></result>', { 'content-type': 'application/xml' }),
    );
    servers.push(server);
    await expect(clientOf(server).listSdrs({ from: '2024-03-01', to: '2024-03-02' })).rejects.toThrow(
      /format: 'xml'/,
    );
  });
});

describe('errors', () => {
  it('turns 401 into AuthenticationError without the key', async () => {
    const server = await serve(() => ({ error: `bad key ${API_KEY}` }), 401);
    const error = await clientOf(server)
      .listSdrs({ from: '2024-03-01', to: '2024-03-02' })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).providerMessage).toBe('bad key [REDACTED]');
    expectNoSecret(error, [API_KEY]);
  });

  it('turns 406 into an ApiError that names the formats that exist', async () => {
    const server = await serve(() => ({ message: 'Not Acceptable' }), 406);
    const error = await clientOf(server)
      .getSdr(3)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 406,
      provider: 'nimblevox',
      operation: 'getSdr',
      providerMessage: 'Not Acceptable',
    });
    expect((error as ApiError).message).toMatch(/json/);
    expect((error as ApiError).message).toMatch(/xml/);
  });

  it('throws InvalidArgumentError for bad input before any request', async () => {
    const server = await serve(() => page([]));
    const client = clientOf(server);
    const range = { from: '2024-03-01', to: '2024-03-02' };
    const calls = [
      () => client.listSdrs({ from: '2024-03-02', to: '2024-03-01' }),
      () => client.listSdrs({ from: '2024-03-01', to: '2024-03-01' }),
      () => client.listSdrs({ from: 'yesterday', to: '2024-03-01' }),
      () => client.listSdrs({ from: '2024-03-01', to: 'soon' }),
      () => client.listSdrs({ ...range, pageSize: 501 }),
      () => client.listSdrs({ ...range, pageSize: 0 }),
      () => client.listSdrs({ ...range, pageSize: 12.5 }),
      () => client.listSdrs({ ...range, format: 'csv' as 'json' }),
      () => client.listSdrs({ ...range, callingParty: '' }),
      () => client.listSdrs({ from: '2024-03-01' } as { from: string; to: string }),
      () => client.listSdrs({ cursor: { p: 'telecmi', op: 'outAnswered' } }),
      () => client.listSdrs({ cursor: { p: 'nimblevox', op: 'listSdrs', offset: -1 } }),
      () => client.listSdrs({ cursor: { ...CURSOR, at: { offset: -1 } } }),
      () => client.listSdrs({ cursor: { ...CURSOR, at: { offset: 2, max: 501 } } }),
      () => client.listSdrs({ cursor: { ...CURSOR, q: { max: 0, format: 'json' } } }),
      () => client.listSdrs({ cursor: { ...CURSOR, q: { max: 2, format: 'csv' } } }),
      () => client.listSdrs({ cursor: { ...CURSOR, to: CURSOR.end + 1 } }),
      () => client.getSdr('three'),
      () => client.getSdr(-1),
      () => client.getSdr(3, { format: 'csv' as 'json' }),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toThrow(InvalidArgumentError);
    }
    expect(() => new NimblevoxClient({ apiKey: '' })).toThrow(InvalidArgumentError);
    expect(() => new NimblevoxClient({} as { apiKey: string })).toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('says what to change in an InvalidArgumentError', async () => {
    const server = await serve(() => page([]));
    await expect(
      clientOf(server).listSdrs({ from: '2024-03-01', to: '2024-03-02', pageSize: 1000 }),
    ).rejects.toThrow(/1 to 500/);
  });
});

describe('getSdr', () => {
  it('asks for /sdr/{id} with the key and reads the record', async () => {
    const server = await serve(() => wireSdr(42, '2024-03-01T01:00:00'));
    const sdr = await clientOf(server).getSdr('42');
    expect(sdr).toMatchObject({
      id: 42,
      callType: 'Application Outdial',
      moneyCharge: '0.03',
      endingBalance: '-392.15',
    });
    expect(pathOf(server.requests[0])).toBe('/sdr/42');
    expect(server.requests[0]?.query.get('apiKey')).toBe(API_KEY);
  });
});
