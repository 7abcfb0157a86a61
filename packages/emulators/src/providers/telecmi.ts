/**
 * TeleCMI's CDR APIs, v1 and v2 on one server.
 *
 * v1 (telecmi-outanswered.txt): POST JSON `{appid, token, start_date, end_date, page, limit}` to
 * /v1/outanswered, /v1/outmissed, /v1/answered, /v1/missed; /v1/analysis counts. Answers
 * `{"total":N,"cdr":[…],"code":200}` with rows as the doc shows them (`shape: 'doc'`), or as
 * production sends them (`shape: 'production'`): `{"count":N,"cdr":[…],"code":200}`, rows with
 * `cmiuid`, `duration`, `agent`, `notes`, a numeric `rate`. Newest first; HTTP 404 on bad credentials.
 *
 * v2 (TeleCMI's current API): POST `{appid, secret, start_date, end_date, page, limit}` to
 * /v2/out_answered, /v2/out_missed, /v2/answered, /v2/missed; `limit` default 10, at most 20.
 * Answers `{"count":N,"cdr":[…]}` in its documented row shape; bad credentials are an error in
 * an HTTP 200 body, `{"error":true,"code":404,…}`.
 *
 * The `pageCap` fault makes either answer at most N rows a page whatever `limit` asks, paging
 * by its own size (page p holds rows (p-1)·N … p·N-1), as production reportedly does with 10.
 */
import { Dataset } from '../dataset.js';
import { jsonReply, parseForm, readInteger } from '../encode.js';
import { telecmiSampleResponse } from '../fixtures/telecmi.js';
import type { TelecmiEmulatorOptions } from '../options.js';
import type { ProviderInstance, ProviderSetup, Reply, RequestEnv } from '../provider.js';
import { Rng, saltOf } from '../random.js';
import type { TelecmiCredentials, TelecmiDataset, TelecmiRecord } from '../records.js';
import type { RecordedRequest } from '../types.js';

const APP_ID = 2222224;
const TOKEN = 'c5a8e2f4-61b3-4d7e-9a2c-7f0e1b3d5a96';
/** The doc's sample credentials: they reach the doc's sample data. */
export const TELECMI_DOC_APP_ID = 1111113;
/** The doc's sample secret. */
export const TELECMI_DOC_TOKEN = 'xxxx-xxxx-xxxx-xxx';

const DATASETS: readonly TelecmiDataset[] = ['outanswered', 'outmissed', 'answered', 'missed'];
const DAY_MS = 86_400_000;
/** v2 paths and the data set each one reads. */
const V2_PATHS: Record<string, TelecmiDataset> = {
  out_answered: 'outanswered',
  out_missed: 'outmissed',
  answered: 'answered',
  missed: 'missed',
};
/** v2's documented largest `limit`. */
const V2_MAX_LIMIT = 20;
const NOTES = [
  'Customer asked for a callback',
  'Follow up on invoice',
  'Interested in the annual plan',
  'Wrong number',
];

const NAMES = ['Priya Sharma', 'Rahul Verma', 'Anita Desai', 'Vikram Rao', 'Meera Nair', 'Arjun Mehta'];
const RATES = ['0.6', '0.6', '0.6', '0.8', '1.2'];

const RECORD_SALTS: Record<TelecmiDataset, number> = {
  outanswered: saltOf('telecmi:outanswered:record'),
  outmissed: saltOf('telecmi:outmissed:record'),
  answered: saltOf('telecmi:answered:record'),
  missed: saltOf('telecmi:missed:record'),
};
/** Draws for the fields production adds, apart from the doc row's so that doc rows stay as they were. */
const PRODUCTION_SALTS: Record<TelecmiDataset, number> = {
  outanswered: saltOf('telecmi:outanswered:production'),
  outmissed: saltOf('telecmi:outmissed:production'),
  answered: saltOf('telecmi:answered:production'),
  missed: saltOf('telecmi:missed:production'),
};

function invalidCredentials(): Reply {
  return jsonReply(404, '{"msg":"Invalid app id or secret"}');
}

