/**
 * Boxis getCDR (boxis-getcdr.txt): POST form to `/` with version, returntype, timestamp,
 * username, authcode = md5(timestamp + userKey), section=voice, action=getCDR, tenant, datefrom,
 * dateto (naive Europe/Zurich, inclusive; both empty = everything). Answers
 * `{"result":"1","resulttxt":"success","params":{"cdr":{"call_1":{…}}},"timestamp":…}` or the
 * same `<return>` envelope in XML; errors are `result` "0" with the server's `timestamp`.
 */
import { createHash } from 'node:crypto';
import { Dataset } from '../dataset.js';
import { parseForm, phpJson, xmlText } from '../encode.js';
import { boxisErrorSample, boxisSuccessSample } from '../fixtures/boxis.js';
import type { BoxisEmulatorOptions } from '../options.js';
import type { ProviderInstance, ProviderSetup, Reply, RequestEnv } from '../provider.js';
import { Rng, saltOf } from '../random.js';
import type { BoxisCredentials, BoxisRecord } from '../records.js';
import { formatDate, formatDateTime, parseNaive, toWallTime, wallTimeToEpoch } from '../time.js';
import type { RecordedRequest } from '../types.js';

const USER = 'cdr-export@example.ch';
const USER_KEY = 'Qm7vRkT2SuqvoEWnjYmO4bZx';
const TENANT = 'VOICE-29001-1';
/** The doc's sample account: its tenant holds the doc's two sample calls. */
export const BOXIS_DOC_USER = 'your@mail.com';
/** The doc's example API key (its PHP sample's `$apikey`). */
export const BOXIS_DOC_USER_KEY = '1234567890';
/** The doc's example tenant. */
export const BOXIS_DOC_TENANT = 'VOICE-12001-1';

const UNANSWERED = '0000-00-00 00:00:00';
const HOSTS = ['sip015.voice.boxis.net', 'sip022.voice.boxis.net', 'sip046.voice.boxis.net'];
const CALLERS = ['Müller Hans', 'DirectCEO', 'Reception', 'Weber AG', 'Keller Anna', 'Support'];

type Destination = {
  prefix: string;
  digits: number;
  type: string;
  country: string;
  network: string;
  perMin: number;
};
const DESTINATIONS: readonly (readonly [number, Destination])[] = [
  [
    5,
    { prefix: '07', digits: 8, type: 'OUTMOBILE', country: 'Switzerland', network: 'Swisscom', perMin: 0.29 },
  ],
  [
    5,
    { prefix: '02', digits: 8, type: 'OUTNATIONAL', country: 'Switzerland', network: 'Fixed', perMin: 0.045 },
  ],
  [
    2,
    {
      prefix: '00417',
      digits: 8,
      type: 'OUTMOBILE',
      country: 'Switzerland',
      network: 'Sunrise',
      perMin: 0.29,
    },
  ],
  [
    2,
    {
      prefix: '00331',
      digits: 8,
      type: 'OUTINTERNATIONAL',
      country: 'France',
      network: 'Orange',
      perMin: 0.12,
    },
  ],
  [
    1,
    {
      prefix: '004930',
      digits: 8,
      type: 'OUTINTERNATIONAL',
      country: 'Germany',
      network: 'Fixed',
      perMin: 0.09,
    },
  ],
];

