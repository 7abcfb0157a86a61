import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoxisRecord, docFixtures, type Emulator, startEmulator } from '../src/index.js';
import { boxisForm } from './helpers.js';

interface BoxisAnswer {
  result: string;
  resulttxt: string;
  timestamperror?: string;
  timestamp: number;
  params?: { cdr: Record<string, BoxisRecord> };
}

describe('Boxis emulator', () => {
  let emu: Emulator<'boxis'>;

  beforeAll(async () => {
    emu = await startEmulator('boxis', {
      records: 150,
      from: '2024-03-01T00:00:00Z',
      to: '2024-04-15T00:00:00Z',
    });
  });
  afterAll(() => emu.close());

  async function post(form: URLSearchParams | string): Promise<{ status: number; text: string }> {
    const res = await fetch(`${emu.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return { status: res.status, text: await res.text() };
  }
  async function getCdr(fields: Record<string, string> = {}): Promise<BoxisAnswer> {
    return JSON.parse((await post(boxisForm(emu.credentials, fields))).text) as BoxisAnswer;
  }

  it('serves the doc success sample byte for byte for its fixture request', async () => {
    const { credentials, successFields, successResponse } = docFixtures.boxis;
    const res = await post(boxisForm(credentials, successFields));
    expect(res.status).toBe(200);
    expect(res.text).toBe(successResponse);
  });

  it('serves the doc error sample byte for byte for the doc example request', async () => {
    const res = await post(docFixtures.boxis.errorRequest);
    expect(res.text).toBe(docFixtures.boxis.errorResponse);
  });

  it('returns every record, keyed call_1…, when datefrom and dateto are empty', async () => {
    const answer = await getCdr();
    expect(answer.result).toBe('1');
    expect(answer.resulttxt).toBe('success');
    const keys = Object.keys(answer.params?.cdr ?? {});
    expect(keys).toHaveLength(150);
    expect(keys.slice(0, 3)).toEqual(['call_1', 'call_2', 'call_3']);
    expect(Object.values(answer.params?.cdr ?? {})).toEqual([...emu.records()]);
  });

  it('writes the fields of the doc sample, all strings but prevsequence and cc_type_id', async () => {
    const sample = JSON.parse(docFixtures.boxis.successResponse) as BoxisAnswer;
    const sampleFields = Object.keys(sample.params?.cdr.call_1 ?? {});
    for (const record of emu.records()) {
      expect(Object.keys(record)).toEqual(sampleFields);
      for (const [name, value] of Object.entries(record)) {
        if (name === 'prevsequence' || name === 'cc_type_id') expect(value).toBeNull();
        else expect(typeof value).toBe('string');
      }
      expect(['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED']).toContain(record.disposition);
      if (record.disposition !== 'ANSWERED') expect(record.answer).toBe('0000-00-00 00:00:00');
      expect(['[inbound]', '[outbound]']).toContain(record.userfield);
      expect(record.cc_cost).toMatch(/^\d+\.\d{5}$/);
    }
  });

  it('writes naive Europe/Zurich times matching the epoch in uniqueid', () => {
    const zurich = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Zurich',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    for (const record of emu.records()) {
      const epoch = Number(/-(\d+)\.\d+$/.exec(record.uniqueid ?? '')?.[1]);
      expect(zurich.format(epoch * 1000)).toBe(record.start);
    }
  });

  it('includes records that start exactly at datefrom and at dateto', async () => {
    const records = [...emu.records()];
    const first = records[40] as BoxisRecord;
    const last = records[59] as BoxisRecord;
    const answer = await getCdr({ datefrom: first.start as string, dateto: last.start as string });
    const got = Object.values(answer.params?.cdr ?? {});
    expect(got[0]).toEqual(first);
    expect(got.at(-1)).toEqual(last);
    expect(got).toHaveLength(20);
  });

  it('answers an empty range with an empty cdr object', async () => {
    const res = await post(
      boxisForm(emu.credentials, { datefrom: '2020-01-01 00:00:00', dateto: '2020-01-02 00:00:00' }),
    );
    expect(res.text).toMatch(/"params":\{"cdr":\{\}\},"timestamp":\d+\}$/);
  });

  it('rejects a wrong authcode or username with the server timestamp', async () => {
    const form = boxisForm(emu.credentials);
    form.set('authcode', '0'.repeat(32));
    const answer = JSON.parse((await post(form)).text) as BoxisAnswer;
    expect(answer).toMatchObject({ result: '0', resulttxt: 'Error: Authentication failed' });
    expect(Math.abs(answer.timestamp - Date.now() / 1000)).toBeLessThan(5);
    const other = boxisForm({ ...emu.credentials, userName: 'someone@else.ch' });
    expect(JSON.parse((await post(other)).text)).toMatchObject({
      result: '0',
      resulttxt: 'Error: Authentication failed',
    });
  });

  it('rejects a timestamp more than 300 s off with timestamperror and the server timestamp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const answer = JSON.parse((await post(boxisForm(emu.credentials, {}, now - 400))).text) as BoxisAnswer;
    expect(answer).toMatchObject({ result: '0', resulttxt: 'Error: Invalid timestamp', timestamperror: '1' });
    expect(Math.abs(answer.timestamp - now)).toBeLessThan(5);
    const near = JSON.parse((await post(boxisForm(emu.credentials, {}, now - 200))).text) as BoxisAnswer;
    expect(near.result).toBe('1');
  });

  it('answers errors in XML when returntype is xml', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await post(boxisForm(emu.credentials, { returntype: 'xml' }, now - 4000));
    expect(res.text).toMatch(/^<\?xml/);
    const parsed = new XMLParser().parse(res.text) as { return: Record<string, unknown> };
    expect(parsed.return).toMatchObject({
      result: 0,
      resulttxt: 'Error: Invalid timestamp',
      timestamperror: 1,
    });
  });

  it('serves the same records in the XML envelope', async () => {
    const res = await post(boxisForm(emu.credentials, { returntype: 'xml' }));
    expect(res.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<return><result>1<\/result><resulttxt>success<\/resulttxt><params><cdr><call_1>/,
    );
    const parsed = new XMLParser({ parseTagValue: false }).parse(res.text) as {
      return: { params: { cdr: Record<string, Record<string, string>> }; timestamp: string };
    };
    const calls = Object.values(parsed.return.params.cdr);
    expect(calls).toHaveLength(150);
    const first = [...emu.records()][0] as BoxisRecord;
    expect(calls[0]?.uniqueid).toBe(first.uniqueid);
    expect(calls[0]?.start).toBe(first.start);
  });

  it('rejects an unknown tenant, section or action', async () => {
    expect(await getCdr({ tenant: 'VOICE-00000-9' })).toMatchObject({
      result: '0',
      resulttxt: 'Error: Unknown tenant',
    });
    expect(await getCdr({ section: 'sms' })).toMatchObject({
      result: '0',
      resulttxt: 'Error: Unknown section',
    });
    expect(await getCdr({ action: 'getSMS' })).toMatchObject({
      result: '0',
      resulttxt: 'Error: Unknown action',
    });
  });

  it('rejects malformed dates and a datefrom after dateto', async () => {
    expect((await getCdr({ datefrom: '06.02.2018' })).result).toBe('0');
    expect((await getCdr({ datefrom: '2024-03-10 00:00:00', dateto: '2024-03-01 00:00:00' })).result).toBe(
      '0',
    );
  });

  it('answerCap: an answer holds only the first N records, with no sign that more exist', async () => {
    const capped = await startEmulator('boxis', {
      records: 150,
      from: '2024-03-01T00:00:00Z',
      to: '2024-04-15T00:00:00Z',
      faults: { answerCap: 20 },
    });
    try {
      const ask = async (fields: Record<string, string>) => {
        const res = await fetch(`${capped.url}/`, {
          method: 'POST',
          body: boxisForm(capped.credentials, fields),
        });
        return res.text();
      };
      const json = JSON.parse(await ask({})) as BoxisAnswer;
      expect(json).toMatchObject({ result: '1', resulttxt: 'success' });
      expect(Object.values(json.params?.cdr ?? {})).toEqual([...capped.records()].slice(0, 20));
      expect(Object.keys(json)).toEqual(['result', 'resulttxt', 'params', 'timestamp']);
      const xml = new XMLParser({ parseTagValue: false }).parse(await ask({ returntype: 'xml' })) as {
        return: { params: { cdr: Record<string, unknown> } };
      };
      expect(Object.keys(xml.return.params.cdr)).toHaveLength(20);
      // a window that holds fewer records than the cap is answered whole
      const records = [...capped.records()];
      const few = JSON.parse(
        await ask({ datefrom: records[100]?.start as string, dateto: records[104]?.start as string }),
      ) as BoxisAnswer;
      expect(Object.values(few.params?.cdr ?? {})).toEqual(records.slice(100, 105));
    } finally {
      await capped.close();
    }
  });

  it('answerCap leaves the doc-sample fixture alone', async () => {
    const capped = await startEmulator('boxis', { records: 10, faults: { answerCap: 1 } });
    try {
      const { credentials, successFields, successResponse } = docFixtures.boxis;
      const res = await fetch(`${capped.url}/`, {
        method: 'POST',
        body: boxisForm(credentials, successFields),
      });
      expect(await res.text()).toBe(successResponse);
    } finally {
      await capped.close();
    }
  });

  it('rejects requests that are valid except for a skewed server clock, and counts them', async () => {
    const skewed = await startEmulator('boxis', { records: 5, faults: { clockSkewSec: 3600 } });
    try {
      const post2 = async (form: URLSearchParams) =>
        JSON.parse(
          await (await fetch(`${skewed.url}/`, { method: 'POST', body: form })).text(),
        ) as BoxisAnswer;
      const first = await post2(boxisForm(skewed.credentials));
      expect(first.timestamperror).toBe('1');
      expect(first.timestamp - Date.now() / 1000).toBeGreaterThan(3500);
      const retried = await post2(boxisForm(skewed.credentials, {}, first.timestamp));
      expect(retried.result).toBe('1');
      expect(skewed.faultCounts.clockSkew).toBe(1);
    } finally {
      await skewed.close();
    }
  });
});
