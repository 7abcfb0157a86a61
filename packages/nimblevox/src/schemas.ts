/**
 * The SDR API's shapes: zod schemas of what Nimblevox sends (a page of SDRs, one SDR), the
 * typed `Sdr` they are read into (identical whether the answer was JSON or XML), and the fields
 * the doc documents, for drift reports.
 *
 * Reading policy (docs/reading-policy.md): an SDR is refused only without an `id` or without a
 * `billStart` that is a date. Every other field may be missing or null, and a scalar may come as
 * a number or as a string. The two formats disagree in the doc's own samples, so reading
 * normalizes what it can read, and keeps as sent what it cannot:
 *
 * | field | JSON sample | XML sample | typed `Sdr` |
 * |---|---|---|---|
 * | `id` | `3` | `id='3'` (attribute) | `3` (number; a non-numeric id stays the string sent) |
 * | `callType`, `serviceType` | `Application_Outdial` | `Application Outdial` | `Application Outdial` (`_` read as a space) |
 * | money fields | `0.00` (a JSON number: `0`) | `0.00` | `'0.00'` (decimal string, at least two decimals; other text as sent) |
 * | `customCallDataList` | `null` | `<customCallDataList/>` | `[]` |
 * | counts (`billUnits`, …) | `60` | `60` (text) | `60` (number; text that is not a number stays the string sent) |
 *
 * What Nimblevox sent, untouched by these rules, stays reachable as `toCallRecord(sdr).raw`.
 * @module
 */
import type { JsonValue } from '@cdrkit/core';
import { type DocumentedFields, isPlainObject, numberOrString } from '@cdrkit/core/provider';
import * as z from 'zod/mini';
import { MAX_PAGE_SIZE } from './options.js';

/**
 * One service detail record, as cdrkit reads it from a JSON or an XML answer: the same object
 * for both. Fields the doc does not list are kept under their own names, as sent.
 */
export interface Sdr {
  /**
   * Unique identification number of the session; the record's key. A number as the doc shows
   * it; an id that is not a whole number (which the doc never shows) is kept as the string sent.
   */
  id: number | string;
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
  /** The A-number, as sent (a number sent as a JSON number reads as its digits). */
  callingParty: string | null;
  /** The B-number, as sent. */
  calledParty: string | null;
  /** The type of call, with words apart: `Application Outdial`, `Incoming Call`. */
  callType: string | null;
  /** The type of service, with words apart: `Outbound Call`, `Inbound Call`. */
  serviceType: string | null;
  /** Units actually billed for this service instance (seconds for calls); text that is not a number, as sent. */
  billUnits: number | string | null;
  /** Money charged for the service: an exact decimal string with at least two decimals (text that is not a decimal, as sent). */
  moneyCharge: string | null;
  /** Bonus money charged for the service (exact decimal string). */
  bonusCharge: string | null;
  /** The subscriber's balance after the charges; may be negative (`'-392.15'`). */
  endingBalance: string | null;
  /** The subscriber's bonus balance after the bonus charges (exact decimal string). */
  endingBonusBalance: string | null;
  /** Correlates the record with external activity, usually the SIP Call-ID. */
  correlationId: string | null;
  /** Total time or volume used (seconds for calls); text that is not a number, as sent. */
  serviceTime: number | string | null;
  /** Time from service authorization to service tear down, in seconds; text that is not a number, as sent. */
  clientTime: number | string | null;
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
  /** The number of records in this page, as the answer states it. */
  count: number | null;
  /** The number of records matching the request (its whole date window). */
  total: number | null;
  /** This page's records, in the order Nimblevox sent them; empty for an empty page. */
  sdrs: Sdr[];
}

/** `yyyy-MM-ddTHH:mm`, the start of the doc's `yyyy-mm-ddThh:mi:ss` (a space for the `T` tolerated). */
const BILL_START = /^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
/** Something other than blanks. */
const NOT_BLANK = /\S/;

/** A documented scalar: a number or a string, or null or missing. */
const scalar = /* @__PURE__ */ z.optional(z.nullable(numberOrString));

/**
 * An SDR as Nimblevox sends it: the JSON object, or the plain object the XML reader makes of an
 * `<sdr>` element (attributes and child elements as fields, text values). Only `id` and
 * `billStart` are required; every other field may be missing, null, a number or a string.
 */
export const sdrSchema = /* @__PURE__ */ z.looseObject({
  /** Unique identification number of the session; the record's key. */
  id: z.union([z.number(), z.string().check(z.regex(NOT_BLANK, 'expected the SDR id'))]),
  /** The location of the SDR resource (`https://api.nimblevox.com/sdr/3`). */
  href: scalar,
  /** Sequence number of the record: a 30-character hex string. */
  seqnum: scalar,
  /** The Nimblevox Blast account number. */
  subscriber: scalar,
  /** Date and time the service was initiated: naive wall time in the client's `timeZone`. */
  billStart: z.string().check(z.regex(BILL_START, 'expected yyyy-MM-ddTHH:mm:ss')),
  /** Date and time the service was terminated. */
  billEnd: scalar,
  /** The A-number. */
  callingParty: scalar,
  /** The B-number. */
  calledParty: scalar,
  /** The type of call: `Application_Outdial` (JSON), `Application Outdial` (XML). */
  callType: scalar,
  /** The type of service: `Outbound_Call` (JSON), `Outbound Call` (XML). */
  serviceType: scalar,
  /** Units actually billed for this service instance (seconds for calls). */
  billUnits: scalar,
  /** Money charged for the service. */
  moneyCharge: scalar,
  /** Bonus money charged for the service. */
  bonusCharge: scalar,
  /** The subscriber's balance after the charges; may be negative. */
  endingBalance: scalar,
  /** The subscriber's bonus balance after the bonus charges. */
  endingBonusBalance: scalar,
  /** Correlates the record with external activity, usually the SIP Call-ID. */
  correlationId: scalar,
  /** Total time or volume used (seconds for calls). */
  serviceTime: scalar,
  /** Time from service authorization to service tear down, in seconds. */
  clientTime: scalar,
  /** Custom call data provisioned by your application: null, a list, or an XML element. */
  customCallDataList: z.optional(z.unknown()),
});

