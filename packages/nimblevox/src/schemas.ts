/**
 * The SDR API's shapes: zod schemas of what Nimblevox sends (a page of SDRs, one SDR), and the
 * typed `Sdr` they are read into, identical whether the answer was JSON or XML.
 *
 * The two formats disagree in the doc's own samples, so reading normalizes:
 *
 * | field | JSON sample | XML sample | typed `Sdr` |
 * |---|---|---|---|
 * | `id` | `3` | `id='3'` (attribute) | `3` (number) |
 * | `callType`, `serviceType` | `Application_Outdial` | `Application Outdial` | `Application Outdial` (`_` read as a space) |
 * | money fields | `0.00` (a JSON number: `0`) | `0.00` | `'0.00'` (decimal string, at least two decimals) |
 * | `customCallDataList` | `null` | `<customCallDataList/>` | `[]` |
 * | counts (`billUnits`, …) | `60` | `60` (text) | `60` (number) |
 *
 * What Nimblevox sent, untouched by these rules, stays reachable as `toCallRecord(sdr).raw`.
 * @module
 */
import {
  isPlainObject,
  type JsonValue,
  type ParseContext,
  ResponseFormatError,
  toDecimalString,
  validate,
} from '@cdrkit/core';
import * as z from 'zod/mini';

/**
 * One service detail record, as cdrkit reads it from a JSON or an XML answer: the same object
 * for both. Fields the doc does not list are kept under their own names, as sent.
 */
export interface Sdr {
  /** Unique identification number of the session; the record's key. */
  id: number;
  /** The location of the SDR resource (`https://api.nimblevox.com/sdr/3`). */
  href: string | null;
  /** Sequence number of the record: a 30-character hex string. */
  seqnum: string | null;
  /** The Nimblevox Blast account number, as a string (leading zeros kept). */
  subscriber: string | null;
  /** Date and time the service was initiated: naive wall time in the client's `timeZone`, as sent. */
  billStart: string;
  /** Date and time the service was terminated, as sent. */
  billEnd: string | null;
  /** The A-number, exactly as sent. */
  callingParty: string | null;
  /** The B-number, exactly as sent. */
  calledParty: string | null;
  /** The type of call, with words apart: `Application Outdial`, `Incoming Call`. */
  callType: string | null;
  /** The type of service, with words apart: `Outbound Call`, `Inbound Call`. */
  serviceType: string | null;
  /** Units actually billed for this service instance (seconds for calls). */
  billUnits: number | null;
  /** Money charged for the service: an exact decimal string with at least two decimals. */
  moneyCharge: string | null;
  /** Bonus money charged for the service (exact decimal string). */
  bonusCharge: string | null;
  /** The subscriber's balance after the charges; may be negative (`'-392.15'`). */
  endingBalance: string | null;
  /** The subscriber's bonus balance after the bonus charges (exact decimal string). */
  endingBonusBalance: string | null;
  /** Correlates the record with external activity, usually the SIP Call-ID. */
  correlationId: string | null;
  /** Total time or volume used (seconds for calls). */
  serviceTime: number | null;
  /** Time from service authorization to service tear down, in seconds. */
  clientTime: number | null;
  /** Custom call data provisioned by your application; empty when there is none. */
  customCallDataList: JsonValue[];
  /** Fields the doc does not list, kept as sent. */
  [field: string]: unknown;
}

/** One page of `GET /sdr`, typed. */
export interface SdrPage {
  /** The link to the previous page, as sent (never followed as it stands). */
  previous: string | null;
  /** The link to the next page, as sent; cdrkit reads only its `offset` and `max`. */
  next: string | null;
  /** The number of records in this page. */
  count: number | null;
  /** The number of records matching the request (its whole date window). */
  total: number | null;
  /** This page's records, in the order Nimblevox sent them; empty for an empty page. */
  sdrs: Sdr[];
}

/** A decimal as text: `0.03`, `-392.15`, `.5`; surrounding blanks tolerated. */
const DECIMAL_TEXT = /^\s*([-+]?)(\d*)(?:\.(\d*))?\s*$/;

