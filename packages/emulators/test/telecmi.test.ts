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
      ids.push(...(res.json as CdrPage).cdr.map((r) => r._id as string));
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
      for (const r of emu.records(dataset)) ids.add(r._id as string);
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

  it('never sends the production fields in the doc shape', async () => {
    const res = await postJson(`${emu.url}/v1/answered`, { ...auth(), start_date: from, end_date: to });
    const page = res.json as Record<string, unknown> & { cdr: Record<string, unknown>[] };
    expect(page).not.toHaveProperty('count');
    for (const r of page.cdr) {
      for (const field of ['cmiuid', 'duration', 'notes']) expect(r).not.toHaveProperty(field);
    }
  });
});

interface ProductionPage {
  count: number;
  cdr: TelecmiRecord[];
  code?: number;
}

describe('TeleCMI emulator, production shape and v2', () => {
  let emu: Emulator<'telecmi'>;
  const from = Date.UTC(2024, 0, 1);
  const to = Date.UTC(2024, 1, 1);
  const v1 = () => ({
    appid: emu.credentials.appId,
    token: emu.credentials.token,
    start_date: from,
    end_date: to,
  });
  const v2 = () => ({
    appid: emu.credentials.appId,
    secret: emu.credentials.token,
    start_date: from,
    end_date: to,
  });

  beforeAll(async () => {
    emu = await startEmulator('telecmi', { records: 120, from, to, shape: 'production' });
  });
  afterAll(() => emu.close());

  it('answers v1 with count and production rows: cmiuid, duration, agent, notes, a numeric rate', async () => {
    const res = await postJson(`${emu.url}/v1/outanswered`, { ...v1(), limit: 100 });
    const page = res.json as ProductionPage;
    expect(page).not.toHaveProperty('total');
    expect(page.count).toBe(120);
    expect(page.code).toBe(200);
    expect(page.cdr).toHaveLength(100);
    const types = { record: new Set<string>(), from: new Set<string>(), to: new Set<string>() };
    for (const r of page.cdr) {
      expect(r).not.toHaveProperty('_id');
      expect(r.cmiuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(typeof r.duration).toBe('number');
      expect(r.duration).toBeGreaterThanOrEqual(r.billedsec);
      expect(r.agent).toMatch(/^\d+_2222224$/);
      expect(Array.isArray(r.notes)).toBe(true);
      expect(typeof r.rate).toBe('number');
      types.record.add(typeof r.record);
      types.from.add(typeof r.from);
      types.to.add(typeof r.to);
    }
    expect(types.record).toEqual(new Set(['boolean', 'string']));
    expect(types.from).toEqual(new Set(['number', 'string']));
    expect(types.to).toEqual(new Set(['number', 'string']));
    expect(page.cdr.some((r) => (r.notes ?? []).length > 0)).toBe(true);
    expect(page.cdr).toEqual([...emu.records('outanswered')].slice(0, 100));
  });

  it('serves v2 on the same server, in the documented v2 shape, with the same calls', async () => {
    for (const [path, dataset] of [
      ['out_answered', 'outanswered'],
      ['out_missed', 'outmissed'],
      ['answered', 'answered'],
      ['missed', 'missed'],
    ] as const) {
      const res = await postJson(`${emu.url}/v2/${path}`, { ...v2(), limit: 20 });
      expect(res.status).toBe(200);
      const page = res.json as ProductionPage;
      expect(Object.keys(page)).toEqual(['count', 'cdr']);
      expect(page.count).toBe(120);
      const rows = [...emu.records(dataset)].slice(0, 20);
      expect(page.cdr.map((r) => r.cmiuid)).toEqual(rows.map((r) => r.cmiuid));
      for (const r of page.cdr) {
        expect(Object.keys(r)).toEqual([
          'cmiuid',
          'duration',
          'agent',
          'notes',
          'billedsec',
          'filename',
          'rate',
          'record',
          'name',
          'from',
          'to',
          'time',
        ]);
        expect([typeof r.from, typeof r.to, typeof r.rate, typeof r.record]).toEqual([
          'string',
          'number',
          'number',
          'string',
        ]);
        for (const note of r.notes ?? []) {
          expect([typeof note.msg, typeof note.date, typeof note.agent]).toEqual([
            'string',
            'number',
            'string',
          ]);
        }
      }
    }
  });

  it('answers v2 10 rows by default and at most 20', async () => {
    expect(((await postJson(`${emu.url}/v2/missed`, v2())).json as ProductionPage).cdr).toHaveLength(10);
    const big = (await postJson(`${emu.url}/v2/missed`, { ...v2(), limit: 100, page: 2 }))
      .json as ProductionPage;
    expect(big.cdr.map((r) => r.cmiuid)).toEqual(
      [...emu.records('missed')].slice(20, 40).map((r) => r.cmiuid),
    );
  });

  it('answers a v2 request that sends token instead of secret with an error in a 200 body', async () => {
    const { secret, ...rest } = v2();
    for (const body of [
      { ...rest, token: secret },
      { ...rest, secret: 'nope' },
    ]) {
      const res = await postJson(`${emu.url}/v2/out_answered`, body);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ error: true, code: 404, msg: 'Invalid app id or secret' });
    }
  });

  it('keeps v1 for token and HTTP 404 for bad credentials', async () => {
    const res = await postJson(`${emu.url}/v1/outmissed`, { ...v1(), token: 'nope' });
    expect(res.status).toBe(404);
  });
});

describe('TeleCMI emulator, pageCap', () => {
  let emu: Emulator<'telecmi'>;
  const from = Date.UTC(2024, 0, 1);
  const to = Date.UTC(2024, 1, 1);

  beforeAll(async () => {
    emu = await startEmulator('telecmi', { records: 57, from, to, faults: { pageCap: 10 } });
  });
  afterAll(() => emu.close());

  it('answers at most N rows whatever limit asks, and pages by N', async () => {
    const auth = {
      appid: emu.credentials.appId,
      token: emu.credentials.token,
      start_date: from,
      end_date: to,
    };
    const all = [...emu.records('answered')].map((r) => r._id);
    const ids = async (page: number, limit: number) =>
      ((await postJson(`${emu.url}/v1/answered`, { ...auth, page, limit })).json as CdrPage).cdr.map(
        (r) => r._id,
      );
    expect(await ids(1, 100)).toEqual(all.slice(0, 10));
    expect(await ids(2, 100)).toEqual(all.slice(10, 20));
    expect(await ids(6, 100)).toEqual(all.slice(50, 57));
    expect(await ids(7, 100)).toEqual([]);
    // A limit below the cap is honoured, as on a server without the cap.
    expect(await ids(3, 5)).toEqual(all.slice(10, 15));
    const page = (await postJson(`${emu.url}/v1/answered`, { ...auth, limit: 100 })).json as CdrPage;
    expect(page.total).toBe(57);
  });

  it('caps v2 the same way', async () => {
    const body = {
      appid: emu.credentials.appId,
      secret: emu.credentials.token,
      start_date: from,
      end_date: to,
    };
    const res = await postJson(`${emu.url}/v2/answered`, { ...body, page: 2, limit: 20 });
    expect((res.json as ProductionPage).cdr).toHaveLength(10);
  });

  it('rejects a shape it does not know', async () => {
    await expect(startEmulator('telecmi', { shape: 'live' as 'doc' })).rejects.toThrow(RangeError);
  });
});
