/**
 * iPing GetOutboundItems (iping-getoutbounditems.txt): /services/iping.asp with the bSmartXML
 * document (POST) or the query string (GET). Dates MM/DD/YYYY read in America/New_York, whole
 * days, end inclusive; item_start ≥ 0; item_count 1..100 (default 100); storage_type past or
 * future (default future); tracking_id filter. The answer's shape is not published: see the
 * README for the one assumed here.
 */
import { Dataset } from '../dataset.js';
import { xmlAttr, xmlText } from '../encode.js';
import { ipingDocItems } from '../fixtures/iping.js';
import type { IpingEmulatorOptions } from '../options.js';
import type { ProviderInstance, ProviderSetup, Reply, RequestEnv } from '../provider.js';
import { Rng, saltOf, unit } from '../random.js';
import type { IpingCredentials, IpingDataset, IpingRecord } from '../records.js';
import { isValidWall, pad2, toWallTime, type WallTime, wallTimeToEpoch } from '../time.js';
import type { RecordedRequest } from '../types.js';

const USER = 'emu-notify';
const PASSWORD = 'p1ng-Em8-secret';
/** The doc's sample account (user_name testdriver, password 12345). */
export const IPING_DOC_USER = 'testdriver';
/** The doc's sample password. */
export const IPING_DOC_PASSWORD = '12345';

/** iPing's timezone_id codes (README) and the zones they stand for. */
const ZONES: Record<string, string> = {
  '2': 'Pacific/Honolulu',
  '3': 'America/Anchorage',
  '4': 'America/Los_Angeles',
  '10': 'America/Denver',
  '15': 'America/Phoenix',
  '20': 'America/Chicago',
  '35': 'America/New_York',
  '40': 'America/Indiana/Indianapolis',
  '50': 'America/Puerto_Rico',
  '55': 'America/St_Thomas',
};
const ZONE_WEIGHTS: readonly (readonly [number, string])[] = [
  [45, '35'],
  [25, '20'],
  [8, '10'],
  [15, '4'],
  [3, '15'],
  [2, '2'],
  [1, '3'],
  [1, '40'],
];
const AREA_CODES: Record<string, readonly string[]> = {
  '2': ['808'],
  '3': ['907'],
  '4': ['415', '206', '213', '503'],
  '10': ['303', '801', '505'],
  '15': ['602', '480'],
  '20': ['312', '214', '713', '612'],
  '35': ['617', '212', '404', '305', '215'],
  '40': ['317'],
};
const FIRST = ['John', 'Mary', 'Robert', 'Linda', 'James', 'Patricia', 'Carlos', 'Mei', 'Aisha', 'Tom'];
const LAST = ['Smith', 'Johnson', 'Garcia', 'Brown', 'Lee', "O'Brien", 'Nguyen', 'Miller', 'Davis'];
const KNOWN_METHODS = ['putnotification', 'deleteoutbounditems', 'addtext', 'mixsounds'];

const TRACKING_BASE = { past: 125615243, future: 93000000 } as const;
const TRACKING_PREFIX = { past: 'acme', future: 'remind' } as const;
const ITEM_ID_BASE = { past: 1_000_000, future: 50_000_000 } as const;

const ITEM_SALT = { past: saltOf('iping:past:item'), future: saltOf('iping:future:item') } as const;

/** `MM/DD/YYYY`. */
function usDate(w: WallTime): string {
  return `${pad2(w.month)}/${pad2(w.day)}/${w.year}`;
}
function hour12(w: WallTime): [number, string] {
  return [w.hour % 12 === 0 ? 12 : w.hour % 12, w.hour < 12 ? 'am' : 'pm'];
}
/** `MM/DD/YYYY hh:mmam` (PutNotification's `03/16/2004 07:00am`). */
function usMinutes(w: WallTime): string {
  const [h, suffix] = hour12(w);
  return `${usDate(w)} ${pad2(h)}:${pad2(w.minute)}${suffix}`;
}
/** `MM/DD/YYYY h:mm:sspm` (PutNotification's `07/28/2003 2:45:00pm`). */
function usSeconds(w: WallTime): string {
  const [h, suffix] = hour12(w);
  return `${usDate(w)} ${h}:${pad2(w.minute)}:${pad2(w.second)}${suffix}`;
}