/**
 * Reads a money value (a JSON number or a decimal string) as a canonical decimal string: at
 * least two decimals, trailing zeros beyond them dropped, so JSON `0.00` (which parses to `0`)
 * and XML `0.00` both read `'0.00'`, and `0.0350` reads `'0.035'`. No float arithmetic touches
 * the digits. Returns null for a blank value or anything that is not a decimal.
 *
 * @example
 * canonicalDecimal(0) // '0.00'
 * canonicalDecimal('-392.15') // '-392.15'
 */
export function canonicalDecimal(value: string | number): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // The shortest representation has no leading or trailing zeros: pad to two decimals.
    const shortest = String(value);
    if (!shortest.includes('e')) {
      const dot = shortest.indexOf('.');
      if (dot === -1) return `${shortest}.00`;
      return shortest.length - dot === 2 ? `${shortest}0` : shortest;
    }
  }
  const text = typeof value === 'number' ? toDecimalString(value) : value;
  if (text === null) return null;
  const match = DECIMAL_TEXT.exec(text);
  if (match === null) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  const integer = whole.replace(/^0+(?=\d)/, '') || '0';
  const decimals = fraction.replace(/0+$/, '').padEnd(2, '0');
  const isZero = /^0+$/.test(integer + decimals);
  return `${sign === '-' && !isZero ? '-' : ''}${integer}.${decimals}`;
}

const isDecimalOrBlank = (text: string): boolean => text.trim() === '' || canonicalDecimal(text) !== null;

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * A field that may be absent or null, else must pass `accepts`. One predicate instead of a
 * union of schemas: zod tries a union's members one by one, allocating for each, and these
 * fields are checked for every record of every page.
 */
const lenientField = <T>(accepts: (value: unknown) => boolean, message: string) =>
  z.optional(z.nullable(z.custom<T>(accepts, message)));

/** Text that a JSON server might send as a number. */
const isTextValue = (value: unknown): boolean => typeof value === 'string' || isFiniteNumber(value);
/** A number, or its text (XML, or a lenient JSON server); blank allowed. */
const isQuantityValue = (value: unknown): boolean =>
  isFiniteNumber(value) || (typeof value === 'string' && isDecimalOrBlank(value));

/** Text fields that a JSON server might send as numbers. */
const textField = /* @__PURE__ */ lenientField<string | number>(isTextValue, 'expected text or a number');
/** Counts and durations: a number, or its text (XML, or a lenient JSON server); blank is null. */
const quantityField = /* @__PURE__ */ lenientField<string | number>(
  isQuantityValue,
  'expected a number or a blank',
);
/** Money: a number or a decimal string; blank is null. */
const moneyField = /* @__PURE__ */ lenientField<string | number>(
  isQuantityValue,
  'expected a decimal amount',
);
/** Whole numbers: a number or its digits. */
const countField = /* @__PURE__ */ z.union([
  z.int().check(z.minimum(0)),
  z.string().check(z.regex(/^\s*\d+\s*$/, 'expected a whole number')),
]);

/**
 * An SDR as Nimblevox sends it: the JSON object, or the plain object the XML reader makes of an
 * `<sdr>` element (attributes and child elements as fields, text values). Lenient where real
 * servers differ from the doc (numbers as strings, blanks, nulls); strict where cdrkit relies
 * on a field: `id` and `billStart`.
 */
