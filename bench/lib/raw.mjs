// The raw baselines: per provider, a hand-written fetch loop with JSON.parse or
// fast-xml-parser, no validation, no normalization, no retries. Plain JavaScript, so that the
// memory child can run them in a process of their own, exactly as it runs the SDK.
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

const DAY = 86_400_000;

/** @param {Response} response */
async function text(response) {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/**
 * `yyyy-MM-dd HH:mm:ss` of `date` in `timeZone`.
 * @param {Date} date
 * @param {string} timeZone
 */
function wallTime(date, timeZone) {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
    .format(date)
    .replace(',', '');
}

/**
 * @typedef {{ url: string, credentials: Record<string, unknown>, profileId?: string | number | null }} Emu
 * @typedef {{ from: Date, to: Date }} Range
 * @type {Record<string, (emu: Emu, range: Range) => Promise<number>>}
 */
export const RAW = {
  async telecmi(emu, r) {
    let count = 0;
    for (let page = 1; ; page++) {
      const body = JSON.parse(
        await text(
          await fetch(`${emu.url}/v1/outanswered`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              appid: emu.credentials.appId,
              token: emu.credentials.token,
              start_date: r.from.getTime(),
              end_date: r.to.getTime() - 1,
              page,
              limit: 100,
            }),
          }),
        ),
      );
      count += body.cdr.length;
      if (body.cdr.length < 100 || page * 100 >= body.total) return count;
    }
  },

  async boxis(emu, r) {
    let count = 0;
    for (let start = r.from.getTime(); start < r.to.getTime(); start += DAY) {
      const end = Math.min(start + DAY, r.to.getTime());
      const timestamp = String(Math.floor(Date.now() / 1000));
      const authcode = createHash('md5')
        .update(timestamp + String(emu.credentials.userKey))
        .digest('hex');
      const form = new URLSearchParams({
        version: '1.0',
        returntype: 'json',
        timestamp,
        username: String(emu.credentials.userName),
        authcode,
        section: 'voice',
        action: 'getCDR',
        tenant: String(emu.credentials.tenant),
        datefrom: wallTime(new Date(start), 'Europe/Zurich'),
        dateto: wallTime(new Date(end - 1000), 'Europe/Zurich'),
      });
      const body = JSON.parse(await text(await fetch(`${emu.url}/`, { method: 'POST', body: form })));
      count += Object.keys(body.params?.cdr ?? {}).length;
    }
    return count;
  },

  async mixvoip(emu, r) {
    let count = 0;
    /** @param {Date} d */
    const day = (d) => d.toISOString().slice(0, 10);
    for (let start = new Date(r.from); start < r.to; ) {
      const end = new Date(start);
      end.setUTCMonth(end.getUTCMonth() + 3);
      const stop = end < r.to ? end : r.to;
      const url = `${emu.url}/cdrs/getcalls/${emu.profileId}/${day(start)}/${day(new Date(stop.getTime() - 1))}?username=${encodeURIComponent(String(emu.credentials.userName))}&password=${encodeURIComponent(String(emu.credentials.password))}`;
      count += JSON.parse(await text(await fetch(url))).length;
      start = stop;
    }
    return count;
  },

  async iping(emu, r) {
    const parser = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      parseAttributeValue: false,
    });
    /** @param {Date} d */
    const mdy = (d) => {
      const [y, m, dd] = wallTime(d, 'America/New_York').slice(0, 10).split('-');
      return `${m}/${dd}/${y}`;
    };
    let count = 0;
    for (let itemStart = 0; ; itemStart += 100) {
      const query = new URLSearchParams({
        method_name: 'getoutbounditems',
        user_name: String(emu.credentials.userName),
        password: String(emu.credentials.password),
        start_dt: mdy(r.from),
        end_dt: mdy(new Date(r.to.getTime() - 1)),
        item_start: String(itemStart),
        item_count: '100',
        storage_type: 'past',
        tracking_id: '',
      });
      const doc = parser.parse(await text(await fetch(`${emu.url}/services/iping.asp?${query}`)));
      const items = doc.bSmartXML?.data?.items?.item;
      const n = Array.isArray(items) ? items.length : items ? 1 : 0;
      count += n;
      if (n < 100) return count;
    }
  },

  async nimblevox(emu, r) {
    let count = 0;
    const span = 90 * DAY;
    for (let start = r.from.getTime(); start < r.to.getTime(); start += span) {
      const end = Math.min(start + span, r.to.getTime());
      for (let offset = 0; ; offset += 500) {
        const query = new URLSearchParams({
          apiKey: String(emu.credentials.apiKey),
          startDate: new Date(start).toISOString().slice(0, 19),
          endDate: new Date(end - 1000).toISOString().slice(0, 19),
          max: '500',
          offset: String(offset),
        });
        const body = JSON.parse(
          await text(await fetch(`${emu.url}/sdr?${query}`, { headers: { accept: 'application/json' } })),
        );
        count += body.sdrs.length;
        if (offset + 500 >= body.total || body.sdrs.length === 0) break;
      }
    }
    return count;
  },
};