function parseUsDate(text: string | undefined): WallTime | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text ?? '');
  if (!m) return null;
  const wall = { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), hour: 0, minute: 0, second: 0 };
  return isValidWall(wall) ? wall : null;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (all, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return Number.isFinite(code) ? String.fromCodePoint(code) : all;
  });
}

/** Reads the parameters of a bSmartXML document: `<name value="x"/>` or `<name>x</name>`. */
function parseRequestXml(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/<([A-Za-z_][\w.-]*)\s+value\s*=\s*("([^"]*)"|'([^']*)')\s*\/?>/g)) {
    out[(m[1] as string).toLowerCase()] = decodeEntities(m[3] ?? m[4] ?? '');
  }
  for (const m of text.matchAll(/<([A-Za-z_][\w.-]*)\s*>([^<]*)<\/\1\s*>/g)) {
    const name = (m[1] as string).toLowerCase();
    if (!(name in out)) out[name] = decodeEntities((m[2] as string).trim());
  }
  return out;
}

/** Builds the iPing emulator's handler and its past and future data sets. */
export function createIping(
  setup: ProviderSetup,
  options: IpingEmulatorOptions,
): ProviderInstance<IpingCredentials, IpingDataset, IpingRecord> {
  const { seed } = setup;
  const rangeZone = setup.timeZone ?? 'America/New_York';
  const style = options.xmlStyle ?? 'attribute';
  if (style !== 'attribute' && style !== 'element')
    throw new RangeError("xmlStyle must be 'attribute' or 'element'");
  const datasets: Record<IpingDataset, Dataset> = {
    past: new Dataset({
      count: setup.records,
      fromMs: setup.fromMs,
      toMs: setup.toMs,
      unitMs: 1000,
      seed,
      salt: saltOf('iping:past'),
      order: 'asc',
    }),
    future: new Dataset({
      count: Math.floor(setup.records / 10),
      fromMs: setup.fromMs,
      toMs: setup.toMs,
      // Scheduled notifications fall on whole minutes when the period allows it.
      unitMs: setup.toMs - setup.fromMs >= 60_000 ? 60_000 : 1000,
      seed,
      salt: saltOf('iping:future'),
      order: 'asc',
    }),
  };
  const repeatSalt = saltOf('iping:repeat');
  const rawRepeat = (storage: IpingDataset, key: number) =>
    unit(seed, repeatSalt, storage === 'past' ? 0 : 1, key) < 0.04;
  /** A client's tracking_id is meant to be unique but now and then is reused for the next notification. */
  const trackingKey = (storage: IpingDataset, key: number) =>
    key > 0 && key < datasets[storage].count && rawRepeat(storage, key) && !rawRepeat(storage, key - 1)
      ? key - 1
      : key;
  const trackingId = (storage: IpingDataset, key: number) =>
    `${TRACKING_PREFIX[storage]}${TRACKING_BASE[storage] + trackingKey(storage, key)}`;

  function makeItem(storage: IpingDataset, key: number): IpingRecord {
    const ms = datasets[storage].timeOfKey(key);
    const rng = new Rng(seed, ITEM_SALT[storage], key);
    const zoneId = rng.weighted(ZONE_WEIGHTS);
    const zone = ZONES[zoneId] as string;
    const area = rng.pick(AREA_CODES[zoneId] ?? ['617']);
    const phone = `${area}${rng.int(2, 9)}${rng.digits(6)}`;
    const name = rng.chance(0.1) ? '' : `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    // Future items keep their exact time (they have no call_dt), so only a whole minute may drop the seconds.
    const minuteStyle = rng.chance(0.5) && (storage === 'past' || ms % 60_000 === 0);
    // Scheduled on the minute or to the second; the call itself starts at `ms`.
    const scheduled = toWallTime(minuteStyle ? Math.floor(ms / 60_000) * 60_000 : ms, zone);
    const notification_dt = minuteStyle ? usMinutes(scheduled) : usSeconds(scheduled);
    const base = {
      item_id: String(ITEM_ID_BASE[storage] + key),
      tracking_id: trackingId(storage, key),
      phone_number: phone,
      phone_extension: rng.chance(0.15) ? String(rng.int(10, 9999)) : '',
      receiver_name: name,
      notification_dt,
      timezone_id: zoneId,
    };
    if (storage === 'future') {
      return { ...base, call_status: 'SCHEDULED', call_duration: '0', call_dt: '' };
    }
    const status = rng.weighted([
      [65, 'ANSWERED'],
      [20, 'NO ANSWER'],
      [10, 'BUSY'],
      [5, 'FAILED'],
    ] as const);
    const duration = status === 'ANSWERED' ? rng.int(8, 240) : 0;
    return {
      ...base,
      call_status: status,
      call_duration: String(duration),
      call_dt: usSeconds(toWallTime(ms, zone)),
    };
  }

  const docItems = ipingDocItems.map((item) => {
    const [year, month, day, hour, minute, second] = item.wall;
    return { ...item, ms: wallTimeToEpoch({ year, month, day, hour, minute, second }, item.zone) };
  });

  function field(name: string, value: string): string {
    return style === 'attribute'
      ? `<${name} value="${xmlAttr(value)}"/>`
      : `<${name}>${xmlText(value)}</${name}>`;
  }

  function errorReply(code: number, description: string): Reply {
    return {
      status: 200,
      contentType: 'text/xml; charset=utf-8',
      body: `<?xml version="1.0"?>\n<bSmartXML>\n${field('pduType', 'ERR')}\n<error>\n${field('code', String(code))}\n${field('description', description)}\n</error>\n</bSmartXML>\n`,
    };
  }

  function okReply(total: number, items: IpingRecord[]): Reply {
    let body = `<?xml version="1.0"?>\n<bSmartXML>\n${field('pduType', 'OK')}\n<data>\n`;
    body += `${field('item_count', String(items.length))}\n${field('total_count', String(total))}\n<items>\n`;
    for (const item of items) {
      body += '<item>';
      for (const [name, value] of Object.entries(item)) body += field(name, value);
      body += '</item>\n';
    }
    body += '</items>\n</data>\n</bSmartXML>\n';
    return { status: 200, contentType: 'text/xml; charset=utf-8', body };
  }

  function readParams(request: RecordedRequest): Record<string, string> {
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.query)) params[name.toLowerCase()] = value;
    const body = request.body.trim();
    if (request.method === 'POST' && body !== '') {
      if (body.startsWith('<')) Object.assign(params, parseRequestXml(body));
      else {
        const form: Record<string, string> = {};
        for (const [name, value] of new URLSearchParams(body)) form[name.toLowerCase()] = value;
        if (form.xml !== undefined) Object.assign(params, parseRequestXml(form.xml));
        else Object.assign(params, form);
      }
    }
    return params;
  }

  function handle(request: RecordedRequest, env?: RequestEnv): Reply {
    if (request.path.toLowerCase() !== '/services/iping.asp') {
      return {
        status: 404,
        contentType: 'text/html; charset=utf-8',
        body: '<html><body>404 Not Found</body></html>',
      };
    }
    if (request.method !== 'GET' && request.method !== 'POST') {
      return {
        status: 405,
        contentType: 'text/plain; charset=utf-8',
        headers: { Allow: 'GET, POST' },
        body: 'Method Not Allowed',
      };
    }
    const params = readParams(request);
    const method = (params.method_name ?? '').toLowerCase();
    if (method !== 'getoutbounditems') {
      if (KNOWN_METHODS.includes(method))
        return errorReply(301, `Method ${params.method_name} is not supported by the emulator`);
      return errorReply(300, 'Invalid method_name');
    }
    const doc = params.user_name === IPING_DOC_USER && params.password === IPING_DOC_PASSWORD;
    if (!doc && !(params.user_name === USER && params.password === PASSWORD)) {
      return errorReply(100, 'Invalid user name or password');
    }
    const startDay = parseUsDate(params.start_dt);
    if (!startDay) return errorReply(201, 'Invalid start_dt: use MM/DD/YYYY');
    const endDay = parseUsDate(params.end_dt);
    if (!endDay) return errorReply(202, 'Invalid end_dt: use MM/DD/YYYY');
    const lo = wallTimeToEpoch(startDay, rangeZone);
    const hi = wallTimeToEpoch({ ...endDay, hour: 23, minute: 59, second: 59 }, rangeZone) + 999;
    if (lo > hi) return errorReply(203, 'end_dt must not be before start_dt');
    const itemStartText = (params.item_start ?? '').trim();
    const itemStart = itemStartText === '' ? 0 : /^\d+$/.test(itemStartText) ? Number(itemStartText) : -1;
    if (!(itemStart >= 0 && Number.isSafeInteger(itemStart))) {
      return errorReply(204, 'Invalid item_start: must be a whole number >= 0');
    }
    const itemCountText = (params.item_count ?? '').trim();
    const itemCount = itemCountText === '' ? 100 : /^\d+$/.test(itemCountText) ? Number(itemCountText) : -1;
    if (!(itemCount >= 1 && itemCount <= 100))
      return errorReply(205, 'Invalid item_count: must be between 1 and 100');
    const storageText = (params.storage_type ?? '').trim().toLowerCase();
    if (storageText !== '' && storageText !== 'past' && storageText !== 'future') {
      return errorReply(206, 'Invalid storage_type: use past or future');
    }
    const storage: IpingDataset = storageText === 'past' ? 'past' : 'future';
    const tracking = (params.tracking_id ?? '').trim();
    // faults.pageCap: a server that answers fewer items than item_count asks for. item_start
    // stays the client's offset, so the next page starts where this one ended.
    const cap = env?.faults?.pageCap;
    const pageSize = cap === undefined ? itemCount : Math.min(itemCount, cap);

    if (doc) {
      const matches = docItems.filter(
        (item) =>
          item.storage === storage &&
          item.ms >= lo &&
          item.ms <= hi &&
          (tracking === '' || item.fields.tracking_id === tracking),
      );
      return okReply(
        matches.length,
        matches.slice(itemStart, itemStart + pageSize).map((item) => item.fields),
      );
    }

    const data = datasets[storage];
    if (tracking !== '') {
      const m = new RegExp(`^${TRACKING_PREFIX[storage]}(\\d+)$`).exec(tracking);
      const keys: number[] = [];
      if (m) {
        // A tracking_id names its first notification's key; a reuse can only be the next one.
        const first = Number(m[1]) - TRACKING_BASE[storage];
        for (const key of [first, first + 1]) {
          const exists = key >= 0 && key < data.count + data.inserted;
          if (exists && trackingId(storage, key) === tracking) {
            const ms = data.timeOfKey(key);
            if (ms >= lo && ms <= hi) keys.push(key);
          }
        }
      }
      const page = keys.slice(itemStart, itemStart + pageSize).map((key) => makeItem(storage, key));
      return okReply(keys.length, page);
    }
    const selection = data.select(lo, hi);
    const items: IpingRecord[] = [];
    for (let p = itemStart; p < Math.min(selection.length, itemStart + pageSize); p++) {
      items.push(makeItem(storage, selection.keyAt(p)));
    }
    return okReply(selection.length, items);
  }

  return {
    credentials: { userName: USER, password: PASSWORD },
    profileId: undefined,
    isFixture(request) {
      return readParams(request).user_name === IPING_DOC_USER;
    },
    handle,
    insert(count) {
      datasets.past.inserted += count;
      datasets.future.inserted += count;
    },
    *records(dataset = 'past') {
      const data = datasets[dataset];
      if (!data) throw new RangeError("iPing data sets are 'past' and 'future'");
      const all = data.all();
      for (let p = 0; p < all.length; p++) yield makeItem(dataset, all.keyAt(p));
    },
  };
}
