import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  docFixtures,
  type Emulator,
  type ProviderName,
  providerNames,
  startEmulator,
  startEmulators,
} from '../src/index.js';
import { boxisForm, postJson } from './helpers.js';

const running: { close(): Promise<void> }[] = [];
async function start<P extends ProviderName>(
  provider: P,
  options: Parameters<typeof startEmulator<P>>[1] = {},
): Promise<Emulator<P>> {
  const emu = await startEmulator(provider, options);
  running.push(emu);
  return emu;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
});

const RANGE = 'startDate=2024-01-01T00:00:00&endDate=2024-03-30T00:00:00';
function sdrPath(emu: Emulator<'nimblevox'>, extra = ''): string {
  return `${emu.url}/sdr?${RANGE}&apiKey=${emu.credentials.apiKey}${extra}`;
}

/** The wall time of an instant in a zone as `yyyy-mm-dd hh:mm:ss`. */
function wall(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(ms);
}

describe('startEmulators', () => {
  it('starts all five in under a second, each on its own port, and closes them', async () => {
    const began = performance.now();
    const emus = await startEmulators({ records: 1000 });
    const elapsed = performance.now() - began;
    running.push(emus);
    expect(elapsed).toBeLessThan(1000);
    const urls = providerNames.map((name) => emus[name].url);
    expect(new Set(urls).size).toBe(5);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emus.mixvoip.profileId).toBeTypeOf('string');
    expect(emus.telecmi.credentials.appId).toBeTypeOf('number');
    await emus.close();
    await expect(fetch(`${emus.nimblevox.url}/sdr`)).rejects.toThrow();
  });

  it('applies per-provider options over the shared ones', async () => {
    const emus = await startEmulators({ records: 7, nimblevox: { records: 3 } });
    running.push(emus);
    expect([...emus.nimblevox.records()]).toHaveLength(3);
    expect([...emus.boxis.records()]).toHaveLength(7);
  });
});

describe('generated data', () => {
  it('is the same for the same seed and different for another', async () => {
    for (const provider of providerNames) {
      const a = [...(await start(provider, { records: 30, seed: 5 })).records()];
      const b = [...(await start(provider, { records: 30, seed: 5 })).records()];
      const c = [...(await start(provider, { records: 30, seed: 6 })).records()];
      const strip = (rows: unknown[]) => JSON.stringify(rows).replace(/127\.0\.0\.1:\d+/g, 'host');
      expect(strip(b)).toBe(strip(a));
      expect(strip(c)).not.toBe(strip(a));
    }
  });

  it('puts every record start in [from, to)', async () => {
    const from = Date.UTC(2024, 2, 31, 0, 59, 59, 500); // across the Zurich DST change
    const to = Date.UTC(2024, 2, 31, 1, 30, 0, 250);
    const options = { records: 200, from, to };
    for (const r of (await start('telecmi', options)).records('missed')) {
      expect(r.time).toBeGreaterThanOrEqual(from);
      expect(r.time).toBeLessThan(to);
    }
    for (const r of (await start('boxis', options)).records()) {
      const epoch = Number(/-(\d+)\.\d+$/.exec(r.uniqueid as string)?.[1]) * 1000;
      expect(epoch).toBeGreaterThanOrEqual(from);
      expect(epoch).toBeLessThan(to);
      expect(r.start).toBe(wall(epoch, 'Europe/Zurich'));
    }
    for (const r of (await start('mixvoip', options)).records()) {
      const ms = Date.parse(`${r.data.call_start.replace(' ', 'T')}Z`);
      expect(ms).toBeGreaterThanOrEqual(from);
      expect(ms).toBeLessThan(to);
    }
    for (const r of (await start('nimblevox', options)).records()) {
      const ms = Date.parse(`${r.billStart}Z`);
      expect(ms).toBeGreaterThanOrEqual(from);
      expect(ms).toBeLessThan(to);
    }
    const zones: Record<string, string> = {
      '2': 'Pacific/Honolulu',
      '3': 'America/Anchorage',
      '4': 'America/Los_Angeles',
      '10': 'America/Denver',
      '15': 'America/Phoenix',
      '20': 'America/Chicago',
      '35': 'America/New_York',
      '40': 'America/Indiana/Indianapolis',
    };
    for (const r of (await start('iping', options)).records()) {
      const zone = zones[r.timezone_id as string] as string;
      const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})([ap]m)$/.exec(r.call_dt as string);
      expect(m).not.toBeNull();
      const [, mo, d, y, h, mi, s, ap] = m as RegExpExecArray;
      const hour = (Number(h) % 12) + (ap === 'pm' ? 12 : 0);
      const text = `${y}-${mo}-${d} ${String(hour).padStart(2, '0')}:${mi}:${s}`;
      expect(text >= wall(from - 999, zone)).toBe(true);
      expect(text < wall(to + 999, zone)).toBe(true);
    }
  });

  it('serves a page of a million records without generating the rest', async () => {
    const emu = await start('nimblevox', { records: 1_000_000 });
    const heapBefore = process.memoryUsage().heapUsed;
    const began = performance.now();
    const res = await fetch(sdrPath(emu, '&offset=400000&max=500'));
    const page = JSON.parse(await res.text()) as { count: number; total: number; sdrs: { id: number }[] };
    expect(performance.now() - began).toBeLessThan(2000);
    expect(page.count).toBe(500);
    expect(page.total).toBeGreaterThan(450_000);
    expect(page.sdrs[0]?.id).toBe(1001 + 400_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
  });
});

