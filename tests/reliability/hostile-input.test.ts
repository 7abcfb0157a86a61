/**
 * Hostile input: every response parser, reached through its client against a server that
 * answers with mutated doc samples and emulator answers (truncations, character flips, inserted
 * junk, fields of another type, prototype keys) and random bytes. Whatever arrives, a call
 * either succeeds or throws a `CdrkitError` subclass, never a TypeError, and never hangs.
 * XML entity expansion is refused, prototype keys pollute nothing, and an answer larger than
 * `maxResponseBytes` is refused.
 */

import type { ServerResponse } from 'node:http';
import {
  type CallRecord,
  CdrkitError,
  type ClientOptions,
  type DateInput,
  type Page,
  type ProviderName,
  ResponseFormatError,
} from '@cdrkit/core';
import { parseJson } from '@cdrkit/core/provider';
import { createXmlParser } from '@cdrkit/core/xml';
import { docFixtures, type Emulator } from '@cdrkit/emulators';
import { parseOutboundItems } from '@cdrkit/iping';
import { parseMixvoipCsv } from '@cdrkit/mixvoip';
import { parseSdr, parseSdrPage } from '@cdrkit/nimblevox';
import { startServer, type TestServer } from '@cdrkit/test-helpers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, type ListExtras, SUBJECTS } from './harness.js';

/** Fixed so that CI is reproducible; set RELIABILITY_SEED to explore other inputs. */
const SEED = Number(process.env.RELIABILITY_SEED ?? 20_240_611);
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 200);
/** Longer than any answer of the hostile server takes to read: past it, the call hangs. */
const HANG_MS = 3000;

/** What the hostile server answers with next. */
let answer: { body: Buffer; type: string; status: number } = {
  body: Buffer.alloc(0),
  type: 'text/plain',
  status: 200,
};
let hostile: TestServer;
/** A server standing for anything a document might try to make the client fetch. */
let evil: TestServer;

beforeAll(async () => {
  hostile = await startServer((_, response: ServerResponse) => {
    // A fresh connection per request: a kept-alive one that the server times out while a
    // synchronous property runs would reset the next request, which is not what is under test.
    response.writeHead(answer.status, {
      'content-type': answer.type,
      'content-length': answer.body.length,
      connection: 'close',
    });
    response.end(answer.body);
  });
  evil = await startServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('evil');
  });
});
afterAll(async () => {
  await hostile.close();
  await evil.close();
});

/** A wire format of a provider, with the samples its parser is fuzzed from. */
interface Target {
  name: string;
  provider: ProviderName;
  extras: ListExtras;
  type: string;
  syntax: 'json' | 'xml' | 'csv';
  emulator?: Record<string, unknown>;
  samples: Sample[];
}

interface Sample {
  body: string;
  /** The range a client asks for, so that the sample's records fall inside it. */
  range: { from: DateInput; to: DateInput };
}