export const sdrSchema = /* @__PURE__ */ z.looseObject({
  /** Unique identification number of the session; the record's key. */
  id: z.union([
    z.int().check(z.minimum(0)),
    z.string().check(
      z.regex(/^\s*\d+\s*$/, 'expected the numeric SDR id'),
      z.refine((text) => Number.isSafeInteger(Number(text)), 'SDR id too large'),
    ),
  ]),
  /** The location of the SDR resource (`https://api.nimblevox.com/sdr/3`). */
  href: z.optional(z.nullable(z.string())),
  /** Sequence number of the record: a 30-character hex string. */
  seqnum: textField,
  /** The Nimblevox Blast account number, as a string (leading zeros kept). */
  subscriber: textField,
  /** Date and time the service was initiated: naive wall time in the client's `timeZone`, as sent. */
  billStart: z
    .string()
    .check(z.regex(/^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/, 'expected yyyy-MM-ddTHH:mm:ss')),
  /** Date and time the service was terminated, as sent. */
  billEnd: z.optional(z.nullable(z.string())),
  /** The A-number, exactly as sent. */
  callingParty: textField,
  /** The B-number, exactly as sent. */
  calledParty: textField,
  /** The type of call, with words apart: `Application Outdial`, `Incoming Call`. */
  callType: z.optional(z.nullable(z.string())),
  /** The type of service, with words apart: `Outbound Call`, `Inbound Call`. */
  serviceType: z.optional(z.nullable(z.string())),
  /** Units actually billed for this service instance (seconds for calls). */
  billUnits: quantityField,
  /** Money charged for the service: an exact decimal string with at least two decimals. */
  moneyCharge: moneyField,
  /** Bonus money charged for the service (exact decimal string). */
  bonusCharge: moneyField,
  /** The subscriber's balance after the charges; may be negative (`'-392.15'`). */
  endingBalance: moneyField,
  /** The subscriber's bonus balance after the bonus charges (exact decimal string). */
  endingBonusBalance: moneyField,
  /** Correlates the record with external activity, usually the SIP Call-ID. */
  correlationId: textField,
  /** Total time or volume used (seconds for calls). */
  serviceTime: quantityField,
  /** Time from service authorization to service tear down, in seconds. */
  clientTime: quantityField,
  /** Custom call data provisioned by your application; empty when there is none. */
  customCallDataList: z.optional(z.unknown()),
});

/**
 * `sdrSchema` without the copy of unknown fields, for reading pages: `toSdr` takes those from
 * the record as sent, so zod need not copy them first.
 */
const sdrCheck = /* @__PURE__ */ z.object(sdrSchema.shape);

/**
 * A page of `GET /sdr` as Nimblevox sends it (`{ previous, next, count, total, sdrs }`), or the
 * plain object the XML reader makes of a `<result>` document.
 */
export const sdrPageSchema = /* @__PURE__ */ z.looseObject({
  /** The link to the previous page, as sent (never followed as it stands). */
  previous: z.optional(z.nullable(z.string())),
  /** The link to the next page, as sent; cdrkit reads only its `offset` and `max`. */
  next: z.optional(z.nullable(z.string())),
  /** The number of records in this page. */
  count: z.optional(z.nullable(countField)),
  /** The number of records matching the request (its whole date window). */
  total: z.optional(z.nullable(countField)),
  /** This page's records, in the order Nimblevox sent them; empty for an empty page. */
  sdrs: z.optional(z.nullable(z.array(sdrSchema))),
});

/** `sdrPageSchema` that checks its records with `sdrCheck`. */
const pageCheck = /* @__PURE__ */ z.object({
  ...sdrPageSchema.shape,
  sdrs: z.optional(z.nullable(z.array(sdrCheck))),
});

type WireSdr = z.output<typeof sdrCheck>;
type WirePage = z.output<typeof pageCheck>;

const WHOLE_NUMBER = /^\s*\d+\s*$/;
const BILL_START = /^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const absent = (value: unknown): boolean => value === undefined || value === null;
const isOptionalText = (value: unknown): boolean => absent(value) || typeof value === 'string';
const isCount = (value: unknown): boolean =>
  (Number.isSafeInteger(value) && (value as number) >= 0) ||
  (typeof value === 'string' && WHOLE_NUMBER.test(value));

/**
 * `sdrCheck`'s rules written out, for core's `validate(…, accepts)`: never true where
 * `sdrCheck` fails (a property test holds it to agree).
 */
