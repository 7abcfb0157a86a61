import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docFixtures, type Emulator, type IpingRecord, startEmulator } from '../src/index.js';

interface Answer {
  status: string;
  itemCount?: number;
  totalCount?: number;
  items: IpingRecord[];
  error?: { code: string; description: string };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
});

/** Reads the assumed answer shape with attribute-style fields. */
function read(xml: string): Answer {
  const root = (parser.parse(xml) as { bSmartXML: Record<string, unknown> }).bSmartXML;
  const value = (node: unknown) => (node as { value: string }).value;
  const status = value(root.pduType);
  if (status === 'ERR') {
    const error = root.error as Record<string, unknown>;
    return { status, items: [], error: { code: value(error.code), description: value(error.description) } };
  }
  const data = root.data as Record<string, unknown>;
  const raw = (data.items as { item?: unknown } | '').valueOf();
  const list = typeof raw === 'object' && raw && 'item' in raw ? (raw as { item: unknown }).item : [];
  const items = (Array.isArray(list) ? list : [list]).map((item) =>
    Object.fromEntries(Object.entries(item as Record<string, unknown>).map(([k, v]) => [k, value(v)])),
  );
  return {
    status,
    itemCount: Number(value(data.item_count)),
    totalCount: Number(value(data.total_count)),
    items,
  };
}