describe('requests', () => {
  it('records method, path, query, headers and body, and counts every request', async () => {
    const emu = await start('telecmi', { records: 5 });
    await postJson(`${emu.url}/v1/missed?trace=1`, { appid: 1, token: 'x' });
    await fetch(`${emu.url}/nowhere`);
    expect(emu.requestCount).toBe(2);
    const [first, second] = emu.requests;
    expect(first).toMatchObject({
      method: 'POST',
      path: '/v1/missed',
      url: '/v1/missed?trace=1',
      query: { trace: '1' },
      body: '{"appid":1,"token":"x"}',
      aborted: false,
    });
    expect(first?.headers['content-type']).toBe('application/json');
    expect(second).toMatchObject({ method: 'GET', path: '/nowhere', body: '' });
  });

  it('keeps only the last 2000 requests but counts them all', async () => {
    const emu = await start('nimblevox', { records: 1 });
    const { port } = new URL(emu.url);
    // 2100 pipelined requests on one connection: quicker than 2100 fetches.
    const socket = connect(Number(port), '127.0.0.1');
    let answers = 0;
    // A status line can straddle two chunks: carry the tail of the previous one.
    let carry = '';
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        const text = carry + chunk.toString('latin1');
        answers += text.split('HTTP/1.1 ').length - 1;
        const cut = Math.max(text.length - 8, text.lastIndexOf('HTTP/1.1 ') + 9);
        carry = text.slice(Math.max(0, cut));
        if (answers >= 2100) resolve();
      });
      let requests = '';
      for (let n = 0; n < 2100; n++) requests += `GET /x?n=${n} HTTP/1.1\r\nHost: emulator\r\n\r\n`;
      socket.write(requests);
    });
    socket.destroy();
    expect(emu.requestCount).toBe(2100);
    expect(emu.requests).toHaveLength(2000);
    expect(emu.requests[0]?.query.n).toBe('100');
    expect(emu.requests.at(-1)?.query.n).toBe('2099');
  });

  it('marks a request aborted when the client closes the connection before the answer', async () => {
    const emu = await start('nimblevox', { records: 10, faults: { latencyMs: 2000 } });
    const controller = new AbortController();
    const pending = fetch(sdrPath(emu), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect.poll(() => emu.requests[0]?.aborted).toBe(true);
    emu.setFaults(undefined);
    await (await fetch(sdrPath(emu))).text();
    expect(emu.requests[1]?.aborted).toBe(false);
  });
});