function isPlainSdr(record: unknown): boolean {
  if (!isPlainObject(record)) return false;
  const { id } = record;
  return (
    (typeof id === 'string' ? WHOLE_NUMBER.test(id) && Number.isSafeInteger(Number(id)) : isCount(id)) &&
    isOptionalText(record.href) &&
    (absent(record.seqnum) || isTextValue(record.seqnum)) &&
    (absent(record.subscriber) || isTextValue(record.subscriber)) &&
    typeof record.billStart === 'string' &&
    BILL_START.test(record.billStart) &&
    isOptionalText(record.billEnd) &&
    (absent(record.callingParty) || isTextValue(record.callingParty)) &&
    (absent(record.calledParty) || isTextValue(record.calledParty)) &&
    isOptionalText(record.callType) &&
    isOptionalText(record.serviceType) &&
    (absent(record.billUnits) || isQuantityValue(record.billUnits)) &&
    (absent(record.moneyCharge) || isQuantityValue(record.moneyCharge)) &&
    (absent(record.bonusCharge) || isQuantityValue(record.bonusCharge)) &&
    (absent(record.endingBalance) || isQuantityValue(record.endingBalance)) &&
    (absent(record.endingBonusBalance) || isQuantityValue(record.endingBonusBalance)) &&
    (absent(record.correlationId) || isTextValue(record.correlationId)) &&
    (absent(record.serviceTime) || isQuantityValue(record.serviceTime)) &&
    (absent(record.clientTime) || isQuantityValue(record.clientTime))
  );
}

/** True when `data` passes `pageCheck` (see {@link isPlainSdr}). */
function isPlainPage(data: unknown): data is WirePage {
  if (!isPlainObject(data)) return false;
  const { sdrs } = data;
  return (
    isOptionalText(data.previous) &&
    isOptionalText(data.next) &&
    (absent(data.count) || isCount(data.count)) &&
    (absent(data.total) || isCount(data.total)) &&
    (absent(sdrs) || (Array.isArray(sdrs) && sdrs.every(isPlainSdr)))
  );
}

/** @internal Exposed for the test that holds {@link isPlainSdr} to `sdrCheck`. */
export const fastChecks = { isPlainSdr, isPlainPage, sdrCheck, pageCheck } as const;

/** What each typed record was read from, for `toCallRecord(sdr).raw`. */
const RECEIVED: unique symbol = Symbol('nimblevox.received');

/**
 * The record as Nimblevox sent it (the parsed JSON object, or the plain object made of the XML
 * element) for a typed `Sdr` that cdrkit read; undefined for one built by hand.
 */
export function receivedRecordOf(sdr: Sdr): unknown {
  return (sdr as Sdr & { [RECEIVED]?: unknown })[RECEIVED];
}

/** The fields `sdrSchema` names; every other field of a record is kept as sent. */
const KNOWN_FIELDS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'id',
  'href',
  'seqnum',
  'subscriber',
  'billStart',
  'billEnd',
  'callingParty',
  'calledParty',
  'callType',
  'serviceType',
  'billUnits',
  'moneyCharge',
  'bonusCharge',
  'endingBalance',
  'endingBonusBalance',
  'correlationId',
  'serviceTime',
  'clientTime',
  'customCallDataList',
]);

/** Text as sent; an empty value (JSON `""`, XML `<calledParty/>`) reads as null, like JSON null. */
const toText = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);

/** `Application_Outdial` (JSON) and `Application Outdial` (XML) both read `Application Outdial`. */
const toLabel = (value: string | null | undefined): string | null =>
  value === null || value === undefined || value.trim() === '' ? null : value.replace(/_/g, ' ').trim();

const toQuantity = (value: string | number | null | undefined): number | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  return value.trim() === '' ? null : Number(value);
};

const toMoney = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined ? null : canonicalDecimal(value);

/**
 * `null`, a missing field and an empty XML element (`''`, or attributes only) all mean "none":
 * `[]`. A JSON array is kept; a JSON object, or an XML element, is read as the list of its
 * entries: the repeated child elements, or the value itself.
 */