/** How production answers bad credentials on v2: an error inside an HTTP 200 answer. */
function invalidCredentialsInBody(): Reply {
  return jsonReply(200, '{"error":true,"code":404,"msg":"Invalid app id or secret"}');
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
  options: TelecmiEmulatorOptions = {},
): ProviderInstance<TelecmiCredentials, TelecmiDataset, TelecmiRecord> {
  const { seed } = setup;
  const shape = options.shape ?? 'doc';
  if (shape !== 'doc' && shape !== 'production') throw new RangeError("shape must be 'doc' or 'production'");
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

  /** A row as the v1 doc shows it. */
  function docRecord(dataset: TelecmiDataset, key: number): TelecmiRecord {
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

  /**
   * The same call as production (v1) or the v2 API sends it: `cmiuid` for `_id`, the call's
   * `duration`, the `agent` on every row, `notes`, a numeric `rate`. On v1, `record` comes as a
   * boolean or a string and `from`/`to` as a number or a string, row by row; v2 rows keep the
   * types of its documented answer.
   */
  function productionRecord(dataset: TelecmiDataset, key: number, v2: boolean): TelecmiRecord {
    const doc = docRecord(dataset, key);
    const rng = new Rng(seed, PRODUCTION_SALTS[dataset], key);
    const answered = dataset === 'outanswered' || dataset === 'answered';
    const code = DATASETS.indexOf(dataset) + ((datasets.get(dataset) as Dataset).isInserted(key) ? 8 : 0);
    const cmiuid = `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${code.toString(16)}${rng.hex(2)}-${key.toString(16).padStart(12, '0')}`;
    const outgoing = dataset === 'outanswered' || dataset === 'outmissed';
    const agent = outgoing ? String(doc.from) : (doc.agent ?? rng.pick(agents));
    const billedsec = doc.billedsec ?? 0;
    const duration = answered ? billedsec + rng.int(0, 6) : rng.int(5, 45);
    const notes = Array.from(
      {
        length: rng.weighted([
          [6, 0],
          [3, 1],
          [1, 2],
        ] as const),
      },
      (_, i) => ({
        msg: rng.pick(NOTES),
        date: doc.time + (duration + 30 * (i + 1)) * 1000,
        agent,
      }),
    );
    // Outgoing calls show the caller id (one of the account's numbers) in `from`, the agent apart.
    const from = outgoing ? rng.pick(dids) : (doc.from as number);
    const to = doc.to as number;
    const rate = answered ? Number(doc.rate) : 0;
    // v1 production rows vary these types row by row; v2 keeps its documented ones.
    const asString = () => v2 || rng.chance(0.5);
    return {
      cmiuid,
      duration,
      agent,
      notes,
      billedsec,
      filename: doc.filename,
      rate,
      record: asString() ? String(answered) : answered,
      name: doc.name,
      from: asString() ? String(from) : from,
      to: v2 || rng.chance(0.5) ? to : String(to),
      time: doc.time,
    };
  }

  /** A row as the v1 endpoints serve it, in the emulator's shape. */
  function makeRecord(dataset: TelecmiDataset, key: number): TelecmiRecord {
    return shape === 'doc' ? docRecord(dataset, key) : productionRecord(dataset, key, false);
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

  function handle(request: RecordedRequest, env: RequestEnv): Reply {
    const v1 = /^\/v1\/(outanswered|outmissed|answered|missed|analysis)\/?$/.exec(request.path);
    const v2 = /^\/v2\/(out_answered|out_missed|answered|missed)\/?$/.exec(request.path);
    if ((!v1 && !v2) || request.method !== 'POST') {
      // What the Express back end answers for an unknown route.
      return {
        status: 404,
        contentType: 'text/html; charset=utf-8',
        body: `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${request.method} ${request.path}</pre>\n</body>\n</html>\n`,
      };
    }
    const body = parseBody(request);
    if (body === null) return badRequest('Request body must be a JSON object');
    const fixture = v1 !== null && isFixtureAppId(body);
    const secret = v1 ? body.token : body.secret;
    if (!fixture && !(readInteger(body.appid) === APP_ID && secret === TOKEN)) {
      return v1 ? invalidCredentials() : invalidCredentialsInBody();
    }

    const absent = (value: unknown) => value === undefined || value === null || value === '';
    const start = absent(body.start_date) ? env.nowMs - DAY_MS : readInteger(body.start_date);
    const end = absent(body.end_date) ? env.nowMs : readInteger(body.end_date);
    const page = absent(body.page) ? 1 : readInteger(body.page);
    const limit = absent(body.limit) ? 10 : readInteger(body.limit);
    if (start === null || start < 0) return badRequest('start_date must be a timestamp in milliseconds');
    if (end === null || end < 0) return badRequest('end_date must be a timestamp in milliseconds');
    if (page === null || page < 1) return badRequest('page must be a whole number >= 1');
    if (limit === null || limit < 1) return badRequest('limit must be a whole number >= 1');

    if (v1 && fixture) return fixtureReply(v1[1] as TelecmiDataset | 'analysis', start, end, page, limit);
    if (v1?.[1] === 'analysis') {
      let answered = 0;
      let missed = 0;
      for (const name of DATASETS) {
        const n = (datasets.get(name) as Dataset).select(start, end).length;
        if (name === 'outanswered' || name === 'answered') answered += n;
        else missed += n;
      }
      return jsonReply(200, JSON.stringify({ code: 200, total: answered + missed, answered, missed }));
    }

    const dataset = v1 ? (v1[1] as TelecmiDataset) : (V2_PATHS[v2?.[1] ?? ''] as TelecmiDataset);
    const selection = (datasets.get(dataset) as Dataset).select(start, end);
    // v2 answers at most 20 rows; pageCap caps either; both page by the size they answer.
    const cap = Math.min(
      v2 ? V2_MAX_LIMIT : Number.POSITIVE_INFINITY,
      env.faults?.pageCap ?? Number.POSITIVE_INFINITY,
    );
    const size = Math.min(limit, cap);
    const first = (page - 1) * size;
    const last = Math.min(selection.length, first + size);
    const row = v2
      ? (key: number) => productionRecord(dataset, key, true)
      : (key: number) => makeRecord(dataset, key);
    const head =
      v2 || shape === 'production'
        ? `{"count":${selection.length},"cdr":[`
        : `{"total":${selection.length},"cdr":[`;
    const tail = v2 ? ']}' : '],"code":200}';
    function* cdrJson(): Generator<string> {
      yield head;
      for (let p = first; p < last; p++)
        yield (p > first ? ',' : '') + JSON.stringify(row(selection.keyAt(p)));
      yield tail;
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
