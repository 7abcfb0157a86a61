/**
 * getCalls on the wire: the request for a window's days, and its answer, JSON (tolerating
 * MIXvoip's raw line breaks inside strings) or CSV, read into the same records, with drift.
 * @module
 */
import { ResponseFormatError } from '@cdrkit/core';
import {
  type DriftMonitor,
  type HttpRequest,
  type ParseContext,
  parseJson,
  validate,
} from '@cdrkit/core/provider';
import { countCsvRecords, parseMixvoipCsv } from './csv.js';
import { attachIds, parseCallStart } from './normalize.js';
import type { DayWindow } from './paging.js';
import {
  DOCUMENTED_DATA,
  DOCUMENTED_DATA_WITH_END,
  DOCUMENTED_RECORD,
  getAnswerSchema,
  isPlainAnswer,
  type MixvoipParams,
  type MixvoipRecord,
  type MixvoipWireRecord,
} from './schemas.js';

/**
 * The request for a window's days: `GET /cdrs/getcalls/{profile}/{start}/{end}[/csv]`, the
 * credentials in the query (the API's only way; the client registers the password as a secret).
 */
export function callsRequest(
  params: MixvoipParams,
  window: DayWindow,
  credentials: { userName: string; password: string },
  operation: string,
  signal: AbortSignal | undefined,
): HttpRequest {
  const profile = encodeURIComponent(params.profileId);
  const csv = params.format === 'csv' ? '/csv' : '';
  return {
    operation,
    method: 'GET',
    path: `/cdrs/getcalls/${profile}/${window.startDay}/${window.endDay}${csv}`,
    query: { username: credentials.userName, password: credentials.password },
    signal,
  };
}

/** What reading an answer needs beside its body. */
export interface ReadOptions {
  /** The wire format asked for. */
  format: 'json' | 'csv';
  /** Provider, operation, status and secrets, for errors. */
  context: ParseContext;
  /** Redacts credentials from text quoted in an error. */
  redact: (text: string) => string;
  /** Where drift goes (the client's `HttpClient.drift`). */
  drift: DriftMonitor;
  /**
   * An answer holding this many records or more is only counted, not checked or returned: the
   * caller (getCalls' `maxRecordsPerAnswer`) asks for its window again in parts, which are read.
   */
  countOnlyFrom?: number;
}

/** What {@link readRecords} read: the records, and how many the answer held. */
export interface ReadAnswer {
  /** The answer's records; empty when it was only counted (`received >= countOnlyFrom`). */
  records: MixvoipWireRecord[];
  /** Records the answer held. */
  received: number;
}

/**
 * Reads a 2xx answer into records, checked against the doc: each record is refused only
 * without `data.call_start`; whatever else differs is reported to `drift`. An answer that
 * reaches `countOnlyFrom` is only counted (see {@link ReadOptions.countOnlyFrom}).
 * @throws ResponseFormatError for a body that does not parse or a record without call_start
 */
export function readRecords(body: string, options: ReadOptions): ReadAnswer {
  const { format, context, drift, countOnlyFrom = Number.POSITIVE_INFINITY } = options;
  let records: MixvoipWireRecord[];
  if (format === 'csv') {
    const received = countCsvRecords(body);
    if (received >= countOnlyFrom) return { records: [], received };
    records = parseMixvoipCsv(body, { operation: context.operation, redact: options.redact });
  } else {
    const text = stripBom(body);
    if (text.trim() === '') return { records: [], received: 0 };
    const data = listOf(parseLenientJson(text, context));
    if (Array.isArray(data) && data.length >= countOnlyFrom) return { records: [], received: data.length };
    validate(getAnswerSchema(), data, context, isPlainAnswer);
    // the schema has no transforms: keep the parsed objects themselves, key order and all
    records = data as MixvoipWireRecord[];
  }
  if (drift.active) {
    for (const record of records) {
      drift.checkRecord(context.operation, '[]', record, DOCUMENTED_RECORD);
      const documented = record.data.call_end === undefined ? DOCUMENTED_DATA : DOCUMENTED_DATA_WITH_END;
      drift.checkRecord(context.operation, '[].data', record.data, documented);
    }
  }
  return { records, received: records.length };
}

/**
 * The records whose call_start lies in `[from, to)` (the API answers whole days), with their ids.
 * @throws ResponseFormatError for a call_start that is not a date: it cannot be placed
 */
export function keepInWindow(
  records: readonly MixvoipWireRecord[],
  window: { from: number; to: number },
  timeZone: string,
  operation: string,
): MixvoipRecord[] {
  const kept: MixvoipWireRecord[] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as MixvoipWireRecord;
    const start = parseCallStart(record.data.call_start, timeZone);
    if (Number.isNaN(start)) {
      throw new ResponseFormatError(
        `MIXvoip ${operation}: record ${index} has a call_start that is not a date, so it cannot be placed in the range.`,
        { provider: 'mixvoip', operation, kind: 'schema', path: `[${index}].data.call_start` },
      );
    }
    if (start >= window.from && start < window.to) kept.push(record);
  }
  return attachIds(kept);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * `JSON.parse`, and when it fails, again after replacing raw control characters inside string
 * literals with a space: MIXvoip's own sample has a raw line break inside `call_start`
 * (`"2021-06-29⏎08:13:50"`), which JSON does not allow. The repair only runs when the fast path
 * fails; anything still unreadable is a `ResponseFormatError` of kind `syntax`.
 */
export function parseLenientJson(text: string, context: ParseContext): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseJson(replaceControlCharactersInStrings(text), context);
  }
}

/** Replaces every raw control character (U+0000–U+001F) inside a JSON string literal with a space. */
export function replaceControlCharactersInStrings(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!inString) {
      if (code === 0x22) inString = true;
    } else if (code === 0x5c) {
      i++; // an escape: skip the escaped character
    } else if (code === 0x22) {
      inString = false;
    } else if (code < 0x20) {
      out += `${text.slice(copiedUpTo, i)} `;
      copiedUpTo = i + 1;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/**
 * The records of a parsed answer: an array, or the object PHP's `json_encode` makes of an array
 * whose indexes have gaps (`{"0":…,"2":…}`); `null` is no records.
 */
function listOf(data: unknown): unknown {
  if (data === null) return [];
  if (typeof data !== 'object' || Array.isArray(data)) return data;
  const keys = Object.keys(data);
  if (!keys.every((key) => /^\d+$/.test(key))) return data;
  return keys.sort((a, b) => Number(a) - Number(b)).map((key) => (data as Record<string, unknown>)[key]);
}