describe('CORS', () => {
  it('answers preflights and exposes headers when cors is on', async () => {
    const emu = await start('nimblevox', { records: 3, cors: true });
    const preflight = await fetch(`${emu.url}/sdr`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'accept, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/accept/i);
    const res = await fetch(sdrPath(emu), { headers: { Origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('sends no CORS headers by default', async () => {
    const emu = await start('nimblevox', { records: 3 });
    const res = await fetch(sdrPath(emu));
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('faults', () => {
  it('answers 5xx and 429 with Retry-After, and counts them', async () => {
    const emu = await start('nimblevox', { records: 10, faults: { serverErrorRate: 1 } });
    const res = await fetch(sdrPath(emu));
    expect([500, 502, 503]).toContain(res.status);
    emu.setFaults({ rateLimitRate: 1, retryAfterSec: 7 });
    const limited = await fetch(sdrPath(emu));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(emu.faultCounts).toMatchObject({ serverError: 1, rateLimit: 1 });
  });

  it('drops the connection mid-body, truncates bodies and breaks their syntax, and counts each', async () => {
    const emu = await start('nimblevox', { records: 50, faults: { dropRate: 1 } });
    await expect(fetch(sdrPath(emu)).then((r) => r.text())).rejects.toThrow();
    emu.setFaults({ truncateRate: 1 });
    const truncated = await fetch(sdrPath(emu));
    const text = await truncated.text();
    expect(truncated.status).toBe(200);
    expect(Number(truncated.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(() => JSON.parse(text)).toThrow();
    emu.setFaults({ malformedRate: 1 });
    const malformed = await fetch(sdrPath(emu), { headers: { Accept: 'application/xml' } });
    expect(malformed.status).toBe(200);
    const xml = await malformed.text();
    expect(xml.startsWith('<result')).toBe(true);
    expect(xml.endsWith('</result>')).toBe(false);
    expect(emu.faultCounts).toMatchObject({ drop: 1, truncate: 1, malformed: 1 });
  });

  it('breaks streamed answers too', async () => {
    const emu = await start('boxis', { records: 2000, faults: { truncateRate: 1 } });
    const res = await fetch(`${emu.url}/`, { method: 'POST', body: boxisForm(emu.credentials) });
    const text = await res.text();
    expect(res.headers.get('content-length')).toBeNull();
    expect(() => JSON.parse(text)).toThrow();
    emu.setFaults({ dropRate: 1 });
    await expect(
      fetch(`${emu.url}/`, { method: 'POST', body: boxisForm(emu.credentials) }).then((r) => r.text()),
    ).rejects.toThrow();
    emu.setFaults(undefined);
    const whole = await fetch(`${emu.url}/`, { method: 'POST', body: boxisForm(emu.credentials) });
    expect(Object.keys(JSON.parse(await whole.text()).params.cdr)).toHaveLength(2000);
    expect(emu.faultCounts).toMatchObject({ truncate: 1, drop: 1 });
  });

  it('adds latency and counts the delayed requests', async () => {
    const emu = await start('nimblevox', { records: 5, faults: { latencyMs: [150, 200] } });
    const began = performance.now();
    await (await fetch(sdrPath(emu))).text();
    expect(performance.now() - began).toBeGreaterThanOrEqual(145);
    expect(emu.faultCounts.latency).toBe(1);
  });

  it('limits faults to the requests that match selects', async () => {
    const emu = await start('nimblevox', {
      records: 30,
      faults: { serverErrorRate: 1, match: (req) => req.query.offset === '10' },
    });
    expect((await fetch(sdrPath(emu, '&max=10'))).status).toBe(200);
    expect((await fetch(sdrPath(emu, '&max=10&offset=10'))).status).toBeGreaterThanOrEqual(500);
    expect(emu.faultCounts.serverError).toBe(1);
  });

  it('never faults the doc-sample fixture requests unless match selects them', async () => {
    const emu = await start('telecmi', { records: 5, faults: { serverErrorRate: 1 } });
    const res = await postJson(`${emu.url}/v1/outanswered`, docFixtures.telecmi.request);
    expect(res.text).toBe(docFixtures.telecmi.response);
    emu.setFaults({ serverErrorRate: 1, match: (req) => req.body.includes('1111113') });
    expect(
      (await postJson(`${emu.url}/v1/outanswered`, docFixtures.telecmi.request)).status,
    ).toBeGreaterThanOrEqual(500);
  });

  it('decides faults reproducibly from the seed', async () => {
    const statuses = async () => {
      const emu = await start('nimblevox', {
        records: 5,
        seed: 9,
        faults: { serverErrorRate: 0.3, rateLimitRate: 0.2 },
      });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await fetch(sdrPath(emu));
        await res.text();
        out.push(res.status);
      }
      return out;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(5);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(5);
  });

  it('inserts records at the front after N requests, so the next offset page repeats records', async () => {
    const emu = await start('nimblevox', {
      records: 40,
      from: '2024-01-01T00:00:00Z',
      to: '2024-03-01T00:00:00Z',
      faults: { insertAfterRequests: 1, insertCount: 3 },
    });
    type Page = { total: number; sdrs: { id: number }[] };
    const first = JSON.parse(await (await fetch(sdrPath(emu, '&max=10'))).text()) as Page;
    const second = JSON.parse(await (await fetch(sdrPath(emu, '&max=10&offset=10'))).text()) as Page;
    expect(first.total).toBe(40);
    expect(second.total).toBe(43);
    expect(second.sdrs.slice(0, 3).map((s) => s.id)).toEqual(first.sdrs.slice(7).map((s) => s.id));
    expect(emu.faultCounts.insert).toBe(3);
    const ids = [...emu.records()].map((s) => s.id);
    expect(ids).toHaveLength(43);
    expect(new Set(ids).size).toBe(43);
  });

  it('inserts TeleCMI records as the newest, at the front of every endpoint', async () => {
    const emu = await start('telecmi', { records: 20, faults: { insertAfterRequests: 2, insertCount: 2 } });
    const body = (page: number) => ({
      appid: emu.credentials.appId,
      token: emu.credentials.token,
      start_date: 0,
      end_date: Date.now(),
      page,
      limit: 5,
    });
    type Page = { total: number; cdr: { _id: string }[] };
    await postJson(`${emu.url}/v1/answered`, body(1));
    const before = (await postJson(`${emu.url}/v1/outanswered`, body(1))).json as Page;
    const after = (await postJson(`${emu.url}/v1/outanswered`, body(2))).json as Page;
    expect(before.total).toBe(20);
    expect(after.total).toBe(22);
    expect(after.cdr.slice(0, 2).map((r) => r._id)).toEqual(before.cdr.slice(3).map((r) => r._id));
    expect(new Set([...emu.records('missed')].map((r) => r._id)).size).toBe(22);
  });
});

describe('options', () => {
  it('rejects bad options with a message naming them', async () => {
    await expect(startEmulator('telecmi', { records: -1 })).rejects.toThrow(/records/);
    await expect(startEmulator('telecmi', { from: '2024-02-01', to: '2024-01-01' })).rejects.toThrow(/from/);
    await expect(startEmulator('boxis', { timeZone: 'Mars/Olympus' })).rejects.toThrow(/timeZone/);
    await expect(startEmulator('boxis', { faults: { dropRate: 2 } })).rejects.toThrow(/dropRate/);
    await expect(startEmulator('nope' as ProviderName)).rejects.toThrow(/provider/);
  });

  it('writes naive times in the timeZone option', async () => {
    const emu = await start('nimblevox', { records: 5, timeZone: 'Asia/Tokyo' });
    for (const r of emu.records()) expect(r.billStart).toMatch(/^2024-0[1-7]-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const utc = await start('nimblevox', { records: 5 });
    const tokyo = [...emu.records()][0]?.billStart as string;
    const plain = [...utc.records()][0]?.billStart as string;
    expect(Date.parse(`${tokyo}Z`) - Date.parse(`${plain}Z`)).toBe(9 * 3600_000);
  });
});
