/**
 * MIXvoip Supernode getcalls (getcalls.txt):
 * GET /cdrs/getcalls/{PROFILE_ID}/{START_DATE}[/{END_DATE}][/{FORMAT}]?username=&password=.
 * JSON (PHP-encoded, `\/` escapes) or ragged CSV, oldest first, start < end, at most 3 months.
 */
import { Dataset } from '../dataset.js';
import { jsonReply, phpJson } from '../encode.js';
import { mixvoipCsvSample, mixvoipJsonSample } from '../fixtures/mixvoip.js';
import type { ProviderInstance, ProviderSetup, Reply, RequestEnv } from '../provider.js';
import { Rng, saltOf, unit } from '../random.js';
import type { MixvoipCredentials, MixvoipRecord } from '../records.js';
import {
  daysInMonth,
  formatDateTime,
  naiveMs,
  parseNaive,
  toWallTime,
  type WallTime,
  wallTimeToEpoch,
} from '../time.js';
import type { RecordedRequest } from '../types.js';

const USER = 'reseller-4711';
const PASSWORD = 'Lx9#pT4qWz';
const PROFILE = '200002';
/** The profile that holds the doc's sample calls (linked to the emulator's account). */
export const MIXVOIP_DOC_PROFILE = '100001';

const TYPES: readonly (readonly [number, string])[] = [
  [40, 'CALLIN'],
  [40, 'CALLOUT'],
  [8, 'SMS'],
  [4, 'MCALL'],
  [2, 'MSMS'],
  [1, 'FAX'],
  [2, 'SERVICE'],
  [1, 'PAY'],
  [1, 'SETUP'],
  [1, 'DELIVERY'],
];

type Destination = { prefix: string; digits: number; name: string; cents: string };
const DESTINATIONS: readonly (readonly [number, Destination])[] = [
  [5, { prefix: '35220', digits: 6, name: 'Luxembourg', cents: '3.50' }],
  [4, { prefix: '352621', digits: 6, name: 'Luxembourg Mobile', cents: '7.00' }],
  [2, { prefix: '0049301', digits: 7, name: 'Germany', cents: '2.90' }],
  [2, { prefix: '00336', digits: 8, name: 'France Mobile', cents: '9.50' }],
  [1, { prefix: '003225', digits: 6, name: 'Belgium', cents: '3.10' }],
];

const PRODUCTS: readonly (readonly [string, string, string])[] = [
  ['Cloud PBX User', 'Monthly fee, extension 20', '450.00'],
  ['DID Number rental', 'Luxembourg geographic number', '150.00'],
  ['Call recording', 'Storage 10 GB', '300.00'],
  ['Yealink T54W', 'IP desk phone', '18900.00'],
];

const DUP = saltOf('mixvoip:dup');
const TYPE = saltOf('mixvoip:type');

const RECORD_SALT = saltOf('mixvoip:record');
const CSV_SALT = saltOf('mixvoip:csv');

function typeOf(seed: number, key: number): string {
  const r = unit(seed, TYPE, key);
  let total = 0;
  for (const [w] of TYPES) total += w;
  let x = r * total;
  for (const [w, t] of TYPES) {
    x -= w;
    if (x < 0) return t;
  }
  return 'CALLIN';
}

