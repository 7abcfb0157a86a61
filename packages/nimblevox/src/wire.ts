/**
 * The SDR API on the wire: the requests of `GET /sdr` and `GET /sdr/{id}`, and their answers
 * (JSON, or XML through the lazily loaded reader) validated into typed `Sdr`s (the rules are in
 * `schemas.ts`), with what differs from the doc reported as drift.
 * @module
 */
import {
  formatProviderDate,
  type JsonValue,
  parseProviderDate,
  ResponseFormatError,
  toDecimalString,
} from '@cdrkit/core';
import {
  coverRepeatedWallTimes,
  type DocumentedFields,
  type DriftMonitor,
  type HttpRequest,
  type HttpResponse,
  type ParseContext,
  parseJson,
  readNumber,
  validate,
} from '@cdrkit/core/provider';
import type * as z from 'zod/mini';
import type { SdrFormat } from './options.js';
import { positionOf, type SdrRequest } from './paging.js';
import {
  DOCUMENTED_JSON_PAGE,
  DOCUMENTED_JSON_SDR,
  DOCUMENTED_XML_PAGE,
  DOCUMENTED_XML_SDR,
  fastChecks,
  pageCheck,
  type Sdr,
  type SdrPage,
  sdrCheck,
} from './schemas.js';
import type { SdrXmlReader } from './xml.js';

const ACCEPT: Record<SdrFormat, string> = { json: 'application/json', xml: 'application/xml' };
/** The doc's `yyyy-mm-ddThh:mi:ss`. */
const DATE_PATTERN = "yyyy-MM-dd'T'HH:mm:ss";
const SECOND = 1000;

/**
 * The request of one `GET /sdr` page. The doc's `endDate` is inclusive to the second: ask for
 * [start, last second before the window's end] (or past a fall-back hour the window ends in,
 * whose second pass reads as its first); {@link inWindow} drops what lies outside the window.
 */
export function sdrPageRequest(request: SdrRequest, apiKey: string, timeZone: string): HttpRequest {
  const { params, window } = request;
  const { offset, max } = positionOf(request);
  const lastSecond = Math.ceil(window.to / SECOND) * SECOND - SECOND;
  const endDate = coverRepeatedWallTimes(window.from, window.to, lastSecond, timeZone);
  return {
    operation: 'listSdrs',
    method: 'GET',
    path: '/sdr',
    query: {
      apiKey,
      startDate: formatProviderDate(new Date(window.from), DATE_PATTERN, timeZone),
      endDate: formatProviderDate(new Date(endDate), DATE_PATTERN, timeZone),
      callingParty: params.callingParty,
      calledParty: params.calledParty,
      max,
      offset: offset === 0 ? undefined : offset,
    },
    headers: { Accept: ACCEPT[params.format] },
  };
}

/** The request of `GET /sdr/{id}`; `id` is checked digits. */
export function sdrRequest(id: string, format: SdrFormat, apiKey: string): HttpRequest {
  return {
    operation: 'getSdr',
    method: 'GET',
    path: `/sdr/${id}`,
    query: { apiKey },
    headers: { Accept: ACCEPT[format] },
  };
}

/** Reads a JSON answer, or says plainly that it is not one. */
function readJsonBody(body: string, context: ParseContext): unknown {
  if (body.trimStart().startsWith('<')) {
    throw new ResponseFormatError(
      "Nimblevox answered XML (or HTML) to a request for JSON: pass `format: 'xml'` if your account only answers XML.",
      { kind: 'schema', provider: context.provider, operation: context.operation, status: context.status },
    );
  }
  return parseJson(body, context);
}

/** The answer parsed: JSON when no XML reader is given or the body is JSON anyway, else XML. */
function readBody(
  response: HttpResponse,
  context: ParseContext,
  xml: ((text: string) => unknown) | undefined,
): { data: unknown; format: SdrFormat } {
  if (xml === undefined || response.body.trimStart().startsWith('{')) {
    return { data: readJsonBody(response.body, context), format: 'json' };
  }
  return { data: xml(response.body), format: 'xml' };
}

/** Reads a `GET /sdr` answer into a typed page, reporting drift. */
export function readSdrPage(
  response: HttpResponse,
  context: ParseContext,
  xml: SdrXmlReader | undefined,
  drift: DriftMonitor,
): SdrPage {
  const { data, format } = readBody(response, context, xml?.page);
  const page = parseSdrPage(data, context);
  if (drift.active) reportPageDrift(drift, data, format);
  return page;
}

/** Reads a `GET /sdr/{id}` answer into the typed record, reporting drift. */
export function readSdr(
  response: HttpResponse,
  context: ParseContext,
  xml: SdrXmlReader | undefined,
  drift: DriftMonitor,
): Sdr {
  const { data, format } = readBody(response, context, xml?.sdr);
  const sdr = parseSdr(data, context);
  if (drift.active) reportSdrDrift(drift, unwrapSdr(data), format);
  return sdr;
}

/**
 * The SDRs whose `billStart`, read in `timeZone`, lies in the window.
 * @throws ResponseFormatError for a `billStart` that is not a date
 */
export function inWindow(sdrs: Sdr[], window: { from: number; to: number }, timeZone: string): Sdr[] {
  return sdrs.filter((sdr, index) => {
    const start = parseProviderDate(sdr.billStart, timeZone);
    if (Number.isNaN(start)) {
      throw new ResponseFormatError('Nimblevox sent an SDR whose billStart is not a date.', {
        kind: 'schema',
        path: `sdrs[${index}].billStart`,
        provider: 'nimblevox',
        operation: 'listSdrs',
      });
    }
    return start >= window.from && start < window.to;
  });
}

