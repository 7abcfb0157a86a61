/**
 * TeleCMI v1 CDR API (telecmi-outanswered.txt): POST JSON `{appid, token, start_date, end_date,
 * page, limit}` to /v1/outanswered, /v1/outmissed, /v1/answered, /v1/missed; /v1/analysis
 * counts. Answers `{"total":N,"cdr":[…],"code":200}`, newest first; 404 on bad credentials.
 */
import { Dataset } from '../dataset.js';
import { jsonReply, parseForm, readInteger } from '../encode.js';
import { telecmiSampleResponse } from '../fixtures/telecmi.js';
import type { ProviderInstance, ProviderSetup } from '../provider.js';
import { Rng, saltOf } from '../random.js';
import type { Reply } from '../server.js';
import type { RecordedRequest, TelecmiCredentials, TelecmiDataset, TelecmiRecord } from '../types.js';

const APP_ID = 2222224;
const TOKEN = 'c5a8e2f4-61b3-4d7e-9a2c-7f0e1b3d5a96';
/** The doc's sample credentials: they reach the doc's sample data. */
export const TELECMI_DOC_APP_ID = 1111113;
/** The doc's sample secret. */
export const TELECMI_DOC_TOKEN = 'xxxx-xxxx-xxxx-xxx';

const DATASETS: readonly TelecmiDataset[] = ['outanswered', 'outmissed', 'answered', 'missed'];
const DAY_MS = 86_400_000;

const NAMES = ['Priya Sharma', 'Rahul Verma', 'Anita Desai', 'Vikram Rao', 'Meera Nair', 'Arjun Mehta'];
const RATES = ['0.6', '0.6', '0.6', '0.8', '1.2'];

const RECORD_SALTS: Record<TelecmiDataset, number> = {
  outanswered: saltOf('telecmi:outanswered:record'),
  outmissed: saltOf('telecmi:outmissed:record'),
  answered: saltOf('telecmi:answered:record'),
  missed: saltOf('telecmi:missed:record'),
};

function invalidCredentials(): Reply {
  return jsonReply(404, '{"msg":"Invalid app id or secret"}');
}

function badRequest(message: string): Reply {
  return jsonReply(400, JSON.stringify({ code: 400, msg: message }));
}

/** An Indian number as the API writes `to`/`from`: 10 digits, or 12 with the 91 prefix. */
function indianNumber(rng: Rng): number {
  const national = `${rng.pick(['9', '8', '7', '6'])}${rng.digits(9)}`;
  return Number(rng.chance(0.6) ? national : `91${national}`);
}

