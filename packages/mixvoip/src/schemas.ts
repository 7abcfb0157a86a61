/**
 * The shapes MIXvoip's getCalls answers with, as zod schemas and the types users see.
 *
 * The reading policy (docs/reading-policy.md): MIXvoip records carry no id (cdrkit derives one
 * from their content), so a record is refused only without `data.call_start`, the one field
 * that places it in time. Every other field may be missing or null, and every scalar may come
 * as a string or a number; the typed record says so and holds the value exactly as sent.
 * Fields the doc does not list are kept. What differs from the doc is reported through
 * `hooks.schemaDrift`.
 * @module
 */
import { type DocumentedFields, isPlainObject, type WindowCursor } from '@cdrkit/core/provider';
import * as z from 'zod/mini';

/**
 * What a record is, in MIXvoip's `type` field. The set is open: the values below are the ones
 * MIXvoip has documented (the current page lists CALLIN … TRAVEL; an older one also DELIVERY,
 * DOCUMENTATION, MCALL, MDATA and MSMS), and any other string the API sends is kept as it is.
 */
export type MixvoipType =
  | 'CALLIN'
  | 'CALLOUT'
  | 'MCALL'
  | 'SMS'
  | 'MSMS'
  | 'FAX'
  | 'MDATA'
  | 'DEV'
  | 'HARDWARE'
  | 'PAY'
  | 'SERVICE'
  | 'SETUP'
  | 'TRAVEL'
  | 'DELIVERY'
  | 'DOCUMENTATION'
  | (string & {});

/** A scalar MIXvoip sends as a string or a number, null, or leaves out. */
export type MixvoipScalar = string | number | null | undefined;

/**
 * The `data` of one record, every field kept as MIXvoip sent it (numbers stay numbers, strings
 * stay strings). Only `call_start` is required; fields the doc does not list are kept too.
 */
export interface MixvoipRecordData {
  /** Who made the call (calls), else the user name. Leading `+` and zeros kept. */
  source?: MixvoipScalar;
  /** The number dialled (calls), else the product name. */
  destination?: MixvoipScalar;
  /** The country dialled (calls), else a product description; null or absent on many records. */
  destination_name?: MixvoipScalar;
  /**
   * Start of the call (calls), else the billing date: naive wall time in the client's zone,
   * `yyyy-MM-dd HH:mm:ss`, sometimes with a line break or a comma instead of the space. Required.
   */
  call_start: string;
  /** End of the call (calls), else the billing date. Listed by the doc, absent from its sample. */
  call_end?: MixvoipScalar;
  /** Seconds, as a string (`"61"`) or a number. */
  duration?: MixvoipScalar;
  /** The PBX extension, `""` when none. */
  pbxextension?: MixvoipScalar;
  /** Quantity billed (minutes, messages, items); a number in the doc's sample. */
  quantity?: MixvoipScalar;
  /** Price in euro cents per quantity, a decimal string such as `"7.00"`. */
  price?: MixvoipScalar;
  /** Invoice or report number, `"N/A"` before invoicing. */
  invoice?: MixvoipScalar;
  [field: string]: unknown;
}

/** One getCalls record as it travels: `{ type, data }`. */
export interface MixvoipWireRecord {
  /** What the record bills: `CALLIN`, `CALLOUT`, `SMS`, `FAX`, a service, … (see {@link MixvoipType}). */
  type?: MixvoipType | number | null;
  /** The record's fields: who, what, when, how long and at what price. */
  data: MixvoipRecordData;
  [field: string]: unknown;
}

/**
 * The documented fields of a record's `data`, with the types the doc's JSON sample gives them
 * (`call_end` is listed by the doc but absent from the sample: it is checked only when sent).
 */
export const DOCUMENTED_DATA: DocumentedFields = {
  source: 'string',
  destination: 'string',
  destination_name: ['string', 'null'],
  call_start: 'string',
  duration: 'string',
  pbxextension: 'string',
  quantity: 'number',
  price: 'string',
  invoice: 'string',
};

/** {@link DOCUMENTED_DATA} with `call_end`, for records that send it. */
export const DOCUMENTED_DATA_WITH_END: DocumentedFields = { ...DOCUMENTED_DATA, call_end: 'string' };

