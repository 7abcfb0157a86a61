/**
 * The reading policy (docs/reading-policy.md) for iPing's assumed answer shape, against a real
 * local server: the assumed sample (docs/providers/iping.md) reads exactly and reports no drift
 * in either field style; with any one field dropped it still yields its items and the
 * schemaDrift hook names the field (XML carries text only, so dropping is the change that
 * applies); `strict: true` makes drift an error.
 */
import { ResponseFormatError, type SchemaDriftEvent } from '@cdrkit/core';
import { startEmulator } from '@cdrkit/emulators';
import { readFixture, startServer } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpingClient, type IpingClientOptions, parseOutboundItems } from '../src/index.js';
import { requestFields, xmlAnswer } from './request-fields.js';

const attributeSample = readFixture('iping', 'response-assumed.xml');
/** The same answer with each field as `<name>x</name>`. */
const elementSample = attributeSample.replace(/<(\w+) value="([^"]*)"\/>/g, '<$1>$2</$1>');
const styles = { attribute: attributeSample, element: elementSample } as const;

let body = attributeSample;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  // The first page is `body`; any later page is empty.
  server = await startServer(
    xmlAnswer((request) =>
      requestFields(request).item_start === '0' ? body : readFixture('iping', 'empty.xml'),
    ),
  );
});
afterAll(() => server.close());

function client(options: Partial<IpingClientOptions> = {}) {
  const events: SchemaDriftEvent[] = [];
  const iping = new IpingClient({
    userName: 'testdriver',
    password: '12345',
    baseUrl: server.url,
    retry: 0,
    hooks: { schemaDrift: (event) => void events.push(event) },
    ...options,
  });
  return { iping, events };
}

const range = { from: '2003-07-28', to: '2003-07-29' };

async function serving<T>(text: string, run: () => Promise<T>): Promise<T> {
  body = text;
  try {
    return await run();
  } finally {
    body = attributeSample;
  }
}

describe('the assumed sample', () => {
  it('parses into exactly the items it holds', () => {
    const { items, total, envelope } = parseOutboundItems(attributeSample);
    expect(total).toBe(2);
    expect(envelope).toEqual({ pduType: 'OK', item_count: '2', total_count: '2' });
    expect(items).toEqual([
      {
        item_id: '1001',
        tracking_id: 'acme125615243',
        phone_number: '6175551234',
        phone_extension: '',
        receiver_name: 'Pat',
        notification_dt: '07/28/2003 2:45:00pm',
        timezone_id: '35',
        call_status: 'ANSWERED',
        call_duration: '42',
        call_dt: '07/28/2003 2:45:10pm',
      },
      {
        item_id: '1002',
        tracking_id: 'acme125615244',
        phone_number: '4155550123',
        phone_extension: '12',
        receiver_name: 'Acme Front Desk',
        notification_dt: '07/28/2003 09:30am',
        timezone_id: '4',
        call_status: 'NO ANSWER',
        call_duration: '0',
        call_dt: '07/28/2003 9:30:05am',
      },
    ]);
    expect(parseOutboundItems(elementSample)).toEqual(parseOutboundItems(attributeSample));
  });

  it.each(['attribute', 'element'] as const)(
    'reports no drift in %s style and passes strict mode',
    async (style) => {
      const { iping, events } = client();
      const items = await serving(styles[style], () => iping.getOutboundItems(range).toArray());
      expect(items).toEqual(parseOutboundItems(attributeSample).items);
      expect(events).toEqual([]);
      const strict = client({ strict: true }).iping;
      expect(await serving(styles[style], () => strict.getOutboundItems(range).toArray())).toEqual(items);
    },
  );

  it('is what the emulator serves: a whole strict run reports nothing', async () => {
    for (const xmlStyle of ['attribute', 'element'] as const) {
      const emu = await startEmulator('iping', {
        records: 300,
        seed: 2,
        from: '2024-01-01T05:00:00Z',
        to: '2024-02-20T05:00:00Z',
        xmlStyle,
      });
      try {
        const { iping, events } = client({ ...emu.credentials, baseUrl: emu.url, strict: true });
        const items = await iping
          .getOutboundItems({ from: '2024-01-01T05:00:00Z', to: '2024-02-20T05:00:00Z' })
          .toArray();
        expect(items).toHaveLength(300);
        expect(events).toEqual([]);
      } finally {
        await emu.close();
      }
    }
  });
});

/** Every field of the sample but the start time, which makes an item usable. */
const ITEM_FIELDS = [
  'item_id',
  'tracking_id',
  'phone_number',
  'phone_extension',
  'receiver_name',
  'timezone_id',
  'call_status',
  'call_duration',
  'call_dt',
];
const drops = [
  ...ITEM_FIELDS.map((name) => ({ name, path: `item[].${name}` })),
  ...['pduType', 'item_count', 'total_count'].map((name) => ({ name, path: name })),
];

describe('drift, property-tested on the assumed sample', () => {
  it('still yields every item and names the field, whichever one is dropped, in either style', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...drops),
        fc.constantFrom('attribute', 'element' as const),
        fc.constantFrom(0, 1, 'every' as const),
        async ({ name, path }, style, which) => {
          // Drop the field from one item, or from every item (envelope fields occur once).
          const dropAll = which === 'every' || !ITEM_FIELDS.includes(name);
          let seen = 0;
          const text = styles[style as keyof typeof styles].replace(
            new RegExp(`\\s*<${name}( value="[^"]*"/>|>[^<]*</${name}>)`, 'g'),
            (all) => (dropAll || seen++ === which ? '' : all),
          );
          expect(text).not.toBe(styles[style as keyof typeof styles]);
          const { iping, events } = client();
          const items = await serving(text, () => iping.getOutboundItems(range).toArray());
          expect(items.map((item) => item.notification_dt)).toEqual([
            '07/28/2003 2:45:00pm',
            '07/28/2003 09:30am',
          ]);
          expect(events.map((event) => event.path)).toEqual([path]);
          expect(events[0]).toMatchObject({ provider: 'iping', expected: 'string', received: 'missing' });
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('unlisted fields and strict mode', () => {
  const withExtra = attributeSample.replace(
    '<call_dt value="07/28/2003 2:45:10pm"/>',
    '<call_dt value="07/28/2003 2:45:10pm"/><campaign value="spring"/>',
  );

  it('keeps an unlisted field on the item and in raw, and reports it once', async () => {
    const { iping, events } = client();
    const records = await serving(withExtra, async () => {
      const out = [];
      for await (const record of iping.getOutboundItems(range).records()) out.push(record);
      return out;
    });
    expect(records[0]?.raw).toMatchObject({ campaign: 'spring' });
    expect(events).toEqual([
      {
        provider: 'iping',
        operation: 'getOutboundItems',
        path: 'item[].campaign',
        expected: 'missing',
        received: 'string',
      },
    ]);
  });

  it('turns drift into a ResponseFormatError naming the path with strict: true', async () => {
    const { iping } = client({ strict: true, hooks: {} });
    const error = await serving(withExtra, () =>
      iping
        .getOutboundItems(range)
        .toArray()
        .catch((caught: unknown) => caught),
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).path).toBe('item[].campaign');
    expect((error as Error).message).not.toContain('12345');
  });
});