const EMULATED_RANGE = { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' };

const TARGETS: Target[] = [
  {
    name: 'telecmi json',
    provider: 'telecmi',
    extras: { pageSize: 5 },
    type: 'application/json',
    syntax: 'json',
    samples: [{ body: docFixtures.telecmi.response, range: { from: 1570559400000, to: 1570642200001 } }],
  },
  {
    name: 'boxis json',
    provider: 'boxis',
    extras: { pageSize: 24 * 366 },
    type: 'application/json',
    syntax: 'json',
    samples: [
      {
        body: docFixtures.boxis.successResponse,
        range: { from: '2018-02-06T00:00:00Z', to: '2018-02-07T00:00:00Z' },
      },
      {
        body: docFixtures.boxis.errorResponse,
        range: { from: '2018-02-06T00:00:00Z', to: '2018-02-07T00:00:00Z' },
      },
    ],
  },
  {
    name: 'boxis xml',
    provider: 'boxis',
    extras: { pageSize: 24 * 366, format: 'xml' },
    type: 'text/xml',
    syntax: 'xml',
    samples: [],
  },
  {
    name: 'mixvoip json',
    provider: 'mixvoip',
    extras: {},
    type: 'application/json',
    syntax: 'json',
    samples: [{ body: docFixtures.mixvoip.jsonResponse, range: { from: '2021-06-29', to: '2021-06-30' } }],
  },
  {
    name: 'mixvoip csv',
    provider: 'mixvoip',
    extras: { format: 'csv' },
    type: 'text/csv',
    syntax: 'csv',
    samples: [{ body: docFixtures.mixvoip.csvResponse, range: { from: '2021-06-29', to: '2021-06-30' } }],
  },
  {
    name: 'iping xml, value attributes',
    provider: 'iping',
    extras: { pageSize: 5 },
    type: 'text/xml',
    syntax: 'xml',
    samples: [],
  },
  {
    name: 'iping xml, elements',
    provider: 'iping',
    extras: { pageSize: 5 },
    type: 'text/xml',
    syntax: 'xml',
    emulator: { xmlStyle: 'element' },
    samples: [],
  },
  {
    name: 'nimblevox json',
    provider: 'nimblevox',
    extras: { pageSize: 5 },
    type: 'application/json',
    syntax: 'json',
    samples: [{ body: docFixtures.nimblevox.jsonResponse, range: { from: '2012-10-31', to: '2012-11-01' } }],
  },
  {
    name: 'nimblevox xml',
    provider: 'nimblevox',
    extras: { pageSize: 5, format: 'xml' },
    type: 'application/xml',
    syntax: 'xml',
    samples: [{ body: docFixtures.nimblevox.xmlResponse, range: { from: '2012-10-31', to: '2012-11-01' } }],
  },
];

/** Credentials for the clients of the hostile server (it checks none). */
const ACCOUNTS: Record<ProviderName, Pick<Emulator<ProviderName>, 'credentials' | 'profileId'>> = {
  telecmi: { credentials: { appId: 1, token: 'tok-fuzz' }, profileId: undefined },
  boxis: {
    credentials: { userName: 'fuzz@example.ch', userKey: 'key-fuzz', tenant: 'T-1' },
    profileId: undefined,
  },
  mixvoip: { credentials: { userName: 'fuzz', password: 'pw-fuzz' }, profileId: '1' },
  iping: { credentials: { userName: 'fuzz', password: 'pw-fuzz' }, profileId: undefined },
  nimblevox: { credentials: { apiKey: 'key-fuzz' }, profileId: undefined },
};

/** An emulator's own answer to a client's first request: what the provider really sends. */
async function captureEmulatorAnswer(target: Target): Promise<Sample> {
  const subject = SUBJECTS[target.provider];
  const emu = await subject.start({ records: 40, seed: 9, ...EMULATED_RANGE, ...target.emulator });
  try {
    await subject.client(emu, { retry: 0 })(EMULATED_RANGE, target.extras);
    const request = emu.requests.at(-1);
    if (request === undefined) throw new Error('the client sent nothing');
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'accept']) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    const response = await fetch(`${emu.url}${request.url}`, {
      method: request.method,
      headers,
      ...(request.method === 'GET' ? {} : { body: request.body }),
    });
    return { body: await response.text(), range: EMULATED_RANGE };
  } finally {
    await emu.close();
  }
}

/** The first page of `target`'s list call against the hostile server, normalized. */
async function firstPage(
  target: Target,
  range: Sample['range'],
  options: ClientOptions = {},
): Promise<unknown> {
  const subject = SUBJECTS[target.provider];
  const list = subject.client({ ...ACCOUNTS[target.provider], url: hostile.url } as Emulator<ProviderName>, {
    retry: 0,
    timeoutMs: 2000,
    ...options,
  });
  let first: Page<CallRecord> | undefined;
  for await (const page of list(range, target.extras).recordPages()) {
    first = page;
    break;
  }
  return first;
}

