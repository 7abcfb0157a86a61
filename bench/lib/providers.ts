/**
 * Per provider: the SDK call under test, and a raw baseline: a hand-written fetch loop with
 * JSON.parse or fast-xml-parser, no validation, no normalization.
 */
import { createHash } from 'node:crypto';
import { BoxisClient } from '@cdrkit/boxis';
import type { Paged, ProviderName } from '@cdrkit/core';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';
import { XMLParser } from 'fast-xml-parser';
import type { RemoteEmulator } from './emulator.js';

export interface Range {
  from: Date;
  to: Date;
}

export interface Bench {
  provider: ProviderName;
  format: 'json' | 'xml';
  /** The SDK's list call. */
  sdk(emu: RemoteEmulator, range: Range, prefetch: number): Paged<unknown>;
  /** Counts the records of the range with a hand-written loop. */
  raw(emu: RemoteEmulator, range: Range): Promise<number>;
}

const DAY = 86_400_000;
const text = async (response: Response) => {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
};

/** `yyyy-MM-dd HH:mm:ss` of `date` in `timeZone`. */
function wallTime(date: Date, timeZone: string): string {
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

export const BENCHES: Bench[] = [
  {
    provider: 'telecmi',
    format: 'json',
    sdk: (emu, r, prefetch) =>
      new TeleCmiClient({
        ...(emu.credentials as { appId: number; token: string }),
        baseUrl: emu.url,
      }).outAnswered({
        from: r.from,
        to: r.to,
        limit: 100,
        prefetch,
      }),
    async raw(emu, r) {
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
        ) as { total: number; cdr: unknown[] };
        count += body.cdr.length;
        if (body.cdr.length < 100 || page * 100 >= body.total) return count;
      }
    },
  },
  {
    provider: 'boxis',
    format: 'json',
    sdk: (emu, r, prefetch) =>
      new BoxisClient({
        ...(emu.credentials as { userName: string; userKey: string; tenant: string }),
        baseUrl: emu.url,
      }).getCDR({ from: r.from, to: r.to, prefetch }),
    async raw(emu, r) {
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
        const body = JSON.parse(await text(await fetch(`${emu.url}/`, { method: 'POST', body: form }))) as {
          params?: { cdr?: Record<string, unknown> };
        };
        count += Object.keys(body.params?.cdr ?? {}).length;
      }
      return count;
    },
  },
  {
    provider: 'mixvoip',
    format: 'json',
    sdk: (emu, r, prefetch) =>
      new MixvoipClient({
        ...(emu.credentials as { userName: string; password: string }),
        baseUrl: emu.url,
      }).getCalls({ profileId: String(emu.profileId), from: r.from, to: r.to, prefetch }),
    async raw(emu, r) {
      let count = 0;
      const day = (d: Date) => d.toISOString().slice(0, 10);
      for (let start = new Date(r.from); start < r.to; ) {
        const end = new Date(start);
        end.setUTCMonth(end.getUTCMonth() + 3);
        const stop = end < r.to ? end : r.to;
        const url = `${emu.url}/cdrs/getcalls/${emu.profileId}/${day(start)}/${day(new Date(stop.getTime() - 1))}?username=${encodeURIComponent(String(emu.credentials.userName))}&password=${encodeURIComponent(String(emu.credentials.password))}`;
        count += (JSON.parse(await text(await fetch(url))) as unknown[]).length;
        start = stop;
      }
      return count;
    },
  },
  {
    provider: 'iping',
    format: 'xml',
    sdk: (emu, r, prefetch) =>
      new IpingClient({
        ...(emu.credentials as { userName: string; password: string }),
        baseUrl: emu.url,
      }).getOutboundItems({ from: r.from, to: r.to, transport: 'query', prefetch }),
    async raw(emu, r) {
      const parser = new XMLParser({
        ignoreAttributes: false,
        parseTagValue: false,
        parseAttributeValue: false,
      });
      const mdy = (d: Date) => {
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
        const doc = parser.parse(await text(await fetch(`${emu.url}/services/iping.asp?${query}`))) as {
          bSmartXML?: { data?: { items?: { item?: unknown } } };
        };
        const items = doc.bSmartXML?.data?.items?.item;
        const n = Array.isArray(items) ? items.length : items ? 1 : 0;
        count += n;
        if (n < 100) return count;
      }
    },
  },
  {
    provider: 'nimblevox',
    format: 'json',
    sdk: (emu, r, prefetch) =>
      new NimblevoxClient({ ...(emu.credentials as { apiKey: string }), baseUrl: emu.url }).listSdrs({
        from: r.from,
        to: r.to,
        pageSize: 500,
        prefetch,
      }),
    async raw(emu, r) {
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
          ) as { total: number; sdrs: unknown[] };
          count += body.sdrs.length;
          if (offset + 500 >= body.total || body.sdrs.length === 0) break;
        }
      }
      return count;
    },
  },
];