describe('iPing emulator', () => {
  let emu: Emulator<'iping'>;

  beforeAll(async () => {
    emu = await startEmulator('iping', {
      records: 600,
      from: '2024-01-01T05:00:00Z',
      to: '2024-01-31T05:00:00Z',
    });
  });
  afterAll(() => emu.close());

  const params = (extra: Record<string, string> = {}) => ({
    method_name: 'getoutbounditems',
    user_name: emu.credentials.userName,
    password: emu.credentials.password,
    start_dt: '01/01/2024',
    end_dt: '01/30/2024',
    item_start: '0',
    item_count: '100',
    storage_type: 'past',
    tracking_id: '',
    ...extra,
  });
  async function query(extra: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${emu.url}/services/iping.asp?${new URLSearchParams(params(extra))}`);
    expect(res.status).toBe(200);
    return read(await res.text());
  }
  function document(values: Record<string, string>): string {
    const fields = Object.entries(values)
      .map(([k, v]) => `   <${k} value="${v}"/>`)
      .join('\n');
    return `<?xml version="1.0"?>\n<bSmartXML>\n<data>\n${fields}\n</data>\n</bSmartXML>`;
  }

  it('answers the doc XML request and the doc query string alike, with the doc account items', async () => {
    const post = await fetch(`${emu.url}/services/iping.asp`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: docFixtures.iping.xmlRequest,
    });
    const viaXml = await post.text();
    const path = new URL(docFixtures.iping.queryUrl);
    const viaQuery = await (await fetch(`${emu.url}${path.pathname}${path.search}`)).text();
    expect(viaQuery).toBe(viaXml);
    const answer = read(viaXml);
    expect(answer.status).toBe('OK');
    expect(answer.items.map((i) => i.item_id)).toEqual(['1000101', '1000102', '1000103']);
  });

  it('serves the same page through the XML document and the query string', async () => {
    const viaQuery = await (
      await fetch(`${emu.url}/services/iping.asp?${new URLSearchParams(params())}`)
    ).text();
    const post = await fetch(`${emu.url}/services/iping.asp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: document(params()),
    });
    expect(await post.text()).toBe(viaQuery);
    const form = await fetch(`${emu.url}/services/iping.asp`, {
      method: 'POST',
      body: new URLSearchParams({ xml: document(params()) }),
    });
    expect(await form.text()).toBe(viaQuery);
  });

  it('pages with item_start and item_count and reports the total', async () => {
    const first = await query({ item_count: '100' });
    expect(first.itemCount).toBe(100);
    const total = first.totalCount as number;
    expect(total).toBeGreaterThan(500);
    const ids: string[] = [];
    for (let start = 0; start < total; start += 100) {
      const page = await query({ item_start: String(start) });
      ids.push(...page.items.map((i) => i.item_id as string));
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const tail = await query({ item_start: String(total - 3), item_count: '10' });
    expect(tail.itemCount).toBe(3);
  });

  it('defaults item_start to 0 and item_count to 100', async () => {
    const answer = await query({ item_start: '', item_count: '' });
    expect(answer.items).toHaveLength(100);
    expect(answer.items).toEqual((await query()).items);
  });

  it('rejects item_count outside 1..100 and a bad item_start with ERR', async () => {
    for (const extra of [
      { item_count: '0' },
      { item_count: '101' },
      { item_count: 'ten' },
      { item_start: '-1' },
    ]) {
      const answer = await query(extra);
      expect(answer.status).toBe('ERR');
      expect(answer.error?.description).toMatch(/item_/);
    }
  });

  it('rejects bad credentials with ERR', async () => {
    const answer = await query({ password: 'wrong' });
    expect(answer).toMatchObject({
      status: 'ERR',
      error: { code: '100', description: 'Invalid user name or password' },
    });
  });

  it('rejects malformed dates, an end before the start, and unknown storage types', async () => {
    expect((await query({ start_dt: '2024-01-01' })).status).toBe('ERR');
    expect((await query({ start_dt: '02/01/2024', end_dt: '01/01/2024' })).status).toBe('ERR');
    expect((await query({ storage_type: 'present' })).status).toBe('ERR');
  });

  it('lists scheduled notifications when storage_type is absent (future is the default)', async () => {
    const future = await query({ storage_type: '' });
    const past = await query();
    expect(future.status).toBe('OK');
    expect(future.totalCount).toBeLessThan(past.totalCount as number);
    expect(future.items.every((i) => i.call_status === 'SCHEDULED')).toBe(true);
    expect(future).toEqual(await query({ storage_type: 'future' }));
  });

  it('treats end_dt as a whole day, inclusive', async () => {
    const day = await query({ start_dt: '01/15/2024', end_dt: '01/15/2024' });
    expect(day.totalCount).toBeGreaterThan(5);
    for (const item of day.items) expect(item.call_dt).toBeDefined();
  });

  it('carries the PutNotification fields, a unique item_id and the call outcome', () => {
    const items = [...emu.records('past')];
    expect(new Set(items.map((i) => i.item_id)).size).toBe(items.length);
    const zones = new Set(['2', '3', '4', '10', '15', '20', '35', '40', '50', '55']);
    let minuteStyle = 0;
    let secondStyle = 0;
    for (const item of items) {
      expect(item.phone_number).toMatch(/^\d{10}$/);
      expect(zones).toContain(item.timezone_id);
      expect(['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED']).toContain(item.call_status);
      expect(item.call_duration).toMatch(/^\d+$/);
      expect(item.call_dt).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2}:\d{2}[ap]m$/);
      if (/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}[ap]m$/.test(item.notification_dt as string)) minuteStyle++;
      else if (/^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2}:\d{2}[ap]m$/.test(item.notification_dt as string))
        secondStyle++;
    }
    expect(minuteStyle).toBeGreaterThan(0);
    expect(secondStyle).toBeGreaterThan(0);
  });

  it('filters on tracking_id, which a client may have reused', async () => {
    const items = [...emu.records('past')];
    const counts = new Map<string, number>();
    for (const item of items)
      counts.set(item.tracking_id as string, (counts.get(item.tracking_id as string) ?? 0) + 1);
    const reused = [...counts].find(([, n]) => n > 1)?.[0] as string;
    const single = [...counts].find(([, n]) => n === 1)?.[0] as string;
    expect(reused).toBeDefined();
    const twice = await query({ tracking_id: reused });
    expect(twice.totalCount).toBe(2);
    expect(twice.items.every((i) => i.tracking_id === reused)).toBe(true);
    expect((await query({ tracking_id: single })).items).toHaveLength(1);
    expect((await query({ tracking_id: 'nobody' })).totalCount).toBe(0);
  });

  it('writes fields as elements when xmlStyle is element', async () => {
    const elements = await startEmulator('iping', { records: 20, xmlStyle: 'element' });
    try {
      const res = await fetch(
        `${elements.url}/services/iping.asp?${new URLSearchParams({
          method_name: 'getoutbounditems',
          user_name: elements.credentials.userName,
          password: elements.credentials.password,
          start_dt: '01/01/2024',
          end_dt: '06/30/2024',
          storage_type: 'past',
        })}`,
      );
      const text = await res.text();
      expect(text).toContain('<pduType>OK</pduType>');
      expect(text).toMatch(/<item><item_id>\d+<\/item_id><tracking_id>/);
      expect(text).not.toContain('value=');
    } finally {
      await elements.close();
    }
  });

  it('answers at most pageCap items whatever item_count asks, and pages by item_start as before', async () => {
    const full = await query({ item_count: '100' });
    const capped = await startEmulator('iping', {
      records: 600,
      from: '2024-01-01T05:00:00Z',
      to: '2024-01-31T05:00:00Z',
      faults: { pageCap: 7 },
    });
    try {
      const ask = async (start: number, count: number) => {
        const res = await fetch(
          `${capped.url}/services/iping.asp?${new URLSearchParams(params({ item_start: String(start), item_count: String(count) }))}`,
        );
        return read(await res.text());
      };
      const first = await ask(0, 100);
      expect(first.items).toHaveLength(7);
      expect(first.itemCount).toBe(7);
      expect(first.totalCount).toBe(full.totalCount);
      expect(first.items).toEqual(full.items.slice(0, 7));
      // The next page starts where the client says: item_start 7 is the 8th item.
      expect((await ask(7, 100)).items).toEqual(full.items.slice(7, 14));
      // A request below the cap is answered in full.
      expect((await ask(0, 5)).items).toEqual(full.items.slice(0, 5));
      // The last page holds what is left.
      const total = full.totalCount as number;
      expect((await ask(total - 3, 100)).items).toHaveLength(3);
    } finally {
      await capped.close();
    }
  });

  it('answers other methods of the endpoint with ERR', async () => {
    const answer = await query({ method_name: 'putnotification' });
    expect(answer.status).toBe('ERR');
  });
});