/** Nothing reachable from every object has gained a property. */
function expectNoPollution(): void {
  for (const prototype of [Object.prototype, Array.prototype, Function.prototype, String.prototype]) {
    expect(Object.getOwnPropertyNames(prototype).filter((name) => /pollut|^x$|yes/i.test(name))).toEqual([]);
  }
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.x).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

/** Serves `body` and requires the call to end within HANG_MS in a result or a CdrkitError. */
async function expectContained(target: Target, body: string | Buffer, range: Sample['range']): Promise<void> {
  answer = { body: typeof body === 'string' ? Buffer.from(body) : body, type: target.type, status: 200 };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  const outcome = await Promise.race([
    firstPage(target, range).then(
      (page) => ({ page }),
      (error: unknown) => ({ error }),
    ),
    hang,
  ]);
  clearTimeout(timer);
  if (outcome === 'hang') throw new Error(`the call did not end within ${HANG_MS} ms`);
  if ('error' in outcome && !(outcome.error instanceof CdrkitError)) {
    throw new Error(`a ${(outcome.error as Error)?.name} escaped: ${String(outcome.error)}`, {
      cause: outcome.error,
    });
  }
  if ('page' in outcome && outcome.page !== undefined) {
    for (const record of (outcome.page as Page<CallRecord>).items) {
      const raw = record.raw as object;
      expect([Object.prototype, null]).toContain(Object.getPrototypeOf(raw));
    }
  }
  expect(performance.now() - started).toBeLessThan(HANG_MS);
  expectNoPollution();
}

// --- mutations --------------------------------------------------------------------------------

const JUNK = [
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '<',
  '>',
  '&',
  ',',
  ':',
  '\n',
  '\u0000',
  '\ufeff',
  '\ud800',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&undefined;',
  'NaN',
  '1e309',
  '-0',
  '\\u0000',
  '"__proto__":',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x>',
  '</return>',
  '</result>',
  '</bSmartXML>',
  'call_99',
  '0000-00-00 00:00:00',
  '9999-99-99T99:99:99',
  '99/99/9999 99:99pm',
];