/** A record's envelope, `{ type, data }`. */
export const DOCUMENTED_RECORD: DocumentedFields = { type: 'string', data: 'object' };

/**
 * One getCalls record, as `getCalls` yields it: the provider's `{ type, data }` untouched, plus
 * a derived `id` (MIXvoip records carry none). The `id` is a non-enumerable property, so that
 * `JSON.stringify(record)` and `toCallRecord(record).raw` stay exactly the provider's record;
 * a spread copy (`{ ...record }`) does not carry it.
 */
export type MixvoipRecord = MixvoipWireRecord & {
  /**
   * Stable id derived from the record's content (type, source, destination, call_start,
   * duration, invoice): 16 hex digits, then `#1`, `#2`, … for the second, third, … identical
   * record of the same answer. See `recordId`.
   */
  readonly id: string;
};

/* @__NO_SIDE_EFFECTS__ */
function buildRecordSchema() {
  const scalar = z.optional(z.nullable(z.union([z.string(), z.number()])));
  // Plain objects, not loose ones: the schema only checks (the client keeps the parsed records
  // themselves, unknown fields included), and z.object skips copying the unknown keys.
  return z.object({
    type: scalar,
    data: z.object({
      source: scalar,
      destination: scalar,
      destination_name: scalar,
      call_start: z.string(),
      call_end: scalar,
      duration: scalar,
      pbxextension: scalar,
      quantity: scalar,
      price: scalar,
      invoice: scalar,
    }),
  });
}

let answerSchema: z.ZodMiniArray<ReturnType<typeof buildRecordSchema>> | undefined;

/**
 * The schema of a getCalls answer: an array of records. Built on first use, so that bundles
 * that never call getCalls do not pay for it. It has no transforms: what it accepts is what
 * the user gets.
 */
export function getAnswerSchema(): z.ZodMiniArray<ReturnType<typeof buildRecordSchema>> {
  answerSchema ??= z.array(buildRecordSchema());
  return answerSchema;
}

/** What the schema's optional scalars take: missing, null, a string or a finite number. */
const isScalar = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value));

/**
 * The answer schema's record rules written out, for core's `validate(…, accepts)`: never true
 * where the schema fails (a property test holds it to agree).
 */
function isPlainRecord(record: unknown): boolean {
  if (!isPlainObject(record) || !isScalar(record.type)) return false;
  const data = record.data;
  if (!isPlainObject(data)) return false;
  return (
    typeof data.call_start === 'string' &&
    isScalar(data.source) &&
    isScalar(data.destination) &&
    isScalar(data.destination_name) &&
    isScalar(data.call_end) &&
    isScalar(data.duration) &&
    isScalar(data.pbxextension) &&
    isScalar(data.quantity) &&
    isScalar(data.price) &&
    isScalar(data.invoice)
  );
}

/** True when `data` passes {@link getAnswerSchema} (see `isPlainRecord`). */
export function isPlainAnswer(data: unknown): data is MixvoipWireRecord[] {
  return Array.isArray(data) && data.every(isPlainRecord);
}

let paramsSchema: ReturnType<typeof buildParamsSchema> | undefined;

/* @__NO_SIDE_EFFECTS__ */
function buildParamsSchema() {
  return z.object({
    /** The MIXvoip profile (customer number) whose records are listed. */
    profileId: z.string().check(z.minLength(1)),
    /** The wire format the call asked for. */
    format: z.enum(['json', 'csv']),
  });
}

/** The schema of a getCalls cursor's parameters (`q`); windows are not paged, so there is no `at`. */
export function getParamsSchema(): ReturnType<typeof buildParamsSchema> {
  paramsSchema ??= buildParamsSchema();
  return paramsSchema;
}

/** A getCalls call's parameters, as its cursor carries them (`q`). */
export interface MixvoipParams {
  /** The customer number (`PROFILE_ID`). */
  profileId: string;
  /** The wire format asked for. */
  format: 'json' | 'csv';
}

/**
 * Where a getCalls iteration stands; what `page.next` holds: core's one cursor format, with
 * {@link MixvoipParams} as `q` (epoch ms for the window `from`/`to`, the range's `end`, and
 * while a window is read in parts, `cut` and the `pending` parts' ends).
 */
export type MixvoipCursor = Omit<WindowCursor<MixvoipParams, never>, 'at'>;
