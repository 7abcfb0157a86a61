/**
 * The smoke scenario of the runtime matrix, written once and run unchanged in Node, Bun, Deno and
 * workerd: for one provider, against its emulator, it
 *   1. awaits one page (one request), the same page in the provider's other wire format, and
 *      the next page from the first page's JSON-serialized cursor,
 *   2. iterates every record of the range page by page, across the provider's date windows,
 *   3. iterates the same range again through `records()` and checks each normalized record,
 *   4. calls with a wrong secret and checks the AuthenticationError (class, name, no secret in it),
 * and returns what it saw as plain JSON. The orchestrator (runtimes.test.ts) compares the record
 * keys with the emulator's own data set.
 *
 * Beyond telling which runtime it is in, only web-standard globals here: the packages must load
 * and run with nothing else.
 */

import { BoxisClient } from '@cdrkit/boxis';
import { AuthenticationError, CdrkitError } from '@cdrkit/core';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';
import { nativeKeys } from './native-keys.mjs';

/**
 * Per provider: how to build a client, its list call over the range (with a page size or window
 * span small enough that the range takes several pages and windows), its other wire format (XML,
 * CSV or a GET query string), and which secret to spoil.
 */
const providers = {
  telecmi: {
    client: (options) => new TeleCmiClient(options),
    list: (client, options) => client.outAnswered(options),
    range: ({ from, to }) => ({ from, to, pageSize: 40 }),
    otherFormat: null,
    secret: 'token',
  },
  boxis: {
    client: (options) => new BoxisClient(options),
    list: (client, options) => client.getCDR(options),
    range: ({ from, to }) => ({ from, to, windowSpan: { days: 30 } }),
    otherFormat: { format: 'xml' },
    secret: 'userKey',
  },
  mixvoip: {
    client: (options) => new MixvoipClient(options),
    list: (client, options) => client.getCalls(options),
    range: ({ from, to, profileId }) => ({ profileId, from, to }),
    otherFormat: { format: 'csv' },
    secret: 'password',
  },
  iping: {
    client: (options) => new IpingClient(options),
    list: (client, options) => client.getOutboundItems(options),
    range: ({ from, to }) => ({ from, to, itemCount: 20 }),
    otherFormat: { transport: 'query' },
    secret: 'password',
  },
  nimblevox: {
    client: (options) => new NimblevoxClient(options),
    list: (client, options) => client.listSdrs(options),
    range: ({ from, to }) => ({ from, to, pageSize: 50 }),
    otherFormat: { format: 'xml' },
    secret: 'apiKey',
  },
};