/** Values of another type for a JSON field. */
const otherValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e-308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    'NaN',
    '0000-00-00 00:00:00',
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 30 }),
  fc.constant('x'.repeat(100_000)),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constant(JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`) as unknown),
);

/** Paths to every value of a JSON document. */
function jsonPaths(
  value: unknown,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) {
    for (const [index, child] of value.entries()) jsonPaths(child, [...path, index], out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) jsonPaths(child, [...path, key], out);
  }
  return out;
}

/**
 * A path of `document`, each depth equally likely: the envelope's few fields are hit as often as
 * the many fields of its records, and a shape check that trusts the envelope is found.
 */
function pathIn(document: unknown): fc.Arbitrary<(string | number)[]> {
  const byDepth = new Map<number, (string | number)[][]>();
  for (const path of jsonPaths(document)) {
    const group = byDepth.get(path.length) ?? [];
    group.push(path);
    byDepth.set(path.length, group);
  }
  return fc.oneof(...[...byDepth.values()].map((paths) => fc.constantFrom(...paths)));
}

function setAt(document: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** A field of the sample changed to another type (or removed). */
function typeChanges(sample: Sample, syntax: Target['syntax']): fc.Arbitrary<string> | undefined {
  if (syntax === 'json') {
    let document: unknown;
    try {
      document = JSON.parse(sample.body.replace(/\n/g, ' '));
    } catch {
      return undefined;
    }
    return fc
      .tuple(pathIn(document), fc.oneof(otherValue, fc.constant(undefined)))
      .map(([path, value]) => JSON.stringify(setAt(document, path, value)) ?? '');
  }
  // XML text content and attribute values; CSV cells.
  const pattern = syntax === 'xml' ? />([^<]*)<|="([^"]*)"|='([^']*)'/g : /[^,\n]+/g;
  const spots = [...sample.body.matchAll(pattern)].map((match) => ({
    start:
      (match.index ?? 0) + (syntax === 'xml' ? match[0].indexOf(match[1] ?? match[2] ?? match[3] ?? '') : 0),
    length: (match[1] ?? match[2] ?? match[3] ?? match[0]).length,
  }));
  if (spots.length === 0) return undefined;
  const replacement = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(...JUNK),
    fc.constant('<x><y/></x>'),
    fc.constant('-1'),
    fc.constant(''),
  );
  return fc
    .tuple(fc.constantFrom(...spots), replacement)
    .map(
      ([spot, text]) => sample.body.slice(0, spot.start) + text + sample.body.slice(spot.start + spot.length),
    );
}

/** Keys that reach prototypes in careless code, placed where objects or elements open. */
function prototypeKeys(sample: Sample, syntax: Target['syntax']): fc.Arbitrary<string> | undefined {
  const opener = syntax === 'json' ? /\{/g : syntax === 'xml' ? /<[A-Za-z_][^<>]*?>/g : undefined;
  if (opener === undefined) return undefined;
  const spots = [...sample.body.matchAll(opener)].map((match) => (match.index ?? 0) + match[0].length);
  if (spots.length === 0) return undefined;
  const payloads =
    syntax === 'json'
      ? [
          '"__proto__":{"polluted":"yes","x":"yes"},',
          '"constructor":{"prototype":{"polluted":"yes"}},',
          '"prototype":{"polluted":"yes"},',
          '"__proto__":"yes",',
          '"__proto__":[1],"constructor":null,',
        ]
      : [
          '<__proto__><polluted>yes</polluted></__proto__>',
          '<constructor><prototype><polluted>yes</polluted></prototype></constructor>',
          '<prototype polluted="yes"/>',
          '<x __proto__="yes" constructor="yes" prototype="yes"/>',
          '<polluted value="yes"/>',
        ];
  return fc
    .tuple(fc.constantFrom(...spots), fc.constantFrom(...payloads))
    .map(([at, payload]) => sample.body.slice(0, at) + payload + sample.body.slice(at));
}

function mutationsOf(sample: Sample, syntax: Target['syntax']): fc.Arbitrary<string> {
  const { body } = sample;
  const length = body.length;
  const families: fc.Arbitrary<string>[] = [
    // truncated anywhere
    fc.nat({ max: length }).map((cut) => body.slice(0, cut)),
    // characters flipped
    fc
      .array(fc.tuple(fc.nat({ max: Math.max(0, length - 1) }), fc.integer({ min: 0, max: 0xffff })), {
        minLength: 1,
        maxLength: 8,
      })
      .map((flips) => {
        const chars = [...body];
        for (const [at, code] of flips) if (at < chars.length) chars[at] = String.fromCharCode(code);
        return chars.join('');
      }),
    // junk inserted
    fc
      .tuple(fc.nat({ max: length }), fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 12 })))
      .map(([at, junk]) => body.slice(0, at) + junk + body.slice(at)),
  ];
  const changed = typeChanges(sample, syntax);
  // Fields of another type reach furthest into the readers: weigh them as much as the rest.
  if (changed !== undefined) families.push(changed, changed, changed);
  const keys = prototypeKeys(sample, syntax);
  if (keys !== undefined) families.push(keys);
  return fc.oneof(...families);
}

// --- the properties ---------------------------------------------------------------------------

beforeAll(async () => {
  const captured = await Promise.all(TARGETS.map(captureEmulatorAnswer));
  for (const [index, target] of TARGETS.entries()) target.samples.push(captured[index] as Sample);
}, 30_000);

describe.each(TARGETS)('$name: fuzzed answers', (target) => {
  it('every sample reads without error as served (the mutations start from valid answers)', async () => {
    for (const sample of target.samples) {
      answer = { body: Buffer.from(sample.body), type: target.type, status: 200 };
      if (sample.body === docFixtures.boxis.errorResponse) {
        expect(await caught(() => firstPage(target, sample.range))).toBeInstanceOf(CdrkitError);
      } else {
        const page = (await firstPage(target, sample.range)) as Page<CallRecord>;
        expect(page.items.length).toBeGreaterThan(0);
      }
    }
  });

  it('mutated samples (truncated, flipped, junk, other types, prototype keys): a result or a CdrkitError, never a hang', async () => {
    const arbitrary = fc.oneof(
      ...target.samples.map((sample) => mutationsOf(sample, target.syntax).map((body) => ({ body, sample }))),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, ({ body, sample }) => expectContained(target, body, sample.range)),
      { seed: SEED, numRuns: RUNS },
    );
  }, 60_000);

  it('random bytes: a CdrkitError, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        await expectContained(target, Buffer.from(bytes), EMULATED_RANGE);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 3) },
    );
  }, 60_000);
});

describe('exported parsers, called directly', () => {
  const onlyCdrkitErrors = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof CdrkitError)) throw error;
    }
    expectNoPollution();
  };
  const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));
  const context = { provider: 'nimblevox' as const, operation: 'listSdrs' };

  it('parseOutboundItems (iPing) throws only CdrkitErrors', () => {
    const item =
      '<item><item_id value="1"/><notification_dt value="01/05/2024 01:08am"/><timezone_id value="35"/></item>';
    const sample = `<bSmartXML><pduType value="OK"/><data><items>${item}${item}</items></data></bSmartXML>`;
    fc.assert(
      fc.property(fc.oneof(text, mutationsOf({ body: sample, range: EMULATED_RANGE }, 'xml')), (body) =>
        onlyCdrkitErrors(() => parseOutboundItems(body)),
      ),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });

  it('parseMixvoipCsv throws only CdrkitErrors', () => {
    fc.assert(
      fc.property(
        fc.oneof(text, mutationsOf({ body: docFixtures.mixvoip.csvResponse, range: EMULATED_RANGE }, 'csv')),
        (body) => onlyCdrkitErrors(() => parseMixvoipCsv(body)),
      ),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });

  it('parseSdrPage and parseSdr (Nimblevox) throw only CdrkitErrors on any JSON value', () => {
    const page = JSON.parse(docFixtures.nimblevox.jsonResponse) as { sdrs: unknown[] };
    const values = fc.oneof(
      fc.jsonValue(),
      fc.tuple(pathIn(page), otherValue).map(([path, value]) => setAt(page, path, value)),
    );
    fc.assert(
      fc.property(values, (value) => {
        onlyCdrkitErrors(() => parseSdrPage(value, context));
        onlyCdrkitErrors(() => parseSdr(value, { ...context, operation: 'getSdr' }));
      }),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });

  it("core's parseJson and XML parser throw only ResponseFormatErrors", () => {
    const parseXml = createXmlParser({ provider: 'boxis', operation: 'getCDR' });
    fc.assert(
      fc.property(text, (body) => {
        onlyCdrkitErrors(() => parseJson(body, context));
        onlyCdrkitErrors(() => parseXml(body));
      }),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });
});

// --- entity expansion, prototype keys, size --------------------------------------------------

const XML_TARGETS = TARGETS.filter((target) => target.syntax === 'xml' && target.emulator === undefined);

function billionLaughs(root: string): string {
  const levels = Array.from(
    { length: 9 },
    (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`,
  );
  return `<?xml version="1.0"?>\n<!DOCTYPE ${root} [<!ENTITY lol0 "lol">${levels.join('')}]>\n<${root}>&lol9;</${root}>`;
}