function toCustomCallData(value: unknown): JsonValue[] {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) return value as JsonValue[];
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([key]) => !key.startsWith('@_'));
    if (entries.length === 0) return [];
    const [first] = entries;
    if (entries.length === 1 && first !== undefined && typeof first[1] === 'object' && first[1] !== null) {
      return Array.isArray(first[1]) ? (first[1] as JsonValue[]) : [first[1] as JsonValue];
    }
  }
  return [value as JsonValue];
}

/** Builds the typed record from a validated wire record; `received` is what was sent. */
function toSdr(wire: WireSdr, received: unknown): Sdr {
  const sdr: Sdr = {
    id: typeof wire.id === 'number' ? wire.id : Number(wire.id),
    href: toText(wire.href),
    seqnum: toText(wire.seqnum),
    subscriber: toText(wire.subscriber),
    billStart: wire.billStart,
    billEnd: toText(wire.billEnd),
    callingParty: toText(wire.callingParty),
    calledParty: toText(wire.calledParty),
    callType: toLabel(wire.callType),
    serviceType: toLabel(wire.serviceType),
    billUnits: toQuantity(wire.billUnits),
    moneyCharge: toMoney(wire.moneyCharge),
    bonusCharge: toMoney(wire.bonusCharge),
    endingBalance: toMoney(wire.endingBalance),
    endingBonusBalance: toMoney(wire.endingBonusBalance),
    correlationId: toText(wire.correlationId),
    serviceTime: toQuantity(wire.serviceTime),
    clientTime: toQuantity(wire.clientTime),
    customCallDataList: toCustomCallData(wire.customCallDataList),
  };
  // The schema checks the fields it names; every other field is copied from what was sent.
  if (typeof received === 'object' && received !== null) {
    for (const field in received) {
      if (!KNOWN_FIELDS.has(field) && Object.hasOwn(received, field)) {
        sdr[field] = (received as Record<string, unknown>)[field];
      }
    }
  }
  // A non-enumerable symbol: invisible to JSON, spreads, keys and equality checks, and a third
  // of the cost of a WeakMap entry per record.
  Object.defineProperty(sdr, RECEIVED, { value: received });
  return sdr;
}

const toCount = (value: string | number | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * Validates a page (parsed JSON, or what the XML reader made) and reads it into typed records.
 * @throws ResponseFormatError naming the first field that does not match
 */
export function parseSdrPage(data: unknown, context: ParseContext): SdrPage {
  const page = validate(pageCheck, data, context, isPlainPage);
  const count = toCount(page.count);
  const total = toCount(page.total);
  if (page.sdrs === undefined && count !== 0 && total !== 0) {
    // An answer without `sdrs` is an empty page only when it says so; anything else (an error
    // object answered with 200, say) must not pass for "no records".
    throw new ResponseFormatError('Nimblevox answered a page without `sdrs`.', {
      kind: 'schema',
      path: 'sdrs',
      provider: context.provider,
      operation: context.operation,
      status: context.status,
    });
  }
  const received = (data as { sdrs?: unknown[] | null }).sdrs ?? [];
  return {
    previous: page.previous || null,
    next: page.next || null,
    count,
    total,
    sdrs: (page.sdrs ?? []).map((wire, index) => toSdr(wire, received[index])),
  };
}

/**
 * Validates one SDR (`GET /sdr/{id}`) and reads it into the typed record. Accepts the record
 * itself or the record wrapped as `{ sdr }` or `{ sdrs: [record] }`.
 * @throws ResponseFormatError naming the first field that does not match
 */
export function parseSdr(data: unknown, context: ParseContext): Sdr {
  let record = data;
  if (typeof data === 'object' && data !== null && !('id' in data)) {
    if ('sdr' in data) record = data.sdr;
    else if ('sdrs' in data && Array.isArray(data.sdrs) && data.sdrs.length === 1) record = data.sdrs[0];
  }
  return toSdr(validate(sdrCheck, record, context), record);
}