const KINDS = new Set(['call', 'sms', 'fax', 'other']);
const DIRECTIONS = new Set(['inbound', 'outbound', 'unknown']);
const STATUSES = new Set(['answered', 'no-answer', 'busy', 'failed', 'unknown']);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Which runtime this is, from its own globals, so the orchestrator can check it ran the right one. */
export function runtimeName() {
  if (globalThis.Deno?.version) return `deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun?.version) return `bun ${globalThis.Bun.version}`;
  if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (globalThis.process?.versions?.node) return `node ${globalThis.process.versions.node}`;
  return 'unknown';
}

/**
 * Runs the scenario for `setup.provider` against `setup.url`.
 *
 * @param {{ provider: keyof typeof providers, url: string, credentials: Record<string, unknown>,
 *   profileId?: string, from: string, to: string }} setup
 */
export async function runScenario(setup) {
  const spec = providers[setup.provider];
  if (!spec) throw new Error(`no scenario for provider ${setup.provider}`);
  const keyOf = nativeKeys[setup.provider];
  const client = spec.client({ ...setup.credentials, baseUrl: setup.url });
  const problems = [];
  /** Notes `text` as a problem unless `holds`; the first ten are enough to see what broke. */
  const check = (holds, text) => {
    if (!holds && problems.length < 10) problems.push(text);
  };

  // 1. One page, then the next one from its cursor after a JSON round trip.
  const first = await spec.list(client, spec.range(setup));
  check(first.items.length > 0, 'the first page has no items');
  check(first.next !== null, 'the first page has no next cursor although the range spans several pages');
  let resumed = 0;
  if (first.next !== null) {
    const second = await spec.list(client, { cursor: JSON.parse(JSON.stringify(first.next)) });
    resumed = second.items.length;
    const seen = new Set(first.items.map(keyOf));
    check(!second.items.some((item) => seen.has(keyOf(item))), 'the resumed page repeats the first page');
  }
  // The same first page in the provider's other format (XML, CSV or a GET query).
  let otherFormat = null;
  if (spec.otherFormat !== null) {
    const page = await spec.list(client, { ...spec.range(setup), ...spec.otherFormat });
    otherFormat = page.items.length;
    check(
      page.items.map(keyOf).join('\n') === first.items.map(keyOf).join('\n'),
      `the first page in ${JSON.stringify(spec.otherFormat)} differs from the default format's`,
    );
  }

  // 2. Every record of the range, page by page.
  let pages = 0;
  const keys = [];
  for await (const page of spec.list(client, spec.range(setup)).pages()) {
    pages += 1;
    for (const item of page.items) keys.push(keyOf(item));
  }

  // 3. The same range, normalized.
  const fromMs = Date.parse(setup.from);
  const toMs = Date.parse(setup.to);
  const ids = new Set();
  const normalizedKeys = [];
  for await (const record of spec.list(client, spec.range(setup)).records()) {
    normalizedKeys.push(keyOf(record.raw));
    ids.add(record.id);
    const where = `record ${normalizedKeys.length} (${record.id})`;
    const startMs = Date.parse(record.startedAt);
    check(record.provider === setup.provider, `${where}: provider is ${record.provider}`);
    check(typeof record.id === 'string' && record.id !== '', `${where}: id is not a non-empty string`);
    check(KINDS.has(record.kind), `${where}: kind ${record.kind}`);
    check(DIRECTIONS.has(record.direction), `${where}: direction ${record.direction}`);
    check(STATUSES.has(record.status), `${where}: status ${record.status}`);
    check(ISO_UTC.test(record.startedAt), `${where}: startedAt ${record.startedAt} is not ISO-8601 UTC`);
    check(
      startMs >= fromMs && startMs < toMs,
      `${where}: startedAt ${record.startedAt} is outside the range`,
    );
    check(record.cost === null || DECIMAL.test(record.cost.amount), `${where}: cost ${record.cost?.amount}`);
  }
  check(
    ids.size === normalizedKeys.length,
    `records() gave ${normalizedKeys.length} records but ${ids.size} distinct ids`,
  );
  check(normalizedKeys.join('\n') === keys.join('\n'), 'records() and pages() gave different records');

  // 4. A wrong secret: an AuthenticationError that does not carry the secret.
  const secret = `wrong-${spec.secret}-7f3a91c2`;
  const rejected = spec.client({ ...setup.credentials, [spec.secret]: secret, baseUrl: setup.url });
  let error;
  try {
    await spec.list(rejected, spec.range(setup));
  } catch (caught) {
    error = caught;
  }
  const authentication = {
    thrown: error !== undefined,
    name: error?.name ?? null,
    instanceOfAuthenticationError: error instanceof AuthenticationError,
    instanceOfCdrkitError: error instanceof CdrkitError,
    instanceOfError: error instanceof Error,
    message: error?.message ?? null,
    leaksSecret: error !== undefined && leaks(error, secret),
  };

  return {
    runtime: runtimeName(),
    provider: setup.provider,
    firstPage: {
      items: first.items.length,
      hasNext: first.next !== null,
      resumedItems: resumed,
      otherFormat,
    },
    pages,
    count: keys.length,
    keys,
    normalized: { count: normalizedKeys.length, distinctIds: ids.size },
    authentication,
    problems,
  };
}

/** Whether `secret` appears anywhere a user could see it: message, stack, cause, own properties. */
function leaks(error, secret) {
  const seen = new Set();
  const visit = (value, depth) => {
    if (typeof value === 'string') return value.includes(secret);
    if (value === null || typeof value !== 'object' || depth > 4 || seen.has(value)) return false;
    seen.add(value);
    const names = new Set([...Object.getOwnPropertyNames(value), 'message', 'stack', 'cause']);
    for (const name of names) {
      let inner;
      try {
        inner = value[name];
      } catch {
        continue;
      }
      if (visit(typeof inner === 'object' || typeof inner === 'string' ? inner : String(inner), depth + 1)) {
        return true;
      }
    }
    return false;
  };
  return visit(error, 0) || String(error).includes(secret);
}
