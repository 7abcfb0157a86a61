import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docFixtures, type Emulator, startEmulator, type TelecmiRecord } from '../src/index.js';
import { postJson } from './helpers.js';

interface CdrPage {
  total: number;
  cdr: TelecmiRecord[];
  code: number;
}

describe('TeleCMI emulator', () => {
  let emu: Emulator<'telecmi'>;
  const from = Date.UTC(2024, 0, 1);
  const to = Date.UTC(2024, 1, 1);
  const auth = () => ({ appid: emu.credentials.appId, token: emu.credentials.token });

  beforeAll(async () => {
    emu = await startEmulator('telecmi', { records: 120, from, to });
  });
  afterAll(() => emu.close());

  it('answers the doc sample request with the doc sample response, byte for byte', async () => {
    const res = await postJson(`${emu.url}/v1/outanswered`, docFixtures.telecmi.request);
    expect(res.status).toBe(200);
    expect(res.text).toBe(docFixtures.telecmi.response);
  });

  it('accepts the appid as a numeric string', async () => {
    const res = await postJson(`${emu.url}/v1/outanswered`, {
      appid: String(emu.credentials.appId),
      token: emu.credentials.token,
      start_date: from,
      end_date: to,
    });
    expect(res.status).toBe(200);
  });

  it('answers 404 for a wrong token, a wrong app id or missing credentials', async () => {
    for (const body of [
      { appid: emu.credentials.appId, token: 'nope' },
      { appid: 1, token: emu.credentials.token },
      {},
    ]) {
      const res = await postJson(`${emu.url}/v1/outanswered`, { ...body, start_date: from, end_date: to });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ msg: 'Invalid app id or secret' });
    }
  });

  it('answers 404 for unknown paths and for GET', async () => {
    expect((await postJson(`${emu.url}/v1/nothing`, auth())).status).toBe(404);
    expect((await fetch(`${emu.url}/v1/outanswered`)).status).toBe(404);
  });

  it('pages 10 records at a time by default, newest first, with the total of the range', async () => {
    const res = await postJson(`${emu.url}/v1/outanswered`, { ...auth(), start_date: from, end_date: to });
    const page = res.json as CdrPage;
    expect(page.code).toBe(200);
    expect(page.total).toBe(120);
    expect(page.cdr).toHaveLength(10);
    const times = page.cdr.map((r) => r.time);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(page.cdr).toEqual([...emu.records('outanswered')].slice(0, 10));
  });

  it('returns every record once across pages', async () => {
    const ids: string[] = [];
    for (let pageNo = 1; pageNo <= 5; pageNo++) {
      const res = await postJson(`${emu.url}/v1/outanswered`, {
        ...auth(),
        start_date: from,
        end_date: to,
        page: pageNo,
        limit: 25,
      });
      ids.push(...(res.json as CdrPage).cdr.map((r) => r._id));
    }
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });

  it('includes records at both ends of start_date..end_date', async () => {
    const records = [...emu.records('outmissed')];
    const newest = records[10] as TelecmiRecord;
    const oldest = records[20] as TelecmiRecord;
    const res = await postJson(`${emu.url}/v1/outmissed`, {
      ...auth(),
      start_date: oldest.time,
      end_date: newest.time,
      limit: 100,
    });
    const page = res.json as CdrPage;
    expect(page.total).toBe(11);
    expect(page.cdr[0]).toEqual(newest);
    expect(page.cdr.at(-1)).toEqual(oldest);
  });

  it('serves the documented record shapes on each endpoint', async () => {
    for (const endpoint of ['outanswered', 'outmissed', 'answered', 'missed'] as const) {
      const res = await postJson(`${emu.url}/v1/${endpoint}`, {
        ...auth(),
        start_date: from,
        end_date: to,
        limit: 50,
      });
      const page = res.json as CdrPage;
      expect(page.cdr).toHaveLength(50);
      for (const r of page.cdr) {
        expect(r._id).toMatch(/^[0-9a-f]{24}$/);
        expect(typeof r.to).toBe('number');
        expect(r.time).toBeGreaterThanOrEqual(from);
        expect(r.time).toBeLessThan(to);
        expect(typeof r.billedsec).toBe('number');
        expect(typeof r.rate).toBe('string');
        expect(typeof r.record).toBe('string');
        expect(typeof r.filename).toBe('string');
        expect(typeof r.name).toBe('string');
        if (endpoint.startsWith('out')) expect(r.from).toMatch(/^\d+_2222224$/);
        else expect(typeof r.from).toBe('number');
        if (endpoint === 'answered') expect(r.agent).toMatch(/^\d+_2222224$/);
        else expect(r).not.toHaveProperty('agent');
        if (endpoint.endsWith('answered')) expect(r.filename).toMatch(/^\d{13}\d{14}_2222224\.mp3$/);
      }
    }
  });

  it('keeps _id unique across endpoints', async () => {
    const ids = new Set<string>();
    for (const dataset of ['outanswered', 'outmissed', 'answered', 'missed'] as const) {
      for (const r of emu.records(dataset)) ids.add(r._id);
    }
    expect(ids.size).toBe(480);
  });

  it('counts answered and missed calls on /v1/analysis', async () => {
    const res = await postJson(`${emu.url}/v1/analysis`, { ...auth(), start_date: from, end_date: to });
    expect(res.json).toEqual({ code: 200, total: 480, answered: 240, missed: 240 });
  });

  it('rejects a page or limit below 1 with 400', async () => {
    expect((await postJson(`${emu.url}/v1/missed`, { ...auth(), page: 0 })).status).toBe(400);
    expect((await postJson(`${emu.url}/v1/missed`, { ...auth(), limit: -5 })).status).toBe(400);
  });

  it('defaults to the last 24 hours of the server clock', async () => {
    const now = Date.now();
    const recent = await startEmulator('telecmi', {
      records: 48,
      from: now - 2 * 86_400_000,
      to: now - 1000,
    });
    try {
      const res = await postJson(`${recent.url}/v1/answered`, {
        appid: recent.credentials.appId,
        token: recent.credentials.token,
        limit: 100,
      });
      const page = res.json as CdrPage;
      const expected = [...recent.records('answered')].filter((r) => r.time >= now - 86_400_000);
      expect(page.total).toBe(expected.length);
      expect(page.total).toBeGreaterThan(10);
      expect(page.total).toBeLessThan(40);
    } finally {
      await recent.close();
    }
  });
});
