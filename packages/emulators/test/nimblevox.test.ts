import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docFixtures, type Emulator, type NimblevoxRecord, startEmulator } from '../src/index.js';

interface SdrPage {
  previous: string | null;
  next: string | null;
  count: number;
  total: number;
  sdrs: NimblevoxRecord[];
}

describe('Nimblevox emulator', () => {
  let emu: Emulator<'nimblevox'>;

  beforeAll(async () => {
    emu = await startEmulator('nimblevox', {
      records: 1200,
      from: '2024-01-01T00:00:00Z',
      to: '2024-03-01T00:00:00Z',
    });
  });
  afterAll(() => emu.close());

  const range = 'startDate=2024-01-01T00:00:00&endDate=2024-02-29T23:59:59';
  async function get(
    pathAndQuery: string,
    accept?: string,
  ): Promise<{ status: number; text: string; type: string | null }> {
    const res = await fetch(`${emu.url}${pathAndQuery}`, accept ? { headers: { Accept: accept } } : {});
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
  }
  const key = () => `apiKey=${emu.credentials.apiKey}`;

  it('serves the doc JSON and XML samples byte for byte for the doc curl request', async () => {
    const json = await get(docFixtures.nimblevox.path);
    expect(json.status).toBe(200);
    expect(json.text).toBe(docFixtures.nimblevox.jsonResponse);
    const xml = await get(docFixtures.nimblevox.path, 'application/xml');
    expect(xml.text).toBe(docFixtures.nimblevox.xmlResponse);
    expect((await get(docFixtures.nimblevox.path, 'application/json')).text).toBe(
      docFixtures.nimblevox.jsonResponse,
    );
  });

  it('answers 401 without or with a wrong apiKey', async () => {
    expect((await get(`/sdr?${range}`)).status).toBe(401);
    expect((await get(`/sdr?${range}&apiKey=nope`)).status).toBe(401);
    expect((await get('/sdr/1001?apiKey=nope')).status).toBe(401);
  });

  it('answers 406 for a format other than JSON or XML', async () => {
    expect((await get(`/sdr?${range}&${key()}`, 'text/csv')).status).toBe(406);
    expect((await get(`/sdr?${range}&${key()}`, '*/*')).status).toBe(200);
    expect((await get(`/sdr?${range}&${key()}`, 'text/html, application/xml;q=0.9')).type).toBe(
      'application/xml',
    );
  });

  it('answers 400 for missing or malformed dates, a span over 90 days and max over 500', async () => {
    expect((await get(`/sdr?${key()}&startDate=2024-01-01T00:00:00`)).status).toBe(400);
    expect((await get(`/sdr?${key()}&endDate=2024-01-01T00:00:00`)).status).toBe(400);
    expect((await get(`/sdr?${key()}&startDate=2024-01-01&endDate=2024-01-02T00:00:00`)).status).toBe(400);
    expect(
      (await get(`/sdr?${key()}&startDate=2024-01-01T00:00:00&endDate=2024-03-31T00:00:00`)).status,
    ).toBe(200);
    const long = await get(`/sdr?${key()}&startDate=2024-01-01T00:00:00&endDate=2024-03-31T00:00:01`);
    expect(long.status).toBe(400);
    expect(JSON.parse(long.text).message).toMatch(/90 days/);
    expect((await get(`/sdr?${range}&${key()}&max=501`)).status).toBe(400);
    expect((await get(`/sdr?${range}&${key()}&max=0`)).status).toBe(400);
    expect((await get(`/sdr?${range}&${key()}&max=500`)).status).toBe(200);
  });

  it('returns at most 500 SDRs by default, with next and previous links that omit the apiKey and filters', async () => {
    const first = JSON.parse((await get(`/sdr?${range}&${key()}`)).text) as SdrPage;
    expect(first.count).toBe(500);
    expect(first.total).toBe(1200);
    expect(first.previous).toBeNull();
    expect(first.next).toBe(`${emu.url}/sdr?offset=500&max=500&${range}`);
    const second = JSON.parse(
      (await get(`${new URL(first.next as string).pathname}${new URL(first.next as string).search}&${key()}`))
        .text,
    ) as SdrPage;
    expect(second.previous).toBe(`${emu.url}/sdr?offset=0&max=500&${range}`);
    const filtered = JSON.parse((await get(`/sdr?${range}&${key()}&max=5&callingParty=1`)).text) as SdrPage;
    expect(filtered.next).toBeNull();
  });

  it('pages through every SDR once, oldest first, by following next', async () => {
    const seen: NimblevoxRecord[] = [];
    let url: string | null = `${emu.url}/sdr?${range}&max=170`;
    while (url) {
      const page = JSON.parse(
        (await get(`${new URL(url).pathname}${new URL(url).search}&${key()}`)).text,
      ) as SdrPage;
      expect(page.count).toBe(page.sdrs.length);
      seen.push(...page.sdrs);
      url = page.next;
    }
    expect(seen).toEqual([...emu.records()]);
    expect(new Set(seen.map((s) => s.id)).size).toBe(1200);
    const starts = seen.map((s) => s.billStart);
    expect([...starts].sort()).toEqual(starts);
  });

  it('filters on callingParty and calledParty', async () => {
    const all = [...emu.records()];
    const calling = (all[0] as NimblevoxRecord).callingParty;
    const expected = all.filter((s) => s.callingParty === calling);
    const page = JSON.parse((await get(`/sdr?${range}&${key()}&callingParty=${calling}`)).text) as SdrPage;
    expect(page.total).toBe(expected.length);
    expect(page.sdrs).toEqual(expected);
    const called = (all[1] as NimblevoxRecord).calledParty;
    const both = JSON.parse(
      (await get(`/sdr?${range}&${key()}&callingParty=${calling}&calledParty=${called}`)).text,
    ) as SdrPage;
    expect(both.sdrs.every((s) => s.callingParty === calling && s.calledParty === called)).toBe(true);
  });

  it('writes the sample fields, 30-hex seqnums and money with two decimals', async () => {
    const text = (await get(`/sdr?${range}&${key()}&max=50`)).text;
    expect(text).toMatch(/"bonusCharge":\d+\.\d{2},/);
    const sample = (JSON.parse(docFixtures.nimblevox.jsonResponse) as SdrPage).sdrs[0] as NimblevoxRecord;
    for (const sdr of (JSON.parse(text) as SdrPage).sdrs) {
      expect(Object.keys(sdr)).toEqual(Object.keys(sample));
      expect(sdr.seqnum).toMatch(/^[0-9A-F]{30}$/);
      expect(sdr.href).toBe(`${emu.url}/sdr/${sdr.id}`);
      expect(['Application_Outdial', 'Incoming_Call']).toContain(sdr.callType);
      expect(['Outbound_Call', 'Inbound_Call']).toContain(sdr.serviceType);
    }
  });

  it('serves XML pages shaped like the XML sample', async () => {
    const res = await get(`/sdr?${range}&${key()}&max=3&offset=3`, 'application/xml');
    expect(res.type).toBe('application/xml');
    expect(res.text).toMatch(
      /^<result xmlns:xsi='http:\/\/www.w3.org\/2001\/XMLSchema-instance'> <link rel='previous' href='[^']+'\/> <link rel='next' href='[^']+offset=6&max=3&startDate=2024-01-01T00:00:00&endDate=2024-02-29T23:59:59'\/> <count>3<\/count> <total>1200<\/total> <sdrs> <sdr id='\d+' href='[^']+'> <seqnum>/,
    );
    expect(res.text).toMatch(/<callType>(Application Outdial|Incoming Call)<\/callType>/);
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(res.text) as {
      result: { sdrs: { sdr: { '@_id': string; billStart: string }[] } };
    };
    const expected = [...emu.records()].slice(3, 6);
    expect(parsed.result.sdrs.sdr.map((s) => Number(s['@_id']))).toEqual(expected.map((s) => s.id));
  });

  it('serves one SDR at its href, in JSON or XML, and 404 for an unknown id', async () => {
    const sdr = [...emu.records()][7] as NimblevoxRecord;
    const path = new URL(sdr.href).pathname;
    expect(JSON.parse((await get(`${path}?${key()}`)).text)).toEqual(sdr);
    const xml = await get(`${path}?${key()}`, 'application/xml');
    expect(xml.text).toMatch(
      new RegExp(`^<sdr id='${sdr.id}' href='${sdr.href}'> <seqnum>${sdr.seqnum}</seqnum>`),
    );
    expect((await get(`/sdr/99999999?${key()}`)).status).toBe(404);
  });

  it('serves at most pageCap SDRs a page whatever max asks, with links that page by what it served', async () => {
    const capped = await startEmulator('nimblevox', {
      records: 1200,
      from: '2024-01-01T00:00:00Z',
      to: '2024-03-01T00:00:00Z',
      faults: { pageCap: 7 },
    });
    try {
      const read = async (pathAndQuery: string) =>
        JSON.parse(
          await (await fetch(`${capped.url}${pathAndQuery}&apiKey=${capped.credentials.apiKey}`)).text(),
        ) as SdrPage;
      const first = await read(`/sdr?${range}&max=500`);
      expect(first.sdrs).toHaveLength(7);
      expect(first.count).toBe(7);
      expect(first.total).toBe(1200);
      expect(first.next).toBe(`${capped.url}/sdr?offset=7&max=7&${range}`);
      // Following the links reads every SDR once, 7 at a time.
      const seen: NimblevoxRecord[] = [...first.sdrs];
      let url = first.next;
      let pages = 1;
      while (url) {
        const page = await read(`${new URL(url).pathname}${new URL(url).search}`);
        expect(page.sdrs.length).toBeLessThanOrEqual(7);
        seen.push(...page.sdrs);
        url = page.next;
        pages++;
      }
      expect(pages).toBe(Math.ceil(1200 / 7));
      expect(seen.map((s) => s.id)).toEqual([...capped.records()].map((s) => s.id));
      // XML pages are capped alike.
      const xml = await (
        await fetch(`${capped.url}/sdr?${range}&max=100&offset=14&apiKey=${capped.credentials.apiKey}`, {
          headers: { Accept: 'application/xml' },
        })
      ).text();
      expect(xml.match(/<sdr /g)).toHaveLength(7);
      expect(xml).toContain(`<link rel='next' href='${capped.url}/sdr?offset=21&max=7&`);
      expect(xml).toContain(`<link rel='previous' href='${capped.url}/sdr?offset=7&max=7&`);
    } finally {
      await capped.close();
    }
  });

  it('writes links with the linkOrigin option', async () => {
    const other = await startEmulator('nimblevox', { records: 10, linkOrigin: 'https://api.nimblevox.com' });
    try {
      const res = await fetch(
        `${other.url}/sdr?startDate=2024-01-01T00:00:00&endDate=2024-03-01T00:00:00&max=1&apiKey=${other.credentials.apiKey}`,
      );
      const page = JSON.parse(await res.text()) as SdrPage;
      expect(page.next).toMatch(/^https:\/\/api\.nimblevox\.com\/sdr\?offset=1&max=1&/);
      expect(page.sdrs[0]?.href).toMatch(/^https:\/\/api\.nimblevox\.com\/sdr\/\d+$/);
    } finally {
      await other.close();
    }
  });
});
