import { ApiError, AuthenticationError, InvalidArgumentError, ResponseFormatError } from '@cdrkit/core';
import { readFixture, type SeenRequest, startServer } from '@cdrkit/test-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpingClient } from '../src/index.js';
import { requestFields, xmlAnswer } from './request-fields.js';

type Server = Awaited<ReturnType<typeof startServer>>;

let server: Server;
let respond: (request: SeenRequest) => string = () => readFixture('iping', 'empty.xml');

beforeAll(async () => {
  server = await startServer(xmlAnswer((request) => respond(request)));
});
afterAll(() => server.close());

function client(extra: Partial<ConstructorParameters<typeof IpingClient>[0]> = {}) {
  return new IpingClient({
    userName: 'testdriver',
    password: '12345',
    baseUrl: server.url,
    retry: 0,
    ...extra,
  });
}

/** Requests the server saw while `run` ran. */
async function seen(run: () => PromiseLike<unknown>): Promise<SeenRequest[]> {
  const before = server.requests.length;
  await run();
  return server.requests.slice(before);
}

describe('the request', () => {
  it('POSTs the documented bSmartXML document, byte for byte', async () => {
    const [request] = await seen(() => client().getOutboundItems({ from: '2002-05-11', to: '2002-05-13' }));
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/services/iping.asp');
    expect(request?.headers['content-type']).toMatch(/^text\/xml/);
    expect(request?.body).toBe(readFixture('iping', 'request.xml'));
  });

  it('sends the documented query string with transport query', async () => {
    const [request] = await seen(() =>
      client().getOutboundItems({ from: '2002-05-11', to: '2002-05-13', transport: 'query' }),
    );
    expect(request?.method).toBe('GET');
    const expected = new URL(readFixture('iping', 'request-query.txt').trim());
    const actual = new URL(request!.url, server.url);
    expect(actual.pathname).toBe(expected.pathname);
    expect([...actual.searchParams]).toEqual([...expected.searchParams]);
  });

  it("sends storage_type past by default and 'future' when asked", async () => {
    const requests = await seen(async () => {
      await client().getOutboundItems({ from: '2002-05-11', to: '2002-05-12' });
      await client().getOutboundItems({ from: '2002-05-11', to: '2002-05-12', storageType: 'future' });
      await client().getOutboundItems({
        from: '2002-05-11',
        to: '2002-05-12',
        storageType: 'future',
        transport: 'query',
      });
    });
    expect(requests.map((request) => requestFields(request).storage_type)).toEqual([
      'past',
      'future',
      'future',
    ]);
  });

  it('sends the tracking id, item_start and item_count asked for', async () => {
    const [xml, query] = await seen(async () => {
      const options = {
        from: '2002-05-11',
        to: '2002-05-12',
        trackingId: 'acme125615243',
        itemStart: 40,
        itemCount: 20,
      };
      await client().getOutboundItems(options);
      await client().getOutboundItems({ ...options, transport: 'query' });
    });
    for (const request of [xml!, query!]) {
      expect(requestFields(request)).toMatchObject({
        tracking_id: 'acme125615243',
        item_start: '40',
        item_count: '20',
      });
    }
  });

  it('escapes XML special characters in values', async () => {
    const [request] = await seen(() =>
      client({ userName: 'a&b<"c>' }).getOutboundItems({
        from: '2002-05-11',
        to: '2002-05-12',
        trackingId: "o'k",
      }),
    );
    expect(request?.body).toContain('<user_name value="a&amp;b&lt;&quot;c&gt;"/>');
    expect(request?.body).not.toContain('a&b');
  });

  it('asks for the days that cover the range, end_dt inclusive, in the client time zone', async () => {
    const requests = await seen(async () => {
      await client().getOutboundItems({ from: '2002-05-11T10:00:00', to: '2002-05-12T00:00:00' });
      await client().getOutboundItems({ from: '2002-05-11T10:00:00', to: '2002-05-12T00:00:01' });
      // 03:00 UTC on the 12th is still the 11th in New York (the default zone) …
      await client().getOutboundItems({ from: '2002-05-11T12:00:00Z', to: '2002-05-12T03:00:00Z' });
      // … but the 12th in UTC.
      await client({ timeZone: 'UTC' }).getOutboundItems({
        from: '2002-05-11T12:00:00Z',
        to: '2002-05-12T03:00:01Z',
      });
    });
    expect(
      requests.map((request) => [requestFields(request).start_dt, requestFields(request).end_dt]),
    ).toEqual([
      ['05/11/2002', '05/11/2002'],
      ['05/11/2002', '05/12/2002'],
      ['05/11/2002', '05/11/2002'],
      ['05/11/2002', '05/12/2002'],
    ]);
  });

  it('splits a long range into day-aligned windows that meet with no gap', async () => {
    const requests = await seen(() =>
      client()
        .getOutboundItems({ from: '2024-01-10T15:00:00', to: '2024-03-20T00:00:00', prefetch: 0 })
        .toArray(),
    );
    expect(
      requests.map((request) => [requestFields(request).start_dt, requestFields(request).end_dt]),
    ).toEqual([
      ['01/10/2024', '02/09/2024'],
      ['02/10/2024', '03/11/2024'],
      ['03/12/2024', '03/19/2024'],
    ]);
  });

  it('honours windowSpan', async () => {
    const requests = await seen(() =>
      client()
        .getOutboundItems({ from: '2024-01-01', to: '2024-01-15', windowSpan: { days: 7 }, prefetch: 0 })
        .toArray(),
    );
    expect(requests.map((request) => requestFields(request).start_dt)).toEqual(['01/01/2024', '01/08/2024']);
  });
});