// The other wire formats, for bench/compare.ts. XML goes through fast-xml-parser with its default
// options, CSV through a plain split into lines and on commas (the MIXvoip CSV has no header and
// no quoted line breaks; the split ignores quotes, it only costs what reading the fields costs).

/**
 * Boxis getCDR with `returntype=xml`, one day per request, as `RAW.boxis` does for JSON.
 * @param {Emu} emu
 * @param {Range} r
 */
async function boxisXml(emu, r) {
  const parser = new XMLParser();
  let count = 0;
  for (let start = r.from.getTime(); start < r.to.getTime(); start += DAY) {
    const end = Math.min(start + DAY, r.to.getTime());
    const timestamp = String(Math.floor(Date.now() / 1000));
    const authcode = createHash('md5')
      .update(timestamp + String(emu.credentials.userKey))
      .digest('hex');
    const form = new URLSearchParams({
      version: '1.0',
      returntype: 'xml',
      timestamp,
      username: String(emu.credentials.userName),
      authcode,
      section: 'voice',
      action: 'getCDR',
      tenant: String(emu.credentials.tenant),
      datefrom: wallTime(new Date(start), 'Europe/Zurich'),
      dateto: wallTime(new Date(end - 1000), 'Europe/Zurich'),
    });
    const doc = parser.parse(await text(await fetch(`${emu.url}/`, { method: 'POST', body: form })));
    const cdr = doc.return?.params?.cdr;
    count += cdr && typeof cdr === 'object' ? Object.keys(cdr).length : 0;
  }
  return count;
}

/**
 * MIXvoip getcalls with the `csv` format, three-month windows, as `RAW.mixvoip` does for JSON.
 * @param {Emu} emu
 * @param {Range} r
 */
async function mixvoipCsv(emu, r) {
  let count = 0;
  /** @param {Date} d */
  const day = (d) => d.toISOString().slice(0, 10);
  for (let start = new Date(r.from); start < r.to; ) {
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + 3);
    const stop = end < r.to ? end : r.to;
    const url = `${emu.url}/cdrs/getcalls/${emu.profileId}/${day(start)}/${day(new Date(stop.getTime() - 1))}/csv?username=${encodeURIComponent(String(emu.credentials.userName))}&password=${encodeURIComponent(String(emu.credentials.password))}`;
    for (const line of (await text(await fetch(url))).split('\n')) if (line.split(',').length > 1) count++;
    start = stop;
  }
  return count;
}

/**
 * Nimblevox /sdr with `Accept: application/xml`, 500 per page in 90-day windows, as
 * `RAW.nimblevox` does for JSON.
 * @param {Emu} emu
 * @param {Range} r
 */
async function nimblevoxXml(emu, r) {
  const parser = new XMLParser();
  let count = 0;
  const span = 90 * DAY;
  for (let start = r.from.getTime(); start < r.to.getTime(); start += span) {
    const end = Math.min(start + span, r.to.getTime());
    for (let offset = 0; ; offset += 500) {
      const query = new URLSearchParams({
        apiKey: String(emu.credentials.apiKey),
        startDate: new Date(start).toISOString().slice(0, 19),
        endDate: new Date(end - 1000).toISOString().slice(0, 19),
        max: '500',
        offset: String(offset),
      });
      const doc = parser.parse(
        await text(await fetch(`${emu.url}/sdr?${query}`, { headers: { accept: 'application/xml' } })),
      );
      const sdr = doc.result?.sdrs?.sdr;
      const n = Array.isArray(sdr) ? sdr.length : sdr ? 1 : 0;
      count += n;
      if (offset + 500 >= Number(doc.result?.total) || n === 0) break;
    }
  }
  return count;
}

/**
 * The raw loop of every provider and wire format the SDK supports (iPing: its `query` transport).
 * @type {Record<string, Record<string, (emu: Emu, range: Range) => Promise<number>>>}
 */
export const RAW_FORMATS = {
  telecmi: { json: RAW.telecmi },
  boxis: { json: RAW.boxis, xml: boxisXml },
  mixvoip: { json: RAW.mixvoip, csv: mixvoipCsv },
  iping: { query: RAW.iping },
  nimblevox: { json: RAW.nimblevox, xml: nimblevoxXml },
};