function addMonths(wall: WallTime, months: number): WallTime {
  const index = wall.year * 12 + (wall.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { ...wall, year, month, day: Math.min(wall.day, daysInMonth(year, month)) };
}

function error(status: number, message: string): Reply {
  return jsonReply(status, phpJson({ error: message }));
}

function csvQuote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Builds the MIXvoip emulator's handler and data. */
export function createMixvoip(
  setup: ProviderSetup,
): ProviderInstance<MixvoipCredentials, 'calls', MixvoipRecord> {
  const { seed } = setup;
  const timeZone = setup.timeZone ?? 'UTC';
  const rawDup = (key: number) => unit(seed, DUP, key) < 0.35;
  /** An SMS now and then is repeated identically in the same second. */
  const isDuplicate = (key: number) =>
    key > 0 && key < setup.records && rawDup(key) && !rawDup(key - 1) && typeOf(seed, key - 1) === 'SMS';
  const data = new Dataset({
    count: setup.records,
    fromMs: setup.fromMs,
    toMs: setup.toMs,
    unitMs: 1000,
    seed,
    salt: saltOf('mixvoip'),
    order: 'asc',
    sharesPreviousTime: isDuplicate,
  });
  const account = new Rng(seed, saltOf('mixvoip:account'));
  const did = `+35220${account.digits(6)}`;
  const mobile = `+352621${account.digits(6)}`;
  const extensions = ['20', '21', '22', '30', '31'];

  function makeRecord(key: number): MixvoipRecord {
    if (isDuplicate(key)) return makeRecord(key - 1);
    const rng = new Rng(seed, RECORD_SALT, key);
    const type = typeOf(seed, key);
    const call_start = formatDateTime(toWallTime(data.timeOfKey(key), timeZone));
    const destination = rng.weighted(DESTINATIONS);
    const number = destination.prefix + rng.digits(destination.digits);
    const invoice = rng.chance(0.7)
      ? 'N/A'
      : `${call_start.slice(0, 7).replace('-', '/')}-${rng.int(1000, 9999)}`;
    switch (type) {
      case 'CALLIN': {
        const caller = rng.weighted([
          [5, `+35220${rng.digits(6)}`],
          [3, `+352621${rng.digits(6)}`],
          [2, `+4930${rng.digits(8)}`],
        ]);
        const answered = rng.chance(0.75);
        return {
          type,
          data: {
            source: caller,
            destination: did.slice(1),
            destination_name: null,
            call_start,
            duration: String(answered ? rng.int(3, 1800) : 0),
            pbxextension: answered ? rng.pick(extensions) : '',
            quantity: 0,
            price: '0.00',
            invoice,
          },
        };
      }
      case 'CALLOUT':
      case 'MCALL':
      case 'FAX': {
        const answered = rng.chance(0.8);
        const duration = answered ? rng.int(1, 1800) : 0;
        const quantity = type === 'FAX' ? rng.int(1, 6) : Math.ceil(duration / 60);
        return {
          type,
          data: {
            source: type === 'MCALL' ? mobile : did,
            destination: number,
            destination_name: destination.name,
            call_start,
            duration: String(duration),
            pbxextension: type === 'CALLOUT' ? rng.pick(extensions) : '',
            quantity,
            price: type === 'FAX' ? '10.00' : destination.cents,
            invoice,
          },
        };
      }
      case 'SMS':
      case 'MSMS':
        return {
          type,
          data: {
            source: type === 'MSMS' ? mobile : did,
            destination: number,
            destination_name: destination.name,
            call_start,
            duration: '0',
            pbxextension: '',
            quantity: rng.weighted([
              [9, 1],
              [1, 2],
            ]),
            price: '6.00',
            invoice,
          },
        };
      default: {
        const [product, description, price] = rng.pick(PRODUCTS);
        return {
          type,
          data: {
            source: USER,
            destination: product,
            destination_name: description,
            call_start,
            duration: '0',
            pbxextension: '',
            quantity: rng.int(1, 3),
            price,
            invoice,
          },
        };
      }
    }
  }

  function csvRow(record: MixvoipRecord, key: number): string {
    const d = record.data;
    const [date, clock] = d.call_start.split(' ');
    const joiner = unit(seed, CSV_SALT, isDuplicate(key) ? key - 1 : key) < 0.5 ? ',' : ' ';
    return [
      record.type,
      d.source,
      d.destination,
      ...(d.destination_name === null ? [] : [csvQuote(d.destination_name)]),
      csvQuote(`${date}${joiner}${clock}`),
      d.duration,
      d.pbxextension === '' ? '' : `'${d.pbxextension}`,
      String(d.quantity),
      d.price,
      d.invoice,
    ].join(',');
  }

  const sampleJson = (JSON.parse(mixvoipJsonSample.replace(/\n/g, ' ')) as MixvoipRecord[]).map((r) => ({
    record: r,
    at: r.data.call_start,
  }));
  const sampleCsv = mixvoipCsvSample.split('\n').map((line) => {
    const m = /"(\d{4}-\d{2}-\d{2})[, ](\d{2}:\d{2}:\d{2})"/.exec(line);
    return { line, at: m ? `${m[1]} ${m[2]}` : '' };
  });

  function parsePath(path: string) {
    const parts = path.split('/').filter((p) => p !== '');
    if (parts[0] !== 'cdrs' || parts[1] !== 'getcalls' || parts.length < 4 || parts.length > 6) return null;
    const [profile, start, third, fourth] = parts.slice(2).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    }) as [string, string, string | undefined, string | undefined];
    const isFormat = (text: string | undefined) => text !== undefined && /^(json|csv)$/i.test(text);
    if (fourth !== undefined) {
      if (!isFormat(fourth)) return null;
      return { profile, start, end: third, format: fourth.toLowerCase() };
    }
    if (isFormat(third)) return { profile, start, end: undefined, format: (third as string).toLowerCase() };
    return { profile, start, end: third, format: 'json' };
  }

  function handle(request: RecordedRequest, env: RequestEnv): Reply {
    const route = parsePath(request.path);
    if (!route || request.method !== 'GET') return error(404, 'Not found');
    if (request.query.username !== USER || request.query.password !== PASSWORD) {
      return error(401, 'Invalid username or password');
    }
    if (route.profile !== PROFILE && route.profile !== MIXVOIP_DOC_PROFILE) {
      return error(403, 'Profile not linked to this account');
    }
    const startWall = parseNaive(route.start);
    if (!startWall) return error(400, 'START_DATE must be a date in yyyy-MM-dd format');
    let endWall: WallTime & { hasTime: boolean };
    if (route.end === undefined) {
      endWall = { ...toWallTime(env.nowMs, timeZone), hasTime: false };
    } else {
      const parsed = parseNaive(route.end);
      if (!parsed) return error(400, 'END_DATE must be a date in yyyy-MM-dd format');
      endWall = parsed;
    }
    const endOfDay = (w: WallTime & { hasTime: boolean }): WallTime =>
      w.hasTime ? w : { ...w, hour: 23, minute: 59, second: 59 };
    const startOfDay = (w: WallTime & { hasTime: boolean }): WallTime =>
      w.hasTime ? w : { ...w, hour: 0, minute: 0, second: 0 };
    const first = startOfDay(startWall);
    const last = endOfDay(endWall);
    if (!(naiveMs(first) < naiveMs(last))) return error(400, 'START_DATE must be smaller than END_DATE');
    if (naiveMs(startOfDay(endWall)) > naiveMs(addMonths(first, 3))) {
      return error(400, 'The interval between START_DATE and END_DATE cannot exceed 3 months');
    }
    const csv = route.format === 'csv';

    if (route.profile === MIXVOIP_DOC_PROFILE) {
      const lo = formatDateTime(first);
      const hi = formatDateTime(last);
      if (csv) {
        const rows = sampleCsv.filter((r) => r.at >= lo && r.at <= hi);
        return csvReply(rows.map((r) => r.line).join('\n'), route);
      }
      const rows = sampleJson.filter((r) => r.at >= lo && r.at <= hi);
      return jsonReply(
        200,
        rows.length === sampleJson.length ? mixvoipJsonSample : phpJson(rows.map((r) => r.record)),
      );
    }

    const selection = data.select(wallTimeToEpoch(first, timeZone), wallTimeToEpoch(last, timeZone));
    // answerCap: the first records only, and nothing in the answer says that more exist.
    const count = Math.min(selection.length, env.faults?.answerCap ?? Number.POSITIVE_INFINITY);
    if (csv) {
      function* rows(): Generator<string> {
        for (let p = 0; p < count; p++) {
          const key = selection.keyAt(p);
          yield (p > 0 ? '\n' : '') + csvRow(makeRecord(key), key);
        }
      }
      return csvReply(rows(), route);
    }
    function* json(): Generator<string> {
      yield '[';
      for (let p = 0; p < count; p++) {
        yield (p > 0 ? ',' : '') + phpJson(makeRecord(selection.keyAt(p)));
      }
      yield ']';
    }
    return jsonReply(200, json());
  }

  function csvReply(body: string | Iterable<string>, route: { profile: string; start: string }): Reply {
    const name = `calls_${route.profile}_${route.start.slice(0, 10)}.csv`;
    return {
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      headers: { 'Content-Disposition': `attachment; filename="${name}"` },
      body,
    };
  }

  return {
    credentials: { userName: USER, password: PASSWORD },
    profileId: PROFILE,
    isFixture(request) {
      return parsePath(request.path)?.profile === MIXVOIP_DOC_PROFILE;
    },
    handle,
    insert(count) {
      data.inserted += count;
    },
    *records() {
      const all = data.all();
      for (let p = 0; p < all.length; p++) yield makeRecord(all.keyAt(p));
    },
  };
}