/**
 * `sdrSchema` without the copy of unknown fields, for reading pages: the typed record takes
 * those from the record as sent, so zod need not copy them first.
 */
export const sdrCheck = /* @__PURE__ */ z.object(sdrSchema.shape);

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
  count: scalar,
  /** The number of records matching the request (its whole date window). */
  total: scalar,
  /** This page's records, in the order Nimblevox sent them; empty for an empty page. */
  sdrs: z.optional(z.nullable(z.array(sdrSchema))),
});

/** `sdrPageSchema` that checks its records with `sdrCheck`. */
export const pageCheck = /* @__PURE__ */ z.object({
  ...sdrPageSchema.shape,
  sdrs: z.optional(z.nullable(z.array(sdrCheck))),
});

/** The SDR fields that `scalar` checks. */
const SCALAR_FIELDS = [
  'href',
  'seqnum',
  'subscriber',
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
] as const;

const isScalar = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value));
const isOptionalText = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === 'string';

/**
 * `sdrCheck`'s rules written out, for core's `validate(…, accepts)`: never true where `sdrCheck`
 * fails (a property test holds it to agree), and cheaper than zod for every record of a page.
 */
function isPlainSdr(record: unknown): boolean {
  if (!isPlainObject(record)) return false;
  const { id, billStart } = record;
  if (!((typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && NOT_BLANK.test(id))))
    return false;
  if (typeof billStart !== 'string' || !BILL_START.test(billStart)) return false;
  for (const field of SCALAR_FIELDS) if (!isScalar(record[field])) return false;
  return true;
}

/** True when `data` passes `pageCheck` (see {@link isPlainSdr}). */
function isPlainPage(data: unknown): data is z.output<typeof pageCheck> {
  if (!isPlainObject(data)) return false;
  const { sdrs } = data;
  return (
    isOptionalText(data.previous) &&
    isOptionalText(data.next) &&
    isScalar(data.count) &&
    isScalar(data.total) &&
    (sdrs === undefined || sdrs === null || (Array.isArray(sdrs) && sdrs.every(isPlainSdr)))
  );
}

/** @internal The written-out checks, and the schemas a test holds them to. */
export const fastChecks = { isPlainSdr, isPlainPage, sdrCheck, pageCheck } as const;

/** A JSON SDR's fields with the types of the doc's JSON sample and field table. */
export const DOCUMENTED_JSON_SDR: DocumentedFields = {
  id: 'number',
  href: 'string',
  seqnum: 'string',
  subscriber: 'string',
  billStart: 'string',
  billEnd: 'string',
  callingParty: 'string',
  calledParty: 'string',
  callType: 'string',
  serviceType: 'string',
  billUnits: 'number',
  moneyCharge: 'number',
  bonusCharge: 'number',
  endingBalance: 'number',
  endingBonusBalance: 'number',
  correlationId: 'string',
  serviceTime: 'number',
  clientTime: 'number',
  // "Lists any custom call data": null in the sample when there is none.
  customCallDataList: ['null', 'array'],
};

/** A JSON page's envelope: `previous` and `next` are null at either end. */
export const DOCUMENTED_JSON_PAGE: DocumentedFields = {
  previous: ['string', 'null'],
  next: ['string', 'null'],
  count: 'number',
  total: 'number',
  sdrs: 'array',
};

/** An XML SDR as the reader makes it: text for every field; the list an empty element or its entries. */
export const DOCUMENTED_XML_SDR: DocumentedFields = {
  id: 'string',
  href: 'string',
  seqnum: 'string',
  subscriber: 'string',
  billStart: 'string',
  billEnd: 'string',
  callingParty: 'string',
  calledParty: 'string',
  callType: 'string',
  serviceType: 'string',
  billUnits: 'string',
  moneyCharge: 'string',
  bonusCharge: 'string',
  endingBalance: 'string',
  endingBonusBalance: 'string',
  correlationId: 'string',
  serviceTime: 'string',
  clientTime: 'string',
  customCallDataList: ['string', 'object'],
};

/** An XML page as the reader makes it: the links by their `rel` (null when absent), text counts. */
export const DOCUMENTED_XML_PAGE: DocumentedFields = {
  previous: ['string', 'null'],
  next: ['string', 'null'],
  count: 'string',
  total: 'string',
  sdrs: 'array',
};

const pageSize = /* @__PURE__ */ z.int().check(z.minimum(1), z.maximum(MAX_PAGE_SIZE));

/** The cursor's `q`: a `listSdrs` call's page size (`max`), party filters and format. */
export const paramsSchema = /* @__PURE__ */ z.object({
  max: pageSize,
  callingParty: z.optional(z.string()),
  calledParty: z.optional(z.string()),
  format: z.enum(['json', 'xml']),
});

/** A `listSdrs` call's parameters. */
export type SdrParams = z.output<typeof paramsSchema>;

/** The cursor's `at`: the offset of a page inside its window, and the `max` a `next` link set. */
export const positionSchema = /* @__PURE__ */ z.object({
  offset: z.int().check(z.minimum(0)),
  max: z.optional(pageSize),
});

/** Where a page lies inside its window; `max` only where a link changed it from the call's. */
export type SdrPosition = z.output<typeof positionSchema>;
