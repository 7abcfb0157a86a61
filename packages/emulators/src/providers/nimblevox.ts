/**
 * Nimblevox sdr API (nimblevox-sdr.txt): GET /sdr?apiKey&startDate&endDate[&callingParty]
 * [&calledParty][&max][&offset] and GET /sdr/{id}. JSON or XML by Accept (406 otherwise), 401 for
 * a bad key, 400 for bad parameters or a span over 90 days, oldest first, `next`/`previous`
 * links that carry offset, max, startDate and endDate but neither the apiKey nor the filters.
 */
import { Dataset } from '../dataset.js';
import { xmlText } from '../encode.js';
import { nimblevoxJsonSample, nimblevoxXmlSample } from '../fixtures/nimblevox.js';
import type { NimblevoxEmulatorOptions } from '../options.js';
import type { ProviderInstance, ProviderSetup, Reply, RequestEnv } from '../provider.js';
import { Rng, saltOf } from '../random.js';
import type { NimblevoxCredentials, NimblevoxRecord } from '../records.js';
import { formatDateTime, naiveMs, toWallTime, wallTimeToEpoch } from '../time.js';
import type { RecordedRequest } from '../types.js';

const API_KEY = 'nvx_live_7Hq2Lm9Xc4Rt8Wb1';
/** The key that reaches the doc's sample SDR. */
export const NIMBLEVOX_DOC_API_KEY = 'doc-sample-api-key';
const SUBSCRIBER = '99999004712';
const ID_BASE = 1001;
const MAX_SPAN_MS = 90 * 86_400_000;
const NAIVE_T = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

type Format = 'json' | 'xml';

const RECORD_SALT = saltOf('nimblevox:record');

function money(n: number): string {
  return n.toFixed(2);
}

/** The SDR's JSON exactly as the sample writes it (money with two decimals: `0.00`). */
function sdrJson(r: NimblevoxRecord): string {
  const custom = r.customCallDataList === null ? 'null' : JSON.stringify(r.customCallDataList);
  return (
    `{"id":${r.id},"href":${JSON.stringify(r.href)},"seqnum":"${r.seqnum}","subscriber":"${r.subscriber}",` +
    `"billStart":"${r.billStart}","billEnd":"${r.billEnd}","callingParty":${JSON.stringify(r.callingParty)},` +
    `"calledParty":${JSON.stringify(r.calledParty)},"callType":"${r.callType}","serviceType":"${r.serviceType}",` +
    `"billUnits":${r.billUnits},"moneyCharge":${money(r.moneyCharge)},"bonusCharge":${money(r.bonusCharge)},` +
    `"endingBalance":${money(r.endingBalance)},"endingBonusBalance":${money(r.endingBonusBalance)},` +
    `"correlationId":"${r.correlationId}","serviceTime":${r.serviceTime},"clientTime":${r.clientTime},` +
    `"customCallDataList":${custom}}`
  );
}

/** The SDR's XML as the sample writes it: one space between elements, spaces in the types. */
function sdrXml(r: NimblevoxRecord): string {
  const el = (name: string, value: string) => `<${name}>${xmlText(value)}</${name}>`;
  const custom =
    r.customCallDataList === null || r.customCallDataList.length === 0
      ? '<customCallDataList/>'
      : `<customCallDataList> ${r.customCallDataList
          .map((c) => `<customCallData> ${el('name', c.name)} ${el('value', c.value)} </customCallData>`)
          .join(' ')} </customCallDataList>`;
  return [
    `<sdr id='${r.id}' href='${r.href}'>`,
    el('seqnum', r.seqnum),
    el('subscriber', r.subscriber),
    el('billStart', r.billStart),
    el('billEnd', r.billEnd),
    el('callingParty', r.callingParty),
    el('calledParty', r.calledParty),
    el('callType', r.callType.replace(/_/g, ' ')),
    el('serviceType', r.serviceType.replace(/_/g, ' ')),
    el('billUnits', String(r.billUnits)),
    el('moneyCharge', money(r.moneyCharge)),
    el('bonusCharge', money(r.bonusCharge)),
    el('endingBalance', money(r.endingBalance)),
    el('endingBonusBalance', money(r.endingBonusBalance)),
    el('correlationId', r.correlationId),
    el('serviceTime', String(r.serviceTime)),
    el('clientTime', String(r.clientTime)),
    custom,
    '</sdr>',
  ].join(' ');
}