describe.each(XML_TARGETS)('$name: XML entity payloads', (target) => {
  const root = target.provider === 'boxis' ? 'return' : target.provider === 'iping' ? 'bSmartXML' : 'result';
  const payloads: [string, () => string][] = [
    ['billion laughs', () => billionLaughs(root)],
    [
      'quadratic blowup',
      () =>
        `<!DOCTYPE ${root} [<!ENTITY a "${'a'.repeat(50_000)}">]><${root}>${'&a;'.repeat(50_000)}</${root}>`,
    ],
    [
      'an external entity (file)',
      () =>
        `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><${root}>&xxe;</${root}>`,
    ],
    [
      'an external entity (http)',
      () =>
        `<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "${evil.url}/xxe">]><${root}><result>&xxe;</result></${root}>`,
    ],
    [
      'a parameter entity (http)',
      () => `<!DOCTYPE ${root} [<!ENTITY % p SYSTEM "${evil.url}/dtd"> %p;]><${root}/>`,
    ],
    [
      'an entity declared in lower case',
      () => `<!doctype ${root} [<!entity x "yyyy">]><${root}>&x;</${root}>`,
    ],
  ];

  it.each(payloads)('%s is refused quickly, and nothing is fetched', async (_, payload) => {
    answer = { body: Buffer.from(payload()), type: target.type, status: 200 };
    const started = performance.now();
    const error = await caught(() => firstPage(target, EMULATED_RANGE, { retry: 0 }));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error, String(error)).toBeInstanceOf(ResponseFormatError);
    expect((error as Error).message).toMatch(/entit/i);
    expect(evil.requests).toEqual([]);
  });

  it('an external DTD is never fetched, and undeclared entities stay text', async () => {
    answer = {
      body: Buffer.from(`<!DOCTYPE ${root} SYSTEM "${evil.url}/dtd"><${root}>&lol9;&xxe;</${root}>`),
      type: target.type,
      status: 200,
    };
    const started = performance.now();
    // Whether it then reads or not does not matter here: only that nothing was fetched, quickly.
    await firstPage(target, EMULATED_RANGE, { retry: 0 }).catch(() => undefined);
    expect(performance.now() - started).toBeLessThan(500);
    expect(evil.requests).toEqual([]);
  });
});