/** A decimal as text: `0.03`, `-392.15`, `.5`; surrounding blanks tolerated. */
const DECIMAL_TEXT = /^\s*([-+]?)(\d*)(?:\.(\d*))?\s*$/;
/** The output of {@link canonicalDecimal}: no leading zeros, two decimals or more (no trailing zero past two), no `-0.00`. */
const CANONICAL_DECIMAL = /^(?:-(?!0\.0+$))?(?:0|[1-9]\d*)\.(?:\d\d|\d{2,}[1-9])$/;

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
  // Already canonical (what parseSdr stores, read again by toCallRecord): one test, no rewrite.
  if (typeof value === 'string' && CANONICAL_DECIMAL.test(value)) return value;
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

/** What each typed record was read from, for `toCallRecord(sdr).raw`. */
const RECEIVED: unique symbol = Symbol('nimblevox.received');

/**
 * The record as Nimblevox sent it (the parsed JSON object, or the plain object made of the XML
 * element) for a typed `Sdr` that cdrkit read; undefined for one built by hand.
 */
export function receivedRecordOf(sdr: Sdr): unknown {
  return (sdr as Sdr & { [RECEIVED]?: unknown })[RECEIVED];
}

type Scalar = string | number | null | undefined;

/** Text as sent (a number as its digits); an empty value (JSON `""`, XML `<calledParty/>`) reads as null. */
const toText = (value: Scalar): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);

/** `Application_Outdial` (JSON) and `Application Outdial` (XML) both read `Application Outdial`. */
const toLabel = (value: Scalar): string | null => {
  const text = toText(value)?.replace(/_/g, ' ').trim();
  return text === undefined || text === '' ? null : text;
};

/** A number, or its text; blank is null; other text is kept as sent. */
const toQuantity = (value: Scalar): number | string | null => {
  if (value === null || value === undefined || typeof value === 'number') return value ?? null;
  return value.trim() === '' ? null : (readNumber(value) ?? value);
};

/** A canonical decimal string; blank is null; text that is not a decimal is kept as sent. */
const toMoney = (value: Scalar): string | null => {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
    return null;
  return canonicalDecimal(value) ?? String(value);
};

/** The doc's numeric id as a number (XML sends it as text); any other id as the string sent. */
const toId = (value: string | number): number | string => {
  if (typeof value === 'number') return value;
  const digits = value.trim();
  return /^\d+$/.test(digits) && Number.isSafeInteger(Number(digits)) ? Number(digits) : value;
};

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

type WireSdr = z.output<typeof sdrCheck>;

/** The fields `sdrSchema` names; every other field of a record is kept as sent. */
const KNOWN_FIELDS: ReadonlySet<string> = /* @__PURE__ */ new Set(Object.keys(DOCUMENTED_JSON_SDR));

/** Builds the typed record from a validated wire record; `received` is what was sent. */
function toSdr(wire: WireSdr, received: unknown): Sdr {
  const sdr: Sdr = {
    id: toId(wire.id),
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

/** A count as a whole number; null when absent or not one. */
const toCount = (value: Scalar): number | null => {
  const count = readNumber(value);
  return count !== null && Number.isSafeInteger(count) && count >= 0 ? count : null;
};

/**
 * Validates a page (parsed JSON, or what the XML reader made) and reads it into typed records.
 * @throws ResponseFormatError naming the first record field that makes a record unusable (a
 *   missing `id` or `billStart`), or a page that is not a page
 */
export function parseSdrPage(data: unknown, context: ParseContext): SdrPage {
  const page = validate(pageCheck, data, context, fastChecks.isPlainPage);
  const count = toCount(page.count);
  const total = toCount(page.total);
  if ((page.sdrs === undefined || page.sdrs === null) && count !== 0 && total !== 0) {
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
 * @throws ResponseFormatError naming the first field that makes the record unusable
 */
export function parseSdr(data: unknown, context: ParseContext): Sdr {
  const record = unwrapSdr(data);
  return toSdr(validate(sdrCheck, record, context, fastChecks.isPlainSdr), record);
}

/** The record of a `GET /sdr/{id}` answer: itself, or the one inside `{ sdr }` or `{ sdrs: [record] }`. */
function unwrapSdr(data: unknown): unknown {
  if (typeof data === 'object' && data !== null && !('id' in data)) {
    if ('sdr' in data) return data.sdr;
    if ('sdrs' in data && Array.isArray(data.sdrs) && data.sdrs.length === 1) return data.sdrs[0];
  }
  return data;
}

/** The documented shapes of one format: the page's envelope and its records. */
const DOCUMENTED: Record<'json' | 'xml', { page: DocumentedFields; sdr: DocumentedFields }> = {
  json: { page: DOCUMENTED_JSON_PAGE, sdr: DOCUMENTED_JSON_SDR },
  xml: { page: DOCUMENTED_XML_PAGE, sdr: DOCUMENTED_XML_SDR },
};

/**
 * Reports what a page (as parsed, before typing) holds beyond the doc: the envelope's fields
 * and each record's, by path (`total`, `sdrs[].billUnits`). Call it only when `drift.active`.
 */
function reportPageDrift(drift: DriftMonitor, data: unknown, format: 'json' | 'xml'): void {
  const documented = DOCUMENTED[format];
  drift.checkRecord('listSdrs', '', data, documented.page);
  const sdrs = (data as { sdrs?: unknown } | null)?.sdrs;
  if (Array.isArray(sdrs))
    for (const sdr of sdrs) drift.checkRecord('listSdrs', 'sdrs[]', sdr, documented.sdr);
}

/** Reports what one SDR of `GET /sdr/{id}` holds beyond the doc, by field name. */
function reportSdrDrift(drift: DriftMonitor, record: unknown, format: 'json' | 'xml'): void {
  drift.checkRecord('getSdr', '', record, DOCUMENTED[format].sdr);
}
