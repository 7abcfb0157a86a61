import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docFixtures, type Emulator, type MixvoipRecord, startEmulator } from '../src/index.js';

describe('MIXvoip emulator', () => {
  let emu: Emulator<'mixvoip'>;

  beforeAll(async () => {
    emu = await startEmulator('mixvoip', {
      records: 400,
      from: '2024-01-01T00:00:00Z',
      to: '2024-04-01T00:00:00Z',
    });
  });
  afterAll(() => emu.close());

  const auth = () =>
    `?username=${encodeURIComponent(emu.credentials.userName)}&password=${encodeURIComponent(emu.credentials.password)}`;
  async function get(
    path: string,
    query = auth(),
  ): Promise<{ status: number; text: string; type: string | null }> {
    const res = await fetch(`${emu.url}${path}${query}`);
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
  }
  const calls = (start: string, end?: string, format?: string) =>
    `/cdrs/getcalls/${emu.profileId}/${start}${end ? `/${end}` : ''}${format ? `/${format}` : ''}`;

  it('serves the doc JSON sample byte for byte, line breaks inside call_start included', async () => {
    const res = await get(docFixtures.mixvoip.jsonPath);
    expect(res.status).toBe(200);
    expect(res.text).toBe(docFixtures.mixvoip.jsonResponse);
  });

  it('serves the doc CSV sample byte for byte', async () => {
    const res = await get(docFixtures.mixvoip.csvPath);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv/);
    expect(res.text).toBe(docFixtures.mixvoip.csvResponse);
  });

  it('answers 401 when username and password do not match', async () => {
    const res = await get(calls('2024-01-01', '2024-01-31'), '?username=reseller-4711&password=wrong');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ error: 'Invalid username or password' });
    expect((await get(calls('2024-01-01', '2024-01-31'), '')).status).toBe(401);
  });

  it('answers 403 for a profile not linked to the account', async () => {
    const res = await get('/cdrs/getcalls/999999/2024-01-01/2024-01-31');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ error: 'Profile not linked to this account' });
  });

  it('answers 400 when START_DATE is not before END_DATE or a date is malformed', async () => {
    expect((await get(calls('2024-02-01', '2024-01-01'))).status).toBe(400);
    expect((await get(calls('2024-13-01', '2024-01-01'))).status).toBe(400);
    expect((await get(calls('01.02.2024', '2024-03-01'))).status).toBe(400);
  });

  it('accepts exactly 3 months and rejects one day more', async () => {
    expect((await get(calls('2024-01-31', '2024-04-30'))).status).toBe(200);
    const over = await get(calls('2024-01-31', '2024-05-01'));
    expect(over.status).toBe(400);
    expect(JSON.parse(over.text).error).toMatch(/3 months/);
  });

  it('returns the calls from the start of START_DATE to the end of END_DATE, oldest first', async () => {
    const res = await get(calls('2024-01-10', '2024-01-20'));
    const rows = JSON.parse(res.text) as MixvoipRecord[];
    const expected = [...emu.records()].filter(
      (r) => r.data.call_start >= '2024-01-10 00:00:00' && r.data.call_start <= '2024-01-20 23:59:59',
    );
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThan(20);
    const starts = rows.map((r) => r.data.call_start);
    expect([...starts].sort()).toEqual(starts);
  });

  it('escapes slashes like PHP and writes quantity as a number and price as a string', async () => {
    const res = await get(calls('2024-01-01', '2024-03-31'));
    expect(res.text).toContain('"invoice":"N\\/A"');
    expect(res.text).not.toMatch(/[^\\]\//);
    for (const row of JSON.parse(res.text) as MixvoipRecord[]) {
      expect(Object.keys(row.data)).toEqual([
        'source',
        'destination',
        'destination_name',
        'call_start',
        'duration',
        'pbxextension',
        'quantity',
        'price',
        'invoice',
      ]);
      expect(typeof row.data.quantity).toBe('number');
      expect(row.data.price).toMatch(/^\d+\.\d{2}$/);
      expect(row.data.duration).toMatch(/^\d+$/);
    }
  });

  it('serves an open set of types, with identical SMS records in the same second now and then', () => {
    const records = [...emu.records()];
    const types = new Set(records.map((r) => r.type));
    for (const t of ['CALLIN', 'CALLOUT', 'SMS']) expect(types).toContain(t);
    expect(types.size).toBeGreaterThanOrEqual(6);
    const twins = records.filter((r, i) => i > 0 && JSON.stringify(r) === JSON.stringify(records[i - 1]));
    expect(twins.length).toBeGreaterThan(0);
    expect(twins.every((r) => r.type === 'SMS')).toBe(true);
  });

  it('writes ragged CSV rows: no destination_name column when null, date and time joined by comma or space', async () => {
    const json = JSON.parse((await get(calls('2024-01-01', '2024-03-31'))).text) as MixvoipRecord[];
    const csv = (await get(calls('2024-01-01', '2024-03-31', 'csv'))).text.split('\n');
    expect(csv).toHaveLength(json.length);
    let comma = 0;
    let space = 0;
    csv.forEach((line, i) => {
      const record = json[i] as MixvoipRecord;
      expect(line.startsWith(`${record.type},${record.data.source},${record.data.destination},`)).toBe(true);
      const [date, clock] = record.data.call_start.split(' ');
      if (line.includes(`"${date},${clock}"`)) comma++;
      else if (line.includes(`"${date} ${clock}"`)) space++;
      else throw new Error(`no date in ${line}`);
      if (record.data.destination_name === null) expect(line).not.toMatch(/^[^"]*"[^"]*",\s*"/);
      else expect(line).toContain(`"${record.data.destination_name}","`);
      if (record.data.pbxextension !== '') expect(line).toContain(`,'${record.data.pbxextension},`);
      expect(line.endsWith(`,${record.data.quantity},${record.data.price},${record.data.invoice}`)).toBe(
        true,
      );
    });
    expect(comma).toBeGreaterThan(0);
    expect(space).toBeGreaterThan(0);
  });

  it('accepts JSON as an explicit format and dates with a time', async () => {
    const plain = await get(calls('2024-01-10', '2024-01-20'));
    expect((await get(calls('2024-01-10', '2024-01-20', 'json'))).text).toBe(plain.text);
    const timed = await get(calls('2024-01-10%2000%3A00%3A00', '2024-01-20T23%3A59%3A59'));
    expect(timed.text).toBe(plain.text);
  });

  it('answerCap: JSON and CSV answers hold only the first N records, with no sign that more exist', async () => {
    const capped = await startEmulator('mixvoip', {
      records: 400,
      from: '2024-01-01T00:00:00Z',
      to: '2024-04-01T00:00:00Z',
      faults: { answerCap: 25 },
    });
    try {
      const query = `?username=${encodeURIComponent(capped.credentials.userName)}&password=${encodeURIComponent(capped.credentials.password)}`;
      const path = `/cdrs/getcalls/${capped.profileId}/2024-01-01/2024-03-31`;
      const json = await (await fetch(`${capped.url}${path}${query}`)).text();
      expect(JSON.parse(json)).toEqual([...capped.records()].slice(0, 25));
      const csv = await (await fetch(`${capped.url}${path}/csv${query}`)).text();
      expect(csv.split('\n')).toHaveLength(25);
      // a window under the cap is answered whole
      const day = JSON.parse(
        await (
          await fetch(`${capped.url}/cdrs/getcalls/${capped.profileId}/2024-02-01/2024-02-02${query}`)
        ).text(),
      ) as MixvoipRecord[];
      const expected = [...capped.records()].filter(
        (r) => r.data.call_start >= '2024-02-01 00:00:00' && r.data.call_start <= '2024-02-02 23:59:59',
      );
      expect(expected.length).toBeLessThan(25);
      expect(day).toEqual(expected);
    } finally {
      await capped.close();
    }
  });

  it('answerCap leaves the doc-sample fixtures alone', async () => {
    const capped = await startEmulator('mixvoip', { records: 10, faults: { answerCap: 1 } });
    try {
      const query = `?username=${encodeURIComponent(capped.credentials.userName)}&password=${encodeURIComponent(capped.credentials.password)}`;
      const res = await fetch(`${capped.url}${docFixtures.mixvoip.jsonPath}${query}`);
      expect(await res.text()).toBe(docFixtures.mixvoip.jsonResponse);
    } finally {
      await capped.close();
    }
  });

  it('reads a missing END_DATE as today', async () => {
    const now = Date.now();
    const recent = await startEmulator('mixvoip', {
      records: 50,
      from: now - 5 * 86_400_000,
      to: now - 60_000,
    });
    try {
      const start = new Date(now - 10 * 86_400_000).toISOString().slice(0, 10);
      const query = `?username=${recent.credentials.userName}&password=${encodeURIComponent(recent.credentials.password)}`;
      const res = await fetch(`${recent.url}/cdrs/getcalls/${recent.profileId}/${start}${query}`);
      expect(res.status).toBe(200);
      expect(JSON.parse(await res.text())).toHaveLength(50);
      const csv = await fetch(`${recent.url}/cdrs/getcalls/${recent.profileId}/${start}/csv${query}`);
      expect((await csv.text()).split('\n')).toHaveLength(50);
    } finally {
      await recent.close();
    }
  });
});
