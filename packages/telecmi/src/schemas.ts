/**
 * zod schemas of what TeleCMI's CDR endpoints answer, and the types inferred from them.
 *
 * Two shapes reach the SDK: the v1 doc's (`total`, rows with `_id`, a string `rate`) and what
 * production and the v2 API send (`count`, rows with `cmiuid`, `duration`, `agent`, `notes`, a
 * numeric `rate`). Both parse (docs/reading-policy.md): a row is refused only without an id
 * (`cmiuid` or `_id`) or a usable `time`; every other field is optional; a scalar seen as number
 * and as string is typed as either and kept as sent; fields the schemas do not know are kept.
 * Also: each version's documented fields (for drift), and the cursor's `q` and `at`.
 * @module
 */
import { type DocumentedFields, numberOrString } from '@cdrkit/core/provider';
import * as z from 'zod/mini';
import { recordId, type TeleCmiEndpoint } from './normalize.js';
import type { TeleCmiApiVersion } from './options.js';

/** A number written as text (`"1570633217848"`, `" 17 "`). */
const NUMERIC_TEXT = /^\s*-?\d+(?:\.\d+)?\s*$/;

/** A number, or a numeric string kept as sent: `time`, which a row is unusable without. */
const numeric = /* @__PURE__ */ z.union([z.number(), z.string().check(z.regex(NUMERIC_TEXT))]);

/** An optional scalar that TeleCMI sends as a number or as a string (or null for none). */
const scalar = /* @__PURE__ */ z.optional(z.nullable(numberOrString));

/** `record`: `"true"` in the doc, a boolean in webhooks and some answers. */
const flag = /* @__PURE__ */ z.optional(z.nullable(z.union([z.string(), z.boolean(), z.number()])));

/** One entry of `notes` (v2 and production rows): an agent's note on the call. */
const noteSchema = /* @__PURE__ */ z.looseObject({
  /** The note's text. */
  msg: scalar,
  /** When it was written, epoch milliseconds. */
  date: scalar,
  /** The agent who wrote it (`208_1111112`). */
  agent: scalar,
});

/**
 * A call detail record of any TeleCMI endpoint, v1 or v2.
 *
 * @example
 * ```ts
 * const record = validate(cdrSchema, json, { provider: 'telecmi', operation: 'outAnswered' });
 * ```
 */
export const cdrSchema = /* @__PURE__ */ z
  .looseObject({
    /** The call's id in production and on v2 (`bdd91865-…`): the key for dropping duplicates. */
    cmiuid: z.optional(numberOrString),
    /** The call's id in the v1 doc (`5d9df5b97a2b952710b030dd`), where `cmiuid` is absent. */
    _id: z.optional(numberOrString),
    /** When the call was made, epoch milliseconds (a number; a numeric string is kept as sent). */
    time: numeric,
    /** The number called: a number in the doc, a string kept exactly as sent (leading `+`, `0`). */
    to: scalar,
    /** Outgoing calls: the agent id (`209_1111113`) or caller id; incoming calls: the caller's number. */
    from: scalar,
    /** The agent (user) id, e.g. `201_1111113`: on incoming answered calls, and on production rows. */
    agent: scalar,
    /** Length of the call in seconds (production and v2 rows). */
    duration: scalar,
    /** Billed seconds; 0 for a missed call. */
    billedsec: scalar,
    /** The call's cost: `"0.6"` in the v1 doc, `0.0231` on v2; the currency is not in the answer. */
    rate: scalar,
    /** Whether the call was recorded: `"true"` in the doc, a boolean elsewhere. */
    record: flag,
    /** The recording's file name. */
    filename: scalar,
    /** The caller's name (`"unknown"` when TeleCMI has none). */
    name: scalar,
    /** Agents' notes on the call (production and v2 rows). */
    notes: z.optional(z.nullable(z.array(noteSchema))),
  })
  .check(
    z.refine((record) => recordId(record) !== undefined, {
      message: 'a record needs an id: cmiuid or _id, a non-empty string',
      path: ['cmiuid'],
    }),
  );

/** An outgoing answered call (`outAnswered`). */
export const outAnsweredRecordSchema = cdrSchema;
/** An outgoing missed call (`outMissed`). */
export const outMissedRecordSchema = cdrSchema;
/** An incoming answered call (`answered`), with the answering `agent`. */
export const answeredRecordSchema = cdrSchema;
/** An incoming missed call (`missed`). */
export const missedRecordSchema = cdrSchema;