/** Picks the answer format from the Accept header; null when none is acceptable (406). */
export function negotiate(accept: string | undefined): Format | null {
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranked = accept
    .split(',')
    .map((entry, index) => {
      const [type = '', ...params] = entry.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { type } of ranked) {
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'json';
    if (type === 'application/xml' || type === 'text/xml') return 'xml';
  }
  return null;
}

function errorReply(status: number, message: string, format: Format): Reply {
  if (format === 'xml') {
    return {
      status,
      contentType: 'application/xml',
      body: `<error> <status>${status}</status> <message>${xmlText(message)}</message> </error>`,
    };
  }
  return { status, contentType: 'application/json', body: JSON.stringify({ status, message }) };
}

/** Builds the Nimblevox emulator's handler and data. */
export function createNimblevox(
  setup: ProviderSetup,
  options: NimblevoxEmulatorOptions,
): ProviderInstance<NimblevoxCredentials, 'sdr', NimblevoxRecord> {
  const { seed } = setup;
  const timeZone = setup.timeZone ?? 'UTC';
  const linkOrigin = () => (options.linkOrigin ?? setup.origin()).replace(/\/+$/, '');
  const data = new Dataset({
    count: setup.records,
    fromMs: setup.fromMs,
    toMs: setup.toMs,
    unitMs: 1000,
    seed,
    salt: saltOf('nimblevox'),
    order: 'asc',
  });
  const account = new Rng(seed, saltOf('nimblevox:account'));
  const ownNumbers = Array.from({ length: 4 }, () => `4122${account.digits(7)}`);
  const contacts = Array.from({ length: 150 }, (_, i) =>
    i % 3 === 0
      ? `07${account.int(5, 9)}${account.digits(7)}`
      : `41${account.pick(['21', '31', '44', '79', '78'])}${account.digits(7)}`,
  );
  const partySalt = saltOf('nimblevox:parties');

  function partiesOf(key: number): { outbound: boolean; callingParty: string; calledParty: string } {
    const rng = new Rng(seed, partySalt, key);
    const outbound = rng.chance(0.6);
    const own = rng.pick(ownNumbers);
    const other = rng.chance(0.9) ? rng.pick(contacts) : `0${rng.pick(['33', '49', '39'])}${rng.digits(9)}`;
    return outbound
      ? { outbound, callingParty: own, calledParty: other }
      : { outbound, callingParty: other, calledParty: own };
  }

  function makeRecord(key: number): NimblevoxRecord {
    const startMs = data.timeOfKey(key);
    const rng = new Rng(seed, RECORD_SALT, key);
    const { outbound, callingParty, calledParty } = partiesOf(key);
    const connected = rng.chance(0.8);
    const serviceTime = connected
      ? rng.weighted([
          [6, rng.int(1, 90)],
          [3, rng.int(91, 900)],
          [1, rng.int(901, 3600)],
        ])
      : 0;
    const billUnits = Math.ceil(serviceTime / 60) * 60;
    const moneyCharge = Math.round((billUnits / 60) * (outbound ? 3 : 1)) / 100;
    const bonus = rng.chance(0.1) ? moneyCharge : 0;
    const id = ID_BASE + key;
    return {
      id,
      href: `${linkOrigin()}/sdr/${id}`,
      seqnum: `585858${key.toString(16).toUpperCase().padStart(10, '0')}${rng.hex(14, true)}`,
      subscriber: SUBSCRIBER,
      billStart: formatDateTime(toWallTime(startMs, timeZone), 'T'),
      billEnd: formatDateTime(toWallTime(startMs + serviceTime * 1000, timeZone), 'T'),
      callingParty,
      calledParty,
      callType: outbound ? 'Application_Outdial' : 'Incoming_Call',
      serviceType: outbound ? 'Outbound_Call' : 'Inbound_Call',
      billUnits,
      moneyCharge: bonus > 0 ? 0 : moneyCharge,
      bonusCharge: bonus,
      endingBalance: Math.round(25_000 - key * 2.15 - rng.int(0, 99)) / 100,
      endingBonusBalance: rng.chance(0.85) ? 0 : rng.int(0, 5000) / 100,
      correlationId: rng.hex(20, true),
      serviceTime,
      clientTime: serviceTime + rng.int(2, 20),
      customCallDataList: rng.chance(0.8)
        ? null
        : [
            { name: 'campaign', value: rng.pick(['spring-promo', 'renewals', 'survey-q2']) },
            { name: 'attempt', value: String(rng.int(1, 3)) },
          ],
    };
  }

  // The doc sample: one SDR (the page claims count 100 and total 1000).
  const sampleSdrJson = nimblevoxJsonSample.slice(nimblevoxJsonSample.indexOf('{"id":3'), -2);
  const sampleSdrXml = nimblevoxXmlSample.slice(
    nimblevoxXmlSample.indexOf("<sdr id='3'"),
    nimblevoxXmlSample.indexOf('</sdr>') + '</sdr>'.length,
  );
  const sampleRecord = JSON.parse(sampleSdrJson) as NimblevoxRecord;

  function readDate(text: string | undefined): { text: string; ms: number; naive: number } | null {
    const m = NAIVE_T.exec(text ?? '');
    if (!m) return null;
    const wall = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
    };
    const naive = naiveMs(wall);
    if (formatDateTime(toWallTime(naive, 'UTC'), 'T') !== text) return null; // e.g. 2024-02-30
    return { text: text as string, ms: wallTimeToEpoch(wall, timeZone), naive };
  }

  function readInt(text: string | undefined, fallback: number): number | null {
    if (text === undefined || text === '') return fallback;
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  function link(offset: number, max: number, startDate: string, endDate: string, origin: string): string {
    return `${origin}/sdr?offset=${offset}&max=${max}&startDate=${startDate}&endDate=${endDate}`;
  }

  function page(
    format: Format,
    records: { json(): string; xml(): string }[],
    total: number,
    previous: string | null,
    next: string | null,
  ): Reply {
    if (format === 'xml') {
      let body = "<result xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>";
      if (previous !== null) body += ` <link rel='previous' href='${previous}'/>`;
      if (next !== null) body += ` <link rel='next' href='${next}'/>`;
      body += ` <count>${records.length}</count> <total>${total}</total>`;
      body += records.length === 0 ? ' <sdrs/>' : ` <sdrs> ${records.map((r) => r.xml()).join(' ')} </sdrs>`;
      body += ' </result>';
      return { status: 200, contentType: 'application/xml', body };
    }
    const body =
      `{"previous":${JSON.stringify(previous)},"next":${JSON.stringify(next)},"count":${records.length},` +
      `"total":${total},"sdrs":[${records.map((r) => r.json()).join(',')}]}`;
    return { status: 200, contentType: 'application/json', body };
  }

  function isDocKey(request: RecordedRequest): boolean {
    return request.query.apiKey === NIMBLEVOX_DOC_API_KEY;
  }

  function handle(request: RecordedRequest, env?: RequestEnv): Reply {
    const one = /^\/sdr\/([^/]+)\/?$/.exec(request.path);
    const list = /^\/sdr\/?$/.test(request.path);
    const accepted = negotiate(request.headers.accept);
    if (!one && !list) return errorReply(404, 'Not found', accepted ?? 'json');
    if (request.method !== 'GET') return errorReply(405, 'Method not allowed', accepted ?? 'json');
    if (accepted === null) {
      return errorReply(406, 'Not acceptable: use Accept application/json or application/xml', 'json');
    }
    const format = accepted;
    const doc = isDocKey(request);
    if (!doc && request.query.apiKey !== API_KEY) return errorReply(401, 'Invalid or missing apiKey', format);

    if (one) {
      const id = /^\d+$/.test(one[1] as string) ? Number(one[1]) : Number.NaN;
      if (doc) {
        if (id !== sampleRecord.id) return errorReply(404, 'SDR not found', format);
        return format === 'xml'
          ? { status: 200, contentType: 'application/xml', body: sampleSdrXml }
          : { status: 200, contentType: 'application/json', body: sampleSdrJson };
      }
      const key = id - ID_BASE;
      if (!(Number.isSafeInteger(key) && key >= 0 && key < data.count + data.inserted)) {
        return errorReply(404, 'SDR not found', format);
      }
      const record = makeRecord(key);
      return format === 'xml'
        ? { status: 200, contentType: 'application/xml', body: sdrXml(record) }
        : { status: 200, contentType: 'application/json', body: sdrJson(record) };
    }

    const q = request.query;
    if (q.startDate === undefined || q.startDate === '')
      return errorReply(400, 'startDate is required', format);
    if (q.endDate === undefined || q.endDate === '') return errorReply(400, 'endDate is required', format);
    const start = readDate(q.startDate);
    if (!start) return errorReply(400, 'startDate must be yyyy-mm-ddThh:mi:ss', format);
    const end = readDate(q.endDate);
    if (!end) return errorReply(400, 'endDate must be yyyy-mm-ddThh:mi:ss', format);
    if (end.naive < start.naive) return errorReply(400, 'endDate must not be before startDate', format);
    if (end.naive - start.naive > MAX_SPAN_MS) {
      return errorReply(400, 'The date range is limited to a span of 90 days', format);
    }
    const max = readInt(q.max, 500);
    if (max === null || max < 1 || max > 500) return errorReply(400, 'max must be between 1 and 500', format);
    const offset = readInt(q.offset, 0);
    if (offset === null) return errorReply(400, 'offset must be a whole number >= 0', format);
    const calling = q.callingParty || undefined;
    const called = q.calledParty || undefined;
    // faults.pageCap: the server serves at most this many SDRs whatever `max` asks, and its
    // links page by what it served (their `max` is the size it serves).
    const cap = env?.faults?.pageCap;
    const size = cap === undefined ? max : Math.min(max, cap);

    if (doc) {
      const s = sampleRecord;
      const inRange = s.billStart >= start.text && s.billStart <= end.text;
      const partiesMatch = (!calling || calling === s.callingParty) && (!called || called === s.calledParty);
      if (inRange && partiesMatch && max === 100 && offset === 0) {
        return format === 'xml'
          ? { status: 200, contentType: 'application/xml', body: nimblevoxXmlSample }
          : { status: 200, contentType: 'application/json', body: nimblevoxJsonSample };
      }
      const rows = inRange && partiesMatch ? [{ json: () => sampleSdrJson, xml: () => sampleSdrXml }] : [];
      const origin = linkOrigin();
      const previous = offset > 0 ? link(Math.max(0, offset - max), max, start.text, end.text, origin) : null;
      return page(format, rows.slice(offset, offset + size), rows.length, previous, null);
    }

    const selection = data.select(start.ms, end.ms);
    const keys: number[] = [];
    let total: number;
    if (calling === undefined && called === undefined) {
      total = selection.length;
      for (let p = offset; p < Math.min(total, offset + size); p++) keys.push(selection.keyAt(p));
    } else {
      total = 0;
      for (let p = 0; p < selection.length; p++) {
        const key = selection.keyAt(p);
        const parties = partiesOf(key);
        if ((calling && parties.callingParty !== calling) || (called && parties.calledParty !== called))
          continue;
        if (total >= offset && keys.length < size) keys.push(key);
        total++;
      }
    }
    const origin = linkOrigin();
    const next =
      offset + keys.length < total ? link(offset + keys.length, size, start.text, end.text, origin) : null;
    const previous = offset > 0 ? link(Math.max(0, offset - size), size, start.text, end.text, origin) : null;
    const rows = keys.map((key) => {
      const record = makeRecord(key);
      return { json: () => sdrJson(record), xml: () => sdrXml(record) };
    });
    return page(format, rows, total, previous, next);
  }

  return {
    credentials: { apiKey: API_KEY },
    profileId: undefined,
    isFixture: isDocKey,
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