describe('paging', () => {
  it('drops items whose start lies outside [from, to) and keeps the rest', async () => {
    respond = () => readFixture('iping', 'response-attribute.xml');
    try {
      // Item 1001 starts 2:45pm Eastern on 07/28/2003; the range starts at 3pm.
      const page = await client().getOutboundItems({ from: '2003-07-28T15:00:00', to: '2003-07-29' });
      expect(page.items.map((item) => item.item_id)).toEqual([]);
      const all = await client().getOutboundItems({ from: '2003-07-28T14:45:00', to: '2003-07-28T14:45:01' });
      expect(all.items.map((item) => item.item_id)).toEqual(['1001']);
      expect(all.total).toBe(3);
      expect(all.window).toEqual({ from: '2003-07-28T18:45:00.000Z', to: '2003-07-28T18:45:01.000Z' });
    } finally {
      respond = () => readFixture('iping', 'empty.xml');
    }
  });

  /** An answer in the assumed shape holding items `first`… (`count` of them), with `total_count` when given. */
  const itemsAnswer = (first: number, count: number, total?: number) =>
    `<bSmartXML><pduType value="OK"/><data>${total === undefined ? '' : `<total_count value="${total}"/>`}<items>${Array.from(
      { length: count },
      (_, i) =>
        `<item><item_id value="${first + i}"/><notification_dt value="05/11/2002 10:00am"/><timezone_id value="35"/></item>`,
    ).join('')}</items></data></bSmartXML>`;

  it('asks once more after a short page, and ends a window without total_count only at an empty page', async () => {
    respond = (request) => {
      const start = Number(requestFields(request).item_start);
      return itemsAnswer(start, start < 4 ? 2 : start === 4 ? 1 : 0);
    };
    try {
      const requests = await seen(async () => {
        const items = await client()
          .getOutboundItems({ from: '2002-05-11', to: '2002-05-12', itemCount: 2, prefetch: 0 })
          .toArray();
        expect(items.map((item) => item.item_id)).toEqual(['0', '1', '2', '3', '4']);
      });
      expect(requests.map((request) => requestFields(request).item_start)).toEqual(['0', '2', '4', '5']);
    } finally {
      respond = () => readFixture('iping', 'empty.xml');
    }
  });

  it('ends a window when total_count is reached, with no request for an empty page', async () => {
    respond = (request) => {
      const start = Number(requestFields(request).item_start);
      return itemsAnswer(start, Math.max(0, Math.min(2, 5 - start)), 5);
    };
    try {
      const requests = await seen(async () => {
        const items = await client()
          .getOutboundItems({ from: '2002-05-11', to: '2002-05-12', itemCount: 2, prefetch: 0 })
          .toArray();
        expect(items.map((item) => item.item_id)).toEqual(['0', '1', '2', '3', '4']);
      });
      expect(requests.map((request) => requestFields(request).item_start)).toEqual(['0', '2', '4']);
    } finally {
      respond = () => readFixture('iping', 'empty.xml');
    }
  });

  it('reads all 230 items of a server that answers 50 whatever item_count asks', async () => {
    for (const withTotal of [true, false]) {
      respond = (request) => {
        const start = Number(requestFields(request).item_start);
        return itemsAnswer(start, Math.max(0, Math.min(50, 230 - start)), withTotal ? 230 : undefined);
      };
      try {
        for (const prefetch of [0, 4]) {
          const requests = await seen(async () => {
            const items = await client()
              .getOutboundItems({ from: '2002-05-11', to: '2002-05-12', prefetch })
              .toArray();
            expect(items.map((item) => Number(item.item_id))).toEqual(
              Array.from({ length: 230 }, (_, i) => i),
            );
          });
          const starts = requests.map((request) => requestFields(request).item_start);
          // Each page starts right after the items the one before it held. With total_count the
          // window ends at 230; without it an empty page at 230 confirms the end.
          const pages = withTotal
            ? ['0', '50', '100', '150', '200']
            : ['0', '50', '100', '150', '200', '230'];
          if (prefetch === 0) expect(starts).toEqual(pages);
          else {
            // Read-ahead guesses 100 a page until the first answer shows 50, then follows that
            // size: a few guesses are wasted, not one per page.
            expect(starts).toEqual(expect.arrayContaining(pages));
            expect(starts.length).toBeLessThanOrEqual(pages.length + 2 * prefetch);
          }
        }
      } finally {
        respond = () => readFixture('iping', 'empty.xml');
      }
    }
  });

  it('stops with ResponseFormatError, rather than loop, when the server ignores item_start', async () => {
    respond = () => itemsAnswer(0, 3);
    try {
      const error = await client()
        .getOutboundItems({ from: '2002-05-11', to: '2002-05-12', prefetch: 0 })
        .toArray()
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResponseFormatError);
      expect((error as ResponseFormatError).message).toMatch(/ignore item_start/);
    } finally {
      respond = () => readFixture('iping', 'empty.xml');
    }
  });

  it('refuses an item without a start time, naming the field', async () => {
    respond = () =>
      '<bSmartXML><pduType value="OK"/><data><items><item><item_id value="1"/><notification_dt value="05/11/2002 10:00am"/></item>' +
      '<item><item_id value="2"/><phone_number value="6175551234"/></item></items></data></bSmartXML>';
    try {
      const error = await client()
        .getOutboundItems({ from: '2002-05-11', to: '2002-05-12' })
        .toArray()
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResponseFormatError);
      expect((error as ResponseFormatError).path).toBe('item[1].notification_dt');
    } finally {
      respond = () => readFixture('iping', 'empty.xml');
    }
  });

  it('resumes from a page cursor and rejects a cursor it did not make', async () => {
    const first = await client().getOutboundItems({
      from: '2024-01-01',
      to: '2024-03-01',
      itemCount: 50,
      trackingId: 'x',
      transport: 'query',
    });
    expect(first.next).toMatchObject({
      p: 'iping',
      op: 'getOutboundItems',
      q: { itemCount: 50, trackingId: 'x', transport: 'query' },
    });
    const cursor = JSON.parse(JSON.stringify(first.next));
    const [request] = await seen(() => client().getOutboundItems({ cursor }));
    expect(requestFields(request!)).toMatchObject({
      start_dt: '02/01/2024',
      item_count: '50',
      tracking_id: 'x',
      storage_type: 'past',
    });
    expect(request?.method).toBe('GET');
    await expect(
      client().getOutboundItems({ cursor: { p: 'telecmi', op: 'outAnswered' } }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('items sharing a tracking id', () => {
  const item = (id: string, phone: string) =>
    `<item>${id}<tracking_id value="same"/><phone_number value="${phone}"/>` +
    '<notification_dt value="05/11/2002 10:00am"/><timezone_id value="35"/></item>';

  it('keeps both when they have their own ids', async () => {
    respond = (request) =>
      requestFields(request).item_start === '0'
        ? `<bSmartXML><items>${item('<item_id value="1"/>', '1')}${item('<item_id value="2"/>', '2')}</items></bSmartXML>`
        : readFixture('iping', 'empty.xml');
    try {
      const items = await client().getOutboundItems({ from: '2002-05-11', to: '2002-05-12' }).toArray();
      expect(items.map((one) => one.item_id)).toEqual(['1', '2']);
    } finally {
      respond = () => readFixture('iping', 'empty.xml');
    }
  });

  it('keeps both, with distinct record ids, when the answer has no item ids', async () => {
    respond = (request) =>
      requestFields(request).item_start === '0'
        ? `<bSmartXML><items>${item('', '1')}${item('', '1')}</items></bSmartXML>`
        : readFixture('iping', 'empty.xml');
    try {
      const records = [];
      for await (const record of client()
        .getOutboundItems({ from: '2002-05-11', to: '2002-05-12' })
        .records()) {
        records.push(record);
      }
      expect(records).toHaveLength(2);
      expect(new Set(records.map((record) => record.id)).size).toBe(2);
    } finally {
      respond = () => readFixture('iping', 'empty.xml');
    }
  });
});

describe('error answers', () => {
  it('turns an ERR answer into ApiError or AuthenticationError, in both transports', async () => {
    for (const transport of ['xml', 'query'] as const) {
      respond = () => readFixture('iping', 'error-api.xml');
      const api = await Promise.resolve(
        client().getOutboundItems({ from: '2002-05-11', to: '2002-05-12', transport }),
      ).catch((e: unknown) => e);
      expect(api).toBeInstanceOf(ApiError);
      expect(api).toMatchObject({ provider: 'iping', operation: 'getOutboundItems', providerCode: '204' });
      respond = () => readFixture('iping', 'error-auth.xml');
      const auth = await Promise.resolve(
        client().getOutboundItems({ from: '2002-05-11', to: '2002-05-12', transport }),
      ).catch((e: unknown) => e);
      expect(auth).toBeInstanceOf(AuthenticationError);
    }
    respond = () => readFixture('iping', 'empty.xml');
  });

  it('keeps a password that the error description repeats out of the error', async () => {
    const password = 'Echoed-Secret-99';
    respond = () =>
      `<bSmartXML><pduType value="ERR"/><error><description value="bad password ${password}"/></error></bSmartXML>`;
    try {
      const error = (await Promise.resolve(
        client({ password }).getOutboundItems({ from: '2002-05-11', to: '2002-05-12', transport: 'query' }),
      ).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect([error.message, error.stack, JSON.stringify({ ...error })].join()).not.toContain(password);
    } finally {
      respond = () => readFixture('iping', 'empty.xml');
    }
  });
});

describe('validation', () => {
  const range = { from: '2024-01-01', to: '2024-01-02' };

  it.each([
    ['itemCount 0', { ...range, itemCount: 0 }, 'itemCount'],
    ['itemCount 101', { ...range, itemCount: 101 }, 'itemCount'],
    ['itemCount 1.5', { ...range, itemCount: 1.5 }, 'itemCount'],
    ['pageSize 500', { ...range, pageSize: 500 }, 'pageSize'],
    ['itemStart -1', { ...range, itemStart: -1 }, 'itemStart'],
    ['start after end', { from: '2024-01-02', to: '2024-01-01' }, undefined],
    ['start equal to end', { from: '2024-01-02', to: '2024-01-02' }, undefined],
    ['unparsable from', { from: 'yesterday', to: '2024-01-02' }, 'from'],
    ['unparsable to', { from: '2024-01-01', to: '2024-13-45' }, 'to'],
    ['invalid Date', { from: new Date(Number.NaN), to: '2024-01-02' }, 'from'],
    ['unknown storageType', { ...range, storageType: 'present' }, 'storageType'],
    ['unknown transport', { ...range, transport: 'soap' }, 'transport'],
    ['bad windowSpan', { ...range, windowSpan: { days: 0 } }, 'windowSpan'],
    ['missing to', { from: '2024-01-01' }, 'to'],
  ])('rejects %s with InvalidArgumentError before any request', async (_, options, argument) => {
    const requests = await seen(async () => {
      const paged = client().getOutboundItems(options as Parameters<IpingClient['getOutboundItems']>[0]);
      const error = await Promise.resolve(paged).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      if (argument !== undefined) expect((error as InvalidArgumentError).argument).toBe(argument);
      await expect(paged.toArray()).rejects.toBeInstanceOf(InvalidArgumentError);
    });
    expect(requests).toHaveLength(0);
  });

  it('rejects a client without user name or password', () => {
    expect(() => new IpingClient({ userName: '', password: 'x' })).toThrow(InvalidArgumentError);
    expect(() => new IpingClient({ userName: 'x' } as never)).toThrow(/password/);
  });
});