/** Builds the TeleCMI emulator's handler and its four data sets. */
export function createTelecmi(
  setup: ProviderSetup,
): ProviderInstance<TelecmiCredentials, TelecmiDataset, TelecmiRecord> {
  const { seed } = setup;
  const datasets = new Map<TelecmiDataset, Dataset>();
  for (const name of DATASETS) {
    datasets.set(
      name,
      new Dataset({
        count: setup.records,
        fromMs: setup.fromMs,
        toMs: setup.toMs,
        unitMs: 1,
        seed,
        salt: saltOf(`telecmi:${name}`),
        order: 'desc',
      }),
    );
  }
  const machine = new Rng(seed, saltOf('telecmi:machine')).hex(6);
  const agents = Array.from({ length: 12 }, (_, i) => `${201 + i}_${APP_ID}`);
  const dids = Array.from({ length: 3 }, (_, i) =>
    Number(`9180${new Rng(seed, saltOf('did'), i).digits(8)}`),
  );

  function makeRecord(dataset: TelecmiDataset, key: number): TelecmiRecord {
    const data = datasets.get(dataset) as Dataset;
    const time = data.timeOfKey(key);
    const rng = new Rng(seed, RECORD_SALTS[dataset], key);
    const answered = dataset === 'outanswered' || dataset === 'answered';
    const billedsec = answered
      ? rng.weighted([
          [5, rng.int(1, 60)],
          [4, rng.int(61, 600)],
          [1, rng.int(601, 3600)],
        ])
      : 0;
    const code = DATASETS.indexOf(dataset) + (data.isInserted(key) ? 8 : 0);
    const createdSec = Math.floor(time / 1000) + billedsec + rng.int(5, 90);
    const _id = `${createdSec.toString(16).padStart(8, '0')}${machine}${code.toString(16).padStart(2, '0')}${key.toString(16).padStart(8, '0')}`;
    const agent = rng.pick(agents);
    const rate = rng.pick(RATES);
    const filename = answered ? `${time}${rng.digits(14)}_${APP_ID}.mp3` : '';
    const name = rng.chance(0.7) ? 'unknown' : rng.pick(NAMES);
    const record = answered ? 'true' : 'false';
    if (dataset === 'outanswered' || dataset === 'outmissed') {
      return { _id, to: indianNumber(rng), time, from: agent, billedsec, rate, record, filename, name };
    }
    const caller = indianNumber(rng);
    const did = rng.pick(dids);
    if (dataset === 'answered') {
      return { _id, from: caller, to: did, time, agent, billedsec, rate, record, filename, name };
    }
    return { _id, from: caller, to: did, time, billedsec, rate, record, filename, name };
  }

  const sample = JSON.parse(telecmiSampleResponse) as { cdr: TelecmiRecord[] };

  function parseBody(request: RecordedRequest): Record<string, unknown> | null {
    const text = request.body.trim();
    if (text === '') return {};
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : null;
      } catch {
        return null;
      }
    }
    if ((request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded'))
      return parseForm(text);
    return null;
  }

  function isFixtureAppId(body: Record<string, unknown> | null): boolean {
    return (
      body !== null && readInteger(body.appid) === TELECMI_DOC_APP_ID && body.token === TELECMI_DOC_TOKEN
    );
  }

  function handle(request: RecordedRequest, env: { nowMs: number }): Reply {
    const match = /^\/v1\/(outanswered|outmissed|answered|missed|analysis)\/?$/.exec(request.path);
    if (!match || request.method !== 'POST') {
      // What the Express back end answers for an unknown route.
      return {
        status: 404,
        contentType: 'text/html; charset=utf-8',
        body: `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${request.method} ${request.path}</pre>\n</body>\n</html>\n`,
      };
    }
    const endpoint = match[1] as TelecmiDataset | 'analysis';
    const body = parseBody(request);
    if (body === null) return badRequest('Request body must be a JSON object');
    const fixture = isFixtureAppId(body);
    if (!fixture && !(readInteger(body.appid) === APP_ID && body.token === TOKEN))
      return invalidCredentials();

    const absent = (value: unknown) => value === undefined || value === null || value === '';
    const start = absent(body.start_date) ? env.nowMs - DAY_MS : readInteger(body.start_date);
    const end = absent(body.end_date) ? env.nowMs : readInteger(body.end_date);
    const page = absent(body.page) ? 1 : readInteger(body.page);
    const limit = absent(body.limit) ? 10 : readInteger(body.limit);
    if (start === null || start < 0) return badRequest('start_date must be a timestamp in milliseconds');
    if (end === null || end < 0) return badRequest('end_date must be a timestamp in milliseconds');
    if (page === null || page < 1) return badRequest('page must be a whole number >= 1');
    if (limit === null || limit < 1) return badRequest('limit must be a whole number >= 1');

    if (fixture) return fixtureReply(endpoint, start, end, page, limit);

    if (endpoint === 'analysis') {
      let answered = 0;
      let missed = 0;
      for (const name of DATASETS) {
        const n = (datasets.get(name) as Dataset).select(start, end).length;
        if (name === 'outanswered' || name === 'answered') answered += n;
        else missed += n;
      }
      return jsonReply(200, JSON.stringify({ code: 200, total: answered + missed, answered, missed }));
    }
    const data = datasets.get(endpoint) as Dataset;
    const selection = data.select(start, end);
    const first = (page - 1) * limit;
    const last = Math.min(selection.length, first + limit);
    function* cdrJson(): Generator<string> {
      yield `{"total":${selection.length},"cdr":[`;
      for (let p = first; p < last; p++) {
        yield (p > first ? ',' : '') +
          JSON.stringify(makeRecord(endpoint as TelecmiDataset, selection.keyAt(p)));
      }
      yield '],"code":200}';
    }
    return jsonReply(200, cdrJson());
  }

  function fixtureReply(
    endpoint: TelecmiDataset | 'analysis',
    start: number,
    end: number,
    page: number,
    limit: number,
  ): Reply {
    const records =
      endpoint === 'outanswered' ? sample.cdr.filter((r) => r.time >= start && r.time <= end) : [];
    if (endpoint === 'analysis') {
      return jsonReply(
        200,
        JSON.stringify({ code: 200, total: records.length, answered: records.length, missed: 0 }),
      );
    }
    if (records.length === sample.cdr.length && page === 1 && limit >= records.length) {
      return jsonReply(200, telecmiSampleResponse);
    }
    const slice = records.slice((page - 1) * limit, page * limit);
    return jsonReply(200, JSON.stringify({ total: records.length, cdr: slice, code: 200 }));
  }

  return {
    credentials: { appId: APP_ID, token: TOKEN },
    profileId: undefined,
    isFixture(request) {
      return isFixtureAppId(parseBody(request));
    },
    handle,
    insert(count) {
      for (const data of datasets.values()) data.inserted += count;
    },
    *records(dataset = 'outanswered') {
      const data = datasets.get(dataset);
      if (!data) throw new RangeError(`TeleCMI data sets are ${DATASETS.join(', ')}`);
      const all = data.all();
      for (let p = 0; p < all.length; p++) yield makeRecord(dataset, all.keyAt(p));
    },
  };
}