const RECORD_SALT = saltOf('boxis:record');

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** Builds the Boxis emulator's handler and data. */
export function createBoxis(
  setup: ProviderSetup,
  options: BoxisEmulatorOptions,
): ProviderInstance<BoxisCredentials, 'cdr', BoxisRecord> {
  const { seed } = setup;
  const timeZone = setup.timeZone ?? 'Europe/Zurich';
  const toleranceSec = options.timestampToleranceSec ?? 300;
  if (!(toleranceSec >= 0)) throw new RangeError('timestampToleranceSec must be >= 0');
  const data = new Dataset({
    count: setup.records,
    fromMs: setup.fromMs,
    toMs: setup.toMs,
    unitMs: 1000,
    seed,
    salt: saltOf('boxis'),
    order: 'asc',
  });
  const dids = Array.from({ length: 6 }, (_, i) => `0225101${String(800 + i * 10)}`);
  const accounts = new Map([
    [USER, { key: USER_KEY, tenants: [TENANT, BOXIS_DOC_TENANT] }],
    [BOXIS_DOC_USER, { key: BOXIS_DOC_USER_KEY, tenants: [BOXIS_DOC_TENANT] }],
  ]);
  const sample = Object.values(
    (JSON.parse(boxisSuccessSample) as { params: { cdr: Record<string, BoxisRecord> } }).params.cdr,
  );

  function makeRecord(key: number): BoxisRecord {
    const startMs = data.timeOfKey(key);
    const epoch = Math.floor(startMs / 1000);
    const rng = new Rng(seed, RECORD_SALT, key);
    const inbound = rng.chance(0.55);
    const disposition = rng.weighted([
      [70, 'ANSWERED'],
      [18, 'NO ANSWER'],
      [8, 'BUSY'],
      [4, 'FAILED'],
    ] as const);
    const ring = rng.int(0, 25);
    const talk = rng.weighted([
      [5, rng.int(5, 120)],
      [4, rng.int(121, 900)],
      [1, rng.int(901, 5400)],
    ]);
    const answered = disposition === 'ANSWERED';
    const duration =
      disposition === 'ANSWERED' ? ring + talk : disposition === 'NO ANSWER' ? rng.int(5, 45) : rng.int(0, 3);
    const billsec = answered ? talk : 0;
    const at = (offsetSec: number) => formatDateTime(toWallTime((epoch + offsetSec) * 1000, timeZone));
    const start = at(0);
    const host = rng.pick(HOSTS);
    const uniqueid = `${host}-${epoch}.${100000 + key}`;
    const linkedid = rng.chance(0.85)
      ? uniqueid
      : `${rng.pick(HOSTS)}-${epoch - rng.int(1, 90)}.${rng.int(100000, 999999)}`;
    const did = rng.pick(dids);
    const callId = rng.chance(0.6)
      ? `${rng.hex(12)}-${rng.hex(8)}-${rng.hex(8)}-${rng.hex(7)}-${rng.hex(7)}@127.0.0.1`
      : '';
    const ext = String(rng.int(100, 699));
    let fields: Partial<BoxisRecord>;
    if (inbound) {
      const caller = rng.weighted([
        [4, `00417${rng.digits(8)}`],
        [3, `00416${rng.digits(8)}`],
        [2, `0${rng.pick(['21', '31', '44', '61'])}${rng.digits(7)}`],
        [1, `+4179${rng.digits(7)}`],
      ]);
      const queue = rng.chance(0.3);
      fields = {
        clid: rng.chance(0.5) ? `"${rng.pick(CALLERS)}:" ` : `"${caller}" <${caller}>`,
        src: caller,
        dst: did,
        dcontext: queue ? 'fromotherpbx' : 'fromoutside',
        channel: `SIP/NS_Inbound_Route_CH_Direct_${rng.int(100, 199)}-0000${rng.hex(4)}`,
        dstchannel: `SIP/${rng.pick(HOSTS)}-0000${rng.hex(4)}`,
        lastapp: queue ? 'Queue' : 'Dial',
        lastdata: queue
          ? `QUEUE-${rng.int(1, 20)},t,,,90`
          : `SIP/${ext}@${rng.pick(HOSTS)},,U(destChannelActions^yes^wav^^^^)`,
        userfield: '[inbound]',
        realsrc: queue ? 'Queue General' : '',
        firstdst: did,
        lastdst: answered ? ext : '',
        wherelanded: answered ? `02273597${rng.digits(2)}` : 'N/A',
        cc_type: 'OUTNOCHARGE',
        cc_country: '',
        cc_network: '',
        cc_international: '',
        cc_cost: '0.00000',
      };
    } else {
      const destination = rng.weighted(DESTINATIONS);
      const dst = destination.prefix + rng.digits(destination.digits);
      const cost = answered ? (Math.ceil(billsec / 60) * destination.perMin).toFixed(5) : '0.00000';
      fields = {
        clid: `"${rng.pick(CALLERS)}" <${did}>`,
        src: did,
        dst,
        dcontext: 'fromuser',
        channel: `SIP/${ext}-0000${rng.hex(4)}`,
        dstchannel: `SIP/NS_Outbound_Route-0000${rng.hex(4)}`,
        lastapp: 'Dial',
        lastdata: `SIP/NS_Outbound_Route/${dst},120,T`,
        userfield: '[outbound]',
        realsrc: ext,
        firstdst: dst,
        lastdst: '',
        wherelanded: 'N/A',
        cc_type: answered ? destination.type : 'OUTNOCHARGE',
        cc_country: destination.country,
        cc_network: destination.network,
        cc_international: destination.type === 'OUTINTERNATIONAL' ? '1' : '0',
        cc_cost: cost,
      };
    }
    return {
      uniqueid,
      start,
      answer: answered ? at(ring) : UNANSWERED,
      end: at(duration),
      clid: fields.clid ?? '',
      src: fields.src ?? '',
      dst: fields.dst ?? '',
      dcontext: fields.dcontext ?? '',
      channel: fields.channel ?? '',
      dstchannel: fields.dstchannel ?? '',
      lastapp: fields.lastapp ?? '',
      lastdata: fields.lastdata ?? '',
      duration: String(duration),
      billsec: String(billsec),
      disposition,
      amaflags: '3',
      accountcode: 'BOXIS',
      userfield: fields.userfield ?? '',
      realsrc: fields.realsrc ?? '',
      firstdst: fields.firstdst ?? '',
      lastdst: fields.lastdst ?? '',
      srcCallID: callId,
      prevuniqueid: '',
      peeraccount: 'BOXIS',
      sequence: String(rng.int(10000, 99999)),
      originateid: '',
      linkedid,
      wherelanded: fields.wherelanded ?? '',
      pincode: '',
      prevsequence: null,
      cc_peername: '',
      cc_date: formatDate(toWallTime(epoch * 1000, timeZone)),
      cc_type: fields.cc_type ?? '',
      cc_type_id: null,
      cc_country: fields.cc_country ?? '',
      cc_network: fields.cc_network ?? '',
      cc_international: fields.cc_international ?? '',
      cc_cost: fields.cc_cost ?? '',
    };
  }

  function recordXml(record: BoxisRecord): string {
    let out = '';
    for (const [name, value] of Object.entries(record)) {
      out += value === null ? `<${name}/>` : `<${name}>${xmlText(value)}</${name}>`;
    }
    return out;
  }

  function envelope(xml: boolean, fields: Record<string, string>, timestamp: number): Reply {
    if (xml) {
      let body = '<?xml version="1.0" encoding="UTF-8"?>\n<return>';
      for (const [name, value] of Object.entries(fields)) body += `<${name}>${xmlText(value)}</${name}>`;
      body += `<timestamp>${timestamp}</timestamp></return>\n`;
      return { status: 200, contentType: 'text/xml; charset=utf-8', body };
    }
    return { status: 200, contentType: 'application/json', body: phpJson({ ...fields, timestamp }) };
  }

  function success(xml: boolean, records: Iterable<BoxisRecord>, timestamp: number): Reply {
    if (xml) {
      function* body(): Generator<string> {
        yield '<?xml version="1.0" encoding="UTF-8"?>\n<return><result>1</result><resulttxt>success</resulttxt><params><cdr>';
        let n = 0;
        for (const record of records) {
          n++;
          yield `<call_${n}>${recordXml(record)}</call_${n}>`;
        }
        yield `</cdr></params><timestamp>${timestamp}</timestamp></return>\n`;
      }
      return { status: 200, contentType: 'text/xml; charset=utf-8', body: body() };
    }
    function* body(): Generator<string> {
      yield '{"result":"1","resulttxt":"success","params":{"cdr":{';
      let n = 0;
      for (const record of records) {
        n++;
        yield `${n > 1 ? ',' : ''}"call_${n}":${phpJson(record)}`;
      }
      yield `}},"timestamp":${timestamp}}`;
    }
    return { status: 200, contentType: 'application/json', body: body() };
  }

  function readRange(text: string | undefined, end: boolean): number | null | undefined {
    if (text === undefined || text.trim() === '') return undefined;
    const wall = parseNaive(text.trim());
    if (!wall) return null;
    if (!wall.hasTime && end) {
      wall.hour = 23;
      wall.minute = 59;
      wall.second = 59;
    }
    return wallTimeToEpoch(wall, timeZone);
  }

  function handle(request: RecordedRequest, env: RequestEnv): Reply {
    if (request.path !== '/' && request.path !== '') {
      return { status: 404, contentType: 'text/html; charset=utf-8', body: '<h1>Not Found</h1>' };
    }
    if (request.method !== 'POST') {
      return {
        status: 405,
        contentType: 'text/plain; charset=utf-8',
        headers: { Allow: 'POST' },
        body: 'Method Not Allowed',
      };
    }
    const form = parseForm(request.body);
    const xml = (form.returntype ?? '').toLowerCase() === 'xml';
    const serverNow = Math.floor(env.nowMs / 1000);
    const fail = (text: string, extra: Record<string, string> = {}) =>
      envelope(xml, { result: '0', resulttxt: `Error: ${text}`, ...extra }, serverNow);

    // The doc's example request (authcode "1234567890" is no md5): its error sample, verbatim.
    if (form.username === BOXIS_DOC_USER && form.authcode === BOXIS_DOC_USER_KEY) {
      if (!xml) return { status: 200, contentType: 'application/json', body: boxisErrorSample };
      return envelope(true, { result: '0', resulttxt: 'Error: {error description}' }, 1335777400);
    }

    const timestampText = (form.timestamp ?? '').trim();
    const timestamp = /^\d{1,12}$/.test(timestampText) ? Number(timestampText) : Number.NaN;
    if (!Number.isFinite(timestamp) || Math.abs(timestamp - serverNow) > toleranceSec) {
      const realNow = Math.floor((env.nowMs - env.skewMs) / 1000);
      if (Number.isFinite(timestamp) && Math.abs(timestamp - realNow) <= toleranceSec) env.noteClockSkew();
      return fail('Invalid timestamp', { timestamperror: '1' });
    }
    const account = accounts.get(form.username ?? '');
    if (!account || (form.authcode ?? '').toLowerCase() !== md5(timestampText + account.key)) {
      return fail('Authentication failed');
    }
    if ((form.section ?? '').toLowerCase() !== 'voice') return fail('Unknown section');
    if ((form.action ?? '').toLowerCase() !== 'getcdr') return fail('Unknown action');
    const tenant = form.tenant ?? '';
    if (!account.tenants.includes(tenant)) return fail('Unknown tenant');
    const from = readRange(form.datefrom, false);
    const to = readRange(form.dateto, true);
    if (from === null || to === null) return fail("Invalid date format, use 'yyyy-mm-dd hh:mm:ss'");
    if (from !== undefined && to !== undefined && from > to) return fail('datefrom must not be after dateto');

    if (tenant === BOXIS_DOC_TENANT) {
      // The sample's naive times compare as text with the naive bounds.
      const bound = (text: string | undefined, end: boolean) => {
        const wall = text?.trim() ? parseNaive(text.trim()) : null;
        if (!wall) return end ? '9999' : '0000';
        return wall.hasTime ? formatDateTime(wall) : `${formatDate(wall)} ${end ? '23:59:59' : '00:00:00'}`;
      };
      const lo = bound(form.datefrom, false);
      const hi = bound(form.dateto, true);
      const records = sample.filter((r) => (r.start ?? '') >= lo && (r.start ?? '') <= hi);
      if (!xml && records.length === sample.length) {
        return { status: 200, contentType: 'application/json', body: boxisSuccessSample };
      }
      return success(xml, records, serverNow);
    }

    const selection = data.select(from ?? Number.NEGATIVE_INFINITY, to ?? Number.POSITIVE_INFINITY);
    // answerCap: the first records only, and nothing in the answer says that more exist.
    const count = Math.min(selection.length, env.faults?.answerCap ?? Number.POSITIVE_INFINITY);
    function* records(): Generator<BoxisRecord> {
      for (let p = 0; p < count; p++) yield makeRecord(selection.keyAt(p));
    }
    return success(xml, records(), serverNow);
  }

  return {
    credentials: { userName: USER, userKey: USER_KEY, tenant: TENANT },
    profileId: undefined,
    isFixture(request) {
      const form = parseForm(request.body);
      return form.username === BOXIS_DOC_USER || form.tenant === BOXIS_DOC_TENANT;
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