/** A TeleCMI call detail record, v1 or v2. Unknown fields are kept (typed `unknown`). */
export type TeleCmiCdr = z.output<typeof cdrSchema>;
/** An outgoing answered call (`outAnswered`). Unknown fields are kept. */
export type OutAnsweredRecord = TeleCmiCdr;
/** An outgoing missed call (`outMissed`). Unknown fields are kept. */
export type OutMissedRecord = TeleCmiCdr;
/** An incoming answered call (`answered`). Unknown fields are kept. */
export type AnsweredRecord = TeleCmiCdr;
/** An incoming missed call (`missed`). Unknown fields are kept. */
export type MissedRecord = TeleCmiCdr;
/** A record of any of the four endpoints. */
export type TeleCmiRecord = OutAnsweredRecord | OutMissedRecord | AnsweredRecord | MissedRecord;
/** One entry of a record's `notes`. */
export type TeleCmiNote = z.output<typeof noteSchema>;

/**
 * The envelope of every list endpoint: the v1 doc's `{ total, cdr, code }` or production's and
 * v2's `{ count, cdr }`.
 *
 * @example
 * ```ts
 * const page = validate(pageSchema, JSON.parse(body), { provider: 'telecmi', operation: 'missed' });
 * ```
 */
export const pageSchema = /* @__PURE__ */ z.looseObject({
  /** Every record in the range, not just this page's (the v1 doc). */
  total: scalar,
  /** Every record in the range (production v1 and v2). */
  count: scalar,
  /** This page's records; missing or empty when the range holds no (more) calls. */
  cdr: z.optional(z.nullable(z.array(cdrSchema))),
  /** 200 on success; an error answer carries another code and no `cdr`. */
  code: scalar,
  /** An error answer's text. */
  msg: z.optional(z.unknown()),
});

/** A page of `outAnswered` or `outMissed` (every endpoint shares one envelope). */
export const outgoingPageSchema = pageSchema;
/** A page of `answered` or `missed` (every endpoint shares one envelope). */
export const incomingPageSchema = pageSchema;

/** One answer of a list endpoint, validated. */
export type PageResponse<R = TeleCmiCdr> = Omit<z.output<typeof pageSchema>, 'cdr'> & {
  /** This page's records; missing or empty when the range holds no (more) calls. */
  cdr?: R[] | null | undefined;
};

/**
 * True when `data` is a page {@link pageSchema} accepts: the same rules written out, so that
 * zod (which copies every row) runs only for an answer it would refuse or that needs a path in
 * the error. Held to "never yes where zod says no" by a property test.
 */
export function isPlainPage(data: unknown): boolean {
  if (!isObject(data)) return false;
  const page = data as Record<string, unknown>;
  if (!isScalar(page.total) || !isScalar(page.count) || !isScalar(page.code)) return false;
  const { cdr } = page;
  if (cdr === undefined || cdr === null) return true;
  if (!Array.isArray(cdr)) return false;
  for (const row of cdr) if (!isPlainRecord(row)) return false;
  return true;
}

/** True when `record` is a row {@link cdrSchema} accepts (see {@link isPlainPage}). */
export function isPlainRecord(record: unknown): boolean {
  if (!isObject(record)) return false;
  const r = record as Record<string, unknown>;
  const { time, record: recorded, notes } = r;
  return (
    (isNumber(time) || (typeof time === 'string' && NUMERIC_TEXT.test(time))) &&
    isId(r.cmiuid) &&
    isId(r._id) &&
    recordId(r) !== undefined &&
    isScalar(r.to) &&
    isScalar(r.from) &&
    isScalar(r.agent) &&
    isScalar(r.duration) &&
    isScalar(r.billedsec) &&
    isScalar(r.rate) &&
    isScalar(r.filename) &&
    isScalar(r.name) &&
    (isScalar(recorded) || typeof recorded === 'boolean') &&
    (notes === undefined || notes === null || (Array.isArray(notes) && notes.every(isPlainNote)))
  );
}

