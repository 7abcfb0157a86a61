/**
 * The shapes MIXvoip's getCalls answers with, as zod schemas and the types users see.
 * @module
 */
import { isPlainObject } from '@cdrkit/core';
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

/**
 * The `data` of one record, every field kept as MIXvoip sent it (numbers stay numbers, strings
 * stay strings). Fields the doc does not list are kept too.
 */
export interface MixvoipRecordData {
  /** Who made the call (calls), else the user name. Leading `+` and zeros kept. */
  source: string | number;
  /** The number dialled (calls), else the product name. */
  destination: string | number;
  /** The country dialled (calls), else a product description; null or absent on many records. */
  destination_name?: string | null;
  /**
   * Start of the call (calls), else the billing date: naive wall time in the client's zone,
   * `yyyy-MM-dd HH:mm:ss`, sometimes with a line break or a comma instead of the space.
   */
  call_start: string;
  /** End of the call (calls), else the billing date. Listed by the doc, absent from its sample. */
  call_end?: string | null;
  /** Seconds, as a string (`"61"`) or a number. */
  duration?: string | number;
  /** The PBX extension, `""` when none. */
  pbxextension?: string | number | null;
  /** Quantity billed (minutes, messages, items). */
  quantity: number | string;
  /** Price in euro cents per quantity, a decimal string such as `"7.00"`. */
  price: string | number;
  /** Invoice or report number, `"N/A"` before invoicing. */
  invoice: string | number | null;
  [field: string]: unknown;
}

/** One getCalls record as it travels: `{ type, data }`. */
export interface MixvoipWireRecord {
  /** What the record bills: `CALLIN`, `CALLOUT`, `SMS`, `FAX`, a service, … (see {@link MixvoipType}). */
  type: MixvoipType;
  /** The record's fields: who, what, when, how long and at what price. */
  data: MixvoipRecordData;
  [field: string]: unknown;
}

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
  const text = z.union([z.string(), z.number()]);
  // Plain objects, not loose ones: the schema only checks (the client keeps the parsed records
  // themselves, unknown fields included), and z.object skips copying the unknown keys.
  return z.object({
    type: z.string(),
    data: z.object({
      source: text,
      destination: text,
      destination_name: z.optional(z.nullable(z.string())),
      call_start: z.string(),
      call_end: z.optional(z.nullable(z.string())),
      duration: z.optional(text),
      pbxextension: z.optional(z.nullable(text)),
      quantity: text,
      price: text,
      invoice: z.nullable(text),
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

const isText = (value: unknown): boolean =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/**
 * The answer schema's record rules written out, for core's `validate(…, accepts)`: never true
 * where the schema fails (a property test holds it to agree).
 */
function isPlainRecord(record: unknown): boolean {
  if (!isPlainObject(record) || typeof record.type !== 'string') return false;
  const data = record.data;
  if (!isPlainObject(data)) return false;
  const { destination_name: name, call_end: end, pbxextension: extension } = data;
  return (
    isText(data.source) &&
    isText(data.destination) &&
    (name === undefined || name === null || typeof name === 'string') &&
    typeof data.call_start === 'string' &&
    (end === undefined || end === null || typeof end === 'string') &&
    (data.duration === undefined || isText(data.duration)) &&
    (extension === undefined || extension === null || isText(extension)) &&
    isText(data.quantity) &&
    isText(data.price) &&
    (data.invoice === null || isText(data.invoice))
  );
}

/** True when `data` passes {@link getAnswerSchema} (see `isPlainRecord`). */
export function isPlainAnswer(data: unknown): data is MixvoipWireRecord[] {
  return Array.isArray(data) && data.every(isPlainRecord);
}

let cursorSchema: ReturnType<typeof buildCursorSchema> | undefined;

/* @__NO_SIDE_EFFECTS__ */
function buildCursorSchema() {
  const instant = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO date'));
  return z.object({
    /** Provider tag: a cursor of another provider is refused. */
    p: z.literal('mixvoip'),
    /** Method tag: a cursor of another method is refused. */
    op: z.literal('getCalls'),
    /** The MIXvoip profile (customer account) whose records are listed. */
    profileId: z.string().check(z.minLength(1)),
    /** The answer format the call asked for. */
    format: z.enum(['json', 'csv']),
    /** Start of the window the page at this cursor covers. */
    from: instant,
    /** End of the whole range (exclusive). */
    to: instant,
  });
}

/** The schema of a getCalls cursor. */
export function getCursorSchema(): ReturnType<typeof buildCursorSchema> {
  cursorSchema ??= buildCursorSchema();
  return cursorSchema;
}

/**
 * Where a getCalls iteration stands; what `page.next` holds.
 * @useDeclaredType
 */
export type MixvoipCursor = z.output<ReturnType<typeof buildCursorSchema>>;