describe.each(TARGETS.filter((target) => target.emulator === undefined))('$name: answer size', (target) => {
  it('an answer larger than maxResponseBytes is a ResponseFormatError, not retried', async () => {
    const sample = target.samples.at(-1) as Sample;
    answer = { body: Buffer.from(sample.body), type: target.type, status: 200 };
    const limit = Buffer.byteLength(sample.body) - 1;
    let attempts = 0;
    const error = await caught(() =>
      firstPage(target, sample.range, {
        maxResponseBytes: limit,
        retry: 3,
        hooks: { beforeRequest: () => void attempts++ },
      }),
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as Error).message).toContain('maxResponseBytes');
    expect(attempts).toBe(1);
    // One byte more is enough.
    const page = await firstPage(target, sample.range, { maxResponseBytes: limit + 1 });
    expect(page).toBeDefined();
  });
});

describe('an endless answer', () => {
  let endless: TestServer;
  beforeAll(async () => {
    endless = await startServer((_, response) => {
      // Chunked, no Content-Length: the limit must be counted while reading.
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `${'[1,'.repeat(16_384)}`;
      const write = (): void => {
        while (!response.destroyed && response.write(chunk)) {
          // keep the socket full
        }
        if (!response.destroyed) response.once('drain', write);
      };
      write();
    });
  });
  afterAll(() => endless.close());

  it.each(['telecmi', 'boxis', 'mixvoip', 'iping', 'nimblevox'] as const)(
    '%s: a body that never ends is refused at maxResponseBytes, quickly',
    async (provider) => {
      const target = TARGETS.find((candidate) => candidate.provider === provider) as Target;
      const subject = SUBJECTS[provider];
      const list = subject.client({ ...ACCOUNTS[provider], url: endless.url } as Emulator<ProviderName>, {
        retry: 0,
        maxResponseBytes: 1 << 20,
      });
      const started = performance.now();
      const error = await caught(() => list(EMULATED_RANGE, target.extras));
      expect(error).toBeInstanceOf(ResponseFormatError);
      expect((error as Error).message).toContain('maxResponseBytes');
      expect(performance.now() - started).toBeLessThan(2000);
    },
  );
});