function isPlainNote(note: unknown): boolean {
  if (!isObject(note)) return false;
  const n = note as Record<string, unknown>;
  return isScalar(n.msg) && isScalar(n.date) && isScalar(n.agent);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent, null, a number or a string. */
function isScalar(value: unknown): boolean {
  return value === undefined || value === null || isNumber(value) || typeof value === 'string';
}

/** Absent, a number or a string (an id is never null when present). */
function isId(value: unknown): boolean {
  return value === undefined || isNumber(value) || typeof value === 'string';
}

/** A finite number: what zod's `number()` accepts. */
function isNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * `/v1/analysis`: the counts of calls in the range, `{ code, total, answered, missed }`.
 * Counts sent as numeric strings become numbers.
 */
export const analysisSchema = /* @__PURE__ */ z.looseObject({
  /** 200 on success. */
  code: scalar,
  /** Calls in the range, answered and missed. */
  total: z.pipe(numeric, z.transform(Number)),
  /** Calls in the range that were answered. */
  answered: z.pipe(numeric, z.transform(Number)),
  /** Calls in the range that were missed. */
  missed: z.pipe(numeric, z.transform(Number)),
});

/** What `/v1/analysis` answers, its counts read as numbers. */
export type AnalysisResponse = z.output<typeof analysisSchema>;

/** The v1 doc's sample of /v1/outanswered, field for field (telecmi-outanswered.txt). */
const V1_OUTGOING: DocumentedFields = {
  _id: 'string',
  to: 'number',
  time: 'number',
  from: 'string',
  billedsec: 'number',
  rate: 'string',
  record: 'string',
  filename: 'string',
  name: 'string',
};
/** Incoming calls: `from` is the caller's number; `answered` adds the `agent` who took the call. */
const V1_INCOMING: DocumentedFields = { ...V1_OUTGOING, from: 'number' };

/** TeleCMI's v2 documented answer: `{ count, cdr: [{ cmiuid, duration, agent, notes, … }] }`. */
const V2_ROW: DocumentedFields = {
  cmiuid: 'string',
  duration: 'number',
  agent: 'string',
  notes: 'array',
  billedsec: 'number',
  filename: 'string',
  rate: 'number',
  record: 'string',
  name: 'string',
  from: 'string',
  to: 'number',
  time: 'number',
};

/** A version's documented answer, that drift is measured against. */
export interface DocumentedAnswer {
  /** The envelope of a list answer. */
  envelope: DocumentedFields;
  /** The fields of a row, per endpoint. */
  rows: Readonly<Record<TeleCmiEndpoint, DocumentedFields>>;
  /** The fields of an entry of a row's `notes`, when the version documents them. */
  note: DocumentedFields | undefined;
}

/** What each version documents. */
export const DOCUMENTED: Readonly<Record<TeleCmiApiVersion, DocumentedAnswer>> = {
  v1: {
    envelope: { total: 'number', cdr: 'array', code: 'number' },
    rows: {
      outAnswered: V1_OUTGOING,
      outMissed: V1_OUTGOING,
      answered: { ...V1_INCOMING, agent: 'string' },
      missed: V1_INCOMING,
    },
    note: undefined,
  },
  v2: {
    envelope: { count: 'number', cdr: 'array' },
    rows: { outAnswered: V2_ROW, outMissed: V2_ROW, answered: V2_ROW, missed: V2_ROW },
    note: { msg: 'string', date: 'number', agent: 'string' },
  },
};

const positiveInteger = /* @__PURE__ */ z.number().check(z.int(), z.gte(1));

/** The cursor's `q`: the call's parameters, the same on every endpoint. */
export const paramsSchema = /* @__PURE__ */ z.object({
  /** The records a page the call asked for. */
  pageSize: positiveInteger,
});
/** A list call's parameters. */
export type ListParams = z.output<typeof paramsSchema>;

/** {@link paramsSchema}, refusing a page size above `maxPageSize` (v2's 20: a cursor of a v1 client). */
export function paramsWithin(maxPageSize: number | undefined, version: TeleCmiApiVersion) {
  if (maxPageSize === undefined) return paramsSchema;
  return paramsSchema.check(
    z.refine((params) => params.pageSize <= maxPageSize, {
      message: `more records a page than TeleCMI ${version} allows (${maxPageSize}): the cursor comes from a v1 client`,
      path: ['pageSize'],
    }),
  );
}

/**
 * The cursor's `at`: the page about to be requested, the `limit` it is asked with (the server's
 * own page size once learned), and how many rows the server sent before it.
 */
export const positionSchema = /* @__PURE__ */ z.object({
  page: positiveInteger,
  limit: positiveInteger,
  received: z.number().check(z.int(), z.gte(0)),
});
/** Where a list call stands inside its (only) window. */
export type ListPosition = z.output<typeof positionSchema>;
